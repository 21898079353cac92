//! Inline suppressions end to end: which findings each comment or `Metadata` entry
//! waives, which it cannot (no reason, expired, bad date, unknown rule, malformed), that
//! waived findings stay in every report, and that only unwaived ones gate.
//!
//! The fixtures under `fixtures/suppressions/` say in comments what each case is; the
//! tables here are the complete list of what the scan must report for them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use palisade::diagnostics::Level;
use palisade::policy::{PolicySet, PolicySources};
use palisade::report::Report;
use palisade::scan::{scan, ScanConfig};
use palisade::suppress::Date;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn policies() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| {
        PolicySet::load(&PolicySources {
            builtin: true,
            ..Default::default()
        })
        .0
    })
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn run_at(path: &Path, today: Date) -> Report {
    scan(
        &ScanConfig {
            paths: vec![path.to_path_buf()],
            today: Some(today),
            ..Default::default()
        },
        policies(),
    )
}

fn run(fixture: &str) -> Report {
    run_at(
        &root().join("fixtures/suppressions").join(fixture),
        date("2026-11-23"),
    )
}

/// `file-suffix:line rule resource` and, when waived, `waived@line`.
fn findings(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            let file = f.location.file.rsplit('/').next().unwrap_or_default();
            let mut line = format!(
                "{file}:{} {} {}",
                f.location.start.line, f.rule_id, f.resource
            );
            if let Some(s) = &f.suppression {
                line.push_str(&format!(" waived@{}", s.location.start.line));
            }
            line
        })
        .collect()
}

/// `level file-suffix:line message` for every notification about suppressions.
fn suppression_notes(report: &Report) -> Vec<String> {
    report
        .notifications
        .iter()
        .filter(|n| {
            ["suppression", "invalid suppression", "Metadata.palisade"]
                .iter()
                .any(|start| n.message.starts_with(start))
        })
        .map(|n| {
            let place = n.location.as_ref().map_or(String::new(), |l| {
                format!(
                    "{}:{}",
                    l.file.rsplit('/').next().unwrap_or_default(),
                    l.start.line
                )
            });
            let level = match n.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Note => "note",
            };
            format!("{level} {place} {}", n.message)
        })
        .collect()
}

fn assert_lines(actual: &[String], expected: &[&str]) {
    assert_eq!(actual, expected, "\nactual:\n{}\n", actual.join("\n"));
}

#[test]
fn terraform_comments_waive_blocks_attributes_and_module_calls() {
    let report = run("terraform");
    assert!(report.is_complete());
    assert_lines(
        &findings(&report),
        &[
            "main.tf:8 PAL-ECR-002 aws_ecr_repository.block_comment waived@5",
            "main.tf:10 PAL-ECR-001 aws_ecr_repository.block_comment",
            "main.tf:17 PAL-ECR-002 aws_ecr_repository.attribute_comment waived@16",
            "main.tf:20 PAL-ECR-001 aws_ecr_repository.attribute_comment waived@19",
            "main.tf:26 PAL-ECR-002 aws_ecr_repository.trailing_comment waived@26",
            "main.tf:28 PAL-ECR-001 aws_ecr_repository.trailing_comment",
            "main.tf:35 PAL-ECR-002 aws_ecr_repository.two_rules_future_expiry waived@32",
            "main.tf:37 PAL-ECR-001 aws_ecr_repository.two_rules_future_expiry waived@32",
            "main.tf:44 PAL-ECR-002 aws_ecr_repository.no_reason",
            "main.tf:53 PAL-ECR-002 aws_ecr_repository.expired",
            "main.tf:62 PAL-ECR-002 aws_ecr_repository.bad_date",
            "main.tf:72 PAL-ECR-002 aws_ecr_repository.unknown_rule_and_malformed",
            "main.tf:81 PAL-ECR-002 aws_ecr_repository.wrong_attribute",
            // Inside the module: its own comment waives PAL-ECR-002 for every instance;
            // the comment above `module "waived_call"` waives PAL-ECR-001 for that call only.
            "main.tf:9 PAL-ECR-002 module.plain_call.aws_ecr_repository.this waived@8",
            "main.tf:9 PAL-ECR-002 module.waived_call.aws_ecr_repository.this waived@8",
            "main.tf:11 PAL-ECR-001 module.plain_call.aws_ecr_repository.this",
            "main.tf:11 PAL-ECR-001 module.waived_call.aws_ecr_repository.this waived@87",
        ],
    );
    assert_lines(
        &suppression_notes(&report),
        &[
            "warning main.tf:41 suppression of PAL-ECR-002 gives no reason, so it waives nothing; write why after the rule ids",
            "warning main.tf:50 suppression of PAL-ECR-002 expired on 2020-01-31; the findings it waived are reported again",
            "warning main.tf:59 suppression of PAL-ECR-002: until=2027-02-30 is not a date (YYYY-MM-DD), so it waives nothing",
            "warning main.tf:68 suppression names PAL-XYZ-999, which is not a loaded rule; `palisade rules` lists them",
            "warning main.tf:69 invalid suppression, it waives nothing: `palisade:ignore` must name the rules it waives: `palisade:ignore[PAL-NET-001] reason`",
            "note main.tf:79 suppression of PAL-ECR-002 matches no finding: no finding of that rule is there",
        ],
    );
    let waived = report
        .findings
        .iter()
        .find(|f| f.suppression.is_some())
        .unwrap();
    let suppression = waived.suppression.as_ref().unwrap();
    assert_eq!(
        suppression.reason,
        "the legacy deploy job overwrites `latest` until it moves to digests"
    );
    assert_eq!(suppression.until, None);
}

#[test]
fn cloudformation_comments_and_metadata_waive_findings() {
    let report = run("cloudformation");
    assert!(report.is_complete());
    assert_lines(
        &findings(&report),
        &[
            "template.json:15 PAL-ECR-002 Waived waived@10",
            "template.json:16 PAL-ECR-001 Waived",
            "template.json:29 PAL-ECR-002 Expired",
            "template.json:37 PAL-ECR-002 NoReason",
            "template.json:45 PAL-ECR-002 NotAList",
            "template.yaml:10 PAL-ECR-002 BlockComment waived@6",
            "template.yaml:12 PAL-ECR-001 BlockComment",
            "template.yaml:18 PAL-ECR-002 PropertyComments waived@17",
            "template.yaml:20 PAL-ECR-001 PropertyComments waived@20",
            "template.yaml:31 PAL-ECR-002 MetadataEntry waived@27",
            "template.yaml:33 PAL-ECR-001 MetadataEntry waived@27",
            "template.yaml:39 PAL-ECR-002 Expired",
            "template.yaml:50 PAL-ECR-002 NoReason",
        ],
    );
    assert_lines(
        &suppression_notes(&report),
        &[
            "warning template.json:24 suppression of PAL-ECR-002 expired on 2020-01-31; the findings it waived are reported again",
            "warning template.json:35 suppression of PAL-ECR-002 gives no reason, so it waives nothing; write why after the rule ids",
            "warning template.json:43 Metadata.palisade.ignore must be a list, not a string; nothing is suppressed",
            "warning template.yaml:35 suppression of PAL-ECR-002 expired on 2020-01-31; the findings it waived are reported again",
            "warning template.yaml:48 suppression of PAL-ECR-002 gives no reason, so it waives nothing; write why after the rule ids",
        ],
    );
    let metadata = report
        .findings
        .iter()
        .find(|f| f.resource == "MetadataEntry")
        .and_then(|f| f.suppression.as_ref())
        .unwrap();
    assert_eq!(metadata.until.as_deref(), Some("2999-12-31"));
    assert_eq!(
        metadata.reason,
        "sandbox repository, deleted with the account"
    );
}

#[test]
fn terraform_json_comment_members_waive_their_block() {
    let report = run("terraform-json");
    assert_lines(
        &findings(&report),
        &[
            "main.tf.json:8 PAL-ECR-002 aws_ecr_repository.waived waived@6",
            "main.tf.json:13 PAL-ECR-002 aws_ecr_repository.plain",
        ],
    );
    assert!(suppression_notes(&report).is_empty());
}

#[test]
fn an_expiry_date_still_waives_on_that_day_and_not_after() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "# palisade:ignore[PAL-ECR-002] until=2027-01-31 moving to digests this quarter\n\
         resource \"aws_ecr_repository\" \"r\" {\n  name = \"r\"\n  image_tag_mutability = \"MUTABLE\"\n\
         \x20 image_scanning_configuration {\n    scan_on_push = true\n  }\n}\n",
    )
    .unwrap();
    let on_the_day = run_at(dir.path(), date("2027-01-31"));
    assert_eq!(on_the_day.suppressed(), 1);
    let after = run_at(dir.path(), date("2027-02-01"));
    assert_eq!(after.suppressed(), 0);
    assert_eq!(after.counts().0.iter().map(|(_, n)| n).sum::<usize>(), 1);
    assert!(suppression_notes(&after)[0].contains("expired on 2027-01-31"));
}

fn palisade(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn waived_findings_do_not_gate_and_stay_visible() {
    let fixture = root().join("fixtures/suppressions/all-waived");
    let waived = palisade(
        &["scan", ".", "--fail-on", "low", "--format", "json"],
        &fixture,
    );
    assert_eq!(
        waived.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&waived.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&waived.stdout).unwrap();
    assert_eq!(json["summary"]["suppressed"], 2);
    assert_eq!(json["findings"].as_array().unwrap().len(), 2);
    assert_eq!(json["findings"][0]["suppression"]["kind"], "in-source");

    // The same file without its comments fails the gate: the suppression is what passed it.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture.join("main.tf")).unwrap();
    let stripped: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("main.tf"), stripped).unwrap();
    let bare = palisade(
        &["scan", ".", "--fail-on", "low", "--format", "json"],
        dir.path(),
    );
    assert_eq!(bare.status.code(), Some(1));

    // Text output hides waived findings unless asked, and counts them.
    let text = palisade(&["scan", ".", "--fail-on", "low"], &fixture);
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(!shown.contains("PAL-ECR-002]"), "{shown}");
    assert!(
        shown.contains("0 violations, 0 undecided, 2 suppressed"),
        "{shown}"
    );
    let verbose = palisade(&["scan", ".", "--fail-on", "low", "--verbose"], &fixture);
    let shown = String::from_utf8_lossy(&verbose.stdout);
    assert!(
        shown.contains("suppressed: main.tf:7:3: [PAL-ECR-002] aws_ecr_repository.mirror:"),
        "{shown}"
    );
    assert!(
        shown.contains("(waived at main.tf:4: pull-through cache"),
        "{shown}"
    );
}
