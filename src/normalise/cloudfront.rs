//! CloudFront distributions: how each cache behaviour answers viewers that come over
//! plain HTTP, and the lowest TLS version offered to viewers.

use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::estate::{CacheBehavior, CloudFrontDistribution};
use crate::model::key;
use crate::model::{AttrPath, PathSegment, RawResource, Value};

pub fn normalise(index: &ResourceIndex) -> Vec<CloudFrontDistribution> {
    index
        .of_kind(&[
            "aws_cloudfront_distribution",
            "AWS::CloudFront::Distribution",
        ])
        .map(distribution)
        .collect()
}

fn distribution(resource: &RawResource) -> CloudFrontDistribution {
    let mut out = CloudFrontDistribution {
        id: resource.id.clone(),
        ..CloudFrontDistribution::default()
    };
    if resource.kind.starts_with("AWS::") {
        let base = vec![key("DistributionConfig")];
        let Some(config) = resource.attr("DistributionConfig") else {
            return out;
        };
        if config.is_unknown() {
            out.unknown.push("behaviors");
            return out;
        }
        let mut path = base.clone();
        path.push(key("DefaultCacheBehavior"));
        if let Some(block) = config.get("DefaultCacheBehavior") {
            out.behaviors
                .push(behavior(resource, path, block, true, false));
        }
        collect(
            &mut out,
            resource,
            config.get("CacheBehaviors"),
            &base,
            "CacheBehaviors",
            false,
        );
        let certificate = config.get("ViewerCertificate");
        read::non_empty_text(certificate.and_then(|c| c.get("MinimumProtocolVersion"))).store(
            &mut out.minimum_protocol_version,
            "minimum_protocol_version",
            &mut out.unknown,
        );
    } else {
        collect(
            &mut out,
            resource,
            resource.attr("default_cache_behavior"),
            &[],
            "default_cache_behavior",
            true,
        );
        collect(
            &mut out,
            resource,
            resource.attr("ordered_cache_behavior"),
            &[],
            "ordered_cache_behavior",
            true,
        );
        let certificate = read::blocks(resource.attr("viewer_certificate"))
            .and_then(|blocks| blocks.first().copied());
        read::non_empty_text(certificate.and_then(|c| c.get("minimum_protocol_version"))).store(
            &mut out.minimum_protocol_version,
            "minimum_protocol_version",
            &mut out.unknown,
        );
    }
    out
}

/// Adds the behaviours of a list of blocks (`ordered_cache_behavior`, `CacheBehaviors`,
/// or Terraform's one-block `default_cache_behavior`).
fn collect(
    out: &mut CloudFrontDistribution,
    resource: &RawResource,
    value: Option<&Value>,
    base: &[PathSegment],
    list: &str,
    tf: bool,
) {
    let Some(blocks) = read::blocks(value) else {
        out.unknown.push("behaviors");
        return;
    };
    let default = list == "default_cache_behavior";
    for (i, block) in blocks.into_iter().enumerate() {
        let mut path = base.to_vec();
        path.push(key(list));
        path.push(PathSegment::Index(i));
        out.behaviors
            .push(behavior(resource, path, block, default, tf));
    }
}

fn behavior(
    resource: &RawResource,
    mut path: AttrPath,
    block: &Value,
    default: bool,
    tf: bool,
) -> CacheBehavior {
    let (policy, pattern) = if tf {
        ("viewer_protocol_policy", "path_pattern")
    } else {
        ("ViewerProtocolPolicy", "PathPattern")
    };
    path.push(key(policy));
    let mut out = CacheBehavior {
        id: resource.id.clone(),
        path,
        default,
        ..CacheBehavior::default()
    };
    read::non_empty_text(block.get(pattern)).store(
        &mut out.path_pattern,
        "path_pattern",
        &mut out.unknown,
    );
    match read::non_empty_text(block.get(policy)) {
        Field::Known(p) => out.viewer_protocol_policy = Some(p.to_ascii_lowercase()),
        Field::Unknown => out.unknown.push("viewer_protocol_policy"),
        Field::Absent => {}
    }
    out
}
