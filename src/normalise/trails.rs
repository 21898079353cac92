//! CloudTrail trails (`aws_cloudtrail`, `AWS::CloudTrail::Trail`). The AWS defaults
//! that the rules judge against: a trail is single-Region, without log file
//! validation, and its logs are encrypted only with SSE-S3 unless a KMS key is named.

use std::collections::BTreeMap;

use super::data_stores::{key_reference, resolve_key};
use super::read::{self, Field};
use super::settings::Slots;
use super::ResourceIndex;
use crate::model::baseline::Trail;
use crate::model::RawResource;

struct Names {
    name: &'static str,
    multi_region: &'static str,
    validation: &'static str,
    kms_key: &'static str,
    logging: &'static str,
}

const TF: Names = Names {
    name: "name",
    multi_region: "is_multi_region_trail",
    validation: "enable_log_file_validation",
    kms_key: "kms_key_id",
    logging: "enable_logging",
};

const CFN: Names = Names {
    name: "TrailName",
    multi_region: "IsMultiRegionTrail",
    validation: "EnableLogFileValidation",
    kms_key: "KMSKeyId",
    logging: "IsLogging",
};

pub fn normalise(index: &ResourceIndex) -> Vec<Trail> {
    index
        .resources
        .iter()
        .filter_map(|resource| match resource.kind.as_str() {
            "aws_cloudtrail" => Some(trail(resource, &TF, index)),
            "AWS::CloudTrail::Trail" => Some(trail(resource, &CFN, index)),
            _ => None,
        })
        .collect()
}

fn trail(resource: &RawResource, names: &Names, index: &ResourceIndex) -> Trail {
    let mut trail = Trail {
        id: resource.id.clone(),
        path: Vec::new(),
        name: None,
        is_multi_region: None,
        log_file_validation: None,
        kms_key: None,
        key_is_customer_managed: None,
        is_logging: None,
        unknown: Vec::new(),
        sources: BTreeMap::new(),
    };
    let mut slots = Slots {
        unknown: &mut trail.unknown,
        sources: &mut trail.sources,
    };
    read::non_empty_text(resource.attr(names.name)).store(&mut trail.name, "name", slots.unknown);
    let attr = |a: &str| resource.attr(a);
    slots.store(
        resource,
        names.multi_region,
        "is_multi_region",
        read::boolean(attr(names.multi_region)),
        &mut trail.is_multi_region,
    );
    slots.store(
        resource,
        names.validation,
        "log_file_validation",
        read::boolean(attr(names.validation)),
        &mut trail.log_file_validation,
    );
    slots.store(
        resource,
        names.logging,
        "is_logging",
        read::boolean(attr(names.logging)),
        &mut trail.is_logging,
    );
    let key = key_reference(attr(names.kms_key), index);
    let ownership = match &key {
        Field::Known(reference) => {
            resolve_key(reference, index).map_or(Field::Unknown, Field::Known)
        }
        Field::Unknown => Field::Unknown,
        Field::Absent => Field::Absent,
    };
    ownership.store(
        &mut trail.key_is_customer_managed,
        "key_is_customer_managed",
        slots.unknown,
    );
    slots.store(resource, names.kms_key, "kms_key", key, &mut trail.kms_key);
    trail
}
