//! Account baseline elements: the audit trail (CloudTrail), network telemetry (VPC flow
//! logs), threat detection (GuardDuty) and how containers run (ECS task definitions).
//! They live apart from `estate.rs` so each family's shape reads in one place. As
//! elsewhere, fields are as declared: an absent field means AWS's default applies,
//! and a field unknown until apply is named in `unknown`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::estate::SourceRef;
use super::value::AttrPath;

/// A CloudTrail trail. `sources` points each setting at the attribute that declared it,
/// so findings land on that line.
#[derive(Debug, Serialize)]
pub struct Trail {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Records events from every Region (default: no).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_multi_region: Option<bool>,
    /// Writes signed digest files that prove the logs were not altered (default: no).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_file_validation: Option<bool>,
    /// The KMS key the logs are encrypted with; absent means SSE-S3 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_is_customer_managed: Option<bool>,
    /// The trail is recording (Terraform's `enable_logging`, default yes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_logging: Option<bool>,
    pub unknown: Vec<&'static str>,
    pub sources: BTreeMap<&'static str, SourceRef>,
}

/// A VPC declared in this unit, with the flow logs of this unit that capture its
/// traffic.
#[derive(Debug, Serialize)]
pub struct Vpc {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr: Option<String>,
    /// The Region's default VPC (`aws_default_vpc`).
    pub default: bool,
    pub tags: BTreeMap<String, String>,
    pub flow_logs: Vec<FlowLogRef>,
    /// `flow_logs` when a flow log of this unit has a target unknown until apply that
    /// may be this VPC.
    pub unknown: Vec<&'static str>,
}

/// A flow log whose target is the whole VPC.
#[derive(Debug, Serialize)]
pub struct FlowLogRef {
    pub id: String,
    pub path: AttrPath,
    /// `ALL`, `ACCEPT` or `REJECT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_type: Option<String>,
    pub unknown: Vec<&'static str>,
}

/// A GuardDuty detector: declaring one turns GuardDuty on in its account and Region.
#[derive(Debug, Serialize)]
pub struct GuardDutyDetector {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    pub unknown: Vec<&'static str>,
    pub sources: BTreeMap<&'static str, SourceRef>,
}

/// An ECS task definition and the containers it runs.
#[derive(Debug, Serialize)]
pub struct EcsTaskDefinition {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    pub containers: Vec<Container>,
    /// `containers` when the container definitions are unknown until apply.
    pub unknown: Vec<&'static str>,
}

/// One container definition. In a Terraform JSON string every path is the attribute
/// holding the string: the string has no inner positions.
#[derive(Debug, Serialize)]
pub struct Container {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privileged: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readonly_root_filesystem: Option<bool>,
    pub environment: Vec<EnvVar>,
    /// Names of the variables filled from Secrets Manager or SSM (`secrets`).
    pub secrets: Vec<String>,
    pub unknown: Vec<&'static str>,
    pub sources: BTreeMap<&'static str, SourceRef>,
}

/// A plain environment variable: its value is stored in the task definition as written.
#[derive(Debug, Serialize)]
pub struct EnvVar {
    pub id: String,
    pub path: AttrPath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub unknown: Vec<&'static str>,
}
