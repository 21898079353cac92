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
    pub load_balancers: Vec<LoadBalancer>,
    pub db_parameter_groups: Vec<DbParameterGroup>,
    pub cloudfront_distributions: Vec<CloudFrontDistribution>,
    pub subnets: Vec<Subnet>,
    pub network_acls: Vec<NetworkAcl>,
    pub trails: Vec<Trail>,
    pub vpcs: Vec<Vpc>,
    pub guardduty_detectors: Vec<GuardDutyDetector>,
    pub ecs_task_definitions: Vec<EcsTaskDefinition>,
}

/// A subnet. Its tier is not decided here: that is organisation policy (tags or a CIDR
/// plan in the policies' data), which a user replaces without rebuilding the model.
#[derive(Debug, Default, Serialize)]
pub struct Subnet {
    pub id: String,
    pub path: AttrPath,
    /// The VPC id or the id of the VPC resource in this unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    pub tags: BTreeMap<String, String>,
    /// The network ACL that governs the subnet: the one associated with it in this unit,
    /// else its VPC's default ACL when the unit declares that. Absent when neither: the
    /// VPC's default ACL, as AWS creates it, applies (it admits all traffic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_acl: Option<String>,
    pub unknown: Vec<&'static str>,
}

/// A network ACL with its entries and the subnets associated with it.
#[derive(Debug, Default, Serialize)]
pub struct NetworkAcl {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc: Option<String>,
    pub tags: BTreeMap<String, String>,
    /// The VPC's default ACL (`aws_default_network_acl`, or entries a CloudFormation
    /// template adds to `Fn::GetAtt VPC.DefaultNetworkAcl`).
    pub default: bool,
    /// Not declared in this unit: a placeholder for an existing ACL that entries or
    /// associations declared here name.
    pub external: bool,
    /// In no particular order; rules evaluate them by `rule_number`.
    pub entries: Vec<NaclEntry>,
    /// Associated subnets: their resource ids in this unit, or live `subnet-…` ids. Sorted.
    pub subnets: Vec<String>,
    pub unknown: Vec<&'static str>,
}

/// One network ACL entry, from an inline block or a separate rule resource.
#[derive(Debug, Serialize)]
pub struct NaclEntry {
    pub id: String,
    pub path: AttrPath,
    pub direction: Direction,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_number: Option<i64>,
    /// `allow` or `deny`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// As for security-group rules: `tcp`, `udp`, `icmp`, `icmpv6`, `all`, or a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<String>,
    pub unknown: Vec<&'static str>,
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
    /// Where a field was decided, when not on the key's own declaration line: the
    /// `enable_key_rotation` argument, or a live export's `KeyRotationEnabled`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<&'static str, SourceRef>,
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
    ElasticacheReplicationGroup,
    ElasticacheCluster,
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
    /// RDS: reachable from outside the VPC through a public endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publicly_accessible: Option<bool>,
    /// RDS: days of automated backups (0 switches them off).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_retention_days: Option<i64>,
    /// RDS: the instance or cluster cannot be deleted until this is switched off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_protection: Option<bool>,
    /// RDS instance: a standby in a second Availability Zone. Aurora cluster: `true`
    /// when the unit declares instances of it in at least two places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi_az: Option<bool>,
    /// S3: the block-public-access settings in effect (bucket and account combined):
    /// `block_public_acls`, `ignore_public_acls`, `block_public_policy`,
    /// `restrict_public_buckets`. Absent when nothing is declared (S3 then blocks all
    /// four for a new bucket).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_access_block: Option<BTreeMap<&'static str, bool>>,
    /// S3: the grants of the bucket's ACL that reach everyone: `AllUsers` (anyone) and
    /// `AuthenticatedUsers` (any AWS account), each with its permission, e.g.
    /// `AllUsers:READ`, from a canned ACL (`public-read` …) or explicit grants.
    pub public_grants: Vec<String>,
    pub tags: BTreeMap<String, String>,
    /// ECR: images are scanned for vulnerabilities when pushed (by the repository's own
    /// setting or a registry scanning rule declared in this unit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scan_on_push: Option<bool>,
    /// ECR: `MUTABLE`, `IMMUTABLE` (or an `_WITH_EXCLUSION` variant).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_mutability: Option<String>,
    /// RDS and ElastiCache: the engine version as declared (`15.4`, `7.1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<String>,
    /// ElastiCache: whether client connections are encrypted (TLS).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted_in_transit: Option<bool>,
    /// RDS: the DB (instance) or DB cluster parameter group: its id in this unit, or its
    /// name. Absent when the engine's default group is used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter_group: Option<String>,
    /// S3: the ids of the bucket policies attached to the bucket in this unit
    /// (elements of `iam.policies`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    pub unknown: Vec<&'static str>,
    pub sources: BTreeMap<&'static str, SourceRef>,
}

/// An Elastic Load Balancing load balancer: v2 (application, network or gateway) with
/// its listeners, or a Classic Load Balancer (whose listeners are not modelled).
#[derive(Debug, Default, Serialize)]
pub struct LoadBalancer {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `application`, `network`, `gateway`, or `classic` (`aws_elb`,
    /// `AWS::ElasticLoadBalancing::LoadBalancer`); absent = AWS's default, `application`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub lb_type: Option<String>,
    /// `true` for an internal load balancer; absent = AWS's default, internet-facing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal: Option<bool>,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    /// Not declared in this unit: a placeholder holding the listeners declared here for
    /// an existing load balancer (its `id` is the first such listener's).
    pub external: bool,
    pub listeners: Vec<Listener>,
    /// Access logs are delivered to S3: Terraform's `access_logs` block (`enabled`
    /// defaults to false on `aws_lb`, true on `aws_elb`), CloudFormation's
    /// `access_logs.s3.enabled` attribute or `AccessLoggingPolicy.Enabled`. Absent when
    /// not declared: AWS's default, off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_logs: Option<bool>,
    /// The S3 bucket access logs are delivered to: the id of its `aws_s3_bucket` /
    /// `AWS::S3::Bucket` when declared in this unit, else the bucket name as written.
    /// Absent when no bucket is named or the name is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_logs_bucket: Option<String>,
    /// The WAF web ACL associations of this unit that target this load balancer.
    pub web_acls: Vec<WebAclAssociation>,
    /// May name `web_acls` when an association of the unit targets a load balancer
    /// that cannot be resolved and may be this one.
    pub unknown: Vec<&'static str>,
    /// Where `access_logs` was declared, so findings point at the line.
    pub sources: BTreeMap<&'static str, SourceRef>,
}

/// A WAF web ACL association (`aws_wafv2_web_acl_association`,
/// `aws_wafregional_web_acl_association`, `AWS::WAFv2::WebACLAssociation`,
/// `AWS::WAFRegional::WebACLAssociation`) that targets a load balancer.
#[derive(Debug, Default, Serialize)]
pub struct WebAclAssociation {
    pub id: String,
    pub path: AttrPath,
    /// The web ACL: the id of its resource in this unit, or its ARN or id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_acl: Option<String>,
    pub unknown: Vec<&'static str>,
}

#[derive(Debug, Default, Serialize)]
pub struct Listener {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE`, upper-cased.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
    pub default_actions: Vec<ListenerAction>,
    pub unknown: Vec<&'static str>,
    /// Where `protocol` and `ssl_policy` are declared, so findings point at the line.
    pub sources: BTreeMap<&'static str, SourceRef>,
}

#[derive(Debug, Default, Serialize)]
pub struct ListenerAction {
    pub id: String,
    pub path: AttrPath,
    /// `forward`, `redirect`, `fixed-response`, `authenticate-oidc` …
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub action_type: Option<String>,
    /// For a redirect: the target protocol (`HTTPS`, or `#{protocol}` to keep it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_port: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_status_code: Option<String>,
    pub unknown: Vec<&'static str>,
}

/// An RDS DB parameter group or DB cluster parameter group.
#[derive(Debug, Default, Serialize)]
pub struct DbParameterGroup {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `postgres16`, `aurora-mysql8.0` …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// `true` for a DB cluster parameter group.
    pub cluster: bool,
    pub parameters: Vec<DbParameter>,
    pub unknown: Vec<&'static str>,
}

#[derive(Debug, Default, Serialize)]
pub struct DbParameter {
    pub id: String,
    pub path: AttrPath,
    /// Lower-cased: RDS parameter names are matched case-insensitively.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub unknown: Vec<&'static str>,
}

/// A CloudFront distribution, with how each cache behaviour treats plain HTTP viewers.
#[derive(Debug, Default, Serialize)]
pub struct CloudFrontDistribution {
    pub id: String,
    pub path: AttrPath,
    pub behaviors: Vec<CacheBehavior>,
    /// `TLSv1.2_2021` …; absent when not declared (the default certificate allows TLSv1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_protocol_version: Option<String>,
    pub unknown: Vec<&'static str>,
}

#[derive(Debug, Default, Serialize)]
pub struct CacheBehavior {
    pub id: String,
    pub path: AttrPath,
    /// The default cache behaviour (else an ordered one).
    pub default: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_pattern: Option<String>,
    /// `allow-all`, `redirect-to-https`, `https-only`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub viewer_protocol_policy: Option<String>,
    pub unknown: Vec<&'static str>,
}

#[derive(Debug, Default, Serialize)]
pub struct Iam {
    pub policies: Vec<IamPolicy>,
    pub roles: Vec<IamPrincipal>,
    pub users: Vec<IamPrincipal>,
    pub groups: Vec<IamPrincipal>,
}

/// A role, user or group with the policies attached to it, however they were attached
/// (inline, by a separate attachment resource, by ARN), so a rule can judge a
/// principal's effective permissions.
#[derive(Debug, Default, Serialize)]
pub struct IamPrincipal {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Not declared in this unit: a placeholder for an existing principal that
    /// attachments declared here name (its `id` is the first such attachment's).
    pub external: bool,
    /// Roles: the `key` of the trust policy in `iam.policies`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_policy: Option<String>,
    /// Users: the ids of the groups (in `iam.groups`) the user is a member of.
    pub groups: Vec<String>,
    pub policies: Vec<PolicyAttachment>,
    pub unknown: Vec<&'static str>,
}

/// One policy attached to a principal. `id`/`path` are where the attachment was
/// declared: the principal's own inline block, or a separate attachment resource.
#[derive(Debug, Default, Serialize)]
pub struct PolicyAttachment {
    pub id: String,
    pub path: AttrPath,
    /// Embedded in the principal (an inline policy) rather than a managed policy.
    pub inline: bool,
    /// The `key` of the document in `iam.policies` when it is declared in this unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// A managed policy not declared in this unit, by ARN (AWS managed ones included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// `policy` when which policy is attached is unknown until apply.
    pub unknown: Vec<&'static str>,
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
    /// Unique in the unit (`id` and `path`): how principals name their policies.
    pub key: String,
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
    /// An AWS principal in the unit's own account whose ARN is unknown until apply
    /// (built from `aws_caller_identity` or `AWS::AccountId`).
    pub own_account: bool,
    pub aws: Vec<String>,
    pub service: Vec<String>,
    pub federated: Vec<String>,
    pub canonical_user: Vec<String>,
}
