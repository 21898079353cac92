//! `.tf.json` files (Terraform's JSON syntax, also what CDK for Terraform writes) →
//! [`ModuleConfig`]. The JSON is read by the strict reader the CloudFormation loader
//! uses (it keeps member positions); strings are templates (`"${var.x}"`), as Terraform
//! reads them, and `"//"` members are comments.
//!
//! Without the provider's schema, JSON cannot tell a nested block from an object-valued
//! argument: objects stay maps and arrays of objects stay lists, which is the shape the
//! normaliser reads either way (it takes a single map as a one-block list).

use super::config::{
    provider_alias, Body, Expr, Mode, ModuleCall, ModuleConfig, NestedBlock, ProviderDecl,
    ResourceDecl, VariableDecl,
};
use super::Sink;
use crate::load::cfn::json;
use crate::load::cfn::node::{Entry, Kind, Node};
use crate::source::{SourceFile, Span};

pub fn read(source: &SourceFile, file: usize, config: &mut ModuleConfig, sink: &mut Sink) {
    let root = match json::parse(&source.text) {
        Ok(root) => root,
        Err(error) => {
            sink.error(
                file,
                error.span.unwrap_or_default(),
                format!("{}; this file is not scanned", error.message),
            );
            return;
        }
    };
    let Some(entries) = root.entries() else {
        sink.error(
            file,
            root.span,
            "a Terraform JSON file must hold an object; this file is not scanned",
        );
        return;
    };
    for entry in entries {
        match entry.key.as_str() {
            "resource" | "data" => {
                let mode = if entry.key == "data" {
                    Mode::Data
                } else {
                    Mode::Managed
                };
                for (kind, by_name) in members(&entry.value) {
                    for (name, body) in members(&by_name.value) {
                        for body_node in objects(&body.value) {
                            let decl = ResourceDecl {
                                mode,
                                kind: kind.key.clone(),
                                name: name.key.clone(),
                                body: convert_body(body_node, file),
                                // The whole block, so that a `"//"` suppression inside
                                // it lies within the resource.
                                span: Span::new(name.key_span.start, body_node.span.end),
                                file,
                            };
                            if config.resource(&decl.base_address()).is_none() {
                                config.resources.push(decl);
                            } else {
                                sink.error(
                                    file,
                                    name.key_span,
                                    format!(
                                        "duplicate declaration of {}; the first is used",
                                        decl.base_address()
                                    ),
                                );
                            }
                        }
                    }
                }
            }
            "variable" => {
                for (name, body) in members(&entry.value) {
                    let decl_body = body.value.entries().unwrap_or_default();
                    let default = decl_body
                        .iter()
                        .find(|e| e.key == "default")
                        .map(|e| attribute(e, file));
                    // The JSON syntax writes a type constraint as a string holding the expression.
                    let type_expr = decl_body
                        .iter()
                        .find(|e| e.key == "type")
                        .and_then(|e| e.value.as_str())
                        .and_then(|t| hcl::edit::parser::parse_expr(t).ok())
                        .map(hcl::Expression::from);
                    config
                        .variables
                        .entry(name.key.clone())
                        .or_insert(VariableDecl { default, type_expr });
                }
            }
            "locals" => {
                for block in objects(&entry.value) {
                    for (name, _) in members(block) {
                        config
                            .locals
                            .entry(name.key.clone())
                            .or_insert_with(|| attribute(name, file));
                    }
                }
            }
            "module" => {
                for (name, body) in members(&entry.value) {
                    for body_node in objects(&body.value) {
                        if config.module(&name.key).is_none() {
                            config.modules.push(ModuleCall {
                                name: name.key.clone(),
                                body: convert_body(body_node, file),
                                span: Span::new(name.key_span.start, body_node.span.end),
                                file,
                            });
                        }
                    }
                }
            }
            "provider" => {
                for (name, body) in members(&entry.value) {
                    for body_node in objects(&body.value) {
                        let body = convert_body(body_node, file);
                        config.providers.push(ProviderDecl {
                            name: name.key.clone(),
                            alias: provider_alias(&body),
                            body,
                        });
                    }
                }
            }
            "output" => {
                for (name, body) in members(&entry.value) {
                    if let Some(value) = body.value.entry("value") {
                        config
                            .outputs
                            .entry(name.key.clone())
                            .or_insert_with(|| attribute(value, file));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The members of an object, comments left out; `(entry, entry)` so callers can use
/// both the key and the value.
fn members(node: &Node) -> impl Iterator<Item = (&Entry, &Entry)> {
    node.entries()
        .unwrap_or_default()
        .iter()
        .filter(|e| e.key != "//")
        .map(|e| (e, e))
}

/// An object, or each object of an array of objects (JSON syntax allows both wherever
/// a block may repeat).
fn objects(node: &Node) -> Vec<&Node> {
    match &node.kind {
        Kind::Map(_) => vec![node],
        Kind::Seq(items) => items
            .iter()
            .filter(|i| matches!(i.kind, Kind::Map(_)))
            .collect(),
        _ => Vec::new(),
    }
}

fn attribute(entry: &Entry, file: usize) -> Expr {
    Expr {
        expr: expression(&entry.value),
        span: entry.span(),
        file,
    }
}

/// Blocks whose members are not arguments: meta blocks Terraform itself handles.
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection", "depends_on", "//"];

fn convert_body(node: &Node, file: usize) -> Body {
    let mut body = Body::default();
    for entry in node.entries().unwrap_or_default() {
        if META_BLOCKS.contains(&entry.key.as_str()) {
            continue;
        }
        if entry.key == "dynamic" {
            for (name, spec) in members(&entry.value) {
                for spec_node in objects(&spec.value) {
                    body.blocks.push(NestedBlock {
                        kind: "dynamic".into(),
                        labels: vec![name.key.clone()],
                        body: dynamic_body(spec_node, file),
                        span: name.key_span,
                        file,
                    });
                }
            }
            continue;
        }
        body.attrs.push((entry.key.clone(), attribute(entry, file)));
    }
    body
}

/// A `dynamic` block's own body: `for_each`, `iterator` and a `content` block.
fn dynamic_body(node: &Node, file: usize) -> Body {
    let mut body = Body::default();
    for entry in node.entries().unwrap_or_default() {
        if entry.key == "content" {
            for content in objects(&entry.value) {
                body.blocks.push(NestedBlock {
                    kind: "content".into(),
                    labels: Vec::new(),
                    body: convert_body(content, file),
                    span: entry.key_span,
                    file,
                });
            }
        } else if entry.key == "iterator" {
            // A bare name in JSON: keep it as a variable so the evaluator reads it alike.
            let name = entry.value.as_str().unwrap_or_default();
            body.attrs.push((
                entry.key.clone(),
                Expr {
                    expr: hcl::Expression::Variable(hcl::Variable::unchecked(name)),
                    span: entry.span(),
                    file,
                },
            ));
        } else {
            body.attrs.push((entry.key.clone(), attribute(entry, file)));
        }
    }
    body
}

/// A JSON value as the expression Terraform reads it: strings are templates.
fn expression(node: &Node) -> hcl::Expression {
    match &node.kind {
        Kind::Null | Kind::Tagged(..) => hcl::Expression::Null,
        Kind::Bool(b) => hcl::Expression::Bool(*b),
        Kind::Number(n) => n
            .as_i64()
            .map(hcl::Number::from)
            .or_else(|| n.as_u64().map(hcl::Number::from))
            .or_else(|| n.as_f64().and_then(hcl::Number::from_f64))
            .map_or(hcl::Expression::Null, hcl::Expression::Number),
        Kind::String(s) => template(s),
        Kind::Seq(items) => hcl::Expression::Array(items.iter().map(expression).collect()),
        Kind::Map(entries) => hcl::Expression::Object(
            entries
                .iter()
                .map(|e| {
                    (
                        hcl::ObjectKey::Expression(hcl::Expression::String(e.key.clone())),
                        expression(&e.value),
                    )
                })
                .collect(),
        ),
    }
}

/// A string that holds interpolations or directives becomes a template expression
/// (quoted, so the template parser sees it the way it would in a `.tf` file).
fn template(text: &str) -> hcl::Expression {
    if !text.contains("${") && !text.contains("%{") {
        return hcl::Expression::String(text.to_owned());
    }
    // Outside interpolations, escape what a quoted string must; inside them the text is
    // an expression and stays as written (`${lookup(m, "k")}`).
    let mut quoted = String::with_capacity(text.len() + 8);
    let mut depth = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if depth > 0 {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            quoted.push(c);
            continue;
        }
        if (c == '$' || c == '%') && chars.peek() == Some(&'{') {
            depth = 1;
            quoted.push(c);
            if let Some(brace) = chars.next() {
                quoted.push(brace);
            }
            continue;
        }
        match c {
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c => quoted.push(c),
        }
    }
    hcl::Expression::TemplateExpr(Box::new(hcl::TemplateExpr::QuotedString(quoted)))
}
