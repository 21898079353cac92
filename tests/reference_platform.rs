//! The reference platform, end to end: it scans clean in every form it ships in, and its
//! plans are what its Terraform renders to.
//!
//! `PALISADE_BLESS=1 cargo test --test reference_platform` rewrites the generated files
//! (the plans, each variant's patched template) instead of comparing them; review the
//! diff. A variant's plan is rendered in a temporary directory: it is a function of the
//! Terraform and the patch, and most of a megabyte each.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use palisade::diagnostics::Level;
use palisade::load::hcl::plan_json::{render, PlanSettings};
use palisade::load::hcl::TerraformVars;
use palisade::policy::{PolicySet, PolicySources};
use palisade::report::Report;
use palisade::scan::{scan, ScanConfig};

const ENVIRONMENTS: &[&str] = &["dev", "staging", "prod"];

fn platform() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("reference-platform")
}

fn bless() -> bool {
    std::env::var_os("PALISADE_BLESS").is_some()
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

fn scan_paths(paths: &[PathBuf], excludes: &[&str]) -> Report {
    scan(
        &ScanConfig {
            paths: paths.to_vec(),
            excludes: excludes.iter().map(|e| (*e).to_owned()).collect(),
            ..Default::default()
        },
        policies(),
    )
}

fn describe(report: &Report) -> String {
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}:{} {} {:?} {}: {}",
                f.location.file, f.location.start.line, f.rule_id, f.outcome, f.resource, f.message
            )
        })
        .chain(report.notifications.iter().map(|n| format!("{n:?}")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn plan_file(env: &str) -> PathBuf {
    platform().join("plans").join(format!("{env}.tfplan.json"))
}

/// `root`'s plan, rendered into `dir/plan.json`; its JSON text.
fn render_plan(root: &Path, dir: &Path) -> (PathBuf, String) {
    let (plan, _) = render(root, &TerraformVars::default(), &PlanSettings::default())
        .unwrap_or_else(|n| panic!("{}: {n:?}", root.display()));
    let file = dir.join("plan.json");
    let text = plan.to_pretty_json();
    std::fs::write(&file, &text).unwrap();
    (file, text)
}

/// The plan `file` read with its Terraform `root` (as `palisade.toml` pairs them).
fn scan_plan_with_source(file: &Path, root: &Path) -> Report {
    scan(
        &ScanConfig {
            paths: vec![file.to_path_buf()],
            load: palisade::load::LoadOptions {
                plan_sources: palisade::load::plan_source::PlanSources {
                    pairs: vec![(file.to_path_buf(), root.to_path_buf())],
                    no_search: true,
                    ..Default::default()
                },
                ..Default::default()
            },
            ..Default::default()
        },
        policies(),
    )
}

/// The Terraform roots whose plans `plans/` holds: the platform's three environments and
/// the loan-processing stack.
fn plan_roots() -> Vec<(PathBuf, PathBuf)> {
    let mut roots: Vec<(PathBuf, PathBuf)> = ENVIRONMENTS
        .iter()
        .map(|env| (platform().join("terraform/envs").join(env), plan_file(env)))
        .collect();
    roots.push((
        platform().join("loan-processing/terraform"),
        plan_file("loan-processing"),
    ));
    roots
}

#[test]
fn plans_are_what_the_terraform_renders() {
    for (dir, file) in plan_roots() {
        let env = dir.display();
        let (plan, notes) = render(&dir, &TerraformVars::default(), &PlanSettings::default())
            .unwrap_or_else(|n| panic!("{env}: {n:?}"));
        assert!(notes.iter().all(|n| !n.is_error()), "{env}: {notes:?}");
        let text = plan.to_pretty_json();
        if bless() {
            std::fs::write(&file, text).unwrap();
        } else {
            let committed = std::fs::read_to_string(&file).unwrap_or_default();
            assert!(
                committed == text,
                "{} is not what `cargo run --example terraform_plan_json -- {}` renders; \
                 regenerate with reference-platform/plans/generate",
                file.display(),
                dir.display()
            );
        }
    }
}

/// The Terraform alone (`reference-platform/terraform/`): every environment loads
/// completely, with nothing worse than notes, and no rule reports anything, not even
/// undecided. A rule change that flags the platform, or an evaluator change that leaves a
/// value it used to know unknown, fails here.
#[test]
fn the_terraform_of_every_environment_scans_clean() {
    let (_, notes) = PolicySet::load(&PolicySources {
        builtin: true,
        ..Default::default()
    });
    assert!(notes.is_empty(), "{notes:#?}");
    let report = scan_paths(&[platform().join("terraform")], &[]);
    assert!(report.is_complete(), "{:#?}", report.notifications);
    let worse_than_notes: Vec<_> = report
        .notifications
        .iter()
        .filter(|n| n.level != Level::Note)
        .collect();
    assert!(worse_than_notes.is_empty(), "{worse_than_notes:#?}");
    let findings: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {} {}:{}: {}",
                f.rule_id, f.outcome, f.resource, f.location.file, f.location.start.line, f.message
            )
        })
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
    // The three roots (dev, staging, prod), with their modules.
    assert_eq!(report.stats.files_scanned, 3);
    assert!(report.stats.resources > 700, "{}", report.stats.resources);
}

/// The platform in every form it ships in: no finding anywhere, not even undecided. A
/// plan alone leaves one thing undecided: a task definition's container definitions are
/// `jsonencode` of values that include Secrets Manager ARNs, which a create-from-scratch
/// plan cannot know, so the whole text is unknown there. `palisade.toml` pairs each plan
/// with its root module, whose configuration decides them (and puts the plans' findings
/// on the `.tf` lines).
#[test]
fn the_platform_scans_clean() {
    // With its palisade.toml, which pairs each plan with its root module.
    let config = palisade::config::load(&platform().join("palisade.toml")).unwrap();
    let report = scan(
        &ScanConfig {
            paths: vec![platform()],
            // As palisade.toml says, with `variants` from the command line; the live
            // exports have their own tests (tests/live_exports.rs).
            excludes: vec!["variants".to_owned(), "live".to_owned()],
            load: palisade::load::LoadOptions {
                plan_sources: palisade::load::plan_source::PlanSources {
                    pairs: config.plans.clone(),
                    ..Default::default()
                },
                ..Default::default()
            },
            ..Default::default()
        },
        policies(),
    );
    assert!(report.is_complete(), "{}", describe(&report));
    // Terraform roots (the platform's three, loan-processing), CloudFormation YAML stacks,
    // CDK-synthesized stacks (the platform's three, options-strategy's two), the bastion
    // VPC's cdk.tf.json, plans (the platform's three, loan-processing's), and the prod
    // state in its two renderings.
    assert_eq!(
        report.stats.files_scanned,
        4 + 5 + 5 + 1 + 4 + 2,
        "{:?}",
        report.stats
    );
    assert!(report.findings.is_empty(), "{}", describe(&report));
    let mapped = report
        .notifications
        .iter()
        .filter(|n| {
            n.message
                .starts_with("findings are mapped to the Terraform source in")
        })
        .count();
    assert_eq!(mapped, 4, "{}", describe(&report));
}

#[test]
fn without_their_terraform_the_plans_leave_the_task_definitions_undecided() {
    // A create-from-scratch plan cannot write the ECS task definitions' text: it embeds
    // secret ARNs created by the same apply. Without the source, the ECS rules say so.
    let plans = platform().join("plans");
    let report = scan_paths(&[plans], &[]);
    assert!(report.is_complete(), "{}", describe(&report));
    let mut left: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {} {}",
                f.rule_id, f.outcome, f.location.file, f.resource
            )
        })
        .collect();
    left.sort();
    let mut expected = Vec::new();
    for (plan, task) in [
        ("dev", "module.compute.aws_ecs_task_definition.app"),
        ("prod", "module.compute.aws_ecs_task_definition.app"),
        ("staging", "module.compute.aws_ecs_task_definition.app"),
        // Its container definition holds the Aurora endpoint and the ECR repository URL.
        ("loan-processing", "aws_ecs_task_definition.app"),
    ] {
        for rule in ["PAL-ECS-001", "PAL-ECS-002", "PAL-ECS-003"] {
            expected.push(format!(
                "{rule} Undecided reference-platform/plans/{plan}.tfplan.json {task}"
            ));
        }
    }
    expected.sort();
    assert_eq!(left, expected, "{}", describe(&report));
}

// --- state -------------------------------------------------------------------------------

#[path = "../examples/terraform_state.rs"]
#[allow(dead_code)]
mod terraform_state;

fn managed_values(doc: &serde_json::Value, key: &str, out: &mut Vec<(String, serde_json::Value)>) {
    if let Some(list) = doc["resources"].as_array() {
        for r in list.iter().filter(|r| r["mode"] == "managed") {
            out.push((r["address"].as_str().unwrap().to_owned(), r[key].clone()));
        }
    }
    if let Some(children) = doc["child_modules"].as_array() {
        for child in children {
            managed_values(child, key, out);
        }
    }
}

/// Every value `planned` knows is in `state` unchanged.
fn keeps_known(
    planned: &serde_json::Value,
    state: &serde_json::Value,
    path: &str,
    out: &mut Vec<String>,
) {
    use serde_json::Value as J;
    match (planned, state) {
        (J::Object(p), J::Object(s)) => {
            for (k, v) in p {
                keeps_known(v, s.get(k).unwrap_or(&J::Null), &format!("{path}.{k}"), out);
            }
        }
        (J::Array(p), J::Array(s)) => {
            for (i, v) in p.iter().enumerate() {
                keeps_known(
                    v,
                    s.get(i).unwrap_or(&J::Null),
                    &format!("{path}[{i}]"),
                    out,
                );
            }
        }
        (J::Null, _) => {}
        (p, s) if p == s => {}
        (p, s) => out.push(format!("{path}: planned {p}, state {s}")),
    }
}

/// `state/` is what `examples/terraform_state.rs` renders from the prod plan and its
/// Terraform: the plan's resources at the same addresses, every value the plan knows (SG
/// rules, encryption flags, policies) unchanged, and the unknowns filled in so that
/// references agree (a subnet's `vpc_id` is the VPC's `id`).
#[test]
fn state_is_what_the_prod_plan_renders_to() {
    let (show, raw) =
        terraform_state::render(&plan_file("prod"), &platform().join("terraform/envs/prod"))
            .unwrap();
    for (name, text) in [("prod.tfstate.json", &show), ("terraform.tfstate", &raw)] {
        let file = platform().join("state").join(name);
        if bless() {
            std::fs::write(&file, text).unwrap();
        } else {
            assert!(
                std::fs::read_to_string(&file).unwrap_or_default() == *text,
                "{} is stale; regenerate with reference-platform/state/generate",
                file.display()
            );
        }
    }
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(plan_file("prod")).unwrap()).unwrap();
    let show: serde_json::Value = serde_json::from_str(&show).unwrap();
    let mut planned = Vec::new();
    managed_values(
        &plan["planned_values"]["root_module"],
        "values",
        &mut planned,
    );
    let mut state = Vec::new();
    managed_values(&show["values"]["root_module"], "values", &mut state);
    let addresses = |list: &[(String, serde_json::Value)]| {
        let mut out: Vec<String> = list.iter().map(|(a, _)| a.clone()).collect();
        out.sort();
        out
    };
    assert_eq!(addresses(&planned), addresses(&state));
    assert!(planned.len() > 200, "{}", planned.len());
    let state: std::collections::BTreeMap<_, _> = state.into_iter().collect();
    let mut differences = Vec::new();
    for (address, values) in &planned {
        keeps_known(values, &state[address], address, &mut differences);
    }
    assert!(differences.is_empty(), "{differences:#?}");
    // References resolved consistently.
    let values = |address: &str| &state[address];
    let vpc = values("module.networking.aws_vpc.this")["id"]
        .as_str()
        .unwrap();
    assert!(vpc.starts_with("vpc-0"), "{vpc}");
    for i in 0..3 {
        assert_eq!(
            values(&format!("module.networking.aws_subnet.app[{i}]"))["vpc_id"],
            vpc
        );
    }
    assert_eq!(
        values("module.networking.aws_vpc_security_group_ingress_rule.app_from_alb")
            ["referenced_security_group_id"],
        values("module.networking.aws_security_group.alb")["id"]
    );
    assert_eq!(
        values("module.data.aws_db_instance.postgres")["kms_key_id"],
        values("module.security.aws_kms_key.this[\"data\"]")["arn"]
    );
    let raw: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(raw["version"], 4);
    let instances: usize = raw["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["mode"] == "managed")
        .map(|r| r["instances"].as_array().unwrap().len())
        .sum();
    assert_eq!(instances, planned.len());
}

/// The prod environment as exported state scans clean in both renderings, and both hold
/// the same resource instances.
#[test]
fn the_prod_state_scans_clean_in_both_renderings() {
    let report = scan_paths(&[platform().join("state")], &[]);
    assert!(report.is_complete(), "{}", describe(&report));
    assert_eq!(report.stats.files_scanned, 2, "{:?}", report.stats);
    assert!(report.findings.is_empty(), "{}", describe(&report));
    let ids = |name: &str, kind| {
        let document = palisade::load::load(&palisade::discover::InputFile {
            path: platform().join("state").join(name),
            kind,
        })
        .unwrap();
        let mut ids: Vec<String> = document.resources.into_iter().map(|r| r.id).collect();
        ids.sort();
        ids
    };
    let rendered = ids(
        "prod.tfstate.json",
        palisade::discover::InputKind::TerraformState,
    );
    let raw = ids(
        "terraform.tfstate",
        palisade::discover::InputKind::TerraformState,
    );
    assert!(rendered.len() > 250, "{}", rendered.len());
    assert_eq!(rendered, raw);
}

/// Drift made in the console, as the next state refresh records it: each change trips
/// exactly the rules that guard it, on the changed resource: at the changed line, or (for
/// rules that judge the whole resource) at its instance a few lines above.
#[test]
fn drift_recorded_in_state_trips_exactly_its_rules() {
    let cases: [(&str, &str, &str, &[&str]); 3] = [
        // Key rotation switched off on the first key.
        (
            "terraform.tfstate",
            "\"enable_key_rotation\": true",
            "\"enable_key_rotation\": false",
            &["PAL-KMS-001"],
        ),
        // The load balancer's HTTP rule widened in the console to ports 22-80 from
        // anywhere: SSH open to the world, a wide range, and an edge the matrix forbids.
        (
            "prod.tfstate.json",
            "\"description\": \"HTTP from the internet, answered only with a redirect to HTTPS\",\n                \"from_port\": 80,",
            "\"description\": \"HTTP from the internet, answered only with a redirect to HTTPS\",\n                \"from_port\": 22,",
            &["PAL-NET-001", "PAL-NET-007", "PAL-NET-010"],
        ),
        // The database's storage encryption reported off.
        (
            "prod.tfstate.json",
            "\"storage_encrypted\": true",
            "\"storage_encrypted\": false",
            &["PAL-RDS-001"],
        ),
    ];
    for (file, find, replace, rules) in cases {
        let text = std::fs::read_to_string(platform().join("state").join(file)).unwrap();
        let at = text.find(find).unwrap_or_else(|| panic!("{file}: {find}"));
        let changed_line = text[..at].lines().count() + find.lines().count();
        let work = tempfile::tempdir().unwrap();
        let copy = work.path().join(file);
        std::fs::write(&copy, text.replacen(find, replace, 1)).unwrap();
        let report = scan_paths(&[copy], &[]);
        assert!(report.is_complete(), "{}", describe(&report));
        let mut got: Vec<&str> = report.findings.iter().map(|f| f.rule_id.as_str()).collect();
        got.sort();
        got.dedup();
        assert_eq!(got, rules, "{file}: {find}\n{}", describe(&report));
        for finding in &report.findings {
            let line = finding.location.start.line as usize;
            assert!(
                line <= changed_line && changed_line - line <= 12,
                "{file}: changed line {changed_line}, finding at {line}: {}",
                describe(&report)
            );
        }
    }
}

// --- the CDK app's synthesized templates ---------------------------------------------

/// `cloudformation/cdk/` is what `cdk-app/generate` synthesizes; breaking one control in a
/// copy trips the rule that guards it, and the finding names the construct (its
/// `aws:cdk:path`), which is where a CDK user fixes it.
#[test]
fn cdk_templates_with_one_control_broken_trip_their_rule() {
    let cases = [
        (
            "data.template.json",
            "\"StorageEncrypted\": true",
            "\"StorageEncrypted\": false",
            "PAL-RDS-001",
            "Platform/Data/Database/Resource",
        ),
        (
            "network.template.json",
            "\"Description\": \"HTTPS from the internet\",\n      \"FromPort\": 443,\n      \"IpProtocol\": \"tcp\",\n      \"ToPort\": 443",
            "\"Description\": \"HTTPS from the internet\",\n      \"FromPort\": 22,\n      \"IpProtocol\": \"tcp\",\n      \"ToPort\": 22",
            "PAL-NET-001",
            "Platform/Network/AlbSecurityGroup/Resource",
        ),
        (
            "compute.template.json",
            "\"ImageScanningConfiguration\": {\n     \"ScanOnPush\": true",
            "\"ImageScanningConfiguration\": {\n     \"ScanOnPush\": false",
            "PAL-ECR-001",
            "Platform/Compute/Repository/Resource",
        ),
        (
            "options-strategy-security.template.json",
            "\"CidrIp\": \"198.51.100.0/24\"",
            "\"CidrIp\": \"0.0.0.0/0\"",
            "PAL-NET-001",
            "OptionsStrategy/Security/ManagementSecurityGroup/Resource",
        ),
    ];
    for (file, find, replace, rule, construct) in cases {
        let text =
            std::fs::read_to_string(platform().join("cloudformation/cdk").join(file)).unwrap();
        assert_eq!(text.matches(find).count(), 1, "{file}: {find}");
        let work = tempfile::tempdir().unwrap();
        let copy = work.path().join(file);
        std::fs::write(&copy, text.replacen(find, replace, 1)).unwrap();
        let report = scan_paths(&[copy], &[]);
        assert!(report.is_complete(), "{}", describe(&report));
        let got: Vec<(&str, Option<&str>)> = report
            .findings
            .iter()
            .map(|f| (f.rule_id.as_str(), f.construct.as_deref()))
            .collect();
        assert!(
            got.iter().any(|(r, c)| *r == rule && *c == Some(construct)),
            "{file}: expected {rule} on {construct}; got {got:?}"
        );
        let finding = report.findings.iter().find(|f| f.rule_id == rule).unwrap();
        assert!(
            finding
                .message
                .ends_with(&format!("(construct: {construct})")),
            "{}",
            finding.message
        );
    }
}

/// The bastion VPC (`cdktf/bastion/cdk.tf.json`, CDK for Terraform's JSON) scans clean
/// (`the_platform_scans_clean`); breaking one control trips the rule that guards it.
#[test]
fn the_bastion_vpc_with_one_control_broken_trips_its_rule() {
    let file = platform().join("cdktf/bastion/cdk.tf.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let cases = [
        (
            "\"cidr_ipv4\": \"203.0.113.0/24\"",
            "\"cidr_ipv4\": \"0.0.0.0/0\"",
            "PAL-NET-001",
            "aws_vpc_security_group_ingress_rule.bastion_ssh_in",
        ),
        (
            "\"enable_key_rotation\": true",
            "\"enable_key_rotation\": false",
            "PAL-KMS-001",
            "aws_kms_key.key",
        ),
    ];
    for (find, replace, rule, resource) in cases {
        assert_eq!(text.matches(find).count(), 1, "{find}");
        let work = tempfile::tempdir().unwrap();
        std::fs::write(
            work.path().join("cdk.tf.json"),
            text.replacen(find, replace, 1),
        )
        .unwrap();
        let report = scan_paths(&[work.path().to_path_buf()], &[]);
        assert!(report.is_complete(), "{}", describe(&report));
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule_id == rule && f.resource == resource),
            "{rule} on {resource}: {}",
            describe(&report)
        );
    }
}

// --- variants ------------------------------------------------------------------------

/// One text replacement in a copy of the platform.
#[derive(serde::Deserialize)]
struct Patch {
    /// Relative to `reference-platform/terraform` or `reference-platform/cloudformation`.
    file: String,
    find: String,
    replace: String,
}

#[derive(serde::Deserialize)]
struct TerraformPatch {
    /// The root module rendered to the variant's plan.
    env: String,
    #[serde(flatten)]
    patch: Patch,
}

#[derive(serde::Deserialize, Default)]
struct Expected {
    #[serde(default)]
    terraform: Vec<String>,
    #[serde(default)]
    plan: Vec<String>,
    #[serde(default)]
    cloudformation: Vec<String>,
    /// The plan read with its Terraform, when it reports elsewhere than the Terraform
    /// alone: a policy document is a data source in the configuration but only the JSON
    /// of the resource that uses it in the plan. Otherwise `terraform`.
    plan_with_source: Option<Vec<String>>,
}

/// `variants/<name>/variant.yaml`.
#[derive(serde::Deserialize)]
struct Variant {
    rule: String,
    #[allow(dead_code)]
    title: String,
    terraform: Option<TerraformPatch>,
    cloudformation: Option<Patch>,
    expected: Expected,
    /// Other rules the one change rightly trips too, each with why (opening SSH to the
    /// internet is also an edge the traffic matrix does not allow).
    #[serde(default)]
    also: std::collections::BTreeMap<String, String>,
    /// Forms the violation cannot be written in (`cloudformation`: the resource has no
    /// CloudFormation equivalent) or cannot be decided in (`plan`: a plan read without
    /// its Terraform leaves the value unknown), each with why. Their `expected` list
    /// must be empty; every other form must trip the rule.
    #[serde(default)]
    not_in: std::collections::BTreeMap<String, String>,
}

const FORMS: &[&str] = &["terraform", "plan", "cloudformation"];

fn apply(base: &Path, patch: &Patch, variant: &str) -> String {
    let path = base.join(&patch.file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{variant}: {}: {e}", path.display()));
    assert_eq!(
        text.matches(&patch.find).count(),
        1,
        "{variant}: `find` must occur exactly once in {}",
        patch.file
    );
    text.replacen(&patch.find, &patch.replace, 1)
}

/// `RULE file:line resource`, files relative to `base`, sorted.
fn lines(report: &Report, base: &Path) -> Vec<String> {
    lines_of(report, base, |_| true)
}

/// `lines` of the findings `keep` selects.
fn lines_of(
    report: &Report,
    base: &Path,
    keep: impl Fn(&palisade::finding::Finding) -> bool,
) -> Vec<String> {
    let base = palisade::source::display_path(base);
    let mut out: Vec<String> = report
        .findings
        .iter()
        .filter(|f| keep(f))
        .map(|f| {
            let file = f
                .location
                .file
                .strip_prefix(&format!("{base}/"))
                .unwrap_or(&f.location.file);
            format!(
                "{} {file}:{} {}",
                f.rule_id, f.location.start.line, f.resource
            )
        })
        .collect();
    out.sort();
    out
}

fn sorted(list: &[String]) -> Vec<String> {
    let mut out = list.to_vec();
    out.sort();
    out
}

/// The findings every plan of the platform has when it is read without its Terraform:
/// the three ECS rules cannot decide the task definition, whose text embeds ARNs known
/// only after apply (`without_their_terraform_the_plans_leave_the_task_definitions_undecided`).
fn is_known_plan_undecided(f: &palisade::finding::Finding) -> bool {
    matches!(
        f.rule_id.as_str(),
        "PAL-ECS-001" | "PAL-ECS-002" | "PAL-ECS-003"
    ) && f.outcome == palisade::policy::evaluate::Outcome::Undecided
        && f.resource == "module.compute.aws_ecs_task_definition.app"
}

#[test]
fn each_variant_trips_exactly_its_rule() {
    let variants = platform().join("variants");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&variants)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("variant.yaml").is_file())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no variants under {}", variants.display());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let variant: Variant =
            yaml_serde::from_str(&std::fs::read_to_string(dir.join("variant.yaml")).unwrap())
                .unwrap_or_else(|e| panic!("{name}/variant.yaml: {e}"));
        for (form, why) in &variant.not_in {
            assert!(
                FORMS.contains(&form.as_str()) && form != "terraform" && !why.trim().is_empty(),
                "{name}: `not_in` names plan or cloudformation, each with why: {form}"
            );
        }
        assert!(
            variant.terraform.is_some()
                && (variant.cloudformation.is_some()
                    != variant.not_in.contains_key("cloudformation")),
            "{name}: a variant seeds its violation in the Terraform (and so the plan) and in the \
             CloudFormation, unless `not_in` says why the CloudFormation cannot express it"
        );
        if let Some(tf) = &variant.terraform {
            let work = tempfile::tempdir().unwrap();
            common::copy_tree(&platform().join("terraform"), work.path());
            let patched = apply(work.path(), &tf.patch, &name);
            std::fs::write(work.path().join(&tf.patch.file), patched).unwrap();
            let root = work.path().join("envs").join(&tf.env);
            // Terraform source: the patched tree, scanned from its root.
            let report = scan_paths(std::slice::from_ref(&root), &[]);
            let got = lines(&report, work.path());
            if got != sorted(&variant.expected.terraform) || !report.is_complete() {
                failures.push(format!(
                    "{name} terraform:\n  got {got:#?}\n{}",
                    describe(&report)
                ));
            }
            // The plan it renders to: deterministic, so rendered here rather than kept
            // (each is most of a megabyte); `PALISADE_VARIANT_PLANS=1` also writes them
            // into the variant's directory (ignored by git) for a user to scan.
            let rendered = tempfile::tempdir().unwrap();
            let (file, text) = render_plan(&root, rendered.path());
            if std::env::var_os("PALISADE_VARIANT_PLANS").is_some() {
                std::fs::write(dir.join("plan.json"), text).unwrap();
            }
            let report = scan_paths(std::slice::from_ref(&file), &[]);
            // What the clean platform's plan already leaves undecided when read alone is
            // not the variant's doing.
            let got = lines_of(&report, rendered.path(), |f| !is_known_plan_undecided(f));
            if got != sorted(&variant.expected.plan) || !report.is_complete() {
                failures.push(format!(
                    "{name} plan:\n  got {got:#?}\n{}",
                    describe(&report)
                ));
            }
            // Read with its Terraform, as `palisade.toml` pairs the platform's plans, the
            // plan decides what it alone cannot and reports exactly what the source does,
            // on the same `.tf` lines.
            let report = scan_plan_with_source(&file, &root);
            let got = lines(&report, work.path());
            let expected = variant
                .expected
                .plan_with_source
                .as_ref()
                .unwrap_or(&variant.expected.terraform);
            if got != sorted(expected) || !report.is_complete() {
                failures.push(format!(
                    "{name} plan with its Terraform:\n  got {got:#?}\n{}",
                    describe(&report)
                ));
            }
        }
        if let Some(cfn) = &variant.cloudformation {
            let patched = apply(&platform().join("cloudformation"), cfn, &name);
            let file = dir.join(Path::new(&cfn.file).file_name().unwrap());
            if bless() {
                std::fs::write(&file, &patched).unwrap();
            } else if std::fs::read_to_string(&file).unwrap_or_default() != patched {
                failures.push(format!(
                    "{name}: {} is stale (PALISADE_BLESS=1 to regenerate)",
                    cfn.file
                ));
            }
            let report = scan_paths(&[file], &[]);
            let got = lines(&report, dir);
            if got != sorted(&variant.expected.cloudformation) || !report.is_complete() {
                failures.push(format!(
                    "{name} cloudformation:\n  got {got:#?}\n{}",
                    describe(&report)
                ));
            }
        }
        let mut lists: Vec<(&str, &Vec<String>)> = FORMS
            .iter()
            .copied()
            .zip([
                &variant.expected.terraform,
                &variant.expected.plan,
                &variant.expected.cloudformation,
            ])
            .collect();
        if let Some(list) = &variant.expected.plan_with_source {
            lists.push(("the plan read with its Terraform", list));
        }
        for (form, list) in lists {
            if variant.not_in.contains_key(form) {
                if !list.is_empty() {
                    failures.push(format!(
                        "{name}: `not_in` says {form} cannot show the violation, yet expects {list:?}"
                    ));
                }
            } else if !list
                .iter()
                .any(|l| l.starts_with(&format!("{} ", variant.rule)))
            {
                failures.push(format!(
                    "{name}: the variant must trip {} in {form} (or say in `not_in` why it cannot): {list:?}",
                    variant.rule
                ));
            }
            if !list.iter().all(|l| {
                let rule = l.split(' ').next().unwrap_or_default();
                rule == variant.rule || variant.also.contains_key(rule)
            }) {
                failures.push(format!(
                    "{name}: a finding of a rule neither the variant's nor explained in `also`: {list:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- the loan-processing stack ---------------------------------------------------------

/// The loan-processing stack (`loan-processing/terraform`) scans clean, from source and
/// as its plan (`the_platform_scans_clean`); breaking one control in a copy of it trips
/// exactly the rule that guards it, at the changed line (or the resource's block, for a
/// rule that judges the resource whole), from source and in the plan rendered from the
/// copy and read with it.
#[test]
fn the_loan_processing_stack_with_one_control_broken_trips_its_rule() {
    let source = platform().join("loan-processing/terraform");
    let cases = [
        (
            "alb.tf",
            "  ssl_policy        = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"\n",
            "  ssl_policy        = \"ELBSecurityPolicy-2016-08\"\n",
            "PAL-TLS-002",
            "aws_lb_listener.https",
        ),
        (
            "database.tf",
            "  storage_encrypted                   = true\n",
            "  storage_encrypted                   = false\n",
            "PAL-RDS-001",
            "aws_rds_cluster.this",
        ),
        (
            "database.tf",
            "  deletion_protection                 = true\n",
            "  deletion_protection                 = false\n",
            "PAL-RDS-004",
            "aws_rds_cluster.this",
        ),
        (
            "security_groups.tf",
            "  from_port         = 443\n  to_port           = 443\n  cidr_ipv4         = \"0.0.0.0/0\"\n}\n\nresource \"aws_vpc_security_group_egress_rule\" \"alb_to_app\"",
            "  from_port         = 3306\n  to_port           = 3306\n  cidr_ipv4         = \"0.0.0.0/0\"\n}\n\nresource \"aws_vpc_security_group_egress_rule\" \"alb_to_app\"",
            "PAL-NET-002",
            "aws_vpc_security_group_ingress_rule.alb_https",
        ),
        (
            "kms.tf",
            "  enable_key_rotation     = true\n  rotation_period_in_days = 365\n  deletion_window_in_days = 30\n  policy                  = data.aws_iam_policy_document.key_administration.json\n",
            "  enable_key_rotation     = false\n  rotation_period_in_days = 365\n  deletion_window_in_days = 30\n  policy                  = data.aws_iam_policy_document.key_administration.json\n",
            "PAL-KMS-001",
            "aws_kms_key.data",
        ),
    ];
    for (file, find, replace, rule, resource) in cases {
        let text = std::fs::read_to_string(source.join(file)).unwrap();
        assert_eq!(text.matches(find).count(), 1, "{file}: {find}");
        // The changed line, or the block that declares the resource for the rules that
        // judge it as a whole (a security-group rule).
        let at = if rule == "PAL-NET-002" {
            let (kind, name) = resource.split_once('.').unwrap();
            text.find(&format!("resource \"{kind}\" \"{name}\""))
                .unwrap()
        } else {
            text.find(find).unwrap()
        };
        let changed_line = text[..at].lines().count() + 1;
        let work = tempfile::tempdir().unwrap();
        common::copy_tree(&source, work.path());
        std::fs::write(work.path().join(file), text.replacen(find, replace, 1)).unwrap();
        let expected = vec![format!("{rule} {file}:{changed_line} {resource}")];
        let report = scan_paths(&[work.path().to_path_buf()], &[]);
        assert!(report.is_complete(), "{}", describe(&report));
        assert_eq!(
            lines(&report, work.path()),
            expected,
            "{}",
            describe(&report)
        );
        // Its plan, read with the patched copy: the same finding on the same line.
        let rendered = tempfile::tempdir().unwrap();
        let (plan, _) = render_plan(work.path(), rendered.path());
        let report = scan_plan_with_source(&plan, work.path());
        assert!(report.is_complete(), "{}", describe(&report));
        assert_eq!(
            lines(&report, work.path()),
            expected,
            "{}",
            describe(&report)
        );
    }
}
