//! The rules reference (`docs/rules.md`), written from the rules' own METADATA so the
//! page cannot drift from what the scanner enforces: `palisade rules --markdown`
//! prints it and a test fails when the committed page differs.

use std::fmt::Write as _;

use crate::policy::Rule;

/// Where a rule's fixtures live, relative to the repository root: the package leaf.
fn fixture_dir(rule: &Rule) -> Option<String> {
    let leaf = rule.package.rsplit('.').next()?;
    Some(format!("fixtures/rules/{leaf}"))
}

/// Renders the reference page for `rules`, in the order given (the policy set's order:
/// by id).
pub fn markdown(rules: &[Rule]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Rules reference\n");
    let _ = writeln!(
        out,
        "Generated from the rules' METADATA by `palisade rules --markdown`; do not edit by \
         hand (`cargo test` fails when this page is stale). {} rules.\n",
        rules.len()
    );
    let _ = writeln!(out, "| id | severity | family | title |");
    let _ = writeln!(out, "|---|---|---|---|");
    for rule in rules {
        let _ = writeln!(
            out,
            "| [{id}](#{anchor}) | {severity} | {family} | {title} |",
            id = rule.id(),
            anchor = rule.id().to_ascii_lowercase(),
            severity = rule.meta.custom.severity,
            family = rule.meta.custom.family,
            title = rule.meta.title.replace('|', "\\|"),
        );
    }
    for rule in rules {
        section(&mut out, rule);
    }
    out
}

fn section(out: &mut String, rule: &Rule) {
    let custom = &rule.meta.custom;
    let _ = writeln!(out, "\n## {}\n", rule.id());
    let _ = writeln!(out, "**{}**\n", rule.meta.title.trim());
    let formats: Vec<String> = custom
        .formats
        .iter()
        .map(|f| format!("{f:?}").to_ascii_lowercase())
        .collect();
    let _ = writeln!(
        out,
        "Severity **{}** · family `{}` · reads `{}` · formats {} · package `{}`\n",
        custom.severity,
        custom.family,
        custom.reads.join("`, `"),
        formats.join(", "),
        rule.package.trim_start_matches("data."),
    );
    description(out, rule);
    if let Some(dir) = fixture_dir(rule) {
        let _ = writeln!(
            out,
            "**Examples.** Failing and passing inputs, one per format, in [`{dir}/`](../{dir}/) \
             (`fail.*` must be reported where marked, `pass.*` must not be).\n"
        );
    }
    references(out, rule);
}

/// A rule's help as SARIF `help.markdown` (what GitHub code scanning shows beside an
/// alert): the same description, remediation, frameworks and references as the rules
/// reference, from the same code, without the page's links into this repository.
pub fn help_markdown(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "**{}** (severity **{}**)\n",
        rule.meta.title.trim(),
        rule.meta.custom.severity
    );
    description(&mut out, rule);
    references(&mut out, rule);
    out
}

/// Description, remediation and framework mappings, each followed by a blank line.
fn description(out: &mut String, rule: &Rule) {
    let custom = &rule.meta.custom;
    let _ = writeln!(out, "{}\n", rule.meta.description.trim());
    let _ = writeln!(out, "**Remediation.** {}\n", custom.remediation.trim());
    if !custom.frameworks.is_empty() {
        let _ = writeln!(out, "**Frameworks.**\n");
        for (framework, controls) in &custom.frameworks {
            let _ = writeln!(out, "- {framework}: {}", controls.join(", "));
        }
        let _ = writeln!(out);
    }
}

fn references(out: &mut String, rule: &Rule) {
    if !rule.meta.related_resources.is_empty() {
        let _ = writeln!(out, "**References.**\n");
        for link in &rule.meta.related_resources {
            match &link.description {
                Some(text) => {
                    let _ = writeln!(out, "- [{}]({})", text.trim(), link.url);
                }
                None => {
                    let _ = writeln!(out, "- <{}>", link.url);
                }
            }
        }
    }
}
