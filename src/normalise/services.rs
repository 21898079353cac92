//! Managed services that keep data at rest and encrypt it one of three ways: with a KMS
//! key (AWS or customer managed), with a key the service owns, or not at all. Each
//! service has its own default, written down here so rules can judge "not declared"
//! the way AWS will apply it:
//!
//! | service | nothing declared |
//! |---|---|
//! | Secrets Manager | KMS, the AWS managed `aws/secretsmanager` key |
//! | SNS | not encrypted |
//! | SQS | SSE-SQS, a key SQS owns (the default for new queues since 2022) |
//! | CloudWatch Logs | a key the service owns |
//! | DynamoDB | a key DynamoDB owns; `enabled` without a key is `aws/dynamodb` |
//! | ECR | AES-256 with a key ECR owns |

use super::data_stores::{declared_at, key_reference, new_store};
use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::estate::{DataStore, DataStoreKind};
use crate::model::key;
use crate::model::{PathSegment, RawResource, Value};

pub fn normalise(resource: &RawResource, index: &ResourceIndex) -> Option<DataStore> {
    use DataStoreKind as K;
    let store = match resource.kind.as_str() {
        "aws_secretsmanager_secret" => always_kms(
            resource,
            K::SecretsManagerSecret,
            "name",
            "kms_key_id",
            index,
        ),
        "AWS::SecretsManager::Secret" => {
            always_kms(resource, K::SecretsManagerSecret, "Name", "KmsKeyId", index)
        }
        "aws_sns_topic" => kms_or(
            resource,
            K::SnsTopic,
            "name",
            "kms_master_key_id",
            None,
            index,
        ),
        "AWS::SNS::Topic" => kms_or(
            resource,
            K::SnsTopic,
            "TopicName",
            "KmsMasterKeyId",
            None,
            index,
        ),
        "aws_sqs_queue" => kms_or(
            resource,
            K::SqsQueue,
            "name",
            "kms_master_key_id",
            Some("sqs_managed_sse_enabled"),
            index,
        ),
        "AWS::SQS::Queue" => kms_or(
            resource,
            K::SqsQueue,
            "QueueName",
            "KmsMasterKeyId",
            Some("SqsManagedSseEnabled"),
            index,
        ),
        "aws_cloudwatch_log_group" => kms_or(
            resource,
            K::CloudwatchLogGroup,
            "name",
            "kms_key_id",
            None,
            index,
        ),
        "AWS::Logs::LogGroup" => kms_or(
            resource,
            K::CloudwatchLogGroup,
            "LogGroupName",
            "KmsKeyId",
            None,
            index,
        ),
        "aws_dynamodb_table" => dynamodb(resource, &TF_DYNAMODB, index),
        "AWS::DynamoDB::Table" => dynamodb(resource, &CFN_DYNAMODB, index),
        "aws_ecr_repository" => super::ecr::repository(resource, index),
        "AWS::ECR::Repository" => super::ecr::repository(resource, index),
        _ => return None,
    };
    Some(store)
}

fn named(resource: &RawResource, kind: DataStoreKind, name_attr: &str) -> DataStore {
    let mut store = new_store(resource, kind);
    read::non_empty_text(resource.attr(name_attr)).store(
        &mut store.name,
        "name",
        &mut store.unknown,
    );
    store
}

/// Reads the key attribute into the store: `Known(())` when a key is given, `Unknown`
/// when whether any key is given is unknown.
fn read_key(store: &mut DataStore, value: Option<&Value>, index: &ResourceIndex) -> Field<()> {
    match key_reference(value, index) {
        Field::Known(key) => {
            store.kms_key = Some(key);
            Field::Known(())
        }
        Field::Unknown => {
            store.unknown.push("kms_key");
            Field::Unknown
        }
        Field::Absent => Field::Absent,
    }
}

/// Always KMS; the key attribute only chooses which key.
fn always_kms(
    resource: &RawResource,
    kind: DataStoreKind,
    name_attr: &str,
    key_attr: &'static str,
    index: &ResourceIndex,
) -> DataStore {
    let mut store = named(resource, kind, name_attr);
    store.encrypted_at_rest = Some(true);
    store.encryption = Some("kms".to_owned());
    if read_key(&mut store, resource.attr(key_attr), index) != Field::Absent {
        declared_at(
            &mut store,
            "encrypted_at_rest",
            &resource.id,
            vec![key(key_attr)],
        );
    }
    store
}

/// KMS when a key is given; otherwise the service's own key, unless `service_switch`
/// (SQS's `sqs_managed_sse_enabled`) turns that off, or there is none (SNS).
fn kms_or(
    resource: &RawResource,
    kind: DataStoreKind,
    name_attr: &str,
    key_attr: &'static str,
    service_switch: Option<&'static str>,
    index: &ResourceIndex,
) -> DataStore {
    let mut store = named(resource, kind, name_attr);
    let key_given = read_key(&mut store, resource.attr(key_attr), index);
    if key_given == Field::Known(()) {
        store.encrypted_at_rest = Some(true);
        store.encryption = Some("kms".to_owned());
        declared_at(
            &mut store,
            "encrypted_at_rest",
            &resource.id,
            vec![key(key_attr)],
        );
        return store;
    }
    // Without a key: does the service encrypt with its own?
    let service_key = match (kind, service_switch) {
        (DataStoreKind::SnsTopic, _) => Field::Known(false),
        (_, None) => Field::Known(true),
        (_, Some(switch)) => {
            let enabled = read::boolean(read::configured(resource.attr(switch)));
            if enabled == Field::Known(false) {
                declared_at(
                    &mut store,
                    "encrypted_at_rest",
                    &resource.id,
                    vec![key(switch)],
                );
            }
            match enabled {
                Field::Absent => Field::Known(true),
                other => other,
            }
        }
    };
    match (key_given, service_key) {
        (Field::Absent, Field::Known(true)) => {
            store.encrypted_at_rest = Some(true);
            store.encryption = Some("service".to_owned());
        }
        // Encrypted either way; which way is unknown.
        (_, Field::Known(true)) => {
            store.encrypted_at_rest = Some(true);
            store.unknown.push("encryption");
        }
        (Field::Absent, Field::Known(false)) if service_switch.is_some() => {
            store.encrypted_at_rest = Some(false);
        }
        (Field::Absent, Field::Known(false)) => {}
        _ => store.unknown.push("encrypted_at_rest"),
    }
    store
}

struct DynamoNames {
    name: &'static str,
    block: &'static str,
    enabled: &'static str,
    key: &'static str,
}

const TF_DYNAMODB: DynamoNames = DynamoNames {
    name: "name",
    block: "server_side_encryption",
    enabled: "enabled",
    key: "kms_key_arn",
};

const CFN_DYNAMODB: DynamoNames = DynamoNames {
    name: "TableName",
    block: "SSESpecification",
    enabled: "SSEEnabled",
    key: "KMSMasterKeyId",
};

/// DynamoDB always encrypts: `enabled` switches from the key DynamoDB owns to KMS.
fn dynamodb(resource: &RawResource, names: &DynamoNames, index: &ResourceIndex) -> DataStore {
    let mut store = named(resource, DataStoreKind::DynamodbTable, names.name);
    store.encrypted_at_rest = Some(true);
    let block_value = read::configured(resource.attr(names.block));
    let (block, base) = match read::blocks(block_value) {
        None => {
            store.unknown.push("encryption");
            return store;
        }
        Some(blocks) => match blocks.first() {
            Some(block) if matches!(block_value, Some(Value::List(_))) => {
                (Some(*block), vec![key(names.block), PathSegment::Index(0)])
            }
            Some(block) => (Some(*block), vec![key(names.block)]),
            None => (None, Vec::new()),
        },
    };
    let enabled = match block {
        Some(block) => read::boolean(block.get(names.enabled)),
        None => Field::Absent,
    };
    match enabled {
        Field::Unknown => store.unknown.push("encryption"),
        Field::Known(true) => {
            store.encryption = Some("kms".to_owned());
            let mut at = base.clone();
            at.push(key(names.enabled));
            declared_at(&mut store, "encrypted_at_rest", &resource.id, at);
            read_key(&mut store, block.and_then(|b| b.get(names.key)), index);
        }
        Field::Known(false) | Field::Absent => store.encryption = Some("service".to_owned()),
    }
    store
}
