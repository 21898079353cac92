//! SARIF 2.1.0 for GitHub code scanning and any SARIF viewer.
//!
//! Every loaded rule is a `reportingDescriptor` (GitHub shows its help and uses
//! `security-severity` to rank alerts); every finding is a `result` pointing at a
//! repository-relative file and line, naming the resource as a logical location, with a
//! fingerprint that ignores line numbers. Files that could not be loaded and rules that
//! failed go into `invocations[0].toolExecutionNotifications`, with
//! `executionSuccessful: false`, so a viewer never mistakes an incomplete scan for a clean one.

use std::collections::BTreeMap;
use std::io::Write;

use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, LogicalLocation, Message, MultiformatMessageString,
    Notification as SarifNotification, PhysicalLocation, PropertyBag, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Suppression as SarifSuppression, Tool, ToolComponent,
};

use super::fingerprint::SARIF_KEY;
use super::Report;
use crate::diagnostics::{Level, Notification};
use crate::finding::Finding;
use crate::policy::evaluate::Outcome;
use crate::policy::{Rule, Severity};

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/palisade-scanner/palisade";

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let sarif = build(report);
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    out.write_all(b"\n")
}

pub fn build(report: &Report) -> Sarif {
    let rule_index: BTreeMap<&str, usize> = report
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
        .rules(report.rules.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .map(|f| result(f, rule_index.get(f.rule_id.as_str()).copied()))
        .collect();
    let invocation = Invocation::builder()
        .execution_successful(report.is_complete())
        .tool_execution_notifications(
            report
                .notifications
                .iter()
                .map(notification)
                .collect::<Vec<_>>(),
        )
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .column_kind(serde_json::Value::String("unicodeCodePoints".into()))
        .build();
    Sarif::builder()
        .schema(SCHEMA_URI)
        .version(serde_json::Value::String("2.1.0".into()))
        .runs(vec![run])
        .build()
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

fn help_markdown(rule: &Rule) -> String {
    let meta = &rule.meta;
    let mut text = format!(
        "{}\n\n**Remediation:** {}\n",
        meta.description.trim(),
        meta.custom.remediation.trim()
    );
    if !meta.custom.frameworks.is_empty() {
        text.push_str("\n**Frameworks:**\n");
        for (framework, controls) in &meta.custom.frameworks {
            text.push_str(&format!("- {framework}: {}\n", controls.join(", ")));
        }
    }
    if !meta.related_resources.is_empty() {
        text.push_str("\n**References:**\n");
        for link in &meta.related_resources {
            text.push_str(&format!("- <{}>\n", link.url));
        }
    }
    text
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
            .markdown(help_markdown(rule))
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
            artifact_location: Some(ArtifactLocation {
                uri: Some(uri(&finding.location.file)),
                ..Default::default()
            }),
            region: Some(region(finding)),
            ..Default::default()
        }),
        logical_locations: Some(logical_locations(finding)),
        ..Default::default()
    }]);
    result.partial_fingerprints = Some(fingerprints);
    result.suppressions = finding.suppression.as_ref().map(|s| vec![suppression(s)]);
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
            artifact_location: Some(ArtifactLocation {
                uri: Some(uri(&location.file)),
                ..Default::default()
            }),
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
                artifact_location: Some(ArtifactLocation {
                    uri: Some(uri(file)),
                    ..Default::default()
                }),
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
