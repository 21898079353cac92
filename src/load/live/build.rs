//! Building Terraform-shaped attributes from an export, keeping for every attribute the
//! place in the export it was read from (which may be another file of the unit than the
//! resource's own: a key's rotation status comes from its own CLI call).

use std::collections::BTreeMap;

use crate::load::cfn::node::Node;
use crate::model::value::{AttrPath, Map, PathSegment, Value};
use crate::model::RawResource;
use crate::source::Span;

/// A place in the unit's files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    pub file: usize,
    pub span: Span,
}

impl At {
    pub fn new(file: usize, span: Span) -> Self {
        At { file, span }
    }
}

/// An attribute value with the places of its parts, relative to itself.
#[derive(Clone, Debug)]
pub struct Val {
    pub value: Value,
    spans: Vec<(AttrPath, At)>,
}

impl Val {
    pub fn of(value: Value) -> Val {
        Val {
            value,
            spans: Vec::new(),
        }
    }

    pub fn text(text: &str) -> Val {
        Val::of(Value::String(text.to_owned()))
    }

    pub fn int(n: i64) -> Val {
        Val::of(Value::Number(n.into()))
    }

    pub fn bool(b: bool) -> Val {
        Val::of(Value::Bool(b))
    }

    /// What the export does not say, with why: policies report it as undecided.
    pub fn not_exported(why: &str) -> Val {
        Val::of(Value::unknown(why, Vec::new()))
    }

    pub fn list(items: Vec<(Val, At)>) -> Val {
        let mut spans = Vec::new();
        let mut values = Vec::with_capacity(items.len());
        for (i, (item, at)) in items.into_iter().enumerate() {
            spans.push((vec![PathSegment::Index(i)], at));
            spans.extend(item.spans.into_iter().map(|(mut path, at)| {
                path.insert(0, PathSegment::Index(i));
                (path, at)
            }));
            values.push(item.value);
        }
        Val {
            value: Value::List(values),
            spans,
        }
    }

    /// A list of strings, each placed where it was read.
    pub fn texts(items: Vec<(String, At)>) -> Val {
        Val::list(
            items
                .into_iter()
                .map(|(text, at)| (Val::of(Value::String(text)), at))
                .collect(),
        )
    }

    /// A JSON subtree as it is (a policy document), every member and item placed.
    pub fn tree(node: &Node, file: usize) -> Val {
        let (value, spans) = crate::load::state::tree::placed(node);
        Val {
            value,
            spans: spans
                .into_iter()
                .map(|(path, span)| (path, At::new(file, span)))
                .collect(),
        }
    }
}

/// The attributes of one Terraform-shaped resource (or block) being built.
#[derive(Clone, Debug, Default)]
pub struct Attrs {
    map: Map,
    spans: Vec<(AttrPath, At)>,
}

impl Attrs {
    pub fn new() -> Self {
        Attrs::default()
    }

    /// Sets `key`, placed at `at`; its parts keep their own places.
    pub fn put(&mut self, key: &str, val: Val, at: At) -> &mut Self {
        self.spans
            .retain(|(path, _)| path.first() != Some(&PathSegment::Key(key.to_owned())));
        self.spans
            .push((vec![PathSegment::Key(key.to_owned())], at));
        self.spans
            .extend(val.spans.into_iter().map(|(mut path, at)| {
                path.insert(0, PathSegment::Key(key.to_owned()));
                (path, at)
            }));
        self.map.insert(key.to_owned(), val.value);
        self
    }

    pub fn text(&mut self, key: &str, text: &str, at: At) -> &mut Self {
        self.put(key, Val::text(text), at)
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    pub fn into_val(self) -> Val {
        Val {
            value: Value::Map(self.map),
            spans: self.spans,
        }
    }

    /// The finished resource, declared at `at`.
    pub fn resource(self, id: &str, kind: &str, at: At) -> RawResource {
        let mut resource = RawResource::new(id, kind, Value::Map(self.map), at.span);
        resource.file = at.file;
        let mut spans = BTreeMap::new();
        let mut files = BTreeMap::new();
        for (path, place) in self.spans {
            if place.file != at.file {
                files.insert(path.clone(), place.file);
            }
            spans.insert(path, place.span);
        }
        resource.attribute_spans = spans;
        resource.attribute_files = files;
        resource
    }
}

/// Adds `attrs` to a resource already built (a patch read from another file).
pub fn patch(resource: &mut RawResource, attrs: Attrs) {
    let Value::Map(map) = &mut resource.attributes else {
        return;
    };
    for (key, value) in attrs.map {
        let top = PathSegment::Key(key.clone());
        resource
            .attribute_spans
            .retain(|path, _| path.first() != Some(&top));
        resource
            .attribute_files
            .retain(|path, _| path.first() != Some(&top));
        map.insert(key, value);
    }
    for (path, place) in attrs.spans {
        if place.file != resource.file {
            resource.attribute_files.insert(path.clone(), place.file);
        }
        resource.attribute_spans.insert(path, place.span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_keep_their_places_and_files() {
        let mut block = Attrs::new();
        block.put(
            "cidr_blocks",
            Val::texts(vec![("0.0.0.0/0".into(), At::new(0, Span::new(5, 9)))]),
            At::new(0, Span::new(4, 10)),
        );
        let mut attrs = Attrs::new();
        attrs.put(
            "ingress",
            Val::list(vec![(block.into_val(), At::new(0, Span::new(3, 11)))]),
            At::new(0, Span::new(1, 12)),
        );
        attrs.put(
            "enable_key_rotation",
            Val::bool(false),
            At::new(2, Span::new(7, 8)),
        );
        let resource = attrs.resource("sg-1", "aws_security_group", At::new(0, Span::new(0, 20)));
        let path = vec![
            PathSegment::Key("ingress".into()),
            PathSegment::Index(0),
            PathSegment::Key("cidr_blocks".into()),
            PathSegment::Index(0),
        ];
        assert_eq!(resource.location_of(&path), (0, Span::new(5, 9)));
        assert_eq!(
            resource.location_of(&[PathSegment::Key("enable_key_rotation".into())]),
            (2, Span::new(7, 8))
        );
        assert_eq!(resource.location_of(&[]), (0, Span::new(0, 20)));
    }
}
