//! Resources as loaded, before normalisation.

use std::collections::BTreeMap;

use serde::Serialize;

use super::value::{AttrPath, Value};
use crate::source::Span;

/// Where a resource came from. Policies see it as `input.resources[].source_format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    TerraformPlan,
    Cloudformation,
    /// Terraform configuration (`.tf`, `.tf.json`), evaluated per root module.
    Terraform,
    /// Terraform state: raw `terraform.tfstate` or `terraform show -json` of a state.
    TerraformState,
    /// An AWS Config snapshot or `aws configservice` query output: live resources.
    AwsConfig,
    /// A directory of `aws` CLI `describe-*`/`get-*` outputs from one account and region.
    AwsCli,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::TerraformPlan => "terraform-plan",
            SourceFormat::Cloudformation => "cloudformation",
            SourceFormat::Terraform => "terraform",
            SourceFormat::TerraformState => "terraform-state",
            SourceFormat::AwsConfig => "aws-config",
            SourceFormat::AwsCli => "aws-cli",
        }
    }
}

/// One resource (or Terraform data source) as a loader read it.
#[derive(Clone, Debug, PartialEq)]
pub struct RawResource {
    /// Unique within its scan unit: a Terraform address (`module.vpc.aws_subnet.private["a"]`,
    /// `data.aws_iam_policy_document.x`) or a CloudFormation logical id.
    pub id: String,
    /// The resource type as written: `aws_security_group`, `AWS::EC2::SecurityGroup`.
    pub kind: String,
    /// Terraform arguments, or CloudFormation `Properties`; always a map.
    pub attributes: Value,
    /// The whole resource declaration.
    pub span: Span,
    /// Spans of attributes below `attributes`, where the format has them. Lookups fall
    /// back to the nearest recorded ancestor, then to `span`.
    pub attribute_spans: BTreeMap<AttrPath, Span>,
    /// Which of the scan unit's files `span` and `attribute_spans` are offsets into
    /// (`Document::sources`); 0 for single-file formats.
    pub file: usize,
    /// For a resource assembled from several files of its unit (a live export: a KMS
    /// key's metadata, its rotation status and its policy come from three CLI calls), the
    /// file of each recorded attribute span that is not in `file`.
    pub attribute_files: BTreeMap<AttrPath, usize>,
    /// Where an attribute's value came from when it was not written in place: a
    /// variable's default, a tfvars file, a module input (`default of var.admin_cidr at
    /// variables.tf:3`). Findings quote the note of their path (or the nearest one).
    pub provenance: BTreeMap<AttrPath, String>,
    /// For a resource declared inside a called module: the chain of calls that leads to
    /// it (`module.app (main.tf:12) → module.sg (modules/app/main.tf:5)`).
    pub module_chain: Option<String>,
    /// For a CloudFormation resource that the AWS CDK synthesized: the construct path of
    /// its `Metadata["aws:cdk:path"]` (`Platform/Data/Database/Resource`), so findings name
    /// the construct in the CDK app rather than only the generated logical id.
    pub construct_path: Option<String>,
    /// The `module` blocks that lead to a resource declared in a called module, outermost
    /// first, as (file, span): a suppression above a call covers what the call creates.
    pub call_sites: Vec<(usize, Span)>,
    /// Suppressions declared on the resource itself (CloudFormation
    /// `Metadata.palisade.ignore`); comments are found in the text instead.
    pub ignores: Vec<crate::suppress::Directive>,
    /// What a plan does to the resource (`None` outside plans): `--changed-only` keeps
    /// findings on what the plan creates or updates.
    pub change: Option<PlanChange>,
    /// For a plan resource mapped to the `.tf` block that declares it (`span` and
    /// `attribute_spans` then point into the source): where it is in the plan, which
    /// findings name as a related location.
    pub planned_at: Option<Box<PlannedAt>>,
}

/// What a plan does to a resource, from `resource_changes[].change.actions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanChange {
    NoOp,
    Read,
    Create,
    Update,
    /// Destroyed and created again (either order).
    Replace,
}

impl PlanChange {
    /// Reads `actions`; `None` for deletions and forgets (not part of the result) and for
    /// action lists Terraform does not write.
    pub fn from_actions(actions: &[String]) -> Option<PlanChange> {
        let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
        match actions.as_slice() {
            ["no-op"] => Some(PlanChange::NoOp),
            ["read"] => Some(PlanChange::Read),
            ["create"] => Some(PlanChange::Create),
            ["update"] => Some(PlanChange::Update),
            ["delete", "create"] | ["create", "delete"] => Some(PlanChange::Replace),
            _ => None,
        }
    }

    /// The pull request touches the resource: it will exist in a new or changed form.
    pub fn is_change(self) -> bool {
        matches!(
            self,
            PlanChange::Create | PlanChange::Update | PlanChange::Replace
        )
    }
}

/// Where a mapped plan resource is in the plan file.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedAt {
    /// Index of the plan in `Document::sources`.
    pub file: usize,
    pub span: Span,
    pub attribute_spans: BTreeMap<AttrPath, Span>,
}

impl PlannedAt {
    pub fn span_of(&self, path: &[super::PathSegment]) -> Span {
        deepest(&self.attribute_spans, path).unwrap_or(self.span)
    }
}

/// The span of the deepest recorded ancestor of `path` (itself included).
fn deepest(spans: &BTreeMap<AttrPath, Span>, path: &[super::PathSegment]) -> Option<Span> {
    (0..=path.len())
        .rev()
        .find_map(|len| path.get(..len).and_then(|prefix| spans.get(prefix)))
        .copied()
}

impl RawResource {
    pub fn new(
        id: impl Into<String>,
        kind: impl Into<String>,
        attributes: Value,
        span: Span,
    ) -> Self {
        RawResource {
            id: id.into(),
            kind: kind.into(),
            attributes,
            span,
            attribute_spans: BTreeMap::new(),
            file: 0,
            attribute_files: BTreeMap::new(),
            provenance: BTreeMap::new(),
            module_chain: None,
            construct_path: None,
            call_sites: Vec::new(),
            ignores: Vec::new(),
            change: None,
            planned_at: None,
        }
    }

    pub fn attr(&self, key: &str) -> Option<&Value> {
        self.attributes.get(key)
    }

    /// The span that best matches `path`: the deepest recorded ancestor of it.
    pub fn span_of(&self, path: &[super::PathSegment]) -> Span {
        deepest(&self.attribute_spans, path).unwrap_or(self.span)
    }

    /// The file and span that best match `path`: the deepest recorded ancestor's, in the
    /// file it was read from (see `attribute_files`).
    pub fn location_of(&self, path: &[super::PathSegment]) -> (usize, Span) {
        let found = (0..=path.len()).rev().find_map(|len| {
            let prefix = path.get(..len)?;
            let span = self.attribute_spans.get(prefix)?;
            Some((
                self.attribute_files
                    .get(prefix)
                    .copied()
                    .unwrap_or(self.file),
                *span,
            ))
        });
        found.unwrap_or((self.file, self.span))
    }

    /// The provenance note for a finding at `path`: the nearest recorded ancestor's, else
    /// the notes recorded below it (a rule reported on `ingress[0]` whose `cidr_blocks`
    /// came from a variable), at most two, those on known values first. A finding on the
    /// whole resource (empty path) quotes none from below: which attribute decided it is
    /// not known, and a bucket name's variable would only be noise.
    pub fn provenance_of(&self, path: &[super::PathSegment]) -> Option<String> {
        if let Some(note) = (0..=path.len()).rev().find_map(|len| {
            path.get(..len)
                .and_then(|prefix| self.provenance.get(prefix))
        }) {
            return Some(note.clone());
        }
        if path.is_empty() {
            return None;
        }
        // Known values decide a violation; notes on them come first.
        let mut below: Vec<(bool, &str)> = Vec::new();
        for (key, note) in &self.provenance {
            if key.starts_with(path) && !below.iter().any(|(_, n)| *n == note.as_str()) {
                let unknown = self
                    .attributes
                    .pointer(key)
                    .is_none_or(super::Value::contains_unknown);
                below.push((unknown, note));
            }
        }
        below.sort_by_key(|(unknown, _)| *unknown);
        let mut below: Vec<&str> = below.into_iter().map(|(_, n)| n).collect();
        below.truncate(2);
        (!below.is_empty()).then(|| below.join("; "))
    }
}
