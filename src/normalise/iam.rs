//! (being written)
use super::ResourceIndex;
use crate::diagnostics::Notification;

pub fn normalise(_index: &ResourceIndex, _notes: &mut Vec<Notification>) -> crate::model::estate::Iam {
    crate::model::estate::Iam::default()
}
