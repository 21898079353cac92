//! ElastiCache replication groups (`describe-replication-groups`).

use super::As::{Bool, Str};
use super::{arn, copy, Item, Piece};
use crate::load::live::build::Attrs;
use crate::load::LoadError;

pub fn replication_group(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let g = item.config;
    let id = g.required_str("replicationGroupId", "a replication group")?;
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    a.text("replication_group_id", id.value, id.at);
    if let Some(arn) = arn(item, "aRN")? {
        a.text("arn", arn.value, arn.at);
    }
    copy(
        &g,
        &mut a,
        &[
            ("description", "description", Str),
            ("engine", "engine", Str),
            (
                "atRestEncryptionEnabled",
                "at_rest_encryption_enabled",
                Bool,
            ),
            (
                "transitEncryptionEnabled",
                "transit_encryption_enabled",
                Bool,
            ),
            ("transitEncryptionMode", "transit_encryption_mode", Str),
            ("kmsKeyId", "kms_key_id", Str),
            ("authTokenEnabled", "auth_token_enabled", Bool),
            ("automaticFailover", "automatic_failover", Bool),
        ],
    )?;
    super::tags(&g, &mut a)?;
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_elasticache_replication_group",
        item.at,
    ))])
}

/// A cache cluster (`describe-cache-clusters`, `AWS::ElastiCache::CacheCluster`) →
/// `aws_elasticache_cluster`. The listing names the members of replication groups too
/// (`ReplicationGroupId`): they are kept, linked to their group, as the provider keeps
/// a cluster that joins one.
pub fn cache_cluster(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let c = item.config;
    let id = c.required_str("cacheClusterId", "a cache cluster")?;
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    a.text("cluster_id", id.value, id.at);
    if let Some(arn) = arn(item, "aRN")? {
        a.text("arn", arn.value, arn.at);
    }
    copy(
        &c,
        &mut a,
        &[
            ("engine", "engine", Str),
            ("engineVersion", "engine_version", Str),
            ("cacheNodeType", "node_type", Str),
            ("replicationGroupId", "replication_group_id", Str),
            (
                "transitEncryptionEnabled",
                "transit_encryption_enabled",
                Bool,
            ),
            ("transitEncryptionMode", "transit_encryption_mode", Str),
        ],
    )?;
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_elasticache_cluster",
        item.at,
    ))])
}
