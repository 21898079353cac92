//! Fail closed: a file palisade cannot read is reported by name (and line where there is
//! one), the scan of everything else goes on unchanged, and the exit code is 2. A link out
//! of the scanned tree is not followed. Each hostile input is built in a temporary tree
//! beside good inputs copied from the fixtures, and the findings on the good inputs must
//! be exactly those of scanning them alone.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Scan {
    code: i32,
    report: serde_json::Value,
}

impl Scan {
    fn run(dir: &Path) -> Scan {
        let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
            .args(["scan", ".", "--format", "json", "--no-config"])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("run palisade");
        let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}):\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        Scan {
            code: out.status.code().expect("exit code"),
            report,
        }
    }

    /// (rule, file, line, resource) of every finding, in report order.
    fn findings(&self) -> Vec<String> {
        self.report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}:{} {}",
                    f["rule_id"].as_str().unwrap(),
                    f["location"]["file"].as_str().unwrap(),
                    f["location"]["start"]["line"],
                    f["resource"].as_str().unwrap()
                )
            })
            .collect()
    }

    fn notifications(&self, level: &str) -> Vec<&serde_json::Value> {
        self.report["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["level"] == level)
            .collect()
    }

    fn describe(&self) -> String {
        serde_json::to_string_pretty(&self.report["notifications"]).unwrap()
    }
}

/// Good inputs of three kinds, each with findings: a plan, a template and a module.
fn good_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rules = root().join("fixtures/rules");
    std::fs::copy(
        rules.join("rds_storage_unencrypted/fail.plan.json"),
        dir.path().join("db.plan.json"),
    )
    .unwrap();
    std::fs::copy(
        rules.join("sg_world_open_admin_ports/fail.cfn.yaml"),
        dir.path().join("ssh.cfn.yaml"),
    )
    .unwrap();
    common::copy_tree(
        &rules.join("sg_world_open_admin_ports/fail-hcl"),
        &dir.path().join("module"),
    );
    dir
}

/// A hostile file (or link) at `name`, made by `make` inside the tree.
struct Hostile {
    name: &'static str,
    make: fn(&Path),
    /// A piece of the error message that says what is wrong.
    says: &'static str,
    /// The line the error points at, where the input has one.
    line: Option<u64>,
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

fn hostile_inputs() -> Vec<Hostile> {
    vec![
        Hostile {
            name: "module/bad_utf8.tf",
            make: |p| {
                write(
                    p,
                    b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\xff\xfe\"\n}\n",
                )
            },
            says: "not valid UTF-8",
            line: None,
        },
        Hostile {
            name: "junk/main.tf",
            // Deterministic binary junk with a .tf name.
            make: |p| {
                write(
                    p,
                    &(0..4096u32)
                        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
                        .collect::<Vec<_>>(),
                )
            },
            says: "not valid UTF-8",
            line: None,
        },
        Hostile {
            name: "syntax/main.tf",
            make: |p| write(p, b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n"),
            says: "",
            line: Some(2),
        },
        Hostile {
            name: "truncated.plan.json",
            make: |p| {
                write(
                    p,
                    b"{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.0\",\n\"planned_values\":{\"root_module\":{\"resources\":[{\"address\":",
                )
            },
            says: "invalid JSON",
            line: Some(2),
        },
        Hostile {
            name: "truncated.tfstate",
            make: |p| {
                write(p, b"{\n  \"version\": 4,\n  \"terraform_version\": \"1.9.8\",\n  \"serial\": 1,\n  \"lineage\": \"x\",\n  \"resources\": [\n    {\"mode\": \"managed\",\n")
            },
            says: "invalid JSON",
            // The object left open.
            line: Some(7),
        },
        Hostile {
            name: "laughs.yaml",
            // Nine levels of nine aliases each: 387 million nodes if expanded.
            make: |p| {
                let mut text = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nl0: &l0 [x, x, x, x, x, x, x, x, x]\n");
                for level in 1..9 {
                    let prev = format!("*l{}", level - 1);
                    text.push_str(&format!(
                        "l{level}: &l{level} [{}]\n",
                        vec![prev; 9].join(", ")
                    ));
                }
                text.push_str("Resources: {}\n");
                write(p, text.as_bytes());
            },
            says: "aliases",
            line: None,
        },
        Hostile {
            name: "deep.cfn.json",
            make: |p| {
                let mut text = String::from("{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"X\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"Tags\": ");
                text.push_str(&"[".repeat(100_000));
                text.push_str(&"]".repeat(100_000));
                text.push_str("}}}}\n");
                write(p, text.as_bytes());
            },
            says: "nesting depth",
            line: Some(1),
        },
        #[cfg(unix)]
        Hostile {
            name: "loop/self",
            make: |p| {
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::os::unix::fs::symlink("..", p).unwrap();
            },
            says: "symbolic link loop",
            line: None,
        },
    ]
}

#[test]
fn every_unreadable_input_is_named_and_the_rest_is_scanned_as_alone() {
    let good = good_tree();
    let alone = Scan::run(good.path());
    assert_eq!(alone.code, 1, "{}", alone.describe());
    assert!(
        alone.notifications("error").is_empty(),
        "{}",
        alone.describe()
    );
    let expected = alone.findings();
    assert!(expected.len() >= 3, "{expected:?}");

    let mut problems = Vec::new();
    for hostile in hostile_inputs() {
        let tree = good_tree();
        (hostile.make)(&tree.path().join(hostile.name));
        let scan = Scan::run(tree.path());
        if scan.code != 2 {
            problems.push(format!("{}: exit {} (expected 2)", hostile.name, scan.code));
        }
        if scan.report["summary"]["complete"] != false {
            problems.push(format!("{}: report says complete", hostile.name));
        }
        if scan.findings() != expected {
            problems.push(format!(
                "{}: findings on the good files changed:\n  {:?}\n  vs {:?}",
                hostile.name,
                scan.findings(),
                expected
            ));
        }
        let errors = scan.notifications("error");
        let named: Vec<_> = errors
            .iter()
            .filter(|n| {
                n["file"]
                    .as_str()
                    .is_some_and(|f| f.starts_with(hostile.name) || hostile.name.starts_with(f))
            })
            .collect();
        match named.as_slice() {
            [error] => {
                let message = error["message"].as_str().unwrap_or_default();
                if !message.contains(hostile.says) {
                    problems.push(format!(
                        "{}: error {message:?} does not say {:?}",
                        hostile.name, hostile.says
                    ));
                }
                if let Some(line) = hostile.line {
                    if error["location"]["start"]["line"] != line {
                        problems.push(format!(
                            "{}: error at {} (expected line {line})",
                            hostile.name, error["location"]
                        ));
                    }
                }
            }
            _ => problems.push(format!(
                "{}: expected one error naming it, got {}",
                hostile.name,
                scan.describe()
            )),
        }
        if errors.len() != named.len() {
            problems.push(format!(
                "{}: other errors too: {}",
                hostile.name,
                scan.describe()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A link in the tree that leads out of it (to a directory with a template that would
/// be found) is not followed, and says so; the scan is complete without it.
#[cfg(unix)]
#[test]
fn links_out_of_the_scanned_tree_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/rules/sg_world_open_admin_ports/fail.cfn.yaml"),
        outside.path().join("ssh.cfn.yaml"),
    )
    .unwrap();
    let tree = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/rules/rds_storage_unencrypted/pass.plan.json"),
        tree.path().join("db.plan.json"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), tree.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("ssh.cfn.yaml"),
        tree.path().join("linked.cfn.yaml"),
    )
    .unwrap();
    // A link that stays inside the tree is followed as usual.
    std::fs::create_dir(tree.path().join("real")).unwrap();
    std::fs::copy(
        root().join("fixtures/rules/sg_world_open_admin_ports/fail.cfn.yaml"),
        tree.path().join("real/inside.cfn.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("real", tree.path().join("alias")).unwrap();

    let scan = Scan::run(tree.path());
    assert!(
        scan.notifications("error").is_empty(),
        "{}",
        scan.describe()
    );
    assert_eq!(scan.report["summary"]["complete"], true);
    let files: std::collections::BTreeSet<String> = scan
        .findings()
        .iter()
        .map(|f| {
            f.split(' ')
                .nth(1)
                .unwrap()
                .split(':')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(
        files.contains("alias/inside.cfn.yaml") && files.contains("real/inside.cfn.yaml"),
        "{files:?}"
    );
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("elsewhere") || f.starts_with("linked")),
        "{files:?}"
    );
    let warnings = scan.notifications("warning");
    let mut refused: Vec<&str> = warnings
        .iter()
        .filter(|n| {
            n["message"]
                .as_str()
                .is_some_and(|m| m.contains("outside the scanned tree"))
        })
        .map(|n| n["file"].as_str().unwrap())
        .collect();
    refused.sort_unstable();
    assert_eq!(
        refused,
        ["elsewhere", "linked.cfn.yaml"],
        "{}",
        scan.describe()
    );
}

/// A directory of AWS CLI exports is listed by its loader, which keeps the same rule: a
/// per-bucket file that links out of the directory is not read, and a warning names it.
#[cfg(unix)]
#[test]
fn links_out_of_a_cli_export_directory_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("policy.json"), "{}").unwrap();
    let tree = tempfile::tempdir().unwrap();
    let unit = tree.path().join("exports");
    common::copy_tree(
        &root().join("fixtures/rules/s3_bucket_without_kms_encryption/pass-cli"),
        &unit,
    );
    let linked = unit.join("s3/acme-archive/get-bucket-policy.json");
    std::fs::remove_file(&linked).unwrap();
    std::os::unix::fs::symlink(outside.path().join("policy.json"), &linked).unwrap();

    let scan = Scan::run(tree.path());
    let refused: Vec<&str> = scan
        .notifications("warning")
        .iter()
        .filter(|n| {
            n["message"]
                .as_str()
                .is_some_and(|m| m.contains("outside the export directory"))
        })
        .map(|n| n["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        refused,
        ["exports/s3/acme-archive/get-bucket-policy.json"],
        "{}",
        scan.describe()
    );
}

/// `file()`, `templatefile()` and a module source that climb out of the scanned tree
/// (the repository here) are refused, each with a warning at its line; a module inside
/// it is read as usual.
#[test]
fn reads_out_of_the_scanned_tree_are_refused_and_said() {
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args([
            "scan",
            "fixtures/hostile/escape",
            "--no-config",
            "--format",
            "json",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let scan = Scan {
        code: out.status.code().unwrap(),
        report,
    };
    // Warnings, and the inside bucket's findings below the default gate: complete, 0.
    assert_eq!(scan.code, 0, "{}", scan.describe());
    let refused: Vec<(u64, &str)> = scan
        .notifications("warning")
        .iter()
        .map(|n| {
            (
                n["location"]["start"]["line"].as_u64().unwrap_or(0),
                n["message"].as_str().unwrap(),
            )
        })
        .collect();
    let said = |line: u64, what: &str| {
        refused
            .iter()
            .any(|(l, m)| *l == line && m.contains(what) && m.contains("outside the scanned"))
    };
    assert!(said(3, "module.outside"), "{refused:#?}");
    assert!(said(12, "file(\"../../"), "{refused:#?}");
    assert!(said(17, "templatefile(\"/etc/hostname\")"), "{refused:#?}");
    assert_eq!(refused.len(), 3, "{refused:#?}");
    assert!(
        scan.findings()
            .iter()
            .any(|f| f.contains("module.inside.aws_s3_bucket.inside")),
        "{:?}",
        scan.findings()
    );
}

/// A module outside the repository, with a world-open SSH group, is not read — neither
/// by a `..` source nor through a link inside the tree — and the scan says so, without
/// the finding it would give.
#[cfg(unix)]
#[test]
fn modules_outside_the_scanned_directory_are_not_read() {
    let base = tempfile::tempdir().unwrap();
    common::copy_tree(
        &root().join("fixtures/rules/sg_world_open_admin_ports/fail-hcl/modules/jump"),
        &base.path().join("outside"),
    );
    let scanned = base.path().join("scanned");
    std::fs::create_dir_all(scanned.join("root/modules")).unwrap();
    std::fs::create_dir_all(scanned.join(".git")).unwrap();
    std::os::unix::fs::symlink(
        base.path().join("outside"),
        scanned.join("root/modules/linked"),
    )
    .unwrap();
    std::fs::write(
        scanned.join("root/main.tf"),
        "module \"up\" {\n  source = \"../../outside\"\n  ssh_cidr = \"0.0.0.0/0\"\n}\n\nmodule \"linked\" {\n  source = \"./modules/linked\"\n  ssh_cidr = \"0.0.0.0/0\"\n}\n",
    )
    .unwrap();
    // The same module read from inside the tree gives the finding: the refusal is what
    // keeps it out.
    common::copy_tree(
        &base.path().join("outside"),
        &base.path().join("inside/root/modules/jump"),
    );
    std::fs::write(
        base.path().join("inside/root/main.tf"),
        "module \"jump\" {\n  source = \"./modules/jump\"\n  ssh_cidr = \"0.0.0.0/0\"\n}\n",
    )
    .unwrap();
    let inside = Scan::run(&base.path().join("inside"));
    assert_eq!(inside.code, 1, "{}", inside.describe());

    let scan = Scan::run(&scanned);
    assert!(scan.findings().is_empty(), "{:?}", scan.findings());
    assert!(
        scan.notifications("error").is_empty(),
        "{}",
        scan.describe()
    );
    let warnings: Vec<String> = scan
        .notifications("warning")
        .iter()
        .map(|n| {
            format!(
                "{}:{} {}",
                n["file"].as_str().unwrap(),
                n["location"]["start"]["line"],
                n["message"].as_str().unwrap()
            )
        })
        .collect();
    let refused = |what: &str| {
        warnings.iter().any(|w| {
            w.starts_with("root/main.tf:")
                && w.contains(what)
                && w.contains("outside the scanned tree")
        })
    };
    assert!(refused("module.up"), "{warnings:#?}");
    assert!(refused("module.linked"), "{warnings:#?}");
}

/// A file name may carry terminal escape sequences; reports show them escaped, in every
/// format, so a pull request cannot write to a reviewer's terminal or a CI log.
#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_escaped_in_reports() {
    let tree = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}[2J\u{7}.cfn.yaml";
    std::fs::copy(
        root().join("fixtures/rules/sg_world_open_admin_ports/fail.cfn.yaml"),
        tree.path().join(name),
    )
    .unwrap();
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_palisade"))
            .args(["scan", ".", "--no-config", "--format", format])
            .current_dir(tree.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let json: serde_json::Value = serde_json::from_slice(&run("json").stdout).unwrap();
    let files: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["file"].as_str().unwrap())
        .collect();
    assert!(!files.is_empty());
    assert!(
        files.iter().all(|f| *f == "evil\\u{1b}[2J\\u{7}.cfn.yaml"),
        "{files:?}"
    );
    let sarif: serde_json::Value = serde_json::from_slice(&run("sarif").stdout).unwrap();
    let uris: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(!uris.is_empty());
    assert!(
        uris.iter().all(|u| !u.chars().any(char::is_control)),
        "{uris:?}"
    );
    for format in ["text", "github", "junit"] {
        let out = run(format);
        let all = [out.stdout, out.stderr].concat();
        assert!(
            !all.contains(&0x1b) && !all.contains(&0x07),
            "{format}: raw control characters in\n{}",
            String::from_utf8_lossy(&all)
        );
    }
}

/// Good inputs of every kind the pool draws from: (fixture under `fixtures/rules`, name
/// in the scanned tree). Directories are Terraform modules or AWS CLI export units.
const GOOD_POOL: &[(&str, &str)] = &[
    ("rds_storage_unencrypted/fail.plan.json", "db.plan.json"),
    ("rds_storage_unencrypted/pass.plan.json", "db-ok.plan.json"),
    ("sg_world_open_admin_ports/fail.cfn.yaml", "ssh.cfn.yaml"),
    ("sg_world_open_admin_ports/fail-hcl", "ssh-module"),
    (
        "s3_bucket_without_kms_encryption/fail.cfn.json",
        "bucket.cfn.json",
    ),
    ("ebs_volume_unencrypted/fail.tfstate", "volumes.tfstate"),
    (
        "ebs_volume_unencrypted/fail.config.json",
        "volumes.config.json",
    ),
    ("kms_key_rotation_disabled/fail-cli", "kms-export"),
];

fn tree_of(picked: &[usize]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rules = root().join("fixtures/rules");
    for &i in picked {
        let (from, to) = GOOD_POOL[i];
        let (from, to) = (rules.join(from), dir.path().join(to));
        if from.is_dir() {
            common::copy_tree(&from, &to);
        } else {
            std::fs::copy(&from, &to).unwrap();
        }
    }
    dir
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 24,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x9a11_5ade),
        ..proptest::test_runner::Config::default()
    })]

    /// For any set of good inputs plus one bad file, the findings are exactly those of
    /// scanning the good inputs alone, and the scan says it is incomplete.
    #[test]
    fn any_good_inputs_plus_one_bad_file_scan_as_the_good_ones_alone(
        picked in proptest::sample::subsequence((0..GOOD_POOL.len()).collect::<Vec<_>>(), 1..=GOOD_POOL.len()),
        bad in 0..hostile_inputs().len(),
    ) {
        let alone = Scan::run(tree_of(&picked).path());
        proptest::prop_assert!(alone.notifications("error").is_empty(), "{}", alone.describe());
        let hostile = &hostile_inputs()[bad];
        let tree = tree_of(&picked);
        (hostile.make)(&tree.path().join(hostile.name));
        let scan = Scan::run(tree.path());
        proptest::prop_assert_eq!(scan.code, 2, "{}: {}", hostile.name, scan.describe());
        proptest::prop_assert_eq!(scan.findings(), alone.findings(), "{}", hostile.name);
    }
}
