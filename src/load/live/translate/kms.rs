//! KMS keys (`describe-key`, `AWS::KMS::Key`), their rotation status
//! (`get-key-rotation-status`) and key policy (`get-key-policy`).
//!
//! A customer managed key becomes `aws_kms_key`. An AWS managed key (`KeyManager: AWS`,
//! the `aws/rds` key and its kind) is not the account's to configure: AWS rotates it
//! and writes its policy. Terraform's vocabulary says "AWS managed" only through an
//! alias under `alias/aws/`, so such a key becomes an `aws_kms_alias` of that shape,
//! whose ARN is the key's: a database encrypted with it is then judged as using an AWS
//! managed key, which is what it does.

use super::{arn, copy_bool, copy_str, Item, Piece};
use crate::load::live::api::{embedded, Obj};
use crate::load::live::build::{At, Attrs, Val};
use crate::load::LoadError;

const KEY_KINDS: &[&str] = &["aws_kms_key", "aws_kms_alias"];

pub fn key(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let k = item.config;
    let id = k.required_str("keyId", "a KMS key")?;
    let key_arn = arn(item, "arn")?;
    let aws_managed = k.str("keyManager")?.is_some_and(|m| m.value == "AWS");
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    if let Some(key_arn) = &key_arn {
        a.text("arn", key_arn.value, key_arn.at);
    }
    if aws_managed {
        let manager = k.at_of("keyManager");
        a.text(
            "name",
            &format!("alias/aws/(AWS managed key {})", id.value),
            manager,
        );
        a.text("target_key_id", id.value, id.at);
        if let Some(key_arn) = &key_arn {
            a.text("target_key_arn", key_arn.value, key_arn.at);
        }
        return Ok(vec![Piece::Resource(a.resource(
            id.value,
            "aws_kms_alias",
            item.at,
        ))]);
    }
    a.text("key_id", id.value, id.at);
    copy_str(&k, "description", &mut a, "description")?;
    copy_str(&k, "keyUsage", &mut a, "key_usage")?;
    match k.str("keySpec")? {
        Some(spec) => a.text("customer_master_key_spec", spec.value, spec.at),
        None => {
            copy_str(
                &k,
                "customerMasterKeySpec",
                &mut a,
                "customer_master_key_spec",
            )?;
            &mut a
        }
    };
    copy_bool(&k, "enabled", &mut a, "is_enabled")?;
    copy_bool(&k, "multiRegion", &mut a, "multi_region")?;
    copy_str(&k, "keyState", &mut a, "key_state")?;
    // What describe-key and AWS Config do not say; the key's own calls may add it.
    let why = match item.source {
        super::Source::Config => {
            "AWS Config does not record whether a key rotates: add `aws kms \
             get-key-rotation-status` to the export"
        }
        super::Source::Cli => {
            "the export has no `get-key-rotation-status` output for this key \
             (kms/<key-id>/get-key-rotation-status.json)"
        }
    };
    a.put("enable_key_rotation", Val::not_exported(why), item.at);
    let why = match item.source {
        super::Source::Config => {
            "AWS Config does not record key policies: add `aws kms get-key-policy` to the export"
        }
        super::Source::Cli => {
            "the export has no `get-key-policy` output for this key (kms/<key-id>/get-key-policy.json)"
        }
    };
    a.put("policy", Val::not_exported(why), item.at);
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_kms_key",
        item.at,
    ))])
}

/// `kms/<key-id>/get-key-rotation-status.json`: `{"KeyRotationEnabled": …}`.
pub fn key_rotation_status(doc: &Obj, key_id: &str) -> Result<Piece, LoadError> {
    let enabled = doc.bool("keyRotationEnabled")?.ok_or_else(|| {
        LoadError::at(
            "a get-key-rotation-status output without `KeyRotationEnabled`",
            doc.node.span,
        )
    })?;
    let mut a = Attrs::new();
    a.put("enable_key_rotation", Val::bool(enabled.value), enabled.at);
    if let Some(period) = doc.int("rotationPeriodInDays")? {
        a.put("rotation_period_in_days", Val::int(period.value), period.at);
    }
    Ok(Piece::Patch {
        kinds: KEY_KINDS,
        id: key_id.to_owned(),
        attrs: a,
        at: doc.at(),
    })
}

/// `kms/<key-id>/get-key-policy.json`: `{"Policy": "<JSON text>"}`.
pub fn key_policy(doc: &Obj, key_id: &str) -> Result<Piece, LoadError> {
    let entry = doc
        .entry("policy")
        .ok_or_else(|| LoadError::at("a get-key-policy output without `Policy`", doc.node.span))?;
    let tree = embedded(&entry.value, "`Policy`")?;
    let mut a = Attrs::new();
    a.put(
        "policy",
        Val::tree(&tree, doc.file),
        At::new(doc.file, entry.span()),
    );
    Ok(Piece::Patch {
        kinds: KEY_KINDS,
        id: key_id.to_owned(),
        attrs: a,
        at: doc.at(),
    })
}
