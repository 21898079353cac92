//! Application and Network Load Balancers and their listeners
//! (`describe-load-balancers`, `describe-listeners`), with what per-balancer calls add:
//! access logging (`describe-load-balancer-attributes`) and the WAF web ACL in front of
//! it (`wafv2 get-web-acl-for-resource`), in `elbv2/<name>/`.

use super::As::Str;
use super::{arn, copy, copy_int, copy_str, copy_strings, Item, Piece};
use crate::load::cfn::node::Node;
use crate::load::live::api::{embedded, Obj};
use crate::load::live::build::{At, Attrs, Val};
use crate::load::LoadError;
use crate::model::Value;

const LB_KINDS: &[&str] = &["aws_lb"];

pub fn load_balancer(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let lb = item.config;
    let name = lb.required_str("loadBalancerName", "a load balancer")?;
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("name", name.value, name.at);
    let lb_arn = arn(item, "loadBalancerArn")?;
    if let Some(lb_arn) = &lb_arn {
        a.text("arn", lb_arn.value, lb_arn.at);
    }
    if let Some(scheme) = lb.str("scheme")? {
        a.put("internal", Val::bool(scheme.value == "internal"), scheme.at);
    }
    copy_str(&lb, "type", &mut a, "load_balancer_type")?;
    copy_str(&lb, "vpcId", &mut a, "vpc_id")?;
    copy_strings(&lb, "securityGroups", &mut a, "security_groups")?;
    match item
        .supplementary
        .as_ref()
        .and_then(|s| s.entry("loadBalancerAttributes"))
    {
        Some(entry) => {
            let file = item.config.file;
            let list = embedded(&entry.value, "`LoadBalancerAttributes`")?;
            let items = list.items().ok_or_else(|| {
                LoadError::at(
                    format!("`{}` is {}, expected a list", entry.key, list.shape()),
                    entry.span(),
                )
            })?;
            a.put(
                "access_logs",
                access_logs(items, file)?,
                At::new(file, entry.span()),
            );
        }
        None => {
            let why = match item.source {
                super::Source::Config => "AWS Config recorded no attributes for this load balancer",
                super::Source::Cli => {
                    "the export has no `describe-load-balancer-attributes` output for this load \
                     balancer (elbv2/<name>/describe-load-balancer-attributes.json)"
                }
            };
            a.put("access_logs", Val::not_exported(why), item.at);
        }
    }
    let mut pieces = vec![Piece::Resource(a.resource(name.value, "aws_lb", item.at))];
    // Whether a web ACL protects it is not part of the load balancer's own description;
    // until `get-web-acl-for-resource` says, it is unknown. An association whose target
    // is unknown may be any load balancer's, so the WAF rule leaves undecided every load
    // balancer of the unit without a web ACL.
    let why = match item.source {
        super::Source::Config => {
            "AWS Config does not record which web ACL protects a load balancer"
        }
        super::Source::Cli => {
            "the export has no `wafv2 get-web-acl-for-resource` output for this load balancer \
             (elbv2/<name>/get-web-acl-for-resource.json)"
        }
    };
    let mut w = Attrs::new();
    w.put(
        "resource_arn",
        Val::of(Value::unknown(why, Vec::new())),
        item.at,
    );
    pieces.push(Piece::Resource(w.resource(
        &web_acl_id(name.value),
        "aws_wafv2_web_acl_association",
        item.at,
    )));
    Ok(pieces)
}

fn web_acl_id(lb_name: &str) -> String {
    format!("{lb_name} web ACL")
}

/// `[{Key, Value}]` load balancer attributes → the `access_logs` block.
fn access_logs(items: &[Node], file: usize) -> Result<Val, LoadError> {
    let mut block = Attrs::new();
    let mut at = None;
    for item in items {
        let pair = Obj::new(item, file, "a load balancer attribute")?;
        let (Some(key), Some(value)) = (pair.str("key")?, pair.str("value")?) else {
            continue;
        };
        match key.value {
            "access_logs.s3.enabled" => {
                block.put("enabled", Val::bool(value.value == "true"), pair.at());
                at = Some(pair.at());
            }
            "access_logs.s3.bucket" => {
                block.text("bucket", value.value, pair.at());
            }
            "access_logs.s3.prefix" => {
                block.text("prefix", value.value, pair.at());
            }
            _ => {}
        }
    }
    Ok(match at {
        Some(at) => Val::list(vec![(block.into_val(), at)]),
        None => Val::list(Vec::new()),
    })
}

/// `elbv2/<name>/describe-load-balancer-attributes.json`: `{"Attributes": [...]}`.
pub fn load_balancer_attributes(doc: &Obj, lb_name: &str) -> Result<Piece, LoadError> {
    let items = doc.list("attributes")?;
    let mut a = Attrs::new();
    a.put(
        "access_logs",
        access_logs(items, doc.file)?,
        doc.at_of("attributes"),
    );
    Ok(Piece::Patch {
        kinds: LB_KINDS,
        id: lb_name.to_owned(),
        attrs: a,
        at: doc.at(),
    })
}

/// `elbv2/<name>/get-web-acl-for-resource.json`: `{"WebACL": {...}}`, or `{}` when no web
/// ACL protects the load balancer. Either way the question is answered.
pub fn web_acl_for_resource(doc: &Obj, lb_name: &str) -> Result<Piece, LoadError> {
    acl_answer(
        doc,
        lb_name,
        AclAnswer {
            member: "webACL",
            id_member: "aRN",
            what: "a web ACL",
            id_attr: "web_acl_arn",
            kinds: &["aws_wafv2_web_acl_association"],
            patch_id: web_acl_id(lb_name),
        },
    )
}

/// `elbv2/<name>/waf-regional-get-web-acl-for-resource.json`: AWS WAF Classic's answer,
/// `{"WebACLSummary": {"WebACLId", "Name"}}`, or `{}` when no classic web ACL protects
/// the load balancer. Read only when exported: WAF Classic has reached its end of
/// support, and an export without it is judged by its WAFv2 answer alone.
pub fn classic_web_acl_for_resource(doc: &Obj, lb_name: &str) -> Result<Piece, LoadError> {
    acl_answer(
        doc,
        lb_name,
        AclAnswer {
            member: "webACLSummary",
            id_member: "webACLId",
            what: "a WAF Classic web ACL summary",
            id_attr: "web_acl_id",
            kinds: &["aws_wafregional_web_acl_association"],
            patch_id: format!("{lb_name} WAF Classic web ACL"),
        },
    )
}

/// How one WAF API answers "which web ACL protects this resource".
struct AclAnswer {
    /// The member holding the web ACL, absent when none protects the resource.
    member: &'static str,
    id_member: &'static str,
    what: &'static str,
    id_attr: &'static str,
    /// The association resource the answer becomes.
    kinds: &'static [&'static str],
    patch_id: String,
}

/// The answer as an association of the load balancer: naming the web ACL, or, when
/// there is none, one that targets nothing of this unit.
fn acl_answer(doc: &Obj, lb_name: &str, answer: AclAnswer) -> Result<Piece, LoadError> {
    let mut a = Attrs::new();
    match doc.obj(answer.member)? {
        Some(acl) => {
            let id = acl.required_str(answer.id_member, answer.what)?;
            a.text(answer.id_attr, id.value, id.at);
            a.put(
                "resource_arn",
                Val::of(Value::unknown(
                    "the load balancer get-web-acl-for-resource was asked about",
                    vec![lb_name.to_owned()],
                )),
                acl.at(),
            );
        }
        None => {
            a.put("resource_arn", Val::of(Value::Null), doc.at());
        }
    }
    Ok(Piece::Patch {
        kinds: answer.kinds,
        id: answer.patch_id,
        attrs: a,
        at: doc.at(),
    })
}

/// A listener → `aws_lb_listener`, with `default_action` blocks (a redirect's target in
/// a `redirect` block) as the provider keeps them.
pub fn listener(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let l = item.config;
    let Some(listener_arn) = arn(item, "listenerArn")? else {
        return Err(LoadError::at(
            "a listener has no `ListenerArn`",
            l.node.span,
        ));
    };
    let mut a = Attrs::new();
    a.text("id", listener_arn.value, listener_arn.at);
    a.text("arn", listener_arn.value, listener_arn.at);
    copy_str(&l, "loadBalancerArn", &mut a, "load_balancer_arn")?;
    copy_int(&l, "port", &mut a, "port")?;
    copy_str(&l, "protocol", &mut a, "protocol")?;
    copy_str(&l, "sslPolicy", &mut a, "ssl_policy")?;
    if let Some(certificate) = l.objects("certificates")?.first() {
        copy_str(certificate, "certificateArn", &mut a, "certificate_arn")?;
    }
    let mut actions = Vec::new();
    for action in l.objects("defaultActions")? {
        let mut b = Attrs::new();
        copy_str(&action, "type", &mut b, "type")?;
        copy_str(&action, "targetGroupArn", &mut b, "target_group_arn")?;
        if let Some(redirect) = action.obj("redirectConfig")? {
            let mut r = Attrs::new();
            copy(
                &redirect,
                &mut r,
                &[
                    ("protocol", "protocol", Str),
                    ("port", "port", Str),
                    ("host", "host", Str),
                    ("path", "path", Str),
                    ("query", "query", Str),
                    ("statusCode", "status_code", Str),
                ],
            )?;
            b.put(
                "redirect",
                Val::list(vec![(r.into_val(), redirect.at())]),
                action.at_of("redirectConfig"),
            );
        }
        actions.push((b.into_val(), action.at()));
    }
    a.put(
        "default_action",
        Val::list(actions),
        l.at_of("defaultActions"),
    );
    Ok(vec![Piece::Resource(a.resource(
        listener_arn.value,
        "aws_lb_listener",
        item.at,
    ))])
}
