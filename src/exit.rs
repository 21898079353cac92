//! The gate: one place decides the exit code.

use std::process::ExitCode;

use crate::finding::Finding;
use crate::policy::evaluate::Outcome;
use crate::report::Report;

/// What the exit code means, and the threshold it is computed against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above the threshold.
    Clean = 0,
    /// Findings at or above the threshold.
    Findings = 1,
    /// The scan could not do all it was asked: usage, unreadable input, policy error.
    Incomplete = 2,
}

/// `--fail-on`: a severity, or `none` to never fail on findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailOn {
    pub threshold: Option<crate::policy::Severity>,
    pub on_undecided: bool,
}

impl Default for FailOn {
    /// The command line's default: `--fail-on high`, undecided findings do not gate.
    fn default() -> Self {
        FailOn {
            threshold: Some(crate::policy::Severity::High),
            on_undecided: false,
        }
    }
}

impl FailOn {
    /// Whether this finding, on its own, fails the gate. Reporters that grade findings
    /// by the gate (GitHub annotations, JUnit) ask here, so they cannot disagree with
    /// the exit code.
    pub fn gates(&self, finding: &Finding) -> bool {
        if !finding.is_active() {
            return false;
        }
        let severe = self.threshold.is_some_and(|t| finding.severity >= t);
        match finding.outcome {
            Outcome::Violation => severe,
            Outcome::Undecided => severe && self.on_undecided,
        }
    }
}

impl ExitStatus {
    pub fn of(report: &Report, fail_on: FailOn) -> ExitStatus {
        if report.notifications.iter().any(|n| n.is_error()) {
            return ExitStatus::Incomplete;
        }
        let gating = report.findings.iter().any(|f| fail_on.gates(f));
        if gating {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status as u8)
    }
}
