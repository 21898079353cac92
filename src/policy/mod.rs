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

    /// Shipped with palisade (and so tested with it), not loaded from a user directory.
    pub fn is_builtin(&self) -> bool {
        self.origin.starts_with("builtin:")
    }
}

/// One policy source file.
#[derive(Clone, Debug)]
pub struct PolicyFile {
    pub origin: String,
    pub text: String,
    /// Path relative to its bundle root, used to place data files.
    pub relative: String,
    /// A built-in rule's METADATA, parsed and validated by build.rs, as JSON.
    pub metadata_json: Option<&'static str>,
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
    /// The rule that evaluates every rule in one query (`evaluate::evaluation_module`),
    /// once it is added; without it rules are evaluated one by one.
    evaluation: Option<String>,
    /// Evaluation modules added so far (each gets its own package).
    evaluations_added: usize,
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
        let mut data = serde_json::Map::new();
        for file in files.iter().filter(|f| !f.origin.ends_with(".rego")) {
            match parse_data_file(file) {
                Ok(value) => merge_at(&mut data, &data_prefix(&file.relative), value),
                Err(note) => notes.push(note),
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
        let data = serde_json::Value::Object(data);
        let modules: Vec<&PolicyFile> = files
            .iter()
            .filter(|f| f.origin.ends_with(".rego"))
            .collect();
        let (mut set, compile_notes) = compile(&modules, &data, sources.include_tests);
        let failed = set.smoke_test();
        if failed.is_empty() {
            notes.extend(compile_notes);
            set.add_evaluation(&mut notes);
            return (set, notes);
        }
        // Compiled again without the failing rules' files, so that the one query that
        // evaluates every rule never meets them.
        let failing: Vec<&str> = failed.iter().filter_map(|n| n.file.as_deref()).collect();
        let kept: Vec<&PolicyFile> = modules
            .iter()
            .copied()
            .filter(|f| !failing.contains(&f.origin.as_str()))
            .collect();
        let (mut set, compile_notes) = compile(&kept, &data, sources.include_tests);
        notes.extend(compile_notes);
        notes.extend(failed);
        set.add_evaluation(&mut notes);
        (set, notes)
    }

    /// Keeps only the rules `keep` accepts (`palisade.toml`'s enable and disable), and
    /// evaluates only those from then on; returns what went wrong doing so.
    pub fn retain_rules(&mut self, keep: impl FnMut(&Rule) -> bool) -> Vec<Notification> {
        let before = self.rules.len();
        self.rules.retain(keep);
        let mut notes = Vec::new();
        if self.rules.len() != before {
            self.add_evaluation(&mut notes);
        }
        notes
    }

    /// Adds the module that evaluates the current rules in one query, and prepares the
    /// engine with it (regorus analyses the modules on the first evaluation after one is
    /// added), so that every worker's clone starts prepared.
    fn add_evaluation(&mut self, notes: &mut Vec<Notification>) {
        self.evaluations_added += 1;
        let package = format!("palisade_internal.evaluation{}", self.evaluations_added);
        let module = evaluate::evaluation_module(&package, &self.rules);
        match self
            .engine
            .add_policy(format!("palisade:{package}.rego"), module)
        {
            Ok(_) => {
                let rule = format!("data.{package}.findings");
                self.engine.set_input(evaluate::empty_input());
                let _ = self.engine.eval_rule(rule.clone());
                self.evaluation = Some(rule);
            }
            Err(e) => {
                // Not the policies' fault; each rule is then evaluated alone.
                self.evaluation = None;
                notes.push(Notification::warning(
                    Stage::Policy,
                    format!(
                        "cannot evaluate all rules in one query, so each is evaluated alone \
                         (slower): {e}"
                    ),
                ));
            }
        }
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

    /// Evaluates every user rule once on an empty estate, so that a misspelt builtin or a
    /// malformed result is a load error rather than a silent gap at scan time; returns
    /// the failures. Built-in rules are left out: the test suite evaluates each of them
    /// on its fixtures, and the check cost every run ~20 % of start-up.
    fn smoke_test(&mut self) -> Vec<Notification> {
        self.engine.set_input(evaluate::empty_input());
        self.rules
            .iter()
            .filter(|rule| !rule.is_builtin())
            .filter_map(|rule| evaluate::eval_rule_raw(&mut self.engine, rule).err())
            .collect()
    }
}

/// One engine holding `modules` and the data document.
fn compile(
    modules: &[&PolicyFile],
    data: &serde_json::Value,
    include_tests: bool,
) -> (PolicySet, Vec<Notification>) {
    let mut notes = Vec::new();
    let mut engine = regorus::Engine::new();
    engine.set_rego_v0(false);
    evaluate::configure_engine(&mut engine);
    let mut rules = Vec::new();
    let mut tests = Vec::new();
    for file in modules {
        load_module(
            &mut engine,
            file,
            include_tests,
            &mut rules,
            &mut tests,
            &mut notes,
        );
    }
    if let Err(e) = engine.add_data(regorus::Value::from(data.clone())) {
        notes.push(Notification::error(
            Stage::Policy,
            format!("cannot add policy data: {e}"),
        ));
    }
    rules.sort_by(|a, b| a.id().cmp(b.id()).then_with(|| a.package.cmp(&b.package)));
    check_unique_ids(&mut rules, &mut notes);
    (
        PolicySet {
            engine,
            rules,
            tests,
            evaluation: None,
            evaluations_added: 0,
        },
        notes,
    )
}

/// The metadata of every built-in rule, read from the embedded bundle without compiling
/// it: what the compliance report measures against, so a rule that `palisade.toml`
/// disables or `--no-builtin` drops still shows its controls as not evaluated, never as
/// absent. Sorted by id; deprecated rules are left out.
pub fn builtin_rule_metas() -> Vec<RuleMeta> {
    let mut metas: Vec<RuleMeta> = embedded::BUILTIN_FILES
        .iter()
        .filter_map(|(_, _, json)| serde_json::from_str::<RuleMeta>(json.as_ref()?).ok())
        .filter(|meta| !meta.custom.deprecated)
        .collect();
    metas.sort_by(|a, b| a.custom.id.cmp(&b.custom.id));
    metas
}

fn builtin_files() -> Vec<PolicyFile> {
    embedded::BUILTIN_FILES
        .iter()
        .map(|(relative, text, metadata_json)| PolicyFile {
            origin: format!("builtin:{relative}"),
            text: (*text).to_owned(),
            relative: (*relative).to_owned(),
            metadata_json: *metadata_json,
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
            metadata_json: None,
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
    let meta = match file.metadata_json {
        Some(json) => serde_json::from_str(json).map_err(|e| metadata::MetadataError::Invalid {
            line: 1,
            message: format!("built-in metadata does not read back: {e}"),
        }),
        None => metadata::parse(&file.text),
    };
    match meta {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_file(origin: &str, id: &str, reads: &str, body: &str) -> PolicyFile {
        PolicyFile {
            origin: origin.to_owned(),
            text: format!(
                "# METADATA\n# title: T\n# description: D\n# custom:\n#   id: {id}\n\
                 #   severity: low\n#   remediation: R\n#   family: f\n#   reads: [{reads}]\n\
                 #   formats: [plan]\npackage t.{}\n\n{body}\n",
                id.to_lowercase().replace('-', "_")
            ),
            relative: "t.rego".to_owned(),
            metadata_json: None,
        }
    }

    /// One security group `sg-1` and nothing else.
    fn one_group() -> regorus::Value {
        let mut input = serde_json::to_value(crate::model::Estate::default()).unwrap_or_default();
        input["aws"]["security_groups"] = serde_json::json!([{"id": "sg-1"}]);
        regorus::Value::from(input)
    }

    fn set_of(files: &[PolicyFile]) -> PolicySet {
        let modules: Vec<&PolicyFile> = files.iter().collect();
        let (mut set, notes) = compile(&modules, &serde_json::json!({}), false);
        assert!(notes.is_empty(), "{notes:?}");
        set.add_evaluation(&mut Vec::new());
        set
    }

    const FLAGS_GROUPS: &str = "deny contains {\"resource\": g.id, \"path\": [], \"message\": \"m\"} if {\n\tsome g in input.aws.security_groups\n}";

    #[test]
    fn a_builtin_rule_is_not_evaluated_when_what_it_reads_is_empty() {
        // The rule misdeclares what it reads (kms_keys): evaluated alone it finds the
        // group, in the one query it is skipped. This is the difference
        // tests/evaluation.rs looks for on every fixture.
        let set = set_of(&[rule_file(
            "builtin:t/x.rego",
            "PAL-T-001",
            "kms_keys",
            FLAGS_GROUPS,
        )]);
        let mut engine = set.engine.clone();
        let (each, _) = set.evaluate_each(&mut engine, one_group());
        let (together, notes) = set.evaluate(&mut engine, one_group());
        assert_eq!(each.len(), 1);
        assert!(together.is_empty(), "{together:?}");
        assert!(notes.is_empty(), "{notes:?}");

        // Declared right, it is evaluated.
        let set = set_of(&[rule_file(
            "builtin:t/x.rego",
            "PAL-T-001",
            "security_groups",
            FLAGS_GROUPS,
        )]);
        let mut engine = set.engine.clone();
        assert_eq!(set.evaluate(&mut engine, one_group()).0, each);
    }

    #[test]
    fn a_user_rule_is_always_evaluated() {
        let set = set_of(&[rule_file("my/x.rego", "MY-1", "kms_keys", FLAGS_GROUPS)]);
        let mut engine = set.engine.clone();
        assert_eq!(set.evaluate(&mut engine, one_group()).0.len(), 1);
    }

    #[test]
    fn a_rule_failing_in_the_one_query_costs_only_that_rule() {
        let failing = "deny contains {\"resource\": g.id, \"path\": [], \"message\": m} if {\n\tsome g in input.aws.security_groups\n\tm := sprintf(\"%d\", [to_number(g.id)])\n}";
        let set = set_of(&[
            rule_file("my/bad.rego", "MY-1", "security_groups", failing),
            rule_file("my/good.rego", "MY-2", "security_groups", FLAGS_GROUPS),
        ]);
        let mut engine = set.engine.clone();
        let (findings, notes) = set.evaluate(&mut engine, one_group());
        assert_eq!(
            findings
                .iter()
                .map(|f| set.rules[f.rule_index].id())
                .collect::<Vec<_>>(),
            ["MY-2"]
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0].rule.as_deref(), Some("MY-1"));
        assert_eq!(
            (findings, notes),
            set.evaluate_each(&mut engine, one_group())
        );
    }

    #[test]
    fn rules_removed_after_loading_are_no_longer_reported() {
        let mut set = set_of(&[
            rule_file("my/a.rego", "MY-1", "security_groups", FLAGS_GROUPS),
            rule_file("my/b.rego", "MY-2", "security_groups", FLAGS_GROUPS),
        ]);
        assert!(set.retain_rules(|rule| rule.id() == "MY-2").is_empty());
        let mut engine = set.engine.clone();
        let (findings, _) = set.evaluate(&mut engine, one_group());
        assert_eq!(findings.len(), 1);
        assert_eq!(set.rules[findings[0].rule_index].id(), "MY-2");
    }

    #[test]
    fn built_in_metadata_from_the_build_reads_back_as_parsing_it_gives() {
        let mut checked = 0;
        for (relative, text, json) in embedded::BUILTIN_FILES {
            let Some(json) = json else {
                assert!(
                    !relative.ends_with(".rego")
                        || relative.ends_with("_test.rego")
                        || metadata::parse(text) == Err(metadata::MetadataError::Missing),
                    "{relative}"
                );
                continue;
            };
            let built: RuleMeta =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{relative}: {e}"));
            let mut parsed = metadata::parse(text).unwrap_or_else(|e| panic!("{relative}: {e}"));
            parsed.scope = None; // validated, not kept
            assert_eq!(built, parsed, "{relative}");
            checked += 1;
        }
        assert!(checked >= 60, "{checked} rules");
    }
}
