//! `palisade report`: the auditor's compliance summary. A scan's findings and coverage
//! are folded, per framework and control the rules map to, into pass / fail / not
//! evaluated ([`summary`]), then rendered as Markdown, HTML or JSON from that one value,
//! so the three cannot disagree.

pub mod catalogue;
pub mod html;
pub mod json;
pub mod markdown;
pub mod summary;

pub use summary::{summarise, Compliance, RuleEntry, Status, SummaryOptions};

/// The formats of `palisade report --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// GitHub-flavoured Markdown tables.
    Markdown,
    /// One self-contained HTML page (inline CSS, no scripts, no external assets).
    Html,
    /// The same compliance data as JSON, for scripts (docs/compliance-report.md).
    Json,
}

pub fn render(format: ReportFormat, summary: &Compliance) -> String {
    match format {
        ReportFormat::Markdown => markdown::render(summary),
        ReportFormat::Html => html::render(summary),
        ReportFormat::Json => json::render(summary),
    }
}
