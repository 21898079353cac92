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
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::TerraformPlan => "terraform-plan",
            SourceFormat::Cloudformation => "cloudformation",
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
        }
    }

    pub fn attr(&self, key: &str) -> Option<&Value> {
        self.attributes.get(key)
    }

    /// The span that best matches `path`: the deepest recorded ancestor of it.
    pub fn span_of(&self, path: &[super::PathSegment]) -> Span {
        (0..=path.len())
            .rev()
            .find_map(|len| {
                path.get(..len)
                    .and_then(|prefix| self.attribute_spans.get(prefix))
            })
            .copied()
            .unwrap_or(self.span)
    }
}
