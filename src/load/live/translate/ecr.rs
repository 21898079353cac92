//! ECR repositories (`aws ecr describe-repositories`, `AWS::ECR::Repository`) and the
//! registry's scanning configuration (`aws ecr get-registry-scanning-configuration`).
//!
//! A repository's own `scanOnPush` is not the whole answer: a registry scanning rule
//! whose filter matches the repository scans it whatever the repository says. AWS Config
//! does not record the registry's scanning configuration, so from a Config snapshot a
//! repository that does not scan on push by itself may still be scanned: the unit gets
//! a registry configuration whose rules are unknown, and the rule leaves such
//! repositories undecided rather than failing them.

use super::As::Str;
use super::{arn, copy, copy_bool, copy_str, Item, Piece, Source};
use crate::load::live::build::{Attrs, Val};
use crate::load::LoadError;

const REGISTRY_ID: &str = "registry scanning configuration";

pub fn repository(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let r = item.config;
    let name = r.required_str("repositoryName", "an ECR repository")?;
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("name", name.value, name.at);
    // The CLI's `repositoryArn`, else the Config item's `ARN`.
    if let Some(arn) = arn(item, "repositoryArn")? {
        a.text("arn", arn.value, arn.at);
    }
    copy(
        &r,
        &mut a,
        &[
            ("registryId", "registry_id", Str),
            ("repositoryUri", "repository_url", Str),
            ("imageTagMutability", "image_tag_mutability", Str),
        ],
    )?;
    if let Some(scanning) = r.obj("imageScanningConfiguration")? {
        let mut s = Attrs::new();
        copy_bool(&scanning, "scanOnPush", &mut s, "scan_on_push")?;
        a.put(
            "image_scanning_configuration",
            Val::list(vec![(s.into_val(), scanning.at())]),
            r.at_of("imageScanningConfiguration"),
        );
    }
    if let Some(encryption) = r.obj("encryptionConfiguration")? {
        let mut e = Attrs::new();
        copy_str(&encryption, "encryptionType", &mut e, "encryption_type")?;
        copy_str(&encryption, "kmsKey", &mut e, "kms_key")?;
        a.put(
            "encryption_configuration",
            Val::list(vec![(e.into_val(), encryption.at())]),
            r.at_of("encryptionConfiguration"),
        );
    }
    let mut pieces = vec![Piece::Resource(a.resource(
        name.value,
        "aws_ecr_repository",
        item.at,
    ))];
    if item.source == Source::Config {
        let mut registry = Attrs::new();
        registry.put(
            "rule",
            Val::not_exported(
                "AWS Config does not record the registry's scanning configuration: add \
                 `aws ecr get-registry-scanning-configuration` to a CLI export",
            ),
            item.at,
        );
        pieces.push(Piece::Patch {
            kinds: &["aws_ecr_registry_scanning_configuration"],
            id: REGISTRY_ID.to_owned(),
            attrs: registry,
            at: item.at,
        });
    }
    Ok(pieces)
}

/// `{"registryId", "scanningConfiguration": {"scanType", "rules": [{"scanFrequency",
/// "repositoryFilters": [{"filter", "filterType"}]}]}}` →
/// `aws_ecr_registry_scanning_configuration`.
pub fn registry_scanning(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let doc = item.config;
    let mut a = Attrs::new();
    a.text("id", REGISTRY_ID, item.at);
    copy_str(&doc, "registryId", &mut a, "registry_id")?;
    let config = doc.obj("scanningConfiguration")?;
    let mut rules = Vec::new();
    if let Some(config) = &config {
        copy_str(config, "scanType", &mut a, "scan_type")?;
        for rule in config.objects("rules")? {
            let mut r = Attrs::new();
            copy_str(&rule, "scanFrequency", &mut r, "scan_frequency")?;
            let mut filters = Vec::new();
            for filter in rule.objects("repositoryFilters")? {
                let mut f = Attrs::new();
                copy(
                    &filter,
                    &mut f,
                    &[
                        ("filter", "filter", Str),
                        ("filterType", "filter_type", Str),
                    ],
                )?;
                filters.push((f.into_val(), filter.at()));
            }
            r.put(
                "repository_filter",
                Val::list(filters),
                rule.at_of("repositoryFilters"),
            );
            rules.push((r.into_val(), rule.at()));
        }
    }
    let rules_at = config.map_or(item.at, |c| c.at_of("rules"));
    a.put("rule", Val::list(rules), rules_at);
    Ok(vec![Piece::Resource(a.resource(
        REGISTRY_ID,
        "aws_ecr_registry_scanning_configuration",
        item.at,
    ))])
}
