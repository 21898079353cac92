//! GitHub Actions workflow commands: `::error file=…,line=…,endLine=…,title=…::message`.
//!
//! Printed in a workflow step, each line becomes an annotation on the pull request's
//! "Files changed" view and the run summary — findings on the lines a PR touches, without
//! code scanning (which private repositories may not have).
//!
//! The annotation kind follows the gate, so the red marks are exactly what fails the job:
//! a finding that fails `--fail-on` (and `--fail-on-undecided`) is an `error`; any other
//! violation is a `warning`, or a `notice` at `info`; an undecided finding that does not
//! gate is a `notice`. Suppressed findings are not annotated (they were reviewed), nor
//! are findings the `--baseline` records (only new ones are). Scan
//! errors (a file that does not parse, a policy error) are `error`s and warnings about the
//! scan (an invalid suppression) are `warning`s, at their file and line when known.
//!
//! GitHub shows only the first few annotations of each kind per step (10, as of writing),
//! in the order printed, so the most important are printed first: errors, then warnings,
//! then notices; within a kind, scan problems first, then findings by severity, each in
//! the report's (file, line) order.
//!
//! Escaping follows the Actions toolkit (`@actions/core`'s `toCommandValue` rules): in the
//! message `%`, `\r`, `\n` become `%25`, `%0D`, `%0A`; in property values `:` and `,` are
//! escaped too (`%3A`, `%2C`), since they delimit properties.

use std::io::Write;

use super::{RenderOptions, Report};
use crate::diagnostics::{Level, Notification};
use crate::finding::Finding;
use crate::policy::evaluate::Outcome;
use crate::policy::Severity;

/// An annotation kind, in the order they are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Error,
    Warning,
    Notice,
}

impl Kind {
    fn command(self) -> &'static str {
        match self {
            Kind::Error => "error",
            Kind::Warning => "warning",
            Kind::Notice => "notice",
        }
    }
}

/// The annotation kind of a finding under the gate; `None` for suppressed findings and
/// for those a baseline records (only new findings are annotated).
pub fn kind(finding: &Finding, options: &RenderOptions) -> Option<Kind> {
    if !finding.is_active() {
        return None;
    }
    Some(if options.fail_on.gates(finding) {
        Kind::Error
    } else {
        match (finding.outcome, finding.severity) {
            (Outcome::Undecided, _) | (Outcome::Violation, Severity::Info) => Kind::Notice,
            (Outcome::Violation, _) => Kind::Warning,
        }
    })
}

/// Print order: kind, scan problems (0) before findings (1), most severe first, then
/// report order.
type SortKey = (Kind, u8, std::cmp::Reverse<Option<Severity>>, usize);

pub fn render(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut lines: Vec<(SortKey, String)> = Vec::new();
    for (index, note) in report.notifications.iter().enumerate() {
        let kind = match note.level {
            Level::Error => Kind::Error,
            Level::Warning => Kind::Warning,
            Level::Note => continue,
        };
        let key = (kind, 0, std::cmp::Reverse(None), index);
        lines.push((key, notification_command(note, kind)));
    }
    for (index, finding) in report.findings.iter().enumerate() {
        if let Some(kind) = kind(finding, options) {
            let key = (kind, 1, std::cmp::Reverse(Some(finding.severity)), index);
            lines.push((key, finding_command(report, finding, kind)));
        }
    }
    lines.sort_by_key(|(key, _)| *key);
    for (_, line) in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn finding_command(report: &Report, finding: &Finding, kind: Kind) -> String {
    let rule = report.rule(&finding.rule_id);
    let location = &finding.location;
    let undecided = match finding.outcome {
        Outcome::Undecided => " (undecided)",
        Outcome::Violation => "",
    };
    let title = format!(
        "[{}] {}{undecided}: {}",
        finding.rule_id,
        finding.severity,
        rule.map_or(finding.rule_id.as_str(), |r| r.meta.title.trim())
    );
    let mut message = format!("{}: {}", finding.resource, finding.message);
    if let Some(rule) = rule {
        message.push_str("\nhelp: ");
        message.push_str(rule.meta.custom.remediation.trim());
    }
    let mut properties = vec![
        ("file", location.file.clone()),
        ("line", location.start.line.to_string()),
    ];
    if location.end.line > location.start.line {
        properties.push(("endLine", location.end.line.to_string()));
    } else {
        // Columns only mean something within one line, as GitHub documents them.
        properties.push(("col", location.start.column.to_string()));
        if location.end.column > location.start.column {
            properties.push(("endColumn", location.end.column.to_string()));
        }
    }
    properties.push(("title", title));
    command(kind, &properties, &message)
}

fn notification_command(note: &Notification, kind: Kind) -> String {
    let mut properties = Vec::new();
    match (&note.location, &note.file) {
        (Some(location), _) => {
            properties.push(("file", location.file.clone()));
            properties.push(("line", location.start.line.to_string()));
            properties.push(("col", location.start.column.to_string()));
        }
        (None, Some(file)) if !file.starts_with("builtin:") => {
            properties.push(("file", file.clone()));
        }
        _ => {}
    }
    let title = match kind {
        Kind::Error => "palisade: scan error",
        Kind::Warning | Kind::Notice => "palisade: warning",
    };
    properties.push(("title", title.to_owned()));
    let mut message = note.message.clone();
    if let Some(rule) = &note.rule {
        message = format!("[{rule}] {message}");
    }
    if let (None, Some(file)) = (&note.location, &note.file) {
        message = format!("{file}: {message}");
    }
    command(kind, &properties, &message)
}

/// One workflow command line.
fn command(kind: Kind, properties: &[(&str, String)], message: &str) -> String {
    let properties: Vec<String> = properties
        .iter()
        .map(|(name, value)| format!("{name}={}", escape_property(value)))
        .collect();
    format!(
        "::{} {}::{}",
        kind.command(),
        properties.join(","),
        escape_data(message)
    )
}

/// The message part: `%`, `\r` and `\n` are the characters that would end or corrupt
/// the command.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            other => out.push(other),
        }
    }
    out
}

/// A property value: as the message, plus the `:` and `,` that delimit properties.
pub fn escape_property(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escape_data(text).chars() {
        match c {
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
        // Escaping `%` first: an existing `%3A` in a value must not turn back into `:`.
        assert_eq!(escape_property("%3A"), "%253A");
    }

    #[test]
    fn a_command_is_one_line() {
        let line = command(
            Kind::Warning,
            &[("file", "a,b.tf".to_owned()), ("title", "x: y".to_owned())],
            "line one\nline two",
        );
        assert_eq!(
            line,
            "::warning file=a%2Cb.tf,title=x%3A y::line one%0Aline two"
        );
        assert!(!line.contains('\n'));
    }
}
