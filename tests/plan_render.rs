//! `examples/terraform_plan_json` renders a root module as the plan JSON Terraform would
//! write. Scanning that plan must find what scanning the source finds: checked here on
//! every rule's failing and passing Terraform fixture (a fixture with an undecided value
//! needs a variable Terraform would ask for, so it has no plan).
//!
//! The few differences are listed with why: each is information a real plan does not
//! carry either, so they are the plan loader's honest limits, not rendering errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use palisade::load::hcl::plan_json::{render, PlanSettings};
use palisade::load::hcl::TerraformVars;
use palisade::policy::{PolicySet, PolicySources};
use palisade::scan::{scan, ScanConfig};

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

fn findings(path: &Path) -> BTreeSet<String> {
    let report = scan(
        &ScanConfig {
            paths: vec![path.to_path_buf()],
            ..Default::default()
        },
        policies(),
    );
    assert!(
        report.is_complete(),
        "{}: {:?}",
        path.display(),
        report.notifications
    );
    report
        .findings
        .iter()
        .map(|f| format!("{} {} {:?}", f.rule_id, f.resource, f.outcome))
        .collect()
}

/// (fixture, finding only in the source scan or only in the plan scan, why)
const KNOWN: &[(&str, &str, &str)] = &[
    // The bucket policy's Resource is `"${aws_s3_bucket.x.arn}/daily/*"`: the source
    // keeps its shape, a plan only says "unknown", so the plan cannot tell it misses the
    // bucket itself.
    (
        "s3_bucket_allows_insecure_transport/fail-hcl",
        "-PAL-TLS-005 aws_s3_bucket_policy.exports Violation",
        "ARN shape unknown in plans",
    ),
    (
        "s3_bucket_allows_insecure_transport/fail-hcl",
        "+PAL-TLS-005 aws_s3_bucket_policy.exports Undecided",
        "ARN shape unknown in plans",
    ),
    (
        "s3_bucket_allows_insecure_transport/pass-hcl",
        "+PAL-TLS-005 aws_s3_bucket_policy.artifacts Undecided",
        "ARN shape unknown in plans",
    ),
    (
        "s3_bucket_allows_insecure_transport/pass-hcl",
        "+PAL-TLS-005 aws_s3_bucket_policy.reports Undecided",
        "ARN shape unknown in plans",
    ),
    // `each.value.group` and a dynamic block's `egress.value`: a plan's configuration
    // names the iterator, not which group each instance got.
    (
        "sg_matrix_edge_not_allowed/fail-hcl",
        "-PAL-NET-010 aws_security_group.alb_admin Violation",
        "for_each values not in plans",
    ),
    (
        "sg_matrix_edge_not_allowed/fail-hcl",
        "+PAL-NET-010 aws_security_group.alb_admin Undecided",
        "for_each values not in plans",
    ),
    (
        "sg_matrix_edge_not_allowed/fail-hcl",
        "+PAL-NET-010 aws_vpc_security_group_egress_rule.app_out[\"endpoints\"] Undecided",
        "for_each values not in plans",
    ),
    (
        "sg_matrix_edge_not_allowed/fail-hcl",
        "+PAL-NET-010 aws_vpc_security_group_egress_rule.app_out[\"rds\"] Undecided",
        "for_each values not in plans",
    ),
    (
        "sg_matrix_edge_not_allowed/fail-hcl",
        "+PAL-NET-010 aws_vpc_security_group_egress_rule.app_out[\"redis\"] Undecided",
        "for_each values not in plans",
    ),
    (
        "sg_matrix_edge_not_allowed/pass-hcl",
        "+PAL-NET-010 aws_security_group.alb_admin Undecided",
        "for_each values not in plans",
    ),
    (
        "sg_matrix_edge_not_allowed/pass-hcl",
        "+PAL-NET-010 aws_vpc_security_group_egress_rule.app_out[\"endpoints\"] Undecided",
        "for_each values not in plans",
    ),
    (
        "sg_matrix_edge_not_allowed/pass-hcl",
        "+PAL-NET-010 aws_vpc_security_group_egress_rule.app_out[\"rds\"] Undecided",
        "for_each values not in plans",
    ),
    (
        "sg_matrix_edge_not_allowed/pass-hcl",
        "+PAL-NET-010 aws_vpc_security_group_egress_rule.app_out[\"redis\"] Undecided",
        "for_each values not in plans",
    ),
    // Container definitions `jsonencode`d around an image URL known only after apply: the
    // source still reads the settings beside it, a plan has no text for the definitions.
    (
        "ecs_container_privileged/fail-hcl",
        "-PAL-ECS-001 aws_ecs_task_definition.builder Violation",
        "definitions unknown in plans",
    ),
    (
        "ecs_container_privileged/fail-hcl",
        "+PAL-ECS-001 aws_ecs_task_definition.builder Undecided",
        "definitions unknown in plans",
    ),
    (
        "ecs_container_privileged/fail-hcl",
        "+PAL-ECS-002 aws_ecs_task_definition.builder Undecided",
        "definitions unknown in plans",
    ),
    (
        "ecs_container_privileged/fail-hcl",
        "+PAL-ECS-003 aws_ecs_task_definition.builder Undecided",
        "definitions unknown in plans",
    ),
    (
        "ecs_container_privileged/pass-hcl",
        "+PAL-ECS-001 aws_ecs_task_definition.api Undecided",
        "definitions unknown in plans",
    ),
    (
        "ecs_container_privileged/pass-hcl",
        "+PAL-ECS-002 aws_ecs_task_definition.api Undecided",
        "definitions unknown in plans",
    ),
    (
        "ecs_container_privileged/pass-hcl",
        "+PAL-ECS-003 aws_ecs_task_definition.api Undecided",
        "definitions unknown in plans",
    ),
    // The trust document holds the account id: in the plan (account given) it is known
    // text, so the finding is on the role; from source it points at the statement.
    (
        "iam_role_trust_service_confused_deputy/fail-hcl",
        "-PAL-IAM-010 data.aws_iam_policy_document.lambda_trust Violation",
        "finding moves to the role",
    ),
    (
        "iam_role_trust_service_confused_deputy/fail-hcl",
        "+PAL-IAM-010 aws_iam_role.function Violation",
        "finding moves to the role",
    ),
    // In the plan the key policy is known text, so the finding is on the key; from source
    // it points at the policy document's statement.
    (
        "kms_key_policy_wildcard_grant/fail-hcl",
        "-PAL-IAM-013 data.aws_iam_policy_document.data_key Violation",
        "finding moves to the key",
    ),
    (
        "kms_key_policy_wildcard_grant/fail-hcl",
        "+PAL-IAM-013 aws_kms_key.data Violation",
        "finding moves to the key",
    ),
];

#[test]
fn plans_rendered_from_source_scan_like_the_source() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let settings = PlanSettings::default();
    let out = tempfile::tempdir().unwrap();
    let mut unexpected = Vec::new();
    let mut compared = 0;
    let mut rules: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    rules.sort();
    for rule in rules {
        for case in ["fail-hcl", "pass-hcl"] {
            let dir = rule.join(case);
            if !dir.is_dir() {
                continue;
            }
            let name = format!("{}/{case}", rule.file_name().unwrap().to_string_lossy());
            let (plan, notes) = render(&dir, &TerraformVars::default(), &settings)
                .unwrap_or_else(|n| panic!("{name}: {n:?}"));
            assert!(notes.iter().all(|n| !n.is_error()), "{name}: {notes:?}");
            let file = out
                .path()
                .join(format!("{}.plan.json", name.replace('/', "_")));
            std::fs::write(&file, plan.to_pretty_json()).unwrap();
            let source = findings(&dir);
            let planned = findings(&file);
            let diff = source
                .difference(&planned)
                .map(|f| format!("-{f}"))
                .chain(planned.difference(&source).map(|f| format!("+{f}")));
            for line in diff {
                if !KNOWN.iter().any(|(f, l, _)| *f == name && *l == line) {
                    unexpected.push(format!("{name}: {line}"));
                }
            }
            compared += 1;
        }
    }
    assert!(compared >= 120, "only {compared} fixtures compared");
    assert!(
        unexpected.is_empty(),
        "plan and source scans disagree:\n{}",
        unexpected.join("\n")
    );
}
