//! The reference platform's prod environment as an auditor exports it from the account:
//! an AWS Config snapshot and a directory of AWS CLI outputs (`reference-platform/live/prod/`),
//! written from its exported state by `reference-platform/live/generate`. Both scan clean,
//! and drift made in the console — each a small patch over the clean export — trips
//! exactly the rules that guard it, at the element the patch changed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use palisade::policy::evaluate::Outcome;
use palisade::policy::{PolicySet, PolicySources};
use palisade::report::Report;
use palisade::scan::{scan, ScanConfig};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn prod() -> PathBuf {
    root().join("reference-platform/live/prod")
}

fn policies() -> &'static PolicySet {
    static SET: std::sync::OnceLock<PolicySet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        PolicySet::load(&PolicySources {
            builtin: true,
            ..Default::default()
        })
        .0
    })
}

fn scan_path(path: &Path) -> Report {
    scan(
        &ScanConfig {
            paths: vec![path.to_path_buf()],
            ..Default::default()
        },
        policies(),
    )
}

fn describe(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&format!(
            "  {} {:?} {} {}:{} {}\n",
            f.rule_id, f.outcome, f.resource, f.location.file, f.location.start.line, f.message
        ));
    }
    for n in &report.notifications {
        out.push_str(&format!("  {:?}: {}\n", n.level, n.message));
    }
    out
}

/// The exports are what the generator writes from the state: the same ids and ARNs.
#[test]
fn the_exports_are_what_the_prod_state_renders_to() {
    let out = std::process::Command::new("python3")
        .args([
            "fixtures/tools/mklive.py",
            "check",
            "reference-platform/state/terraform.tfstate",
            "reference-platform/live/prod/config-snapshot.json",
            "reference-platform/live/prod/cli",
        ])
        .current_dir(root())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "regenerate with reference-platform/live/generate:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// No violation in either export. What an export cannot say is undecided, and only that:
/// AWS Config records no key rotation, key policy, WAF association or DB parameter
/// group; the CLI export has them all, so nothing in it is undecided.
#[test]
fn the_prod_exports_scan_clean() {
    for (unit, allowed) in [
        (
            "config-snapshot.json",
            &["PAL-IAM-013", "PAL-KMS-001", "PAL-TLS-004", "PAL-WAF-001"][..],
        ),
        ("cli", &[][..]),
    ] {
        let report = scan_path(&prod().join(unit));
        assert!(report.is_complete(), "{unit}:\n{}", describe(&report));
        assert_eq!(report.stats.files_scanned, 1, "{unit}: one scan unit");
        assert!(report.stats.resources > 40, "{unit}: {:?}", report.stats);
        let unexpected: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.outcome == Outcome::Violation || !allowed.contains(&f.rule_id.as_str()))
            .collect();
        assert!(unexpected.is_empty(), "{unit}:\n{}", describe(&report));
    }
}

/// A copy of the clean exports with one text replacement in one file.
struct Drift {
    /// The file, relative to `prod/`.
    file: &'static str,
    /// Where to start looking for `find` (the resource it changes).
    after: &'static str,
    find: &'static str,
    replace: &'static str,
    /// The findings it must produce: rule, and a text whose line (in the patched file,
    /// after `after`) the finding must start on — `None` for a finding on the whole
    /// resource in `whole_file`.
    expect: &'static [(&'static str, Expect)],
}

#[derive(Clone, Copy)]
enum Expect {
    /// The line of this text in the patched file, after `after`.
    At(&'static str),
}

fn apply(drift: &Drift) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&prod(), dir.path());
    let path = dir.path().join(drift.file);
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find(drift.after)
        .unwrap_or_else(|| panic!("{}", drift.after));
    let at = start
        + text[start..]
            .find(drift.find)
            .unwrap_or_else(|| panic!("{}", drift.find));
    let patched = format!(
        "{}{}{}",
        &text[..at],
        drift.replace,
        &text[at + drift.find.len()..]
    );
    std::fs::write(&path, &patched).unwrap();
    (dir, patched)
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn line_of(text: &str, after: &str, needle: &str) -> u32 {
    let start = text.find(after).unwrap();
    let at = start
        + text[start..]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle}"));
    u32::try_from(text[..at].matches('\n').count() + 1).unwrap()
}

const SSH_CLI: &str = r#""IpPermissions": [
                {
                    "IpProtocol": "tcp",
                    "FromPort": 22,
                    "ToPort": 22,
                    "IpRanges": [
                        {
                            "CidrIp": "0.0.0.0/0",
                            "Description": "SSH opened from the console"
                        }
                    ],
                    "Ipv6Ranges": [],
                    "PrefixListIds": [],
                    "UserIdGroupPairs": []
                },
"#;

const SSH_CONFIG: &str = r#""ipPermissions": [
          {
            "ipProtocol": "tcp",
            "fromPort": 22,
            "toPort": 22,
            "ipv6Ranges": [],
            "prefixListIds": [],
            "userIdGroupPairs": [],
            "ipv4Ranges": [
              {
                "cidrIp": "0.0.0.0/0",
                "description": "SSH opened from the console"
              }
            ],
            "ipRanges": [
              "0.0.0.0/0"
            ]
          },
"#;

/// `aws s3api delete-bucket-encryption` leaves SSE-S3, which S3 then reports.
const NO_KMS_CLI: &str = r#""SSEAlgorithm": "AES256"
                }"#;

const ADMIN_CLI: &str = r#""AttachedManagedPolicies": [
                {
                    "PolicyName": "AdministratorAccess",
                    "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"
                }
            ],"#;

const ADMIN_CONFIG: &str = r#""attachedManagedPolicies": [
          {
            "policyName": "AdministratorAccess",
            "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"
          }
        ],"#;

fn drifts() -> Vec<Drift> {
    vec![
        // SSH opened to the world on the app tasks' group: admin port open to the
        // internet, and an edge the traffic matrix does not allow (internet → app).
        Drift {
            file: "cli/ec2-describe-security-groups.json",
            after: "\"GroupName\": \"acme-prod-app\"",
            find: "\"IpPermissions\": [\n",
            replace: SSH_CLI,
            expect: &[
                ("PAL-NET-001", Expect::At("{\n                            \"CidrIp\": \"0.0.0.0/0\"")),
                ("PAL-NET-010", Expect::At("{\n                            \"CidrIp\": \"0.0.0.0/0\"")),
            ],
        },
        Drift {
            file: "config-snapshot.json",
            after: "\"groupName\": \"acme-prod-app\"",
            find: "\"ipPermissions\": [\n",
            replace: SSH_CONFIG,
            expect: &[
                ("PAL-NET-001", Expect::At("{\n                \"cidrIp\": \"0.0.0.0/0\"")),
                ("PAL-NET-010", Expect::At("{\n                \"cidrIp\": \"0.0.0.0/0\"")),
            ],
        },
        // The backups bucket's KMS encryption removed.
        Drift {
            file: "cli/s3/acme-prod-backups-111122223333/get-bucket-encryption.json",
            after: "{",
            find: "\"SSEAlgorithm\": \"aws:kms\",\n                    \"KMSMasterKeyID\": \"arn:aws:kms:eu-west-1:111122223333:key/8aeb9bdb-8525-403f-ac76-1b06e84a0992\"\n                }",
            replace: NO_KMS_CLI,
            expect: &[("PAL-S3-001", Expect::At("\"SSEAlgorithm\""))],
        },
        Drift {
            file: "config-snapshot.json",
            after: "\"resourceId\": \"acme-prod-backups-111122223333\"",
            find: "\"sseAlgorithm\": \"aws:kms\",\n                \"kmsMasterKeyID\": \"arn:aws:kms:eu-west-1:111122223333:key/8aeb9bdb-8525-403f-ac76-1b06e84a0992\"",
            replace: "\"sseAlgorithm\": \"AES256\"",
            expect: &[("PAL-S3-001", Expect::At("\"sseAlgorithm\""))],
        },
        // AdministratorAccess attached to the app's task role.
        Drift {
            file: "cli/iam-get-account-authorization-details.json",
            after: "\"RoleName\": \"acme-prod-app-task\"",
            find: "\"AttachedManagedPolicies\": [],",
            replace: ADMIN_CLI,
            expect: &[("PAL-IAM-007", Expect::At("{\n                    \"PolicyName\": \"AdministratorAccess\""))],
        },
        Drift {
            file: "config-snapshot.json",
            after: "\"roleName\": \"acme-prod-app-task\"",
            find: "\"attachedManagedPolicies\": [],",
            replace: ADMIN_CONFIG,
            expect: &[("PAL-IAM-007", Expect::At("{\n            \"policyName\": \"AdministratorAccess\""))],
        },
        // Rotation switched off on a key (the CLI only: AWS Config does not record it).
        // The finding is on the rotation status that says so.
        Drift {
            file: "cli/kms/2020de24-1bb5-490c-a4cf-93df1556bca0/get-key-rotation-status.json",
            after: "{",
            find: "\"KeyRotationEnabled\": true",
            replace: "\"KeyRotationEnabled\": false",
            expect: &[("PAL-KMS-001", Expect::At("\"KeyRotationEnabled\""))],
        },
    ]
}

#[test]
fn drift_in_the_exports_trips_exactly_its_rules_where_it_was_made() {
    let mut problems = Vec::new();
    for drift in drifts() {
        let (dir, patched) = apply(&drift);
        let unit = if drift.file.starts_with("cli/") {
            dir.path().join("cli")
        } else {
            dir.path().join("config-snapshot.json")
        };
        let report = scan_path(&unit);
        let clean = scan_path(&prod().join(if drift.file.starts_with("cli/") {
            "cli"
        } else {
            "config-snapshot.json"
        }));
        let before: Vec<(String, String, Outcome)> = clean
            .findings
            .iter()
            .map(|f| (f.rule_id.clone(), f.resource.clone(), f.outcome))
            .collect();
        // What the drift adds: the findings the clean export does not have.
        let mut got: Vec<(String, String, u32)> = report
            .findings
            .iter()
            .filter(|f| !before.contains(&(f.rule_id.clone(), f.resource.clone(), f.outcome)))
            .map(|f| {
                let file = Path::new(&f.location.file)
                    .strip_prefix(dir.path())
                    .map_or_else(|_| f.location.file.clone(), |p| p.display().to_string());
                (f.rule_id.clone(), file, f.location.start.line)
            })
            .collect();
        let mut want: Vec<(String, String, u32)> = drift
            .expect
            .iter()
            .map(|(rule, Expect::At(text))| {
                (
                    (*rule).to_owned(),
                    drift.file.to_owned(),
                    line_of(&patched, drift.after, text),
                )
            })
            .collect();
        got.sort();
        want.sort();
        if got != want || !report.is_complete() {
            problems.push(format!(
                "{} ({}):\n  want {want:?}\n  got  {got:?}\n{}",
                drift.file,
                drift.after,
                describe(&report)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
