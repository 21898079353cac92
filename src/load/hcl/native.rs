//! `.tf` files (HCL native syntax) → [`ModuleConfig`]. Parsing is hcl-edit's, which
//! keeps byte spans; expressions are converted to hcl-rs's plain expression type for
//! evaluation.

use hcl::edit::structure::{Block, Body as EditBody, Structure};
use hcl::edit::Span as _;

use super::config::{
    provider_alias, Body, Expr, Mode, ModuleCall, ModuleConfig, NestedBlock, ProviderDecl,
    ResourceDecl, VariableDecl,
};
use super::Sink;
use crate::source::{SourceFile, Span};

fn span_of(range: Option<std::ops::Range<usize>>) -> Span {
    range.map_or_else(Span::default, |r| Span::new(r.start, r.end))
}

/// The header of a block: from its type keyword to the end of its last label.
fn header_span(block: &Block) -> Span {
    let start = span_of(block.ident.span());
    let end = block
        .labels
        .last()
        .map_or(start, |label| span_of(label.span()));
    Span::new(start.start, end.end)
}

/// Parses one `.tf` file into `config`. A syntax error is reported with its line and the
/// file contributes nothing (hcl-edit does not recover), while the module's other files
/// still load.
pub fn read(source: &SourceFile, file: usize, config: &mut ModuleConfig, sink: &mut Sink) {
    let body = match hcl::edit::parser::parse_body(&source.text) {
        Ok(body) => body,
        Err(error) => {
            let location = error.location();
            let offset = source.offset_of(location.line(), location.column());
            let message = error
                .message()
                .lines()
                .next()
                .unwrap_or("syntax error")
                .trim()
                .to_owned();
            sink.error(
                file,
                Span::new(offset, offset + 1),
                format!(
                    "invalid HCL: {message} (line {}, column {}); this file is not scanned",
                    location.line(),
                    location.column()
                ),
            );
            return;
        }
    };
    read_body(&body, file, config, sink);
}

fn read_body(body: &EditBody, file: usize, config: &mut ModuleConfig, sink: &mut Sink) {
    for structure in body.iter() {
        let Structure::Block(block) = structure else {
            continue; // top-level attributes are not part of Terraform's language
        };
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        let header = header_span(block);
        match (block.ident.as_str(), labels.as_slice()) {
            ("resource", [kind, name]) | ("data", [kind, name]) => {
                let mode = if block.ident.as_str() == "data" {
                    Mode::Data
                } else {
                    Mode::Managed
                };
                let decl = ResourceDecl {
                    mode,
                    kind: (*kind).to_owned(),
                    name: (*name).to_owned(),
                    body: convert_body(&block.body, file),
                    span: header,
                    file,
                };
                if config.resource(&decl.base_address()).is_some() {
                    sink.error(
                        file,
                        header,
                        format!(
                            "duplicate declaration of {}; the first is used",
                            decl.base_address()
                        ),
                    );
                } else {
                    config.resources.push(decl);
                }
            }
            ("variable", [name]) => {
                let body = convert_body(&block.body, file);
                let decl = VariableDecl {
                    default: body.attr("default").cloned(),
                    type_expr: body.attr("type").map(|e| e.expr.clone()),
                };
                if config.variables.contains_key(*name) {
                    sink.error(
                        file,
                        header,
                        format!("duplicate variable {name}; the first is used"),
                    );
                } else {
                    config.variables.insert((*name).to_owned(), decl);
                }
            }
            ("locals", []) => {
                for (name, expr) in convert_body(&block.body, file).attrs {
                    match config.locals.entry(name) {
                        std::collections::btree_map::Entry::Occupied(taken) => sink.error(
                            file,
                            expr.span,
                            format!("duplicate local {}; the first is used", taken.key()),
                        ),
                        std::collections::btree_map::Entry::Vacant(slot) => {
                            slot.insert(expr);
                        }
                    }
                }
            }
            ("module", [name]) => {
                if config.module(name).is_some() {
                    sink.error(
                        file,
                        header,
                        format!("duplicate module call {name}; the first is used"),
                    );
                } else {
                    config.modules.push(ModuleCall {
                        name: (*name).to_owned(),
                        body: convert_body(&block.body, file),
                        span: header,
                        file,
                    });
                }
            }
            ("output", [name]) => {
                if let Some(value) = convert_body(&block.body, file).attr("value") {
                    config
                        .outputs
                        .entry((*name).to_owned())
                        .or_insert_with(|| value.clone());
                }
            }
            ("provider", [name]) => {
                let body = convert_body(&block.body, file);
                config.providers.push(ProviderDecl {
                    name: (*name).to_owned(),
                    alias: provider_alias(&body),
                    body,
                });
            }
            _ => {} // terraform, moved, import, check, removed …: nothing to judge
        }
    }
}

fn convert_body(body: &EditBody, file: usize) -> Body {
    let mut out = Body::default();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => out.attrs.push((
                attr.key.as_str().to_owned(),
                Expr {
                    expr: hcl::Expression::from(attr.value.clone()),
                    span: span_of(attr.span()),
                    file,
                },
            )),
            Structure::Block(block) => out.blocks.push(NestedBlock {
                kind: block.ident.as_str().to_owned(),
                labels: block.labels.iter().map(|l| l.as_str().to_owned()).collect(),
                body: convert_body(&block.body, file),
                span: header_span(block),
                file,
            }),
        }
    }
    out
}
