//! The compliance summary: one computed value that the Markdown, HTML and JSON reports
//! all render, so they cannot disagree.
//!
//! A **rule** fails when it has an active (unsuppressed) violation; it passes only when it
//! judged at least one resource in the inputs (see [`crate::policy::coverage`]) and
//! left none undecided; otherwise it is *not evaluated*, with the reasons. A **control**
//! fails when any rule mapped to it fails, passes when every one passes, and is otherwise
//! not evaluated, with its rules' reasons. Undecided resources keep a control from
//! passing, since the deciding value was not known. Suppressed findings are reviewed
//! exceptions: they do not fail a control (as they do not fail the gate) and are listed
//! with their reasons.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::catalogue::{self, natural_key};
use crate::policy::coverage::describe_subjects;
use crate::policy::evaluate::Outcome;
use crate::policy::{RuleMeta, Severity};
use crate::report::Report;

/// The outcome of a rule or a control.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Fail,
    NotEvaluated,
    Pass,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::NotEvaluated => "not evaluated",
            Status::Pass => "pass",
        }
    }
}

/// A rule the report measures against, and why it did not run when it did not.
#[derive(Clone, Debug)]
pub struct RuleEntry {
    pub meta: RuleMeta,
    /// `None` when the rule was loaded and run.
    pub not_loaded: Option<String>,
}

/// What the summary is computed from besides the report.
#[derive(Clone, Debug, Default)]
pub struct SummaryOptions {
    /// Every rule to account for: the loaded ones and the built-in ones left out.
    pub rules: Vec<RuleEntry>,
    /// Framework ids (or aliases) to report; empty: all.
    pub frameworks: Vec<String>,
    /// RFC 3339 UTC time of the report; `None` leaves it out (reproducible output).
    pub generated_at: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Compliance {
    pub tool: Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
    pub rule_set: RuleSet,
    pub inputs: Inputs,
    pub frameworks: Vec<Framework>,
    pub rules: Vec<RuleResult>,
    /// Resources with active violations of a mapped rule, one entry per finding.
    pub failures: Vec<ResourceFinding>,
    /// Resources a mapped rule could not decide.
    pub undecided: Vec<ResourceFinding>,
    /// Suppressed findings of mapped rules, with the reason they were accepted.
    pub waived: Vec<ResourceFinding>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct RuleSet {
    /// Rules loaded and run.
    pub rules_loaded: usize,
    /// Rules known but not run (disabled by `palisade.toml`, or `--no-builtin`).
    pub rules_not_loaded: usize,
    /// SHA-256 (first 16 hex digits) of the loaded rules' ids, packages and metadata
    /// (severity overrides included): the same digest means the same rule set.
    pub digest: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Inputs {
    /// False when a file could not be read or a rule failed: the results cover only
    /// what loaded.
    pub complete: bool,
    pub files_scanned: usize,
    pub files_skipped: usize,
    pub resources: usize,
    pub units: Vec<Unit>,
    /// Errors that make the scan incomplete (unreadable files, policy errors).
    pub errors: Vec<Problem>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Unit {
    pub unit: String,
    pub format: &'static str,
    pub files: Vec<String>,
    pub resources: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub message: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Framework {
    pub id: String,
    pub title: String,
    /// Where the control titles come from.
    pub source: String,
    pub passed: usize,
    pub failed: usize,
    pub not_evaluated: usize,
    pub controls: Vec<Control>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Control {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// For Security Hub controls: whether the AWS Foundational Security Best Practices
    /// standard includes it (a rule maps it under `aws-fsbp`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fsbp: Option<bool>,
    pub status: Status,
    /// The rules mapped to the control.
    pub rules: Vec<String>,
    /// Resource × rule evaluations behind the result (the sum of its rules' resources
    /// evaluated).
    pub evaluations: usize,
    /// Distinct resources with an active violation of one of its rules.
    pub failing_resources: usize,
    pub undecided_resources: usize,
    pub waived_resources: usize,
    /// Why the control is not evaluated (empty otherwise): its rules' reasons.
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RuleResult {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub status: Status,
    /// Resources of the kinds the rule judges, summed over the scan units.
    pub resources_evaluated: usize,
    pub failing_resources: usize,
    pub undecided_resources: usize,
    pub waived_resources: usize,
    pub reasons: Vec<String>,
    /// `framework control` pairs the rule maps to, in the report's frameworks.
    pub controls: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ResourceFinding {
    pub rule: String,
    pub severity: Severity,
    pub resource: String,
    pub resource_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    pub file: String,
    pub line: u32,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub attribute: String,
    /// The finding's message: what the failing values are.
    pub evidence: String,
    /// The suppression's reason, for waived findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<String>,
}

/// Per-rule tallies from the findings: distinct resources (file, id) per outcome.
#[derive(Default)]
struct Tally<'a> {
    failing: BTreeSet<(&'a str, &'a str)>,
    undecided: BTreeSet<(&'a str, &'a str)>,
    waived: BTreeSet<(&'a str, &'a str)>,
}

/// Resolves `--framework` ids (or aliases) against the catalogue and the rules'
/// metadata; an unknown one is an error that lists the known ones.
pub fn check_frameworks(requested: &[String], rules: &[RuleEntry]) -> Result<(), String> {
    let known = known_frameworks(rules)?;
    for id in requested {
        if !known
            .iter()
            .any(|(canonical, aliases)| canonical == id || aliases.contains(id))
        {
            let names: Vec<&str> = known.iter().map(|(c, _)| c.as_str()).collect();
            return Err(format!(
                "unknown framework `{id}`; the rules map to: {}",
                names.join(", ")
            ));
        }
    }
    Ok(())
}

/// (framework id, aliases): the catalogue's, then any other key a rule uses, in order.
fn known_frameworks(rules: &[RuleEntry]) -> Result<Vec<(String, Vec<String>)>, String> {
    let catalogue = catalogue::catalogue()?;
    let mut known: Vec<(String, Vec<String>)> = catalogue
        .frameworks
        .iter()
        .map(|f| (f.id.clone(), f.aliases.clone()))
        .collect();
    let extra: BTreeSet<&String> = rules
        .iter()
        .flat_map(|r| r.meta.custom.frameworks.keys())
        .filter(|key| !catalogue.frameworks.iter().any(|f| f.is_named(key)))
        .collect();
    known.extend(extra.into_iter().map(|k| (k.clone(), Vec::new())));
    Ok(known)
}

/// Computes the summary of a sorted report.
pub fn summarise(report: &Report, options: &SummaryOptions) -> Result<Compliance, String> {
    let catalogue = catalogue::catalogue()?;
    let known = known_frameworks(&options.rules)?;
    let selected: Vec<&(String, Vec<String>)> = known
        .iter()
        .filter(|(id, aliases)| {
            options.frameworks.is_empty()
                || options
                    .frameworks
                    .iter()
                    .any(|want| want == id || aliases.contains(want))
        })
        .collect();

    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for finding in &report.findings {
        let tally = tallies.entry(finding.rule_id.as_str()).or_default();
        let key = (finding.location.file.as_str(), finding.resource.as_str());
        if finding.is_suppressed() {
            tally.waived.insert(key);
        } else if finding.outcome == Outcome::Violation {
            tally.failing.insert(key);
        } else {
            tally.undecided.insert(key);
        }
    }
    let mut evaluated: BTreeMap<&str, usize> = BTreeMap::new();
    for unit in &report.units {
        for (rule, n) in &unit.evaluated {
            *evaluated.entry(rule.as_str()).or_default() += n;
        }
    }
    let mut rule_errors: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for note in report.notifications.iter().filter(|n| n.is_error()) {
        if let Some(rule) = &note.rule {
            rule_errors
                .entry(rule.as_str())
                .or_default()
                .push(note.message.as_str());
        }
    }

    // Controls of the selected frameworks, each with its rules.
    let mut mapped: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    let mut fsbp: BTreeSet<&str> = BTreeSet::new();
    for (index, (id, _)) in selected.iter().enumerate() {
        let entry = catalogue.frameworks.iter().find(|f| &f.id == id);
        for rule in &options.rules {
            for (key, controls) in &rule.meta.custom.frameworks {
                let named = entry.map_or(key == id, |e| e.is_named(key));
                if !named {
                    continue;
                }
                for control in controls {
                    mapped
                        .entry(rule.meta.custom.id.as_str())
                        .or_default()
                        .push((index, control.as_str()));
                    if key == "aws-fsbp" {
                        fsbp.insert(control.as_str());
                    }
                }
            }
        }
    }

    let rules: Vec<RuleResult> = options
        .rules
        .iter()
        .filter(|r| mapped.contains_key(r.meta.custom.id.as_str()))
        .map(|rule| {
            let id = rule.meta.custom.id.as_str();
            let empty = Tally::default();
            let tally = tallies.get(id).unwrap_or(&empty);
            let resources_evaluated = evaluated.get(id).copied().unwrap_or(0);
            let mut reasons = Vec::new();
            let status = if let Some(why) = &rule.not_loaded {
                reasons.push(why.clone());
                Status::NotEvaluated
            } else if !tally.failing.is_empty() {
                Status::Fail
            } else {
                if let Some(errors) = rule_errors.get(id) {
                    reasons.push(format!("the rule failed to evaluate: {}", errors.join("; ")));
                }
                if resources_evaluated == 0 {
                    reasons.push(format!(
                        "no resources of the kinds {id} reads ({}) in the inputs",
                        describe_subjects(&rule.meta.custom)
                    ));
                }
                if !tally.undecided.is_empty() {
                    let n = tally.undecided.len();
                    reasons.push(format!(
                        "{n} resource{} undecided: a deciding value is unknown until apply or not in the inputs",
                        plural(n)
                    ));
                }
                if reasons.is_empty() {
                    Status::Pass
                } else {
                    Status::NotEvaluated
                }
            };
            let mut controls: Vec<String> = mapped
                .get(id)
                .into_iter()
                .flatten()
                .filter_map(|(index, control)| {
                    selected.get(*index).map(|(fw, _)| format!("{fw} {control}"))
                })
                .collect();
            controls.dedup();
            RuleResult {
                id: id.to_owned(),
                title: rule.meta.title.clone(),
                severity: rule.meta.custom.severity,
                status,
                resources_evaluated,
                failing_resources: tally.failing.len(),
                undecided_resources: tally.undecided.len(),
                waived_resources: tally.waived.len(),
                reasons,
                controls,
            }
        })
        .collect();
    let by_id: BTreeMap<&str, &RuleResult> = rules.iter().map(|r| (r.id.as_str(), r)).collect();

    let frameworks = selected
        .iter()
        .enumerate()
        .map(|(index, (id, _))| {
            let entry = catalogue.frameworks.iter().find(|f| &f.id == id);
            let mut controls: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (rule, pairs) in &mapped {
                for &(fw, control) in pairs {
                    if fw == index {
                        controls.entry(control).or_default().push(*rule);
                    }
                }
            }
            let mut controls: Vec<Control> = controls
                .into_iter()
                .map(|(control, mut rule_ids)| {
                    rule_ids.sort_unstable();
                    rule_ids.dedup();
                    let results: Vec<&RuleResult> = rule_ids
                        .iter()
                        .filter_map(|r| by_id.get(r).copied())
                        .collect();
                    control_of(
                        control,
                        entry.and_then(|e| e.controls.get(control)).cloned(),
                        (id == "aws-security-hub").then(|| fsbp.contains(control)),
                        &results,
                        &tallies,
                    )
                })
                .collect();
            controls.sort_by_key(|c| natural_key(&c.id));
            let count = |s: Status| controls.iter().filter(|c| c.status == s).count();
            Framework {
                id: id.clone(),
                title: entry.map_or_else(|| id.clone(), |e| e.title.clone()),
                source: entry.map_or_else(
                    || "not in palisade's catalogue: control ids as the rules give them".to_owned(),
                    |e| e.source.clone(),
                ),
                passed: count(Status::Pass),
                failed: count(Status::Fail),
                not_evaluated: count(Status::NotEvaluated),
                controls,
            }
        })
        .collect();

    let listed = |keep: &dyn Fn(&crate::finding::Finding) -> bool| -> Vec<ResourceFinding> {
        report
            .findings
            .iter()
            .filter(|f| mapped.contains_key(f.rule_id.as_str()) && keep(f))
            .map(|f| resource_finding(report, f))
            .collect()
    };
    let failures = listed(&|f| !f.is_suppressed() && f.outcome == Outcome::Violation);
    let undecided = listed(&|f| !f.is_suppressed() && f.outcome == Outcome::Undecided);
    let waived = listed(&|f| f.is_suppressed());

    Ok(Compliance {
        tool: Tool {
            name: "palisade",
            version: env!("CARGO_PKG_VERSION"),
        },
        generated_at: options.generated_at.clone(),
        rule_set: RuleSet {
            rules_loaded: report.rules.len(),
            rules_not_loaded: options
                .rules
                .iter()
                .filter(|r| r.not_loaded.is_some())
                .count(),
            digest: digest(report),
        },
        inputs: inputs(report),
        frameworks,
        rules,
        failures,
        undecided,
        waived,
    })
}

fn control_of(
    id: &str,
    title: Option<String>,
    fsbp: Option<bool>,
    rules: &[&RuleResult],
    tallies: &BTreeMap<&str, Tally>,
) -> Control {
    let of: Vec<&Tally> = rules
        .iter()
        .filter_map(|r| tallies.get(r.id.as_str()))
        .collect();
    let status = if rules.iter().any(|r| r.status == Status::Fail) {
        Status::Fail
    } else if rules.iter().all(|r| r.status == Status::Pass) && !rules.is_empty() {
        Status::Pass
    } else {
        Status::NotEvaluated
    };
    let reasons = if status == Status::NotEvaluated {
        rules
            .iter()
            .flat_map(|r| r.reasons.iter().map(move |why| format!("{}: {why}", r.id)))
            .collect()
    } else {
        Vec::new()
    };
    Control {
        id: id.to_owned(),
        title,
        fsbp,
        status,
        rules: rules.iter().map(|r| r.id.clone()).collect(),
        evaluations: rules.iter().map(|r| r.resources_evaluated).sum(),
        failing_resources: union_len(of.iter().map(|t| &t.failing)),
        undecided_resources: union_len(of.iter().map(|t| &t.undecided)),
        waived_resources: union_len(of.iter().map(|t| &t.waived)),
        reasons,
    }
}

/// The number of distinct resources in several rules' sets.
fn union_len<'a, 'b: 'a>(sets: impl Iterator<Item = &'a BTreeSet<(&'b str, &'b str)>>) -> usize {
    sets.flatten().collect::<BTreeSet<_>>().len()
}

fn resource_finding(report: &Report, finding: &crate::finding::Finding) -> ResourceFinding {
    let arn = report
        .units
        .iter()
        .filter(|u| u.files.contains(&finding.location.file))
        .find_map(|u| u.arns.get(&finding.resource))
        .cloned();
    ResourceFinding {
        rule: finding.rule_id.clone(),
        severity: finding.severity,
        resource: finding.resource.clone(),
        resource_type: finding.resource_type.clone(),
        arn,
        file: finding.location.file.clone(),
        line: finding.location.start.line,
        attribute: finding.attribute.clone(),
        evidence: finding.message.clone(),
        waiver: finding.suppression.as_ref().map(|s| s.reason.clone()),
    }
}

fn inputs(report: &Report) -> Inputs {
    Inputs {
        complete: report.is_complete(),
        files_scanned: report.stats.files_scanned,
        files_skipped: report.stats.files_skipped,
        resources: report.stats.resources,
        units: report
            .units
            .iter()
            .map(|u| Unit {
                unit: u.unit.clone(),
                format: u.format,
                files: u.files.clone(),
                resources: u.resources,
            })
            .collect(),
        errors: report
            .notifications
            .iter()
            .filter(|n| n.is_error())
            .map(|n| Problem {
                file: n
                    .location
                    .as_ref()
                    .map(|l| format!("{}:{}", l.file, l.start.line))
                    .or_else(|| n.file.clone()),
                message: match &n.rule {
                    Some(rule) => format!("[{rule}] {}", n.message),
                    None => n.message.clone(),
                },
            })
            .collect(),
    }
}

fn digest(report: &Report) -> String {
    let mut hasher = Sha256::new();
    for rule in &report.rules {
        hasher.update(rule.id().as_bytes());
        hasher.update([0]);
        hasher.update(rule.package.as_bytes());
        hasher.update([0]);
        hasher.update(
            serde_json::to_string(&rule.meta)
                .unwrap_or_default()
                .as_bytes(),
        );
        hasher.update([0]);
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    hex.get(..16).unwrap_or_default().to_owned()
}

/// How to read the results, under the summary table of every format.
pub const HOW_TO_READ: &str = "A control fails when a rule mapped to it found a violation, \
passes only when every rule mapped to it evaluated at least one resource and none failed or \
was left undecided, and is otherwise not evaluated (the reason is given). Suppressed findings \
are reviewed exceptions: they do not fail a control and are listed under Waived findings.";

impl Compliance {
    /// The report's header as (label, plain text) rows: when, by what, with which rules,
    /// over which inputs, and whether the scan was complete.
    pub fn overview(&self) -> Vec<(&'static str, String)> {
        let inputs = &self.inputs;
        let errors = inputs.errors.len();
        vec![
            (
                "Generated",
                self.generated_at.as_deref().map_or_else(
                    || "not recorded (--no-timestamp)".to_owned(),
                    |t| format!("{t} (UTC)"),
                ),
            ),
            ("Tool", format!("{} {}", self.tool.name, self.tool.version)),
            (
                "Rule set",
                format!(
                    "{} rules run, {} not run; digest {}",
                    self.rule_set.rules_loaded, self.rule_set.rules_not_loaded, self.rule_set.digest
                ),
            ),
            (
                "Inputs",
                format!(
                    "{} file{} in {} scan unit{}, {} resources; {} file{} skipped (not infrastructure code)",
                    inputs.files_scanned,
                    plural(inputs.files_scanned),
                    inputs.units.len(),
                    plural(inputs.units.len()),
                    inputs.resources,
                    inputs.files_skipped,
                    plural(inputs.files_skipped),
                ),
            ),
            (
                "Scan",
                if inputs.complete {
                    "complete".to_owned()
                } else {
                    format!("INCOMPLETE ({errors} error{})", plural(errors))
                },
            ),
        ]
    }

    /// The warning an incomplete scan opens the report with; `None` when complete.
    pub fn incomplete_warning(&self) -> Option<String> {
        let n = self.inputs.errors.len();
        (!self.inputs.complete).then(|| {
            format!(
                "{n} problem{} stopped part of the scan; the results below cover only what was read.",
                plural(n)
            )
        })
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `seconds` after the Unix epoch as RFC 3339 UTC (`2025-01-31T09:05:00Z`).
pub fn utc_timestamp(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    let date = crate::suppress::Date::from_unix_days(days);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(1_700_000_000), "2023-11-14T22:13:20Z");
    }
}
