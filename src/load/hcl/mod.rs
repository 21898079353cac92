//! Terraform configuration (`.tf`, `.tf.json`): one root module per directory, evaluated
//! the way `terraform plan` would before asking any provider, into the same resources a
//! plan yields, so the same normaliser and policies judge both.
//!
//! - [`native`] and [`json_syntax`] read a directory's files into one [`config`] shape
//!   with the span of every block and attribute;
//! - [`vars`] gathers the root's variable values (tfvars files, `--var-file`, `--var`);
//! - [`eval`], [`expr`] and [`funcs`] evaluate: variables, locals, references, local
//!   module calls (recursively), `count`/`for_each`, `dynamic` blocks, conditionals,
//!   `for` expressions, splats, templates and the common functions;
//! - [`policy_doc`] renders `aws_iam_policy_document` data sources into policy JSON.
//!
//! What cannot be known before apply — a provider-computed attribute (`.id`, `.arn`), a
//! variable without a value, another data source, a remote module's outputs, a function
//! not evaluated here — is [`Value::Unknown`](crate::model::Value), linked to the
//! resources it derives from and saying why; never an error and never a guess. Nothing
//! is fetched and nothing is executed; files are read only inside the module
//! directories being scanned.

mod config;
mod eval;
mod expr;
mod funcs;
mod json_syntax;
mod native;
pub mod plan_json;
pub mod policy_doc;
mod providers;
mod values;
mod vars;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use config::is_local_source;
pub use eval::normalize as normalize_path;
pub use eval::Account;
pub use vars::TerraformVars;

use super::read::{MaxFileSize, Reading};
use super::Document;
use crate::diagnostics::{Level, Notification, Stage};
use crate::model::{SourceFormat, Value};
use crate::source::{display_path, Location, SourceFile, Span};

/// The files of one scan unit, in the order they were read.
pub struct Files {
    pub sources: Vec<Arc<SourceFile>>,
    /// The root module's directory: notes name files relative to it (`main.tf:12`,
    /// `modules/app/main.tf:5`).
    root: PathBuf,
    /// The largest file read (`--max-file-size`).
    max_file_size: MaxFileSize,
    /// The repository local module sources must stay in (canonical), if there is one.
    pub tree: Option<PathBuf>,
}

impl Files {
    fn new(root: &Path, reading: &Reading) -> Self {
        Files {
            sources: Vec::new(),
            root: root.to_path_buf(),
            max_file_size: reading.max_file_size,
            tree: reading.tree_of(root),
        }
    }

    /// Reads a file of the unit as text, within the size limit.
    fn read(&self, path: &Path) -> Result<String, super::LoadError> {
        super::read::read_text(path, self.max_file_size)
    }

    fn add(&mut self, path: &Path, text: String) -> usize {
        self.sources.push(Arc::new(SourceFile::new(
            path.to_path_buf(),
            display_path(path),
            text,
        )));
        self.sources.len() - 1
    }

    /// A file's name relative to the root module's directory.
    fn short(&self, file: usize) -> String {
        let Some(source) = self.sources.get(file) else {
            return "?".into();
        };
        let dir = source.path.parent().unwrap_or(Path::new(""));
        let name = source
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match eval::relative(&self.root, dir).as_str() {
            "." => name,
            rel => format!("{rel}/{name}"),
        }
    }

    /// `main.tf:12`.
    fn short_location(&self, file: usize, span: Span) -> String {
        let line = self
            .sources
            .get(file)
            .map_or(0, |s| s.line_col(span.start).line);
        format!("{}:{line}", self.short(file))
    }
}

/// Notifications gathered while loading, located once the files are known.
#[derive(Default)]
pub struct Sink {
    entries: Vec<(Level, Place, String)>,
    seen: BTreeSet<String>,
}

enum Place {
    At(usize, Span),
    File(PathBuf),
}

impl Sink {
    fn push(&mut self, level: Level, place: Place, message: String) {
        self.entries.push((level, place, message));
    }

    pub fn error(&mut self, file: usize, span: Span, message: impl Into<String>) {
        self.push(Level::Error, Place::At(file, span), message.into());
    }

    /// Reports a problem only the first time it is met (a cycle is met from every side).
    pub fn error_once(&mut self, file: usize, span: Span, message: impl Into<String>) {
        let message = message.into();
        if self.seen.insert(message.clone()) {
            self.error(file, span, message);
        }
    }

    pub fn warning(&mut self, file: usize, span: Span, message: impl Into<String>) {
        self.push(Level::Warning, Place::At(file, span), message.into());
    }

    /// A warning said once however often it is met (a call evaluated per instance).
    pub fn warning_once(&mut self, file: usize, span: Span, message: impl Into<String>) {
        let message = message.into();
        if self.seen.insert(message.clone()) {
            self.warning(file, span, message);
        }
    }

    /// An error on a file or directory as a whole, said once.
    pub fn error_in_once(&mut self, path: &Path, message: impl Into<String>) {
        let message = message.into();
        if self.seen.insert(message.clone()) {
            self.error_in(path, message);
        }
    }

    /// [`Sink::warning_once`] on a file or directory as a whole.
    pub fn warning_in_once(&mut self, path: &Path, message: impl Into<String>) {
        let message = message.into();
        if self.seen.insert(message.clone()) {
            self.push(Level::Warning, Place::File(path.to_path_buf()), message);
        }
    }

    pub fn note(&mut self, file: usize, span: Span, message: impl Into<String>) {
        self.push(Level::Note, Place::At(file, span), message.into());
    }

    pub fn error_in(&mut self, path: &Path, message: impl Into<String>) {
        self.push(
            Level::Error,
            Place::File(path.to_path_buf()),
            message.into(),
        );
    }

    fn into_notifications(self, files: &Files) -> Vec<Notification> {
        let mut out: Vec<Notification> = self
            .entries
            .into_iter()
            .map(|(level, place, message)| {
                let note = Notification {
                    level,
                    ..Notification::error(Stage::Load, message)
                };
                match place {
                    Place::At(file, span) => match files.sources.get(file) {
                        Some(source) => note.at(Location::of(source, span)),
                        None => note,
                    },
                    Place::File(path) => note.in_file(display_path(&path)),
                }
            })
            .collect();
        out.dedup();
        out
    }
}

/// Terraform files of a directory, sorted: `*.tf` and `*.tf.json`.
pub fn module_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && is_terraform_file(p))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// `override.tf`, `*_override.tf` (and `.tf.json`): Terraform merges these into the
/// other files' blocks. palisade does not implement the merge, so it skips them with a
/// warning rather than reading their blocks as duplicates.
fn is_override_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        let stem = n
            .strip_suffix(".tf.json")
            .or_else(|| n.strip_suffix(".tf"))
            .unwrap_or(n);
        stem == "override" || stem.ends_with("_override")
    })
}

pub fn is_terraform_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".tf") || n.ends_with(".tf.json"))
}

/// Reads the module in `dir`; `None` when it has no Terraform files.
fn read_module(dir: &Path, files: &mut Files, sink: &mut Sink) -> Option<config::ModuleConfig> {
    let paths = module_files(dir);
    if paths.is_empty() {
        return None;
    }
    let mut module = config::ModuleConfig {
        dir: dir.to_path_buf(),
        ..Default::default()
    };
    for path in paths {
        if is_override_file(&path) {
            sink.push(
                Level::Warning,
                Place::File(path.clone()),
                "override files are not merged into the module by palisade; this file is not scanned".into(),
            );
            continue;
        }
        let text = match files.read(&path) {
            Ok(text) => text,
            Err(e) => {
                sink.error_in(&path, e.message);
                continue;
            }
        };
        let file = files.add(&path, text);
        let Some(source) = files.sources.get(file).cloned() else {
            continue;
        };
        if path.to_string_lossy().ends_with(".tf.json") {
            json_syntax::read(&source, file, &mut module, sink);
        } else {
            native::read(&source, file, &mut module, sink);
        }
    }
    Some(module)
}

/// An evaluator with the root module in `dir` as instance 0, its variables given
/// their values (tfvars files, `--var-file`, `--var`, defaults), nothing evaluated yet.
/// `account` names the account the data sources read (plan rendering); a scan has none.
fn root_evaluator(
    dir: &Path,
    options: &TerraformVars,
    account: Option<eval::Account>,
    reading: &Reading,
) -> Result<eval::Evaluator, Notification> {
    root_evaluator_with(dir, options, account, None, reading)
}

/// [`root_evaluator`], with the variable values a plan was made with winning over what
/// the directory gives (`planned`).
fn root_evaluator_with(
    dir: &Path,
    options: &TerraformVars,
    account: Option<eval::Account>,
    planned: Option<&BTreeMap<String, Value>>,
    reading: &Reading,
) -> Result<eval::Evaluator, Notification> {
    let mut ev = eval::Evaluator::new(Files::new(dir, reading), Sink::default());
    ev.account = account;
    let Some(config) = ev.module_config(dir) else {
        return Err(Notification::error(
            Stage::Load,
            "no Terraform files (.tf, .tf.json) in this directory",
        )
        .in_file(display_path(dir)));
    };
    let root = ev.add_root(config.clone());
    let given = vars::given_values(&mut ev, dir, options);
    let mut values = ev.variable_values(&config, given, "");
    for (name, value) in planned.into_iter().flatten() {
        // A value the directory gives too keeps its provenance (the default at
        // variables.tf:3); one given only to the plan (`-var`, TF_VAR_) says so.
        let same = values.get(name).is_some_and(|given| {
            values::equal(&values::strip_marks(given.value.clone()), value) == Some(true)
        });
        if !same && config.variables.contains_key(name) {
            values.insert(
                name.clone(),
                eval::VarValue {
                    value: value.clone(),
                    note: Some(format!("var.{name} as given to the plan")),
                },
            );
        }
    }
    if let Some(instance) = ev.instances.get_mut(root) {
        instance.vars = values;
    }
    Ok(ev)
}

/// Why a directory is not the root module a plan was made from.
#[derive(Debug)]
pub enum NotThePlansRoot {
    /// It has no Terraform files, or they cannot be read.
    Unreadable(Notification),
    /// Resources or module calls of the plan's root module it does not declare.
    Missing(Vec<String>),
}

/// Evaluates the root module in `dir` with a plan's variable values, for mapping the
/// plan's resources back to the blocks that declare them. `declarations` are the
/// plan's root resources and module calls (`aws_vpc.main`, `module.network`); a
/// directory that lacks any of them is not the plan's root.
pub fn load_for_plan(
    dir: &Path,
    variables: &BTreeMap<String, Value>,
    declarations: &[String],
    reading: &Reading,
) -> Result<Document, NotThePlansRoot> {
    let ev = root_evaluator_with(
        dir,
        &TerraformVars::default(),
        None,
        Some(variables),
        reading,
    )
    .map_err(NotThePlansRoot::Unreadable)?;
    let Some(config) = ev.instances.first().map(|i| i.config.clone()) else {
        return Err(NotThePlansRoot::Missing(declarations.to_vec()));
    };
    let missing: Vec<String> = declarations
        .iter()
        .filter(|d| match d.strip_prefix("module.") {
            Some(name) => config.module(name).is_none(),
            None => config.resource(d).is_none(),
        })
        .cloned()
        .collect();
    if !missing.is_empty() || declarations.is_empty() {
        return Err(NotThePlansRoot::Missing(missing));
    }
    let (resources, files, sink) = ev.run();
    let notifications = sink.into_notifications(&files);
    Ok(Document {
        sources: files.sources,
        display: display_path(dir),
        format: SourceFormat::Terraform,
        resources,
        notifications,
        source_root: None,
    })
}

/// Loads and evaluates the root module in `dir`.
pub fn load_module(
    dir: &Path,
    options: &TerraformVars,
    reading: &Reading,
) -> Result<Document, Notification> {
    let display = display_path(dir);
    let ev = root_evaluator(dir, options, None, reading)?;
    let (resources, files, sink) = ev.run();
    let notifications = sink.into_notifications(&files);
    Ok(Document {
        sources: files.sources,
        display,
        format: SourceFormat::Terraform,
        resources,
        notifications,
        source_root: None,
    })
}

#[cfg(test)]
mod tests;
