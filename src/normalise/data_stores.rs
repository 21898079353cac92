//! Data stores: anything that keeps data at rest, with how it is encrypted. An S3
//! bucket's encryption may be declared on the bucket (CloudFormation, legacy Terraform)
//! or by a separate `aws_s3_bucket_server_side_encryption_configuration`; either way the
//! bucket is one element, and `sources` says which declaration decided it.

use std::collections::BTreeMap;

use super::read::{self, Field};
use super::{rds_operations, s3_acl, s3_public_access, services, volumes, ResourceIndex};
use crate::model::estate::{DataStore, DataStoreKind, SourceRef};
use crate::model::key;
use crate::model::{AttrPath, PathSegment, RawResource, Value};

pub fn normalise(index: &ResourceIndex) -> Vec<DataStore> {
    let mut stores = Vec::new();
    for resource in index.resources {
        let store = match resource.kind.as_str() {
            "aws_s3_bucket" => tf_bucket(resource, index),
            "AWS::S3::Bucket" => cfn_bucket(resource),
            "aws_db_instance" | "aws_rds_cluster_instance" => {
                tf_rds(resource, DataStoreKind::RdsInstance)
            }
            "aws_rds_cluster" => tf_rds(resource, DataStoreKind::RdsCluster),
            "AWS::RDS::DBInstance" => cfn_rds(resource, DataStoreKind::RdsInstance),
            "AWS::RDS::DBCluster" => cfn_rds(resource, DataStoreKind::RdsCluster),
            _ => {
                if let Some(store) = super::elasticache::store(resource, index) {
                    stores.push(store);
                }
                stores.extend(volumes::normalise(resource, index));
                stores.extend(services::normalise(resource, index));
                continue;
            }
        };
        stores.push(store);
    }
    for store in &mut stores {
        judge_key_ownership(store, index);
        if let Some(resource) = index.get(&store.id) {
            store.tags = read::resource_tags(resource);
            rds_operations::read(store, resource);
        }
    }
    rds_operations::cluster_multi_az(&mut stores);
    s3_public_access::read(&mut stores, index);
    s3_acl::read(&mut stores, index);
    stores
}

/// S3 and RDS say how they encrypt in their own terms; the other stores set
/// `encryption` where they are read.
fn encryption_scheme(store: &DataStore) -> Option<&'static str> {
    match store.kind {
        DataStoreKind::S3Bucket => store.sse_algorithm.as_deref().map(|a| {
            if a.starts_with("aws:kms") {
                "kms"
            } else {
                "service"
            }
        }),
        DataStoreKind::RdsInstance
        | DataStoreKind::RdsCluster
        | DataStoreKind::ElasticacheReplicationGroup
        | DataStoreKind::ElasticacheCluster => {
            (store.encrypted_at_rest == Some(true)).then_some("kms")
        }
        _ => store.encryption.as_deref().and_then(|e| match e {
            "kms" => Some("kms"),
            "service" => Some("service"),
            _ => None,
        }),
    }
}

const KEY_KINDS: &[&str] = &["aws_kms_key", "AWS::KMS::Key"];
/// Keys and their aliases: what a store's key reference may point at.
pub(super) const KMS_KINDS: &[&str] = &[
    "aws_kms_key",
    "aws_kms_alias",
    "AWS::KMS::Key",
    "AWS::KMS::Alias",
];
const ALIAS_KINDS: &[&str] = &["aws_kms_alias", "AWS::KMS::Alias"];

/// Whether the store's KMS key is customer managed, decided by resolving the key to a
/// key resource in this unit, never by the shape of an ARN alone: AWS managed keys have
/// `key/<uuid>` ARNs too. An `alias/aws/…` alias, or no key at all on storage encrypted
/// with KMS, means the AWS managed key. A key ARN or id from outside the unit stays
/// undecided.
fn judge_key_ownership(store: &mut DataStore, index: &ResourceIndex) {
    // Findings on the key point where the encryption is declared, where the fix goes.
    if let Some(source) = store
        .sources
        .get("sse_algorithm")
        .or_else(|| store.sources.get("encrypted_at_rest"))
        .cloned()
    {
        store.sources.entry("kms_key").or_insert(source);
    }
    let scheme = encryption_scheme(store);
    store.encryption = scheme.map(str::to_owned);
    let uses_kms = scheme == Some("kms");
    if store.unknown.contains(&"kms_key") {
        store.unknown.push("key_is_customer_managed");
        return;
    }
    let Some(reference) = store.kms_key.clone() else {
        if uses_kms {
            store.key_is_customer_managed = Some(false);
        }
        return;
    };
    match resolve_key(&reference, index) {
        Some(managed) => store.key_is_customer_managed = Some(managed),
        None => store.unknown.push("key_is_customer_managed"),
    }
}

/// `Some(true)` for a key (or an alias of a key) declared in this unit, `Some(false)`
/// for an AWS managed alias, `None` when the key cannot be placed.
pub(super) fn resolve_key(reference: &str, index: &ResourceIndex) -> Option<bool> {
    if reference.contains("alias/aws/") {
        return Some(false);
    }
    let value = Value::String(reference.to_owned());
    let found = index
        .get(reference)
        .or_else(|| index.referenced(&value, &[KEY_KINDS, ALIAS_KINDS].concat()))?;
    if KEY_KINDS.contains(&found.kind.as_str()) {
        return Some(true);
    }
    // An alias: AWS managed by its name, else customer managed if its target is a key
    // of this unit.
    let name = read::text(found.attr("name").or_else(|| found.attr("AliasName")));
    if let Field::Known(name) = name {
        if name.starts_with("alias/aws/") {
            return Some(false);
        }
    }
    let target = found
        .attr("target_key_id")
        .or_else(|| found.attr("TargetKeyId"))?;
    index.referenced(target, KEY_KINDS).map(|_| true)
}

/// Records where a field's deciding value was declared, so findings on it point there.
pub(super) fn declared_at(store: &mut DataStore, field: &'static str, id: &str, path: AttrPath) {
    store.sources.insert(
        field,
        SourceRef {
            id: id.to_owned(),
            path,
        },
    );
}

pub(super) fn new_store(resource: &RawResource, kind: DataStoreKind) -> DataStore {
    DataStore {
        id: resource.id.clone(),
        path: Vec::new(),
        kind,
        name: None,
        encrypted_at_rest: None,
        sse_algorithm: None,
        encryption: None,
        kms_key: None,
        key_is_customer_managed: None,
        engine: None,
        cluster: None,
        encryption_inherited_from: None,
        scan_on_push: None,
        tag_mutability: None,
        publicly_accessible: None,
        backup_retention_days: None,
        deletion_protection: None,
        multi_az: None,
        public_access_block: None,
        public_grants: Vec::new(),
        tags: BTreeMap::new(),
        engine_version: None,
        encrypted_in_transit: None,
        parameter_group: None,
        policies: Vec::new(),
        unknown: Vec::new(),
        sources: BTreeMap::new(),
    }
}

/// A key attribute as a reference (`kms_key`): `Known` when a key is given (its value
/// may be unknown, but it names a key resource of this unit), `Unknown` when whether any
/// key is given is unknown (a variable without a value may well be null), `Absent` when
/// none is (Terraform's unset computed attribute included).
pub(super) fn key_reference(value: Option<&Value>, index: &ResourceIndex) -> Field<String> {
    if read::unset_computed(value) {
        return Field::Absent;
    }
    // An unknown value is a key only when it refers to a key of this unit; a value
    // read from elsewhere at apply time (a parameter, a remote output) may be empty.
    if let Some(unknown @ Value::Unknown(_)) = value {
        if index.referenced(unknown, KMS_KINDS).is_none() {
            return Field::Unknown;
        }
    }
    kms_key(value, Some(index))
}

/// A KMS key reference: the key resource in this unit when the value points at one,
/// else the ARN/alias/id text.
pub(super) fn kms_key(value: Option<&Value>, index: Option<&ResourceIndex>) -> Field<String> {
    if let (Some(value), Some(index)) = (value, index) {
        if let Some(key) = index.referenced(value, KMS_KINDS) {
            return Field::Known(key.id.clone());
        }
    }
    match value {
        Some(Value::Unknown(u)) => u.refs.first().cloned().map_or(Field::Unknown, Field::Known),
        other => read::non_empty_text(other),
    }
}

/// The default-encryption rule of an S3 encryption configuration: `(algorithm, key, path
/// of the algorithm)` below `rule[0].apply_server_side_encryption_by_default[0]`.
fn tf_sse_rule(config: &Value) -> Option<(Field<String>, Option<&Value>, AttrPath)> {
    let rules = read::blocks(config.get("rule"))?;
    for (i, rule) in rules.into_iter().enumerate() {
        let defaults = read::blocks(rule.get("apply_server_side_encryption_by_default"))?;
        if let Some(default) = defaults.first() {
            let path = vec![
                key("rule"),
                PathSegment::Index(i),
                key("apply_server_side_encryption_by_default"),
                PathSegment::Index(0),
                key("sse_algorithm"),
            ];
            return Some((
                read::non_empty_text(default.get("sse_algorithm")),
                default.get("kms_master_key_id"),
                path,
            ));
        }
    }
    Some((Field::Absent, None, Vec::new()))
}

fn tf_bucket(resource: &RawResource, index: &ResourceIndex) -> DataStore {
    let mut store = new_store(resource, DataStoreKind::S3Bucket);
    read::non_empty_text(resource.attr("bucket")).store(
        &mut store.name,
        "name",
        &mut store.unknown,
    );
    // A separate configuration resource wins over the (legacy) inline block.
    let separate = index
        .of_kind(&["aws_s3_bucket_server_side_encryption_configuration"])
        .find(|config| {
            config
                .attr("bucket")
                .and_then(|b| index.referenced(b, &["aws_s3_bucket"]))
                .is_some_and(|bucket| bucket.id == resource.id)
        });
    let (declaration, config_value, base): (&RawResource, Option<&Value>, AttrPath) = match separate
    {
        Some(config) => (config, Some(&config.attributes), Vec::new()),
        None => {
            let inline = resource.attr("server_side_encryption_configuration");
            if read::unset_computed(inline) {
                (resource, None, Vec::new())
            } else {
                let first = match read::blocks(inline) {
                    Some(blocks) => blocks.first().copied(),
                    None => {
                        store.unknown.push("sse_algorithm");
                        return store;
                    }
                };
                (
                    resource,
                    first,
                    vec![
                        key("server_side_encryption_configuration"),
                        PathSegment::Index(0),
                    ],
                )
            }
        }
    };
    if let Some(config) = config_value {
        match tf_sse_rule(config) {
            Some((algorithm, key_value, path)) => {
                let decided = !matches!(algorithm, Field::Absent);
                algorithm.store(
                    &mut store.sse_algorithm,
                    "sse_algorithm",
                    &mut store.unknown,
                );
                kms_key(key_value, Some(index)).store(
                    &mut store.kms_key,
                    "kms_key",
                    &mut store.unknown,
                );
                if decided {
                    let mut full = base.clone();
                    full.extend(path);
                    store.sources.insert(
                        "sse_algorithm",
                        SourceRef {
                            id: declaration.id.clone(),
                            path: full,
                        },
                    );
                }
            }
            None => store.unknown.push("sse_algorithm"),
        }
    }
    store.encrypted_at_rest = store.sse_algorithm.as_ref().map(|_| true);
    store
}

fn cfn_bucket(resource: &RawResource) -> DataStore {
    let mut store = new_store(resource, DataStoreKind::S3Bucket);
    read::non_empty_text(resource.attr("BucketName")).store(
        &mut store.name,
        "name",
        &mut store.unknown,
    );
    let rules = resource
        .attr("BucketEncryption")
        .map(|e| read::blocks(e.get("ServerSideEncryptionConfiguration")));
    match rules {
        None => {}
        Some(None) => store.unknown.push("sse_algorithm"),
        Some(Some(rules)) => {
            if let Some(rule) = rules.first() {
                let default = rule.get("ServerSideEncryptionByDefault");
                read::non_empty_text(default.and_then(|d| d.get("SSEAlgorithm"))).store(
                    &mut store.sse_algorithm,
                    "sse_algorithm",
                    &mut store.unknown,
                );
                kms_key(default.and_then(|d| d.get("KMSMasterKeyID")), None).store(
                    &mut store.kms_key,
                    "kms_key",
                    &mut store.unknown,
                );
                store.sources.insert(
                    "sse_algorithm",
                    SourceRef {
                        id: resource.id.clone(),
                        path: vec![
                            key("BucketEncryption"),
                            key("ServerSideEncryptionConfiguration"),
                            PathSegment::Index(0),
                            key("ServerSideEncryptionByDefault"),
                            key("SSEAlgorithm"),
                        ],
                    },
                );
            }
        }
    }
    store.encrypted_at_rest = store.sse_algorithm.as_ref().map(|_| true);
    store
}

fn tf_rds(resource: &RawResource, kind: DataStoreKind) -> DataStore {
    let mut store = new_store(resource, kind);
    let name_key = if kind == DataStoreKind::RdsCluster {
        "cluster_identifier"
    } else {
        "identifier"
    };
    read::non_empty_text(resource.attr(name_key)).store(
        &mut store.name,
        "name",
        &mut store.unknown,
    );
    read::non_empty_text(resource.attr("engine")).store(
        &mut store.engine,
        "engine",
        &mut store.unknown,
    );
    if !read::unset_computed(resource.attr("engine_version")) {
        read::non_empty_text(resource.attr("engine_version")).store(
            &mut store.engine_version,
            "engine_version",
            &mut store.unknown,
        );
    }
    if resource.kind == "aws_rds_cluster_instance" {
        store.cluster = cluster_of(resource.attr("cluster_identifier"));
    }
    let encrypted = resource.attr("storage_encrypted");
    if !read::unset_computed(encrypted) {
        read::boolean(encrypted).store(
            &mut store.encrypted_at_rest,
            "encrypted_at_rest",
            &mut store.unknown,
        );
    }
    if store.encrypted_at_rest.is_some() || store.unknown.contains(&"encrypted_at_rest") {
        store.sources.insert(
            "encrypted_at_rest",
            SourceRef {
                id: resource.id.clone(),
                path: vec![key("storage_encrypted")],
            },
        );
    }
    // Aurora Serverless v1 clusters are always encrypted.
    if kind == DataStoreKind::RdsCluster
        && read::text(resource.attr("engine_mode")).known().as_deref() == Some("serverless")
        && store.encrypted_at_rest.is_none()
    {
        store.encrypted_at_rest = Some(true);
        store.unknown.retain(|f| *f != "encrypted_at_rest");
    }
    // Terraform computes `kms_key_id` when it is not configured: AWS then uses its
    // managed key, so an unset computed value reads as "no key given".
    if !read::unset_computed(resource.attr("kms_key_id")) {
        kms_key(resource.attr("kms_key_id"), None).store(
            &mut store.kms_key,
            "kms_key",
            &mut store.unknown,
        );
        key_declared_at(&mut store, resource, "kms_key_id");
    }
    for (attr, source) in [
        ("replicate_source_db", "replica"),
        ("replication_source_identifier", "replica"),
        ("snapshot_identifier", "snapshot"),
    ] {
        if !matches!(read::non_empty_text(resource.attr(attr)), Field::Absent)
            && !read::unset_computed(resource.attr(attr))
        {
            store.encryption_inherited_from = Some(source.to_owned());
        }
    }
    store
}

/// A key named on the store itself is where a key finding belongs.
fn key_declared_at(store: &mut DataStore, resource: &RawResource, attr: &str) {
    if store.kms_key.is_some() || store.unknown.contains(&"kms_key") {
        declared_at(store, "kms_key", &resource.id, vec![key(attr)]);
    }
}

fn cluster_of(value: Option<&Value>) -> Option<String> {
    match value {
        Some(Value::Unknown(u)) => Some(
            u.refs
                .first()
                .cloned()
                .unwrap_or_else(|| "unknown".to_owned()),
        ),
        other => read::non_empty_text(other).known(),
    }
}

fn cfn_rds(resource: &RawResource, kind: DataStoreKind) -> DataStore {
    let mut store = new_store(resource, kind);
    let name_key = if kind == DataStoreKind::RdsCluster {
        "DBClusterIdentifier"
    } else {
        "DBInstanceIdentifier"
    };
    read::non_empty_text(resource.attr(name_key)).store(
        &mut store.name,
        "name",
        &mut store.unknown,
    );
    read::non_empty_text(resource.attr("Engine")).store(
        &mut store.engine,
        "engine",
        &mut store.unknown,
    );
    read::non_empty_text(resource.attr("EngineVersion")).store(
        &mut store.engine_version,
        "engine_version",
        &mut store.unknown,
    );
    if kind == DataStoreKind::RdsInstance {
        store.cluster = cluster_of(resource.attr("DBClusterIdentifier"));
    }
    read::boolean(resource.attr("StorageEncrypted")).store(
        &mut store.encrypted_at_rest,
        "encrypted_at_rest",
        &mut store.unknown,
    );
    if resource.attr("StorageEncrypted").is_some() {
        store.sources.insert(
            "encrypted_at_rest",
            SourceRef {
                id: resource.id.clone(),
                path: vec![key("StorageEncrypted")],
            },
        );
    }
    if kind == DataStoreKind::RdsCluster
        && read::text(resource.attr("EngineMode")).known().as_deref() == Some("serverless")
        && store.encrypted_at_rest.is_none()
    {
        store.encrypted_at_rest = Some(true);
        store.unknown.retain(|f| *f != "encrypted_at_rest");
    }
    kms_key(resource.attr("KmsKeyId"), None).store(
        &mut store.kms_key,
        "kms_key",
        &mut store.unknown,
    );
    key_declared_at(&mut store, resource, "KmsKeyId");
    for (attr, source) in [
        ("SourceDBInstanceIdentifier", "replica"),
        ("SourceDBClusterIdentifier", "replica"),
        ("ReplicationSourceIdentifier", "replica"),
        ("DBSnapshotIdentifier", "snapshot"),
        ("SnapshotIdentifier", "snapshot"),
        ("DBClusterSnapshotIdentifier", "snapshot"),
    ] {
        if !matches!(read::non_empty_text(resource.attr(attr)), Field::Absent) {
            store.encryption_inherited_from = Some(source.to_owned());
        }
    }
    store
}
