//! Human output: a miette diagnostic per finding (file:line, the snippet, the rule, the
//! fix), the notifications, and a summary line. Colour only on a terminal.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::{RenderOptions, Report};
use crate::diagnostics::{Level, Notification};
use crate::finding::Finding;
use crate::policy::evaluate::Outcome;
use crate::policy::{Rule, Severity};

/// Lines longer than this are not shown as snippets (a plan is one 100 KB line).
const MAX_SNIPPET_LINE: usize = 240;

pub fn render(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    for finding in &report.findings {
        if let Some(suppression) = &finding.suppression {
            if options.verbose {
                writeln!(out, "{}", suppressed_line(finding, suppression))?;
            }
            continue;
        }
        // Recorded in the baseline: counted in the summary, listed by JSON and SARIF.
        if finding.is_baselined() {
            continue;
        }
        let rule = report.rule(&finding.rule_id);
        let source = report.sources.get(&finding.location.file);
        let mut rendered = String::new();
        match source.filter(|text| snippet_fits(text, finding)) {
            Some(text) => {
                let diagnostic = FindingDiagnostic {
                    finding,
                    rule,
                    source: SharedSource {
                        name: finding.location.file.clone(),
                        text: text.clone(),
                    },
                };
                if handler.render_report(&mut rendered, &diagnostic).is_err() {
                    rendered = plain_finding(finding, rule);
                }
            }
            None => rendered = plain_finding(finding, rule),
        }
        for related in &finding.related {
            rendered = format!(
                "{}\n  also: {}:{}:{}: {}\n",
                rendered.trim_end_matches('\n'),
                related.location.file,
                related.location.start.line,
                related.location.start.column,
                related.message
            );
        }
        writeln!(out, "{rendered}")?;
    }
    for note in &report.notifications {
        let shown = match note.level {
            Level::Error => true,
            Level::Warning => !options.quiet,
            Level::Note => options.verbose,
        };
        if shown {
            writeln!(out, "{}", notification_line(note))?;
        }
    }
    if options.verbose {
        let absent = report.baseline.as_ref().and_then(|b| b.absent.as_ref());
        for entry in absent.into_iter().flatten() {
            writeln!(out, "{}", fixed_line(entry))?;
        }
    }
    if options.verbose {
        for file in &report.skipped {
            writeln!(
                out,
                "skipped {file}: not a Terraform plan or CloudFormation template"
            )?;
        }
    }
    if !options.quiet {
        writeln!(out, "{}", summary_line(report))?;
    }
    Ok(())
}

/// Whether the line a finding points at is short enough to show as a snippet.
pub(crate) fn snippet_fits(text: &str, finding: &Finding) -> bool {
    let start = finding.location.span.start.min(text.len());
    let line_start = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| start + i);
    line_end.saturating_sub(line_start) <= MAX_SNIPPET_LINE
}

fn headline(finding: &Finding, rule: Option<&Rule>) -> String {
    let kind = match finding.outcome {
        Outcome::Violation => finding.severity.as_str().to_owned(),
        Outcome::Undecided => format!("{} (undecided)", finding.severity),
    };
    format!(
        "[{}] {}: {}",
        finding.rule_id,
        kind,
        rule.map_or(finding.rule_id.as_str(), |r| r.meta.title.as_str())
    )
}

fn plain_finding(finding: &Finding, rule: Option<&Rule>) -> String {
    let mut text = format!(
        "{}:{}:{}: {}\n  {}: {}",
        finding.location.file,
        finding.location.start.line,
        finding.location.start.column,
        headline(finding, rule),
        finding.resource,
        finding.message
    );
    if let Some(rule) = rule {
        let _ = write!(text, "\n  help: {}", rule.meta.custom.remediation.trim());
    }
    text.push('\n');
    text
}

/// A suppressed finding, one line: shown with `--verbose`, so a reviewer can see what
/// is waived without it drowning the findings that gate.
fn suppressed_line(finding: &Finding, suppression: &crate::suppress::Suppression) -> String {
    let until = suppression
        .until
        .as_deref()
        .map(|u| format!(" until {u}"))
        .unwrap_or_default();
    format!(
        "suppressed: {}:{}:{}: [{}] {}: {} (waived at {}:{}{until}: {})",
        finding.location.file,
        finding.location.start.line,
        finding.location.start.column,
        finding.rule_id,
        finding.resource,
        finding.message,
        suppression.location.file,
        suppression.location.start.line,
        suppression.reason
    )
}

/// A baseline entry no finding matched, one line (`--verbose`): the baseline can drop it.
fn fixed_line(entry: &crate::baseline::Entry) -> String {
    let attribute = if entry.attribute.is_empty() {
        String::new()
    } else {
        format!(".{}", entry.attribute)
    };
    format!(
        "fixed since the baseline: {}:{}: [{}] {}{attribute}: {}",
        entry.file, entry.line, entry.rule, entry.resource, entry.message
    )
}

pub fn notification_line(note: &Notification) -> String {
    let level = match note.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    };
    let place = match (&note.location, &note.file) {
        (Some(location), _) => format!(
            "{}:{}:{}: ",
            location.file, location.start.line, location.start.column
        ),
        (None, Some(file)) => format!("{file}: "),
        (None, None) => String::new(),
    };
    let rule = note
        .rule
        .as_deref()
        .map(|r| format!("[{r}] "))
        .unwrap_or_default();
    format!("{level}: {place}{rule}{}", note.message)
}

pub fn summary_line(report: &Report) -> String {
    let (by_severity, undecided) = report.counts();
    let violations: usize = by_severity.iter().map(|(_, n)| n).sum();
    let detail: Vec<String> = by_severity
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let errors = report.notifications.iter().filter(|n| n.is_error()).count();
    let mut line = format!(
        "palisade: {} file{}, {} resource{}, {} violation{}",
        report.stats.files_scanned,
        plural(report.stats.files_scanned),
        report.stats.resources,
        plural(report.stats.resources),
        violations,
        plural(violations),
    );
    if !detail.is_empty() {
        let _ = write!(line, " ({})", detail.join(", "));
    }
    let _ = write!(line, ", {undecided} undecided");
    let suppressed = report.suppressed();
    if suppressed > 0 {
        let _ = write!(line, ", {suppressed} suppressed");
    }
    if let Some(baseline) = &report.baseline {
        let _ = write!(line, ", {} baselined", report.baselined());
        if let Some(absent) = baseline.absent.as_ref().filter(|a| !a.is_empty()) {
            let _ = write!(line, ", {} fixed since the baseline", absent.len());
        }
    }
    if errors > 0 {
        let _ = write!(line, ", {errors} error{} (scan incomplete)", plural(errors));
    }
    let _ = write!(line, " in {:.2}s", report.stats.elapsed.as_secs_f64());
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `palisade rules ID`: everything a user needs to act on a rule.
pub fn explain(rule: &Rule) -> String {
    let meta = &rule.meta;
    let mut text = format!(
        "{} — {}\nseverity: {}\nfamily:   {}\n",
        rule.id(),
        meta.title,
        meta.custom.severity,
        meta.custom.family
    );
    let _ = writeln!(text, "formats:  {}", join_debug(&meta.custom.formats));
    let _ = write!(text, "\n{}\n", meta.description.trim());
    let _ = write!(
        text,
        "\nRemediation:\n  {}\n",
        meta.custom.remediation.trim()
    );
    if !meta.custom.frameworks.is_empty() {
        text.push_str("\nFrameworks:\n");
        for (framework, controls) in &meta.custom.frameworks {
            let _ = writeln!(text, "  {framework}: {}", controls.join(", "));
        }
    }
    if !meta.related_resources.is_empty() {
        text.push_str("\nRelated:\n");
        for link in &meta.related_resources {
            let _ = writeln!(text, "  {}", link.url);
        }
    }
    let _ = write!(text, "\nPolicy: {} ({})\n", rule.package, rule.origin);
    text
}

fn join_debug<T: serde::Serialize>(items: &[T]) -> String {
    items
        .iter()
        .filter_map(|i| serde_json::to_value(i).ok())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A file's text shared between findings without copying it per diagnostic.
#[derive(Debug)]
struct SharedSource {
    name: String,
    text: Arc<str>,
}

impl SourceCode for SharedSource {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let contents =
            self.text
                .as_ref()
                .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

#[derive(Debug)]
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    rule: Option<&'a Rule>,
    source: SharedSource,
}

impl std::fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&headline(self.finding, self.rule))
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match (self.finding.outcome, self.finding.severity) {
            (Outcome::Undecided, _) | (_, Severity::Info) => miette::Severity::Advice,
            (_, Severity::Low | Severity::Medium) => miette::Severity::Warning,
            _ => miette::Severity::Error,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.rule
            .map(|r| Box::new(r.meta.custom.remediation.trim()) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.finding.location.span;
        let label = format!("{}: {}", self.finding.resource, self.finding.message);
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(label),
            span.start,
            span.end.saturating_sub(span.start),
        ))))
    }
}
