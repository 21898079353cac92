//! ElastiCache replication groups and cache clusters as data stores. Kept apart from
//! `data_stores` because their defaults differ by engine: a Valkey replication group is
//! encrypted at rest unless told otherwise, a Redis OSS one is not, and Memcached cannot
//! encrypt at rest at all.

use super::data_stores::{kms_key, new_store};
use super::read::{self, Field};
use super::settings::Slots;
use super::ResourceIndex;
use crate::model::estate::{DataStore, DataStoreKind};
use crate::model::{RawResource, Value};

/// Where each model field is declared, per format.
struct Fields {
    kind: DataStoreKind,
    name: &'static str,
    engine: &'static str,
    engine_version: &'static str,
    at_rest: Option<&'static str>,
    kms_key: Option<&'static str>,
    transit: &'static str,
    /// The replication group a cache cluster belongs to.
    group: Option<&'static str>,
}

const TF_GROUP: Fields = Fields {
    kind: DataStoreKind::ElasticacheReplicationGroup,
    name: "replication_group_id",
    engine: "engine",
    engine_version: "engine_version",
    at_rest: Some("at_rest_encryption_enabled"),
    kms_key: Some("kms_key_id"),
    transit: "transit_encryption_enabled",
    group: None,
};

const CFN_GROUP: Fields = Fields {
    kind: DataStoreKind::ElasticacheReplicationGroup,
    name: "ReplicationGroupId",
    engine: "Engine",
    engine_version: "EngineVersion",
    at_rest: Some("AtRestEncryptionEnabled"),
    kms_key: Some("KmsKeyId"),
    transit: "TransitEncryptionEnabled",
    group: None,
};

const TF_CLUSTER: Fields = Fields {
    kind: DataStoreKind::ElasticacheCluster,
    name: "cluster_id",
    engine: "engine",
    engine_version: "engine_version",
    at_rest: None,
    kms_key: None,
    transit: "transit_encryption_enabled",
    group: Some("replication_group_id"),
};

const CFN_CLUSTER: Fields = Fields {
    kind: DataStoreKind::ElasticacheCluster,
    name: "ClusterName",
    engine: "Engine",
    engine_version: "EngineVersion",
    at_rest: None,
    kms_key: None,
    transit: "TransitEncryptionEnabled",
    group: None,
};

const GROUP_KINDS: &[&str] = &[
    "aws_elasticache_replication_group",
    "AWS::ElastiCache::ReplicationGroup",
];

/// The data store for an ElastiCache resource, `None` for any other resource.
pub(super) fn store(resource: &RawResource, index: &ResourceIndex) -> Option<DataStore> {
    let (fields, tf) = match resource.kind.as_str() {
        "aws_elasticache_replication_group" => (&TF_GROUP, true),
        "AWS::ElastiCache::ReplicationGroup" => (&CFN_GROUP, false),
        "aws_elasticache_cluster" => (&TF_CLUSTER, true),
        "AWS::ElastiCache::CacheCluster" => (&CFN_CLUSTER, false),
        _ => return None,
    };
    let mut store = new_store(resource, fields.kind);
    let attr = |name: &str| resource.attr(name);
    read::non_empty_text(attr(fields.name)).store(&mut store.name, "name", &mut store.unknown);
    read::non_empty_text(attr(fields.engine)).store(
        &mut store.engine,
        "engine",
        &mut store.unknown,
    );
    if !read::unset_computed(attr(fields.engine_version)) {
        read::non_empty_text(attr(fields.engine_version)).store(
            &mut store.engine_version,
            "engine_version",
            &mut store.unknown,
        );
    }
    if let Some(group) = fields.group {
        store.cluster = member_of(attr(group), index);
    }
    let mut slots = Slots {
        unknown: &mut store.unknown,
        sources: &mut store.sources,
    };
    let transit = flag(resource, fields.transit);
    slots.store(
        resource,
        fields.transit,
        "encrypted_in_transit",
        transit,
        &mut store.encrypted_in_transit,
    );
    if let Some(at_rest) = fields.at_rest {
        let declared = flag(resource, at_rest);
        slots.store(
            resource,
            at_rest,
            "encrypted_at_rest",
            declared,
            &mut store.encrypted_at_rest,
        );
        // Valkey replication groups are encrypted at rest by default; Redis OSS ones are not.
        let valkey = store.engine.as_deref() == Some("valkey");
        if valkey
            && store.encrypted_at_rest.is_none()
            && !store.unknown.contains(&"encrypted_at_rest")
        {
            store.encrypted_at_rest = Some(true);
        }
    }
    if let Some(key) = fields.kms_key {
        if !(tf && read::unset_computed(attr(key))) {
            kms_key(attr(key), tf.then_some(index)).store(
                &mut store.kms_key,
                "kms_key",
                &mut store.unknown,
            );
        }
    }
    Some(store)
}

/// A boolean setting as configured. Terraform marks these computed when unset; that
/// reads as "not declared" (AWS's default applies).
fn flag(resource: &RawResource, attr: &str) -> Field<bool> {
    read::boolean(read::configured(resource.attr(attr)))
}

/// The replication group a Terraform `aws_elasticache_cluster` joins: its id in this
/// unit, else the group id as written.
fn member_of(value: Option<&Value>, index: &ResourceIndex) -> Option<String> {
    let value = value?;
    if let Some(group) = index.referenced(value, GROUP_KINDS) {
        return Some(group.id.clone());
    }
    match value {
        Value::Unknown(u) => Some(
            u.refs
                .first()
                .cloned()
                .unwrap_or_else(|| "unknown".to_owned()),
        ),
        other => read::non_empty_text(Some(other)).known(),
    }
}
