//! Findings: what a rule said about a resource, with the rule's metadata resolved and
//! the place in the source it points at. This is all reporters know about.

use serde::Serialize;

use crate::policy::evaluate::Outcome;
use crate::policy::Severity;
use crate::source::Location;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule_id: String,
    pub severity: Severity,
    pub outcome: Outcome,
    pub message: String,
    /// The resource id (Terraform address or CloudFormation logical id).
    pub resource: String,
    pub resource_type: String,
    /// The CDK construct that synthesized the resource (CloudFormation
    /// `Metadata["aws:cdk:path"]`), when the template came from `cdk synth`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub construct: Option<String>,
    /// The attribute path inside the resource, as users write it (`ingress[0]`).
    pub attribute: String,
    pub location: Location,
    /// Other places that show the same thing: for a plan finding mapped to its `.tf`
    /// line, the resource in the plan.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Stable across runs and across edits that only move lines: see `report::fingerprint`.
    pub fingerprint: String,
    /// Set when a valid suppression covers the finding: it is still reported, but does
    /// not count toward the exit code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppression: Option<crate::suppress::Suppression>,
    /// Set when a baseline is applied (`scan --baseline`): whether the finding was
    /// recorded in it. Unchanged findings do not count toward the exit code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_state: Option<crate::baseline::BaselineState>,
}

/// A secondary location of a finding, with what it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

impl Finding {
    pub fn is_suppressed(&self) -> bool {
        self.suppression.is_some()
    }

    /// Recorded in the baseline the scan was compared with: reported in SARIF and JSON,
    /// not counted, never gating.
    pub fn is_baselined(&self) -> bool {
        self.baseline_state == Some(crate::baseline::BaselineState::Unchanged)
    }

    /// Neither suppressed nor baselined: what the summary counts and the gate judges.
    pub fn is_active(&self) -> bool {
        !self.is_suppressed() && !self.is_baselined()
    }

    /// The order reports list findings in: by file, line, rule, resource, message.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.location.file,
            self.location.start,
            &self.rule_id,
            &self.resource,
            &self.attribute,
            &self.message,
        )
    }
}
