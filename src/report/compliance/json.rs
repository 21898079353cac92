//! The compliance report as JSON, for scripts: the same summary the Markdown and HTML
//! reports render, with a `schema_version` (see `docs/compliance-report.md`). Fields are
//! only ever added within a version.

use serde::Serialize;

use super::summary::Compliance;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    #[serde(flatten)]
    summary: &'a Compliance,
}

pub fn render(summary: &Compliance) -> String {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        summary,
    };
    // The summary holds only strings, numbers, lists and maps with string keys, which
    // serde_json always serialises; the fallback keeps the signature infallible.
    serde_json::to_string_pretty(&document).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
        + "\n"
}
