//! Elastic Load Balancing load balancers with their listeners, access logs and WAF web
//! ACL associations. Listeners are separate resources in every format; each joins the
//! v2 load balancer its `load_balancer_arn` refers to. A listener for a load balancer
//! outside the unit joins a placeholder, as a security-group rule for an existing group
//! does. Classic Load Balancers are listed with their access logs only (type `classic`):
//! their listeners are inline and not modelled.

use std::collections::BTreeMap;

use super::read::{self, Field};
use super::{web_acls, ResourceIndex};
use crate::model::estate::{Listener, ListenerAction, LoadBalancer, SourceRef};
use crate::model::key;
use crate::model::{AttrPath, PathSegment, RawResource, Value};

pub(super) const LB_KINDS: &[&str] = &[
    "aws_lb",
    "aws_alb",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
];
const CLASSIC_KINDS: &[&str] = &["aws_elb", "AWS::ElasticLoadBalancing::LoadBalancer"];
/// The load balancer attribute (CloudFormation `LoadBalancerAttributes`) that switches
/// access logs on.
const ACCESS_LOGS_KEY: &str = "access_logs.s3.enabled";
const LISTENER_KINDS: &[&str] = &[
    "aws_lb_listener",
    "aws_alb_listener",
    "AWS::ElasticLoadBalancingV2::Listener",
];

pub fn normalise(index: &ResourceIndex) -> Vec<LoadBalancer> {
    let mut balancers: Vec<LoadBalancer> = index
        .of_kind(LB_KINDS)
        .chain(index.of_kind(CLASSIC_KINDS))
        .map(|resource| {
            let mut lb = load_balancer(resource);
            access_logs_bucket(resource, index).store(
                &mut lb.access_logs_bucket,
                "access_logs_bucket",
                &mut lb.unknown,
            );
            lb
        })
        .collect();
    // Placeholders for load balancers outside the unit, by how the listener names them.
    let mut external: BTreeMap<String, usize> = BTreeMap::new();
    for resource in index.of_kind(LISTENER_KINDS) {
        let tf = !resource.kind.starts_with("AWS::");
        let arn = resource.attr(if tf {
            "load_balancer_arn"
        } else {
            "LoadBalancerArn"
        });
        let owner = arn.and_then(|a| index.referenced(a, LB_KINDS));
        let slot = match owner.and_then(|o| balancers.iter().position(|b| b.id == o.id)) {
            Some(i) => i,
            None => {
                let key = match read::text(arn) {
                    Field::Known(text) => text,
                    _ => String::new(),
                };
                *external.entry(key).or_insert_with(|| {
                    balancers.push(LoadBalancer {
                        id: resource.id.clone(),
                        external: true,
                        ..LoadBalancer::default()
                    });
                    balancers.len() - 1
                })
            }
        };
        if let Some(balancer) = balancers.get_mut(slot) {
            balancer.listeners.push(listener(resource, tf));
        }
    }
    web_acls::link(&mut balancers, index);
    balancers
}

fn load_balancer(resource: &RawResource) -> LoadBalancer {
    let tf = !resource.kind.starts_with("AWS::");
    let classic = CLASSIC_KINDS.contains(&resource.kind.as_str());
    let attr = |tf_name: &str, cfn_name: &str| resource.attr(if tf { tf_name } else { cfn_name });
    let mut lb = LoadBalancer {
        id: resource.id.clone(),
        ..LoadBalancer::default()
    };
    let cfn_name = if classic { "LoadBalancerName" } else { "Name" };
    read::non_empty_text(attr("name", cfn_name)).store(&mut lb.name, "name", &mut lb.unknown);
    if classic {
        lb.lb_type = Some("classic".to_owned());
    } else {
        read::non_empty_text(attr("load_balancer_type", "Type")).store(
            &mut lb.lb_type,
            "type",
            &mut lb.unknown,
        );
    }
    let internal = if tf {
        read::boolean(attr("internal", ""))
    } else {
        match read::non_empty_text(attr("", "Scheme")) {
            Field::Known(scheme) => Field::Known(scheme == "internal"),
            Field::Unknown => Field::Unknown,
            Field::Absent => Field::Absent,
        }
    };
    if !(tf && read::unset_computed(attr("internal", ""))) {
        internal.store(&mut lb.internal, "internal", &mut lb.unknown);
    }
    let (subnets, unknown) = read::strings(attr("subnets", "Subnets"));
    lb.subnets = subnets;
    if unknown {
        lb.unknown.push("subnets");
    }
    let (groups, unknown) = read::strings(attr("security_groups", "SecurityGroups"));
    lb.security_groups = groups;
    if unknown {
        lb.unknown.push("security_groups");
    }
    let (logs, path) = match (tf, classic) {
        // `enabled` defaults to false on `aws_lb`, to true on `aws_elb`.
        (true, _) => terraform_access_logs(resource, classic),
        (false, false) => cfn_attribute(resource, ACCESS_LOGS_KEY),
        (false, true) => cfn_access_logging_policy(resource),
    };
    if !matches!(logs, Field::Absent) {
        lb.sources.insert(
            "access_logs",
            SourceRef {
                id: resource.id.clone(),
                path,
            },
        );
    }
    logs.store(&mut lb.access_logs, "access_logs", &mut lb.unknown);
    lb
}

const BUCKET_KINDS: &[&str] = &["aws_s3_bucket", "AWS::S3::Bucket"];

/// The bucket the access logs are delivered to, resolved to its resource in the unit
/// when it is one: Terraform's `access_logs { bucket }`, CloudFormation's
/// `access_logs.s3.bucket` attribute or a classic load balancer's
/// `AccessLoggingPolicy.S3BucketName`.
fn access_logs_bucket(resource: &RawResource, index: &ResourceIndex) -> Field<String> {
    let value = if !resource.kind.starts_with("AWS::") {
        read::blocks(read::configured(resource.attr("access_logs")))
            .and_then(|blocks| blocks.first().and_then(|block| block.get("bucket")))
    } else if CLASSIC_KINDS.contains(&resource.kind.as_str()) {
        resource
            .attr("AccessLoggingPolicy")
            .and_then(|policy| policy.get("S3BucketName"))
    } else {
        read::blocks(resource.attr("LoadBalancerAttributes")).and_then(|entries| {
            entries
                .into_iter()
                .find(|entry| {
                    entry.get("Key").and_then(Value::as_str) == Some("access_logs.s3.bucket")
                })
                .and_then(|entry| entry.get("Value"))
        })
    };
    let Some(value) = value else {
        return Field::Absent;
    };
    match index.referenced(value, BUCKET_KINDS) {
        Some(bucket) => Field::Known(bucket.id.clone()),
        None => read::non_empty_text(Some(value)),
    }
}

/// Terraform's `access_logs` block: whether it switches logging on, and where that is
/// declared. A block without `enabled` takes the provider's default.
fn terraform_access_logs(
    resource: &RawResource,
    enabled_by_default: bool,
) -> (Field<bool>, AttrPath) {
    let attr = "access_logs";
    let Some(blocks) = read::blocks(read::configured(resource.attr(attr))) else {
        return (Field::Unknown, vec![key(attr)]);
    };
    let Some(block) = blocks.first() else {
        return (Field::Absent, Vec::new());
    };
    let block_path = vec![key(attr), PathSegment::Index(0)];
    if block.is_unknown() {
        return (Field::Unknown, block_path);
    }
    match read::boolean(read::configured(block.get("enabled"))) {
        Field::Absent => (Field::Known(enabled_by_default), block_path),
        field => {
            let mut path = block_path;
            path.push(key("enabled"));
            (field, path)
        }
    }
}

/// A boolean load balancer attribute from CloudFormation's `LoadBalancerAttributes`
/// list of `{Key, Value}`. Unknown when the list, or the key of an entry, is unknown.
fn cfn_attribute(resource: &RawResource, name: &str) -> (Field<bool>, AttrPath) {
    let attr = "LoadBalancerAttributes";
    let Some(entries) = read::blocks(resource.attr(attr)) else {
        return (Field::Unknown, vec![key(attr)]);
    };
    let mut key_unknown = false;
    for (i, entry) in entries.into_iter().enumerate() {
        match read::text(entry.get("Key")) {
            Field::Known(k) if k == name => {
                return (
                    read::boolean(entry.get("Value")),
                    vec![key(attr), PathSegment::Index(i), key("Value")],
                );
            }
            Field::Unknown => key_unknown = true,
            _ => key_unknown |= entry.is_unknown(),
        }
    }
    if key_unknown {
        (Field::Unknown, vec![key(attr)])
    } else {
        (Field::Absent, Vec::new())
    }
}

/// A Classic Load Balancer's `AccessLoggingPolicy` (`Enabled` is required in it).
fn cfn_access_logging_policy(resource: &RawResource) -> (Field<bool>, AttrPath) {
    let attr = "AccessLoggingPolicy";
    match resource.attr(attr) {
        None | Some(Value::Null) => (Field::Absent, Vec::new()),
        Some(policy @ Value::Map(_)) => (
            read::boolean(policy.get("Enabled")),
            vec![key(attr), key("Enabled")],
        ),
        Some(other) => (
            if other.is_unknown() {
                Field::Unknown
            } else {
                Field::Absent
            },
            vec![key(attr)],
        ),
    }
}

fn listener(resource: &RawResource, tf: bool) -> Listener {
    let attr = |tf_name: &str, cfn_name: &str| resource.attr(if tf { tf_name } else { cfn_name });
    let mut listener = Listener {
        id: resource.id.clone(),
        ..Listener::default()
    };
    read::integer(attr("port", "Port")).store(&mut listener.port, "port", &mut listener.unknown);
    // Terraform computes an unset protocol and policy; AWS's defaults then apply.
    let protocol = attr("protocol", "Protocol");
    if !read::unset_computed(protocol) {
        read::non_empty_text(protocol).store(
            &mut listener.protocol,
            "protocol",
            &mut listener.unknown,
        );
        listener.protocol = listener.protocol.map(|p| p.to_ascii_uppercase());
    }
    let policy = attr("ssl_policy", "SslPolicy");
    if !read::unset_computed(policy) {
        read::non_empty_text(policy).store(
            &mut listener.ssl_policy,
            "ssl_policy",
            &mut listener.unknown,
        );
    }
    for (name, attr) in [
        ("protocol", if tf { "protocol" } else { "Protocol" }),
        ("ssl_policy", if tf { "ssl_policy" } else { "SslPolicy" }),
    ] {
        if listener.unknown.contains(&name)
            || (name == "protocol" && listener.protocol.is_some())
            || (name == "ssl_policy" && listener.ssl_policy.is_some())
        {
            listener.sources.insert(
                name,
                SourceRef {
                    id: resource.id.clone(),
                    path: vec![key(attr)],
                },
            );
        }
    }
    let list = if tf {
        "default_action"
    } else {
        "DefaultActions"
    };
    match read::blocks(resource.attr(list)) {
        None => listener.unknown.push("default_actions"),
        Some(blocks) => {
            for (i, block) in blocks.into_iter().enumerate() {
                let path = vec![key(list), PathSegment::Index(i)];
                listener
                    .default_actions
                    .push(action(&resource.id, path, block, tf));
            }
        }
    }
    listener
}

fn action(id: &str, path: AttrPath, block: &Value, tf: bool) -> ListenerAction {
    let get = |tf_name: &str, cfn_name: &str| block.get(if tf { tf_name } else { cfn_name });
    let mut action = ListenerAction {
        id: id.to_owned(),
        path,
        ..ListenerAction::default()
    };
    read::non_empty_text(get("type", "Type")).store(
        &mut action.action_type,
        "type",
        &mut action.unknown,
    );
    let redirect = match read::blocks(get("redirect", "RedirectConfig")) {
        Some(blocks) => blocks.first().copied(),
        None => {
            action.unknown.push("redirect_protocol");
            None
        }
    };
    if let Some(redirect) = redirect {
        let field =
            |tf_name: &str, cfn_name: &str| redirect.get(if tf { tf_name } else { cfn_name });
        read::non_empty_text(field("protocol", "Protocol")).store(
            &mut action.redirect_protocol,
            "redirect_protocol",
            &mut action.unknown,
        );
        action.redirect_protocol = action.redirect_protocol.map(|p| p.to_ascii_uppercase());
        read::non_empty_text(field("port", "Port")).store(
            &mut action.redirect_port,
            "redirect_port",
            &mut action.unknown,
        );
        read::non_empty_text(field("status_code", "StatusCode")).store(
            &mut action.redirect_status_code,
            "redirect_status_code",
            &mut action.unknown,
        );
    }
    action
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::value::Map;
    use crate::source::Span;

    fn map(entries: &[(&str, Value)]) -> Value {
        let mut map = Map::new();
        for (k, v) in entries {
            map.insert((*k).to_owned(), v.clone());
        }
        Value::Map(map)
    }

    fn lb(kind: &str, attrs: &[(&str, Value)]) -> LoadBalancer {
        load_balancer(&RawResource::new("lb", kind, map(attrs), Span::default()))
    }

    fn logs(lb: &LoadBalancer) -> (Option<bool>, bool, Option<String>) {
        (
            lb.access_logs,
            lb.unknown.contains(&"access_logs"),
            lb.sources
                .get("access_logs")
                .map(|s| crate::model::path_to_string(&s.path)),
        )
    }

    fn block(entries: &[(&str, Value)]) -> Value {
        Value::List(vec![map(entries)])
    }

    #[test]
    fn terraform_blocks_take_the_provider_default() {
        let bucket = ("bucket", Value::String("acme-lb-logs".into()));
        assert_eq!(logs(&lb("aws_lb", &[])), (None, false, None));
        assert_eq!(
            logs(&lb("aws_lb", &[("access_logs", Value::List(vec![]))])),
            (None, false, None)
        );
        assert_eq!(
            logs(&lb(
                "aws_lb",
                &[("access_logs", block(std::slice::from_ref(&bucket)))]
            )),
            (Some(false), false, Some("access_logs[0]".into()))
        );
        assert_eq!(
            logs(&lb(
                "aws_elb",
                &[("access_logs", block(std::slice::from_ref(&bucket)))]
            )),
            (Some(true), false, Some("access_logs[0]".into()))
        );
        let on = ("enabled", Value::Bool(true));
        assert_eq!(
            logs(&lb("aws_alb", &[("access_logs", block(&[bucket, on]))])),
            (Some(true), false, Some("access_logs[0].enabled".into()))
        );
        let unknown = Value::unknown("var.logs has no value", vec![]);
        assert_eq!(
            logs(&lb(
                "aws_lb",
                &[("access_logs", block(&[("enabled", unknown.clone())]))]
            )),
            (None, true, Some("access_logs[0].enabled".into()))
        );
        assert_eq!(
            logs(&lb("aws_lb", &[("access_logs", unknown)])),
            (None, true, Some("access_logs".into()))
        );
    }

    #[test]
    fn cloudformation_attributes_and_classic_policies() {
        let cfn = "AWS::ElasticLoadBalancingV2::LoadBalancer";
        let attribute = |k: &str, v: Value| map(&[("Key", Value::String(k.into())), ("Value", v)]);
        let attributes = |entries: Vec<Value>| [("LoadBalancerAttributes", Value::List(entries))];
        assert_eq!(
            logs(&lb(
                cfn,
                &attributes(vec![attribute(
                    "idle_timeout.timeout_seconds",
                    Value::String("30".into())
                )])
            )),
            (None, false, None)
        );
        assert_eq!(
            logs(&lb(
                cfn,
                &attributes(vec![
                    attribute(
                        "access_logs.s3.bucket",
                        Value::String("acme-lb-logs".into())
                    ),
                    attribute(ACCESS_LOGS_KEY, Value::String("true".into())),
                ])
            )),
            (
                Some(true),
                false,
                Some("LoadBalancerAttributes[1].Value".into())
            )
        );
        let unknown = Value::unknown("parameter Logs has no default", vec![]);
        assert_eq!(
            logs(&lb(
                cfn,
                &attributes(vec![attribute(ACCESS_LOGS_KEY, unknown.clone())])
            )),
            (None, true, Some("LoadBalancerAttributes[0].Value".into()))
        );
        // An entry that an undecided condition may or may not add.
        assert_eq!(
            logs(&lb(cfn, &attributes(vec![unknown.clone()]))),
            (None, true, Some("LoadBalancerAttributes".into()))
        );
        let classic = "AWS::ElasticLoadBalancing::LoadBalancer";
        let policy = |enabled: Value| [("AccessLoggingPolicy", map(&[("Enabled", enabled)]))];
        assert_eq!(
            logs(&lb(classic, &policy(Value::Bool(false)))),
            (
                Some(false),
                false,
                Some("AccessLoggingPolicy.Enabled".into())
            )
        );
        assert_eq!(
            logs(&lb(classic, &[("AccessLoggingPolicy", unknown)])),
            (None, true, Some("AccessLoggingPolicy".into()))
        );
        assert_eq!(lb(classic, &[]).lb_type.as_deref(), Some("classic"));
    }
}
