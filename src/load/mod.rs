//! Loaders: one per input format, each turning a file's text into raw resources with
//! spans. Loaders know nothing of policies or of the estate model; this module is the
//! only place that matches on the input kind.

pub mod cfn;
pub mod decode;
pub mod hcl;
pub mod live;
pub mod plan;
pub mod plan_source;
pub mod read;
pub mod state;

use std::sync::Arc;

use crate::diagnostics::{Notification, Stage};
use crate::discover::{InputFile, InputKind};
use crate::model::{RawResource, SourceFormat};
use crate::source::{Location, SourceFile, Span};

/// One scan unit: the thing policies are evaluated on. A plan or a template is one file;
/// a Terraform root module is a directory whose resources live in several files (its
/// own and those of the local modules it calls), so a unit carries all of them and each
/// resource names its file by index.
#[derive(Debug)]
pub struct Document {
    /// The unit's files; `RawResource::file` indexes this. The first is the unit itself
    /// for single-file formats.
    pub sources: Vec<Arc<SourceFile>>,
    /// How the unit is named in reports and notifications: the file, or the module's
    /// directory.
    pub display: String,
    pub format: SourceFormat,
    pub resources: Vec<RawResource>,
    /// Problems that did not stop the unit from loading.
    pub notifications: Vec<Notification>,
    /// For a plan mapped onto its Terraform source: the root module's directory (as
    /// displayed). Fingerprints name it instead of the plan, so a finding keeps its
    /// fingerprint whether the plan or the source is scanned.
    pub source_root: Option<String>,
}

impl Document {
    /// A unit read from one file.
    pub fn single(
        source: Arc<SourceFile>,
        format: SourceFormat,
        resources: Vec<RawResource>,
        notifications: Vec<Notification>,
    ) -> Self {
        Document {
            display: source.display.clone(),
            sources: vec![source],
            format,
            resources,
            notifications,
            source_root: None,
        }
    }

    /// What fingerprints name as the unit: the root module a plan maps to, else the
    /// unit itself.
    pub fn fingerprint_unit(&self) -> &str {
        self.source_root.as_deref().unwrap_or(&self.display)
    }

    pub fn resource(&self, id: &str) -> Option<&RawResource> {
        self.resources.iter().find(|r| r.id == id)
    }

    /// The file a resource was declared in.
    pub fn source_of(&self, resource: &RawResource) -> Option<&Arc<SourceFile>> {
        self.sources.get(resource.file)
    }

    /// The unit's first file: the whole of it for single-file formats.
    pub fn source(&self) -> Option<&Arc<SourceFile>> {
        self.sources.first()
    }
}

/// Why a file could not be loaded, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LoadError {
    pub message: String,
    /// Where in the text the problem is, when known.
    pub span: Option<Span>,
}

impl LoadError {
    pub fn new(message: impl Into<String>) -> Self {
        LoadError {
            message: message.into(),
            span: None,
        }
    }

    pub fn at(message: impl Into<String>, span: Span) -> Self {
        LoadError {
            message: message.into(),
            span: Some(span),
        }
    }
}

/// Options that change what a unit loads to (not which units there are).
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Variable values for Terraform root modules (`--var`, `--var-file`).
    pub terraform: hcl::TerraformVars,
    /// Where plans' root modules are (`--source-root`, `palisade.toml`).
    pub plan_sources: plan_source::PlanSources,
    /// The largest file read (`--max-file-size`) and the tree reads stay in.
    pub reading: read::Reading,
}

/// Reads, decodes and loads one file; every failure becomes a notification naming the
/// file and, where known, the line.
pub fn load(input: &InputFile) -> Result<Document, Notification> {
    load_with(input, &LoadOptions::default())
}

/// [`load`] with options. A Terraform module is a directory and loads through
/// [`hcl::load_module`]; every other input is one file.
pub fn load_with(input: &InputFile, options: &LoadOptions) -> Result<Document, Notification> {
    if input.kind == InputKind::TerraformModule {
        return hcl::load_module(&input.path, &options.terraform, &options.reading);
    }
    if input.kind == InputKind::AwsCli {
        return live::cli::load_dir(&input.path, options.reading.max_file_size);
    }
    let display = crate::source::display_path(&input.path);
    let max = options.reading.max_file_size;
    let bytes = read::read_bounded(&input.path, max)
        .map_err(|e| Notification::error(Stage::Load, e.message).in_file(&display))?;
    // Lines of a gzipped file are lines of its decompressed text, which is what the
    // size limit bounds.
    let bytes = if decode::is_gzipped(&input.path) {
        decode::gunzip(&bytes, max.bytes())
            .map_err(|e| Notification::error(Stage::Load, e.message).in_file(&display))?
    } else {
        bytes
    };
    let text = decode::decode_text(&bytes)
        .map_err(|e| Notification::error(Stage::Load, e.message).in_file(&display))?;
    let source = Arc::new(SourceFile::new(input.path.clone(), display, text));
    let single = |format, (resources, notes): Loaded| {
        Document::single(source.clone(), format, resources, notes)
    };
    let loaded = match input.kind {
        InputKind::TerraformPlan => plan::load_plan(&source).map(|plan| {
            let document = single(SourceFormat::TerraformPlan, (plan.resources, plan.notes));
            plan_source::map(
                document,
                &plan.variables,
                &plan.root_declarations,
                &options.plan_sources,
                &options.reading,
            )
        }),
        InputKind::TerraformState => {
            state::load(&source).map(|r| single(SourceFormat::TerraformState, r))
        }
        InputKind::CloudformationJson => {
            cfn::load_json(&source).map(|r| single(SourceFormat::Cloudformation, r))
        }
        InputKind::CloudformationYaml => {
            cfn::load_yaml(&source).map(|r| single(SourceFormat::Cloudformation, r))
        }
        InputKind::AwsConfig => {
            live::config::load(&source).map(|r| single(SourceFormat::AwsConfig, r))
        }
        // Modules and CLI export directories return early above; this arm only keeps the
        // match exhaustive.
        InputKind::TerraformModule | InputKind::AwsCli => Err(LoadError::new(
            "a Terraform module or a directory of AWS CLI exports is a directory, not a file",
        )),
    };
    loaded.map_err(|error| load_error(&source, error))
}

fn load_error(source: &SourceFile, error: LoadError) -> Notification {
    let note = Notification::error(Stage::Load, error.message.clone());
    match error.span {
        Some(span) => note.at(Location::of(source, span)),
        None => note.in_file(&source.display),
    }
}

/// What a loader returns: the resources, and non-fatal notes about the file.
pub type Loaded = (Vec<RawResource>, Vec<Notification>);
