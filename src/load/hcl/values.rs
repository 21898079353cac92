//! Value helpers for evaluation: unknowns that carry the resources they derive from,
//! errors (an unknown whose origin says evaluation failed, so `try` and `can` can tell
//! it from a value known only after apply), and Terraform's conversions.

use std::collections::BTreeSet;

use crate::model::value::Map;
use crate::model::Value;

/// A hidden member of a resource instance's object: its address. A reference to an
/// attribute the configuration does not set reads it to build an unknown that still
/// links to the resource; it is removed before values leave the evaluator.
pub const MARK: &str = "\u{0}address";

/// Origins of failed evaluations start with this.
const ERROR_PREFIX: &str = "cannot evaluate: ";

pub fn unknown(origin: impl Into<String>, refs: BTreeSet<String>) -> Value {
    Value::unknown(origin, refs.into_iter().collect())
}

/// A failed evaluation: unknown for the rest of the scan, but `try`/`can` see an error.
pub fn error(why: impl std::fmt::Display) -> Value {
    Value::unknown(format!("{ERROR_PREFIX}{why}"), Vec::new())
}

pub fn is_error(value: &Value) -> bool {
    matches!(value, Value::Unknown(u) if u.origin.starts_with(ERROR_PREFIX))
}

/// Every resource address a value derives from: unknowns' refs and resource marks, deep.
pub fn refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Unknown(u) => out.extend(u.refs.iter().cloned()),
        Value::List(items) => items.iter().for_each(|i| refs(i, out)),
        Value::Map(map) => {
            if let Some(Value::String(address)) = map.get(MARK) {
                out.insert(address.clone());
            } else {
                map.values().for_each(|v| refs(v, out));
            }
        }
        _ => {}
    }
}

/// The result of an operation on `inputs` when one of them is unknown: unknown, linked
/// to whatever the inputs derive from, with the first unknown input's reason.
pub fn derived_unknown<'v>(inputs: impl IntoIterator<Item = &'v Value>) -> Value {
    let mut all = BTreeSet::new();
    let mut origin = None;
    for input in inputs {
        refs(input, &mut all);
        if origin.is_none() {
            origin = first_unknown(input).map(|u| u.origin.clone());
        }
    }
    unknown(origin.unwrap_or_else(|| "known after apply".into()), all)
}

/// Marks a rendered template whose unknown part is a directive (`%{ if }`, `%{ for }`):
/// its text cannot stand for the value, so it gets no template.
pub const SHAPELESS: char = '\u{0}';

/// How an unknown interpolation keeps its place in a rendered template: the account,
/// partition and region data sources by the CloudFormation pseudo parameter of the same
/// meaning (so the normaliser reads both formats alike), anything else by the resources
/// it derives from (`${aws_s3_bucket.logs}/*`); [`SHAPELESS`] when it derives from none.
pub fn placeholder(expr: &hcl::Expression, value: &Value) -> String {
    // The expression names the data source directly; through a local, a variable or a
    // module input the value's origin still does (`module.kms.data.aws_caller_identity.
    // current[0].account_id (known after apply)`).
    let text = expr.to_string();
    let origin = match value {
        Value::Unknown(u) => u.origin.split(' ').next().unwrap_or_default().to_owned(),
        _ => String::new(),
    };
    let data = |source: &str, attributes: &[&str]| {
        [text.as_str(), origin.as_str()].iter().any(|candidate| {
            let after = match candidate.find(source) {
                Some(at) if at == 0 || candidate.get(at - 1..at) == Some(".") => {
                    candidate.get(at + source.len()..)
                }
                _ => None,
            };
            after
                .and_then(|rest| rest.split_once('.'))
                .is_some_and(|(label, attribute)| {
                    !label.is_empty() && attributes.contains(&attribute)
                })
        })
    };
    if data("data.aws_caller_identity.", &["account_id"]) {
        return "${AWS::AccountId}".into();
    }
    if data("data.aws_partition.", &["partition"]) {
        return "${AWS::Partition}".into();
    }
    if data("data.aws_region.", &["name", "region"]) {
        return "${AWS::Region}".into();
    }
    let mut ids = BTreeSet::new();
    refs(value, &mut ids);
    if ids.is_empty() {
        return SHAPELESS.to_string();
    }
    format!("${{{}}}", ids.into_iter().collect::<Vec<_>>().join(","))
}

/// Gives an unknown string the shape of the template it was rendered from.
pub fn with_template(value: Value, rendered: String) -> Value {
    match value {
        Value::Unknown(mut u) if !rendered.contains(SHAPELESS) => {
            u.template = Some(rendered);
            Value::Unknown(u)
        }
        other => other,
    }
}

fn first_unknown(value: &Value) -> Option<&crate::model::value::Unknown> {
    match value {
        Value::Unknown(u) => Some(u),
        Value::List(items) => items.iter().find_map(first_unknown),
        Value::Map(map) => map.values().find_map(first_unknown),
        _ => None,
    }
}

/// Removes resource marks, for values that leave the evaluator.
pub fn strip_marks(value: Value) -> Value {
    match value {
        Value::List(items) => Value::List(items.into_iter().map(strip_marks).collect()),
        Value::Map(map) => Value::Map(
            map.into_iter()
                .filter(|(k, _)| k != MARK)
                .map(|(k, v)| (k, strip_marks(v)))
                .collect(),
        ),
        other => other,
    }
}

pub fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::Number(serde_json::Number::from(n as i64))
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// The `(key, value)` pairs a `for` expression, template `for` directive or `dynamic`
/// block iterates over: index and element of a list, key and value of a map (without
/// the internal address mark). `None` for anything that is not a collection.
pub fn pairs(collection: &Value) -> Option<Vec<(Value, Value)>> {
    match collection {
        Value::List(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (int(i as i64), v.clone()))
                .collect(),
        ),
        Value::Map(map) => Some(
            map.iter()
                .filter(|(k, _)| *k != MARK)
                .map(|(k, v)| (Value::String(k.clone()), v.clone()))
                .collect(),
        ),
        _ => None,
    }
}

pub fn int(n: i64) -> Value {
    Value::Number(serde_json::Number::from(n))
}

/// A value as a number, converting strings as Terraform does.
pub fn as_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A value as a string, converting numbers and booleans as Terraform does.
pub fn as_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

/// Terraform's equality; `None` when an unknown decides it.
pub fn equal(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
        (Value::Number(x), Value::Number(y)) => Some(x.as_f64() == y.as_f64()),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut undecided = false;
            for (i, j) in x.iter().zip(y) {
                match equal(i, j) {
                    Some(false) => return Some(false),
                    None => undecided = true,
                    Some(true) => {}
                }
            }
            (!undecided).then_some(true)
        }
        (Value::Map(x), Value::Map(y)) => {
            let keys_x: BTreeSet<&String> = x.keys().filter(|k| *k != MARK).collect();
            let keys_y: BTreeSet<&String> = y.keys().filter(|k| *k != MARK).collect();
            if keys_x != keys_y {
                return Some(false);
            }
            let mut undecided = false;
            for key in keys_x {
                match (x.get(key), y.get(key)) {
                    (Some(i), Some(j)) => match equal(i, j) {
                        Some(false) => return Some(false),
                        None => undecided = true,
                        Some(true) => {}
                    },
                    _ => return Some(false),
                }
            }
            (!undecided).then_some(true)
        }
        _ => Some(a == b),
    }
}

/// Converts a value to a variable's declared type where the conversion is simple
/// (primitive types, and collections of them); anything else is kept as given.
pub fn convert(value: Value, ty: &hcl::Expression) -> Value {
    use hcl::Expression as E;
    if value.is_unknown() || value.is_null() {
        return value;
    }
    match ty {
        E::Variable(name) => match name.as_str() {
            "string" => as_string(&value).map_or(value, Value::String),
            "number" => match &value {
                Value::String(_) => as_f64(&value).map_or(value, number),
                _ => value,
            },
            "bool" => as_bool(&value).map_or(value, Value::Bool),
            _ => value,
        },
        E::FuncCall(call) => {
            let inner = call.args.first();
            match (call.name.name.as_str(), inner, value) {
                ("list" | "set", Some(inner), Value::List(items)) => {
                    let mut items: Vec<Value> =
                        items.into_iter().map(|i| convert(i, inner)).collect();
                    if call.name.name.as_str() == "set" {
                        dedup(&mut items);
                    }
                    Value::List(items)
                }
                ("map", Some(inner), Value::Map(map)) => Value::Map(
                    map.into_iter()
                        .map(|(k, v)| (k, convert(v, inner)))
                        .collect(),
                ),
                ("object", Some(E::Object(fields)), Value::Map(mut map)) => {
                    for (key, field_ty) in fields {
                        let name = object_key(key);
                        let (field_ty, default) = optional(field_ty);
                        match map.remove(&name) {
                            Some(v) if !v.is_null() => {
                                map.insert(name, convert(v, field_ty));
                            }
                            _ => {
                                map.insert(name, default.unwrap_or(Value::Null));
                            }
                        }
                    }
                    Value::Map(map)
                }
                (_, _, value) => value,
            }
        }
        _ => value,
    }
}

/// `optional(T, default)` in an object type: the type and the default when it is a
/// constant.
fn optional(ty: &hcl::Expression) -> (&hcl::Expression, Option<Value>) {
    match ty {
        hcl::Expression::FuncCall(call) if call.name.name.as_str() == "optional" => {
            let inner = call.args.first().unwrap_or(ty);
            let default = call.args.get(1).and_then(constant);
            (inner, default.map(|d| convert(d, inner)))
        }
        _ => (ty, None),
    }
}

/// A constant expression (literals, lists and objects of literals) as a value.
pub fn constant(expr: &hcl::Expression) -> Option<Value> {
    use hcl::Expression as E;
    Some(match expr {
        E::Null => Value::Null,
        E::Bool(b) => Value::Bool(*b),
        E::Number(n) => number(n.as_f64()?),
        E::String(s) => Value::String(s.clone()),
        E::Array(items) => Value::List(items.iter().map(constant).collect::<Option<_>>()?),
        E::Object(fields) => Value::Map(
            fields
                .iter()
                .map(|(k, v)| Some((object_key(k), constant(v)?)))
                .collect::<Option<Map>>()?,
        ),
        _ => return None,
    })
}

pub fn object_key(key: &hcl::ObjectKey) -> String {
    match key {
        hcl::ObjectKey::Identifier(id) => id.to_string(),
        hcl::ObjectKey::Expression(hcl::Expression::String(s)) => s.clone(),
        hcl::ObjectKey::Expression(hcl::Expression::Variable(v)) => v.to_string(),
        hcl::ObjectKey::Expression(other) => format!("{other:?}"),
        _ => String::new(),
    }
}

/// Removes later duplicates, keeping first occurrences in order (sets).
pub fn dedup(items: &mut Vec<Value>) {
    // Sets are nearly always of strings (`toset(var.names)`): those are told apart by a
    // set of what was kept, so a set of 100,000 names takes a moment rather than the
    // 10^10 comparisons of the general way below.
    if items.iter().all(|item| matches!(item, Value::String(_))) {
        let mut seen = std::collections::HashSet::with_capacity(items.len());
        items.retain(|item| match item {
            Value::String(s) => seen.insert(s.clone()),
            _ => true,
        });
        return;
    }
    let mut kept: Vec<Value> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        if !kept.iter().any(|k| equal(k, &item) == Some(true)) {
            kept.push(item);
        }
    }
    *items = kept;
}

/// A value as JSON (for `jsonencode` and policy documents); `None` when any part is
/// unknown.
pub fn to_json(value: &Value) -> Option<serde_json::Value> {
    Some(match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::Value::Number(n.clone()),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::List(items) => {
            serde_json::Value::Array(items.iter().map(to_json).collect::<Option<_>>()?)
        }
        Value::Map(map) => serde_json::Value::Object(
            map.iter()
                .filter(|(k, _)| *k != MARK)
                .map(|(k, v)| Some((k.clone(), to_json(v)?)))
                .collect::<Option<_>>()?,
        ),
        Value::Unknown(_) => return None,
    })
}

/// A short description of a value's type, for messages.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::List(_) => "list",
        Value::Map(_) => "object",
        Value::Unknown(_) => "unknown",
    }
}
