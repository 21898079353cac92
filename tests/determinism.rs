//! The same inputs give byte-identical machine-readable reports, whatever the thread
//! count.

// Test helpers outside #[test] functions may panic on bad data: that is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::Command;

fn report(format: &str, threads: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["scan", "fixtures", "--format", format, "--threads", threads])
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("run palisade");
    assert!(!out.stdout.is_empty());
    out.stdout
}

#[test]
fn json_and_sarif_are_identical_across_runs_and_thread_counts() {
    for format in ["json", "sarif"] {
        let one = report(format, "1");
        assert_eq!(one, report(format, "2"), "{format}: 1 vs 2 threads");
        assert_eq!(one, report(format, "4"), "{format}: 1 vs 4 threads");
    }
}
