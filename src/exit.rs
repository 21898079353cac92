//! The gate: one place decides the exit code.

use std::process::ExitCode;

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

impl ExitStatus {
    pub fn of(report: &Report, fail_on: FailOn) -> ExitStatus {
        if report.notifications.iter().any(|n| n.is_error()) {
            return ExitStatus::Incomplete;
        }
        let gating = report
            .findings
            .iter()
            .filter(|f| !f.is_suppressed())
            .any(|f| {
                let severe = fail_on.threshold.is_some_and(|t| f.severity >= t);
                match f.outcome {
                    Outcome::Violation => severe,
                    Outcome::Undecided => severe && fail_on.on_undecided,
                }
            });
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
