//! (being written)
use super::ResourceIndex;

pub fn normalise(_index: &ResourceIndex) -> Vec<crate::model::estate::DataStore> {
    Vec::new()
}
