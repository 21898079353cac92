//! Normalise: turn one scan unit's raw resources into the estate model policies read.
//!
//! This is where the many ways to declare the same thing become one: inline and
//! separate security-group rules, S3 buckets and their separate encryption resources,
//! IAM documents written as JSON strings or objects. Cross-resource references are
//! resolved here (by the resource ids loaders recorded for unknown values, or by a
//! known value matching another resource's `id`/name). Normalisers know the input
//! formats' resource types, never the policies.

mod bucket_policies;
mod cloudfront;
mod data_stores;
mod db_parameter_groups;
mod ecr;
mod ecs;
mod elasticache;
mod guardduty;
mod iam;
mod iam_principals;
mod index;
mod kms;
mod load_balancers;
mod network_acls;
mod rds_operations;
mod read;
mod s3_acl;
mod s3_public_access;
mod security_groups;
mod services;
mod settings;
mod subnets;
mod trails;
pub(crate) mod volumes;
mod vpcs;
mod web_acls;

use crate::diagnostics::Notification;
use crate::load::Document;
use crate::model::estate::{Aws, ResourceView};
use crate::model::{path_to_string, Estate};

pub use index::ResourceIndex;

pub fn normalise(document: &Document) -> (Estate, Vec<Notification>) {
    let index = ResourceIndex::new(&document.resources);
    let mut notes = Vec::new();
    let resources = document
        .resources
        .iter()
        .map(|r| ResourceView {
            id: r.id.clone(),
            kind: r.kind.clone(),
            source_format: document.format.as_str(),
            attributes: r.attributes.to_json(),
            unknown: r
                .attributes
                .unknown_paths()
                .iter()
                .map(|p| path_to_string(p))
                .collect(),
        })
        .collect();
    let mut data_stores = data_stores::normalise(&index);
    db_parameter_groups::link(&mut data_stores, &index);
    bucket_policies::link(&mut data_stores, &index);
    let network_acls = network_acls::normalise(&index);
    let aws = Aws {
        subnets: subnets::normalise(&index, &network_acls),
        network_acls,
        security_groups: security_groups::normalise(&index),
        data_stores,
        kms_keys: kms::normalise(&index),
        iam: iam::normalise(&index, &mut notes),
        load_balancers: load_balancers::normalise(&index),
        db_parameter_groups: db_parameter_groups::normalise(&index),
        cloudfront_distributions: cloudfront::normalise(&index),
        trails: trails::normalise(&index),
        vpcs: vpcs::normalise(&index),
        guardduty_detectors: guardduty::normalise(&index),
        ecs_task_definitions: ecs::normalise(&index, &mut notes),
    };
    let estate = Estate {
        format: document.format.as_str(),
        file: document.display.clone(),
        resources,
        aws,
    };
    (estate, notes)
}
