//! ECR repositories: how images are encrypted, whether they are scanned on push, and
//! whether tags can be moved. Scanning may be switched on for the repository itself or
//! by a registry-wide scanning rule (`aws_ecr_registry_scanning_configuration`,
//! `AWS::ECR::RegistryScanningConfiguration`) whose filter matches the repository, in
//! which case `sources.scan_on_push` points at the rule.

use super::data_stores::declared_at;
use super::data_stores::new_store;
use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::estate::{DataStore, DataStoreKind};
use crate::model::key;
use crate::model::{AttrPath, PathSegment, RawResource, Value};

struct Names {
    name: &'static str,
    mutability: &'static str,
    scanning: &'static str,
    scan_on_push: &'static str,
    encryption: &'static str,
    encryption_type: &'static str,
    kms_key: &'static str,
}

const TF: Names = Names {
    name: "name",
    mutability: "image_tag_mutability",
    scanning: "image_scanning_configuration",
    scan_on_push: "scan_on_push",
    encryption: "encryption_configuration",
    encryption_type: "encryption_type",
    kms_key: "kms_key",
};

const CFN: Names = Names {
    name: "RepositoryName",
    mutability: "ImageTagMutability",
    scanning: "ImageScanningConfiguration",
    scan_on_push: "ScanOnPush",
    encryption: "EncryptionConfiguration",
    encryption_type: "EncryptionType",
    kms_key: "KmsKey",
};

pub fn repository(resource: &RawResource, index: &ResourceIndex) -> DataStore {
    let names = if resource.kind.starts_with("AWS::") {
        &CFN
    } else {
        &TF
    };
    let mut store = new_store(resource, DataStoreKind::EcrRepository);
    read::non_empty_text(resource.attr(names.name)).store(
        &mut store.name,
        "name",
        &mut store.unknown,
    );
    store.encrypted_at_rest = Some(true);
    read_mutability(&mut store, resource, names);
    read_scanning(&mut store, resource, names);
    if store.scan_on_push != Some(true) {
        registry_scanning(&mut store, index);
    }
    read_encryption(&mut store, resource, names, index);
    store
}

/// The first block of a nested configuration and its path (Terraform writes blocks as
/// one-element lists, CloudFormation as objects). `None` when it is unknown.
fn first_block<'v>(value: Option<&'v Value>, attr: &str) -> Option<(Option<&'v Value>, AttrPath)> {
    let blocks = read::blocks(value)?;
    Some(match (value, blocks.first()) {
        (Some(Value::List(_)), Some(block)) => {
            (Some(*block), vec![key(attr), PathSegment::Index(0)])
        }
        (_, block) => (block.copied(), vec![key(attr)]),
    })
}

fn read_mutability(store: &mut DataStore, resource: &RawResource, names: &Names) {
    let value = resource.attr(names.mutability);
    if read::unset_computed(value) {
        return;
    }
    read::non_empty_text(value).store(
        &mut store.tag_mutability,
        "tag_mutability",
        &mut store.unknown,
    );
    if store.tag_mutability.is_some() {
        declared_at(
            store,
            "tag_mutability",
            &resource.id,
            vec![key(names.mutability)],
        );
    }
}

fn read_scanning(store: &mut DataStore, resource: &RawResource, names: &Names) {
    let Some((block, mut path)) = first_block(resource.attr(names.scanning), names.scanning) else {
        store.unknown.push("scan_on_push");
        return;
    };
    let Some(block) = block else {
        return;
    };
    read::boolean(block.get(names.scan_on_push)).store(
        &mut store.scan_on_push,
        "scan_on_push",
        &mut store.unknown,
    );
    if store.scan_on_push.is_some() {
        path.push(key(names.scan_on_push));
        declared_at(store, "scan_on_push", &resource.id, path);
    }
}

fn read_encryption(
    store: &mut DataStore,
    resource: &RawResource,
    names: &Names,
    index: &ResourceIndex,
) {
    let Some((block, path)) = first_block(resource.attr(names.encryption), names.encryption) else {
        store.unknown.push("encryption");
        return;
    };
    let kind = block.map_or(Field::Absent, |b| {
        read::non_empty_text(b.get(names.encryption_type))
    });
    match kind {
        Field::Unknown => store.unknown.push("encryption"),
        Field::Known(kind) if kind.starts_with("KMS") => {
            store.encryption = Some("kms".to_owned());
            let mut at = path;
            at.push(key(names.encryption_type));
            declared_at(store, "encrypted_at_rest", &resource.id, at);
            let key_value = block.and_then(|b| b.get(names.kms_key));
            if !read::unset_computed(key_value) {
                super::data_stores::kms_key(key_value, Some(index)).store(
                    &mut store.kms_key,
                    "kms_key",
                    &mut store.unknown,
                );
            }
        }
        Field::Known(_) | Field::Absent => store.encryption = Some("service".to_owned()),
    }
}

/// A registry scanning rule whose filter matches the repository and scans on push
/// (`SCAN_ON_PUSH`, or `CONTINUOUS_SCAN`, which also scans every pushed image).
fn registry_scanning(store: &mut DataStore, index: &ResourceIndex) {
    let kinds = [
        "aws_ecr_registry_scanning_configuration",
        "AWS::ECR::RegistryScanningConfiguration",
    ];
    for config in index.of_kind(&kinds) {
        let cfn = config.kind.starts_with("AWS::");
        let (rules_attr, frequency_attr, filters_attr, filter_attr) = if cfn {
            ("Rules", "ScanFrequency", "RepositoryFilters", "Filter")
        } else {
            ("rule", "scan_frequency", "repository_filter", "filter")
        };
        let Some(rules) = read::blocks(config.attr(rules_attr)) else {
            store.unknown.push("scan_on_push");
            return;
        };
        for (i, rule) in rules.into_iter().enumerate() {
            let scans = matches!(
                read::text(rule.get(frequency_attr)),
                Field::Known(f) if f == "SCAN_ON_PUSH" || f == "CONTINUOUS_SCAN"
            );
            if !scans {
                continue;
            }
            let filters = read::blocks(rule.get(filters_attr)).unwrap_or_default();
            let matched = filters.iter().any(|filter| {
                match (read::text(filter.get(filter_attr)), &store.name) {
                    (Field::Known(pattern), Some(name)) => wildcard_match(&pattern, name),
                    (Field::Known(pattern), None) => pattern == "*",
                    _ => false,
                }
            });
            if matched {
                store.scan_on_push = Some(true);
                store.unknown.retain(|f| *f != "scan_on_push");
                declared_at(
                    store,
                    "scan_on_push",
                    &config.id,
                    vec![key(rules_attr), PathSegment::Index(i)],
                );
                return;
            }
        }
    }
}

/// ECR repository filters: `*` matches any run of characters, everything else itself.
/// The classic greedy matcher with one backtrack point: linear in practice, and never
/// exponential on a hostile pattern.
fn wildcard_match(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(c) if Some(c) == name.get(n) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((star_p, star_n)) => {
                    p = star_p + 1;
                    n = star_n + 1;
                    star = Some((star_p, star_n + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

#[cfg(test)]
mod tests {
    use super::wildcard_match;

    #[test]
    fn wildcards_match_like_ecr_filters() {
        assert!(wildcard_match("*", "acme/api"));
        assert!(wildcard_match("acme/*", "acme/api"));
        assert!(wildcard_match("*api", "acme/api"));
        assert!(wildcard_match("a*e/*i", "acme/api"));
        assert!(!wildcard_match("acme/*", "other/api"));
        assert!(!wildcard_match("acme", "acme/api"));
    }
}
