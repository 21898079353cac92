//! The compliance report as one self-contained HTML page: inline CSS, no scripts, no
//! external assets, so it opens offline and can be archived as evidence. Every string
//! that comes from the inputs or the rules goes through [`escape`].
//!
//! Tables carry `id`s and `data-framework` / `data-control` attributes so that tools
//! (and `tests/compliance_report.rs`, through a real browser) can read the numbers back.

use std::fmt::Write as _;

use super::summary::{plural, Compliance, ResourceFinding, Status, HOW_TO_READ};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#1f2328;line-height:1.4}
h1{margin-bottom:.5rem}h2{margin-top:2.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;margin:.8rem 0;width:100%;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;word-break:break-all}
.status-fail .status{background:#ffebe9;color:#a40e26;font-weight:700}
.status-pass .status{background:#dafbe1;color:#116329}
.status-not_evaluated .status{background:#fff8c5;color:#6f4e00}
.banner{border:2px solid #a40e26;background:#ffebe9;padding:.8rem 1rem;margin:1rem 0}
.meta th{width:10rem}.source{color:#57606a;font-size:.85rem}
";

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Fail => "status-fail",
        Status::Pass => "status-pass",
        Status::NotEvaluated => "status-not_evaluated",
    }
}

fn status_text(status: Status) -> &'static str {
    match status {
        Status::Fail => "FAIL",
        Status::Pass => "pass",
        Status::NotEvaluated => "not evaluated",
    }
}

pub fn render(summary: &Compliance) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Compliance report — palisade</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <h1>Compliance report</h1>\n"
    );
    let inputs = &summary.inputs;
    if let Some(warning) = summary.incomplete_warning() {
        let _ = writeln!(
            out,
            "<section id=\"incomplete\" class=\"banner\"><strong>INCOMPLETE SCAN.</strong> {}<ul>",
            escape(&warning)
        );
        for problem in &inputs.errors {
            let _ = writeln!(
                out,
                "<li>{}{}</li>",
                problem
                    .file
                    .as_deref()
                    .map(|f| format!("<code>{}</code>: ", escape(f)))
                    .unwrap_or_default(),
                escape(&problem.message)
            );
        }
        let _ = writeln!(out, "</ul></section>");
    }
    let _ = writeln!(out, "<table class=\"meta\" id=\"meta\">");
    for (label, text) in summary.overview() {
        let _ = writeln!(out, "<tr><th>{label}</th><td>{}</td></tr>", escape(&text));
    }
    let _ = writeln!(out, "</table>");

    let _ = writeln!(out, "<h2>Summary</h2>\n<table id=\"summary\">");
    let _ = writeln!(
        out,
        "<thead><tr><th>Framework</th><th>Controls</th><th>Passed</th><th>Failed</th><th>Not evaluated</th></tr></thead><tbody>"
    );
    for fw in &summary.frameworks {
        let _ = writeln!(
            out,
            "<tr data-framework=\"{}\"><td>{} (<code>{}</code>)</td><td class=\"n controls\">{}</td>\
             <td class=\"n passed\">{}</td><td class=\"n failed\">{}</td><td class=\"n not-evaluated\">{}</td></tr>",
            escape(&fw.id),
            escape(&fw.title),
            escape(&fw.id),
            fw.controls.len(),
            fw.passed,
            fw.failed,
            fw.not_evaluated
        );
    }
    let _ = writeln!(out, "</tbody></table>\n<p>{}</p>", escape(HOW_TO_READ));

    for fw in &summary.frameworks {
        let _ = writeln!(
            out,
            "<h2 id=\"fw-{0}\">{1}</h2>\n<p class=\"source\">Control titles: {2}.</p>\n\
             <table class=\"controls\" data-framework=\"{0}\">\n<thead><tr><th>Control</th><th>Title</th>\
             <th>Status</th><th>Rules</th><th>Evaluations</th><th>Failing resources</th><th>Notes</th></tr></thead><tbody>",
            escape(&fw.id),
            escape(&fw.title),
            escape(&fw.source)
        );
        for control in &fw.controls {
            let mut notes: Vec<String> = control.reasons.iter().map(|r| escape(r)).collect();
            if control.waived_resources > 0 {
                notes.push(format!(
                    "{} resource{} waived",
                    control.waived_resources,
                    plural(control.waived_resources)
                ));
            }
            let _ =
                writeln!(
                out,
                "<tr class=\"{}\" data-control=\"{}\"><td class=\"control\">{}{}</td><td>{}</td>\
                 <td class=\"status\">{}</td><td>{}</td><td class=\"n evaluations\">{}</td>\
                 <td class=\"n failing\">{}</td><td>{}</td></tr>",
                status_class(control.status),
                escape(&control.id),
                escape(&control.id),
                if control.fsbp == Some(true) { " (FSBP)" } else { "" },
                control.title.as_deref().map(escape).unwrap_or_default(),
                status_text(control.status),
                escape(&control.rules.join(", ")),
                control.evaluations,
                control.failing_resources,
                notes.join("<br>")
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }

    findings_table(
        &mut out,
        "failures",
        "Failing resources",
        &summary.failures,
        false,
    );
    findings_table(
        &mut out,
        "undecided",
        "Undecided resources",
        &summary.undecided,
        false,
    );
    findings_table(&mut out, "waived", "Waived findings", &summary.waived, true);

    let _ = writeln!(
        out,
        "<h2>Rules</h2>\n<table id=\"rules\">\n<thead><tr><th>Rule</th><th>Title</th><th>Severity</th>\
         <th>Status</th><th>Resources evaluated</th><th>Failing</th><th>Undecided</th><th>Notes</th></tr></thead><tbody>"
    );
    for rule in &summary.rules {
        let _ = writeln!(
            out,
            "<tr class=\"{}\" data-rule=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"status\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            status_class(rule.status),
            escape(&rule.id),
            escape(&rule.id),
            escape(&rule.title),
            rule.severity,
            status_text(rule.status),
            rule.resources_evaluated,
            rule.failing_resources,
            rule.undecided_resources,
            rule.reasons.iter().map(|r| escape(r)).collect::<Vec<_>>().join("<br>")
        );
    }
    let _ = writeln!(out, "</tbody></table>");

    let _ = writeln!(
        out,
        "<h2>Inputs</h2>\n<table id=\"inputs\">\n<thead><tr><th>Scan unit</th><th>Kind</th><th>Files</th>\
         <th>Resources</th></tr></thead><tbody>"
    );
    for unit in &inputs.units {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&unit.unit),
            unit.format,
            unit.files.len(),
            unit.resources
        );
    }
    let _ = writeln!(out, "</tbody></table>");
    if !inputs.errors.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Not read</h3>\n<table id=\"errors\"><thead><tr><th>File</th><th>Problem</th></tr></thead><tbody>"
        );
        for problem in &inputs.errors {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                problem.file.as_deref().map(escape).unwrap_or_default(),
                escape(&problem.message)
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }
    let _ = writeln!(out, "</body>\n</html>");
    out
}

fn findings_table(
    out: &mut String,
    id: &str,
    heading: &str,
    findings: &[ResourceFinding],
    waived: bool,
) {
    let _ = writeln!(out, "<h2>{heading}</h2>");
    if findings.is_empty() {
        let _ = writeln!(out, "<p id=\"{id}-none\">None.</p>");
        return;
    }
    let _ = writeln!(
        out,
        "<table id=\"{id}\">\n<thead><tr><th>Rule</th><th>Severity</th><th>Resource</th><th>ARN</th>\
         <th>Location</th><th>Evidence</th>{}</tr></thead><tbody>",
        if waived { "<th>Reason</th>" } else { "" }
    );
    for f in findings {
        let _ = write!(
            out,
            "<tr data-rule=\"{}\"><td>{}</td><td>{}</td><td><code>{}</code> ({})</td><td>{}</td>\
             <td><code>{}:{}</code></td><td>{}</td>",
            escape(&f.rule),
            escape(&f.rule),
            f.severity,
            escape(&f.resource),
            escape(&f.resource_type),
            f.arn
                .as_deref()
                .map(|a| format!("<code>{}</code>", escape(a)))
                .unwrap_or_default(),
            escape(&f.file),
            f.line,
            escape(&f.evidence)
        );
        if waived {
            let _ = write!(
                out,
                "<td>{}</td>",
                f.waiver.as_deref().map(escape).unwrap_or_default()
            );
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
    }
}
