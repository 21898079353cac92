//! Settings read straight off one resource attribute, remembering which attribute
//! declared them so a finding on the setting lands on that line rather than on the
//! resource.

use std::collections::BTreeMap;

use super::read::Field;
use crate::model::estate::SourceRef;
use crate::model::{key, RawResource};

/// The three-state places a setting is written to.
pub(super) struct Slots<'a> {
    pub unknown: &'a mut Vec<&'static str>,
    pub sources: &'a mut BTreeMap<&'static str, SourceRef>,
}

impl Slots<'_> {
    /// Stores `field` (read from `resource`'s `attr`) as `name`, and records `attr` as
    /// where it was declared when the attribute is present at all.
    pub fn store<T>(
        &mut self,
        resource: &RawResource,
        attr: &str,
        name: &'static str,
        field: Field<T>,
        slot: &mut Option<T>,
    ) {
        if !matches!(field, Field::Absent) {
            self.sources.insert(
                name,
                SourceRef {
                    id: resource.id.clone(),
                    path: vec![key(attr)],
                },
            );
        }
        field.store(slot, name, self.unknown);
    }
}
