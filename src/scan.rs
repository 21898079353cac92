//! The scan pipeline: discover → load → normalise → evaluate → resolve → report.
//! Every stage's problems become notifications in the report; nothing here exits.

use std::collections::BTreeSet;
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
    /// What loaders need beyond the inputs (Terraform variable values).
    pub load: load::LoadOptions,
    /// The day suppression expiries are judged against; `None` is today (UTC).
    pub today: Option<crate::suppress::Date>,
    /// The paths are changed files, as a pre-commit hook passes them: only what concerns
    /// them is reported (see [`UnitOptions::only_files`]).
    pub changed_files: bool,
    /// What `palisade.toml` says about suppressions in the code.
    pub inline: crate::suppress::InlinePolicy,
    /// `palisade.toml`'s own suppressions.
    pub suppressions: Vec<crate::config::ConfigSuppression>,
    /// Plans report only findings on resources they create, update or replace (see
    /// [`UnitOptions::changed_only`]).
    pub changed_only: bool,
    /// Show progress on standard error (the CLI decides: a terminal, not `--quiet`).
    pub progress: bool,
}

/// What one unit's scan needs besides the document and the policies.
#[derive(Clone, Copy, Debug)]
pub struct UnitOptions<'a> {
    pub today: crate::suppress::Date,
    /// Report only what concerns these files (display paths); `None` reports everything.
    pub only_files: Option<&'a BTreeSet<String>>,
    pub inline: &'a crate::suppress::InlinePolicy,
    /// `--changed-only`: in a plan, keep only findings on resources whose planned action
    /// is create, update or replace (`PlanChange::is_change`). Rules are evaluated on the
    /// whole plan first, so cross-resource findings on a changed resource are kept.
    /// Data sources are read, never changed: their findings are dropped (the resources
    /// that use them carry their own). Other formats have no actions: not limited.
    pub changed_only: bool,
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
    let today = config.today.unwrap_or_else(crate::suppress::Date::today);
    let named = if config.changed_files {
        discover::NamedFiles::MayBeOther
    } else {
        discover::NamedFiles::MustBeInputs
    };
    let discovered = discover::discover_with(
        &config.paths,
        &excludes,
        named,
        config.load.reading.max_file_size,
    );
    // A hook's changed files: each is scanned with its whole Terraform module (so that
    // references resolve), and only what concerns the changed files is reported.
    // A directory named among them stands for everything below it (`dir/`).
    let changed: Option<BTreeSet<String>> = config.changed_files.then(|| {
        config
            .paths
            .iter()
            .map(|p| {
                let shown = crate::source::display_path(p);
                match p.is_dir() {
                    true if shown == "." => String::new(),
                    true => format!("{}/", shown.trim_end_matches('/')),
                    false => shown,
                }
            })
            .collect()
    });
    let unit = UnitOptions {
        today,
        only_files: changed.as_ref(),
        inline: &config.inline,
        changed_only: config.changed_only,
    };
    report.notifications.extend(discovered.notifications);
    report.skipped = discovered
        .skipped
        .iter()
        .map(|p| crate::source::display_path(p))
        .collect();

    let progress = crate::progress::Progress::new(discovered.files.len(), config.progress);
    let results: Vec<UnitResult> = discovered
        .files
        .par_iter()
        .map_init(
            || policies.engine.clone(),
            |engine, input| {
                let result = guarded(&input.path, || match load::load_with(input, &config.load) {
                    Ok(document) => scan_document(&document, policies, engine, unit),
                    Err(note) => UnitResult {
                        notifications: vec![note],
                        ..UnitResult::default()
                    },
                });
                if result.panicked {
                    // Whatever state the panic left the engine in is not reused.
                    *engine = policies.engine.clone();
                }
                progress.inc();
                result
            },
        )
        .collect();
    progress.finish();

    report.stats = Stats {
        files_scanned: discovered.files.len(),
        files_skipped: discovered.skipped.len(),
        resources: results.iter().map(|r| r.resources).sum(),
        elapsed: std::time::Duration::ZERO,
    };
    if config.changed_only && !results.iter().any(|r| r.plan) {
        report.notifications.push(Notification::warning(
            Stage::Discover,
            "--changed-only limits the findings of Terraform plans, and no plan was scanned: \
             every finding is reported",
        ));
    }
    for result in results {
        report.sources.extend(result.sources);
        report.findings.extend(result.findings);
        report.notifications.extend(result.notifications);
        report.suppressions.extend(result.in_force);
        report.units.extend(result.coverage);
    }
    let (notes, in_force) = crate::suppress::apply_external(
        &config.suppressions,
        &policies.rules,
        today,
        &mut report.findings,
    );
    report.notifications.extend(notes);
    report.suppressions.extend(in_force);
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
    /// The texts of the unit's files, kept when findings or notifications point into them.
    sources: Vec<(String, std::sync::Arc<str>)>,
    /// The unit's suppressions in force.
    in_force: Vec<crate::suppress::InForce>,
    /// The unit is a Terraform plan.
    plan: bool,
    /// What the unit is and what each rule judged in it (absent when its policy input
    /// could not be built).
    coverage: Option<crate::policy::coverage::UnitCoverage>,
    /// Scanning the unit panicked (a palisade bug); the error says so.
    panicked: bool,
}

/// Runs one unit's scan so that a panic — a palisade bug, never the input's fault —
/// costs that unit only: it becomes an error naming the file (the scan is incomplete,
/// exit 2) and the other units are scanned in full, rather than the whole run dying
/// without a report. The panic message is still printed by the panic hook.
fn guarded(path: &std::path::Path, scan_unit: impl FnOnce() -> UnitResult) -> UnitResult {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(scan_unit)) {
        Ok(result) => result,
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            UnitResult {
                notifications: vec![Notification::error(
                    Stage::Load,
                    format!(
                        "internal error while scanning this file ({why}); it was not scanned. \
                         This is a palisade bug: please report it with the file if you can"
                    ),
                )
                .in_file(crate::source::display_path(path))],
                panicked: true,
                ..UnitResult::default()
            }
        }
    }
}

/// Normalises and evaluates one loaded document, resolving findings to locations.
pub fn scan_document(
    document: &Document,
    policies: &PolicySet,
    engine: &mut regorus::Engine,
    unit: UnitOptions<'_>,
) -> UnitResult {
    let (estate, mut notifications) = normalise::normalise(document);
    notifications.extend(document.notifications.iter().cloned());
    let (input, evaluated) = match serde_json::to_value(&estate) {
        Ok(json) => {
            let evaluated = crate::policy::coverage::evaluated_per_rule(&policies.rules, &json);
            (regorus::Value::from(json), evaluated)
        }
        Err(e) => {
            notifications.push(
                Notification::error(Stage::Normalise, format!("cannot build policy input: {e}"))
                    .in_file(&document.display),
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
            .map(|n| n.in_file(&document.display)),
    );
    let (mut findings, paths): (Vec<Finding>, Vec<crate::model::AttrPath>) = raw
        .into_iter()
        .filter_map(|raw| resolve(document, policies, raw, &mut notifications))
        .unzip();
    let (suppression_notes, in_force) = crate::suppress::apply(
        document,
        &policies.rules,
        unit.today,
        unit.inline,
        &mut findings,
        &paths,
    );
    notifications.extend(suppression_notes);
    if unit.changed_only && document.format == crate::model::SourceFormat::TerraformPlan {
        findings.retain(|f| {
            document
                .resource(&f.resource)
                .and_then(|r| r.change)
                .is_some_and(crate::model::PlanChange::is_change)
        });
    }
    if let Some(files) = unit.only_files {
        findings.retain(|f| concerns(document, f, files));
        // What could not be read still makes the scan incomplete, wherever it is.
        notifications.retain(|n| n.is_error() || n.file.as_ref().is_some_and(|f| named(files, f)));
    }
    // Only the text report shows source, as snippets of findings on lines short enough
    // to show (a plan is one long line): a file's text is kept only when one will be
    // shown, so a scan of thousands of plans does not hold every plan until the report.
    let sources = document
        .sources
        .iter()
        .filter(|s| {
            findings.iter().any(|f| {
                f.location.file == s.display && crate::report::text::snippet_fits(&s.text, f)
            })
        })
        .map(|s| (s.display.clone(), s.text.clone()))
        .collect();
    let coverage = coverage(document, policies, &evaluated, &findings);
    UnitResult {
        findings,
        notifications,
        resources: document.resources.len(),
        sources,
        in_force,
        plan: document.format == crate::model::SourceFormat::TerraformPlan,
        coverage: Some(coverage),
        panicked: false,
    }
}

/// What the unit is and what each rule judged in it, with the ARNs of the resources
/// findings name (for the compliance report).
fn coverage(
    document: &Document,
    policies: &PolicySet,
    evaluated: &[usize],
    findings: &[Finding],
) -> crate::policy::coverage::UnitCoverage {
    let arns = findings
        .iter()
        .filter_map(|f| {
            let arn = document
                .resource(&f.resource)?
                .attributes
                .get("arn")?
                .as_str()?;
            Some((f.resource.clone(), arn.to_owned()))
        })
        .collect();
    crate::policy::coverage::UnitCoverage {
        unit: document.display.clone(),
        format: document.format.as_str(),
        files: document.sources.iter().map(|s| s.display.clone()).collect(),
        resources: document.resources.len(),
        evaluated: policies
            .rules
            .iter()
            .zip(evaluated)
            .filter(|(_, &n)| n > 0)
            .map(|(rule, &n)| (rule.id().to_owned(), n))
            .collect(),
        arns,
    }
}

/// Whether a finding concerns one of `files`: it points into one, its value came from
/// one (a variable default, a tfvars file, a module input: the provenance the message
/// quotes, `default of var.x at variables.tf:3`), or its resource is created through a
/// `module` block written in one (the call's inputs decide it).
fn concerns(document: &Document, finding: &Finding, files: &BTreeSet<String>) -> bool {
    if named(files, &finding.location.file) {
        return true;
    }
    if document.format == crate::model::SourceFormat::Terraform {
        // Provenance names files relative to the root module's directory.
        let root = match document.display.as_str() {
            "." | "" => String::new(),
            dir => format!("{}/", dir.trim_end_matches('/')),
        };
        let quoted = files.iter().filter_map(|f| f.strip_prefix(root.as_str()));
        if quoted
            .filter(|short| !short.is_empty())
            .any(|short| finding.message.contains(&format!(" {short}:")))
        {
            return true;
        }
    }
    document
        .resource(&finding.resource)
        .is_some_and(|resource| {
            resource.call_sites.iter().any(|&(file, _)| {
                document
                    .sources
                    .get(file)
                    .is_some_and(|source| named(files, &source.display))
            })
        })
}

/// Whether `file` is one of `names`, or lies below one that ends in `/` (`""` is all).
fn named(names: &BTreeSet<String>, file: &str) -> bool {
    names.contains(file)
        || names
            .iter()
            .any(|n| (n.is_empty() || n.ends_with('/')) && file.starts_with(n.as_str()))
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
) -> Option<(Finding, crate::model::AttrPath)> {
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
            .in_file(&document.display),
        );
        return None;
    };
    let (file, span) = resource.location_of(&raw.path);
    let Some(source) = document.sources.get(file) else {
        notes.push(
            Notification::error(
                Stage::Policy,
                format!(
                    "resource `{}` names file #{} of a unit with {} file(s)",
                    resource.id,
                    file,
                    document.sources.len()
                ),
            )
            .in_file(&document.display),
        );
        return None;
    };
    let location = Location::of(source, span);
    let attribute = path_to_string(&raw.path);
    let related = resource
        .planned_at
        .as_ref()
        .and_then(|planned| {
            let plan = document.sources.get(planned.file)?;
            Some(crate::finding::Related {
                location: Location::of(plan, planned.span_of(&raw.path)),
                message: format!("{} in the plan", resource.id),
            })
        })
        .into_iter()
        .collect();
    let finding = Finding {
        rule_id: rule.id().to_owned(),
        severity: rule.meta.custom.severity,
        outcome: raw.outcome,
        fingerprint: fingerprint::fingerprint(
            rule.id(),
            document.fingerprint_unit(),
            &resource.id,
            &attribute,
        ),
        message: with_provenance(raw.message, resource, &raw.path),
        resource: resource.id.clone(),
        resource_type: resource.kind.clone(),
        construct: resource.construct_path.clone(),
        attribute,
        location,
        related,
        suppression: None,
        baseline_state: None,
    };
    Some((finding, raw.path))
}

/// Appends where the finding's value came from, when the loader recorded it: `… (value:
/// default of var.admin_cidr at variables.tf:3; via module.app at main.tf:12)`, or, for a
/// template `cdk synth` wrote, which construct the resource is (`… (construct:
/// Platform/Data/Database/Resource)`).
fn with_provenance(
    message: String,
    resource: &crate::model::RawResource,
    path: &[crate::model::PathSegment],
) -> String {
    let mut parts = Vec::new();
    if let Some(note) = resource.provenance_of(path) {
        parts.push(format!("value: {note}"));
    }
    if let Some(chain) = &resource.module_chain {
        parts.push(format!("via {chain}"));
    }
    if let Some(construct) = &resource.construct_path {
        parts.push(format!("construct: {construct}"));
    }
    if parts.is_empty() {
        message
    } else {
        format!("{message} ({})", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_unit_becomes_an_error_naming_its_file() {
        let result = guarded(std::path::Path::new("infra/main.tf"), || {
            panic!("index out of bounds")
        });
        assert!(result.panicked);
        let [note] = result.notifications.as_slice() else {
            panic!("one notification: {:?}", result.notifications)
        };
        assert!(note.is_error());
        assert!(
            note.message.contains("index out of bounds"),
            "{}",
            note.message
        );
        assert!(format!("{note:?}").contains("infra/main.tf"), "{note:?}");
        let fine = guarded(std::path::Path::new("ok.tf"), || UnitResult {
            resources: 3,
            ..UnitResult::default()
        });
        assert!(!fine.panicked);
        assert_eq!(fine.resources, 3);
    }
}
