//! The same inputs give byte-identical machine-readable reports, whatever the thread
//! count.

// Test helpers outside #[test] functions may panic on bad data: that is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::Command;

/// The JSON and SARIF reports of one scan of every fixture, written by one run.
fn reports(threads: &str) -> (Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let (json, sarif) = (dir.path().join("r.json"), dir.path().join("r.sarif"));
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args([
            "scan",
            "fixtures",
            "--threads",
            threads,
            "--format",
            "json",
            "--output",
        ])
        .arg(&json)
        .args(["--format", "sarif", "--output"])
        .arg(&sarif)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("run palisade");
    assert!(out.status.code().is_some(), "{out:?}");
    let (json, sarif) = (std::fs::read(json).unwrap(), std::fs::read(sarif).unwrap());
    assert!(!json.is_empty() && !sarif.is_empty());
    (json, sarif)
}

#[test]
fn json_and_sarif_are_identical_across_runs_and_thread_counts() {
    let one = reports("1");
    assert!(one == reports("2"), "1 vs 2 threads");
    assert!(one == reports("4"), "1 vs 4 threads");
}
