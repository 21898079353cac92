//! The reference platform's Terraform (`reference-platform/terraform/`) scans clean: every
//! environment loads completely, and no built-in rule reports anything, not even
//! undecided, at any severity. A rule change that flags the platform, or an evaluator
//! change that leaves a value it used to know unknown, fails here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

use palisade::diagnostics::Level;
use palisade::policy::{PolicySet, PolicySources};
use palisade::scan::{scan, ScanConfig};

#[test]
fn the_terraform_of_every_environment_scans_clean() {
    let (policies, notes) = PolicySet::load(&PolicySources {
        builtin: true,
        ..Default::default()
    });
    assert!(notes.is_empty(), "{notes:#?}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("reference-platform/terraform");
    let report = scan(
        &ScanConfig {
            paths: vec![root],
            ..Default::default()
        },
        &policies,
    );
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
