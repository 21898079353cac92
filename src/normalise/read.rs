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
        Some(Value::Unknown(u)) => match arn_shape(u) {
            Some(shape) if !shape.contains(OWN_ACCOUNT) && !shape.contains(DEPLOY_REGION) => {
                Field::Known(shape)
            }
            _ => Field::Unknown,
        },
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

/// AWS ignores the port range of an all-protocols security-group rule or network ACL
/// entry: it covers every port, whatever (or however unknown) the ports say.
pub fn widen_all_protocols(
    protocol: Option<&str>,
    from_port: &mut Option<i64>,
    to_port: &mut Option<i64>,
    unknown: &mut Vec<&'static str>,
) {
    if protocol == Some("all") {
        *from_port = Some(0);
        *to_port = Some(65535);
        unknown.retain(|f| *f != "from_port" && *f != "to_port");
    }
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

/// A resource's tags as the account will hold them. Terraform plans and state keep the
/// AWS provider's `default_tags` merged into `tags_all` (the HCL loader computes it the
/// same way) while `tags` holds only the resource's own: reading `tags` alone would miss
/// an `Environment = "prod"` set once on the provider, as most teams set it. The
/// resource's own tags win, as they do in AWS; CloudFormation's `Tags` list has no such
/// layer.
pub fn resource_tags(
    resource: &crate::model::RawResource,
) -> std::collections::BTreeMap<String, String> {
    let mut out = tags(resource.attr("tags_all"));
    out.extend(tags(
        resource.attr("tags").or_else(|| resource.attr("Tags")),
    ));
    out
}

/// How an ARN names the unit's own account when the account id is only known at deploy
/// time: `arn:aws:iam::${account}:root`.
pub const OWN_ACCOUNT: &str = "${account}";

/// How an ARN names the region it is deployed to when that is only known at deploy time.
pub const DEPLOY_REGION: &str = "${region}";

/// The text of an unknown string whose only unknown parts are the partition, the unit's
/// own account id and its region: the partition reads as `aws` (rules match services,
/// accounts and names, never partitions), the account as [`OWN_ACCOUNT`] and the region
/// as [`DEPLOY_REGION`]. So
/// `!Sub arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess` is that policy's ARN, and
/// `"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"` (which the HCL
/// loader writes `arn:aws:iam::${AWS::AccountId}:root`) the account root.
pub fn arn_shape(unknown: &crate::model::value::Unknown) -> Option<String> {
    let template = unknown.template.as_deref()?;
    let mut out = String::new();
    let mut rest = template;
    while let Some((before, after)) = rest.split_once("${") {
        out.push_str(before);
        let (name, next) = after.split_once('}')?;
        out.push_str(placeholder_text(name)?);
        rest = next;
    }
    out.push_str(rest);
    Some(out)
}

fn placeholder_text(name: &str) -> Option<&'static str> {
    // Loaders write the deploy-time names as CloudFormation's pseudo parameters, whether
    // they came from `Fn::Sub` or from Terraform's `aws_caller_identity` and friends.
    match name {
        "AWS::Partition" => Some("aws"),
        "AWS::AccountId" => Some(OWN_ACCOUNT),
        "AWS::Region" => Some(DEPLOY_REGION),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::value::Unknown;

    fn shaped(template: &str) -> Unknown {
        Unknown {
            template: Some(template.to_owned()),
            ..Unknown::default()
        }
    }

    #[test]
    fn arn_shapes_keep_the_account_and_region_and_read_the_partition() {
        assert_eq!(
            arn_shape(&shaped("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")).as_deref(),
            Some("arn:aws:iam::${account}:root")
        );
        assert_eq!(
            arn_shape(&shaped(
                "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*"
            ))
            .as_deref(),
            Some("arn:aws:ecs:${region}:${account}:*")
        );
        // Anything else unknown leaves the value unknown.
        assert_eq!(arn_shape(&shaped("arn:aws:s3:::${Bucket}")), None);
        assert_eq!(
            arn_shape(&shaped("arn:aws:iam::${aws_iam_role.x}:root")),
            None
        );
        assert_eq!(arn_shape(&shaped("open ${AWS::AccountId")), None);
        assert_eq!(arn_shape(&Unknown::default()), None);
    }

    #[test]
    fn text_reads_partition_only_shapes_as_known() {
        let managed = Value::Unknown(Box::new(shaped(
            "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess",
        )));
        assert_eq!(
            text(Some(&managed)),
            Field::Known("arn:aws:iam::aws:policy/ReadOnlyAccess".to_owned())
        );
        let own = Value::Unknown(Box::new(shaped("arn:aws:iam::${AWS::AccountId}:root")));
        assert_eq!(text(Some(&own)), Field::Unknown);
    }
}
