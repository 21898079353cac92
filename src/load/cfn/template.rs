//! The format-agnostic interpreter: a template [`Node`] → resources with resolved
//! `Properties` and a span for every property path.
//!
//! What is resolved, and how, is in [`super::intrinsics`] (values) and
//! [`super::conditions`] (the `Conditions` section); this module reads the sections,
//! types parameter defaults and walks the resources.

use std::collections::{BTreeMap, BTreeSet};

use super::conditions::{CondState, Tri};
use super::intrinsics::Recorder;
use super::node::{Kind, Node};
use crate::diagnostics::{Notification, Stage};
use crate::load::{LoadError, Loaded};
use crate::model::value::{Map, Value};
use crate::model::RawResource;
use crate::source::{Location, SourceFile, Span};
use crate::suppress::Directive;

/// Everything resolution needs to know about the template, and the notes it makes.
pub(super) struct Context<'t> {
    pub source: &'t SourceFile,
    /// Each parameter's value as deployed with the defaults (or why it is unknown).
    pub parameters: BTreeMap<String, Value>,
    pub mappings: Option<&'t Node>,
    pub conditions: BTreeMap<String, &'t Node>,
    pub condition_state: BTreeMap<String, CondState>,
    /// Logical ids of every resource declared, deployed or not.
    pub resources: BTreeSet<String>,
    pub notes: Vec<Notification>,
}

impl Context<'_> {
    pub fn warn(&mut self, span: Span, message: impl Into<String>) {
        self.notes
            .push(Notification::warning(Stage::Load, message).at(Location::of(self.source, span)));
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.notes
            .push(Notification::error(Stage::Load, message).at(Location::of(self.source, span)));
    }
}

pub fn interpret(source: &SourceFile, root: &Node) -> Result<Loaded, LoadError> {
    if root.entries().is_none() {
        return Err(LoadError::at(
            format!(
                "a CloudFormation template must be a mapping, not {}",
                root.shape()
            ),
            root.span,
        ));
    }
    let Some(resources) = root.entry("Resources") else {
        return Err(LoadError::at(
            "not a CloudFormation template: there is no Resources section",
            Span::new(root.span.start, root.span.start),
        ));
    };
    let Some(resource_entries) = resources.value.entries() else {
        return Err(LoadError::at(
            format!(
                "Resources must be a mapping, not {}",
                resources.value.shape()
            ),
            resources.span(),
        ));
    };

    let mut cx = Context {
        source,
        parameters: BTreeMap::new(),
        mappings: root.get("Mappings"),
        conditions: BTreeMap::new(),
        condition_state: BTreeMap::new(),
        resources: resource_entries.iter().map(|e| e.key.clone()).collect(),
        notes: Vec::new(),
    };

    if let Some(transform) = root.entry("Transform") {
        let names = match &transform.value.kind {
            Kind::String(s) => s.clone(),
            Kind::Seq(items) => items
                .iter()
                .map(|i| i.as_str().unwrap_or("(macro with parameters)"))
                .collect::<Vec<_>>()
                .join(", "),
            _ => "(macro with parameters)".to_owned(),
        };
        cx.warn(
            transform.span(),
            format!(
                "the template uses the transform {names}, which is not expanded: resources and \
                 properties it would generate are not checked"
            ),
        );
    }
    if let Some(params) = root.entry("Parameters") {
        read_parameters(&mut cx, &params.value, params.span());
    }
    if let Some(mappings) = root.entry("Mappings") {
        if mappings.value.entries().is_none() {
            cx.warn(
                mappings.span(),
                format!("Mappings must be a mapping, not {}", mappings.value.shape()),
            );
            cx.mappings = None;
        }
    }
    if let Some(conditions) = root.entry("Conditions") {
        match conditions.value.entries() {
            Some(entries) => {
                cx.conditions = entries.iter().map(|e| (e.key.clone(), &e.value)).collect();
            }
            None => cx.warn(
                conditions.span(),
                format!(
                    "Conditions must be a mapping, not {}",
                    conditions.value.shape()
                ),
            ),
        }
    }

    let mut out = Vec::with_capacity(resource_entries.len());
    for entry in resource_entries {
        let id = entry.key.as_str();
        if id.starts_with("Fn::ForEach::") {
            cx.warn(
                entry.span(),
                format!("{id} is not expanded (AWS::LanguageExtensions): the resources it would create are not checked"),
            );
            continue;
        }
        if id == "Fn::Transform" {
            cx.warn(
                entry.span(),
                "Fn::Transform in Resources is not expanded: the resources it would include are not checked",
            );
            continue;
        }
        let decl = &entry.value;
        if decl.entries().is_none() {
            cx.error(
                entry.span(),
                format!(
                    "resource {id} must be a mapping, not {}; skipped",
                    decl.shape()
                ),
            );
            continue;
        }
        let kind = match decl.get("Type") {
            None => {
                cx.error(entry.span(), format!("resource {id} has no Type; skipped"));
                continue;
            }
            Some(t) => match t.as_str() {
                Some(kind) if !kind.is_empty() => kind.to_owned(),
                _ => {
                    let message = match rain_module(t) {
                        Some(module) => format!("resource {id} is a Rain module ({module}), which the `rain` CLI expands before deploying; palisade does not expand it: scan the template `rain pkg` writes; skipped"),
                        None => format!(
                            "the Type of resource {id} must be a type name, not {}; skipped",
                            t.shape()
                        ),
                    };
                    cx.error(t.span, message);
                    continue;
                }
            },
        };
        if let Some(condition) = decl.entry("Condition") {
            match condition.value.as_str() {
                Some(name) => {
                    if cx.condition_named(name, condition.value.span, 0)? == Tri::False {
                        continue;
                    }
                }
                None => cx.warn(
                    condition.span(),
                    format!("the Condition of resource {id} must be a condition name; the resource is kept"),
                ),
            }
        }
        let mut recorder = Recorder::default();
        let attributes = match decl.entry("Properties") {
            None => Value::Map(Map::new()),
            Some(props) => {
                match cx.resolve(&props.value, 0, Some(&mut recorder))? {
                    Some(Value::Map(map)) => Value::Map(map),
                    None | Some(Value::Null) => Value::Map(Map::new()),
                    Some(Value::Unknown(unknown)) => {
                        cx.warn(
                            props.span(),
                            format!(
                            "the Properties of resource {id} are not known before deployment ({}); \
                             they are not checked",
                            unknown.origin
                        ),
                        );
                        Value::Map(Map::new())
                    }
                    Some(_) => {
                        cx.error(
                        props.span(),
                        format!("the Properties of resource {id} must be a mapping, not {}; skipped", props.value.shape()),
                    );
                        continue;
                    }
                }
            }
        };
        let mut resource = RawResource::new(id, kind, attributes, entry.span());
        resource.attribute_spans = recorder.spans;
        if let Some(metadata) = decl.get("Metadata") {
            resource.ignores = read_ignores(&mut cx, metadata);
            resource.construct_path = metadata
                .get("aws:cdk:path")
                .and_then(Node::as_str)
                .map(str::trim)
                .filter(|path| !path.is_empty())
                .map(str::to_owned);
        }
        out.push(resource);
    }
    Ok((out, cx.notes))
}

/// A resource's `Metadata.palisade.ignore` list: suppressions declared on the resource
/// (the only place a JSON template can hold them), each
/// `{rule: ID | rules: [ID, …], reason: TEXT, until: YYYY-MM-DD}`. Entries that are not
/// shaped so are reported and skipped; reasons and dates are checked where suppressions
/// are applied, as for comments.
fn read_ignores(cx: &mut Context<'_>, metadata: &Node) -> Vec<Directive> {
    let Some(palisade) = metadata.get("palisade") else {
        return Vec::new();
    };
    let Some(list) = palisade.get("ignore") else {
        cx.warn(
            palisade.span,
            "Metadata.palisade holds no `ignore` list; nothing is suppressed",
        );
        return Vec::new();
    };
    let Some(items) = list.items() else {
        cx.warn(
            list.span,
            format!(
                "Metadata.palisade.ignore must be a list, not {}; nothing is suppressed",
                list.shape()
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let text = |key: &str| item.get(key).and_then(Node::as_str).map(str::to_owned);
        let mut rules: Vec<String> = text("rule").into_iter().collect();
        if let Some(list) = item.get("rules").and_then(Node::items) {
            rules.extend(list.iter().filter_map(Node::as_str).map(str::to_owned));
        }
        let rules: Vec<String> = rules
            .iter()
            .map(|r| r.trim().to_ascii_uppercase())
            .filter(|r| !r.is_empty())
            .collect();
        if item.entries().is_none() || rules.is_empty() {
            cx.warn(
                item.span,
                "a Metadata.palisade.ignore entry needs `rule: ID` (or `rules: [ID, …]`) and `reason: TEXT`; it suppresses nothing",
            );
            continue;
        }
        out.push(Directive {
            rules,
            reason: text("reason").unwrap_or_default().trim().to_owned(),
            until: item.get("until").map(|u| match &u.kind {
                Kind::String(s) => s.clone(),
                Kind::Number(n) => n.to_string(),
                _ => u.shape().to_owned(),
            }),
            file: 0,
            span: item.span,
        });
    }
    out
}

/// Each parameter's value with its default, typed the way `Ref` returns it.
fn read_parameters(cx: &mut Context<'_>, params: &Node, span: Span) {
    let Some(entries) = params.entries() else {
        cx.warn(
            span,
            format!("Parameters must be a mapping, not {}", params.shape()),
        );
        return;
    };
    for entry in entries {
        let name = entry.key.as_str();
        let value = if entry.value.entries().is_none() {
            cx.warn(
                entry.span(),
                format!(
                    "parameter {name} must be a mapping, not {}",
                    entry.value.shape()
                ),
            );
            Value::unknown(format!("parameter {name} is malformed"), vec![])
        } else {
            let ty = entry
                .value
                .get("Type")
                .and_then(Node::as_str)
                .unwrap_or("String");
            match entry.value.get("Default") {
                None => Value::unknown(format!("parameter {name} has no default"), vec![]),
                Some(default) => typed_default(cx, name, ty, default),
            }
        };
        cx.parameters.insert(name.to_owned(), value);
    }
}

fn typed_default(cx: &mut Context<'_>, name: &str, ty: &str, default: &Node) -> Value {
    if ty.starts_with("AWS::SSM::Parameter::Value<") {
        return Value::unknown(
            format!(
                "parameter {name} is read from SSM parameter {} at deployment",
                scalar_text(default).unwrap_or_default()
            ),
            vec![],
        );
    }
    let list_type = ty == "CommaDelimitedList" || ty.starts_with("List<");
    let numbers = ty == "Number" || ty == "List<Number>";
    let to_scalar = |text: &str| -> Value {
        if numbers {
            if let Ok(n) = text.trim().parse::<serde_json::Number>() {
                return Value::Number(n);
            }
        }
        Value::String(text.to_owned())
    };
    if list_type {
        let items: Vec<Value> = match &default.kind {
            Kind::Seq(items) => items
                .iter()
                .filter_map(scalar_text)
                .map(|t| to_scalar(&t))
                .collect(),
            _ => match scalar_text(default) {
                Some(text) if text.trim().is_empty() => Vec::new(),
                Some(text) => text.split(',').map(|t| to_scalar(t.trim())).collect(),
                None => {
                    cx.warn(
                        default.span,
                        format!("the default of parameter {name} must be a list or a string"),
                    );
                    return Value::unknown(
                        format!("parameter {name} has a malformed default"),
                        vec![],
                    );
                }
            },
        };
        return Value::List(items);
    }
    match scalar_text(default) {
        Some(text) => {
            let value = to_scalar(&text);
            if numbers && !matches!(value, Value::Number(_)) {
                cx.warn(
                    default.span,
                    format!("the default of Number parameter {name} is not a number"),
                );
            }
            value
        }
        None => {
            cx.warn(
                default.span,
                format!(
                    "the default of parameter {name} must be a scalar, not {}",
                    default.shape()
                ),
            );
            Value::unknown(format!("parameter {name} has a malformed default"), vec![])
        }
    }
}

/// The text of a scalar node, as CloudFormation sees every scalar: a string.
pub(super) fn scalar_text(node: &Node) -> Option<String> {
    match &node.kind {
        Kind::String(s) => Some(s.clone()),
        Kind::Number(n) => Some(n.to_string()),
        Kind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The module a Rain module resource names (`Type: !Rain::Module bucket.yaml`, or in JSON
/// `"Type": {"Rain::Module": "bucket.yaml"}`): the AWS sample templates use them, and
/// "not a type name" alone would not tell their authors what to do.
fn rain_module(type_node: &Node) -> Option<String> {
    match &type_node.kind {
        Kind::Tagged(tag, inner) if tag.trim_start_matches('!') == "Rain::Module" => {
            Some(format!("Rain::Module {}", inner.as_str().unwrap_or("…")))
        }
        Kind::Map(_) => {
            let entries = type_node.entries()?;
            match entries {
                [only] if only.key == "Rain::Module" => Some(format!(
                    "Rain::Module {}",
                    only.value.as_str().unwrap_or("…")
                )),
                _ => None,
            }
        }
        _ => None,
    }
}
