//! DynamoDB tables (`aws dynamodb describe-table`, one table per output;
//! `AWS::DynamoDB::Table`). A table encrypted with a key DynamoDB owns has no
//! `SSEDescription`; one encrypted with a KMS key (AWS or customer managed) names it.

use super::As::Str;
use super::{arn, copy, Item, Piece};
use crate::load::live::build::{Attrs, Val};
use crate::load::LoadError;

pub fn table(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let t = item.config;
    let name = t.required_str("tableName", "a DynamoDB table")?;
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("name", name.value, name.at);
    if let Some(arn) = arn(item, "tableArn")? {
        a.text("arn", arn.value, arn.at);
    }
    let mut blocks = Vec::new();
    if let Some(sse) = t.obj("sSEDescription")? {
        let status = sse.str("status")?;
        let kms = sse.str("sSEType")?.is_some_and(|s| s.value == "KMS");
        let on = status
            .as_ref()
            .is_some_and(|s| matches!(s.value, "ENABLED" | "ENABLING" | "UPDATING"));
        if on && kms {
            let mut b = Attrs::new();
            b.put(
                "enabled",
                Val::bool(true),
                status.map_or(sse.at(), |s| s.at),
            );
            copy(&sse, &mut b, &[("kMSMasterKeyArn", "kms_key_arn", Str)])?;
            blocks.push((b.into_val(), sse.at()));
        }
    }
    a.put(
        "server_side_encryption",
        Val::list(blocks),
        t.at_of("sSEDescription"),
    );
    Ok(vec![Piece::Resource(a.resource(
        name.value,
        "aws_dynamodb_table",
        item.at,
    ))])
}

/// A log group (`aws logs describe-log-groups`, `AWS::Logs::LogGroup`) →
/// `aws_cloudwatch_log_group`; without `kmsKeyId` CloudWatch Logs encrypts with a key
/// it owns.
pub fn log_group(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let g = item.config;
    let name = g.required_str("logGroupName", "a log group")?;
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("name", name.value, name.at);
    if let Some(arn) = arn(item, "arn")? {
        a.text("arn", arn.value, arn.at);
    }
    copy(&g, &mut a, &[("kmsKeyId", "kms_key_id", Str)])?;
    if let Some(days) = g.int("retentionInDays")? {
        a.put("retention_in_days", Val::int(days.value), days.at);
    }
    Ok(vec![Piece::Resource(a.resource(
        name.value,
        "aws_cloudwatch_log_group",
        item.at,
    ))])
}
