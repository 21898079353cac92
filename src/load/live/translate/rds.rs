//! RDS instances and clusters (`describe-db-instances`/`-clusters`, `AWS::RDS::*`).

use super::{arn, copy_bool, copy_int, copy_str, Item, Piece};
use crate::load::live::build::Attrs;
use crate::load::LoadError;

/// An instance → `aws_db_instance`, or `aws_rds_cluster_instance` when it belongs to an
/// Aurora cluster (whose storage settings are the cluster's).
pub fn instance(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let db = item.config;
    let id = db.required_str("dBInstanceIdentifier", "a DB instance")?;
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    a.text("identifier", id.value, id.at);
    if let Some(arn) = arn(item, "dBInstanceArn")? {
        a.text("arn", arn.value, arn.at);
    }
    copy_str(&db, "engine", &mut a, "engine")?;
    copy_str(&db, "engineVersion", &mut a, "engine_version")?;
    copy_str(&db, "dBInstanceClass", &mut a, "instance_class")?;
    copy_bool(&db, "storageEncrypted", &mut a, "storage_encrypted")?;
    copy_str(&db, "kmsKeyId", &mut a, "kms_key_id")?;
    copy_bool(&db, "publiclyAccessible", &mut a, "publicly_accessible")?;
    copy_bool(&db, "multiAZ", &mut a, "multi_az")?;
    copy_int(
        &db,
        "backupRetentionPeriod",
        &mut a,
        "backup_retention_period",
    )?;
    copy_bool(&db, "deletionProtection", &mut a, "deletion_protection")?;
    if let Some(group) = db.objects("dBParameterGroups")?.first() {
        copy_str(
            group,
            "dBParameterGroupName",
            &mut a,
            "parameter_group_name",
        )?;
    }
    super::tags(&db, &mut a)?;
    let cluster = db.str("dBClusterIdentifier")?;
    if let Some(cluster) = &cluster {
        a.text("cluster_identifier", cluster.value, cluster.at);
    }
    let kind = if cluster.is_some() {
        "aws_rds_cluster_instance"
    } else {
        "aws_db_instance"
    };
    Ok(vec![Piece::Resource(a.resource(id.value, kind, item.at))])
}

pub fn cluster(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let c = item.config;
    let id = c.required_str("dBClusterIdentifier", "a DB cluster")?;
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    a.text("cluster_identifier", id.value, id.at);
    if let Some(arn) = arn(item, "dBClusterArn")? {
        a.text("arn", arn.value, arn.at);
    }
    copy_str(&c, "engine", &mut a, "engine")?;
    copy_str(&c, "engineVersion", &mut a, "engine_version")?;
    copy_str(&c, "engineMode", &mut a, "engine_mode")?;
    copy_bool(&c, "storageEncrypted", &mut a, "storage_encrypted")?;
    copy_str(&c, "kmsKeyId", &mut a, "kms_key_id")?;
    copy_bool(&c, "multiAZ", &mut a, "multi_az")?;
    copy_int(
        &c,
        "backupRetentionPeriod",
        &mut a,
        "backup_retention_period",
    )?;
    copy_bool(&c, "deletionProtection", &mut a, "deletion_protection")?;
    copy_str(
        &c,
        "dBClusterParameterGroup",
        &mut a,
        "db_cluster_parameter_group_name",
    )?;
    super::tags(&c, &mut a)?;
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_rds_cluster",
        item.at,
    ))])
}
