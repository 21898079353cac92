//! Terraform plan JSON (`terraform show -json plan.out`), format versions 0.x and 1.x.
//!
//! A plan says what the infrastructure will look like *after* apply, which is what a
//! compliance gate must judge. The loader turns it into one [`RawResource`] per resource
//! instance (data sources included) and keeps Terraform's distinction between *absent*
//! and *unknown*:
//!
//! 1. `planned_values.root_module` (and its `child_modules`, depth first, in file order)
//!    gives each resource's address, type and known `values`; resources only in
//!    `resource_changes` (older or hand-made plans) use `change.after`. Resources that
//!    the plan only deletes (or forgets) are not part of the result and are left out.
//! 2. `resource_changes[].change.after_unknown` marks values that are known only after
//!    apply; they become [`Value::Unknown`] (`unknown.rs`).
//! 3. Each unknown is linked, through the `configuration` block's expressions, to the
//!    returned resources it derives from (`refs.rs`), so a security-group rule whose
//!    `security_group_id` is unknown still belongs to its group.
//! 4. Data sources read while planning come from `prior_state` (only those: its managed
//!    resources are what the plan replaces).
//! 5. Spans come from a scan of the text for `"address"` members (`spans.rs`), since
//!    serde keeps no positions and plans are usually a single line.
//!
//! Parsing happens exactly once, into typed structs that skip what the scan never reads
//! (`schema.rs`).

mod address;
mod refs;
mod schema;
mod spans;
mod unknown;

use std::collections::{HashMap, HashSet};

use serde::de::IgnoredAny;
use serde_json::Value as Json;

use super::{LoadError, Loaded};
use crate::diagnostics::{Notification, Stage};
use crate::model::{PlanChange, RawResource, Value};
use crate::source::{SourceFile, Span};
use schema::{Change, PlannedModule, ResourceChange};

/// How deep modules may nest. Real configurations rarely pass five levels; 32 is far
/// beyond that, bounds the recursion, and is low enough that this check (with a message
/// that says what is wrong) fires before serde_json's generic 128-level nesting limit.
pub const MAX_MODULE_DEPTH: usize = 32;

/// Loads one plan. See the module documentation for what is read from where.
pub fn load(source: &SourceFile) -> Result<Loaded, LoadError> {
    load_plan(source).map(|plan| (plan.resources, plan.notes))
}

/// A loaded plan: its resources, and what mapping it onto its source needs.
pub struct LoadedPlan {
    pub resources: Vec<RawResource>,
    pub notes: Vec<Notification>,
    /// The root module's variable values the plan was made with.
    pub variables: std::collections::BTreeMap<String, Value>,
    /// Addresses of the root module's resources and module calls in the plan's
    /// `configuration` (`aws_vpc.main`, `module.network`): how a source directory is
    /// recognised as the plan's root module.
    pub root_declarations: Vec<String>,
}

/// [`load`], keeping what plan-to-source mapping needs.
pub fn load_plan(source: &SourceFile) -> Result<LoadedPlan, LoadError> {
    let plan = parse(source)?;
    check_version(source, plan.format_version.as_ref())?;
    let schema::Plan {
        planned_values,
        resource_changes,
        configuration,
        values,
        errored,
        complete,
        prior_state,
        variables,
        ..
    } = plan;
    let variables = match &variables {
        Some(Json::Object(entries)) => entries
            .iter()
            .filter_map(|(name, var)| Some((name.clone(), Value::from(var.get("value")?))))
            .collect(),
        _ => std::collections::BTreeMap::new(),
    };
    if planned_values.is_none() && resource_changes.is_none() {
        return Err(LoadError::new(if values.is_some() {
            "this is `terraform show -json` of a state, not of a plan: it has no \
             planned_values or resource_changes (run it on a saved plan file)"
        } else {
            "not a Terraform plan: it has neither planned_values nor resource_changes"
        }));
    }

    let mut notes = Vec::new();
    if errored == Some(Json::Bool(true)) {
        notes.push(note_in(
            source,
            Notification::warning(
                Stage::Load,
                "Terraform reported errors while planning (\"errored\": true); \
                 resources it could not plan are missing from this scan",
            ),
        ));
    }
    if complete == Some(Json::Bool(false)) {
        notes.push(note_in(
            source,
            Notification::note(
                Stage::Load,
                "the plan is incomplete (\"complete\": false): Terraform deferred some \
                 changes to a later plan, which this scan cannot see",
            ),
        ));
    }

    let changes = resource_changes.as_deref().unwrap_or_default();
    let by_address = index_changes(changes);
    let mut found = Collected::default();
    if let Some(root) = planned_values.and_then(|p| p.root_module) {
        collect_planned(root, 0, &by_address, &mut found, &mut notes, source)?;
    }
    collect_changes_only(changes, &by_address, &mut found, &mut notes, source);
    if let Some(root) = prior_state
        .and_then(|p| p.values)
        .and_then(|v| v.root_module)
    {
        collect_read_data(root, 0, &mut found);
    }

    let Collected {
        ids,
        kinds,
        mut attributes,
        masks,
        changes: planned_changes,
        ..
    } = found;

    let config_root = configuration.as_ref().and_then(|c| c.root_module.as_ref());
    let root_declarations = config_root
        .map(|root| {
            root.resources
                .iter()
                .filter_map(schema::ConfigResource::base)
                .chain(
                    root.module_calls
                        .keys()
                        .map(|name| format!("module.{name}")),
                )
                .collect()
        })
        .unwrap_or_default();
    let resolver = refs::Resolver::new(config_root, &ids, MAX_MODULE_DEPTH)?;
    for ((id, value), mask) in ids.iter().zip(attributes.iter_mut()).zip(&masks) {
        let Some(mask @ Json::Object(_)) = mask else {
            continue;
        };
        let mut made = Vec::new();
        unknown::merge(value, mask, &mut Vec::new(), &mut made);
        let Some(parsed) = address::parse_address(id) else {
            continue;
        };
        // Linked after the merge, because telling repeated blocks apart needs the
        // merged value.
        for path in made {
            let refs = resolver.refs_for(&parsed, &path, value);
            if let Some(Value::Unknown(unknown)) = unknown::pointer_mut(value, &path) {
                unknown.refs = refs;
            }
        }
    }
    drop(resolver);

    let text: &str = &source.text;
    let mut located: HashMap<&str, Option<Span>> =
        ids.iter().map(|id| (id.as_str(), None)).collect();
    spans::locate_addresses(text, &mut located);
    // One-line plans gain nothing from attribute spans (every attribute is on line 1)
    // and are the big machine-written ones, so only multi-line plans pay for the scan.
    let pretty = source.line_count() > 2;
    let spans: Vec<Option<Span>> = ids
        .iter()
        .map(|id| located.get(id.as_str()).copied().flatten())
        .collect();
    drop(located);

    let resources = ids
        .into_iter()
        .zip(kinds)
        .zip(attributes)
        .zip(spans)
        .zip(planned_changes)
        .map(|((((id, kind), attributes), span), change)| {
            let mut resource = RawResource::new(id, kind, attributes, span.unwrap_or_default());
            resource.change = change;
            if let (true, Some(span)) = (pretty, span) {
                resource.attribute_spans = spans::attribute_spans(text, span.end);
            }
            resource
        })
        .collect();
    Ok(LoadedPlan {
        resources,
        notes,
        variables,
        root_declarations,
    })
}

/// The resources found so far, as parallel columns: the resolver borrows `ids` while
/// `attributes` are rewritten.
#[derive(Default)]
struct Collected<'c> {
    ids: Vec<String>,
    kinds: Vec<String>,
    attributes: Vec<Value>,
    masks: Vec<Option<&'c Json>>,
    changes: Vec<Option<PlanChange>>,
    seen: HashSet<String>,
}

impl<'c> Collected<'c> {
    fn push(
        &mut self,
        id: String,
        kind: String,
        attributes: Value,
        change: Option<&Change>,
        mask: Option<&'c Json>,
    ) {
        self.changes
            .push(change.and_then(|c| PlanChange::from_actions(&c.actions)));
        self.seen.insert(id.clone());
        self.ids.push(id);
        self.kinds.push(kind);
        // Policies index attributes by name; a plan value that is not an object (null
        // for a resource with no arguments) is an empty map, not an error.
        self.attributes.push(match attributes {
            map @ Value::Map(_) => map,
            _ => Value::Map(Default::default()),
        });
        self.masks.push(mask);
    }
}

/// The current-object change of each address. Changes to deposed objects share the
/// address and are ignored, so a pending delete of a deposed copy cannot hide the live
/// resource.
fn index_changes(changes: &[ResourceChange]) -> HashMap<&str, &Change> {
    let mut out = HashMap::new();
    for rc in changes {
        if let (None, Some(address), Some(change)) = (&rc.deposed, &rc.address, &rc.change) {
            out.entry(address.as_str()).or_insert(change);
        }
    }
    out
}

/// True when the plan only removes the resource: it will not exist (or no longer be
/// managed, for Terraform 1.7's `forget`) after apply, so there is nothing to judge.
/// Replacements (`["delete","create"]`, `["create","delete"]`) are kept.
fn is_removed(change: Option<&&Change>) -> bool {
    change.is_some_and(|c| {
        !c.actions.is_empty() && c.actions.iter().all(|a| a == "delete" || a == "forget")
    })
}

fn collect_planned<'c>(
    module: PlannedModule,
    depth: usize,
    by_address: &HashMap<&str, &'c Change>,
    found: &mut Collected<'c>,
    notes: &mut Vec<Notification>,
    source: &SourceFile,
) -> Result<(), LoadError> {
    if depth > MAX_MODULE_DEPTH {
        return Err(LoadError::new(format!(
            "planned_values nests child_modules more than {MAX_MODULE_DEPTH} levels deep"
        )));
    }
    for resource in module.resources {
        let Some(address) = resource.address else {
            notes.push(note_in(
                source,
                Notification::warning(
                    Stage::Load,
                    "skipped a planned resource without an \"address\"",
                ),
            ));
            continue;
        };
        let change = by_address.get(address.as_str());
        if is_removed(change) {
            continue;
        }
        if found.seen.contains(&address) {
            notes.push(duplicate(source, &address));
            continue;
        }
        let Some(kind) = resource.kind.or_else(|| kind_from_address(&address)) else {
            notes.push(no_type(source, &address));
            continue;
        };
        let values = match resource.values {
            Some(schema::PlanValue(values)) => values,
            None => change
                .and_then(|c| c.after.as_ref())
                .map_or(Value::Null, |after| after.0.clone()),
        };
        let mask = change.and_then(|c| c.after_unknown.as_ref());
        found.push(address, kind, values, change.copied(), mask);
    }
    for child in module.child_modules {
        collect_planned(child, depth + 1, by_address, found, notes, source)?;
    }
    Ok(())
}

/// Data sources Terraform read while planning (`prior_state`) that the plan does not
/// list again: their values are known, and resources built from them (the account id
/// of `aws_caller_identity`) can be understood through them.
fn collect_read_data(module: PlannedModule, depth: usize, found: &mut Collected<'_>) {
    if depth > MAX_MODULE_DEPTH {
        return;
    }
    for resource in module.resources {
        let (Some(address), Some("data")) = (resource.address, resource.mode.as_deref()) else {
            continue;
        };
        if found.seen.contains(&address) {
            continue;
        }
        let Some(kind) = resource.kind.or_else(|| kind_from_address(&address)) else {
            continue;
        };
        let values = resource.values.map_or(Value::Null, |v| v.0);
        found.push(address, kind, values, None, None);
    }
    for child in module.child_modules {
        collect_read_data(child, depth + 1, found);
    }
}

/// Resources that `planned_values` does not list (plans written without it, or by older
/// tools), in `resource_changes` order, from `change.after`.
fn collect_changes_only<'c>(
    changes: &'c [ResourceChange],
    by_address: &HashMap<&str, &'c Change>,
    found: &mut Collected<'c>,
    notes: &mut Vec<Notification>,
    source: &SourceFile,
) {
    for rc in changes {
        let (None, Some(address)) = (&rc.deposed, &rc.address) else {
            continue;
        };
        if found.seen.contains(address) {
            continue;
        }
        let change = by_address.get(address.as_str());
        if is_removed(change) {
            continue;
        }
        // No post-apply object (`after: null`): nothing will exist to judge.
        let Some(schema::PlanValue(after)) = change.and_then(|c| c.after.as_ref()) else {
            continue;
        };
        if after.is_null() {
            continue;
        }
        let Some(kind) = rc.kind.clone().or_else(|| kind_from_address(address)) else {
            notes.push(no_type(source, address));
            continue;
        };
        let mask = change.and_then(|c| c.after_unknown.as_ref());
        found.push(address.clone(), kind, after.clone(), change.copied(), mask);
    }
}

fn kind_from_address(address: &str) -> Option<String> {
    let parsed = address::parse_address(address)?;
    let base = parsed.base.strip_prefix("data.").unwrap_or(&parsed.base);
    base.split('.').next().map(str::to_owned)
}

fn note_in(source: &SourceFile, note: Notification) -> Notification {
    note.in_file(&source.display)
}

fn duplicate(source: &SourceFile, address: &str) -> Notification {
    note_in(
        source,
        Notification::warning(
            Stage::Load,
            format!("resource {address} appears twice in planned_values; the first is used"),
        ),
    )
}

fn no_type(source: &SourceFile, address: &str) -> Notification {
    note_in(
        source,
        Notification::warning(
            Stage::Load,
            format!("skipped {address}: it has no \"type\" and its address does not name one"),
        ),
    )
}

/// Parses the text once. A non-object top level is reported as such (serde would
/// otherwise happily read `[]` as a struct written as a sequence).
fn parse(source: &SourceFile) -> Result<schema::Plan, LoadError> {
    let text: &str = &source.text;
    let body = text.trim_start_matches([' ', '\t', '\r', '\n']);
    if !body.starts_with('{') {
        if let Err(error) = serde_json::from_str::<IgnoredAny>(text) {
            return Err(json_error(source, &error));
        }
        let what = match body.bytes().next() {
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            _ => "a number",
        };
        let start = text.len() - body.len();
        return Err(LoadError::at(
            format!("not a Terraform plan: the file holds {what}, but `terraform show -json` writes a JSON object"),
            Span::new(start, start + 1),
        ));
    }
    serde_json::from_str(text).map_err(|error| json_error(source, &error))
}

/// A serde_json error with its position turned into a byte span. serde_json counts
/// columns in *bytes* (1-based, pointing just past the offending byte), while
/// [`SourceFile::offset_of`] counts characters, so only the line start comes from there;
/// on a one-line plan with non-ASCII text the difference would be large. The message
/// states the position again in editor terms (character columns), and for a truncated
/// file points at its last character rather than past a trailing newline, where there is
/// nothing to show.
fn json_error(source: &SourceFile, error: &serde_json::Error) -> LoadError {
    use serde_json::error::Category;
    let text: &str = &source.text;
    let line_start = source.offset_of(error.line(), 1);
    let mut offset = (line_start + error.column().saturating_sub(1)).min(text.len());
    if error.classify() == Category::Eof {
        offset = offset.min(text.trim_end().len().saturating_sub(1));
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let end = text
        .get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(offset, |c| offset + c.len_utf8());
    let full = error.to_string();
    let what = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(what, _)| what);
    let at = source.line_col(offset);
    let position = format!("at line {} column {}", at.line, at.column);
    let message = match error.classify() {
        Category::Data => format!("not a valid Terraform plan: {what} {position}"),
        _ if what == "recursion limit exceeded" => {
            format!("invalid JSON: nested more than 128 levels deep {position}")
        }
        _ => format!("invalid JSON: {what} {position}"),
    };
    LoadError::at(message, Span::new(offset, end))
}

/// Accepts format versions 0.x (Terraform 0.12–0.15) and 1.x (Terraform 1.0 on); a new
/// major version may change meaning, so it is refused rather than misread.
fn check_version(source: &SourceFile, version: Option<&Json>) -> Result<(), LoadError> {
    let span = source.text.find("\"format_version\"").map(|start| {
        let end = source
            .text
            .get(start..)
            .and_then(|rest| rest.find([',', '}']))
            .map_or(start, |n| start + n);
        Span::new(start, end)
    });
    let message = match version {
        None => {
            return Err(LoadError::new(
                "not a Terraform plan: it has no \"format_version\" (expected the output of \
                 `terraform show -json <planfile>`)",
            ))
        }
        Some(Json::String(v)) => match v.split('.').next().map(str::parse::<u64>) {
            Some(Ok(0 | 1)) => return Ok(()),
            _ => format!(
                "unsupported plan format_version \"{v}\": palisade reads format versions 0.x and 1.x \
                 (Terraform 0.12 and later)"
            ),
        },
        Some(other) => format!("invalid format_version {other}: expected a string such as \"1.2\""),
    };
    Err(LoadError { message, span })
}

#[cfg(test)]
mod tests;
