//! Policies: the built-in bundle and user policy directories, compiled once into one
//! regorus engine, with each rule's metadata parsed and validated at load time.
//!
//! A rule is a Rego package with a `# METADATA` block that defines `deny` (and optionally
//! `undecided`): sets of `{"resource", "path", "message"}` objects. Packages ending in
//! `_test` hold unit tests; packages without metadata are helper libraries and must not
//! define `deny`. Data files (`data.yaml` / `data.json`) are placed in the data tree by
//! their directory, as in an OPA bundle.

pub mod coverage;
pub mod evaluate;
pub mod metadata;
pub mod test_runner;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

pub use metadata::{RuleMeta, Severity};

use crate::diagnostics::{Notification, Stage};
use crate::source::display_path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));
}

/// A policy rule ready to evaluate.
#[derive(Clone, Debug)]
pub struct Rule {
    pub meta: RuleMeta,
    /// `data.palisade.network.sg_world_open_admin_ports`
    pub package: String,
    /// Where the rule came from: `builtin:palisade/...rego` or a user file path.
    pub origin: String,
    pub has_undecided: bool,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.meta.custom.id
    }
}

/// One policy source file.
#[derive(Clone, Debug)]
pub struct PolicyFile {
    pub origin: String,
    pub text: String,
    /// Path relative to its bundle root, used to place data files.
    pub relative: String,
}

/// Where policies come from.
#[derive(Clone, Debug, Default)]
pub struct PolicySources {
    pub builtin: bool,
    pub dirs: Vec<PathBuf>,
    /// Data files that replace the bundle's own data at their top-level keys.
    pub data_files: Vec<PathBuf>,
    /// Include `*_test` packages (for `palisade test`).
    pub include_tests: bool,
}

/// The compiled policy set: one engine holding every module and the data document.
#[derive(Clone)]
pub struct PolicySet {
    pub engine: regorus::Engine,
    pub rules: Vec<Rule>,
    /// Test packages loaded (only when asked for): (package, origin, test rule names).
    pub tests: Vec<(String, String, Vec<String>)>,
}

impl PolicySet {
    /// Loads and compiles everything; problems are returned as notifications and the
    /// offending file or rule left out, so one bad user policy does not hide the rest.
    pub fn load(sources: &PolicySources) -> (PolicySet, Vec<Notification>) {
        let mut notes = Vec::new();
        let mut files = Vec::new();
        if sources.builtin {
            files.extend(builtin_files());
        }
        for dir in &sources.dirs {
            match read_policy_dir(dir) {
                Ok(found) => files.extend(found),
                Err(note) => notes.push(note),
            }
        }
        let mut engine = regorus::Engine::new();
        engine.set_rego_v0(false);
        evaluate::configure_engine(&mut engine);
        let mut rules = Vec::new();
        let mut tests = Vec::new();
        let mut data = serde_json::Map::new();
        for file in &files {
            if file.origin.ends_with(".rego") {
                load_module(
                    &mut engine,
                    file,
                    sources.include_tests,
                    &mut rules,
                    &mut tests,
                    &mut notes,
                );
            } else {
                match parse_data_file(file) {
                    Ok(value) => merge_at(&mut data, &data_prefix(&file.relative), value),
                    Err(note) => notes.push(note),
                }
            }
        }
        for path in &sources.data_files {
            match std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|text| parse_data_text(&text, path).map_err(|e| e.to_string()))
            {
                Ok(serde_json::Value::Object(map)) => overlay(&mut data, map),
                Ok(_) => notes.push(
                    Notification::error(Stage::Policy, "data file must hold an object")
                        .in_file(display_path(path)),
                ),
                Err(e) => notes.push(
                    Notification::error(Stage::Policy, format!("cannot load data file: {e}"))
                        .in_file(display_path(path)),
                ),
            }
        }
        if let Err(e) = engine.add_data(regorus::Value::from(serde_json::Value::Object(data))) {
            notes.push(Notification::error(
                Stage::Policy,
                format!("cannot add policy data: {e}"),
            ));
        }
        rules.sort_by(|a, b| a.id().cmp(b.id()).then_with(|| a.package.cmp(&b.package)));
        check_unique_ids(&mut rules, &mut notes);
        let mut set = PolicySet {
            engine,
            rules,
            tests,
        };
        set.smoke_test(&mut notes);
        (set, notes)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| {
            r.id().eq_ignore_ascii_case(id)
                || r.meta
                    .custom
                    .aliases
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(id))
        })
    }

    /// Evaluates every rule once on an empty estate, so that a misspelt builtin or a
    /// malformed result is a load error rather than a silent gap at scan time. Failing
    /// rules are removed from the set.
    ///
    /// It runs on the set's own engine: the first evaluation prepares it (analysis,
    /// scheduling, ~7 ms for the built-in set), and every worker's clone then starts
    /// prepared instead of repeating that.
    fn smoke_test(&mut self, notes: &mut Vec<Notification>) {
        self.engine.set_input(evaluate::empty_input());
        let mut failed = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            if let Err(note) = evaluate::eval_rule_raw(&mut self.engine, rule) {
                notes.push(note);
                failed.push(index);
            }
        }
        for index in failed.into_iter().rev() {
            self.rules.remove(index);
        }
    }
}

/// The metadata of every built-in rule, read from the embedded bundle without compiling
/// it: what the compliance report measures against, so a rule that `palisade.toml`
/// disables or `--no-builtin` drops still shows its controls as not evaluated, never as
/// absent. Sorted by id; deprecated rules are left out.
pub fn builtin_rule_metas() -> Vec<RuleMeta> {
    let mut metas: Vec<RuleMeta> = embedded::BUILTIN_FILES
        .iter()
        .filter(|(relative, _)| relative.ends_with(".rego") && !relative.ends_with("_test.rego"))
        .filter_map(|(_, text)| metadata::parse(text).ok())
        .filter(|meta| !meta.custom.deprecated)
        .collect();
    metas.sort_by(|a, b| a.custom.id.cmp(&b.custom.id));
    metas
}

fn builtin_files() -> Vec<PolicyFile> {
    embedded::BUILTIN_FILES
        .iter()
        .map(|(relative, text)| PolicyFile {
            origin: format!("builtin:{relative}"),
            text: (*text).to_owned(),
            relative: (*relative).to_owned(),
        })
        .collect()
}

fn read_policy_dir(dir: &Path) -> Result<Vec<PolicyFile>, Notification> {
    if !dir.is_dir() {
        return Err(
            Notification::error(Stage::Policy, "policy directory does not exist")
                .in_file(display_path(dir)),
        );
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Notification::error(Stage::Policy, format!("cannot read policy directory: {e}"))
                .in_file(display_path(dir))
        })?;
        let path = entry.path();
        let is_policy = path.extension().is_some_and(|e| e == "rego");
        let is_data = matches!(
            path.file_name().and_then(|n| n.to_str()),
            Some("data.yaml" | "data.yml" | "data.json")
        );
        if !entry.file_type().is_file() || !(is_policy || is_data) {
            continue;
        }
        let text = std::fs::read_to_string(path).map_err(|e| {
            Notification::error(Stage::Policy, format!("cannot read policy: {e}"))
                .in_file(display_path(path))
        })?;
        let relative = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        files.push(PolicyFile {
            origin: display_path(path),
            text,
            relative,
        });
    }
    Ok(files)
}

fn is_test_package(package: &str) -> bool {
    package.ends_with("_test")
}

fn load_module(
    engine: &mut regorus::Engine,
    file: &PolicyFile,
    include_tests: bool,
    rules: &mut Vec<Rule>,
    tests: &mut Vec<(String, String, Vec<String>)>,
    notes: &mut Vec<Notification>,
) {
    let declared_package = file
        .text
        .lines()
        .find_map(|l| l.trim().strip_prefix("package "))
        .map(|p| p.trim().to_owned())
        .unwrap_or_default();
    if is_test_package(&declared_package) && !include_tests {
        return;
    }
    let package = match engine.add_policy(file.origin.clone(), file.text.clone()) {
        Ok(package) => package,
        Err(e) => {
            notes.push(
                Notification::error(Stage::Policy, format!("cannot compile policy: {e}"))
                    .in_file(&file.origin),
            );
            return;
        }
    };
    let declares = |name: &str| {
        engine
            .has_declared_rule_rooted_at(&file.origin, name)
            .unwrap_or(false)
    };
    if is_test_package(&package) {
        tests.push((
            package,
            file.origin.clone(),
            test_runner::test_rule_names(&file.text),
        ));
        return;
    }
    let has_deny = declares("deny");
    let has_undecided = declares("undecided");
    match metadata::parse(&file.text) {
        Ok(meta) => {
            if !has_deny {
                notes.push(
                    Notification::error(Stage::Policy, "rule has METADATA but defines no `deny`")
                        .in_file(&file.origin)
                        .for_rule(&meta.custom.id),
                );
                return;
            }
            rules.push(Rule {
                meta,
                package,
                origin: file.origin.clone(),
                has_undecided,
            });
        }
        Err(metadata::MetadataError::Missing) if !has_deny && !has_undecided => {} // a library
        Err(e) => notes.push(
            Notification::error(Stage::Policy, format!("policy rejected: {e}"))
                .in_file(&file.origin),
        ),
    }
}

fn check_unique_ids(rules: &mut Vec<Rule>, notes: &mut Vec<Notification>) {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    rules.retain(|rule| {
        if let Some(first) = seen.get(rule.id()) {
            notes.push(
                Notification::error(
                    Stage::Policy,
                    format!(
                        "rule id {} is already used by {first}; this copy is ignored",
                        rule.id()
                    ),
                )
                .in_file(&rule.origin),
            );
            false
        } else {
            seen.insert(rule.id().to_owned(), rule.origin.clone());
            true
        }
    });
}

/// `palisade/network/data.yaml` → `["palisade", "network"]`.
fn data_prefix(relative: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative.split('/').map(str::to_owned).collect();
    parts.pop();
    parts
}

fn parse_data_file(file: &PolicyFile) -> Result<serde_json::Value, Notification> {
    parse_data_text(&file.text, Path::new(&file.relative)).map_err(|e| {
        Notification::error(Stage::Policy, format!("cannot parse data file: {e}"))
            .in_file(&file.origin)
    })
}

fn parse_data_text(text: &str, path: &Path) -> Result<serde_json::Value, String> {
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        yaml_serde::from_str(text).map_err(|e| e.to_string())
    }
}

fn merge_at(
    root: &mut serde_json::Map<String, serde_json::Value>,
    prefix: &[String],
    value: serde_json::Value,
) {
    let mut node = root;
    for key in prefix {
        let entry = node
            .entry(key.clone())
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if !entry.is_object() {
            *entry = serde_json::Value::Object(serde_json::Map::new());
        }
        let serde_json::Value::Object(next) = entry else {
            return;
        };
        node = next;
    }
    if let serde_json::Value::Object(map) = value {
        overlay(node, map);
    }
}

/// Merges `source` into `target`: objects merge key by key, anything else replaces.
fn overlay(
    target: &mut serde_json::Map<String, serde_json::Value>,
    source: serde_json::Map<String, serde_json::Value>,
) {
    for (key, value) in source {
        match (target.get_mut(&key), value) {
            (Some(serde_json::Value::Object(existing)), serde_json::Value::Object(incoming)) => {
                overlay(existing, incoming);
            }
            (_, value) => {
                target.insert(key, value);
            }
        }
    }
}
