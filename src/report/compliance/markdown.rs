//! The compliance report as GitHub-flavoured Markdown: a header an auditor reads first
//! (an incomplete scan says so before anything else), a summary per framework, a table
//! of controls per framework, then the evidence: failing, undecided and waived resources,
//! the rules, and the inputs.

use std::fmt::Write as _;

use super::summary::{plural, Compliance, ResourceFinding, Status, HOW_TO_READ};

/// Escapes text for a table cell: pipes and Markdown punctuation are backslash-escaped,
/// HTML is written as entities, and line breaks become spaces, so a value from the
/// inputs can neither break the table nor inject markup.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '`' | '*' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An identifier (resource address, ARN, file) as a code span in a table cell: shown
/// verbatim, with only the pipe escaped (GFM tables split cells before code spans) and a
/// fence longer than any backtick run inside.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let text = text.replace(['\n', '\r'], " ").replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn status_cell(status: Status) -> &'static str {
    match status {
        Status::Fail => "**FAIL**",
        Status::Pass => "pass",
        Status::NotEvaluated => "not evaluated",
    }
}

pub fn render(summary: &Compliance) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Compliance report\n");
    let inputs = &summary.inputs;
    if let Some(warning) = summary.incomplete_warning() {
        let _ = writeln!(out, "> **INCOMPLETE SCAN.** {}\n", cell(&warning));
        for problem in &inputs.errors {
            let _ = writeln!(
                out,
                "> - {}{}",
                problem
                    .file
                    .as_deref()
                    .map(|f| format!("{}: ", code(f)))
                    .unwrap_or_default(),
                cell(&problem.message)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "| | |\n|---|---|");
    for (label, text) in summary.overview() {
        let _ = writeln!(out, "| {label} | {} |", cell(&text));
    }
    out.push('\n');

    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(
        out,
        "| Framework | Controls | Passed | Failed | Not evaluated |\n|---|--:|--:|--:|--:|"
    );
    for fw in &summary.frameworks {
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} | {} | {} |",
            cell(&fw.title),
            fw.id,
            fw.controls.len(),
            fw.passed,
            fw.failed,
            fw.not_evaluated
        );
    }
    let _ = writeln!(out, "\n{}\n", cell(HOW_TO_READ));

    for fw in &summary.frameworks {
        let _ = writeln!(out, "## {}\n", cell(&fw.title));
        let _ = writeln!(out, "Control titles: {}.\n", cell(&fw.source));
        let _ = writeln!(
            out,
            "| Control | Title | Status | Rules | Evaluations | Failing resources | Notes |\n|---|---|---|---|--:|--:|---|"
        );
        for control in &fw.controls {
            let mut notes: Vec<String> = control.reasons.iter().map(|r| cell(r)).collect();
            if control.waived_resources > 0 {
                notes.push(format!(
                    "{} resource{} waived",
                    control.waived_resources,
                    plural(control.waived_resources)
                ));
            }
            let _ = writeln!(
                out,
                "| {}{} | {} | {} | {} | {} | {} | {} |",
                cell(&control.id),
                if control.fsbp == Some(true) {
                    " (FSBP)"
                } else {
                    ""
                },
                control.title.as_deref().map(cell).unwrap_or_default(),
                status_cell(control.status),
                control.rules.join(", "),
                control.evaluations,
                control.failing_resources,
                notes.join("<br>")
            );
        }
        out.push('\n');
    }

    findings_section(&mut out, "Failing resources", &summary.failures, false);
    findings_section(&mut out, "Undecided resources", &summary.undecided, false);
    findings_section(&mut out, "Waived findings", &summary.waived, true);

    let _ = writeln!(out, "## Rules\n");
    let _ = writeln!(
        out,
        "| Rule | Title | Severity | Status | Resources evaluated | Failing | Undecided | Notes |\n|---|---|---|---|--:|--:|--:|---|"
    );
    for rule in &summary.rules {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            rule.id,
            cell(&rule.title),
            rule.severity,
            status_cell(rule.status),
            rule.resources_evaluated,
            rule.failing_resources,
            rule.undecided_resources,
            rule.reasons
                .iter()
                .map(|r| cell(r))
                .collect::<Vec<_>>()
                .join("<br>")
        );
    }

    let _ = writeln!(out, "\n## Inputs\n");
    let _ = writeln!(
        out,
        "| Scan unit | Kind | Files | Resources |\n|---|---|--:|--:|"
    );
    for unit in &inputs.units {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            code(&unit.unit),
            unit.format,
            unit.files.len(),
            unit.resources
        );
    }
    if !inputs.errors.is_empty() {
        let _ = writeln!(out, "\n### Not read\n\n| File | Problem |\n|---|---|");
        for problem in &inputs.errors {
            let _ = writeln!(
                out,
                "| {} | {} |",
                problem.file.as_deref().map(code).unwrap_or_default(),
                cell(&problem.message)
            );
        }
    }
    out
}

fn findings_section(out: &mut String, heading: &str, findings: &[ResourceFinding], waived: bool) {
    let _ = writeln!(out, "## {heading}\n");
    if findings.is_empty() {
        let _ = writeln!(out, "None.\n");
        return;
    }
    let _ = writeln!(
        out,
        "| Rule | Severity | Resource | ARN | Location | Evidence |{}\n|---|---|---|---|---|---|{}",
        if waived { " Reason |" } else { "" },
        if waived { "---|" } else { "" }
    );
    for f in findings {
        let _ = write!(
            out,
            "| {} | {} | {} ({}) | {} | {} | {} |",
            f.rule,
            f.severity,
            code(&f.resource),
            cell(&f.resource_type),
            f.arn.as_deref().map(code).unwrap_or_default(),
            code(&format!("{}:{}", f.file, f.line)),
            cell(&f.evidence)
        );
        if waived {
            let _ = write!(
                out,
                " {} |",
                f.waiver.as_deref().map(cell).unwrap_or_default()
            );
        }
        out.push('\n');
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_inject_markup() {
        assert_eq!(
            cell("a|b <script>x</script> *y*\nz"),
            "a\\|b &lt;script&gt;x&lt;/script&gt; \\*y\\* z"
        );
        assert_eq!(code("aws_s3_bucket.a|b"), "`aws_s3_bucket.a\\|b`");
        assert_eq!(code("x`y"), "``x`y``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
