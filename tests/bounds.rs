//! Bounds: what a hostile input can make palisade spend is limited, and every limit that
//! is reached is said by name (file and line where there is one), the scan goes on with
//! everything else, and the exit code is 2. Inputs are under `fixtures/hostile/`, or
//! built here where their size or their place on disk is the point.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Scan {
    code: i32,
    report: serde_json::Value,
    took: Duration,
}

impl Scan {
    /// `palisade scan ARGS --format json` in `dir`.
    fn run(dir: &Path, args: &[&str]) -> Scan {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
            .arg("scan")
            .args(args)
            .args(["--format", "json"])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("run palisade");
        let took = started.elapsed();
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
            took,
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

    /// (file, line or 0, message) of each notification at `level`.
    fn said(&self, level: &str) -> Vec<(String, u64, String)> {
        self.report["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["level"] == level)
            .map(|n| {
                (
                    n["file"].as_str().unwrap_or_default().to_owned(),
                    n["location"]["start"]["line"].as_u64().unwrap_or(0),
                    n["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    fn describe(&self) -> String {
        serde_json::to_string_pretty(&self.report["notifications"]).unwrap()
    }
}

fn copy(from: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(root().join(from), to).unwrap();
}

/// Small inputs with findings, each under 4 KiB.
fn small_tree(dir: &Path) {
    copy(
        "fixtures/cli/clean/storage.cfn.yaml",
        &dir.join("storage.cfn.yaml"),
    );
    copy(
        "fixtures/rules/sg_world_open_admin_ports/fail.cfn.yaml",
        &dir.join("ssh.cfn.yaml"),
    );
}

/// Inputs of every kind over 4 KiB: a plan, a state, a module whose `main.tf` is
/// padded, and a CLI export whose bucket list is.
fn large_files(dir: &Path) {
    let rules = "fixtures/rules/sg_world_open_admin_ports";
    copy(
        &format!("{rules}/fail.plan.json"),
        &dir.join("big.plan.json"),
    );
    copy(&format!("{rules}/fail.tfstate"), &dir.join("big.tfstate"));
    common::copy_tree(
        &root().join(format!("{rules}/fail-hcl")),
        &dir.join("module"),
    );
    let main = dir.join("module/main.tf");
    let mut text = std::fs::read_to_string(&main).unwrap();
    text.push_str(&format!("# {}\n", "x".repeat(8192)));
    std::fs::write(&main, text).unwrap();
    common::copy_tree(
        &root().join("fixtures/rules/s3_bucket_without_kms_encryption/fail-cli"),
        &dir.join("exports"),
    );
    let list = dir.join("exports/s3api-list-buckets.json");
    let mut text = std::fs::read_to_string(&list).unwrap();
    text.push_str(&" ".repeat(8192));
    std::fs::write(&list, text).unwrap();
}

const LARGE: [&str; 4] = [
    "big.plan.json",
    "big.tfstate",
    "exports/s3api-list-buckets.json",
    "module/main.tf",
];

#[test]
fn files_over_the_size_limit_are_refused_by_name_and_the_rest_is_scanned() {
    // What the scan must find: the same tree without the large files (the module's
    // other files, the export's other files are still read).
    let alone = tempfile::tempdir().unwrap();
    small_tree(alone.path());
    large_files(alone.path());
    for file in LARGE {
        std::fs::remove_file(alone.path().join(file)).unwrap();
    }
    let expected = Scan::run(alone.path(), &[".", "--no-config", "--max-file-size", "4K"]);
    assert_eq!(expected.code, 1, "{}", expected.describe());
    assert!(expected.said("error").is_empty(), "{}", expected.describe());
    assert!(!expected.findings().is_empty());

    let tree = tempfile::tempdir().unwrap();
    small_tree(tree.path());
    large_files(tree.path());
    let scan = Scan::run(tree.path(), &[".", "--no-config", "--max-file-size", "4K"]);
    assert_eq!(scan.code, 2, "{}", scan.describe());
    assert_eq!(scan.report["summary"]["complete"], false);
    assert_eq!(scan.findings(), expected.findings());
    let errors = scan.said("error");
    let mut refused: Vec<&str> = errors
        .iter()
        .filter(|(_, _, m)| m.contains("larger than the 4 KiB limit"))
        .map(|(f, _, _)| f.as_str())
        .collect();
    refused.sort_unstable();
    assert_eq!(refused, LARGE, "{}", scan.describe());
    assert_eq!(errors.len(), LARGE.len(), "{}", scan.describe());

    // The default reads them all.
    let full = Scan::run(tree.path(), &[".", "--no-config"]);
    assert!(full.said("error").is_empty(), "{}", full.describe());
    assert!(full.findings().len() > expected.findings().len());
}

#[test]
fn the_size_limit_can_be_set_in_palisade_toml_and_a_bad_one_is_an_error() {
    let tree = tempfile::tempdir().unwrap();
    small_tree(tree.path());
    large_files(tree.path());
    std::fs::write(
        tree.path().join("palisade.toml"),
        "max-file-size = \"4KiB\"\n",
    )
    .unwrap();
    let scan = Scan::run(tree.path(), &["."]);
    assert_eq!(scan.code, 2, "{}", scan.describe());
    let refused = scan
        .said("error")
        .iter()
        .filter(|(_, _, m)| m.contains("larger than the 4 KiB limit"))
        .count();
    assert_eq!(refused, LARGE.len(), "{}", scan.describe());
    // The command line wins over the file.
    let wide = Scan::run(tree.path(), &[".", "--max-file-size", "1M"]);
    assert!(wide.said("error").is_empty(), "{}", wide.describe());

    std::fs::write(
        tree.path().join("palisade.toml"),
        "max-file-size = \"lots\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["scan", "."])
        .current_dir(tree.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("palisade.toml") && stderr.contains("max-file-size"),
        "{stderr}"
    );
}

/// (fixture, a piece of the error, the line it points at or 0 for the module).
const EXPLOSIONS: [(&str, &str, u64); 5] = [
    ("module-self", "modules nest more than 16 deep", 2),
    (
        "count-explosion",
        "count = 1000000000 is more than palisade expands (10000)",
        3,
    ),
    ("nested-for", "more than 2000000 steps", 0),
    (
        "string-doubling",
        "a template builds a string longer than 16 MiB",
        0,
    ),
    (
        "list-doubling",
        "concat() returns more than 1000000 elements",
        0,
    ),
];

#[test]
fn terraform_that_would_explode_is_stopped_and_said() {
    let mut problems = Vec::new();
    for (fixture, says, line) in EXPLOSIONS {
        let scan = Scan::run(
            &root(),
            &[&format!("fixtures/hostile/{fixture}"), "--no-config"],
        );
        if scan.code != 2 {
            problems.push(format!("{fixture}: exit {}", scan.code));
        }
        // Seconds in a debug build; without the bounds, hours or the machine's memory.
        if scan.took > Duration::from_secs(60) {
            problems.push(format!("{fixture}: took {:?}", scan.took));
        }
        let errors = scan.said("error");
        let found = errors.iter().any(|(file, at, message)| {
            message.contains(says)
                && file.starts_with(&format!("fixtures/hostile/{fixture}"))
                && *at == line
        });
        if !found {
            problems.push(format!(
                "{fixture}: no error saying {says:?} at line {line}: {}",
                scan.describe()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn for_each_over_a_large_set_of_names_is_quick() {
    let scan = Scan::run(
        &root(),
        &["fixtures/hostile/count-explosion", "--no-config"],
    );
    let errors = scan.said("error");
    assert!(
        errors
            .iter()
            .any(|(_, line, m)| *line == 7 && m.contains("for_each has 50000 elements")),
        "{}",
        scan.describe()
    );
    assert_eq!(scan.report["summary"]["resources"], 20_000);
}

/// A user policy that would run for hours is stopped at the per-rule time limit and
/// said; the built-in rules' findings are those of a scan without it.
#[test]
fn a_runaway_user_policy_is_stopped_and_reported() {
    let input = "fixtures/rules/s3_bucket_without_kms_encryption/fail.cfn.yaml";
    let without = Scan::run(&root(), &[input, "--no-config"]);
    let scan = Scan::run(
        &root(),
        &[
            input,
            "--no-config",
            "--policy",
            "fixtures/hostile/runaway-policy",
        ],
    );
    assert_eq!(scan.code, 2, "{}", scan.describe());
    assert!(scan.took < Duration::from_secs(60), "{:?}", scan.took);
    let stopped: Vec<_> = scan.report["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["level"] == "error")
        .collect();
    assert_eq!(stopped.len(), 1, "{}", scan.describe());
    assert_eq!(stopped[0]["rule"], "ACME-RUNAWAY", "{}", scan.describe());
    assert!(
        stopped[0]["message"]
            .as_str()
            .unwrap()
            .contains("ran past the time limit of 5 s"),
        "{}",
        scan.describe()
    );
    assert!(!without.findings().is_empty());
    assert_eq!(scan.findings(), without.findings());
}
