//! RDS instances and clusters (`describe-db-instances`/`-clusters`, `AWS::RDS::*`).

use super::As::{Bool, Int, Str};
use super::{arn, copy, copy_str, Item, Piece};
use crate::load::live::build::Attrs;
use crate::load::LoadError;

/// What instances and clusters share: (API member, Terraform attribute, type).
const COMMON: &[(&str, &str, super::As)] = &[
    ("engine", "engine", Str),
    ("engineVersion", "engine_version", Str),
    ("storageEncrypted", "storage_encrypted", Bool),
    ("kmsKeyId", "kms_key_id", Str),
    ("multiAZ", "multi_az", Bool),
    ("backupRetentionPeriod", "backup_retention_period", Int),
    ("deletionProtection", "deletion_protection", Bool),
];

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
    copy(&db, &mut a, COMMON)?;
    copy(
        &db,
        &mut a,
        &[
            ("dBInstanceClass", "instance_class", Str),
            ("publiclyAccessible", "publicly_accessible", Bool),
        ],
    )?;
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
    copy(&c, &mut a, COMMON)?;
    copy(
        &c,
        &mut a,
        &[
            ("engineMode", "engine_mode", Str),
            (
                "dBClusterParameterGroup",
                "db_cluster_parameter_group_name",
                Str,
            ),
        ],
    )?;
    super::tags(&c, &mut a)?;
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_rds_cluster",
        item.at,
    ))])
}
