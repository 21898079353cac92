//! RDS instances and clusters (`describe-db-instances`/`-clusters`, `AWS::RDS::*`).

use super::As::{Bool, Int, Str};
use super::{arn, copy, copy_str, Item, Piece};
use crate::load::live::api::Obj;
use crate::load::live::build::{Attrs, Val};
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

/// A DB parameter group or DB cluster parameter group of `describe-db-parameter-groups`
/// / `describe-db-cluster-parameter-groups`: its name and family. Its parameters are
/// another call per group (`rds/<name>/describe-db-parameters.json`); until that says,
/// they are unknown.
pub fn parameter_group(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let g = item.config;
    let (cluster, name) = match g.str("dBClusterParameterGroupName")? {
        Some(name) => (true, name),
        None => (
            false,
            g.required_str("dBParameterGroupName", "a DB parameter group")?,
        ),
    };
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("name", name.value, name.at);
    let arn_member = if cluster {
        "dBClusterParameterGroupArn"
    } else {
        "dBParameterGroupArn"
    };
    if let Some(arn) = arn(item, arn_member)? {
        a.text("arn", arn.value, arn.at);
    }
    copy_str(&g, "dBParameterGroupFamily", &mut a, "family")?;
    let call = parameters_call(cluster);
    a.put(
        "parameter",
        Val::not_exported(&format!(
            "the export has no `{call}` output for this group (rds/<name>/{call}.json)"
        )),
        item.at,
    );
    Ok(vec![Piece::Resource(a.resource(
        name.value,
        group_kind(cluster),
        item.at,
    ))])
}

fn parameters_call(cluster: bool) -> &'static str {
    if cluster {
        "describe-db-cluster-parameters"
    } else {
        "describe-db-parameters"
    }
}

fn group_kind(cluster: bool) -> &'static str {
    if cluster {
        "aws_rds_cluster_parameter_group"
    } else {
        "aws_db_parameter_group"
    }
}

/// `rds/<name>/describe-db-parameters.json` (or `…-cluster-parameters.json`):
/// `{"Parameters": [{ParameterName, ParameterValue, Source, ApplyMethod …}]}` → the
/// group's `parameter` blocks: every parameter that has a value, set by the user or the
/// engine's default, each placed at its `ParameterValue`.
pub fn parameters(doc: &Obj, name: &str, cluster: bool) -> Result<Piece, LoadError> {
    let mut blocks = Vec::new();
    for parameter in doc.objects("parameters")? {
        let Some(value) = parameter.str("parameterValue")? else {
            continue;
        };
        let mut p = Attrs::new();
        copy_str(&parameter, "parameterName", &mut p, "name")?;
        p.text("value", value.value, value.at);
        copy_str(&parameter, "applyMethod", &mut p, "apply_method")?;
        blocks.push((p.into_val(), parameter.at()));
    }
    let mut a = Attrs::new();
    a.put("parameter", Val::list(blocks), doc.at_of("parameters"));
    Ok(Piece::Patch {
        kinds: if cluster {
            &["aws_rds_cluster_parameter_group"]
        } else {
            &["aws_db_parameter_group"]
        },
        id: name.to_owned(),
        attrs: a,
        at: doc.at(),
    })
}
