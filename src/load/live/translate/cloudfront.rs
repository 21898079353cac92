//! CloudFront distributions: `aws cloudfront list-distributions` (each summary holds its
//! cache behaviours) and `AWS::CloudFront::Distribution` (under `distributionConfig`).
//! Cache behaviours come as `{Quantity, Items: [...]}`, as the API writes its lists.

use super::As::{Bool, Str};
use super::{arn, copy, Item, Piece};
use crate::load::live::api::Obj;
use crate::load::live::build::{Attrs, Val};
use crate::load::LoadError;

pub fn distribution(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let d = item.config;
    let id = d.required_str("id", "a CloudFront distribution")?;
    let config = d.obj("distributionConfig")?.unwrap_or(d);
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    if let Some(arn) = arn(item, "aRN")? {
        a.text("arn", arn.value, arn.at);
    }
    copy(
        &d,
        &mut a,
        &[
            ("domainName", "domain_name", Str),
            ("status", "status", Str),
        ],
    )?;
    copy(
        &config,
        &mut a,
        &[
            ("enabled", "enabled", Bool),
            ("webACLId", "web_acl_id", Str),
        ],
    )?;
    if let Some(default) = config.obj("defaultCacheBehavior")? {
        a.put(
            "default_cache_behavior",
            Val::list(vec![(behavior(&default)?, default.at())]),
            config.at_of("defaultCacheBehavior"),
        );
    }
    let mut ordered = Vec::new();
    if let Some(behaviors) = config.obj("cacheBehaviors")? {
        for b in behaviors.objects("items")? {
            ordered.push((behavior(&b)?, b.at()));
        }
    }
    a.put(
        "ordered_cache_behavior",
        Val::list(ordered),
        config.at_of("cacheBehaviors"),
    );
    if let Some(certificate) = config.obj("viewerCertificate")? {
        let mut c = Attrs::new();
        copy(
            &certificate,
            &mut c,
            &[
                (
                    "cloudFrontDefaultCertificate",
                    "cloudfront_default_certificate",
                    Bool,
                ),
                ("aCMCertificateArn", "acm_certificate_arn", Str),
                ("minimumProtocolVersion", "minimum_protocol_version", Str),
                ("sSLSupportMethod", "ssl_support_method", Str),
            ],
        )?;
        a.put(
            "viewer_certificate",
            Val::list(vec![(c.into_val(), certificate.at())]),
            config.at_of("viewerCertificate"),
        );
    }
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_cloudfront_distribution",
        item.at,
    ))])
}

fn behavior(b: &Obj) -> Result<Val, LoadError> {
    let mut out = Attrs::new();
    copy(
        b,
        &mut out,
        &[
            ("pathPattern", "path_pattern", Str),
            ("targetOriginId", "target_origin_id", Str),
            ("viewerProtocolPolicy", "viewer_protocol_policy", Str),
        ],
    )?;
    Ok(out.into_val())
}
