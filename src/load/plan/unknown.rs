//! Merges `after_unknown` into attribute values.
//!
//! Terraform leaves unknown attributes out of `values`/`after` (or writes `null` for an
//! unknown list element, so indexes still line up) and marks them in `after_unknown`, a
//! mirror of the value's shape in which `true` means "known after apply". Without the
//! merge, a policy would read a missing `security_group_id` as *absent* and an unknown
//! `cidr_blocks` element as `null` — both wrong. Only the marks are trusted: a value is
//! never invented, only replaced by (or added as) an explicit unknown.

use serde_json::Value as Json;

use crate::model::value::{AttrPath, PathSegment, Value};

/// Where an unknown value would come from, for messages.
pub(super) const ORIGIN: &str = "known after apply";

/// Merges `mask` (an `after_unknown` value) into `value`, appending the path of every
/// unknown it makes to `made` (so that linking them to resources, which needs the merged
/// value, visits exactly those). Recursion is bounded by serde_json's nesting limit on
/// `mask`.
pub(super) fn merge(value: &mut Value, mask: &Json, path: &mut AttrPath, made: &mut Vec<AttrPath>) {
    match (mask, &mut *value) {
        (Json::Bool(true), _) => *value = unknown(path, made),
        (Json::Object(marks), Value::Map(map)) => {
            for (key, mark) in marks {
                path.push(PathSegment::Key(key.clone()));
                match map.get_mut(key) {
                    Some(inner) if !inner.is_null() => merge(inner, mark, path, made),
                    // Absent (or null) but with something unknown inside: the structure
                    // is not in the plan, so the whole attribute is what is unknown.
                    _ if has_unknown(mark) => {
                        map.insert(key.clone(), unknown(path, made));
                    }
                    _ => {}
                }
                path.pop();
            }
        }
        (Json::Array(marks), Value::List(items)) => {
            for (i, mark) in marks.iter().enumerate() {
                path.push(PathSegment::Index(i));
                if let Some(item) = items.get_mut(i) {
                    merge(item, mark, path, made);
                } else if has_unknown(mark) {
                    // The mirror is longer than the value: pad with unknowns so the
                    // element keeps its index (never with guessed values).
                    while items.len() <= i {
                        path.pop();
                        path.push(PathSegment::Index(items.len()));
                        items.push(unknown(path, made));
                    }
                }
                path.pop();
            }
        }
        (Json::Object(_) | Json::Array(_), Value::Null) if has_unknown(mask) => {
            *value = unknown(path, made);
        }
        // `false`, or a mirror whose shape does not match the value: nothing we can say.
        _ => {}
    }
}

fn unknown(path: &AttrPath, made: &mut Vec<AttrPath>) -> Value {
    made.push(path.clone());
    Value::unknown(ORIGIN, Vec::new())
}

/// The value at `path`, for filling in an unknown's refs after the merge.
pub(super) fn pointer_mut<'v>(value: &'v mut Value, path: &[PathSegment]) -> Option<&'v mut Value> {
    path.iter()
        .try_fold(value, |value, segment| match (segment, value) {
            (PathSegment::Key(key), Value::Map(map)) => map.get_mut(key),
            (PathSegment::Index(i), Value::List(items)) => items.get_mut(*i),
            _ => None,
        })
}

/// True when `mask` marks anything as unknown.
fn has_unknown(mask: &Json) -> bool {
    match mask {
        Json::Bool(b) => *b,
        Json::Array(items) => items.iter().any(has_unknown),
        Json::Object(map) => map.values().any(has_unknown),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::path_to_string;
    use serde_json::json;

    fn merged(value: Json, mask: Json) -> Value {
        let mut value = Value::from(&value);
        let mut made = Vec::new();
        merge(&mut value, &mask, &mut Vec::new(), &mut made);
        // `made` lists exactly the unknowns.
        made.sort();
        let mut all = value.unknown_paths();
        all.sort();
        assert_eq!(made, all);
        value
    }

    fn unknown_at(value: &Value) -> Vec<String> {
        value
            .unknown_paths()
            .iter()
            .map(|p| path_to_string(p))
            .collect()
    }

    #[test]
    fn adds_absent_attributes_and_marks_elements() {
        let value = merged(
            json!({"name": "x", "ingress": [{"cidr_blocks": ["10.0.0.0/8", null], "from_port": 22}], "tags": {"a": "b"}}),
            json!({"id": true, "ingress": [{"cidr_blocks": [false, true]}], "tags": {}, "egress": false}),
        );
        assert_eq!(unknown_at(&value), ["id", "ingress[0].cidr_blocks[1]"]);
        assert_eq!(
            value.pointer(&[PathSegment::Key("name".into())]),
            Some(&Value::from("x"))
        );
        let cidr = value.pointer(&[
            PathSegment::Key("ingress".into()),
            PathSegment::Index(0),
            PathSegment::Key("cidr_blocks".into()),
            PathSegment::Index(1),
        ]);
        assert_eq!(
            cidr.and_then(Value::as_unknown).map(|u| u.origin.as_str()),
            Some(ORIGIN)
        );
        assert!(value.get("egress").is_none());
    }

    #[test]
    fn replaces_known_looking_values_marked_unknown() {
        let value = merged(
            json!({"arn": null, "policy": "{}"}),
            json!({"arn": true, "policy": true}),
        );
        assert_eq!(unknown_at(&value), ["arn", "policy"]);
    }

    #[test]
    fn absent_structure_with_unknowns_is_unknown_as_a_whole() {
        let value = merged(
            json!({"logging": null}),
            json!({"logging": [{"bucket": true}], "website": {"x": false}}),
        );
        assert_eq!(unknown_at(&value), ["logging"]);
        assert!(value.get("website").is_none());
    }

    #[test]
    fn pads_short_lists_with_unknowns_only() {
        let value = merged(
            json!({"subnets": ["a"]}),
            json!({"subnets": [false, false, true]}),
        );
        assert_eq!(unknown_at(&value), ["subnets[1]", "subnets[2]"]);
        let value = merged(
            json!({"subnets": ["a"]}),
            json!({"subnets": [false, false]}),
        );
        assert_eq!(
            value
                .get("subnets")
                .and_then(Value::as_list)
                .map(<[Value]>::len),
            Some(1)
        );
    }

    #[test]
    fn mismatched_shapes_are_left_alone() {
        let value = merged(json!({"tags": {"a": "b"}}), json!({"tags": [true]}));
        assert!(unknown_at(&value).is_empty());
    }
}
