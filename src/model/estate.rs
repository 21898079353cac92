//! The estate: the one model of the cloud that policies read as `input.aws`.
//!
//! Every element carries `id` (the resource it was declared in) and `path` (the
//! attribute path inside that resource), so a finding on an element points back to a
//! file and line. A field whose value is unknown until apply is left out and its name
//! listed in the element's `unknown`, so a policy tells "absent" from "unknown" with one
//! `in` test. `sources` names, per field, a declaration elsewhere that decided it (an S3
//! bucket's encryption set by a separate resource), so findings on that field point there.
//!
//! `docs/input-model.md` documents this shape for policy authors; `tests/input_model.rs`
//! keeps it honest.

use std::collections::BTreeMap;

use serde::Serialize;

use super::baseline::{EcsTaskDefinition, GuardDutyDetector, Trail, Vpc};
use super::value::AttrPath;

/// The policy input for one scan unit.
#[derive(Debug, Default, Serialize)]
pub struct Estate {
    /// What the scan unit is (`terraform-plan`, `cloudformation`).
    pub format: &'static str,
    /// The file it was read from, as shown in reports.
    pub file: String,
    /// Every resource as loaded (conftest-style access to the raw shape).
    pub resources: Vec<ResourceView>,
    pub aws: Aws,
}

#[derive(Debug, Serialize)]
pub struct ResourceView {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub source_format: &'static str,
    pub attributes: serde_json::Value,
    /// Attribute paths (`ingress[0].cidr_blocks`) whose values are unknown until apply.
    pub unknown: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Aws {
    pub security_groups: Vec<SecurityGroup>,
    pub data_stores: Vec<DataStore>,
    pub kms_keys: Vec<KmsKey>,
    pub iam: Iam,
    pub trails: Vec<Trail>,
    pub vpcs: Vec<Vpc>,
    pub guardduty_detectors: Vec<GuardDutyDetector>,
    pub ecs_task_definitions: Vec<EcsTaskDefinition>,
}

/// A customer managed KMS key declared in this unit. Fields are as declared; AWS's
/// defaults (rotation off, a 30-day deletion window, a symmetric encryption key) apply
/// where they are absent.
#[derive(Debug, Serialize)]
pub struct KmsKey {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256` …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`, `KEY_AGREEMENT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_usage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation_period_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_window_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi_region: Option<bool>,
    pub unknown: Vec<&'static str>,
}

/// Where a field's deciding value was declared, when that is not the element's own
/// declaration.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SourceRef {
    pub id: String,
    pub path: AttrPath,
}

#[derive(Debug, Default, Serialize)]
pub struct SecurityGroup {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The VPC id or the id of the VPC resource in this unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc: Option<String>,
    pub tags: BTreeMap<String, String>,
    /// The VPC's default group (`aws_default_security_group`), which every ENI launched
    /// without a group joins.
    pub default: bool,
    /// Not declared in this unit: a placeholder for an existing group (`sg-…`) that
    /// rules declared here attach to.
    pub external: bool,
    pub rules: Vec<SgRule>,
    pub unknown: Vec<&'static str>,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ingress,
    Egress,
}

/// One security-group rule, from whichever of the many forms declared it.
#[derive(Debug, Serialize)]
pub struct SgRule {
    pub id: String,
    pub path: AttrPath,
    pub direction: Direction,
    /// `tcp`, `udp`, `icmp`, `icmpv6`, `all`, or the IP protocol number as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Port range; `all` protocols cover 0–65535.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i64>,
    pub cidr_ipv4: Vec<String>,
    pub cidr_ipv6: Vec<String>,
    /// The peer security group (its resource id in this unit, or its live id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_group: Option<String>,
    pub prefix_lists: Vec<String>,
    /// The rule names its own group as the peer.
    #[serde(rename = "self")]
    pub self_referencing: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Not declared: the allow-all egress CloudFormation adds to a group that declares
    /// no egress rule. It points at the group.
    pub implicit: bool,
    pub unknown: Vec<&'static str>,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DataStoreKind {
    S3Bucket,
    RdsInstance,
    RdsCluster,
    EbsVolume,
    /// A block device of an EC2 instance (root or EBS), as the instance declares it.
    InstanceVolume,
    /// A block device a launch template or launch configuration gives every instance.
    LaunchTemplateVolume,
    #[serde(rename = "secretsmanager_secret")]
    SecretsManagerSecret,
    SnsTopic,
    SqsQueue,
    CloudwatchLogGroup,
    DynamodbTable,
    EcrRepository,
}

/// Anything that keeps data at rest.
#[derive(Debug, Serialize)]
pub struct DataStore {
    pub id: String,
    pub path: AttrPath,
    pub kind: DataStoreKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether data at rest is encrypted. Absent when undeclared *and* not implied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted_at_rest: Option<bool>,
    /// S3: `AES256`, `aws:kms`, `aws:kms:dsse`; absent when no default encryption is declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sse_algorithm: Option<String>,
    /// How data at rest is encrypted, across services: `kms` (a KMS key, AWS or
    /// customer managed) or `service` (a key the service owns and never exposes: SSE-S3,
    /// SSE-SQS, the CloudWatch Logs and DynamoDB defaults, ECR's AES-256).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption: Option<String>,
    /// The KMS key (ARN, alias, id, or the id of the key resource in this unit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key: Option<String>,
    /// The KMS key is a customer managed key declared in this unit (`true`), or the AWS
    /// managed key (`false`). Absent when the store is not encrypted with KMS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_is_customer_managed: Option<bool>,
    /// RDS: the engine (`postgres`, `aurora-postgresql` …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// RDS instance that belongs to a cluster, whose storage the cluster decides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// Storage that takes its encryption from elsewhere: `replica`, `snapshot`,
    /// `account_default` (EBS encryption by default, declared in this unit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_inherited_from: Option<String>,
    /// ECR: images are scanned for vulnerabilities when pushed (by the repository's own
    /// setting or a registry scanning rule declared in this unit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scan_on_push: Option<bool>,
    /// ECR: `MUTABLE`, `IMMUTABLE` (or an `_WITH_EXCLUSION` variant).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_mutability: Option<String>,
    pub unknown: Vec<&'static str>,
    pub sources: BTreeMap<&'static str, SourceRef>,
}

#[derive(Debug, Default, Serialize)]
pub struct Iam {
    pub policies: Vec<IamPolicy>,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    /// Attached to a user, group or role: grants permissions.
    Identity,
    /// Attached to a resource (bucket, queue, key …): names principals.
    Resource,
    /// A role's trust (assume-role) policy.
    Trust,
}

/// An IAM policy document, from wherever it appeared.
#[derive(Debug, Serialize)]
pub struct IamPolicy {
    pub id: String,
    pub path: AttrPath,
    pub kind: PolicyKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub statements: Vec<Statement>,
    /// `document` when the whole document is unknown until apply.
    pub unknown: Vec<&'static str>,
}

/// One statement, normalised: single strings become lists; actions are lower-cased
/// (IAM matches them case-insensitively).
#[derive(Debug, Default, Serialize)]
pub struct Statement {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: String,
    pub actions: Vec<String>,
    pub not_actions: Vec<String>,
    pub resources: Vec<String>,
    pub not_resources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principals: Option<Principals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_principals: Option<Principals>,
    pub conditions: serde_json::Value,
    pub unknown: Vec<&'static str>,
}

/// `Principal: "*"` becomes `{"all": true}`; `{"AWS": "arn"}` becomes `{"aws": ["arn"]}`.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Principals {
    pub all: bool,
    pub aws: Vec<String>,
    pub service: Vec<String>,
    pub federated: Vec<String>,
    pub canonical_user: Vec<String>,
}
