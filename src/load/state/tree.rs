//! Span-carrying JSON → attribute [`Value`]s, recording where each attribute is.

use std::collections::BTreeMap;

use crate::load::cfn::node::{Kind, Node};
use crate::model::value::{AttrPath, Map, PathSegment, Value};
use crate::source::Span;

/// Converts an attributes object, recording the span of every member and list item
/// below it (from its key to the end of its value), so a finding on
/// `ingress[1].cidr_blocks` points at that line of the export.
pub(super) fn attributes(node: &Node) -> (Value, BTreeMap<AttrPath, Span>) {
    let (value, spans) = placed(node);
    let value = match value {
        map @ Value::Map(_) => map,
        // Policies index attributes by name: a resource without them is an empty map.
        _ => Value::Map(Map::new()),
    };
    (value, spans)
}

/// Any JSON value with the spans of its members and items (the live exports' policy
/// documents use it too).
pub(crate) fn placed(node: &Node) -> (Value, BTreeMap<AttrPath, Span>) {
    let mut spans = BTreeMap::new();
    let value = convert(node, &mut Vec::new(), &mut spans);
    (value, spans)
}

fn convert(node: &Node, path: &mut AttrPath, spans: &mut BTreeMap<AttrPath, Span>) -> Value {
    match &node.kind {
        Kind::Null | Kind::Tagged(..) => Value::Null,
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Number(n) => Value::Number(n.clone()),
        Kind::String(s) => Value::String(s.clone()),
        Kind::Seq(items) => Value::List(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    path.push(PathSegment::Index(i));
                    spans.insert(path.clone(), item.span);
                    let value = convert(item, path, spans);
                    path.pop();
                    value
                })
                .collect(),
        ),
        Kind::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|entry| {
                    path.push(PathSegment::Key(entry.key.clone()));
                    spans.insert(path.clone(), entry.span());
                    let value = convert(&entry.value, path, spans);
                    path.pop();
                    (entry.key.clone(), value)
                })
                .collect(),
        ),
    }
}
