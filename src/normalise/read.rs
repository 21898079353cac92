//! Reading attribute values into the model's typed fields, keeping the three states a
//! field can be in apart: absent, unknown until apply, or known.

use super::ResourceIndex;
use crate::model::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field<T> {
    Absent,
    Unknown,
    Known(T),
}

impl<T> Field<T> {
    pub fn known(self) -> Option<T> {
        match self {
            Field::Known(v) => Some(v),
            _ => None,
        }
    }

    /// Writes the value into `slot` or records `name` as unknown.
    pub fn store(self, slot: &mut Option<T>, name: &'static str, unknown: &mut Vec<&'static str>) {
        match self {
            Field::Known(v) => *slot = Some(v),
            Field::Unknown => unknown.push(name),
            Field::Absent => {}
        }
    }
}

/// A scalar as text (numbers and booleans too: `protocol = 6`, `FromPort: "22"`).
pub fn text(value: Option<&Value>) -> Field<String> {
    match value {
        None | Some(Value::Null) => Field::Absent,
        Some(Value::Unknown(_)) => Field::Unknown,
        Some(Value::String(s)) => Field::Known(s.clone()),
        Some(Value::Number(n)) => Field::Known(n.to_string()),
        Some(Value::Bool(b)) => Field::Known(b.to_string()),
        Some(Value::List(_) | Value::Map(_)) => Field::Absent,
    }
}

/// Like `text`, but an empty string counts as absent (Terraform writes `""` for unset).
pub fn non_empty_text(value: Option<&Value>) -> Field<String> {
    match text(value) {
        Field::Known(s) if s.is_empty() => Field::Absent,
        other => other,
    }
}

pub fn boolean(value: Option<&Value>) -> Field<bool> {
    match value {
        None | Some(Value::Null) => Field::Absent,
        Some(Value::Unknown(_)) => Field::Unknown,
        Some(v) => v.as_bool().map_or(Field::Absent, Field::Known),
    }
}

pub fn integer(value: Option<&Value>) -> Field<i64> {
    match value {
        None | Some(Value::Null) => Field::Absent,
        Some(Value::Unknown(_)) => Field::Unknown,
        Some(v) => v.as_i64().map_or(Field::Absent, Field::Known),
    }
}

/// A string or a list of strings. Known elements are kept; `unknown` is true when the
/// value or any element is unknown.
pub fn strings(value: Option<&Value>) -> (Vec<String>, bool) {
    match value {
        None | Some(Value::Null) => (Vec::new(), false),
        Some(Value::Unknown(_)) => (Vec::new(), true),
        Some(Value::List(items)) => {
            let mut out = Vec::new();
            let mut unknown = false;
            for item in items {
                match text(Some(item)) {
                    Field::Known(s) => out.push(s),
                    Field::Unknown => unknown = true,
                    Field::Absent => {}
                }
            }
            (out, unknown)
        }
        Some(other) => match text(Some(other)) {
            Field::Known(s) => (vec![s], false),
            Field::Unknown => (Vec::new(), true),
            Field::Absent => (Vec::new(), false),
        },
    }
}

/// The blocks of a nested-block attribute (`ingress { … }` is a list of maps in plans).
/// `None` when the whole attribute is unknown.
pub fn blocks(value: Option<&Value>) -> Option<Vec<&Value>> {
    match value {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Unknown(_)) => None,
        Some(Value::List(items)) => Some(items.iter().collect()),
        Some(map @ Value::Map(_)) => Some(vec![map]),
        Some(_) => Some(Vec::new()),
    }
}

/// A computed attribute that the configuration did not set: Terraform marks it unknown
/// with no references, and AWS will fill in its documented default. Used only where the
/// default is well known (S3 default encryption, RDS cluster encryption), so those read
/// as "not declared" instead of "undecided" on every create plan.
pub fn unset_computed(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Unknown(u)) if u.refs.is_empty() && u.origin == "known after apply")
}

/// The value as configured: `None` for an absent value and for a computed attribute
/// the configuration did not set (see `unset_computed`), so readers see AWS's default.
pub fn configured(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !unset_computed(Some(v)))
}

/// An IP protocol in canonical form: `-1`/`all` → `all`, the IANA numbers of the common
/// ones → their names (security-group rules and network ACL entries spell them either way).
pub fn protocol(value: Option<&Value>) -> Field<String> {
    match text(value) {
        Field::Known(p) => Field::Known(
            match p.to_ascii_lowercase().as_str() {
                "-1" | "all" => "all",
                "6" | "tcp" => "tcp",
                "17" | "udp" => "udp",
                "1" | "icmp" => "icmp",
                "58" | "icmpv6" => "icmpv6",
                other => return Field::Known(other.to_owned()),
            }
            .to_owned(),
        ),
        other => other,
    }
}

/// A value naming another resource: the id of the resource of one of `kinds` in this
/// unit it refers to, else its known text (a live id such as `vpc-0abc…`).
pub fn reference(value: Option<&Value>, index: &ResourceIndex, kinds: &[&str]) -> Field<String> {
    if let Some(target) = value.and_then(|v| index.referenced(v, kinds)) {
        return Field::Known(target.id.clone());
    }
    non_empty_text(value)
}

/// Tags as a map, from Terraform's map or CloudFormation's `[{Key, Value}]` list.
pub fn tags(value: Option<&Value>) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    match value {
        Some(Value::Map(map)) => {
            for (k, v) in map {
                if let Field::Known(v) = text(Some(v)) {
                    out.insert(k.clone(), v);
                }
            }
        }
        Some(Value::List(items)) => {
            for item in items {
                if let (Field::Known(k), Field::Known(v)) =
                    (text(item.get("Key")), text(item.get("Value")))
                {
                    out.insert(k, v);
                }
            }
        }
        _ => {}
    }
    out
}
