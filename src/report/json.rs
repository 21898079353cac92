//! palisade's JSON report: a documented, versioned shape for scripts (see
//! `docs/json-report.md`). Fields are only ever added within a `schema_version`.

use std::io::Write;

use serde::Serialize;

use super::Report;
use crate::diagnostics::Notification;
use crate::finding::Finding;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    tool: Tool,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    notifications: &'a [Notification],
    /// Present under `--baseline`: the comparison (file, counts, absent entries).
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a crate::baseline::Comparison>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    complete: bool,
    files_scanned: usize,
    files_skipped: usize,
    resources: usize,
    violations: std::collections::BTreeMap<&'static str, usize>,
    undecided: usize,
    /// Findings a suppression covers; they are listed, with their `suppression`.
    suppressed: usize,
    /// Under `--baseline`: unsuppressed findings the baseline records (listed with
    /// `baseline_state: "unchanged"`, not counted above).
    #[serde(skip_serializing_if = "Option::is_none")]
    baselined: Option<usize>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    title: &'a str,
    remediation: &'a str,
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let (by_severity, undecided) = report.counts();
    let doc = JsonReport {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "palisade",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            complete: report.is_complete(),
            files_scanned: report.stats.files_scanned,
            files_skipped: report.stats.files_skipped,
            resources: report.stats.resources,
            violations: by_severity.iter().map(|(s, n)| (s.as_str(), *n)).collect(),
            undecided,
            suppressed: report.suppressed(),
            baselined: report.baseline.as_ref().map(|_| report.baselined()),
        },
        findings: report
            .findings
            .iter()
            .map(|finding| {
                let rule = report.rule(&finding.rule_id);
                JsonFinding {
                    finding,
                    title: rule.map_or("", |r| r.meta.title.as_str()),
                    remediation: rule.map_or("", |r| r.meta.custom.remediation.as_str()),
                }
            })
            .collect(),
        notifications: &report.notifications,
        baseline: report.baseline.as_ref(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
