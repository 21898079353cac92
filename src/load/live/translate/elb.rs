//! Classic Load Balancers (`aws elb describe-load-balancers`,
//! `AWS::ElasticLoadBalancing::LoadBalancer`) and their access logging
//! (`aws elb describe-load-balancer-attributes`, in `elb/<name>/`, since its output does
//! not name the load balancer). AWS Config records a classic load balancer's policies
//! but not its attributes, so from a Config snapshot its access logging is unknown.

use super::{copy_str, copy_strings, Item, Piece, Source};
use crate::load::live::api::Obj;
use crate::load::live::build::{Attrs, Val};
use crate::load::LoadError;

pub fn load_balancer(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let lb = item.config;
    let name = lb.required_str("loadBalancerName", "a classic load balancer")?;
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("name", name.value, name.at);
    if let Some(scheme) = lb.str("scheme")? {
        a.put("internal", Val::bool(scheme.value == "internal"), scheme.at);
    }
    copy_str(&lb, "dNSName", &mut a, "dns_name")?;
    copy_strings(&lb, "securityGroups", &mut a, "security_groups")?;
    let why = match item.source {
        Source::Config => {
            "AWS Config does not record a classic load balancer's attributes: add `aws elb \
             describe-load-balancer-attributes` to a CLI export"
        }
        Source::Cli => {
            "the export has no `elb describe-load-balancer-attributes` output for this load \
             balancer (elb/<name>/describe-load-balancer-attributes.json)"
        }
    };
    a.put("access_logs", Val::not_exported(why), item.at);
    Ok(vec![Piece::Resource(
        a.resource(name.value, "aws_elb", item.at),
    )])
}

/// `elb/<name>/describe-load-balancer-attributes.json`:
/// `{"LoadBalancerAttributes": {"AccessLog": {"Enabled", "S3BucketName",
/// "S3BucketPrefix", "EmitInterval"}, …}}` → the `access_logs` block.
pub fn attributes(doc: &Obj, lb_name: &str) -> Result<Piece, LoadError> {
    let attributes = doc
        .obj("loadBalancerAttributes")?
        .ok_or_else(|| LoadError::at("no `LoadBalancerAttributes`", doc.node.span))?;
    let mut a = Attrs::new();
    let logs = match attributes.obj("accessLog")? {
        Some(log) => {
            let mut block = Attrs::new();
            match log.bool("enabled")? {
                Some(on) => block.put("enabled", Val::bool(on.value), on.at),
                None => block.put("enabled", Val::bool(false), log.at()),
            };
            copy_str(&log, "s3BucketName", &mut block, "bucket")?;
            copy_str(&log, "s3BucketPrefix", &mut block, "bucket_prefix")?;
            if let Some(interval) = log.int("emitInterval")? {
                block.put("interval", Val::int(interval.value), interval.at);
            }
            Val::list(vec![(block.into_val(), log.at())])
        }
        None => Val::list(Vec::new()),
    };
    a.put("access_logs", logs, attributes.at_of("accessLog"));
    Ok(Piece::Patch {
        kinds: &["aws_elb"],
        id: lb_name.to_owned(),
        attrs: a,
        at: doc.at(),
    })
}
