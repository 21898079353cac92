//! Baselines: the findings an estate already had when the gate was switched on, so that
//! only what a change adds fails it.
//!
//! `palisade baseline … --output FILE` writes [`Baseline::from_report`]; `palisade scan
//! --baseline FILE` [`load`]s it and [`apply`]s it to the sorted report before any format
//! renders, so every format sees the same result:
//!
//! - each finding gets a [`BaselineState`]: `unchanged` when it matches an entry, else `new`;
//!   unchanged findings do not count toward the exit code (see `exit::FailOn::gates`);
//! - baseline entries that match no finding are *absent* ("fixed since the baseline"),
//!   listed so the baseline can be re-created smaller.
//!
//! **Matching** is by fingerprint only (`report::fingerprint`: rule id, scan unit,
//! resource address, attribute path — no line numbers), as a multiset: an entry matches
//! at most one finding. Several findings can share a fingerprint (one attribute breaking
//! a rule in two ways, two messages); with `n` entries and `m` findings of a fingerprint,
//! `min(n, m)` are unchanged and the rest new (or absent). Messages are not part of the
//! match: they quote where values came from, with line numbers (`default of var.x at
//! variables.tf:3`), so a message hash would make moved lines look like new findings.
//! Among findings sharing a fingerprint, entries go first to findings with the same
//! message, then in report order, so the one reported new is the one that differs.
//!
//! **What a baseline records**: every finding that is not suppressed — violations of every
//! severity and undecided findings — whatever `--fail-on` is, so changing the gate later
//! does not surface old findings as new. Suppressed findings are waived where they are
//! written and need no baseline. Under a baseline every finding is matched, suppressed or
//! not: a recorded finding suppressed since still occurs, so its entry is not absent.
//!
//! **The file** is JSON, deterministic and sorted by file, resource, rule, attribute and
//! message, one entry per finding with the fingerprint and what a reviewer needs to read
//! its diff in a pull request (rule, severity, resource, attribute, file and line at the
//! time, message). Only `fingerprint` is used for matching; the rest is context.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::policy::evaluate::Outcome;
use crate::report::fingerprint::SARIF_KEY;
use crate::report::Report;

/// The version of the file format; a file of another version is refused.
pub const FORMAT_VERSION: u64 = 1;

/// The fingerprint scheme a baseline's entries were computed with (the SARIF
/// `partialFingerprints` key); a file made with another scheme is refused, since none of
/// its fingerprints could match.
pub const FINGERPRINT_SCHEME: &str = SARIF_KEY;

/// A finding's state relative to the baseline applied to the scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineState {
    /// Not in the baseline: reported, and gates as usual.
    New,
    /// Matches a baseline entry: kept in SARIF and JSON, not counted, never gates.
    Unchanged,
}

impl BaselineState {
    pub fn as_str(self) -> &'static str {
        match self {
            BaselineState::New => "new",
            BaselineState::Unchanged => "unchanged",
        }
    }
}

/// One recorded finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The finding's fingerprint: the only field matching reads.
    pub fingerprint: String,
    pub rule: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub outcome: String,
    pub resource: String,
    #[serde(default)]
    pub attribute: String,
    #[serde(default)]
    pub file: String,
    /// The line when the baseline was made (context only).
    #[serde(default)]
    pub line: u32,
    #[serde(default)]
    pub message: String,
}

impl Entry {
    fn of(finding: &Finding) -> Entry {
        Entry {
            fingerprint: finding.fingerprint.clone(),
            rule: finding.rule_id.clone(),
            severity: finding.severity.as_str().to_owned(),
            outcome: match finding.outcome {
                Outcome::Violation => "violation",
                Outcome::Undecided => "undecided",
            }
            .to_owned(),
            resource: finding.resource.clone(),
            attribute: finding.attribute.clone(),
            file: finding.location.file.clone(),
            line: finding.location.start.line,
            message: finding.message.clone(),
        }
    }

    /// File order: not by line, so that moving lines changes only the `line` fields of
    /// a re-created baseline, not the order of its entries.
    fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.file,
            &self.resource,
            &self.rule,
            &self.attribute,
            &self.message,
            &self.fingerprint,
            self.line,
        )
    }
}

/// A baseline, as written or loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    /// The file it was loaded from, as reports show it (empty for one made in memory).
    pub file: String,
    /// Sorted (see [`Entry::sort_key`]).
    pub entries: Vec<Entry>,
}

/// The file's shape.
#[derive(Serialize)]
struct FileOut<'a> {
    palisade_baseline: u64,
    fingerprint_scheme: &'static str,
    findings: &'a [Entry],
}

/// Why a baseline file cannot be used. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("baseline {file}: cannot read it: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("baseline {file}:{line}:{column}: invalid JSON: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("baseline {file}: {message}")]
    Invalid { file: String, message: String },
    #[error(
        "baseline {file}: {found}; this palisade reads baseline format {FORMAT_VERSION} with \
         fingerprints {FINGERPRINT_SCHEME}: re-create it with `palisade baseline`"
    )]
    Version { file: String, found: String },
}

/// Reads a baseline file. A missing, unreadable or invalid file is an error naming it —
/// never an empty baseline, which would report every finding as new.
pub fn load(path: &Path) -> Result<Baseline, Error> {
    let file = crate::source::display_path(path);
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        file: file.clone(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Invalid {
        file: file.clone(),
        message: format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
    })?;
    parse(&text, &file)
}

/// Parses a baseline's text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Baseline, Error> {
    let invalid = |message: String| Error::Invalid {
        file: file.to_owned(),
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Syntax {
        file: file.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let serde_json::Value::Object(object) = json else {
        return Err(invalid(
            "not a palisade baseline: expected a JSON object (write one with `palisade baseline`)"
                .into(),
        ));
    };
    match object.get("palisade_baseline") {
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(FORMAT_VERSION) => {}
        Some(other) => {
            return Err(Error::Version {
                file: file.to_owned(),
                found: format!("it is baseline format {other}"),
            })
        }
        None => {
            return Err(invalid(
                "not a palisade baseline: it has no \"palisade_baseline\" version (write one \
                 with `palisade baseline`)"
                    .into(),
            ))
        }
    }
    match object.get("fingerprint_scheme") {
        Some(serde_json::Value::String(s)) if s == FINGERPRINT_SCHEME => {}
        Some(other) => {
            return Err(Error::Version {
                file: file.to_owned(),
                found: format!("its fingerprints are {other}"),
            })
        }
        None => return Err(invalid("it has no \"fingerprint_scheme\"".into())),
    }
    let Some(serde_json::Value::Array(items)) = object.get("findings") else {
        return Err(invalid("\"findings\" must be an array".into()));
    };
    let mut entries = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let entry: Entry =
            Entry::deserialize(item).map_err(|e| invalid(format!("findings[{i}]: {e}")))?;
        let well_formed = entry.fingerprint.len() == 32
            && entry
                .fingerprint
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !well_formed {
            return Err(invalid(format!(
                "findings[{i}]: fingerprint \"{}\" is not 32 lowercase hex digits",
                entry.fingerprint
            )));
        }
        entries.push(entry);
    }
    entries.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(Baseline {
        file: file.to_owned(),
        entries,
    })
}

impl Baseline {
    /// The baseline of a scan: its unsuppressed findings (violations of every severity and
    /// undecided ones), sorted.
    pub fn from_report(report: &Report) -> Baseline {
        let mut entries: Vec<Entry> = report
            .findings
            .iter()
            .filter(|f| !f.is_suppressed())
            .map(Entry::of)
            .collect();
        entries.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Baseline {
            file: String::new(),
            entries,
        }
    }

    /// Writes the file: pretty JSON, entries sorted, a final newline, nothing that varies
    /// between runs (no timestamp, no tool version).
    pub fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let doc = FileOut {
            palisade_baseline: FORMAT_VERSION,
            fingerprint_scheme: FINGERPRINT_SCHEME,
            findings: &self.entries,
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        out.write_all(b"\n")
    }
}

/// What applying a baseline found; reports show it (`Report::baseline`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The baseline file.
    pub file: String,
    /// Entries in the baseline.
    pub entries: usize,
    /// Findings that match an entry.
    pub unchanged: usize,
    /// Unsuppressed findings that match none: what the gate judges.
    pub new: usize,
    /// Entries no finding matched ("fixed since the baseline"), sorted; `None` when the
    /// scan was limited (`--changed-files`, `--changed-only`) and cannot tell a fixed
    /// finding from one it did not report.
    pub absent: Option<Vec<Entry>>,
}

/// Applies a baseline to a (sorted) report: sets every finding's `baseline_state`, and
/// records the comparison, absent entries included, in `report.baseline`.
pub fn apply(report: &mut Report, baseline: &Baseline) {
    apply_with(report, baseline, true);
}

/// [`apply`] for a scan that reports only part of its findings (`--changed-files`,
/// `--changed-only`): entries that match nothing are not listed as absent, since they
/// may only have been filtered out.
pub fn apply_to_partial_scan(report: &mut Report, baseline: &Baseline) {
    apply_with(report, baseline, false);
}

fn apply_with(report: &mut Report, baseline: &Baseline, list_absent: bool) {
    // Unmatched entries per fingerprint, in file order.
    let mut remaining: BTreeMap<&str, Vec<Option<&Entry>>> = BTreeMap::new();
    for entry in &baseline.entries {
        remaining
            .entry(entry.fingerprint.as_str())
            .or_default()
            .push(Some(entry));
    }
    // Active findings claim entries before suppressed ones.
    let mut order: Vec<usize> = (0..report.findings.len()).collect();
    order.sort_by_key(|&i| {
        (
            report.findings.get(i).is_some_and(Finding::is_suppressed),
            i,
        )
    });
    let mut matched = vec![false; report.findings.len()];
    // First pass: same fingerprint and same message; second: same fingerprint.
    for same_message in [true, false] {
        for &i in &order {
            let (Some(finding), Some(done)) = (report.findings.get(i), matched.get_mut(i)) else {
                continue;
            };
            if *done {
                continue;
            }
            let Some(slots) = remaining.get_mut(finding.fingerprint.as_str()) else {
                continue;
            };
            let slot = slots.iter_mut().find(|slot| {
                slot.is_some_and(|entry| !same_message || entry.message == finding.message)
            });
            if let Some(slot) = slot {
                *slot = None;
                *done = true;
            }
        }
    }
    let mut comparison = Comparison {
        file: baseline.file.clone(),
        entries: baseline.entries.len(),
        ..Comparison::default()
    };
    for (finding, &was_matched) in report.findings.iter_mut().zip(&matched) {
        if was_matched {
            finding.baseline_state = Some(BaselineState::Unchanged);
            comparison.unchanged += 1;
        } else {
            finding.baseline_state = Some(BaselineState::New);
            if !finding.is_suppressed() {
                comparison.new += 1;
            }
        }
    }
    comparison.absent = list_absent.then(|| {
        let mut absent: Vec<Entry> = remaining
            .into_values()
            .flatten()
            .flatten()
            .cloned()
            .collect();
        absent.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        absent
    });
    report.baseline = Some(comparison);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use crate::policy::Severity;
    use crate::source::{LineCol, Location, Span};

    fn finding(fingerprint: &str, message: &str, line: u32) -> Finding {
        Finding {
            rule_id: "PAL-TEST-001".into(),
            severity: Severity::High,
            outcome: Outcome::Violation,
            message: message.into(),
            resource: "aws_s3_bucket.b".into(),
            resource_type: "aws_s3_bucket".into(),
            construct: None,
            attribute: String::new(),
            location: Location {
                file: "main.tf".into(),
                start: LineCol { line, column: 1 },
                end: LineCol { line, column: 5 },
                span: Span::default(),
            },
            related: Vec::new(),
            fingerprint: fingerprint.repeat(32 / fingerprint.len()),
            suppression: None,
            baseline_state: None,
        }
    }

    fn report(findings: Vec<Finding>) -> Report {
        let mut report = Report {
            findings,
            ..Report::default()
        };
        report.sort();
        report
    }

    fn round_trip(baseline: &Baseline) -> Baseline {
        let mut out = Vec::new();
        baseline.write(&mut out).unwrap();
        parse(std::str::from_utf8(&out).unwrap(), "b.json").unwrap()
    }

    #[test]
    fn shared_fingerprints_match_as_a_multiset_preferring_equal_messages() {
        let old = report(vec![finding("a", "opens 22", 3), finding("b", "x", 9)]);
        let baseline = round_trip(&Baseline::from_report(&old));
        // Same fingerprint twice now: the one with the recorded message is unchanged.
        let mut new = report(vec![
            finding("a", "opens 3389", 1),
            finding("a", "opens 22", 2),
            finding("c", "y", 4),
        ]);
        apply(&mut new, &baseline);
        let states: Vec<_> = new
            .findings
            .iter()
            .map(|f| (f.message.as_str(), f.baseline_state))
            .collect();
        assert_eq!(
            states,
            [
                ("opens 3389", Some(BaselineState::New)),
                ("opens 22", Some(BaselineState::Unchanged)),
                ("y", Some(BaselineState::New)),
            ]
        );
        let comparison = new.baseline.unwrap();
        assert_eq!(
            (comparison.entries, comparison.unchanged, comparison.new),
            (2, 1, 2)
        );
        let absent = comparison.absent.unwrap();
        assert_eq!(absent.len(), 1);
        assert_eq!(absent[0].message, "x");
    }

    #[test]
    fn messages_do_not_decide_a_match() {
        let baseline = Baseline::from_report(&report(vec![finding("a", "at vars.tf:3", 3)]));
        let mut moved = report(vec![finding("a", "at vars.tf:7", 8)]);
        apply(&mut moved, &baseline);
        assert_eq!(
            moved.findings[0].baseline_state,
            Some(BaselineState::Unchanged)
        );
        assert_eq!(moved.baseline.unwrap().absent, Some(Vec::new()));
    }

    #[test]
    fn partial_scans_list_no_absent_entries() {
        let baseline = Baseline::from_report(&report(vec![finding("a", "m", 3)]));
        let mut empty = report(Vec::new());
        apply_to_partial_scan(&mut empty, &baseline);
        assert_eq!(empty.baseline.unwrap().absent, None);
    }

    #[test]
    fn the_file_is_sorted_and_byte_identical() {
        let a = Baseline::from_report(&report(vec![finding("b", "2", 1), finding("a", "1", 2)]));
        let b = Baseline::from_report(&report(vec![finding("a", "1", 2), finding("b", "2", 1)]));
        let (mut x, mut y) = (Vec::new(), Vec::new());
        a.write(&mut x).unwrap();
        b.write(&mut y).unwrap();
        assert_eq!(x, y);
        let text = String::from_utf8(x).unwrap();
        assert!(
            text.starts_with(
                "{\n  \"palisade_baseline\": 1,\n  \"fingerprint_scheme\": \"palisadeFinding/v2\","
            ),
            "{text}"
        );
    }

    #[test]
    fn invalid_files_are_errors_naming_the_file() {
        let err = parse("{\n  \"palisade_baseline\": 1,\n  oops\n}", "b.json").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("baseline b.json:3:3: invalid JSON"),
            "{err}"
        );
        let err = parse("[]", "b.json").unwrap_err();
        assert!(err.to_string().contains("not a palisade baseline"), "{err}");
        let err = parse(r#"{"palisade_baseline": 2, "fingerprint_scheme": "palisadeFinding/v2", "findings": []}"#, "b.json").unwrap_err();
        assert!(err.to_string().contains("baseline format 2"), "{err}");
        let err = parse(r#"{"palisade_baseline": 1, "fingerprint_scheme": "palisadeFinding/v1", "findings": []}"#, "b.json").unwrap_err();
        assert!(err.to_string().contains("re-create it"), "{err}");
        let err = parse(r#"{"palisade_baseline": 1, "fingerprint_scheme": "palisadeFinding/v2", "findings": [{"rule": "R"}]}"#, "b.json").unwrap_err();
        assert!(
            err.to_string()
                .contains("findings[0]: missing field `fingerprint`"),
            "{err}"
        );
        let err = parse(r#"{"palisade_baseline": 1, "fingerprint_scheme": "palisadeFinding/v2", "findings": [{"fingerprint": "xyz", "rule": "R", "resource": "r"}]}"#, "b.json").unwrap_err();
        assert!(err.to_string().contains("not 32 lowercase hex"), "{err}");
    }
}
