//! ElastiCache replication groups (`describe-replication-groups`).

use super::{arn, copy_bool, copy_str, Item, Piece};
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
    copy_str(&g, "description", &mut a, "description")?;
    copy_str(&g, "engine", &mut a, "engine")?;
    copy_bool(
        &g,
        "atRestEncryptionEnabled",
        &mut a,
        "at_rest_encryption_enabled",
    )?;
    copy_bool(
        &g,
        "transitEncryptionEnabled",
        &mut a,
        "transit_encryption_enabled",
    )?;
    copy_str(
        &g,
        "transitEncryptionMode",
        &mut a,
        "transit_encryption_mode",
    )?;
    copy_str(&g, "kmsKeyId", &mut a, "kms_key_id")?;
    copy_bool(&g, "authTokenEnabled", &mut a, "auth_token_enabled")?;
    copy_bool(&g, "automaticFailover", &mut a, "automatic_failover")?;
    super::tags(&g, &mut a)?;
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_elasticache_replication_group",
        item.at,
    ))])
}
