//! Live AWS exports: what an auditor can pull from an account without its code.
//!
//! Two sources are read: **AWS Config** (a configuration snapshot as delivered to S3,
//! configuration history, or the output of `aws configservice batch-get-resource-config`
//! / `select-resource-config`), one file per scan unit; and **AWS CLI** `describe-*` /
//! `get-*` outputs, where a *directory* of exports from one account and region is one
//! scan unit (see [`cli`]), so that a security-group rule naming another group, a NACL and
//! its subnets, a role and its attached managed policy meet in one policy input.
//!
//! Both are translated, item by item, into the resource type and attribute shape the AWS
//! Terraform provider keeps in state (`aws_security_group` with `ingress` blocks,
//! `aws_kms_key` with `enable_key_rotation` …). The normalisers dispatch on resource type,
//! never on source format, so every normaliser and every policy applies to live resources
//! unchanged, and what the export records is known. Each translated attribute records
//! the span of the element of the export it came from (the `IpRanges` item, the policy
//! statement), so findings point at that line. What an export does not record (AWS Config
//! keeps no key rotation status) is *unknown*, with the reason, never guessed.
//!
//! The translation tables ([`translate`]) are shared: Config's `configuration` spells the
//! API's members in camelCase (`ipPermissions`, `fromPort`), the CLI in PascalCase
//! (`IpPermissions`, `FromPort`); [`api::Obj`] looks members up without regard to case,
//! so each table is written once.

mod api;
mod build;
pub mod cli;
pub mod config;
mod translate;

use std::path::{Path, PathBuf};

use crate::discover::InputKind;

/// Top-level members that begin `aws` CLI outputs palisade reads, whatever the file is
/// called. The first member decides: the CLI writes its output's members in the API
/// model's order, and a file that merely mentions `Vpcs` further down is not an export.
const CLI_MARKERS: &[&str] = &[
    "SecurityGroups",
    "SecurityGroupRules",
    "NetworkAcls",
    "Subnets",
    "Vpcs",
    "FlowLogs",
    "Volumes",
    "UserDetailList",
    "GroupDetailList",
    "RoleDetailList",
    "Policies",
    "KeyMetadata",
    "KeyRotationEnabled",
    "DBInstances",
    "DBClusters",
    "ReplicationGroups",
    "LoadBalancers",
    "Listeners",
    "trailList",
    "Buckets",
    "ServerSideEncryptionConfiguration",
    "PublicAccessBlockConfiguration",
    "taskDefinition",
    "repositories",
    "CacheClusters",
    "LaunchTemplateVersions",
    "LaunchConfigurations",
    "DBParameterGroups",
    "DBClusterParameterGroups",
    "LoadBalancerDescriptions",
    "DistributionList",
    "logGroups",
];

/// First members that begin CLI outputs only together with a member further in: a
/// queue's or topic's `Attributes` name their ARN, the registry's scanning
/// configuration follows its `registryId`, `describe-table`'s `Table` its `TableName`.
const CLI_MARKERS_WITH: &[(&str, &[&str])] = &[
    ("Attributes", &["\"QueueArn\"", "\"TopicArn\""]),
    ("registryId", &["\"scanningConfiguration\""]),
    ("Table", &["\"TableName\""]),
];

/// Classifies a JSON document's head as a live export, or `None`.
pub fn sniff(body: &str) -> Option<InputKind> {
    let first = first_key(body)?;
    let config = match first.as_str() {
        "fileVersion" | "configSnapshotId" | "configurationItems" | "baseConfigurationItems" => {
            body.contains("\"configurationItems\"") || body.contains("\"baseConfigurationItems\"")
        }
        // `select-resource-config`: a list of configuration items as JSON strings.
        "Results" => body.contains("resourceType"),
        _ => false,
    };
    if config {
        return Some(InputKind::AwsConfig);
    }
    let with = CLI_MARKERS_WITH
        .iter()
        .any(|(marker, inner)| *marker == first && inner.iter().any(|m| body.contains(m)));
    (with || CLI_MARKERS.contains(&first.as_str())).then_some(InputKind::AwsCli)
}

/// The first member name of a JSON object's text, if it starts like one.
pub fn first_key(body: &str) -> Option<String> {
    let rest = body.trim_start().strip_prefix('{')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    rest.get(..end).map(str::to_owned)
}

/// The services whose per-resource calls live in their own directories, because their
/// outputs do not name the resource (`get-bucket-encryption` says nothing of the bucket).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layout {
    /// `s3/<bucket>/get-bucket-encryption.json`, `get-public-access-block.json`,
    /// `get-bucket-policy.json`.
    S3,
    /// `kms/<key-id>/describe-key.json`, `get-key-rotation-status.json`,
    /// `get-key-policy.json`.
    Kms,
    /// `elbv2/<load-balancer-name>/describe-load-balancer-attributes.json`,
    /// `get-web-acl-for-resource.json`.
    Elbv2,
    /// `elb/<classic-load-balancer-name>/describe-load-balancer-attributes.json`.
    Elb,
    /// `guardduty/<detector-id>/get-detector.json`.
    GuardDuty,
    /// `rds/<parameter-group-name>/describe-db-parameters.json`, or
    /// `describe-db-cluster-parameters.json` for a cluster parameter group.
    Rds,
}

impl Layout {
    fn from_dir(name: &str) -> Option<Layout> {
        match name {
            "s3" => Some(Layout::S3),
            "kms" => Some(Layout::Kms),
            "elbv2" => Some(Layout::Elbv2),
            "elb" => Some(Layout::Elb),
            "guardduty" => Some(Layout::GuardDuty),
            "rds" => Some(Layout::Rds),
            _ => None,
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Layout::S3 => "s3",
            Layout::Kms => "kms",
            Layout::Elbv2 => "elbv2",
            Layout::Elb => "elb",
            Layout::GuardDuty => "guardduty",
            Layout::Rds => "rds",
        }
    }
}

/// For a file at `<unit>/<service>/<name>/<call>.json`: the service and the resource name.
pub fn layout_slot(path: &Path) -> Option<(Layout, String)> {
    let resource = path.parent()?;
    let service = resource.parent()?;
    let layout = Layout::from_dir(service.file_name()?.to_str()?)?;
    Some((layout, resource.file_name()?.to_str()?.to_owned()))
}

/// The directory of exports a CLI output belongs to: its own, or for a per-resource call
/// in the layout, the directory above `s3/`, `kms/`, `elb/`, `elbv2/`, `guardduty/` or `rds/`.
pub fn unit_dir(path: &Path) -> PathBuf {
    let parent = |p: &Path| -> PathBuf {
        match p.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        }
    };
    if layout_slot(path).is_some() {
        return parent(&parent(&parent(path)));
    }
    parent(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_paths_belong_to_the_directory_above_the_service() {
        let file = Path::new("exports/prod/s3/acme-logs/get-bucket-policy.json");
        assert_eq!(
            layout_slot(file),
            Some((Layout::S3, "acme-logs".to_owned()))
        );
        assert_eq!(unit_dir(file), PathBuf::from("exports/prod"));
        let plain = Path::new("exports/prod/ec2-describe-security-groups.json");
        assert_eq!(layout_slot(plain), None);
        assert_eq!(unit_dir(plain), PathBuf::from("exports/prod"));
        assert_eq!(unit_dir(Path::new("sg.json")), PathBuf::from("."));
    }

    #[test]
    fn ambiguous_first_members_need_their_companion() {
        let queue = "{\n \"Attributes\": {\"QueueArn\": \"arn:aws:sqs:eu-west-1:1:q\"}}";
        assert_eq!(sniff(queue), Some(InputKind::AwsCli));
        assert_eq!(sniff("{\"Attributes\": {\"Colour\": \"red\"}}"), None);
        assert_eq!(
            sniff("{\"Table\": {\"TableName\": \"locks\"}}"),
            Some(InputKind::AwsCli)
        );
        assert_eq!(sniff("{\"Table\": [1, 2]}"), None);
        assert_eq!(sniff("{\"taskDefinition\": {}}"), Some(InputKind::AwsCli));
    }

    #[test]
    fn first_keys() {
        assert_eq!(first_key(" {\n  \"Vpcs\": []}").as_deref(), Some("Vpcs"));
        assert_eq!(first_key("[1]"), None);
    }
}
