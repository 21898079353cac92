//! SARIF 2.1.0 for GitHub code scanning and any SARIF viewer.
//!
//! Every loaded rule is a `reportingDescriptor` (GitHub shows its help and uses
//! `security-severity` to rank alerts); every finding is a `result` pointing at a
//! repository-relative file and line, naming the resource as a logical location, with a
//! fingerprint that ignores line numbers. Files that could not be loaded and rules that
//! failed go into `invocations[0].toolExecutionNotifications`, with
//! `executionSuccessful: false`, so a viewer never mistakes an incomplete scan for a clean one.
//!
//! Under `--baseline`, every result carries `baselineState`: `new`, or `unchanged` for a
//! finding the baseline records. Recorded findings stay results (not suppressed, not
//! dropped): GitHub code scanning ignores `baselineState` and closes the alert of any
//! result missing from an upload, so dropping them would mark existing debt as fixed;
//! it shows the pull request the alerts that are new against the base branch anyway.
//! Baseline entries no longer found are not `absent` results (GitHub would open alerts
//! for them) but are listed in `runs[0].properties.baseline`.
//!
//! File URIs are relative references with `uriBaseId: "%SRCROOT%"` — the directory
//! palisade ran in, which in CI is the repository root; `originalUriBaseIds` declares it
//! without an absolute path, which would differ between machines and break byte-identical
//! reports. Files outside that directory, named by absolute path, are `file://` URIs (the
//! upload action relativises those against its `checkout_path`).
//!
//! GitHub code scanning's limits on a run are applied here (see `limits`): beyond them
//! the most severe results are kept, deterministically, and a notification says what was
//! dropped.

use std::collections::BTreeMap;
use std::io::Write;

use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, LogicalLocation, Message, MultiformatMessageString,
    Notification as SarifNotification, PhysicalLocation, PropertyBag, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Suppression as SarifSuppression, Tool, ToolComponent,
};

use super::fingerprint::SARIF_KEY;
use super::{RenderOptions, Report};
use crate::diagnostics::{Level, Notification};
use crate::finding::Finding;
use crate::policy::evaluate::Outcome;
use crate::policy::{Rule, Severity};

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/palisade-scanner/palisade";

/// The base every relative artifact URI is resolved against.
const SRCROOT: &str = "%SRCROOT%";

pub fn render(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let sarif = build(report, options);
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    out.write_all(b"\n")
}

pub fn build(report: &Report, options: &RenderOptions) -> Sarif {
    build_within(report, options, limits::GITHUB)
}

fn build_within(report: &Report, options: &RenderOptions, limits: limits::Limits) -> Sarif {
    let kept = limits::select(report, limits);
    let rule_index: BTreeMap<&str, usize> = kept
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id(), i))
        .collect();
    let driver = ToolComponent::builder()
        .name("palisade")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(kept.rules.iter().map(|r| descriptor(r)).collect::<Vec<_>>())
        .build();
    let results: Vec<SarifResult> = kept
        .findings
        .iter()
        .map(|f| result(f, rule_index.get(f.rule_id.as_str()).copied()))
        .collect();
    let mut notifications: Vec<SarifNotification> =
        report.notifications.iter().map(notification).collect();
    if let Some(text) = kept.dropped_message() {
        let mut note = SarifNotification::builder()
            .message(Message {
                text: Some(text),
                ..Default::default()
            })
            .build();
        note.level = Some(serde_json::Value::String("warning".into()));
        notifications.push(note);
    }
    let invocation = Invocation::builder()
        .execution_successful(report.is_complete())
        .tool_execution_notifications(notifications)
        .build();
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .column_kind(serde_json::Value::String("unicodeCodePoints".into()))
        .build();
    run.automation_details = options.sarif_category.as_deref().map(|category| {
        serde_sarif::sarif::RunAutomationDetails {
            id: Some(category_id(category)),
            ..Default::default()
        }
    });
    run.properties = report.baseline.as_ref().map(baseline_properties);
    let mut bases = BTreeMap::new();
    bases.insert(
        SRCROOT.to_owned(),
        ArtifactLocation {
            description: Some(Message {
                text: Some(
                    "The directory palisade was run in (the repository root in CI); file URIs \
                     are relative to it."
                        .into(),
                ),
                ..Default::default()
            }),
            ..Default::default()
        },
    );
    run.original_uri_base_ids = Some(bases);
    Sarif::builder()
        .schema(SCHEMA_URI)
        .version(serde_json::Value::String("2.1.0".into()))
        .runs(vec![run])
        .build()
}

/// The comparison with `--baseline`, as `runs[0].properties.baseline`: the file, the
/// counts and the entries no longer found. Absent entries are not results: GitHub code
/// scanning does not read `baselineState` and would open an alert for each.
fn baseline_properties(comparison: &crate::baseline::Comparison) -> PropertyBag {
    let mut properties = BTreeMap::new();
    properties.insert(
        "baseline".to_owned(),
        serde_json::to_value(comparison).unwrap_or_default(),
    );
    PropertyBag {
        tags: None,
        additional_properties: properties,
    }
}

/// GitHub's `security-severity` scale: critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4.0.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// SARIF `level` for a finding: violations by severity; undecided findings are notes.
fn level(severity: Severity, outcome: Outcome) -> ResultLevel {
    match (outcome, severity) {
        (Outcome::Undecided, _) | (_, Severity::Info) => ResultLevel::Note,
        (_, Severity::Low | Severity::Medium) => ResultLevel::Warning,
        (_, Severity::High | Severity::Critical) => ResultLevel::Error,
    }
}

fn level_name(level: &ResultLevel) -> &'static str {
    match level {
        ResultLevel::None => "none",
        ResultLevel::Note => "note",
        ResultLevel::Warning => "warning",
        ResultLevel::Error => "error",
    }
}

/// `--sarif-category` as `automationDetails.id`. GitHub takes everything up to the last
/// `/` as the category (what follows names one run), so a trailing `/` is added when
/// missing: the whole value is the category, as the user wrote it.
pub fn category_id(category: &str) -> String {
    let category = category.trim();
    if category.ends_with('/') {
        category.to_owned()
    } else {
        format!("{category}/")
    }
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let meta = &rule.meta;
    let mut properties = BTreeMap::new();
    properties.insert(
        "security-severity".to_owned(),
        serde_json::Value::String(security_severity(meta.custom.severity).into()),
    );
    properties.insert(
        "severity".to_owned(),
        serde_json::Value::String(meta.custom.severity.as_str().into()),
    );
    if !meta.custom.frameworks.is_empty() {
        properties.insert(
            "frameworks".to_owned(),
            serde_json::to_value(&meta.custom.frameworks).unwrap_or_default(),
        );
    }
    let mut tags = vec![meta.custom.family.clone(), "security".to_owned()];
    tags.sort();
    tags.dedup();
    let mut descriptor = ReportingDescriptor::builder().id(rule.id()).build();
    descriptor.name = Some(
        rule.package
            .rsplit('.')
            .next()
            .unwrap_or(&rule.package)
            .to_owned(),
    );
    descriptor.short_description = Some(
        MultiformatMessageString::builder()
            .text(meta.title.clone())
            .build(),
    );
    descriptor.full_description = Some(
        MultiformatMessageString::builder()
            .text(meta.description.trim())
            .build(),
    );
    descriptor.help = Some(
        MultiformatMessageString::builder()
            .text(format!(
                "{}\n\nRemediation: {}",
                meta.description.trim(),
                meta.custom.remediation.trim()
            ))
            .markdown(super::rules_doc::help_markdown(rule).trim_end())
            .build(),
    );
    descriptor.help_uri = meta.related_resources.first().map(|r| r.url.clone());
    descriptor.default_configuration = Some(ReportingConfiguration {
        level: Some(serde_json::Value::String(
            level_name(&level(meta.custom.severity, Outcome::Violation)).into(),
        )),
        ..Default::default()
    });
    descriptor.deprecated_ids =
        (!meta.custom.aliases.is_empty()).then(|| meta.custom.aliases.clone());
    descriptor.properties = Some(PropertyBag {
        tags: Some(tags),
        additional_properties: properties,
    });
    descriptor
}

fn region(finding: &Finding) -> Region {
    let location = &finding.location;
    Region {
        start_line: Some(i64::from(location.start.line)),
        start_column: Some(i64::from(location.start.column)),
        end_line: Some(i64::from(location.end.line.max(location.start.line))),
        end_column: Some(i64::from(if location.end.line > location.start.line {
            location.end.column
        } else {
            location.end.column.max(location.start.column)
        })),
        ..Default::default()
    }
}

/// A file path as a SARIF URI reference relative to the repository root: `/`-separated,
/// with characters outside the URI grammar percent-encoded.
fn uri(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for byte in file.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'+'
            | b'='
            | b'@'
            | b',' => {
                out.push(char::from(byte));
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// A file as a SARIF artifact location: relative paths against `%SRCROOT%`, absolute
/// ones as `file://` URIs.
fn artifact(file: &str) -> ArtifactLocation {
    let bytes = file.as_bytes();
    let windows_drive = bytes.len() > 2
        && bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(1) == Some(&b':')
        && bytes.get(2) == Some(&b'/');
    if file.starts_with('/') {
        ArtifactLocation {
            uri: Some(format!("file://{}", uri(file))),
            ..Default::default()
        }
    } else if windows_drive {
        let (drive, rest) = file.split_at(2);
        ArtifactLocation {
            uri: Some(format!("file:///{drive}{}", uri(rest))),
            ..Default::default()
        }
    } else {
        ArtifactLocation {
            uri: Some(uri(file)),
            uri_base_id: Some(SRCROOT.to_owned()),
            ..Default::default()
        }
    }
}

fn result(finding: &Finding, rule_index: Option<usize>) -> SarifResult {
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(SARIF_KEY.to_owned(), finding.fingerprint.clone());
    let mut properties = BTreeMap::new();
    properties.insert(
        "outcome".to_owned(),
        serde_json::to_value(finding.outcome).unwrap_or_default(),
    );
    properties.insert(
        "severity".to_owned(),
        serde_json::Value::String(finding.severity.as_str().into()),
    );
    if let Some(construct) = &finding.construct {
        properties.insert(
            "construct".to_owned(),
            serde_json::Value::String(construct.clone()),
        );
    }
    if !finding.attribute.is_empty() {
        properties.insert(
            "attribute".to_owned(),
            serde_json::Value::String(finding.attribute.clone()),
        );
    }
    let undecided = if finding.outcome == Outcome::Undecided {
        " (undecided)"
    } else {
        ""
    };
    let mut result = SarifResult::builder()
        .message(Message {
            text: Some(format!(
                "{}{undecided}: {}",
                finding.resource, finding.message
            )),
            ..Default::default()
        })
        .build();
    result.rule_id = Some(finding.rule_id.clone());
    result.rule_index = rule_index.and_then(|i| i64::try_from(i).ok());
    result.level = Some(level(finding.severity, finding.outcome));
    result.locations = Some(vec![Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(artifact(&finding.location.file)),
            region: Some(region(finding)),
            ..Default::default()
        }),
        logical_locations: Some(logical_locations(finding)),
        ..Default::default()
    }]);
    result.related_locations = (!finding.related.is_empty()).then(|| {
        finding
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| Location {
                id: i64::try_from(id).ok(),
                message: Some(Message {
                    text: Some(related.message.clone()),
                    ..Default::default()
                }),
                ..file_location(&related.location)
            })
            .collect()
    });
    result.partial_fingerprints = Some(fingerprints);
    result.suppressions = finding.suppression.as_ref().map(|s| vec![suppression(s)]);
    result.baseline_state = finding
        .baseline_state
        .map(|state| serde_json::Value::String(state.as_str().into()));
    result.properties = Some(PropertyBag {
        tags: None,
        additional_properties: properties,
    });
    result
}

/// The resource (and the attribute) a finding is about; for a template `cdk synth` wrote,
/// also the construct that synthesized the resource, by its construct path
/// (`Platform/Data/Database/Resource`), which is what a CDK user finds in their code.
fn logical_locations(finding: &Finding) -> Vec<LogicalLocation> {
    let mut out = vec![LogicalLocation {
        name: Some(finding.resource.clone()),
        fully_qualified_name: Some(if finding.attribute.is_empty() {
            finding.resource.clone()
        } else {
            format!("{}.{}", finding.resource, finding.attribute)
        }),
        kind: Some("resource".into()),
        ..Default::default()
    }];
    if let Some(construct) = &finding.construct {
        out.push(LogicalLocation {
            name: Some(
                construct
                    .rsplit('/')
                    .next()
                    .unwrap_or(construct.as_str())
                    .to_owned(),
            ),
            fully_qualified_name: Some(construct.clone()),
            kind: Some("module".into()),
            ..Default::default()
        });
    }
    out
}

/// A suppression as SARIF has it: GitHub code scanning closes alerts whose result
/// carries an accepted suppression, and keeps the justification on record.
fn suppression(suppression: &crate::suppress::Suppression) -> SarifSuppression {
    let mut properties = BTreeMap::new();
    if let Some(until) = &suppression.until {
        properties.insert("until".to_owned(), serde_json::Value::String(until.clone()));
    }
    SarifSuppression {
        kind: serde_json::Value::String(
            match suppression.kind {
                crate::suppress::Kind::InSource => "inSource",
                crate::suppress::Kind::External => "external",
            }
            .into(),
        ),
        status: Some(serde_json::Value::String("accepted".into())),
        justification: Some(suppression.reason.clone()),
        location: Some(file_location(&suppression.location)),
        guid: None,
        properties: (!properties.is_empty()).then_some(PropertyBag {
            tags: None,
            additional_properties: properties,
        }),
    }
}

/// A physical location at a line and column, for places that are not findings.
fn file_location(location: &crate::source::Location) -> Location {
    Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(artifact(&location.file)),
            region: Some(Region {
                start_line: Some(i64::from(location.start.line)),
                start_column: Some(i64::from(location.start.column)),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn notification(note: &Notification) -> SarifNotification {
    let level = match note.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    };
    let location = match (&note.location, &note.file) {
        (Some(location), _) => Some(file_location(location)),
        (None, Some(file)) if !file.starts_with("builtin:") => Some(Location {
            physical_location: Some(PhysicalLocation {
                artifact_location: Some(artifact(file)),
                ..Default::default()
            }),
            ..Default::default()
        }),
        _ => None,
    };
    let mut text = note.message.clone();
    if let Some(rule) = &note.rule {
        text = format!("[{rule}] {text}");
    }
    if let (None, Some(file)) = (&note.location, &note.file) {
        text = format!("{file}: {text}");
    }
    let mut sarif_note = SarifNotification::builder()
        .message(Message {
            text: Some(text),
            ..Default::default()
        })
        .build();
    sarif_note.level = Some(serde_json::Value::String(level.into()));
    sarif_note.locations = location.map(|l| vec![l]);
    sarif_note
}

/// Prints nothing itself: the command line calls this to warn on standard error when the
/// SARIF report had to leave results out.
pub fn limit_warning(report: &Report) -> Option<String> {
    limits::select(report, limits::GITHUB).dropped_message()
}

/// GitHub code scanning's limits on one SARIF run, and what palisade does beyond them.
///
/// GitHub ("SARIF support for code scanning", "results exceed limit") rejects a file
/// with more than 20 runs, 25,000 results or 25,000 rules per run, 1,000 locations per
/// result or 20 tags per rule, or over 10 MB gzip-compressed; of an accepted run it
/// stores only 5,000 results ("prioritized by severity" — which, as reported in the
/// docs' issue tracker, it does not reliably do). palisade writes one run, one location
/// per result and at most two tags per rule, and caps the rest itself:
///
/// - **results**: at most 5,000. When there are more, the most important are kept —
///   active violations before undecided findings before suppressed ones, then by
///   severity (critical first; under `--baseline`, new findings before recorded ones of
///   the same kind), then in report order (file, line, rule) — and written in
///   report order; a `warning` notification in `toolExecutionNotifications` (and on
///   standard error) says how many were dropped, by kind. The JSON report keeps them all.
/// - **rules**: at most 25,000; beyond that, rules with a kept result are listed first,
///   then the others by id, and `ruleIndex` follows.
/// - **size**: a result is about 1–2 KB of JSON that gzip shrinks about tenfold, so
///   5,000 results stay far below 10 MB; it is not measured.
pub mod limits {
    use std::collections::BTreeSet;

    use crate::finding::Finding;
    use crate::policy::evaluate::Outcome;
    use crate::policy::{Rule, Severity};
    use crate::report::Report;

    #[derive(Clone, Copy, Debug)]
    pub struct Limits {
        pub results: usize,
        pub rules: usize,
    }

    /// What GitHub code scanning stores (results) and accepts (rules) per run.
    pub const GITHUB: Limits = Limits {
        results: 5_000,
        rules: 25_000,
    };

    /// The findings and rules that go into the run, in report order.
    pub struct Kept<'r> {
        pub findings: Vec<&'r Finding>,
        pub rules: Vec<&'r Rule>,
        limits: Limits,
        total_findings: usize,
        dropped_findings: Vec<&'r Finding>,
        dropped_rules: usize,
    }

    /// Lower sorts first: what is kept when not everything fits. Findings a baseline
    /// records come after new ones of the same kind.
    fn importance(finding: &Finding) -> (u8, bool, std::cmp::Reverse<Severity>) {
        let class = match (finding.is_suppressed(), finding.outcome) {
            (false, Outcome::Violation) => 0,
            (false, Outcome::Undecided) => 1,
            (true, _) => 2,
        };
        (
            class,
            finding.is_baselined(),
            std::cmp::Reverse(finding.severity),
        )
    }

    pub fn select(report: &Report, limits: Limits) -> Kept<'_> {
        let total_findings = report.findings.len();
        let (findings, dropped_findings): (Vec<&Finding>, Vec<&Finding>) = if total_findings
            <= limits.results
        {
            (report.findings.iter().collect(), Vec::new())
        } else {
            let mut ranked: Vec<(usize, &Finding)> = report.findings.iter().enumerate().collect();
            // Stable, and the index breaks ties: the same report always keeps the same results.
            ranked.sort_by_key(|&(index, f)| (importance(f), index));
            let mut dropped = ranked.split_off(limits.results);
            ranked.sort_by_key(|&(index, _)| index);
            dropped.sort_by_key(|&(index, _)| index);
            (
                ranked.into_iter().map(|(_, f)| f).collect(),
                dropped.into_iter().map(|(_, f)| f).collect(),
            )
        };
        let (rules, dropped_rules) = if report.rules.len() <= limits.rules {
            (report.rules.iter().collect(), 0)
        } else {
            let used: BTreeSet<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
            let mut ranked: Vec<(bool, usize, &Rule)> = report
                .rules
                .iter()
                .enumerate()
                .map(|(i, r)| (!used.contains(r.id()), i, r))
                .collect();
            ranked.sort_by_key(|&(unused, index, _)| (unused, index));
            ranked.truncate(limits.rules);
            ranked.sort_by_key(|&(_, index, _)| index);
            (
                ranked.into_iter().map(|(_, _, r)| r).collect::<Vec<_>>(),
                report.rules.len() - limits.rules,
            )
        };
        Kept {
            findings,
            rules,
            limits,
            total_findings,
            dropped_findings,
            dropped_rules,
        }
    }

    impl Kept<'_> {
        /// How many findings were left out.
        pub fn dropped(&self) -> usize {
            self.dropped_findings.len()
        }

        /// The notification text when anything was left out.
        pub fn dropped_message(&self) -> Option<String> {
            let mut parts = Vec::new();
            if !self.dropped_findings.is_empty() {
                let mut kinds = Vec::new();
                for severity in Severity::ALL {
                    let n = self
                        .dropped_findings
                        .iter()
                        .filter(|f| {
                            !f.is_suppressed()
                                && f.outcome == Outcome::Violation
                                && f.severity == severity
                        })
                        .count();
                    if n > 0 {
                        kinds.push(format!("{n} {severity}"));
                    }
                }
                let undecided = self
                    .dropped_findings
                    .iter()
                    .filter(|f| !f.is_suppressed() && f.outcome == Outcome::Undecided)
                    .count();
                if undecided > 0 {
                    kinds.push(format!("{undecided} undecided"));
                }
                let suppressed = self
                    .dropped_findings
                    .iter()
                    .filter(|f| f.is_suppressed())
                    .count();
                if suppressed > 0 {
                    kinds.push(format!("{suppressed} suppressed"));
                }
                parts.push(format!(
                    "{} findings exceed GitHub code scanning's limit of {} results per run: the \
                     {} most severe are reported and {} left out ({}); the JSON report lists \
                     them all",
                    self.total_findings,
                    self.limits.results,
                    self.limits.results,
                    self.dropped(),
                    kinds.join(", ")
                ));
            }
            if self.dropped_rules > 0 {
                parts.push(format!(
                    "{} rules exceed GitHub code scanning's limit of {} rules per run: {} \
                     rules without results are not listed",
                    self.rules.len() + self.dropped_rules,
                    self.limits.rules,
                    self.dropped_rules
                ));
            }
            (!parts.is_empty()).then(|| format!("SARIF: {}", parts.join("; ")))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use crate::source::{LineCol, Location as SourceLocation};

    fn finding(i: usize, severity: Severity, outcome: Outcome) -> Finding {
        let line = u32::try_from(i + 1).unwrap();
        Finding {
            rule_id: "PAL-TEST-001".into(),
            severity,
            outcome,
            message: format!("finding {i}"),
            resource: format!("aws_s3_bucket.b{i}"),
            resource_type: "aws_s3_bucket".into(),
            construct: None,
            attribute: String::new(),
            location: SourceLocation {
                file: "main.tf".into(),
                start: LineCol { line, column: 1 },
                end: LineCol { line, column: 5 },
                span: crate::source::Span::default(),
            },
            fingerprint: format!("{i:032x}"),
            related: Vec::new(),
            suppression: None,
            baseline_state: None,
        }
    }

    fn messages(sarif: &Sarif) -> Vec<String> {
        sarif.runs[0]
            .results
            .as_ref()
            .unwrap()
            .iter()
            .map(|r| r.message.text.clone().unwrap())
            .collect()
    }

    fn warnings(sarif: &Sarif) -> Vec<String> {
        sarif.runs[0].invocations.as_ref().unwrap()[0]
            .tool_execution_notifications
            .as_ref()
            .unwrap()
            .iter()
            .map(|n| n.message.text.clone().unwrap())
            .collect()
    }

    /// A synthetic report one result over GitHub's limit: the one left out is the least
    /// severe, the rest keep report order, and a notification counts what was dropped.
    #[test]
    fn results_beyond_githubs_limit_keep_the_most_severe() {
        let n = limits::GITHUB.results + 1;
        let report = Report {
            findings: (0..n)
                .map(|i| {
                    let severity = if i == 7 {
                        Severity::Low
                    } else {
                        Severity::High
                    };
                    finding(i, severity, Outcome::Violation)
                })
                .collect(),
            ..Default::default()
        };
        let sarif = build(&report, &RenderOptions::default());
        let kept = messages(&sarif);
        assert_eq!(kept.len(), limits::GITHUB.results);
        assert!(!kept.iter().any(|m| m.ends_with(": finding 7")));
        assert!(kept.first().unwrap().ends_with(": finding 0"));
        assert!(kept
            .last()
            .unwrap()
            .ends_with(&format!(": finding {}", n - 1)));
        let notes = warnings(&sarif);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].contains("5001 findings") && notes[0].contains("1 left out (1 low)"),
            "{notes:?}"
        );
        assert_eq!(limit_warning(&report), Some(notes[0].clone()));
    }

    #[test]
    fn selection_prefers_violations_then_undecided_then_suppressed() {
        let mut report = Report::default();
        let mut suppressed = finding(0, Severity::Critical, Outcome::Violation);
        suppressed.suppression = Some(crate::suppress::Suppression {
            kind: crate::suppress::Kind::InSource,
            reason: "accepted".into(),
            until: None,
            location: suppressed.location.clone(),
        });
        report.findings = vec![
            suppressed,
            finding(1, Severity::Critical, Outcome::Undecided),
            finding(2, Severity::Info, Outcome::Violation),
            finding(3, Severity::Medium, Outcome::Violation),
            finding(4, Severity::Critical, Outcome::Undecided),
        ];
        let limits = limits::Limits {
            results: 3,
            rules: 10,
        };
        let sarif = build_within(&report, &RenderOptions::default(), limits);
        let kept = messages(&sarif);
        assert_eq!(kept.len(), 3);
        // Both violations, then the first undecided; written in report order.
        assert!(kept[0].ends_with("(undecided): finding 1"), "{kept:?}");
        assert!(kept[1].ends_with(": finding 2"), "{kept:?}");
        assert!(kept[2].ends_with(": finding 3"), "{kept:?}");
        let notes = warnings(&sarif);
        assert!(
            notes[0].contains("2 left out (1 undecided, 1 suppressed)"),
            "{notes:?}"
        );
    }

    #[test]
    fn within_the_limits_nothing_is_dropped_or_noted() {
        let report = Report {
            findings: (0..10)
                .map(|i| finding(i, Severity::Low, Outcome::Violation))
                .collect(),
            ..Default::default()
        };
        let sarif = build(&report, &RenderOptions::default());
        assert_eq!(messages(&sarif).len(), 10);
        assert!(warnings(&sarif).is_empty());
        assert_eq!(limit_warning(&report), None);
    }

    /// Beyond the rule limit, rules with results are kept and `ruleIndex` points at them.
    #[test]
    fn rules_beyond_the_limit_keep_those_with_results() {
        let (policies, notes) = crate::policy::PolicySet::load(&crate::policy::PolicySources {
            builtin: true,
            dirs: Vec::new(),
            data_files: Vec::new(),
            include_tests: false,
        });
        assert!(notes.is_empty(), "{notes:?}");
        let last = policies.rules.last().unwrap().id().to_owned();
        let mut flagged = finding(0, Severity::High, Outcome::Violation);
        flagged.rule_id = last.clone();
        let report = Report {
            rules: policies.rules.clone(),
            findings: vec![flagged],
            ..Default::default()
        };
        let limits = limits::Limits {
            results: 10,
            rules: 3,
        };
        let sarif = build_within(&report, &RenderOptions::default(), limits);
        let run = &sarif.runs[0];
        let ids: Vec<String> = run
            .tool
            .driver
            .rules
            .as_ref()
            .unwrap()
            .iter()
            .map(|r| r.id.clone())
            .collect();
        assert_eq!(ids.len(), 3);
        assert_eq!(ids[0], policies.rules[0].id());
        assert_eq!(ids[2], last, "the rule with a result is kept");
        let result = &run.results.as_ref().unwrap()[0];
        assert_eq!(result.rule_index, Some(2));
        let notes = warnings(&sarif);
        assert!(
            notes[0].contains("rules without results are not listed"),
            "{notes:?}"
        );
    }

    #[test]
    fn category_is_always_a_whole_category() {
        assert_eq!(category_id("palisade/prod/"), "palisade/prod/");
        assert_eq!(category_id("palisade/prod"), "palisade/prod/");
    }

    #[test]
    fn uris_are_relative_to_srcroot_or_absolute_file_uris() {
        let relative = artifact("envs/prod/main tf.tf");
        assert_eq!(relative.uri.as_deref(), Some("envs/prod/main%20tf.tf"));
        assert_eq!(relative.uri_base_id.as_deref(), Some("%SRCROOT%"));
        let absolute = artifact("/tmp/x/main.tf");
        assert_eq!(absolute.uri.as_deref(), Some("file:///tmp/x/main.tf"));
        assert_eq!(absolute.uri_base_id, None);
        let windows = artifact("C:/infra/main.tf");
        assert_eq!(windows.uri.as_deref(), Some("file:///C:/infra/main.tf"));
    }
}
