//! JUnit XML, for the test-report views of CI systems (GitLab's `artifacts: reports:
//! junit:`, Jenkins' JUnit publisher, Azure Pipelines, CircleCI), which show failing test
//! cases in the merge request without any other integration.
//!
//! The mapping (valid against the Jenkins/Ant `junit-10.xsd` the tests check it with):
//!
//! - one `<testsuite>` per evaluated rule, in id order, named by the rule id, with the
//!   title and severity as `<properties>`: CI views group by suite, and a rule is what a
//!   reviewer acts on;
//! - one `<testcase>` per finding (rule × resource × attribute), `classname` the rule id,
//!   `name` the resource and attribute with the file (stable when lines move, so a CI's
//!   "new failure" tracking follows the finding), and `file`/`line` attributes;
//! - a violation is a `<failure>` whatever its severity (the check failed; `type` carries
//!   the severity), with the message and the rule's remediation in the body;
//! - an undecided finding is `<skipped type="undecided">`, since nothing was decided —
//!   unless `--fail-on-undecided` makes it gate, then it is a `<failure>`, as in the exit code;
//! - a suppressed finding is `<skipped type="suppressed">` whose message is the waiver's
//!   place and justification: visible in the report, not failing it;
//! - a rule without findings is one passing test case, so the report shows what was checked;
//! - under `--baseline`, findings the baseline records are left out: the report shows what
//!   is new (a rule whose findings are all recorded is a passing "no new findings" case);
//! - scan errors (unreadable files, policy errors) are `<error>` test cases in a first
//!   suite named `palisade`, so an incomplete scan is never shown as green.
//!
//! No `time` or `timestamp` attributes (both optional in the schema): the report is
//! byte-identical for the same inputs. Text from the scanned files can hold characters
//! XML 1.0 cannot carry (control characters); they are replaced by U+FFFD, and line
//! breaks in attributes (which parsers would fold into spaces anyway) by spaces.

use std::collections::BTreeMap;
use std::io::Write;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::{RenderOptions, Report};
use crate::diagnostics::{Level, Notification};
use crate::finding::Finding;
use crate::policy::evaluate::Outcome;
use crate::policy::Rule;

/// What a test case says about its finding.
enum Verdict {
    Pass,
    Failure {
        kind: String,
        message: String,
        body: String,
    },
    Skipped {
        kind: &'static str,
        message: String,
        body: String,
    },
    Error {
        kind: String,
        message: String,
        body: String,
    },
}

struct Case {
    name: String,
    classname: String,
    file: Option<String>,
    line: Option<u32>,
    verdict: Verdict,
}

struct Suite {
    name: String,
    properties: Vec<(&'static str, String)>,
    cases: Vec<Case>,
}

impl Suite {
    fn count(&self, pick: impl Fn(&Verdict) -> bool) -> usize {
        self.cases.iter().filter(|c| pick(&c.verdict)).count()
    }
    fn failures(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Failure { .. }))
    }
    fn errors(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Error { .. }))
    }
    fn skipped(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Skipped { .. }))
    }
}

pub fn render(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let suites = suites(report, options);
    let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(Suite::failures).sum();
    let errors: usize = suites.iter().map(Suite::errors).sum();
    writer
        .create_element("testsuites")
        .with_attribute(("name", "palisade"))
        .with_attribute(("tests", tests.to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", errors.to_string().as_str()))
        .write_inner_content(|w| {
            for suite in &suites {
                write_suite(w, suite)?;
            }
            Ok(())
        })?;
    out.write_all(b"\n")
}

fn suites(report: &Report, options: &RenderOptions) -> Vec<Suite> {
    let mut suites = Vec::new();
    let errors: Vec<Case> = report
        .notifications
        .iter()
        .filter(|n| n.level == Level::Error)
        .map(error_case)
        .collect();
    if !errors.is_empty() {
        suites.push(Suite {
            name: "palisade".to_owned(),
            properties: Vec::new(),
            cases: errors,
        });
    }
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> =
        report.rules.iter().map(|r| (r.id(), Vec::new())).collect();
    // Findings a baseline records are left out: the test report shows what is new.
    for finding in report.findings.iter().filter(|f| !f.is_baselined()) {
        by_rule.entry(&finding.rule_id).or_default().push(finding);
    }
    for (id, findings) in by_rule {
        let rule = report.rule(id);
        let mut properties = Vec::new();
        if let Some(rule) = rule {
            properties.push(("title", rule.meta.title.trim().to_owned()));
            properties.push(("severity", rule.meta.custom.severity.as_str().to_owned()));
            properties.push(("family", rule.meta.custom.family.clone()));
        }
        let cases = if findings.is_empty() {
            vec![Case {
                name: if report.baseline.is_some() {
                    "no new findings"
                } else {
                    "no findings"
                }
                .to_owned(),
                classname: id.to_owned(),
                file: None,
                line: None,
                verdict: Verdict::Pass,
            }]
        } else {
            findings
                .into_iter()
                .map(|f| finding_case(f, rule, options))
                .collect()
        };
        suites.push(Suite {
            name: id.to_owned(),
            properties,
            cases,
        });
    }
    suites
}

fn finding_case(finding: &Finding, rule: Option<&Rule>, options: &RenderOptions) -> Case {
    let location = &finding.location;
    let mut name = finding.resource.clone();
    if !finding.attribute.is_empty() {
        name.push('.');
        name.push_str(&finding.attribute);
    }
    name.push_str(&format!(" ({})", location.file));
    let message = format!("{}: {}", finding.resource, finding.message);
    let mut body = format!(
        "{message}\n\nrule: {} ({}){}\nat: {}:{}:{}\n",
        finding.rule_id,
        finding.severity,
        rule.map(|r| format!(" {}", r.meta.title.trim()))
            .unwrap_or_default(),
        location.file,
        location.start.line,
        location.start.column,
    );
    if let Some(rule) = rule {
        body.push_str(&format!(
            "\nhelp: {}\n",
            rule.meta.custom.remediation.trim()
        ));
    }
    let verdict = match (&finding.suppression, finding.outcome) {
        (Some(suppression), _) => Verdict::Skipped {
            kind: "suppressed",
            message: format!(
                "suppressed at {}:{}{}: {}",
                suppression.location.file,
                suppression.location.start.line,
                suppression
                    .until
                    .as_deref()
                    .map(|u| format!(" until {u}"))
                    .unwrap_or_default(),
                suppression.reason
            ),
            body,
        },
        (None, Outcome::Violation) => Verdict::Failure {
            kind: format!("{} violation", finding.severity),
            message,
            body,
        },
        (None, Outcome::Undecided) if options.fail_on.gates(finding) => Verdict::Failure {
            kind: format!("{} undecided", finding.severity),
            message,
            body,
        },
        (None, Outcome::Undecided) => Verdict::Skipped {
            kind: "undecided",
            message,
            body,
        },
    };
    Case {
        name,
        classname: finding.rule_id.clone(),
        file: Some(location.file.clone()),
        line: Some(location.start.line),
        verdict,
    }
}

fn error_case(note: &Notification) -> Case {
    let (file, line) = match (&note.location, &note.file) {
        (Some(location), _) => (Some(location.file.clone()), Some(location.start.line)),
        (None, Some(file)) => (Some(file.clone()), None),
        (None, None) => (None, None),
    };
    let stage = serde_json::to_value(note.stage)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let mut message = note.message.clone();
    if let Some(rule) = &note.rule {
        message = format!("[{rule}] {message}");
    }
    Case {
        name: match &file {
            Some(file) => format!("{stage} {file}"),
            None => stage.clone(),
        },
        classname: "palisade".to_owned(),
        file,
        line,
        verdict: Verdict::Error {
            kind: stage,
            body: super::text::notification_line(note),
            message,
        },
    }
}

fn write_suite<W: Write>(w: &mut Writer<W>, suite: &Suite) -> std::io::Result<()> {
    w.create_element("testsuite")
        .with_attribute(("name", attr(&suite.name).as_str()))
        .with_attribute(("tests", suite.cases.len().to_string().as_str()))
        .with_attribute(("failures", suite.failures().to_string().as_str()))
        .with_attribute(("errors", suite.errors().to_string().as_str()))
        .with_attribute(("skipped", suite.skipped().to_string().as_str()))
        .write_inner_content(|w| {
            if !suite.properties.is_empty() {
                w.create_element("properties").write_inner_content(|w| {
                    for (name, value) in &suite.properties {
                        w.create_element("property")
                            .with_attribute(("name", *name))
                            .with_attribute(("value", attr(value).as_str()))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            for case in &suite.cases {
                write_case(w, case)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_case<W: Write>(w: &mut Writer<W>, case: &Case) -> std::io::Result<()> {
    let mut element = w
        .create_element("testcase")
        .with_attribute(("name", attr(&case.name).as_str()))
        .with_attribute(("classname", attr(&case.classname).as_str()));
    if let Some(file) = &case.file {
        element = element.with_attribute(("file", attr(file).as_str()));
    }
    if let Some(line) = case.line {
        element = element.with_attribute(("line", line.to_string().as_str()));
    }
    let (tag, kind, message, body) = match &case.verdict {
        Verdict::Pass => {
            element.write_empty()?;
            return Ok(());
        }
        Verdict::Failure {
            kind,
            message,
            body,
        } => ("failure", kind.as_str(), message, body),
        Verdict::Skipped {
            kind,
            message,
            body,
        } => ("skipped", *kind, message, body),
        Verdict::Error {
            kind,
            message,
            body,
        } => ("error", kind.as_str(), message, body),
    };
    element.write_inner_content(|w| {
        w.create_element(tag)
            .with_attribute(("message", attr(message).as_str()))
            .with_attribute(("type", attr(kind).as_str()))
            .write_text_content(BytesText::new(&text(body)))?;
        Ok(())
    })?;
    Ok(())
}

/// Text content as XML 1.0 can carry it: characters outside its `Char` production
/// (C0 controls other than tab and line breaks, U+FFFE, U+FFFF) become U+FFFD. The XML
/// writer escapes `&`, `<`, `>`.
fn text(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// An attribute value: as `text`, and on one line (tabs and line breaks become spaces,
/// which is what an XML parser's attribute normalisation would make of them anyway).
fn attr(value: &str) -> String {
    text(value)
        .chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_cannot_carry_are_replaced() {
        assert_eq!(text("a\u{1}b\tc\nd\u{FFFF}"), "a\u{FFFD}b\tc\nd\u{FFFD}");
        assert_eq!(attr("a\nb\r\tc"), "a b  c");
    }
}
