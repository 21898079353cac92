//! KMS keys, from `aws_kms_key` and `AWS::KMS::Key`, with the settings that decide how
//! long key material lives and how a key can be lost. Replica keys are left out: their
//! rotation and material follow the primary key.

use super::read;
use super::ResourceIndex;
use crate::model::estate::{KmsKey, SourceRef};
use crate::model::{PathSegment, RawResource};

pub fn normalise(index: &ResourceIndex) -> Vec<KmsKey> {
    index
        .resources
        .iter()
        .filter_map(|resource| match resource.kind.as_str() {
            "aws_kms_key" => Some(key(resource, &TF_FIELDS)),
            "AWS::KMS::Key" => Some(key(resource, &CFN_FIELDS)),
            _ => None,
        })
        .collect()
}

/// Where each model field is declared, per format.
struct KeyFields {
    description: &'static str,
    key_spec: &'static str,
    key_usage: &'static str,
    rotation: &'static str,
    rotation_period: &'static str,
    deletion_window: &'static str,
    enabled: &'static str,
    multi_region: &'static str,
}

const TF_FIELDS: KeyFields = KeyFields {
    description: "description",
    key_spec: "customer_master_key_spec",
    key_usage: "key_usage",
    rotation: "enable_key_rotation",
    rotation_period: "rotation_period_in_days",
    deletion_window: "deletion_window_in_days",
    enabled: "is_enabled",
    multi_region: "multi_region",
};

const CFN_FIELDS: KeyFields = KeyFields {
    description: "Description",
    key_spec: "KeySpec",
    key_usage: "KeyUsage",
    rotation: "EnableKeyRotation",
    rotation_period: "RotationPeriodInDays",
    deletion_window: "PendingWindowInDays",
    enabled: "Enabled",
    multi_region: "MultiRegion",
};

fn key(resource: &RawResource, fields: &KeyFields) -> KmsKey {
    let mut key = KmsKey {
        id: resource.id.clone(),
        path: Vec::new(),
        description: None,
        key_spec: None,
        key_usage: None,
        rotation_enabled: None,
        rotation_period_days: None,
        deletion_window_days: None,
        enabled: None,
        multi_region: None,
        unknown: Vec::new(),
        sources: Default::default(),
    };
    let attr = |name: &str| resource.attr(name);
    read::non_empty_text(attr(fields.description)).store(
        &mut key.description,
        "description",
        &mut key.unknown,
    );
    read::non_empty_text(attr(fields.key_spec)).store(
        &mut key.key_spec,
        "key_spec",
        &mut key.unknown,
    );
    read::non_empty_text(attr(fields.key_usage)).store(
        &mut key.key_usage,
        "key_usage",
        &mut key.unknown,
    );
    if attr(fields.rotation).is_some() {
        key.sources.insert(
            "rotation_enabled",
            SourceRef {
                id: resource.id.clone(),
                path: vec![PathSegment::Key(fields.rotation.to_owned())],
            },
        );
    }
    read::boolean(attr(fields.rotation)).store(
        &mut key.rotation_enabled,
        "rotation_enabled",
        &mut key.unknown,
    );
    // Terraform computes the rotation period when it is not configured.
    if !read::unset_computed(attr(fields.rotation_period)) {
        read::integer(attr(fields.rotation_period)).store(
            &mut key.rotation_period_days,
            "rotation_period_days",
            &mut key.unknown,
        );
    }
    read::integer(attr(fields.deletion_window)).store(
        &mut key.deletion_window_days,
        "deletion_window_days",
        &mut key.unknown,
    );
    read::boolean(attr(fields.enabled)).store(&mut key.enabled, "enabled", &mut key.unknown);
    read::boolean(attr(fields.multi_region)).store(
        &mut key.multi_region,
        "multi_region",
        &mut key.unknown,
    );
    key
}
