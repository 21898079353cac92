//! Attribute values as loaders produce them.
//!
//! Like JSON, plus one thing JSON cannot say: *this value is not known until apply*
//! (a Terraform `after_unknown`, a CloudFormation `!GetAtt`, a parameter without a
//! default). An unknown value remembers which resources it derives from, so a
//! security-group rule whose `security_group_id` is unknown at plan time still links to
//! its group. Policies never see this type: the normaliser turns unknowns into an
//! element's `unknown` list.

use std::collections::BTreeMap;

use serde::Serialize;

pub type Map = BTreeMap<String, Value>;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    List(Vec<Value>),
    Map(Map),
    Unknown(Box<Unknown>),
}

/// Why a value is unknown, and what it refers to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Unknown {
    /// Ids of resources in the same scan unit this value derives from (e.g. the group a
    /// `!Ref` or a Terraform reference points at), resolved by the loader.
    pub refs: Vec<String>,
    /// Where the value would come from, for messages: `known after apply`,
    /// `parameter DbKmsKey has no default`, `Fn::GetAtt Key.Arn`.
    pub origin: String,
    /// A string built from known text and unknown parts (a Terraform string template,
    /// `Fn::Sub`): the text, each unknown part written `${<refs>}` (its resource ids,
    /// comma-separated), e.g. `${aws_s3_bucket.logs}/*`. `None` when the text is lost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One step of an attribute path.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(untagged)]
pub enum PathSegment {
    Key(String),
    Index(usize),
}

pub type AttrPath = Vec<PathSegment>;

/// The path step that names an attribute or map key.
pub fn key(name: &str) -> PathSegment {
    PathSegment::Key(name.to_owned())
}

/// Renders a path the way users write it: `ingress[0].cidr_blocks`.
pub fn path_to_string(path: &[PathSegment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            PathSegment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            PathSegment::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

impl Value {
    pub fn unknown(origin: impl Into<String>, refs: Vec<String>) -> Value {
        Value::Unknown(Box::new(Unknown {
            refs,
            origin: origin.into(),
            text: None,
        }))
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(map) => map.get(key),
            _ => None,
        }
    }

    /// Follows a path of keys and indexes; `None` when any step is absent.
    pub fn pointer(&self, path: &[PathSegment]) -> Option<&Value> {
        path.iter()
            .try_fold(self, |value, segment| match (segment, value) {
                (PathSegment::Key(key), Value::Map(map)) => map.get(key),
                (PathSegment::Index(i), Value::List(items)) => items.get(*i),
                _ => None,
            })
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            // CloudFormation and Terraform both accept "true"/"false" strings for booleans.
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_unknown(&self) -> Option<&Unknown> {
        match self {
            Value::Unknown(u) => Some(u),
            _ => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// True when this value or anything inside it is unknown.
    pub fn contains_unknown(&self) -> bool {
        match self {
            Value::Unknown(_) => true,
            Value::List(items) => items.iter().any(Value::contains_unknown),
            Value::Map(map) => map.values().any(Value::contains_unknown),
            _ => false,
        }
    }

    /// Every path below this value whose value is unknown, in order.
    pub fn unknown_paths(&self) -> Vec<AttrPath> {
        fn walk(value: &Value, path: &mut AttrPath, out: &mut Vec<AttrPath>) {
            match value {
                Value::Unknown(_) => out.push(path.clone()),
                Value::List(items) => {
                    for (i, item) in items.iter().enumerate() {
                        path.push(PathSegment::Index(i));
                        walk(item, path, out);
                        path.pop();
                    }
                }
                Value::Map(map) => {
                    for (key, item) in map {
                        path.push(PathSegment::Key(key.clone()));
                        walk(item, path, out);
                        path.pop();
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(self, &mut Vec::new(), &mut out);
        out
    }

    /// The JSON form policies see: unknown values are left out (maps) or `null` (lists,
    /// where removing an element would shift the indexes the `unknown` paths name).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null | Value::Unknown(_) => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Map(map) => serde_json::Value::Object(
                map.iter()
                    .filter(|(_, v)| !v.is_unknown())
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

impl From<&serde_json::Value> for Value {
    fn from(json: &serde_json::Value) -> Self {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => Value::List(items.iter().map(Value::from).collect()),
            serde_json::Value::Object(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_paths_and_json_view() {
        let value = Value::Map(Map::from([
            ("id".into(), Value::unknown("known after apply", vec![])),
            (
                "ingress".into(),
                Value::List(vec![Value::Map(Map::from([(
                    "cidr_blocks".into(),
                    Value::unknown("known after apply", vec![]),
                )]))]),
            ),
        ]));
        let paths: Vec<String> = value
            .unknown_paths()
            .iter()
            .map(|p| path_to_string(p))
            .collect();
        assert_eq!(paths, ["id", "ingress[0].cidr_blocks"]);
        assert_eq!(value.to_json(), serde_json::json!({"ingress": [{}]}));
    }

    #[test]
    fn booleans_from_strings() {
        assert_eq!(Value::from("True").as_bool(), Some(true));
        assert_eq!(Value::from("no").as_bool(), None);
    }
}
