//! Reports: the one place that knows about output formats. Each format is one file
//! behind `render`; all of them read the same `Report`, sorted once, so the formats
//! cannot disagree and the same inputs give byte-identical output.

pub mod compliance;
pub mod fingerprint;
pub mod github;
pub mod json;
pub mod junit;
pub mod rules_doc;
pub mod sarif;
pub mod text;

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::Notification;
use crate::exit::FailOn;
use crate::finding::Finding;
use crate::policy::evaluate::Outcome;
use crate::policy::{Rule, Severity};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Human diagnostics with source snippets (colour on a terminal).
    Text,
    /// palisade's stable JSON report.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and SARIF viewers.
    Sarif,
    /// JUnit XML, for CI test-report views (GitLab `reports: junit`, Jenkins): a test
    /// suite per rule, a failing test case per violation, undecided and suppressed ones skipped.
    Junit,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`): an annotation per
    /// finding on the pull request's lines — error for what fails --fail-on, else warning
    /// (notice for undecided and info); suppressed findings are not annotated.
    Github,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Stats {
    pub files_scanned: usize,
    pub files_skipped: usize,
    pub resources: usize,
    /// Wall time of the scan; shown only in the text summary, so that machine-readable
    /// reports stay byte-identical between runs.
    #[serde(skip)]
    pub elapsed: std::time::Duration,
}

/// Everything a scan produced, sorted.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Every rule that was evaluated, in id order (SARIF lists them all).
    pub rules: Vec<Rule>,
    pub findings: Vec<Finding>,
    pub notifications: Vec<Notification>,
    pub stats: Stats,
    /// Files looked at and found not to be infrastructure code (shown with `--verbose`).
    pub skipped: Vec<String>,
    /// Text of the files findings point into, for source snippets.
    pub sources: std::collections::BTreeMap<String, std::sync::Arc<str>>,
    /// Every suppression in force, with how many findings it waives
    /// (`palisade suppressions`).
    pub suppressions: Vec<crate::suppress::InForce>,
    /// The comparison with a baseline, when one was applied (`crate::baseline::apply`).
    pub baseline: Option<crate::baseline::Comparison>,
    /// Every scan unit that loaded, with the resources each rule judged in it (the
    /// compliance report's evidence that a passing control looked at something).
    pub units: Vec<crate::policy::coverage::UnitCoverage>,
}

impl Report {
    pub fn sort(&mut self) {
        self.findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.findings.dedup();
        self.notifications.sort();
        self.notifications.dedup();
        // A comment in a module two roots call is one suppression, waiving in both.
        self.suppressions.sort();
        self.suppressions.dedup_by(|later, kept| {
            let same = later.location == kept.location
                && later.kind == kept.kind
                && later.rules == kept.rules;
            if same {
                kept.waived += later.waived;
            }
            same
        });
        self.skipped.sort();
        self.units
            .sort_by(|a, b| (&a.unit, a.format).cmp(&(&b.unit, b.format)));
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id() == id)
    }

    pub fn is_complete(&self) -> bool {
        !self.notifications.iter().any(Notification::is_error)
    }

    /// Count of active (neither suppressed nor baselined) violations per severity,
    /// highest first, and the active undecided count.
    pub fn counts(&self) -> (Vec<(Severity, usize)>, usize) {
        let active = || self.findings.iter().filter(|f| f.is_active());
        let by_severity = Severity::ALL
            .iter()
            .map(|&s| {
                let n = active()
                    .filter(|f| f.outcome == Outcome::Violation && f.severity == s)
                    .count();
                (s, n)
            })
            .collect();
        let undecided = active().filter(|f| f.outcome == Outcome::Undecided).count();
        (by_severity, undecided)
    }

    /// Findings a suppression covers (reported, but not counted toward the exit code).
    pub fn suppressed(&self) -> usize {
        self.findings.iter().filter(|f| f.is_suppressed()).count()
    }

    /// Findings the applied baseline records that are not suppressed (reported in SARIF
    /// and JSON, not counted toward the exit code).
    pub fn baselined(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.is_baselined() && !f.is_suppressed())
            .count()
    }
}

/// Options that change how a format renders, not which findings exist.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    pub color: bool,
    pub verbose: bool,
    pub quiet: bool,
    /// The gate: GitHub annotations are errors exactly for the findings that fail it, and
    /// JUnit fails undecided findings only when they gate.
    pub fail_on: FailOn,
    /// `--sarif-category`: GitHub code scanning's category (`runs[0].automationDetails.id`).
    pub sarif_category: Option<String>,
}

pub fn render(
    format: OutputFormat,
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Text => text::render(report, options, out),
        OutputFormat::Json => json::render(report, out),
        OutputFormat::Sarif => sarif::render(report, options, out),
        OutputFormat::Junit => junit::render(report, options, out),
        OutputFormat::Github => github::render(report, options, out),
    }
}

/// Writes a report to `path` atomically: into a temporary file beside it, renamed into
/// place only when complete, so a failure never leaves a half-written report.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    temp.as_file().sync_all()?;
    // Temporary files are created owner-only; a report is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
