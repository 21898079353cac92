//! `palisade.toml` end to end, through the binary: where it is found, that the command
//! line beats it and it beats the defaults, rule selection and severity overrides,
//! suppressions declared in it (with and without reason and expiry), the inline
//! allowlist, `palisade suppressions`, and plan pairing on the reference platform.
//!
//! Each test copies `fixtures/config/project` (two mutable ECR repositories, medium, and
//! a world-open SSH rule waived by a comment, high) into a temporary repository and
//! writes the config beside it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary repository (it has `.git`, so the config search stops there) holding the
/// project under `infra/`, with `config` as `infra/palisade.toml` when given.
fn project(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let infra = dir.path().join("infra");
    std::fs::create_dir_all(&infra).unwrap();
    std::fs::copy(
        repo().join("fixtures/config/project/main.tf"),
        infra.join("main.tf"),
    )
    .unwrap();
    if let Some(config) = config {
        std::fs::write(infra.join("palisade.toml"), config).unwrap();
    }
    dir
}

fn palisade_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn json_scan(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["scan", "infra", "--format", "json"];
    args.extend_from_slice(extra);
    let out = palisade_in(dir, &args);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), report)
}

/// `rule resource severity` plus `waived:KIND` for each finding.
fn findings(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut line = format!(
                "{} {} {}",
                f["rule_id"].as_str().unwrap(),
                f["resource"].as_str().unwrap(),
                f["severity"].as_str().unwrap()
            );
            if let Some(kind) = f["suppression"]["kind"].as_str() {
                line.push_str(&format!(" waived:{kind}"));
            }
            line
        })
        .collect()
}

fn warnings(report: &Value) -> Vec<String> {
    report["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["level"] != "note")
        .map(|n| n["message"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn without_a_config_the_defaults_apply() {
    let dir = project(None);
    let (code, report) = json_scan(dir.path(), &[]);
    assert_eq!(
        findings(&report),
        [
            "PAL-ECR-002 aws_ecr_repository.api medium",
            "PAL-ECR-002 aws_ecr_repository.web medium",
            "PAL-NET-001 aws_security_group.admin high waived:in-source",
        ]
    );
    // The gate is high; the only high finding is waived.
    assert_eq!(code, 0);
}

#[test]
fn the_config_beats_the_defaults_and_the_command_line_beats_the_config() {
    let dir = project(Some("fail-on = \"medium\"\n"));
    assert_eq!(json_scan(dir.path(), &[]).0, 1, "config: medium fails");
    assert_eq!(
        json_scan(dir.path(), &["--fail-on", "high"]).0,
        0,
        "the flag beats the config"
    );
    assert_eq!(
        json_scan(dir.path(), &["--no-config"]).0,
        0,
        "--no-config is the default gate"
    );
    // Found from a file argument too, and named explicitly from anywhere.
    let out = palisade_in(dir.path(), &["scan", "infra/main.tf", "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("strict.toml"), "fail-on = \"low\"\n").unwrap();
    let strict = elsewhere.path().join("strict.toml");
    let out = palisade_in(
        dir.path(),
        &[
            "scan",
            "infra",
            "--no-config",
            "--quiet",
            "--fail-on",
            "none",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = palisade_in(
        dir.path(),
        &[
            "scan",
            "infra",
            "--config",
            strict.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn rules_are_disabled_and_severities_overridden() {
    let dir = project(Some(
        "[rules]\ndisable = [\"PAL-NET-\"]\nseverity = { \"PAL-ECR-002\" = \"high\" }\n",
    ));
    let (code, report) = json_scan(dir.path(), &[]);
    assert_eq!(
        findings(&report),
        [
            "PAL-ECR-002 aws_ecr_repository.api high",
            "PAL-ECR-002 aws_ecr_repository.web high",
        ]
    );
    assert_eq!(code, 1);
    // Only enabled rules are evaluated and listed.
    let rules = |dir: &Path| -> Vec<String> {
        let out = palisade_in(dir, &["scan", "infra", "--format", "sarif"]);
        let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
        sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let listed = rules(dir.path());
    assert!(listed.len() > 30, "{listed:?}");
    assert!(
        !listed.iter().any(|id| id.starts_with("PAL-NET-")),
        "{listed:?}"
    );

    let dir = project(Some("[rules]\nenable = [\"PAL-ECR-002\"]\n"));
    assert_eq!(rules(dir.path()), ["PAL-ECR-002"]);
    let (_, report) = json_scan(dir.path(), &[]);
    assert_eq!(findings(&report).len(), 2);
}

#[test]
fn a_misspelt_key_or_rule_is_an_error_not_a_default() {
    let dir = project(Some("fail_on = \"low\"\n"));
    let out = palisade_in(dir.path(), &["scan", "infra"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("palisade.toml:1:1") && stderr.contains("unknown field `fail_on`"),
        "{stderr}"
    );

    let dir = project(Some("[rules]\ndisable = [\"PAL-NOPE-001\"]\n"));
    let out = palisade_in(dir.path(), &["scan", "infra"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no rule matches `PAL-NOPE-001`"));
}

#[test]
fn config_suppressions_need_a_reason_and_expire() {
    let dir = project(Some(
        r#"
[[suppress]]
rule = "PAL-ECR-002"
resource = "aws_ecr_repository.a*"
reason = "the api image is pinned by digest everywhere"
until = "2999-12-31"

[[suppress]]
rule = "PAL-ECR-002"
resource = "aws_ecr_repository.web"

[[suppress]]
rules = ["PAL-ECR-002"]
file = "**/other.tf"
reason = "matches nothing"
until = "2001-01-01"
"#,
    ));
    let (code, report) = json_scan(dir.path(), &["--fail-on", "medium"]);
    assert_eq!(
        findings(&report),
        [
            "PAL-ECR-002 aws_ecr_repository.api medium waived:external",
            "PAL-ECR-002 aws_ecr_repository.web medium",
            "PAL-NET-001 aws_security_group.admin high waived:in-source",
        ]
    );
    assert_eq!(code, 1, "the unwaived web repository still gates");
    let warned = warnings(&report);
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(warned[0].contains("gives no reason"), "{warned:?}");
    assert!(warned[1].contains("expired on 2001-01-01"), "{warned:?}");
    // The suppression points at its entry in the config.
    let waived = &report["findings"][0]["suppression"];
    assert_eq!(waived["location"]["file"], "infra/palisade.toml");
    assert_eq!(waived["location"]["start"]["line"], 2);
    assert_eq!(waived["until"], "2999-12-31");
}

#[test]
fn external_suppressions_are_valid_sarif() {
    let dir = project(Some(
        "[[suppress]]\nrule = \"PAL-ECR-002\"\nreason = \"mirrors\"\n",
    ));
    let out = palisade_in(dir.path(), &["scan", "infra", "--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    common::validate_sarif(&sarif);
    let kinds: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["suppressions"][0]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["external", "external", "inSource"]);
}

#[test]
fn the_config_can_forbid_waivers_in_the_code() {
    let dir = project(Some(
        "[inline-suppressions]\nforbid-severities = [\"high\", \"critical\"]\n",
    ));
    let (code, report) = json_scan(dir.path(), &[]);
    assert_eq!(
        findings(&report)[2],
        "PAL-NET-001 aws_security_group.admin high",
        "the comment no longer waives it"
    );
    assert_eq!(code, 1);
    let warned = warnings(&report);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(
        warned[0].contains("may not be waived in the code"),
        "{warned:?}"
    );

    // An entry in the config still can.
    let dir = project(Some(
        "[inline-suppressions]\nforbid-rules = [\"PAL-NET-001\"]\n\n[[suppress]]\nrule = \"PAL-NET-001\"\nresource = \"aws_security_group.admin\"\nreason = \"approved in CHG-1234\"\n",
    ));
    let (code, report) = json_scan(dir.path(), &[]);
    assert_eq!(
        findings(&report)[2],
        "PAL-NET-001 aws_security_group.admin high waived:external"
    );
    assert_eq!(code, 0);
}

#[test]
fn palisade_suppressions_lists_what_is_in_force() {
    let dir = project(Some(
        "[[suppress]]\nrule = \"PAL-ECR-002\"\nresource = \"aws_ecr_repository.*\"\nreason = \"mirrors of upstream images\"\nuntil = \"2999-01-01\"\n",
    ));
    let out = palisade_in(dir.path(), &["suppressions", "infra"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text,
        "infra/main.tf:25: [PAL-NET-001] in code, waives 1\n    bastion during the migration, closed by CHG-1234\n\
         infra/palisade.toml:1: [PAL-ECR-002] config, waives 2, until 2999-01-01, resource aws_ecr_repository.*\n    mirrors of upstream images\n\
         palisade: 2 suppressions in force, waiving 3 findings\n"
    );
}

#[test]
fn the_reference_platform_pairs_its_plans_with_their_terraform() {
    // reference-platform/palisade.toml names each plan's root module: the plan's
    // findings would point at its `.tf` lines, and the ECS task definitions (whose
    // text embeds secret ARNs unknown until apply) are judged from the configuration.
    let out = palisade_in(
        &repo(),
        &[
            "scan",
            "reference-platform/plans/prod.tfplan.json",
            "--format",
            "json",
            "--verbose",
        ],
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    assert!(report["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["message"]
            == "findings are mapped to the Terraform source in reference-platform/terraform/envs/prod"));
    assert_eq!(out.status.code(), Some(0));
}
