//! `data "aws_iam_policy_document"` rendered into the policy JSON the AWS provider would
//! produce, so IAM rules read HCL documents exactly as they read plans. When any part is
//! unknown, `json` is unknown and linked to the data source itself: the normaliser then
//! reads the `statement` blocks, whose known parts stay known.

use std::collections::BTreeSet;

use serde_json::{json, Map as JsonMap, Value as Json};

use super::values;
use crate::model::value::Map;
use crate::model::Value;

/// The `json` attribute for a data source with evaluated arguments `attrs`.
pub fn render(attrs: &Map, address: &str) -> Value {
    match document(attrs) {
        Some(doc) => Value::String(serde_json::to_string_pretty(&doc).unwrap_or_default()),
        None => {
            let mut refs = BTreeSet::new();
            values::refs(&Value::Map(attrs.clone()), &mut refs);
            refs.insert(address.to_owned());
            values::unknown(format!("{address}.json (parts unknown until apply)"), refs)
        }
    }
}

fn document(attrs: &Map) -> Option<Json> {
    let mut statements: Vec<Json> = Vec::new();
    for source in strings(attrs.get("source_policy_documents"))? {
        statements.extend(parsed_statements(&source)?);
    }
    if let Some(source) = text(attrs.get("source_json"))? {
        statements.extend(parsed_statements(&source)?);
    }
    for block in blocks(attrs.get("statement"))? {
        merge_by_sid(&mut statements, statement(block)?);
    }
    if let Some(over) = text(attrs.get("override_json"))? {
        for s in parsed_statements(&over)? {
            merge_by_sid(&mut statements, s);
        }
    }
    for over in strings(attrs.get("override_policy_documents"))? {
        for s in parsed_statements(&over)? {
            merge_by_sid(&mut statements, s);
        }
    }
    let mut doc = JsonMap::new();
    doc.insert(
        "Version".into(),
        Json::String(text(attrs.get("version"))?.unwrap_or_else(|| "2012-10-17".into())),
    );
    if let Some(id) = text(attrs.get("policy_id"))? {
        doc.insert("Id".into(), Json::String(id));
    }
    doc.insert("Statement".into(), Json::Array(statements));
    Some(Json::Object(doc))
}

/// A statement with the same non-empty `Sid` replaces the earlier one, as the provider
/// does for overrides; others are appended.
fn merge_by_sid(statements: &mut Vec<Json>, new: Json) {
    let sid = new
        .get("Sid")
        .and_then(Json::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    if let Some(sid) = sid {
        if let Some(slot) = statements
            .iter_mut()
            .find(|s| s.get("Sid").and_then(Json::as_str) == Some(sid.as_str()))
        {
            *slot = new;
            return;
        }
    }
    statements.push(new);
}

fn parsed_statements(text: &str) -> Option<Vec<Json>> {
    let doc: Json = serde_json::from_str(text).ok()?;
    Some(match doc.get("Statement") {
        Some(Json::Array(items)) => items.clone(),
        Some(single @ Json::Object(_)) => vec![single.clone()],
        _ => Vec::new(),
    })
}

fn statement(block: &Value) -> Option<Json> {
    let mut out = JsonMap::new();
    if let Some(sid) = text(block.get("sid"))?.filter(|s| !s.is_empty()) {
        out.insert("Sid".into(), Json::String(sid));
    }
    out.insert(
        "Effect".into(),
        Json::String(text(block.get("effect"))?.unwrap_or_else(|| "Allow".into())),
    );
    for (key, name) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        let items = strings(block.get(key))?;
        if !items.is_empty() {
            out.insert(name.into(), one_or_many(items));
        }
    }
    for (key, name) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        let list = blocks(block.get(key))?;
        if list.is_empty() {
            continue;
        }
        let mut by_type: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for p in list {
            let kind = text(p.get("type"))?.unwrap_or_default();
            by_type
                .entry(kind)
                .or_default()
                .extend(strings(p.get("identifiers"))?);
        }
        let principal = if by_type.len() == 1
            && by_type
                .get("*")
                .is_some_and(|ids| ids.iter().all(|i| i == "*"))
        {
            Json::String("*".into())
        } else {
            Json::Object(
                by_type
                    .into_iter()
                    .map(|(k, ids)| (k, one_or_many(ids)))
                    .collect(),
            )
        };
        out.insert(name.into(), principal);
    }
    let conditions = blocks(block.get("condition"))?;
    if !conditions.is_empty() {
        let mut by_test: JsonMap<String, Json> = JsonMap::new();
        for c in conditions {
            let test = text(c.get("test"))?.unwrap_or_default();
            let variable = text(c.get("variable"))?.unwrap_or_default();
            let vals = strings(c.get("values"))?;
            let entry = by_test.entry(test).or_insert_with(|| json!({}));
            if let Json::Object(vars) = entry {
                vars.insert(variable, one_or_many(vals));
            }
        }
        out.insert("Condition".into(), Json::Object(by_test));
    }
    Some(Json::Object(out))
}

fn one_or_many(mut items: Vec<String>) -> Json {
    if items.len() == 1 {
        Json::String(items.pop().unwrap_or_default())
    } else {
        Json::Array(items.into_iter().map(Json::String).collect())
    }
}

/// `Some(None)` when absent or null, `None` when unknown.
fn text(value: Option<&Value>) -> Option<Option<String>> {
    match value {
        None | Some(Value::Null) => Some(None),
        Some(Value::Unknown(_)) => None,
        Some(v) => Some(values::as_string(v)),
    }
}

/// A list of strings (or one string); `None` when anything in it is unknown.
fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    match value {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::List(items)) => items
            .iter()
            .filter(|i| !i.is_null())
            .map(|i| {
                if i.is_unknown() {
                    None
                } else {
                    values::as_string(i)
                }
            })
            .collect(),
        Some(Value::Unknown(_)) => None,
        Some(v) => Some(values::as_string(v).into_iter().collect()),
    }
}

fn blocks(value: Option<&Value>) -> Option<Vec<&Value>> {
    match value {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::List(items)) => Some(items.iter().collect()),
        Some(map @ Value::Map(_)) => Some(vec![map]),
        Some(Value::Unknown(_)) => None,
        Some(_) => Some(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(json: serde_json::Value) -> Value {
        Value::from(&json)
    }

    #[test]
    fn renders_statements_like_the_provider() {
        let attrs = v(json!({"statement": [{
            "sid": "All", "actions": ["*"], "resources": ["*"],
            "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::1:root"]}],
            "condition": [{"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["1"]}]
        }]}));
        let Value::Map(map) = attrs else { panic!() };
        let Value::String(text) = render(&map, "data.aws_iam_policy_document.x") else {
            panic!("not rendered")
        };
        let doc: Json = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(
            doc,
            json!({"Version": "2012-10-17", "Statement": [{
                "Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*",
                "Principal": {"AWS": "arn:aws:iam::1:root"},
                "Condition": {"StringEquals": {"aws:SourceAccount": "1"}}
            }]})
        );
    }

    #[test]
    fn unknown_parts_leave_json_unknown_and_linked_to_the_data_source() {
        let mut map = Map::new();
        map.insert(
            "statement".into(),
            Value::List(vec![Value::Map(Map::from([(
                "resources".into(),
                Value::List(vec![Value::unknown(
                    "aws_s3_bucket.b.arn (known after apply)",
                    vec!["aws_s3_bucket.b".into()],
                )]),
            )]))]),
        );
        let json = render(&map, "data.aws_iam_policy_document.x");
        let unknown = json.as_unknown().cloned().unwrap_or_default();
        assert_eq!(
            unknown.refs,
            ["aws_s3_bucket.b", "data.aws_iam_policy_document.x"]
        );
    }
}
