//! Values for a root module's variables from outside the configuration, in Terraform's
//! precedence order (later wins): `terraform.tfvars`, `terraform.tfvars.json`,
//! `*.auto.tfvars` and `*.auto.tfvars.json` in lexical order, then `--var-file` files in
//! the order given, then `--var NAME=VALUE` in the order given. `TF_VAR_*` environment
//! variables are not read: a scan's result must not depend on the shell it runs in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::eval::{Ctx, Evaluator, Scope, VarValue};
use super::values;
use crate::load::cfn::json;
use crate::model::Value;
use crate::source::Span;

/// Variable values given on the command line, for every root module of a scan.
#[derive(Clone, Debug, Default)]
pub struct TerraformVars {
    /// `--var NAME=VALUE`, in order.
    pub vars: Vec<(String, String)>,
    /// `--var-file FILE`, in order.
    pub var_files: Vec<PathBuf>,
}

/// Every value given for the root module in `dir`, noted with where it was given.
pub fn given_values(
    ev: &mut Evaluator,
    dir: &Path,
    options: &TerraformVars,
) -> BTreeMap<String, VarValue> {
    let mut files: Vec<PathBuf> = Vec::new();
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        let path = dir.join(name);
        if path.is_file() {
            files.push(path);
        }
    }
    let mut auto: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                            n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json")
                        })
                })
                .collect()
        })
        .unwrap_or_default();
    auto.sort();
    files.extend(auto);
    files.extend(options.var_files.iter().cloned());

    let mut out = BTreeMap::new();
    for path in files {
        read_file(ev, &path, &mut out);
    }
    for (name, raw) in &options.vars {
        let value = command_line_value(ev, raw);
        out.insert(
            name.clone(),
            VarValue {
                value,
                note: Some(format!("var.{name} from --var")),
            },
        );
    }
    out
}

/// `--var` values are HCL expressions when they parse as one (`["a","b"]`, `22`,
/// `{a = 1}`), else plain strings (`10.0.0.0/16`, `prod`), as Terraform reads them.
fn command_line_value(ev: &mut Evaluator, raw: &str) -> Value {
    if let Ok(expr) = hcl::edit::parser::parse_expr(raw) {
        let value = ev.eval(
            Ctx {
                inst: 0,
                isolated: true,
            },
            &Scope::root(),
            &hcl::Expression::from(expr),
        );
        if !values::is_error(&value) {
            return value;
        }
    }
    Value::String(raw.to_owned())
}

fn read_file(ev: &mut Evaluator, path: &Path, out: &mut BTreeMap<String, VarValue>) {
    let text = match ev.files.read(path) {
        Ok(text) => text,
        Err(e) => {
            ev.sink.error_in(path, e.message);
            return;
        }
    };
    let file = ev.files.add(path, text);
    let Some(source) = ev.files.sources.get(file).cloned() else {
        return;
    };
    let is_json = path.extension().and_then(|e| e.to_str()) == Some("json");
    let short = ev.files.short(file);
    if is_json {
        let root = match json::parse(&source.text) {
            Ok(root) => root,
            Err(e) => {
                ev.sink.error(
                    file,
                    e.span.unwrap_or_default(),
                    format!("{}; its values are not used", e.message),
                );
                return;
            }
        };
        for entry in root.entries().unwrap_or_default() {
            let value = node_value(&entry.value);
            let line = source.line_col(entry.key_span.start).line;
            out.insert(
                entry.key.clone(),
                VarValue {
                    value,
                    note: Some(format!("var.{} from {short}:{line}", entry.key)),
                },
            );
        }
        return;
    }
    let body = match hcl::edit::parser::parse_body(&source.text) {
        Ok(body) => body,
        Err(e) => {
            let at = source.offset_of(e.location().line(), e.location().column());
            ev.sink.error(
                file,
                Span::new(at, at + 1),
                format!(
                    "invalid HCL: {}; its values are not used",
                    e.message().lines().next().unwrap_or("syntax error")
                ),
            );
            return;
        }
    };
    use hcl::edit::Span as _;
    for attr in body.attributes() {
        let span = attr
            .span()
            .map_or_else(Span::default, |r| Span::new(r.start, r.end));
        let value = ev.eval(
            Ctx {
                inst: 0,
                isolated: true,
            },
            &Scope::root(),
            &hcl::Expression::from(attr.value.clone()),
        );
        if values::is_error(&value) {
            ev.sink.error(
                file,
                span,
                format!(
                    "the value of {} cannot be evaluated (a variables file holds constants)",
                    attr.key.as_str()
                ),
            );
        }
        let line = source.line_col(span.start).line;
        out.insert(
            attr.key.as_str().to_owned(),
            VarValue {
                value,
                note: Some(format!("var.{} from {short}:{line}", attr.key.as_str())),
            },
        );
    }
}

fn node_value(node: &crate::load::cfn::node::Node) -> Value {
    use crate::load::cfn::node::Kind;
    match &node.kind {
        Kind::Null | Kind::Tagged(..) => Value::Null,
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Number(n) => Value::Number(n.clone()),
        Kind::String(s) => Value::String(s.clone()),
        Kind::Seq(items) => Value::List(items.iter().map(node_value).collect()),
        Kind::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|e| (e.key.clone(), node_value(&e.value)))
                .collect(),
        ),
    }
}
