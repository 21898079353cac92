//! The scan pipeline: discover → load → normalise → evaluate → resolve → report.
//! Every stage's problems become notifications in the report; nothing here exits.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use crate::diagnostics::{Notification, Stage};
use crate::discover;
use crate::finding::Finding;
use crate::load::{self, Document};
use crate::model::path_to_string;
use crate::normalise;
use crate::policy::evaluate::RawFinding;
use crate::policy::PolicySet;
use crate::report::{fingerprint, Report, Stats};
use crate::source::Location;

/// Resolved scan options (the CLI's flags after validation).
#[derive(Clone, Debug, Default)]
pub struct ScanConfig {
    pub paths: Vec<PathBuf>,
    pub excludes: Vec<String>,
}

/// Runs a scan with an already-loaded policy set. The caller chooses the thread pool
/// (`rayon::ThreadPool::install`) so thread count never changes the result.
pub fn scan(config: &ScanConfig, policies: &PolicySet) -> Report {
    let started = Instant::now();
    let mut report = Report {
        rules: policies.rules.clone(),
        ..Report::default()
    };
    let excludes = match discover::exclude_set(&config.excludes) {
        Ok(set) => set,
        Err(e) => {
            report.notifications.push(Notification::error(
                Stage::Discover,
                format!("invalid --exclude glob: {e}"),
            ));
            return report;
        }
    };
    let discovered = discover::discover(&config.paths, &excludes);
    report.notifications.extend(discovered.notifications);
    report.skipped = discovered
        .skipped
        .iter()
        .map(|p| crate::source::display_path(p))
        .collect();

    let results: Vec<UnitResult> = discovered
        .files
        .par_iter()
        .map_init(
            || policies.engine.clone(),
            |engine, input| match load::load(input) {
                Ok(document) => scan_document(&document, policies, engine),
                Err(note) => UnitResult {
                    notifications: vec![note],
                    ..UnitResult::default()
                },
            },
        )
        .collect();

    report.stats = Stats {
        files_scanned: discovered.files.len(),
        files_skipped: discovered.skipped.len(),
        resources: results.iter().map(|r| r.resources).sum(),
        elapsed: std::time::Duration::ZERO,
    };
    for result in results {
        if let Some((file, text)) = result.source {
            report.sources.insert(file, text);
        }
        report.findings.extend(result.findings);
        report.notifications.extend(result.notifications);
    }
    report.sort();
    report.stats.elapsed = started.elapsed();
    report
}

/// What scanning one document produced.
#[derive(Default)]
pub struct UnitResult {
    findings: Vec<Finding>,
    notifications: Vec<Notification>,
    resources: usize,
    /// The document's text, kept when findings point into it.
    source: Option<(String, std::sync::Arc<str>)>,
}

/// Normalises and evaluates one loaded document, resolving findings to locations.
pub fn scan_document(
    document: &Document,
    policies: &PolicySet,
    engine: &mut regorus::Engine,
) -> UnitResult {
    let (estate, mut notifications) = normalise::normalise(document);
    notifications.extend(document.notifications.iter().cloned());
    let input = match serde_json::to_value(&estate) {
        Ok(json) => regorus::Value::from(json),
        Err(e) => {
            notifications.push(
                Notification::error(Stage::Normalise, format!("cannot build policy input: {e}"))
                    .in_file(&document.source.display),
            );
            return UnitResult {
                notifications,
                resources: document.resources.len(),
                ..UnitResult::default()
            };
        }
    };
    let (raw, policy_notes) = policies.evaluate(engine, input);
    notifications.extend(
        policy_notes
            .into_iter()
            .map(|n| n.in_file(&document.source.display)),
    );
    let findings: Vec<Finding> = raw
        .into_iter()
        .filter_map(|raw| resolve(document, policies, raw, &mut notifications))
        .collect();
    let source =
        (!findings.is_empty() || notifications.iter().any(|n| n.location.is_some())).then(|| {
            (
                document.source.display.clone(),
                document.source.text.clone(),
            )
        });
    UnitResult {
        findings,
        notifications,
        resources: document.resources.len(),
        source,
    }
}

impl UnitResult {
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
    pub fn notifications(&self) -> &[Notification] {
        &self.notifications
    }
}

fn resolve(
    document: &Document,
    policies: &PolicySet,
    raw: RawFinding,
    notes: &mut Vec<Notification>,
) -> Option<Finding> {
    let rule = policies.rules.get(raw.rule_index)?;
    let Some(resource) = document.resource(&raw.resource) else {
        notes.push(
            Notification::error(
                Stage::Policy,
                format!(
                    "rule reported a finding on `{}`, which is not a resource of this file",
                    raw.resource
                ),
            )
            .for_rule(rule.id())
            .in_file(&document.source.display),
        );
        return None;
    };
    let location = Location::of(&document.source, resource.span_of(&raw.path));
    let attribute = path_to_string(&raw.path);
    Some(Finding {
        rule_id: rule.id().to_owned(),
        severity: rule.meta.custom.severity,
        outcome: raw.outcome,
        fingerprint: fingerprint::fingerprint(rule.id(), &location.file, &resource.id, &attribute),
        message: raw.message,
        resource: resource.id.clone(),
        resource_type: resource.kind.clone(),
        attribute,
        location,
    })
}
