//! Plan → source mapping: a plan's findings on the `.tf` lines that declare them.
//!
//! Plan JSON has no line numbers worth showing (it is usually one line), so a CI job that
//! scans a plan could not annotate the pull request. When the plan's root module is at
//! hand — named with `--source-root`, paired in `palisade.toml`, or a directory above the
//! plan file — it is evaluated with the plan's own variable values, and each plan
//! resource is matched by address (module path and `count`/`for_each` keys included) to
//! the resource that configuration produces. The finding then points at the `.tf`
//! attribute, and the plan stays a related location.
//!
//! The plan's values decide; the source only adds what the plan cannot say. Where the
//! plan marks a value as known only after apply but the configuration writes it — a
//! `jsonencode` of a container definition with one secret ARN in it, a policy document
//! with an unknown key ARN — the configuration's value is used, with its own unknown
//! parts still unknown. Known plan values are never replaced.
//!
//! Repeated blocks are sets in a plan, in the provider's order, not the file's; they are
//! matched to the source's blocks by content, so `ingress[2]` of the plan lands on the
//! `ingress` block that says the same thing.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::hcl::{self, NotThePlansRoot};
use super::Document;
use crate::diagnostics::{Notification, Stage};
use crate::model::{AttrPath, PathSegment, PlannedAt, RawResource, Value};

/// Where the root modules of plans are to be found.
#[derive(Clone, Debug, Default)]
pub struct PlanSources {
    /// `--source-root DIR`: tried for every plan, in order.
    pub roots: Vec<PathBuf>,
    /// Plans paired with their root module (`palisade.toml`), tried first.
    pub pairs: Vec<(PathBuf, PathBuf)>,
    /// Do not look for the root module above the plan file.
    pub no_search: bool,
}

/// How far above a plan file its root module is looked for.
const SEARCH_DEPTH: usize = 8;

/// The directories that may be the plan's root module, most specific first: its pairing,
/// then `--source-root`s, then the directories above the plan that hold Terraform
/// files, up to the repository root (a directory with `.git`).
fn candidates(plan: &Path, sources: &PlanSources) -> (Vec<PathBuf>, bool) {
    let plan_key = canonical(plan);
    let mut out: Vec<PathBuf> = sources
        .pairs
        .iter()
        .filter(|(p, _)| canonical(p) == plan_key)
        .map(|(_, dir)| dir.clone())
        .collect();
    out.extend(sources.roots.iter().cloned());
    let explicit = !out.is_empty();
    if !sources.no_search {
        let mut dir = plan.parent().map(Path::to_path_buf);
        for _ in 0..SEARCH_DEPTH {
            let Some(current) = dir else { break };
            let here = if current.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                current.clone()
            };
            if !hcl::module_files(&here).is_empty() {
                out.push(here.clone());
            }
            if here.join(".git").exists() {
                break;
            }
            dir = canonical(&here).parent().map(Path::to_path_buf);
        }
    }
    (out, explicit)
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Maps `document` (a loaded plan) onto its root module, if one of the candidate
/// directories is it. Notes say which directory was used, or why none was.
pub fn map(
    mut document: Document,
    variables: &BTreeMap<String, Value>,
    root_declarations: &[String],
    sources: &PlanSources,
    reading: &super::read::Reading,
) -> Document {
    let Some(plan_path) = document.source().map(|s| s.path.clone()) else {
        return document;
    };
    let (dirs, explicit) = candidates(&plan_path, sources);
    let mut rejected = Vec::new();
    for dir in dirs {
        match hcl::load_for_plan(&dir, variables, root_declarations, reading) {
            Ok(source) => {
                attach(&mut document, source);
                return document;
            }
            Err(NotThePlansRoot::Missing(missing)) => rejected.push((dir, missing)),
            Err(NotThePlansRoot::Unreadable(note)) => rejected.push((dir, vec![note.message])),
        }
    }
    if explicit {
        let why: Vec<String> = rejected
            .iter()
            .map(|(dir, missing)| {
                let shown: Vec<&str> = missing.iter().take(3).map(String::as_str).collect();
                let more = missing.len().saturating_sub(3);
                let tail = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                format!(
                    "{} does not declare {}{tail}",
                    crate::source::display_path(dir),
                    if shown.is_empty() {
                        "what the plan's root module does".to_owned()
                    } else {
                        shown.join(", ")
                    }
                )
            })
            .collect();
        document.notifications.push(
            Notification::warning(
                Stage::Load,
                format!(
                    "the plan's root module was not found ({}); its findings point at the plan",
                    why.join("; ")
                ),
            )
            .in_file(&document.display),
        );
    }
    document
}

/// Points the plan's resources at their declarations in `source`, and fills what the
/// plan leaves unknown from the configuration.
fn attach(document: &mut Document, source: Document) {
    let offset = document.sources.len();
    let by_id: HashMap<&str, &RawResource> = source
        .resources
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut unmatched = Vec::new();
    for resource in &mut document.resources {
        let (declared, exact) = match by_id.get(resource.id.as_str()) {
            Some(found) => (Some(*found), true),
            None => (
                without_keys(&resource.id).and_then(|bare| by_id.get(bare.as_str()).copied()),
                false,
            ),
        };
        let Some(declared) = declared else {
            // Data sources read only while planning have no block of their own to show.
            if resource.change.is_some() {
                unmatched.push(resource.id.clone());
            }
            continue;
        };
        point_at(resource, declared, offset, exact);
    }
    // Only errors of the source matter to a plan's reader (a `.tf` that no longer
    // parses); its notes about remote modules and unknown values repeat what the plan
    // already says.
    for note in source
        .notifications
        .into_iter()
        .filter(Notification::is_error)
    {
        document.notifications.push(Notification {
            level: crate::diagnostics::Level::Warning,
            message: format!(
                "{} (in the plan's source, whose mapping may be partial)",
                note.message
            ),
            ..note
        });
    }
    if !unmatched.is_empty() {
        let shown: Vec<&str> = unmatched.iter().take(3).map(String::as_str).collect();
        document.notifications.push(
            Notification::note(
                Stage::Load,
                format!(
                    "{} planned resource(s) are not declared in {} ({}{}); their findings point at the plan",
                    unmatched.len(),
                    source.display,
                    shown.join(", "),
                    if unmatched.len() > 3 { ", …" } else { "" }
                ),
            )
            .in_file(&document.display),
        );
    }
    document.notifications.push(
        Notification::note(
            Stage::Load,
            format!(
                "findings are mapped to the Terraform source in {}",
                source.display
            ),
        )
        .in_file(&document.display),
    );
    document.source_root = Some(source.display.clone());
    document.sources.extend(source.sources);
}

/// `module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`: the address a
/// resource has in a configuration whose `count`/`for_each` was unknown, where one
/// resource stands for every instance. `None` when the address has no keys.
fn without_keys(id: &str) -> Option<String> {
    let mut out = String::with_capacity(id.len());
    let mut depth = 0usize;
    let mut quoted = false;
    let mut escaped = false;
    for c in id.chars() {
        match (depth, c) {
            (_, '"') if depth > 0 && !escaped => quoted = !quoted,
            (_, '[') if !quoted => depth += 1,
            (1.., ']') if !quoted => depth -= 1,
            (0, c) => out.push(c),
            _ => {}
        }
        escaped = c == '\\' && !escaped;
    }
    (out.len() != id.len()).then_some(out)
}

fn point_at(resource: &mut RawResource, declared: &RawResource, offset: usize, exact: bool) {
    let matcher = Matcher {
        source: &declared.attributes,
        plan: &resource.attributes,
        by_content: exact,
    };
    let attribute_spans: BTreeMap<AttrPath, crate::source::Span> = declared
        .attribute_spans
        .iter()
        .filter_map(|(path, span)| matcher.translate(path).map(|p| (p, *span)))
        .collect();
    let provenance: BTreeMap<AttrPath, String> = declared
        .provenance
        .iter()
        .filter_map(|(path, note)| matcher.translate(path).map(|p| (p, note.clone())))
        .collect();
    if exact {
        fill_unknowns(&mut resource.attributes, &declared.attributes);
    }
    resource.planned_at = Some(Box::new(PlannedAt {
        file: resource.file,
        span: resource.span,
        attribute_spans: std::mem::take(&mut resource.attribute_spans),
    }));
    resource.file = declared.file + offset;
    resource.span = declared.span;
    resource.attribute_spans = attribute_spans;
    resource.provenance = provenance;
    resource.module_chain.clone_from(&declared.module_chain);
    resource.call_sites = declared
        .call_sites
        .iter()
        .map(|&(file, span)| (file + offset, span))
        .collect();
}

/// Translates paths in the source's attribute tree to the plan's, where repeated blocks
/// may be in another order.
struct Matcher<'v> {
    source: &'v Value,
    plan: &'v Value,
    /// Match list elements by content (only for an exact address match: a resource
    /// standing for all instances has `each.key` unknown everywhere).
    by_content: bool,
}

impl Matcher<'_> {
    fn translate(&self, path: &[PathSegment]) -> Option<AttrPath> {
        let mut out = Vec::with_capacity(path.len());
        let mut source = Some(self.source);
        let mut plan = Some(self.plan);
        for segment in path {
            match segment {
                PathSegment::Key(key) => {
                    source = source.and_then(|v| v.get(key));
                    plan = plan.and_then(|v| v.get(key));
                    out.push(segment.clone());
                }
                PathSegment::Index(i) => {
                    let j = match (
                        source.and_then(Value::as_list),
                        plan.and_then(Value::as_list),
                    ) {
                        (Some(s), Some(p)) if self.by_content => {
                            pair_lists(s, p).get(*i).copied()?
                        }
                        (_, Some(p)) if *i >= p.len() => return None,
                        _ => Some(*i),
                    }?;
                    source = source.and_then(|v| v.as_list()).and_then(|l| l.get(*i));
                    plan = plan.and_then(|v| v.as_list()).and_then(|l| l.get(j));
                    out.push(PathSegment::Index(j));
                }
            }
        }
        Some(out)
    }
}

/// For each source element, the plan element it is: the same index when that one
/// agrees, else the first unpaired one that agrees, else none.
fn pair_lists(source: &[Value], plan: &[Value]) -> Vec<Option<usize>> {
    let mut used = vec![false; plan.len()];
    let mut out = Vec::with_capacity(source.len());
    for (i, element) in source.iter().enumerate() {
        let same_place =
            plan.get(i).is_some_and(|p| agrees(element, p)) && used.get(i).is_some_and(|u| !u);
        let j = if same_place {
            Some(i)
        } else {
            plan.iter()
                .enumerate()
                .find(|(j, p)| used.get(*j).is_some_and(|u| !u) && agrees(element, p))
                .map(|(j, _)| j)
        };
        if let Some(slot) = j.and_then(|j| used.get_mut(j)) {
            *slot = true;
        }
        out.push(j);
    }
    out
}

/// Whether a configured value and a planned one can be the same: every value both know
/// is equal (numbers and strings compared as text, as providers convert them), and an
/// unknown on either side agrees with anything.
fn agrees(source: &Value, plan: &Value) -> bool {
    match (source, plan) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => true,
        (Value::Map(s), Value::Map(p)) => s
            .iter()
            .all(|(k, v)| p.get(k).is_none_or(|pv| agrees(v, pv) || pv.is_null())),
        (Value::List(s), Value::List(p)) => {
            s.len() == p.len() && s.iter().zip(p).all(|(a, b)| agrees(a, b))
        }
        (Value::Null, _) | (_, Value::Null) => true,
        (a, b) => scalar_text(a) == scalar_text(b),
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map_or_else(|| n.to_string(), |f| format!("{}", f as i64)),
        ),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// Replaces values the plan only knows after apply with what the configuration writes,
/// where it writes more than "unknown".
fn fill_unknowns(plan: &mut Value, source: &Value) {
    match (plan, source) {
        (slot @ Value::Unknown(_), configured) if says_more(slot, configured) => {
            *slot = configured.clone();
        }
        (Value::Map(p), Value::Map(s)) => {
            for (key, value) in p.iter_mut() {
                if let Some(configured) = s.get(key) {
                    fill_unknowns(value, configured);
                }
            }
        }
        (Value::List(p), Value::List(s)) => {
            let pairs = pair_lists(s, p);
            for (i, j) in pairs.into_iter().enumerate() {
                if let (Some(configured), Some(value)) = (s.get(i), j.and_then(|j| p.get_mut(j))) {
                    fill_unknowns(value, configured);
                }
            }
        }
        _ => {}
    }
}

/// Whether the configured value tells more than the plan's unknown: it is (partly)
/// known, or an unknown whose shape is known (a template, an encoded document).
fn says_more(planned: &Value, configured: &Value) -> bool {
    match (planned, configured) {
        (_, Value::Null) => false,
        (Value::Unknown(p), Value::Unknown(c)) => {
            (c.encoded.is_some() && p.encoded.is_none())
                || (c.template.is_some() && p.template.is_none())
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v(json: serde_json::Value) -> Value {
        Value::from(&json)
    }

    #[test]
    fn keys_are_stripped_from_every_step() {
        assert_eq!(
            without_keys(r#"module.a["x[1]"].aws_s3_bucket.b[0]"#).as_deref(),
            Some("module.a.aws_s3_bucket.b")
        );
        assert_eq!(without_keys("aws_s3_bucket.b"), None);
    }

    #[test]
    fn blocks_pair_by_content_whatever_the_order() {
        let source = v(json!([{"from_port": 22, "cidr_blocks": ["10.0.0.0/8"]},
                              {"from_port": "443", "cidr_blocks": ["0.0.0.0/0"]}]));
        let plan = v(
            json!([{"from_port": 443, "cidr_blocks": ["0.0.0.0/0"], "description": null},
                            {"from_port": 22, "cidr_blocks": ["10.0.0.0/8"], "description": null}]),
        );
        let (Some(s), Some(p)) = (source.as_list(), plan.as_list()) else {
            panic!("lists")
        };
        assert_eq!(pair_lists(s, p), vec![Some(1), Some(0)]);
    }

    #[test]
    fn identical_blocks_pair_one_to_one() {
        let one = v(json!({"from_port": 22}));
        let list = [one.clone(), one.clone()];
        assert_eq!(pair_lists(&list, &list), vec![Some(0), Some(1)]);
    }

    #[test]
    fn unknowns_are_filled_only_where_the_source_knows_more() {
        let mut plan = v(json!({"name": "x", "arn": null, "policy": null}));
        if let Some(Value::Map(m)) = Some(&mut plan) {
            m.insert("arn".into(), Value::unknown("known after apply", vec![]));
            m.insert("policy".into(), Value::unknown("known after apply", vec![]));
            m.insert("kms".into(), Value::unknown("known after apply", vec![]));
        }
        let mut source = v(json!({"name": "y", "policy": {"Statement": []}}));
        if let Value::Map(m) = &mut source {
            m.insert("kms".into(), Value::unknown("aws_kms_key.k.arn", vec![]));
        }
        fill_unknowns(&mut plan, &source);
        // Known plan values win; a configured document fills the unknown; an unknown
        // that says no more stays the plan's.
        assert_eq!(plan.get("name").and_then(Value::as_str), Some("x"));
        assert!(plan
            .get("policy")
            .is_some_and(|p| p.get("Statement").is_some()));
        assert!(plan.get("arn").is_some_and(Value::is_unknown));
        assert_eq!(
            plan.get("kms")
                .and_then(Value::as_unknown)
                .map(|u| u.origin.as_str()),
            Some("known after apply")
        );
    }

    #[test]
    fn paths_translate_through_reordered_blocks() {
        let source = v(json!({"ingress": [{"from_port": 22}, {"from_port": 443}]}));
        let plan = v(json!({"ingress": [{"from_port": 443}, {"from_port": 22}]}));
        let matcher = Matcher {
            source: &source,
            plan: &plan,
            by_content: true,
        };
        let path = vec![PathSegment::Key("ingress".into()), PathSegment::Index(0)];
        assert_eq!(
            matcher.translate(&path),
            Some(vec![
                PathSegment::Key("ingress".into()),
                PathSegment::Index(1)
            ])
        );
    }
}
