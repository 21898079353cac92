//! Every built-in rule against its fixtures, in every input format it declares.
//!
//! Each rule `palisade.<area>.<rule_name>` has a directory `fixtures/rules/<rule_name>/`:
//!
//! - `fail.<format>`: every shape in it that breaks the rule must be reported, where it is
//!   marked, and nothing else may be. YAML templates mark the line a finding must start on
//!   with a trailing `# expect: PAL-XXX-NNN` comment (`# expect: PAL-XXX-NNN undecided` for
//!   an undecided finding; several rules separated by commas). JSON files cannot carry
//!   comments, so `expected.yaml` lists their findings: `{rule, resource, outcome, line?}`
//!   per file. It may list the YAML files' findings too, which then also pins their
//!   resources. A finding on a whole resource starts on the resource's own line: its
//!   logical id in a template, its `"address"` in a plan's `planned_values`.
//! - `pass.<format>`: the closest compliant shapes. Nothing may be reported, and the rule
//!   must have something to read in the file, so a pass cannot come from a file the
//!   loader or normaliser silently dropped.
//! - `undecided.<format>` (optional): values unknown until apply. Only the undecided
//!   findings listed in `expected.yaml` may be reported, and no violation.
//! - Terraform source fixtures are directories, since a directory is one root module:
//!   `fail-hcl/`, `pass-hcl/`, `undecided-hcl/` (several files, `*.tfvars`, a `modules/`
//!   subdirectory …). Their `.tf` files carry `# expect:` markers like YAML templates do; a
//!   finding on a resource declared in a called module is marked in the module's file.
//! - Terraform state fixtures (`fail.tfstate`, `pass.tfstate`) are what applying the plan
//!   fixture leaves, written from the same spec by `fixtures/tools/mkstate.py`. Their
//!   findings are listed in `expected.yaml`; where each points is checked against the
//!   file (`points_into_its_state_resource`).
//! - Live exports are what an auditor pulls from the account that state describes,
//!   written from the state fixture by `fixtures/tools/mklive.py`: an AWS Config snapshot
//!   (`fail.config.json`, `pass.config.json`) and a directory of AWS CLI outputs
//!   (`fail-cli/`, `pass-cli/`: one account's exports are one scan unit). Their findings
//!   name the live ids (`sg-…`, the bucket name) and are listed in `expected.yaml`; where
//!   each points is checked against the export (`points_into_its_config_item`,
//!   `points_into_its_cli_object`).
//!
//! A fixture that fails to load or normalise cleanly (any error notification) fails its
//! test: a fixture that does not load proves nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use palisade::diagnostics::Notification;
use palisade::discover::classify::classify_path;
use palisade::discover::{InputFile, InputKind};
use palisade::finding::Finding;
use palisade::policy::evaluate::Outcome;
use palisade::policy::metadata::FixtureFormat;
use palisade::policy::test_runner::test_rule_names;
use palisade::policy::{PolicySet, PolicySources, Rule};
use palisade::report::Report;
use palisade::scan::{scan, ScanConfig};
use serde::Deserialize;

// --- the rule set and its fixture directories ------------------------------------

struct Builtin {
    set: PolicySet,
    notes: Vec<Notification>,
}

fn builtin() -> &'static Builtin {
    static SET: OnceLock<Builtin> = OnceLock::new();
    SET.get_or_init(|| {
        let (set, notes) = PolicySet::load(&PolicySources {
            builtin: true,
            ..Default::default()
        });
        Builtin { set, notes }
    })
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn fixtures_root() -> PathBuf {
    root().join("fixtures").join("rules")
}

/// `data.palisade.network.sg_world_open_admin_ports` → `sg_world_open_admin_ports`.
fn rule_name(rule: &Rule) -> &str {
    rule.package.rsplit('.').next().unwrap_or(&rule.package)
}

fn fixture_dir(rule: &Rule) -> PathBuf {
    fixtures_root().join(rule_name(rule))
}

/// The file suffixes a declared format needs a fail and a pass fixture for.
fn suffixes(format: FixtureFormat) -> &'static [&'static str] {
    match format {
        FixtureFormat::Plan => &["plan.json"],
        FixtureFormat::Cfn => &["cfn.yaml", "cfn.json"],
        FixtureFormat::Hcl => &[HCL],
        FixtureFormat::State => &["tfstate"],
        FixtureFormat::Config => &["config.json"],
        FixtureFormat::Cli => &[CLI],
    }
}

/// The suffix of Terraform source fixtures, which are directories (`fail-hcl/`).
const HCL: &str = "hcl";

/// The suffix of AWS CLI export fixtures, also directories (`fail-cli/`): one account's
/// exports are one scan unit.
const CLI: &str = "cli";

const KNOWN_SUFFIXES: &[&str] = &[
    "plan.json",
    "cfn.yaml",
    "cfn.json",
    "tfstate",
    "config.json",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Fail,
    Pass,
    Undecided,
}

/// `fail.cfn.yaml` → (Fail, "cfn.yaml"); `fail-hcl` → (Fail, "hcl"); `fail-cli` → (Fail, "cli").
fn parse_fixture_name(name: &str) -> Option<(Kind, &str)> {
    match name.split_once('-') {
        Some((stem, HCL)) => return fixture_kind(stem).map(|kind| (kind, HCL)),
        Some((stem, CLI)) => return fixture_kind(stem).map(|kind| (kind, CLI)),
        _ => {}
    }
    let (stem, suffix) = name.split_once('.')?;
    let kind = fixture_kind(stem)?;
    KNOWN_SUFFIXES.contains(&suffix).then_some((kind, suffix))
}

fn fixture_kind(stem: &str) -> Option<Kind> {
    Some(match stem {
        "fail" => Kind::Fail,
        "pass" => Kind::Pass,
        "undecided" => Kind::Undecided,
        _ => return None,
    })
}

/// The fixtures of one rule, sorted by file name.
fn fixtures(rule: &Rule) -> Vec<(Kind, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(fixture_dir(rule)) else {
        return Vec::new();
    };
    let mut found: Vec<(Kind, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            parse_fixture_name(&name).map(|(kind, _)| (kind, entry.path()))
        })
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs every check over every rule and fails once, listing every problem found.
fn check_all(kind: Kind, check: impl Fn(&Rule, &Path, &mut Vec<String>)) {
    let builtin = builtin();
    assert!(
        !builtin.set.rules.is_empty(),
        "no built-in rules loaded: {:#?}",
        builtin.notes
    );
    let mut problems = Vec::new();
    let mut checked = 0usize;
    for rule in &builtin.set.rules {
        for (fixture_kind, path) in fixtures(rule) {
            if fixture_kind == kind {
                checked += 1;
                check(rule, &path, &mut problems);
            }
        }
    }
    assert!(
        checked > 0,
        "no {kind:?} fixtures found under {}",
        fixtures_root().display()
    );
    assert!(
        problems.is_empty(),
        "{} of {checked} {kind:?} fixture(s) failed:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

// --- expectations --------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Expected {
    Violation,
    Undecided,
}

impl Expected {
    fn of(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Violation => Expected::Violation,
            Outcome::Undecided => Expected::Undecided,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectation {
    rule: String,
    resource: String,
    outcome: Expected,
    #[serde(default)]
    line: Option<u32>,
}

/// `expected.yaml` of a rule: file name → findings.
fn expected_file(rule: &Rule) -> Result<BTreeMap<String, Vec<Expectation>>, String> {
    let path = fixture_dir(rule).join("expected.yaml");
    if !path.is_file() {
        return Ok(BTreeMap::new());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let parsed: Option<BTreeMap<String, Vec<Expectation>>> =
        yaml_serde::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(parsed.unwrap_or_default())
}

/// One `# expect:` marker: the 1-based line it is on, the rule, the outcome.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Marker {
    line: u32,
    rule: String,
    outcome: Expected,
}

/// The files of a fixture that can carry markers, as reports name them: the fixture
/// itself, or every `.tf` file below a Terraform fixture directory.
fn marked_files(path: &Path) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_path_buf()];
    }
    let mut out: Vec<PathBuf> = walk_files(path)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        .collect();
    out.sort();
    out
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk_files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Markers of every marked file of a fixture, as (file as reported, line, outcome, rule).
fn fixture_markers(path: &Path) -> Result<Vec<(String, Marker)>, String> {
    let mut out = Vec::new();
    for file in marked_files(path) {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let shown = palisade::source::display_path(&file);
        for marker in markers(&text).map_err(|e| format!("{shown}: {e}"))? {
            out.push((shown.clone(), marker));
        }
    }
    Ok(out)
}

/// The `# expect:` markers of a YAML fixture. A marker is a trailing comment on a line
/// with content; whole-line comments are prose, never markers.
fn markers(text: &str) -> Result<Vec<Marker>, String> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let Some((_, spec)) = line.split_once("# expect:") else {
            continue;
        };
        let line_no = u32::try_from(index + 1).map_err(|e| e.to_string())?;
        for item in spec.split(',') {
            let words: Vec<&str> = item.split_whitespace().collect();
            let (rule, outcome) = match words.as_slice() {
                [rule] | [rule, "violation"] => (*rule, Expected::Violation),
                [rule, "undecided"] => (*rule, Expected::Undecided),
                _ => {
                    return Err(format!(
                        "line {line_no}: malformed marker `# expect:{spec}`"
                    ))
                }
            };
            found.push(Marker {
                line: line_no,
                rule: rule.to_owned(),
                outcome,
            });
        }
    }
    Ok(found)
}

/// Matches expectations against actual findings of one rule; each actual finding is used
/// once. Expectations with a line are matched first (they are the stricter ones).
fn unmatched(expected: &[Expectation], actual: &[&Finding]) -> (Vec<String>, Vec<String>) {
    let mut pool: Vec<Option<&Finding>> = actual.iter().map(|f| Some(*f)).collect();
    let mut missing = Vec::new();
    let mut ordered: Vec<&Expectation> = expected.iter().collect();
    ordered.sort_by_key(|e| e.line.is_none());
    for want in ordered {
        let hit = pool.iter_mut().find(|slot| {
            slot.is_some_and(|f| {
                f.resource == want.resource
                    && Expected::of(f.outcome) == want.outcome
                    && want.line.is_none_or(|line| f.location.start.line == line)
            })
        });
        match hit {
            Some(slot) => *slot = None,
            None => missing.push(match want.line {
                Some(line) => format!("{:?} on `{}` at line {line}", want.outcome, want.resource),
                None => format!("{:?} on `{}`", want.outcome, want.resource),
            }),
        }
    }
    let extra = pool.into_iter().flatten().map(finding_line).collect();
    (missing, extra)
}

// --- running a fixture -----------------------------------------------------------------

fn run(path: &Path) -> Report {
    let config = ScanConfig {
        paths: vec![path.to_path_buf()],
        excludes: vec![],
        ..Default::default()
    };
    scan(&config, &builtin().set)
}

fn finding_line(f: &Finding) -> String {
    let attribute = if f.attribute.is_empty() {
        "-"
    } else {
        &f.attribute
    };
    format!(
        "{} {:?} `{}` [{}] line {}: {}",
        f.rule_id, f.outcome, f.resource, attribute, f.location.start.line, f.message
    )
}

fn notification_line(n: &Notification) -> String {
    let place = match (&n.location, &n.file) {
        (Some(location), _) => format!("{}:{}", location.file, location.start.line),
        (None, Some(file)) => file.clone(),
        (None, None) => "-".to_owned(),
    };
    format!("{:?} {:?} {place}: {}", n.level, n.stage, n.message)
}

/// Everything the scan said, for failure messages.
fn describe(report: &Report) -> String {
    let mut out = String::from("  actual findings (all rules):\n");
    if report.findings.is_empty() {
        out.push_str("    (none)\n");
    }
    for finding in &report.findings {
        let _ = writeln!(out, "    {}", finding_line(finding));
    }
    if !report.notifications.is_empty() {
        out.push_str("  notifications:\n");
        for note in &report.notifications {
            let _ = writeln!(out, "    {}", notification_line(note));
        }
    }
    out
}

fn errors(report: &Report) -> Vec<String> {
    report
        .notifications
        .iter()
        .filter(|n| n.is_error())
        .map(notification_line)
        .collect()
}

fn of_rule<'a>(report: &'a Report, rule: &Rule) -> Vec<&'a Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.rule_id == rule.id())
        .collect()
}

fn header(rule: &Rule, path: &Path) -> String {
    format!(
        "{} {}",
        rule.id(),
        path.strip_prefix(root()).unwrap_or(path).display()
    )
}

/// Compares a fail or undecided fixture's findings of `rule` with what is expected.
fn check_expected(rule: &Rule, path: &Path, kind: Kind, problems: &mut Vec<String>) {
    let name = file_name(path);
    let report = run(path);
    let mut issues = Vec::new();
    let load_errors = errors(&report);
    if !load_errors.is_empty() {
        issues.push(format!(
            "the fixture does not load cleanly:\n    {}",
            load_errors.join("\n    ")
        ));
    }
    let actual = of_rule(&report, rule);

    let listed = match expected_file(rule) {
        Ok(mut all) => all.remove(&name),
        Err(e) => {
            issues.push(format!("cannot read expected.yaml: {e}"));
            None
        }
    };
    let is_cli = name.ends_with(&format!("-{CLI}"));
    let is_yaml = name.ends_with(".yaml") || (path.is_dir() && !is_cli);
    let marked = if is_yaml {
        match fixture_markers(path) {
            Ok(found) => Some(found),
            Err(e) => {
                issues.push(format!("cannot read the `# expect:` markers: {e}"));
                None
            }
        }
    } else {
        None
    };
    if listed.is_none() && marked.as_ref().is_none_or(Vec::is_empty) {
        issues.push(if is_yaml {
            "no `# expect:` markers and no entry in expected.yaml".to_owned()
        } else {
            "no entry for this file in expected.yaml".to_owned()
        });
    }

    if let Some(listed) = &listed {
        if listed.is_empty() {
            issues.push("expected.yaml expects nothing of this fixture".to_owned());
        }
        for want in listed.iter().filter(|e| e.rule != rule.id()) {
            issues.push(format!(
                "expected.yaml names rule {} in {}'s fixtures",
                want.rule,
                rule.id()
            ));
        }
        let (missing, extra) = unmatched(listed, &actual);
        if !missing.is_empty() {
            issues.push(format!(
                "expected but not reported:\n    {}",
                missing.join("\n    ")
            ));
        }
        if !extra.is_empty() {
            issues.push(format!(
                "reported but not expected:\n    {}",
                extra.join("\n    ")
            ));
        }
    }

    if let Some(marked) = &marked {
        for (file, marker) in marked.iter().filter(|(_, m)| m.rule != rule.id()) {
            issues.push(format!(
                "{file} line {}: marker names rule {} in {}'s fixture",
                marker.line,
                marker.rule,
                rule.id()
            ));
        }
        let mut want: Vec<(String, u32, Expected)> = marked
            .iter()
            .filter(|(_, m)| m.rule == rule.id())
            .map(|(file, m)| (file.clone(), m.line, m.outcome))
            .collect();
        let mut got: Vec<(String, u32, Expected)> = actual
            .iter()
            .map(|f| {
                (
                    f.location.file.clone(),
                    f.location.start.line,
                    Expected::of(f.outcome),
                )
            })
            .collect();
        want.sort();
        got.sort();
        if want != got {
            issues.push(format!(
                "findings are not where the `# expect:` markers say:\n    marked (file, line, outcome):   {want:?}\n    reported (file, line, outcome): {got:?}"
            ));
        }
    }

    if name.ends_with(".tfstate") {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for finding in &actual {
            if let Err(why) = points_into_its_state_resource(&text, finding) {
                issues.push(format!("{}: {why}", finding_line(finding)));
            }
        }
    }

    if name.ends_with(".config.json") {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for finding in &actual {
            if let Err(why) = points_into_its_config_item(&text, finding) {
                issues.push(format!("{}: {why}", finding_line(finding)));
            }
        }
    }
    if is_cli {
        for finding in &actual {
            if let Err(why) = points_into_its_cli_object(finding) {
                issues.push(format!("{}: {why}", finding_line(finding)));
            }
        }
    }

    if kind == Kind::Undecided {
        let violations: Vec<String> = actual
            .iter()
            .filter(|f| f.outcome == Outcome::Violation)
            .map(|f| finding_line(f))
            .collect();
        if !violations.is_empty() {
            issues.push(format!(
                "an undecided fixture produced violations:\n    {}",
                violations.join("\n    ")
            ));
        }
        if !actual.iter().any(|f| f.outcome == Outcome::Undecided) {
            issues.push("an undecided fixture produced no undecided finding".to_owned());
        }
    }

    if !issues.is_empty() {
        problems.push(format!(
            "{}:\n  {}\n{}",
            header(rule, path),
            issues.join("\n  "),
            describe(&report)
        ));
    }
}

/// State files carry no `# expect:` markers and `expected.yaml` gives them no lines, so
/// where a finding points is checked against the file itself: its line is in the
/// resource the finding names (the nearest `"name"` of a state resource above it), and
/// names the attribute the finding is about (its last key; a list item starts its own
/// line), or, for a finding on the whole resource, the resource's `"type"`/`"name"` or
/// its instance's `"index_key"`.
fn points_into_its_state_resource(text: &str, finding: &Finding) -> Result<(), String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = finding.location.start.line as usize;
    let line = lines
        .get(at.wrapping_sub(1))
        .ok_or_else(|| format!("line {at} is not in the file"))?;
    let resource_name = finding
        .resource
        .split('[')
        .next()
        .and_then(|base| base.rsplit('.').next())
        .unwrap_or_default();
    let owner = lines
        .iter()
        .take(at + 1)
        .rev()
        .find_map(|l| l.strip_prefix("      \"name\": \""))
        .and_then(|rest| rest.split('"').next());
    if owner != Some(resource_name) {
        return Err(format!(
            "line {at} is in the state resource {owner:?}, not {resource_name:?}"
        ));
    }
    let attribute = finding.attribute.as_str();
    let fits = if attribute.is_empty() {
        ["\"type\"", "\"name\"", "\"index_key\""]
            .iter()
            .any(|key| line.contains(key))
    } else if attribute.ends_with(']') {
        let trimmed = line.trim_start();
        trimmed.starts_with(['{', '[', '"'])
            || trimmed.chars().next().is_some_and(|c| c.is_ascii_digit())
    } else {
        let last = attribute.rsplit('.').next().unwrap_or(attribute);
        line.contains(&format!("\"{last}\""))
    };
    if fits {
        Ok(())
    } else {
        Err(format!(
            "line {at} ({}) does not show the attribute `{attribute}`",
            line.trim()
        ))
    }
}

/// The live id a finding names, without the suffix of the resources palisade adds beside
/// a bucket (`acme-logs public access block`) or a user (`alice/inline`, `alice → arn`).
/// Only IAM's added resources are named `<principal>/<policy>`: other names may hold a
/// `/` of their own (the ECR repository `acme/api`).
fn live_id(finding: &Finding) -> &str {
    let resource = finding.resource.as_str();
    let iam = finding.resource_type.starts_with("aws_iam_");
    let resource = resource
        .strip_suffix(" public access block")
        .or_else(|| resource.strip_suffix(" bucket policy"))
        .or_else(|| resource.strip_suffix(" web ACL"))
        .unwrap_or(resource);
    resource
        .split(" → ")
        .next()
        .and_then(|r| {
            r.split('/')
                .next()
                .filter(|_| iam && !r.starts_with("arn:"))
                .or(Some(r))
        })
        .unwrap_or(resource)
}

/// Config fixtures carry no markers either, so each finding is checked against the file:
/// its line lies in the configuration item of the resource it names (an item is an
/// element of `configurationItems`, four spaces in), on the item's `resourceId` for a
/// finding on the whole resource, else inside its `configuration` or
/// `supplementaryConfiguration` — the element of the export that decides.
fn points_into_its_config_item(text: &str, finding: &Finding) -> Result<(), String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = finding.location.start.line as usize;
    let line = lines
        .get(at.wrapping_sub(1))
        .ok_or_else(|| format!("line {at} is not in the file"))?;
    let start = (0..at)
        .rev()
        .find(|&i| lines.get(i).is_some_and(|l| *l == "    {"))
        .ok_or_else(|| format!("line {at} is in no configuration item"))?;
    let end = (start..lines.len())
        .find(|&i| lines.get(i).is_some_and(|l| l.starts_with("    }")))
        .unwrap_or(lines.len());
    let item = lines.get(start..end).unwrap_or_default();
    let id = live_id(finding);
    let names = |key: &str| {
        item.iter()
            .any(|l| l.trim_start().starts_with(&format!("\"{key}\": \"{id}\"")))
    };
    if !(names("resourceId") || names("resourceName") || names("ARN")) {
        return Err(format!(
            "line {at} is not in the configuration item of {id}"
        ));
    }
    if finding.attribute.is_empty() {
        return line
            .contains("\"resourceId\"")
            .then_some(())
            .ok_or_else(|| format!("line {at} ({}) is not the item's resourceId", line.trim()));
    }
    let body = item
        .iter()
        .position(|l| {
            l.starts_with("      \"configuration\"")
                || l.starts_with("      \"supplementaryConfiguration\"")
        })
        .map(|i| start + i + 1);
    match body {
        Some(first) if at >= first => Ok(()),
        _ => Err(format!(
            "line {at} ({}) is outside the item's configuration",
            line.trim()
        )),
    }
}

/// A CLI fixture's finding points into a file of the unit that describes the resource:
/// a per-resource file in its own directory (`s3/<bucket>/`, `kms/<key-id>/`), an
/// object of a listing (an element eight spaces in) or the one object of a per-resource
/// output (a top-level member's object, four spaces in), that names the resource's id.
fn points_into_its_cli_object(finding: &Finding) -> Result<(), String> {
    let file = Path::new(&finding.location.file);
    let id = live_id(finding);
    let at = finding.location.start.line as usize;
    let text = std::fs::read_to_string(root().join(file))
        .or_else(|_| std::fs::read_to_string(file))
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let in_layout = file
        .parent()
        .and_then(|p| p.file_name())
        .is_some_and(|dir| dir.to_string_lossy() == id);
    if in_layout {
        return Ok(());
    }
    let lines: Vec<&str> = text.lines().collect();
    // A listed object (`"SecurityGroups": [` then `        {`), or the one object of a
    // per-resource output (`    "taskDefinition": {`, `    "Attributes": {`).
    let opens = |l: &str| {
        l == "        {" || (l.starts_with("    \"") && !l.starts_with("     ") && l.ends_with('{'))
    };
    let start = (0..at)
        .rev()
        .find(|&i| lines.get(i).is_some_and(|l| opens(l)))
        .ok_or_else(|| format!("line {at} of {} is in no listed object", file.display()))?;
    let indent = lines
        .get(start)
        .map_or(0, |l| l.len() - l.trim_start().len());
    let end = (start + 1..lines.len())
        .find(|&i| {
            lines.get(i).is_some_and(|l| {
                l.len() - l.trim_start().len() == indent && l.trim_start().starts_with('}')
            })
        })
        .unwrap_or(lines.len());
    let object = lines.get(start..end).unwrap_or_default();
    let quoted = format!("\"{id}\"");
    if object.iter().any(|l| l.contains(&quoted)) {
        Ok(())
    } else {
        Err(format!(
            "line {at} of {} is not in the object of {id}",
            file.display()
        ))
    }
}

/// The parts of the policy input a rule reads (`custom.reads`), as found in the estate
/// of one fixture: how many elements each holds.
fn read_counts(rule: &Rule, path: &Path) -> Result<Vec<(String, usize)>, String> {
    let input = policy_input(path)?;
    Ok(rule
        .meta
        .custom
        .reads
        .iter()
        .map(|part| {
            let value = input.pointer(&format!("/aws/{}", part.replace('.', "/")));
            let count = value
                .and_then(|v| {
                    v.as_array()
                        .map(Vec::len)
                        .or_else(|| v.as_object().map(serde_json::Map::len))
                })
                .unwrap_or(0);
            (part.clone(), count)
        })
        .collect())
}

/// The policy input of one fixture, as the scan builds it.
fn policy_input(path: &Path) -> Result<serde_json::Value, String> {
    let cli = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(&format!("-{CLI}")));
    let kind = if cli {
        InputKind::AwsCli
    } else if path.is_dir() {
        InputKind::TerraformModule
    } else {
        classify_path(path)
            .map_err(|e| e.to_string())?
            .ok_or("the file is not classified as an input")?
    };
    let document = palisade::load::load(&InputFile {
        path: path.to_path_buf(),
        kind,
    })
    .map_err(|note| notification_line(&note))?;
    let (estate, _) = palisade::normalise::normalise(&document);
    serde_json::to_value(&estate).map_err(|e| e.to_string())
}

/// How many resources the rule judges in one fixture, as the compliance report counts
/// them (`palisade::policy::coverage`: its `custom.evaluates`, else `custom.reads`).
fn judged(rule: &Rule, path: &Path) -> Result<usize, String> {
    let input = policy_input(path)?;
    let counts = palisade::policy::coverage::evaluated_per_rule(std::slice::from_ref(rule), &input);
    Ok(counts.first().copied().unwrap_or(0))
}

// --- the tests -------------------------------------------------------------------------

/// The compliance report passes a control only when its rules judged something, so what
/// a rule judges must be right: every fail and pass fixture holds resources of the kinds
/// the rule judges (a wrong `custom.evaluates` kind would count nothing here).
#[test]
fn fixtures_hold_what_the_rule_judges() {
    for kind in [Kind::Fail, Kind::Pass] {
        check_all(kind, |rule, path, problems| match judged(rule, path) {
            Ok(0) => problems.push(format!(
                "{}: the rule judges no resource here ({})",
                header(rule, path),
                palisade::policy::coverage::describe_subjects(&rule.meta.custom)
            )),
            Ok(_) => {}
            Err(e) => problems.push(format!("{}: {e}", header(rule, path))),
        });
    }
}

#[test]
fn fail_fixtures_report_exactly_the_expected_findings() {
    check_all(Kind::Fail, |rule, path, problems| {
        check_expected(rule, path, Kind::Fail, problems)
    });
}

#[test]
fn undecided_fixtures_report_undecided_and_no_violation() {
    check_all(Kind::Undecided, |rule, path, problems| {
        check_expected(rule, path, Kind::Undecided, problems)
    });
}

#[test]
fn pass_fixtures_report_nothing() {
    check_all(Kind::Pass, |rule, path, problems| {
        let report = run(path);
        let mut issues = Vec::new();
        let load_errors = errors(&report);
        if !load_errors.is_empty() {
            issues.push(format!(
                "the fixture does not load cleanly:\n    {}",
                load_errors.join("\n    ")
            ));
        }
        let reported: Vec<String> = of_rule(&report, rule)
            .into_iter()
            .map(finding_line)
            .collect();
        if !reported.is_empty() {
            issues.push(format!(
                "a pass fixture produced findings:\n    {}",
                reported.join("\n    ")
            ));
        }
        match read_counts(rule, path) {
            Ok(counts) if counts.iter().all(|(_, n)| *n == 0) => issues.push(format!(
                "the rule has nothing to read in this fixture (custom.reads: {counts:?}), so its pass proves nothing"
            )),
            Ok(_) => {}
            Err(e) => issues.push(format!("cannot build the policy input: {e}")),
        }
        if !issues.is_empty() {
            problems.push(format!(
                "{}:\n  {}\n{}",
                header(rule, path),
                issues.join("\n  "),
                describe(&report)
            ));
        }
    });
}

/// The built-in set loads without errors: a rule that fails to load would silently drop
/// out of every other test here.
#[test]
fn builtin_rules_load_cleanly() {
    let builtin = builtin();
    let errors: Vec<String> = builtin
        .notes
        .iter()
        .filter(|n| n.is_error())
        .map(notification_line)
        .collect();
    assert!(
        errors.is_empty(),
        "the built-in policies do not load cleanly:\n  {}",
        errors.join("\n  ")
    );
}

/// Every rule has a fixture directory with a fail and a pass fixture for each format it
/// declares, an `expected.yaml` entry for each JSON fail/undecided fixture, and Rego unit
/// tests beside it with at least one `test_deny_` and one `test_allow_` (and one
/// `test_undecided_` when it defines `undecided`). Every fixture directory belongs to a rule.
#[test]
fn every_rule_has_fixtures_and_unit_tests() {
    let builtin = builtin();
    let mut problems = Vec::new();
    for rule in &builtin.set.rules {
        let dir = fixture_dir(rule);
        let id = rule.id();
        if !dir.is_dir() {
            problems.push(format!("{id}: no fixture directory {}", dir.display()));
            continue;
        }
        for format in &rule.meta.custom.formats {
            for suffix in suffixes(*format) {
                for kind in ["fail", "pass"] {
                    let (file, present) = if *suffix == HCL || *suffix == CLI {
                        let d = dir.join(format!("{kind}-{suffix}"));
                        let present = d.is_dir();
                        (d, present)
                    } else {
                        let f = dir.join(format!("{kind}.{suffix}"));
                        let present = f.is_file();
                        (f, present)
                    };
                    if !present {
                        problems.push(format!(
                            "{id}: declares format {format:?} but has no {}",
                            file.display()
                        ));
                    }
                }
            }
        }
        let entries: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        for name in &entries {
            // `*.spec.yaml` are the sources `fixtures/tools/` writes plan fixtures from.
            let spec = name.ends_with(".spec.yaml");
            if name != "expected.yaml" && !spec && parse_fixture_name(name).is_none() {
                problems.push(format!(
                    "{id}: {name} is not a fixture name (fail|pass|undecided).({}) or (fail|pass|undecided)-({HCL}|{CLI})",
                    KNOWN_SUFFIXES.join("|")
                ));
            }
        }
        match expected_file(rule) {
            Ok(expected) => {
                for listed in expected.keys() {
                    if !entries.contains(listed) {
                        problems.push(format!(
                            "{id}: expected.yaml lists {listed}, which does not exist"
                        ));
                    }
                }
                for name in &entries {
                    let needs_entry = matches!(
                        parse_fixture_name(name),
                        Some((Kind::Fail | Kind::Undecided, _))
                    ) && (name.ends_with(".json")
                        || name.ends_with(&format!("-{CLI}")));
                    if needs_entry && !expected.contains_key(name) {
                        problems.push(format!("{id}: expected.yaml has no entry for {name}"));
                    }
                }
            }
            Err(e) => problems.push(format!("{id}: {e}")),
        }

        let Some(relative) = rule.origin.strip_prefix("builtin:") else {
            problems.push(format!("{id}: not a built-in origin: {}", rule.origin));
            continue;
        };
        let test_file = root().join("policies").join(
            relative
                .strip_suffix(".rego")
                .map(|stem| format!("{stem}_test.rego"))
                .unwrap_or_default(),
        );
        match std::fs::read_to_string(&test_file) {
            Ok(text) => {
                let names = test_rule_names(&text);
                let mut prefixes = vec!["test_deny_", "test_allow_"];
                if rule.has_undecided {
                    prefixes.push("test_undecided_");
                }
                for prefix in prefixes {
                    if !names.iter().any(|n| n.starts_with(prefix)) {
                        problems.push(format!(
                            "{id}: {} has no {prefix}* test",
                            test_file.display()
                        ));
                    }
                }
            }
            Err(e) => problems.push(format!(
                "{id}: no unit tests at {}: {e}",
                test_file.display()
            )),
        }
    }
    if let Ok(entries) = std::fs::read_dir(fixtures_root()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !builtin.set.rules.iter().any(|r| rule_name(r) == name) {
                problems.push(format!("fixtures/rules/{name} belongs to no built-in rule"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

// --- the harness's own logic --------------------------------------------------------

#[test]
fn markers_are_trailing_comments_only() {
    let text = "# prose mentioning `# expect:` is not a marker\nA:  # expect: PAL-NET-001\n  - B: 1  # expect: PAL-NET-001 undecided, PAL-IAM-001\nC: 2\n";
    assert_eq!(
        markers(text).unwrap(),
        vec![
            Marker {
                line: 2,
                rule: "PAL-NET-001".into(),
                outcome: Expected::Violation
            },
            Marker {
                line: 3,
                rule: "PAL-NET-001".into(),
                outcome: Expected::Undecided
            },
            Marker {
                line: 3,
                rule: "PAL-IAM-001".into(),
                outcome: Expected::Violation
            },
        ]
    );
    assert!(markers("A: 1  # expect: PAL-NET-001 maybe\n").is_err());
}

#[test]
fn fixture_names_are_recognised() {
    assert_eq!(
        parse_fixture_name("fail.cfn.yaml"),
        Some((Kind::Fail, "cfn.yaml"))
    );
    assert_eq!(
        parse_fixture_name("undecided.plan.json"),
        Some((Kind::Undecided, "plan.json"))
    );
    assert_eq!(parse_fixture_name("pass.cfn.yml"), None);
    assert_eq!(parse_fixture_name("fail-hcl"), Some((Kind::Fail, "hcl")));
    assert_eq!(parse_fixture_name("fail.tf"), None);
    assert_eq!(parse_fixture_name("expected.yaml"), None);
}

#[test]
fn rules_reference_page_is_current() {
    let expected = palisade::report::rules_doc::markdown(&builtin().set.rules);
    let path = root().join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "docs/rules.md is stale: regenerate it with `cargo run -q -- rules --markdown > docs/rules.md`"
    );
}

/// The live-export fixtures are what `fixtures/tools/mklive.py` writes from the state
/// fixtures (regenerate with `fixtures/tools/mklive-rules`): edited by hand, they would
/// no longer say what the state says. Needs python3 (standard library only).
#[test]
fn live_fixtures_are_what_mklive_writes_from_the_state_fixtures() {
    let out = std::process::Command::new("python3")
        .args(["fixtures/tools/mklive.py", "check", "fixtures/rules"])
        .current_dir(root())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "regenerate with fixtures/tools/mklive-rules:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
