//! Lookup of a scan unit's resources by id, type, and the values other resources use
//! to refer to them.

use std::collections::BTreeMap;

use crate::model::{RawResource, Value};

pub struct ResourceIndex<'a> {
    pub resources: &'a [RawResource],
    by_id: BTreeMap<&'a str, &'a RawResource>,
}

impl<'a> ResourceIndex<'a> {
    pub fn new(resources: &'a [RawResource]) -> Self {
        let by_id = resources.iter().map(|r| (r.id.as_str(), r)).collect();
        ResourceIndex { resources, by_id }
    }

    pub fn get(&self, id: &str) -> Option<&'a RawResource> {
        self.by_id.get(id).copied()
    }

    /// Resources of any of the given types, in load order.
    pub fn of_kind<'s>(&'s self, kinds: &'s [&str]) -> impl Iterator<Item = &'a RawResource> + 's {
        self.resources
            .iter()
            .filter(move |r| kinds.contains(&r.kind.as_str()))
    }

    /// The resource a value refers to, among `candidates` types: through the ids an
    /// unknown value recorded, or by a known value equal to a candidate's `id`, `name`,
    /// `bucket` or `arn` attribute (an existing resource in an update plan).
    pub fn referenced(&self, value: &Value, candidates: &[&str]) -> Option<&'a RawResource> {
        match value {
            Value::Unknown(unknown) => unknown
                .refs
                .iter()
                .filter_map(|id| self.get(id))
                .find(|r| candidates.contains(&r.kind.as_str())),
            Value::String(text) => self.of_kind(candidates).find(|r| {
                r.id == *text
                    || ["id", "name", "bucket", "arn"]
                        .iter()
                        .any(|key| r.attr(key).and_then(Value::as_str) == Some(text.as_str()))
            }),
            _ => None,
        }
    }
}
