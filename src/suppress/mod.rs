//! Suppressions: findings a team has reviewed and accepted, with the reason on record.
//!
//! A suppression never hides a finding: the finding stays in every report, marked with
//! the suppression (SARIF `suppressions`, so GitHub shows it as closed), and only stops
//! counting toward the exit code. One that cannot be honoured — no reason, an expiry
//! that is not a date or has passed, a rule id palisade does not know — waives nothing,
//! and a warning points at it; one that matches no finding is noted (`--verbose`).
//!
//! Inline suppressions are comments (see [`comments`] for where they point and
//! [`directive`] for the grammar) or, in CloudFormation, a resource's
//! `Metadata.palisade.ignore` list, which the loader reads into
//! [`RawResource::ignores`](crate::model::RawResource).

pub mod comments;
pub mod date;
pub mod directive;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::diagnostics::{Notification, Stage};
use crate::finding::Finding;
use crate::load::Document;
use crate::model::{AttrPath, RawResource, SourceFormat};
use crate::policy::Rule;
use crate::source::{Location, SourceFile, Span};
use comments::{Syntax, Target};
pub use date::Date;
pub use directive::Directive;

/// Where a suppression was declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// In the scanned file itself (a comment or `Metadata`): SARIF `inSource`.
    InSource,
    /// In `palisade.toml`, beside the code: SARIF `external`.
    External,
}

/// What `palisade.toml` says about suppressions written in the code.
#[derive(Clone, Debug, Default)]
pub struct InlinePolicy {
    /// Rules a comment may not waive (ids as written; aliases count).
    pub forbid_rules: Vec<String>,
    /// Severities a comment may not waive.
    pub forbid_severities: Vec<crate::policy::Severity>,
}

impl InlinePolicy {
    fn forbids(&self, finding: &Finding, rules: &[Rule]) -> bool {
        self.forbid_severities.contains(&finding.severity)
            || self.forbid_rules.iter().any(|id| {
                id.eq_ignore_ascii_case(&finding.rule_id)
                    || rules.iter().any(|r| {
                        r.id() == finding.rule_id
                            && r.meta
                                .custom
                                .aliases
                                .iter()
                                .any(|a| a.eq_ignore_ascii_case(id))
                    })
            })
    }
}

/// A suppression in force (valid, not expired), for `palisade suppressions`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct InForce {
    pub location: Location,
    pub kind: Kind,
    pub rules: Vec<String>,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// For `palisade.toml` entries: the resource and file globs they are limited to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// How many findings it waives in this scan.
    pub waived: usize,
}

/// Why a finding does not count toward the exit code.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Suppression {
    pub kind: Kind,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Where the suppression is written.
    pub location: Location,
}

/// One directive of the unit, checked, and what it applies to.
struct Entry<'d> {
    directive: &'d Directive,
    target: Scope,
    /// Canonical ids of the rules it waives (aliases resolved, unknown ids dropped).
    rules: Vec<String>,
    /// Which of `rules` matched a finding.
    used: Vec<bool>,
    location: Location,
    /// How many findings it waived.
    waived: usize,
}

#[derive(Clone, Copy)]
enum Scope {
    Target(Target),
    /// Declared on the resource itself (CloudFormation `Metadata`): all of it.
    Resource(usize),
}

/// Marks the unit's findings that a valid suppression covers; `paths[i]` is the
/// attribute path of `findings[i]`. Returns what there is to say about the suppressions,
/// and those in force.
pub fn apply(
    document: &Document,
    rules: &[Rule],
    today: Date,
    inline: &InlinePolicy,
    findings: &mut [Finding],
    paths: &[AttrPath],
) -> (Vec<Notification>, Vec<InForce>) {
    let found: Vec<(usize, comments::Found)> = document
        .sources
        .iter()
        .enumerate()
        .filter_map(|(i, source)| syntax_of(document.format, source).map(|s| (i, source, s)))
        .flat_map(|(i, source, syntax)| {
            comments::find(&source.text, i, syntax)
                .into_iter()
                .map(move |f| (i, f))
        })
        .collect();
    let mut notes = Vec::new();
    let mut declared: Vec<(&Directive, Scope)> = Vec::new();
    for (file, item) in &found {
        match &item.directive {
            Ok(directive) => declared.push((directive, Scope::Target(item.target))),
            Err(message) => {
                if let Some(source) = document.sources.get(*file) {
                    notes.push(
                        Notification::warning(
                            Stage::Load,
                            format!("invalid suppression, it waives nothing: {message}"),
                        )
                        .at(Location::of(source, item.span)),
                    );
                }
            }
        }
    }
    for (index, resource) in document.resources.iter().enumerate() {
        declared.extend(
            resource
                .ignores
                .iter()
                .map(|directive| (directive, Scope::Resource(index))),
        );
    }
    if declared.is_empty() {
        return (notes, Vec::new());
    }

    let mut entries: Vec<Entry<'_>> = declared
        .into_iter()
        .filter_map(|(directive, target)| {
            let source = document.sources.get(directive.file)?;
            let location = Location::of(source, directive.span);
            let rules = check(directive, rules, today, &location, &mut notes)?;
            Some(Entry {
                directive,
                target,
                used: vec![false; rules.len()],
                rules,
                location,
                waived: 0,
            })
        })
        .collect();

    for (finding, path) in findings.iter_mut().zip(paths) {
        let Some((index, resource)) = document
            .resources
            .iter()
            .enumerate()
            .find(|(_, r)| r.id == finding.resource)
        else {
            continue;
        };
        let lines = lines_of(document, resource, path);
        let hit = entries.iter_mut().find_map(|entry| {
            let rule = entry.rules.iter().position(|r| *r == finding.rule_id)?;
            let covers = match entry.target {
                Scope::Resource(owner) => owner == index,
                Scope::Target(Target::Line(line)) => lines.contains(&(entry.directive.file, line)),
                Scope::Target(Target::Enclosing(offset)) => {
                    let within = |file: usize, span: Span| {
                        file == entry.directive.file && span.start <= offset && offset < span.end
                    };
                    within(resource.file, resource.span)
                        || resource.call_sites.iter().any(|&(f, s)| within(f, s))
                }
                Scope::Target(Target::Nothing) => false,
            };
            covers.then_some((entry, rule))
        });
        if let Some((entry, rule)) = hit {
            if let Some(used) = entry.used.get_mut(rule) {
                *used = true;
            }
            if inline.forbids(finding, rules) {
                let warning = Notification::warning(
                    Stage::Policy,
                    format!(
                        "{} ({}) may not be waived in the code: palisade.toml forbids it; \
                         only a [[suppress]] entry there can",
                        finding.rule_id, finding.severity
                    ),
                )
                .at(entry.location.clone());
                if !notes.contains(&warning) {
                    notes.push(warning);
                }
                continue;
            }
            entry.waived += 1;
            finding.suppression = Some(Suppression {
                kind: Kind::InSource,
                reason: entry.directive.reason.clone(),
                until: entry.directive.until.clone(),
                location: entry.location.clone(),
            });
        }
    }

    for entry in &entries {
        for (rule, used) in entry.rules.iter().zip(&entry.used) {
            if !used {
                let why = match entry.target {
                    Scope::Target(Target::Nothing) => {
                        "nothing follows it; put it on the line above a block or attribute"
                    }
                    _ => "no finding of that rule is there",
                };
                notes.push(
                    Notification::note(
                        Stage::Policy,
                        format!("suppression of {rule} matches no finding: {why}"),
                    )
                    .at(entry.location.clone()),
                );
            }
        }
    }
    let in_force = entries
        .into_iter()
        .map(|entry| InForce {
            location: entry.location,
            kind: Kind::InSource,
            rules: entry.rules,
            reason: entry.directive.reason.clone(),
            until: entry.directive.until.clone(),
            scope: None,
            waived: entry.waived,
        })
        .collect();
    (notes, in_force)
}

/// Applies `palisade.toml`'s suppressions to a whole report's findings (those no comment
/// waived already). They are checked as comments are: a reason is required, an expired
/// one or one naming an unknown rule waives nothing, with a warning at its line.
pub fn apply_external(
    suppressions: &[crate::config::ConfigSuppression],
    rules: &[Rule],
    today: Date,
    findings: &mut [Finding],
) -> (Vec<Notification>, Vec<InForce>) {
    let mut notes = Vec::new();
    let mut in_force = Vec::new();
    for entry in suppressions {
        let directive = Directive {
            rules: entry.rules.iter().map(|r| r.to_ascii_uppercase()).collect(),
            reason: entry.reason.clone(),
            until: entry.until.clone(),
            file: 0,
            span: Span::default(),
        };
        let Some(canonical) = check(&directive, rules, today, &entry.location, &mut notes) else {
            continue;
        };
        let glob = |pattern: &Option<String>| {
            pattern.as_ref().map(|p| {
                globset::GlobBuilder::new(p)
                    .literal_separator(false)
                    .build()
                    .map(|g| g.compile_matcher())
            })
        };
        let (Ok(resource), Ok(file)) = (
            glob(&entry.resource).transpose(),
            glob(&entry.file).transpose(),
        ) else {
            // Globs were checked when the file was read.
            continue;
        };
        let mut waived = 0;
        for finding in findings.iter_mut().filter(|f| !f.is_suppressed()) {
            let matches = canonical.contains(&finding.rule_id)
                && resource
                    .as_ref()
                    .is_none_or(|g| g.is_match(&finding.resource))
                && file
                    .as_ref()
                    .is_none_or(|g| g.is_match(&finding.location.file));
            if matches {
                waived += 1;
                finding.suppression = Some(Suppression {
                    kind: Kind::External,
                    reason: entry.reason.clone(),
                    until: entry.until.clone(),
                    location: entry.location.clone(),
                });
            }
        }
        if waived == 0 {
            notes.push(
                Notification::note(
                    Stage::Policy,
                    format!("suppression of {} matches no finding", canonical.join(", ")),
                )
                .at(entry.location.clone()),
            );
        }
        let scope: Vec<String> = [("resource", &entry.resource), ("file", &entry.file)]
            .into_iter()
            .filter_map(|(what, glob)| glob.as_ref().map(|g| format!("{what} {g}")))
            .collect();
        in_force.push(InForce {
            location: entry.location.clone(),
            kind: Kind::External,
            rules: canonical,
            reason: entry.reason.clone(),
            until: entry.until.clone(),
            scope: (!scope.is_empty()).then(|| scope.join(", ")),
            waived,
        });
    }
    (notes, in_force)
}

/// The comment syntax to search a unit's file for, if it can hold comments.
fn syntax_of(format: SourceFormat, source: &SourceFile) -> Option<Syntax> {
    let json = source.display.ends_with(".json");
    match format {
        SourceFormat::Terraform if json => Some(Syntax::TerraformJson),
        SourceFormat::Terraform => Some(Syntax::Hcl),
        SourceFormat::Cloudformation if json => None,
        SourceFormat::Cloudformation => Some(Syntax::Yaml),
        // A plan mapped onto its source carries the `.tf` files after the plan itself.
        SourceFormat::TerraformPlan if source.display.ends_with(".tf.json") => {
            Some(Syntax::TerraformJson)
        }
        SourceFormat::TerraformPlan if source.display.ends_with(".tf") => Some(Syntax::Hcl),
        // JSON exports have no comments; central suppressions in palisade.toml cover them.
        SourceFormat::TerraformPlan
        | SourceFormat::TerraformState
        | SourceFormat::AwsConfig
        | SourceFormat::AwsCli => None,
    }
}

/// Checks a directive against the rules and today's date; `None` (with a warning) when
/// it cannot suppress anything, else the canonical ids of the rules it may waive.
fn check(
    directive: &Directive,
    rules: &[Rule],
    today: Date,
    location: &Location,
    notes: &mut Vec<Notification>,
) -> Option<Vec<String>> {
    let named = directive.rules.join(", ");
    let mut warn = |message: String| {
        notes.push(Notification::warning(Stage::Load, message).at(location.clone()));
    };
    if directive.reason.is_empty() {
        warn(format!(
            "suppression of {named} gives no reason, so it waives nothing; write why after the rule ids"
        ));
        return None;
    }
    if let Some(until) = &directive.until {
        match Date::parse(until) {
            None => {
                warn(format!(
                    "suppression of {named}: until={until} is not a date (YYYY-MM-DD), so it waives nothing"
                ));
                return None;
            }
            Some(expiry) if expiry < today => {
                warn(format!(
                    "suppression of {named} expired on {expiry}; the findings it waived are reported again"
                ));
                return None;
            }
            Some(_) => {}
        }
    }
    let mut canonical = Vec::new();
    for id in &directive.rules {
        match rules.iter().find(|rule| {
            rule.id().eq_ignore_ascii_case(id)
                || rule
                    .meta
                    .custom
                    .aliases
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(id))
        }) {
            Some(rule) => canonical.push(rule.id().to_owned()),
            None => warn(format!(
                "suppression names {id}, which is not a loaded rule; `palisade rules` lists them"
            )),
        }
    }
    canonical.dedup();
    (!canonical.is_empty()).then_some(canonical)
}

/// The (file, line) pairs a finding can be suppressed at: where its resource starts,
/// where each recorded ancestor of its attribute starts, and where each module call that
/// leads to the resource starts.
fn lines_of(
    document: &Document,
    resource: &RawResource,
    path: &AttrPath,
) -> BTreeSet<(usize, u32)> {
    let mut lines = BTreeSet::new();
    let line = |file: usize, offset: usize| {
        document
            .sources
            .get(file)
            .map(|source| (file, source.line_col(offset).line))
    };
    lines.extend(line(resource.file, resource.span.start));
    for len in 0..=path.len() {
        if let Some(span) = path
            .get(..len)
            .and_then(|p| resource.attribute_spans.get(p))
        {
            lines.extend(line(resource.file, span.start));
        }
    }
    for &(file, span) in &resource.call_sites {
        lines.extend(line(file, span.start));
    }
    lines
}
