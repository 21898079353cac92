//! Baselines (`palisade baseline`, `scan --baseline`) and the plan gate `--changed-only`,
//! through the binary as CI runs them.

// Test helpers outside #[test] functions may panic on bad data: that is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn palisade_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run palisade")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\nstderr:\n{}",
            stdout(output),
            stderr(output)
        )
    })
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// One high finding (PAL-NET-001 on `ingress[0]`).
const BASTION: &str = r#"resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "bastion"
  vpc_id      = "vpc-123"

  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

/// Two medium findings (PAL-S3-001, PAL-TLS-005).
const BUCKET: &str = r#"resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
"#;

/// Another high finding, added after the baseline.
const WEB: &str = r#"
resource "aws_security_group" "web" {
  name        = "web"
  description = "web"
  vpc_id      = "vpc-123"

  ingress {
    description = "rdp"
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

/// A module with three findings and its baseline, made in a temporary directory.
fn estate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", BASTION);
    write(dir.path(), "s3.tf", BUCKET);
    let made = palisade_in(dir.path(), &["baseline", ".", "--output", "baseline.json"]);
    assert_eq!(code(&made), 0, "{}", stderr(&made));
    assert!(
        stderr(&made).contains("recorded 3 findings in baseline.json"),
        "{}",
        stderr(&made)
    );
    dir
}

fn findings(report: &serde_json::Value) -> &Vec<serde_json::Value> {
    report["findings"].as_array().unwrap()
}

fn fingerprints(report: &serde_json::Value) -> BTreeSet<String> {
    findings(report)
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn create_compare_add_and_fix() {
    let dir = estate();
    let path = dir.path();

    // The file: versioned, sorted by file and resource, with context for a reviewer.
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path.join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(file["palisade_baseline"], 1);
    assert_eq!(file["fingerprint_scheme"], "palisadeFinding/v2");
    let entries = file["findings"].as_array().unwrap();
    let order: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e["file"].as_str().unwrap(), e["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        order,
        [
            ("main.tf", "PAL-NET-001"),
            ("s3.tf", "PAL-S3-001"),
            ("s3.tf", "PAL-TLS-005")
        ]
    );
    let first = &entries[0];
    assert_eq!(first["resource"], "aws_security_group.bastion");
    assert_eq!(first["attribute"], "ingress[0]");
    assert_eq!(first["severity"], "high");
    assert_eq!(first["outcome"], "violation");
    assert_eq!(first["line"], 6);
    assert!(first["message"].as_str().unwrap().contains("SSH (22)"));

    // Compare: nothing new, so exit 0 despite a high finding; the summary counts them.
    let same = palisade_in(path, &["scan", ".", "--baseline", "baseline.json"]);
    assert_eq!(code(&same), 0, "{}{}", stdout(&same), stderr(&same));
    let text = stdout(&same);
    assert!(
        text.contains("0 violations, 0 undecided, 3 baselined"),
        "{text}"
    );
    assert!(!text.contains("PAL-NET-001"), "{text}");
    let report = json(&palisade_in(
        path,
        &[
            "scan",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    ));
    assert_eq!(report["summary"]["violations"]["high"], 0);
    assert_eq!(report["summary"]["baselined"], 3);
    assert_eq!(report["baseline"]["file"], "baseline.json");
    assert_eq!(report["baseline"]["unchanged"], 3);
    assert_eq!(report["baseline"]["new"], 0);
    assert_eq!(report["baseline"]["absent"], serde_json::json!([]));
    assert!(findings(&report)
        .iter()
        .all(|f| f["baseline_state"] == "unchanged"));

    // Add a finding: only it is reported, and it gates.
    write(path, "main.tf", &format!("{BASTION}{WEB}"));
    let added = palisade_in(path, &["scan", ".", "--baseline", "baseline.json"]);
    assert_eq!(code(&added), 1, "{}", stdout(&added));
    let text = stdout(&added);
    assert!(text.contains("aws_security_group.web"), "{text}");
    assert!(!text.contains("aws_security_group.bastion"), "{text}");
    assert!(
        text.contains("1 violation (1 high), 0 undecided, 3 baselined"),
        "{text}"
    );
    let report = json(&palisade_in(
        path,
        &[
            "scan",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    ));
    let new: Vec<&str> = findings(&report)
        .iter()
        .filter(|f| f["baseline_state"] == "new")
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert_eq!(new, ["aws_security_group.web"]);
    assert_eq!(report["baseline"]["new"], 1);
    // GitHub annotations and JUnit show the new finding only.
    let github = stdout(&palisade_in(
        path,
        &[
            "scan",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "github",
        ],
    ));
    assert_eq!(github.lines().count(), 1, "{github}");
    assert!(github.contains("aws_security_group.web"), "{github}");
    let junit = stdout(&palisade_in(
        path,
        &[
            "scan",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "junit",
        ],
    ));
    assert!(junit.contains("aws_security_group.web"), "{junit}");
    assert!(!junit.contains("aws_security_group.bastion"), "{junit}");
    assert!(!junit.contains("aws_s3_bucket.logs"), "{junit}");

    // Fix two: the bucket goes. Its entries are listed as fixed since the baseline.
    std::fs::remove_file(path.join("s3.tf")).unwrap();
    let report = json(&palisade_in(
        path,
        &[
            "scan",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    ));
    let absent: Vec<&str> = report["baseline"]["absent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert_eq!(absent, ["PAL-S3-001", "PAL-TLS-005"]);
    assert_eq!(report["baseline"]["unchanged"], 1);
    let verbose = palisade_in(
        path,
        &["scan", ".", "--baseline", "baseline.json", "--verbose"],
    );
    let text = stdout(&verbose);
    assert!(
        text.contains("fixed since the baseline: s3.tf:1: [PAL-S3-001] aws_s3_bucket.logs: "),
        "{text}"
    );
    assert!(text.contains("2 fixed since the baseline"), "{text}");
    let quiet_text = stdout(&palisade_in(
        path,
        &["scan", ".", "--baseline", "baseline.json"],
    ));
    assert!(
        !quiet_text.contains("fixed since the baseline:"),
        "{quiet_text}"
    );

    // Re-created, the baseline shrinks to what is left (and now records the new one).
    let remade = palisade_in(path, &["baseline", ".", "--output", "baseline.json"]);
    assert_eq!(code(&remade), 0);
    let after = palisade_in(path, &["scan", ".", "--baseline", "baseline.json"]);
    assert_eq!(code(&after), 0, "{}", stdout(&after));
    assert!(stdout(&after).contains("2 baselined"), "{}", stdout(&after));
}

#[test]
fn fingerprints_survive_moved_lines_and_files() {
    let dir = estate();
    let path = dir.path();
    let scan_json = || {
        json(&palisade_in(
            path,
            &[
                "scan",
                ".",
                "--baseline",
                "baseline.json",
                "--format",
                "json",
            ],
        ))
    };
    let before = scan_json();

    // Blank lines and comments above the resources: every line moves.
    write(
        path,
        "main.tf",
        &format!("# networking\n\n// owned by the platform team\n\n\n{BASTION}"),
    );
    write(path, "s3.tf", &format!("\n\n# logs\n{BUCKET}"));
    let moved = scan_json();
    assert_eq!(fingerprints(&moved), fingerprints(&before));
    let line = |report: &serde_json::Value| {
        findings(report)
            .iter()
            .find(|f| f["rule_id"] == "PAL-NET-001")
            .unwrap()["location"]["start"]["line"]
            .clone()
    };
    assert_eq!(line(&before), 6);
    assert_eq!(line(&moved), 11);
    assert_eq!(moved["baseline"]["new"], 0);
    assert_eq!(moved["baseline"]["absent"], serde_json::json!([]));

    // The security group moves to another file of its module.
    std::fs::remove_file(path.join("main.tf")).unwrap();
    write(path, "network.tf", BASTION);
    let relocated = scan_json();
    assert_eq!(fingerprints(&relocated), fingerprints(&before));
    let files: BTreeSet<&str> = findings(&relocated)
        .iter()
        .map(|f| f["location"]["file"].as_str().unwrap())
        .collect();
    assert!(files.contains("network.tf"), "{files:?}");
    assert_eq!(relocated["baseline"]["unchanged"], 3);
    let gate = palisade_in(path, &["scan", ".", "--baseline", "baseline.json"]);
    assert_eq!(code(&gate), 0, "{}", stdout(&gate));
}

#[test]
fn the_baseline_file_is_deterministic() {
    let dir = estate();
    let path = dir.path();
    let first = std::fs::read(path.join("baseline.json")).unwrap();
    for threads in ["1", "3"] {
        let again = palisade_in(
            path,
            &[
                "baseline",
                ".",
                "--threads",
                threads,
                "--output",
                "again.json",
            ],
        );
        assert_eq!(code(&again), 0);
        assert_eq!(std::fs::read(path.join("again.json")).unwrap(), first);
    }
}

#[test]
fn unusable_baseline_files_are_errors_not_an_empty_baseline() {
    let dir = estate();
    let path = dir.path();
    write(
        path,
        "syntax.json",
        "{\n  \"palisade_baseline\": 1,\n  \"findings\": [,]\n}\n",
    );
    write(
        path,
        "old.json",
        r#"{"palisade_baseline": 1, "fingerprint_scheme": "palisadeFinding/v1", "findings": []}"#,
    );
    write(
        path,
        "future.json",
        r#"{"palisade_baseline": 2, "fingerprint_scheme": "palisadeFinding/v3", "findings": []}"#,
    );
    write(
        path,
        "entry.json",
        r#"{"palisade_baseline": 1, "fingerprint_scheme": "palisadeFinding/v2", "findings": [{"rule": "PAL-NET-001"}]}"#,
    );
    let report = palisade_in(path, &["scan", ".", "--format", "json"]);
    write(path, "report.json", &stdout(&report));
    let cases = [
        (
            "missing.json",
            "error: baseline missing.json: cannot read it",
        ),
        (
            "syntax.json",
            "error: baseline syntax.json:3:16: invalid JSON",
        ),
        ("old.json", "its fingerprints are \"palisadeFinding/v1\""),
        ("future.json", "it is baseline format 2"),
        ("entry.json", "findings[0]: missing field `fingerprint`"),
        ("report.json", "not a palisade baseline"),
    ];
    for (file, expected) in cases {
        let out = palisade_in(path, &["scan", ".", "--baseline", file, "--format", "json"]);
        assert_eq!(code(&out), 2, "{file}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{file}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{file}: nothing is reported");
    }
    let old = stderr(&palisade_in(path, &["scan", ".", "--baseline", "old.json"]));
    assert!(
        old.contains("re-create it with `palisade baseline`"),
        "{old}"
    );
}

#[test]
fn baseline_refuses_an_incomplete_scan_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    write(path, "main.tf", BASTION);
    write(
        path,
        "broken/main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n",
    );
    let refused = palisade_in(path, &["baseline", ".", "--output", "baseline.json"]);
    assert_eq!(code(&refused), 2);
    assert!(
        stderr(&refused).contains("the scan is incomplete, so baseline.json was not written"),
        "{}",
        stderr(&refused)
    );
    assert!(
        stderr(&refused).contains("broken/main.tf"),
        "{}",
        stderr(&refused)
    );
    assert!(!path.join("baseline.json").exists());

    let allowed = palisade_in(
        path,
        &[
            "baseline",
            ".",
            "--allow-incomplete",
            "--output",
            "baseline.json",
        ],
    );
    assert_eq!(code(&allowed), 0, "{}", stderr(&allowed));
    assert!(path.join("baseline.json").exists());
}

#[test]
fn baseline_usage_errors() {
    let dir = estate();
    let path = dir.path();
    for args in [
        &["baseline", "."][..],
        &["baseline", ".", "--format", "json", "--output", "b.json"],
        &["baseline", ".", "--output", "a.json", "--output", "b.json"],
        &[
            "baseline",
            ".",
            "--baseline",
            "baseline.json",
            "--output",
            "b.json",
        ],
        &["baseline", ".", "--changed-only", "--output", "b.json"],
    ] {
        let out = palisade_in(path, args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(!path.join("b.json").exists(), "{args:?}");
    }
    let help = stdout(&palisade_in(path, &["baseline", "--help"]));
    assert!(help.contains("--allow-incomplete"), "{help}");
    assert!(!help.contains("--sarif-category"), "{help}");
    let help = stdout(&palisade_in(path, &["scan", "--help"]));
    assert!(
        help.contains("--baseline <FILE>") && help.contains("--changed-only"),
        "{help}"
    );
}

#[test]
fn sarif_marks_new_and_unchanged_results_and_lists_absent_entries() {
    let dir = estate();
    let path = dir.path();
    write(path, "main.tf", &format!("{BASTION}{WEB}"));
    std::fs::remove_file(path.join("s3.tf")).unwrap();
    let out = palisade_in(
        path,
        &[
            "scan",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "sarif",
        ],
    );
    assert_eq!(code(&out), 1);
    let sarif = json(&out);
    common::validate_sarif(&sarif);
    let run = &sarif["runs"][0];
    let states: Vec<(&str, &str)> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["locations"][0]["logicalLocations"][0]["name"]
                    .as_str()
                    .unwrap(),
                r["baselineState"].as_str().unwrap(),
            )
        })
        .collect();
    // Recorded findings stay results (code scanning would close their alerts otherwise).
    assert_eq!(
        states,
        [
            ("aws_security_group.bastion", "unchanged"),
            ("aws_security_group.web", "new")
        ]
    );
    let baseline = &run["properties"]["baseline"];
    assert_eq!(baseline["new"], 1);
    assert_eq!(baseline["unchanged"], 1);
    assert_eq!(baseline["absent"].as_array().unwrap().len(), 2);

    // Without a baseline, no result has a baselineState.
    let plain = json(&palisade_in(path, &["scan", ".", "--format", "sarif"]));
    assert!(plain["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r.get("baselineState").is_none()));
    assert!(plain["runs"][0].get("properties").is_none());
}

fn plan_fixture() -> PathBuf {
    root().join("fixtures/cli/changed-only")
}

fn reported(report: &serde_json::Value) -> Vec<(String, String)> {
    findings(report)
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_owned(),
                f["resource"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn changed_only_keeps_what_the_plan_creates_updates_or_replaces() {
    let dir = plan_fixture();
    let all = json(&palisade_in(
        &dir,
        &["scan", "plan.json", "--format", "json"],
    ));
    assert_eq!(
        reported(&all),
        pairs(&[
            ("PAL-NET-001", "aws_security_group.legacy"),
            ("PAL-NET-001", "aws_security_group.web"),
            ("PAL-NET-001", "aws_security_group.updated"),
            ("PAL-NET-001", "aws_security_group.replaced"),
            ("PAL-NET-001", "aws_security_group_rule.shared_ssh"),
            ("PAL-NET-001", "aws_security_group_rule.legacy_rdp"),
            ("PAL-S3-001", "aws_s3_bucket.logs"),
        ])
    );
    let out = palisade_in(
        &dir,
        &["scan", "plan.json", "--changed-only", "--format", "json"],
    );
    assert_eq!(code(&out), 1);
    let changed = json(&out);
    // No-op resources (the legacy group and its rule) are not reported; created, updated
    // and replaced ones are; the deleted group is not in the plan's result at all; the
    // created rule attached to a no-op group is.
    assert_eq!(
        reported(&changed),
        pairs(&[
            ("PAL-NET-001", "aws_security_group.web"),
            ("PAL-NET-001", "aws_security_group.updated"),
            ("PAL-NET-001", "aws_security_group.replaced"),
            ("PAL-NET-001", "aws_security_group_rule.shared_ssh"),
            ("PAL-S3-001", "aws_s3_bucket.logs"),
        ])
    );
    assert_eq!(changed["notifications"], serde_json::json!([]));
}

/// Rules still see the whole plan: the updated bucket is judged with its unchanged
/// bucket policy, which enforces TLS. Without that policy the bucket is flagged.
#[test]
fn changed_only_evaluates_rules_against_the_whole_plan() {
    let text = std::fs::read_to_string(plan_fixture().join("plan.json")).unwrap();
    let mut plan: serde_json::Value = serde_json::from_str(&text).unwrap();
    let has_tls = |dir: &Path| {
        let report = json(&palisade_in(
            dir,
            &["scan", "plan.json", "--changed-only", "--format", "json"],
        ));
        reported(&report).contains(&("PAL-TLS-005".to_owned(), "aws_s3_bucket.logs".to_owned()))
    };
    assert!(!has_tls(&plan_fixture()));
    for key in ["planned_values", "resource_changes"] {
        let list = if key == "planned_values" {
            plan[key]["root_module"]["resources"]
                .as_array_mut()
                .unwrap()
        } else {
            plan[key].as_array_mut().unwrap()
        };
        list.retain(|r| r["address"] != "aws_s3_bucket_policy.logs");
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.json", &plan.to_string());
    assert!(has_tls(dir.path()));
}

#[test]
fn changed_only_without_a_plan_warns_and_limits_nothing() {
    let dir = estate();
    let out = palisade_in(
        dir.path(),
        &["scan", ".", "--changed-only", "--format", "json"],
    );
    assert_eq!(code(&out), 1);
    let report = json(&out);
    assert_eq!(findings(&report).len(), 3);
    let warning = &report["notifications"][0];
    assert_eq!(warning["level"], "warning");
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("no plan was scanned"),
        "{warning}"
    );
}

/// A limited scan cannot tell a fixed finding from one it did not report: no absent list.
#[test]
fn a_limited_scan_lists_no_absent_entries() {
    let dir = plan_fixture();
    let work = tempfile::tempdir().unwrap();
    std::fs::copy(dir.join("plan.json"), work.path().join("plan.json")).unwrap();
    let made = palisade_in(
        work.path(),
        &["baseline", "plan.json", "--output", "b.json"],
    );
    assert_eq!(code(&made), 0, "{}", stderr(&made));
    let out = palisade_in(
        work.path(),
        &[
            "scan",
            "plan.json",
            "--changed-only",
            "--baseline",
            "b.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let report = json(&out);
    assert_eq!(report["baseline"]["entries"], 7);
    assert_eq!(report["baseline"]["unchanged"], 5);
    assert_eq!(report["baseline"]["absent"], serde_json::Value::Null);
}
