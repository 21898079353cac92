//! SQS queues and SNS topics: `aws sqs get-queue-attributes --attribute-names All`,
//! `aws sns get-topic-attributes` (each `{"Attributes": {...}}` for one queue or topic,
//! named by its `QueueArn` / `TopicArn`), and `AWS::SQS::Queue` / `AWS::SNS::Topic`.
//!
//! Both are named by their ARN, which every export of them carries (the provider's id
//! of a queue is its URL, which `get-queue-attributes` does not return).

use super::{copy_str, Item, Piece};
use crate::load::live::api::{Leaf, Obj};
use crate::load::live::build::{Attrs, Val};
use crate::load::LoadError;

/// The name at the end of an SQS or SNS ARN (`arn:aws:sqs:eu-west-1:1234:jobs` → `jobs`).
fn name_of(arn: &str) -> &str {
    arn.rsplit(':').next().unwrap_or(arn)
}

fn required_arn<'a>(item: &Item<'a>, member: &str, what: &str) -> Result<Leaf<&'a str>, LoadError> {
    match item.config.str(member)? {
        Some(own) => Ok(own),
        None => item.arn.clone().ok_or_else(|| {
            LoadError::at(
                format!("{what} has no `{member}`: export it with `--attribute-names All`"),
                item.config.node.span,
            )
        }),
    }
}

/// A queue → `aws_sqs_queue`. Without a KMS key, SQS encrypts with its own key unless
/// `SqsManagedSseEnabled` is `false`; an export that says neither leaves it unknown.
pub fn queue(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let q = item.config;
    let arn = required_arn(item, "queueArn", "an SQS queue")?;
    let mut a = Attrs::new();
    a.text("id", arn.value, arn.at);
    a.text("arn", arn.value, arn.at);
    match q.str("queueName")? {
        Some(name) => a.text("name", name.value, name.at),
        None => a.text("name", name_of(arn.value), arn.at),
    };
    copy_str(&q, "queueUrl", &mut a, "url")?;
    copy_str(&q, "kmsMasterKeyId", &mut a, "kms_master_key_id")?;
    match q.bool("sqsManagedSseEnabled")? {
        Some(on) => {
            a.put("sqs_managed_sse_enabled", Val::bool(on.value), on.at);
        }
        None if !a.has("kms_master_key_id") => {
            a.put(
                "sqs_managed_sse_enabled",
                Val::not_exported(
                    "the export says neither `KmsMasterKeyId` nor `SqsManagedSseEnabled` \
                     for this queue (export with `--attribute-names All`)",
                ),
                item.at,
            );
        }
        None => {}
    }
    Ok(vec![Piece::Resource(a.resource(
        arn.value,
        "aws_sqs_queue",
        item.at,
    ))])
}

/// A topic → `aws_sns_topic`. SNS has no default encryption: no key is no encryption.
pub fn topic(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let t = item.config;
    let arn = required_arn(item, "topicArn", "an SNS topic")?;
    let mut a = Attrs::new();
    a.text("id", arn.value, arn.at);
    a.text("arn", arn.value, arn.at);
    match t.str("topicName")? {
        Some(name) => a.text("name", name.value, name.at),
        None => a.text("name", name_of(arn.value), arn.at),
    };
    copy_str(&t, "displayName", &mut a, "display_name")?;
    copy_str(&t, "kmsMasterKeyId", &mut a, "kms_master_key_id")?;
    Ok(vec![Piece::Resource(a.resource(
        arn.value,
        "aws_sns_topic",
        item.at,
    ))])
}

/// `{"Attributes": {...}}` at the top of a unit: a queue's or a topic's, told apart by
/// the ARN it holds.
pub fn attributes(doc: &Obj, item: &Item) -> Result<Vec<Piece>, LoadError> {
    if item.config.entry("queueArn").is_some() {
        queue(item)
    } else if item.config.entry("topicArn").is_some() {
        topic(item)
    } else {
        Err(LoadError::at(
            "an `Attributes` output with neither `QueueArn` nor `TopicArn`: palisade reads \
             `aws sqs get-queue-attributes --attribute-names All` and `aws sns \
             get-topic-attributes` here (load balancer attributes go in \
             elbv2/<name>/describe-load-balancer-attributes.json)",
            doc.node.span,
        ))
    }
}
