//! What an RDS instance or cluster exposes and how it survives failure: public
//! reachability, automated backups, deletion protection and Multi-AZ. Read after the
//! stores are built, because an Aurora cluster's Multi-AZ depends on its members.
//!
//! Defaults, where nothing is declared: Terraform's provider sends
//! `publicly_accessible = false`; CloudFormation leaves it to RDS, which makes the
//! database public when its VPC has an internet gateway, so an undeclared
//! `PubliclyAccessible` is unknown. Backups default to one day, deletion protection to
//! off, Multi-AZ to off.

use super::data_stores::declared_at;
use super::read::{self, Field};
use crate::model::estate::{DataStore, DataStoreKind};
use crate::model::key;
use crate::model::RawResource;

struct Names {
    public: &'static str,
    backups: &'static str,
    deletion: &'static str,
    multi_az: &'static str,
}

const TF: Names = Names {
    public: "publicly_accessible",
    backups: "backup_retention_period",
    deletion: "deletion_protection",
    multi_az: "multi_az",
};

const CFN: Names = Names {
    public: "PubliclyAccessible",
    backups: "BackupRetentionPeriod",
    deletion: "DeletionProtection",
    multi_az: "MultiAZ",
};

pub fn read(store: &mut DataStore, resource: &RawResource) {
    if !matches!(
        store.kind,
        DataStoreKind::RdsInstance | DataStoreKind::RdsCluster
    ) {
        return;
    }
    let cfn = resource.kind.starts_with("AWS::");
    let names = if cfn { &CFN } else { &TF };
    let is_instance = store.kind == DataStoreKind::RdsInstance;
    if is_instance {
        match field(resource, names.public, read::boolean) {
            Field::Known(v) => {
                store.publicly_accessible = Some(v);
                declared_at(
                    store,
                    "publicly_accessible",
                    &resource.id,
                    vec![key(names.public)],
                );
            }
            Field::Unknown => {
                store.unknown.push("publicly_accessible");
                declared_at(
                    store,
                    "publicly_accessible",
                    &resource.id,
                    vec![key(names.public)],
                );
            }
            Field::Absent if cfn => store.unknown.push("publicly_accessible"),
            Field::Absent => store.publicly_accessible = Some(false),
        }
    }
    if store.cluster.is_none() {
        let backups = field(resource, names.backups, read::integer);
        declare(
            store,
            resource,
            "backup_retention_days",
            names.backups,
            &backups,
        );
        store.backup_retention_days = match backups {
            Field::Known(days) => Some(days),
            Field::Absent => Some(1),
            Field::Unknown => None,
        };
        let deletion = field(resource, names.deletion, read::boolean);
        declare(
            store,
            resource,
            "deletion_protection",
            names.deletion,
            &deletion,
        );
        store.deletion_protection = match deletion {
            Field::Known(on) => Some(on),
            Field::Absent => Some(false),
            Field::Unknown => None,
        };
    }
    if is_instance && store.cluster.is_none() {
        let multi_az = field(resource, names.multi_az, read::boolean);
        declare(store, resource, "multi_az", names.multi_az, &multi_az);
        store.multi_az = match multi_az {
            Field::Known(on) => Some(on),
            Field::Absent => Some(false),
            Field::Unknown => None,
        };
    }
}

/// An Aurora cluster is Multi-AZ when the unit declares at least two member instances
/// (RDS spreads them across zones unless pinned; palisade does not judge pinning).
pub fn cluster_multi_az(stores: &mut [DataStore]) {
    let members: Vec<String> = stores.iter().filter_map(|s| s.cluster.clone()).collect();
    for store in stores
        .iter_mut()
        .filter(|s| s.kind == DataStoreKind::RdsCluster)
    {
        let count = members.iter().filter(|c| **c == store.id).count();
        store.multi_az = Some(count >= 2);
    }
}

/// A value, treating a computed attribute the configuration did not set as absent.
fn field<T>(
    resource: &RawResource,
    name: &str,
    reader: fn(Option<&crate::model::Value>) -> Field<T>,
) -> Field<T> {
    reader(read::configured(resource.attr(name)))
}

fn declare<T>(
    store: &mut DataStore,
    resource: &RawResource,
    field: &'static str,
    attr: &str,
    value: &Field<T>,
) {
    match value {
        Field::Known(_) => declared_at(store, field, &resource.id, vec![key(attr)]),
        Field::Unknown => {
            store.unknown.push(field);
            declared_at(store, field, &resource.id, vec![key(attr)]);
        }
        Field::Absent => {}
    }
}
