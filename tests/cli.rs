//! The binary as users run it: exit codes, where output goes, atomic report files,
//! explicit paths, and a broken file among good ones.

// Test helpers outside #[test] functions may panic on bad data: that is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn palisade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .current_dir(root())
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
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(output)))
}

#[test]
fn version_is_printed() {
    let out = palisade(&["--version"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out).trim(),
        format!("palisade {}", env!("CARGO_PKG_VERSION"))
    );
}

/// Progress is for a person at a terminal: a scan whose standard error is a pipe (CI, a
/// log) gets the summary line and no progress line, however long it runs (the reference
/// platform takes longer than `progress::SHOW_AFTER` in a debug build).
#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let out = palisade(&["scan", "reference-platform", "--format", "json"]);
    assert!(code(&out) < 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("scanning"), "{err}");
    assert!(!err.contains('\r'), "{err:?}");
    assert!(err.starts_with("palisade: "), "{err}");
}

#[test]
fn clean_inputs_exit_zero() {
    let out = palisade(&["scan", "fixtures/cli/clean", "--format", "json"]);
    let report = json(&out);
    assert_eq!(code(&out), 0, "{report:#}\n{}", stderr(&out));
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );
    assert_eq!(report["summary"]["files_scanned"], 2);
    assert_eq!(report["summary"]["complete"], true);
}

#[test]
fn violations_exit_one_and_fail_on_moves_the_threshold() {
    let files = [
        "fixtures/cli/mixed/ssh.cfn.yaml",
        "fixtures/cli/mixed/db.plan.json",
    ];
    let out = palisade(&["scan", files[0], files[1], "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let report = json(&out);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["PAL-RDS-001", "PAL-NET-001"], "{report:#}");

    let none = palisade(&["scan", files[0], files[1], "--fail-on", "none", "--quiet"]);
    assert_eq!(code(&none), 0);
    let critical = palisade(&[
        "scan",
        files[0],
        files[1],
        "--fail-on",
        "critical",
        "--quiet",
    ]);
    assert_eq!(code(&critical), 0, "both findings are high, below critical");
}

#[test]
fn a_broken_file_among_good_ones_exits_two_and_keeps_the_good_findings() {
    let out = palisade(&["scan", "fixtures/cli/mixed", "--format", "json"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let report = json(&out);
    assert_eq!(report["summary"]["complete"], false);
    let findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_owned(),
                f["location"]["file"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            (
                "PAL-RDS-001".to_owned(),
                "fixtures/cli/mixed/db.plan.json".to_owned()
            ),
            (
                "PAL-NET-001".to_owned(),
                "fixtures/cli/mixed/ssh.cfn.yaml".to_owned()
            ),
        ]
    );
    let errors: Vec<&serde_json::Value> = report["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["level"] == "error")
        .collect();
    assert_eq!(errors.len(), 2, "{report:#}");
    let broken = errors
        .iter()
        .find(|n| n["file"] == "fixtures/cli/mixed/broken.cfn.yaml")
        .expect("broken YAML named");
    assert!(
        broken["location"]["start"]["line"].as_u64().unwrap() >= 6,
        "{broken:#}"
    );
    let truncated = errors
        .iter()
        .find(|n| n["file"] == "fixtures/cli/mixed/truncated.plan.json")
        .expect("truncated plan named");
    assert_eq!(truncated["location"]["start"]["line"], 1, "{truncated:#}");
}

#[test]
fn text_output_names_file_line_rule_and_fix() {
    let out = palisade(&["scan", "fixtures/cli/mixed/ssh.cfn.yaml"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("PAL-NET-001"), "{text}");
    assert!(text.contains("fixtures/cli/mixed/ssh.cfn.yaml:8"), "{text}");
    assert!(text.contains("Bastion"), "{text}");
    assert!(text.contains("help:"), "{text}");
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("palisade: 1 file, 1 resource, 1 violation (1 high)"),
        "{text}"
    );
}

#[test]
fn sarif_to_a_file_and_text_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let out = palisade(&[
        "scan",
        "fixtures/cli/mixed/ssh.cfn.yaml",
        "--format",
        "sarif",
        "--output",
        sarif.to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("PAL-NET-001"));
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert_eq!(doc["runs"][0]["results"][0]["ruleId"], "PAL-NET-001");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the report, no temporary file");
}

#[test]
fn unwritable_output_exits_two_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing-dir").join("out.json");
    let out = palisade(&[
        "scan",
        "fixtures/cli/clean",
        "--format",
        "json",
        "--output",
        target.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
    assert!(!target.exists());
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(code(&palisade(&["scan", "--fail-on", "severe"])), 2);
    assert_eq!(
        code(&palisade(&[
            "scan",
            "fixtures/cli/clean",
            "--format",
            "json",
            "--format",
            "sarif"
        ])),
        2
    );
    assert_eq!(code(&palisade(&["scan", "no/such/path"])), 2);
}

#[test]
fn an_explicit_file_that_is_not_an_input_is_an_error() {
    let out = palisade(&["scan", "Cargo.toml", "--format", "json"]);
    assert_eq!(code(&out), 2);
    let report = json(&out);
    assert_eq!(report["notifications"][0]["file"], "Cargo.toml");
}

#[test]
fn unrelated_files_in_a_directory_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("package.json"), r#"{"name": "x"}"#).unwrap();
    std::fs::write(dir.path().join("notes.md"), "hello").unwrap();
    std::fs::copy(
        root().join("fixtures/cli/clean/db.plan.json"),
        dir.path().join("plan.json"),
    )
    .unwrap();
    let out = palisade(&["scan", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let report = json(&out);
    assert_eq!(report["summary"]["files_scanned"], 1);
    assert_eq!(
        report["summary"]["files_skipped"], 2,
        "package.json and notes.md"
    );
    let verbose = palisade(&["scan", dir.path().to_str().unwrap(), "--verbose"]);
    assert!(
        stdout(&verbose).contains("package.json"),
        "{}",
        stdout(&verbose)
    );
}

#[test]
fn exclude_globs_skip_paths() {
    let out = palisade(&[
        "scan",
        "fixtures/cli/mixed",
        "--exclude",
        "*.plan.json",
        "--exclude",
        "broken*",
        "--format",
        "json",
    ]);
    let report = json(&out);
    assert_eq!(report["summary"]["files_scanned"], 1, "{report:#}");
    assert_eq!(code(&out), 1);
}

#[test]
fn rules_lists_and_explains() {
    let list = palisade(&["rules"]);
    assert_eq!(code(&list), 0);
    let text = stdout(&list);
    for id in ["PAL-IAM-001", "PAL-NET-001", "PAL-RDS-001", "PAL-S3-001"] {
        assert!(text.contains(id), "{text}");
    }
    let explain = palisade(&["rules", "pal-net-001"]);
    assert_eq!(code(&explain), 0);
    let text = stdout(&explain);
    assert!(text.contains("Remediation:"), "{text}");
    assert!(text.contains("Frameworks:"), "{text}");
    assert_eq!(code(&palisade(&["rules", "PAL-NOPE-999"])), 2);
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

const USER_RULE: &str = r#"# METADATA
# title: Buckets must be named
# description: Unnamed buckets get random names nobody can find in an incident.
# custom:
#   id: ACME-001
#   severity: low
#   remediation: Set a bucket name.
#   family: s3
#   reads: [data_stores]
#   formats: [cfn]
package acme.named_buckets

import data.palisade.lib.result

deny contains result.of(store, "bucket has no name") if {
	some store in input.aws.data_stores
	store.kind == "s3_bucket"
	not store.name
	not "name" in store.unknown
}
"#;

#[test]
fn user_policies_run_beside_or_instead_of_the_builtin_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "named.rego", USER_RULE);
    let policy_dir = dir.path().to_str().unwrap();
    let out = palisade(&[
        "scan",
        "fixtures/cli/clean/storage.cfn.yaml",
        "--policy",
        policy_dir,
        "--fail-on",
        "low",
        "--format",
        "json",
    ]);
    let report = json(&out);
    assert_eq!(code(&out), 1, "{report:#}");
    assert_eq!(report["findings"][0]["rule_id"], "ACME-001");
    assert_eq!(report["findings"][0]["resource"], "Bucket");

    let only = palisade(&["rules", "--no-builtin", "--policy", policy_dir]);
    assert_eq!(stdout(&only).lines().count(), 1, "{}", stdout(&only));
}

#[test]
fn a_broken_user_policy_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken.rego",
        "package acme.broken\n\ndeny contains x if {\n",
    );
    let out = palisade(&[
        "scan",
        "fixtures/cli/clean",
        "--policy",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 2);
    let report = json(&out);
    let note = &report["notifications"][0];
    assert!(
        note["file"].as_str().unwrap().ends_with("broken.rego"),
        "{report:#}"
    );

    write(
        dir.path(),
        "broken.rego",
        &USER_RULE.replace("severity: low", "severity: urgent"),
    );
    let out = palisade(&[
        "scan",
        "fixtures/cli/clean",
        "--policy",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 2, "invalid metadata is a load error");
}

#[test]
fn a_rule_that_errors_at_evaluation_is_reported_not_passed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "typo.rego",
        &USER_RULE
            .replace("acme.named_buckets", "acme.typo")
            .replace("ACME-001", "ACME-002")
            .replace("not store.name", "not net.no_such_builtin(\"10.0.0.0/8\")"),
    );
    let out = palisade(&[
        "scan",
        "fixtures/cli/clean",
        "--policy",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let report = json(&out);
    assert!(
        report["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["rule"] == "ACME-002"),
        "{report:#}"
    );
}

#[test]
fn palisade_test_runs_the_builtin_rego_tests() {
    let out = palisade(&["test"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(
        text.lines().last().unwrap().ends_with(" passed, 0 failed"),
        "{text}"
    );
    assert!(
        text.contains("PASS data.palisade.network.sg_world_open_admin_ports_test."),
        "{text}"
    );
}

#[test]
fn data_files_replace_the_traffic_matrix_without_touching_rego() {
    let fixture = "fixtures/rules/sg_matrix_edge_not_allowed/pass.cfn.yaml";
    let matrix_findings = |out: &Output| {
        json(out)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "PAL-NET-010")
            .count()
    };
    let builtin = palisade(&["scan", fixture, "--format", "json"]);
    assert_eq!(matrix_findings(&builtin), 0, "{}", stdout(&builtin));

    // A matrix that only lets the internet reach the load balancer on 443.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "matrix.yaml",
        "palisade:\n  network:\n    matrix:\n      flows:\n        - {from: internet, to: alb, ports: [443]}\n",
    );
    let data = dir.path().join("matrix.yaml");
    let strict = palisade(&[
        "scan",
        fixture,
        "--data",
        data.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&strict), 1);
    assert_eq!(matrix_findings(&strict), 7, "{}", stdout(&strict));

    let missing = palisade(&["scan", fixture, "--data", "no/such/file.yaml"]);
    assert_eq!(code(&missing), 2);
    let said = format!("{}{}", stdout(&missing), stderr(&missing));
    assert!(
        said.contains("no/such/file.yaml: cannot load data file"),
        "{said}"
    );
}

/// `palisade` run in `dir`, for tests whose paths must be relative (as a hook's are).
fn palisade_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run palisade")
}

const OPEN_SSH: &str = r#"resource "aws_security_group" "ssh" {
  name        = "ssh"
  description = "SSH"
  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.ssh_cidr]
  }
}
"#;

#[test]
fn changed_files_report_only_what_concerns_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("infra/modules/sg")).unwrap();
    // The violation needs the module's variable: only the whole module shows it.
    write(&root.join("infra"), "ssh.tf", OPEN_SSH);
    write(
        &root.join("infra"),
        "variables.tf",
        "variable \"ssh_cidr\" {\n  default = \"0.0.0.0/0\"\n}\n",
    );
    write(
        &root.join("infra"),
        "outputs.tf",
        "output \"x\" {\n  value = 1\n}\n",
    );
    write(
        &root.join("infra/modules/sg"),
        "main.tf",
        &OPEN_SSH.replace("[var.ssh_cidr]", "[\"0.0.0.0/0\"]"),
    );
    write(
        &root.join("infra"),
        "calls.tf",
        "module \"sg\" {\n  source = \"./modules/sg\"\n}\n",
    );
    write(root, "package.json", "{\"name\": \"site\"}\n");
    let files = |out: &Output| -> Vec<String> {
        json(out)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "PAL-NET-001")
            .map(|f| {
                format!(
                    "{} {}",
                    f["location"]["file"].as_str().unwrap(),
                    f["resource"].as_str().unwrap()
                )
            })
            .collect()
    };
    let scan = |names: &[&str]| {
        let mut args = vec!["scan", "--changed-files", "--format", "json"];
        args.extend_from_slice(names);
        palisade_in(root, &args)
    };

    // The file holding the violation, resolved through the module's variables.
    let out = scan(&["infra/ssh.tf"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(files(&out), ["infra/ssh.tf aws_security_group.ssh"]);

    // Another file of the same module: nothing of ssh.tf is reported; not infrastructure
    // code (package.json) is skipped, not an error.
    let out = scan(&["infra/outputs.tf", "package.json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(files(&out).is_empty());

    // The variables file the violating value comes from: reported, though it points
    // into ssh.tf. So is a changed tfvars file's (a value given there wins).
    let out = scan(&["infra/variables.tf"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert_eq!(files(&out), ["infra/ssh.tf aws_security_group.ssh"]);
    write(
        &root.join("infra"),
        "terraform.tfvars",
        "ssh_cidr = \"0.0.0.0/0\"\n",
    );
    let out = scan(&["infra/terraform.tfvars"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert_eq!(files(&out), ["infra/ssh.tf aws_security_group.ssh"]);
    std::fs::remove_file(root.join("infra/terraform.tfvars")).unwrap();

    // The module call's file: what the call creates is reported, in the module's file.
    let out = scan(&["infra/calls.tf"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        files(&out),
        ["infra/modules/sg/main.tf module.sg.aws_security_group.ssh"]
    );

    // Without --changed-files, naming package.json is a usage mistake.
    let out = palisade_in(root, &["scan", "package.json"]);
    assert_eq!(code(&out), 2);
}
