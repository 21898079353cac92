//! Plan → source mapping end to end: a plan's findings land on the `.tf` lines that
//! declare them — root resources, `count` instances, `for_each` module instances — with
//! the plan as a related location; values the plan only knows after apply are read from
//! the configuration; repeated blocks the provider reordered still find their block;
//! suppression comments in the `.tf` waive plan findings; and fingerprints agree with a
//! scan of the source.
//!
//! `fixtures/plan_source/root/plan.json` is rendered from the module beside it with
//! `cargo run --example terraform_plan_json -- fixtures/plan_source/root --var admin_cidr=0.0.0.0/0`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use palisade::diagnostics::Level;
use palisade::load::plan_source::PlanSources;
use palisade::load::LoadOptions;
use palisade::policy::evaluate::Outcome;
use palisade::policy::{PolicySet, PolicySources};
use palisade::report::Report;
use palisade::scan::{scan, ScanConfig};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/plan_source/root")
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

fn run(path: &Path, sources: PlanSources) -> Report {
    scan(
        &ScanConfig {
            paths: vec![path.to_path_buf()],
            load: LoadOptions {
                plan_sources: sources,
                ..Default::default()
            },
            ..Default::default()
        },
        policies(),
    )
}

/// `rule resource attribute file:line (outcome)`, file names only.
fn described(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            let related: Vec<String> = f
                .related
                .iter()
                .map(|r| format!(" also {}", short(&r.location.file)))
                .collect();
            format!(
                "{} {} {} {}:{}{}{}",
                f.rule_id,
                f.resource,
                f.attribute,
                short(&f.location.file),
                f.location.start.line,
                if f.outcome == Outcome::Undecided {
                    " undecided"
                } else {
                    ""
                },
                related.concat()
            )
        })
        .collect();
    out.sort();
    out
}

/// The path below the fixture root (`main.tf`, `modules/web/main.tf`), or the file name.
fn short(file: &str) -> String {
    let file = file.replace('\\', "/");
    match file.split_once("plan_source/root/") {
        Some((_, rest)) => rest.to_owned(),
        None => file.rsplit('/').next().unwrap_or(&file).to_owned(),
    }
}

fn errors_and_warnings(report: &Report) -> Vec<String> {
    report
        .notifications
        .iter()
        .filter(|n| n.level != Level::Note)
        .map(|n| n.message.clone())
        .collect()
}

/// What the plan beside its root module yields: every finding on its declaration.
const MAPPED: &[&str] = &[
    "PAL-ECS-001 aws_ecs_task_definition.app container_definitions main.tf:56 also plan.json",
    "PAL-ECS-002 aws_ecs_task_definition.app container_definitions main.tf:56 also plan.json",
    "PAL-ENC-001 aws_secretsmanager_secret.db  main.tf:67 also plan.json",
    "PAL-NET-001 aws_security_group.bastion ingress[1] main.tf:22 also plan.json",
    "PAL-NET-001 aws_security_group_rule.rdp[0]  main.tf:31 also plan.json",
    "PAL-NET-001 aws_security_group_rule.rdp[1]  main.tf:31 also plan.json",
    "PAL-NET-002 module.web[\"blue\"].aws_vpc_security_group_ingress_rule.mysql  modules/web/main.tf:15 also plan.json",
    "PAL-NET-002 module.web[\"green\"].aws_vpc_security_group_ingress_rule.mysql  modules/web/main.tf:15 also plan.json",
    "PAL-VPC-001 aws_vpc.main  main.tf:5 also plan.json",
];

#[test]
fn a_plan_inside_its_root_module_maps_by_itself() {
    let report = run(&fixture().join("plan.json"), PlanSources::default());
    assert_eq!(described(&report), MAPPED);
    assert!(
        errors_and_warnings(&report).is_empty(),
        "{:?}",
        report.notifications
    );
    // The module's provenance and call chain come along.
    let ssh = report
        .findings
        .iter()
        .find(|f| f.resource == "aws_security_group.bastion")
        .unwrap();
    assert!(
        ssh.message.contains("var.admin_cidr as given to the plan"),
        "{}",
        ssh.message
    );
    let mysql = report
        .findings
        .iter()
        .find(|f| f.resource.starts_with("module.web[\"green\"]"))
        .unwrap();
    assert!(
        mysql
            .message
            .contains("via module.web[\"green\"] (main.tf:42)"),
        "{}",
        mysql.message
    );
    // The related location is the resource in the plan.
    assert!(mysql.related[0].location.start.line > 1);
    assert!(mysql.related[0].message.contains("in the plan"));
}

/// A copy of the plan, somewhere with no Terraform files above it.
fn plan_elsewhere(edit: impl FnOnce(&mut serde_json::Value)) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture().join("plan.json")).unwrap();
    let mut plan: serde_json::Value = serde_json::from_str(&text).unwrap();
    edit(&mut plan);
    let path = dir.path().join("plan.json");
    std::fs::write(&path, serde_json::to_string_pretty(&plan).unwrap()).unwrap();
    (dir, path)
}

#[test]
fn without_its_source_a_plan_reports_on_itself() {
    let (_dir, path) = plan_elsewhere(|_| {});
    let report = run(
        &path,
        PlanSources {
            no_search: true,
            ..Default::default()
        },
    );
    // The container definitions embed a secret's ARN, unknown until apply: without the
    // configuration the ECS rules cannot read the document, and say so.
    assert_eq!(
        described(&report),
        [
            "PAL-ECS-001 aws_ecs_task_definition.app  plan.json:216 undecided",
            "PAL-ECS-002 aws_ecs_task_definition.app  plan.json:216 undecided",
            "PAL-ECS-003 aws_ecs_task_definition.app  plan.json:216 undecided",
            "PAL-ENC-001 aws_secretsmanager_secret.db  plan.json:249",
            "PAL-NET-001 aws_security_group.bastion ingress[1] plan.json:113",
            "PAL-NET-001 aws_security_group_rule.rdp[0]  plan.json:390",
            "PAL-NET-001 aws_security_group_rule.rdp[1]  plan.json:410",
            "PAL-NET-002 module.web[\"blue\"].aws_vpc_security_group_ingress_rule.mysql  plan.json:291",
            "PAL-NET-002 module.web[\"green\"].aws_vpc_security_group_ingress_rule.mysql  plan.json:325",
            "PAL-VPC-001 aws_vpc.main  plan.json:100",
        ]
    );
}

#[test]
fn source_root_names_the_root_module() {
    let (_dir, path) = plan_elsewhere(|_| {});
    let report = run(
        &path,
        PlanSources {
            roots: vec![fixture()],
            ..Default::default()
        },
    );
    assert_eq!(described(&report), MAPPED);
}

#[test]
fn a_directory_that_is_not_the_plans_root_is_refused_with_a_warning() {
    let (_dir, path) = plan_elsewhere(|_| {});
    let report = run(
        &path,
        PlanSources {
            roots: vec![fixture().join("modules/web")],
            no_search: true,
            ..Default::default()
        },
    );
    assert!(described(&report).iter().all(|f| f.contains(" plan.json:")));
    let warnings = errors_and_warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("modules/web does not declare aws_vpc.main, "),
        "{warnings:?}"
    );
    assert!(report.is_complete());
}

#[test]
fn reordered_blocks_find_the_block_that_says_the_same() {
    // Providers write set-typed blocks in their own order: reverse the group's ingress
    // list in the plan, as a provider might.
    let (_dir, path) = plan_elsewhere(|plan| {
        let resources = plan["planned_values"]["root_module"]["resources"]
            .as_array_mut()
            .unwrap();
        let group = resources
            .iter_mut()
            .find(|r| r["address"] == "aws_security_group.bastion")
            .unwrap();
        group["values"]["ingress"].as_array_mut().unwrap().reverse();
        for change in plan["resource_changes"].as_array_mut().unwrap() {
            if change["address"] == "aws_security_group.bastion" {
                change["change"]["after"]["ingress"]
                    .as_array_mut()
                    .unwrap()
                    .reverse();
            }
        }
    });
    let report = run(
        &path,
        PlanSources {
            roots: vec![fixture()],
            ..Default::default()
        },
    );
    let ssh: Vec<String> = described(&report)
        .into_iter()
        .filter(|f| f.contains("bastion"))
        .collect();
    assert_eq!(
        ssh,
        ["PAL-NET-001 aws_security_group.bastion ingress[0] main.tf:22 also plan.json"]
    );
}

#[test]
fn suppression_comments_in_the_source_waive_plan_findings() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&fixture(), dir.path());
    let main = dir.path().join("main.tf");
    let text = std::fs::read_to_string(&main).unwrap().replace(
        "resource \"aws_vpc\" \"main\" {",
        "# palisade:ignore[PAL-VPC-001] flow logs are set up by the network account\nresource \"aws_vpc\" \"main\" {",
    );
    std::fs::write(&main, text).unwrap();
    let report = run(&dir.path().join("plan.json"), PlanSources::default());
    let waived: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.is_suppressed())
        .map(|f| f.rule_id.as_str())
        .collect();
    assert_eq!(waived, ["PAL-VPC-001"]);
    assert_eq!(report.findings.len(), MAPPED.len());
}

#[test]
fn plan_and_source_findings_share_fingerprints() {
    // The source alone, with the plan's variable value.
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&fixture(), dir.path());
    std::fs::remove_file(dir.path().join("plan.json")).unwrap();
    std::fs::write(
        dir.path().join("terraform.tfvars"),
        "admin_cidr = \"0.0.0.0/0\"\n",
    )
    .unwrap();
    std::fs::copy(
        fixture().join("plan.json"),
        dir.path().join("plan.json.tmp"),
    )
    .unwrap();
    let source = run(dir.path(), PlanSources::default());
    std::fs::rename(
        dir.path().join("plan.json.tmp"),
        dir.path().join("plan.json"),
    )
    .unwrap();
    let plan = run(&dir.path().join("plan.json"), PlanSources::default());
    let prints = |report: &Report| {
        let mut out: Vec<(String, String, String)> = report
            .findings
            .iter()
            .map(|f| (f.rule_id.clone(), f.resource.clone(), f.fingerprint.clone()))
            .collect();
        out.sort();
        out
    };
    assert_eq!(prints(&plan).len(), MAPPED.len());
    assert_eq!(prints(&source), prints(&plan));
}

#[test]
fn sarif_of_a_mapped_plan_is_valid_with_related_locations() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args([
            "scan",
            "fixtures/plan_source/root/plan.json",
            "--format",
            "sarif",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    common::validate_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), MAPPED.len());
    for result in results {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.ends_with("main.tf"), "{uri}");
        let related = &result["relatedLocations"][0];
        assert!(related["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("plan_source/root/plan.json"));
        assert!(related["message"]["text"]
            .as_str()
            .unwrap()
            .ends_with("in the plan"));
    }
}
