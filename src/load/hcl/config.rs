//! The configuration of one Terraform module directory, as declared: variables, locals,
//! resources and data sources, module calls and outputs, each expression kept
//! unevaluated with the file and byte span it was written at. Both syntaxes (`.tf` and
//! `.tf.json`) are read into this one shape, so evaluation knows nothing of either.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::source::Span;

/// An expression and where it was written: the span covers the whole `name = value`
/// attribute (its first line is where findings point).
#[derive(Clone, Debug)]
pub struct Expr {
    pub expr: hcl::Expression,
    pub span: Span,
    pub file: usize,
}

/// A block body: attributes in source order, then nested blocks in source order.
#[derive(Clone, Debug, Default)]
pub struct Body {
    pub attrs: Vec<(String, Expr)>,
    pub blocks: Vec<NestedBlock>,
}

impl Body {
    pub fn attr(&self, name: &str) -> Option<&Expr> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, e)| e)
    }

    pub fn block(&self, kind: &str) -> Option<&NestedBlock> {
        self.blocks.iter().find(|b| b.kind == kind)
    }
}

#[derive(Clone, Debug)]
pub struct NestedBlock {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body,
    /// The block's header (`ingress {`, `dynamic "ingress" {`).
    pub span: Span,
    pub file: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Managed,
    Data,
}

#[derive(Clone, Debug)]
pub struct ResourceDecl {
    pub mode: Mode,
    pub kind: String,
    pub name: String,
    pub body: Body,
    pub span: Span,
    pub file: usize,
}

impl ResourceDecl {
    /// `aws_s3_bucket.logs`, `data.aws_iam_policy_document.x`: the address without module
    /// path or instance key.
    pub fn base_address(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.kind, self.name),
            Mode::Data => format!("data.{}.{}", self.kind, self.name),
        }
    }
}

#[derive(Clone, Debug)]
pub struct VariableDecl {
    pub default: Option<Expr>,
    pub type_expr: Option<hcl::Expression>,
}

#[derive(Clone, Debug)]
pub struct ModuleCall {
    pub name: String,
    pub body: Body,
    pub span: Span,
    pub file: usize,
}

impl ModuleCall {
    /// The literal `source` string, when it is one.
    pub fn source(&self) -> Option<&str> {
        match &self.body.attr("source")?.expr {
            hcl::Expression::String(s) => Some(s),
            _ => None,
        }
    }
}

/// A `provider` block. Only what palisade reads from it is kept: its name and alias
/// (which resources and module calls refer to) and its body (`default_tags`).
#[derive(Clone, Debug)]
pub struct ProviderDecl {
    pub name: String,
    pub alias: Option<String>,
    pub body: Body,
}

impl ProviderDecl {
    /// How resources and `providers` maps name this configuration: `aws`, `aws.west`.
    pub fn key(&self) -> String {
        match &self.alias {
            Some(alias) => format!("{}.{alias}", self.name),
            None => self.name.clone(),
        }
    }
}

/// The literal alias of a provider block, when it has one.
pub fn provider_alias(body: &Body) -> Option<String> {
    match &body.attr("alias")?.expr {
        hcl::Expression::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// One module directory's declarations. Names are unique per kind (a duplicate is
/// reported where it is read and the first one kept, as Terraform refuses duplicates).
#[derive(Clone, Debug, Default)]
pub struct ModuleConfig {
    pub dir: PathBuf,
    pub variables: BTreeMap<String, VariableDecl>,
    pub locals: BTreeMap<String, Expr>,
    pub resources: Vec<ResourceDecl>,
    pub modules: Vec<ModuleCall>,
    pub outputs: BTreeMap<String, Expr>,
    pub providers: Vec<ProviderDecl>,
}

impl ModuleConfig {
    pub fn resource(&self, base_address: &str) -> Option<(usize, &ResourceDecl)> {
        self.resources
            .iter()
            .enumerate()
            .find(|(_, r)| r.base_address() == base_address)
    }

    pub fn module(&self, name: &str) -> Option<(usize, &ModuleCall)> {
        self.modules
            .iter()
            .enumerate()
            .find(|(_, m)| m.name == name)
    }
}

/// Whether a module source is a path in this repository (`./x`, `../x`) rather than a
/// registry address, a VCS or archive URL: only those are read.
pub fn is_local_source(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
}
