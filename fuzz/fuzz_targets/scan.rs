//! The whole path: a tree of files (any mix of formats, from a multi-file input) is
//! discovered, loaded, normalised and evaluated against the built-in rules, and the
//! report rendered in every format. Beyond not panicking, the report must be
//! deterministic: the same tree scanned twice renders the same JSON.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use palisade::policy::{PolicySet, PolicySources};
use palisade::report::{OutputFormat, RenderOptions};
use palisade::scan::ScanConfig;

fn policies() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| {
        let (set, notes) = PolicySet::load(&PolicySources {
            builtin: true,
            ..PolicySources::default()
        });
        assert!(notes.is_empty(), "built-in policies: {notes:?}");
        set
    })
}

fn render(report: &palisade::report::Report, format: OutputFormat) -> Vec<u8> {
    let mut out = Vec::new();
    let options = RenderOptions::default();
    if let Err(e) = palisade::report::render(format, report, &options, &mut out) {
        panic!("{format:?} report not written: {e}");
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let files = palisade_fuzz::split_files(data, "main.tf");
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    palisade_fuzz::write_tree(dir.path(), &files);
    // A plan's root module is looked for up to the repository root: this tree is one.
    let _ = std::fs::create_dir_all(dir.path().join(".git"));
    let config = ScanConfig {
        paths: vec![dir.path().to_path_buf()],
        today: palisade::suppress::Date::parse("2026-01-01"),
        ..ScanConfig::default()
    };
    let mut report = palisade::scan::scan(&config, policies());
    report.stats.elapsed = std::time::Duration::ZERO;
    let json = render(&report, OutputFormat::Json);
    for format in [
        OutputFormat::Text,
        OutputFormat::Sarif,
        OutputFormat::Junit,
        OutputFormat::Github,
    ] {
        render(&report, format);
    }
    let mut again = palisade::scan::scan(&config, policies());
    again.stats.elapsed = std::time::Duration::ZERO;
    assert!(
        render(&again, OutputFormat::Json) == json,
        "two scans of the same tree rendered different JSON"
    );
});
