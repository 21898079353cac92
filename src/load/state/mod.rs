//! Terraform state: what Terraform last applied, as an auditor exports it.
//!
//! Two renderings of the same thing are read: the raw `terraform.tfstate` (format
//! version 4: `resources[]` → `instances[]` → `attributes`) that `terraform state pull`
//! writes, and `terraform show -json` of a state (`values.root_module`, the same shape
//! as a plan's `planned_values`). Both become one [`RawResource`] per resource instance,
//! addressed as Terraform addresses it (`module.network.aws_subnet.private[0]`), with
//! every value known — state is the applied result, so the Terraform normalisers and
//! every policy apply unchanged.
//!
//! Unlike plans, state files are read with positions (the span-carrying JSON tree the
//! CloudFormation reader builds), because an auditor's finding must point at the
//! attribute that fails in the export they hold, not only at the resource.
//!
//! Objects Terraform keeps for a resource besides its current one (*deposed* objects
//! left by a create-before-destroy that failed) still exist in the account, so they are
//! scanned too, under the address with ` (deposed <key>)` appended.

mod rendered;
mod tfstate;
pub(crate) mod tree;

use crate::diagnostics::{Notification, Stage};
use crate::load::{LoadError, Loaded};
use crate::source::{SourceFile, Span};

pub use rendered::load as load_rendered;
pub use tfstate::load as load_tfstate;

/// Loads either rendering, telling them apart by their top-level members.
pub fn load(source: &SourceFile) -> Result<Loaded, LoadError> {
    let root = super::cfn::json::parse(&source.text)?;
    if root.get("values").is_some() || root.get("format_version").is_some() {
        rendered::from_tree(source, &root)
    } else {
        tfstate::from_tree(source, &root)
    }
}

/// How deep `module` addresses or `child_modules` may nest; as for plans.
const MAX_MODULE_DEPTH: usize = crate::load::plan::MAX_MODULE_DEPTH;

fn warning_at(source: &SourceFile, span: Span, message: impl Into<String>) -> Notification {
    Notification::warning(Stage::Load, message).at(crate::source::Location::of(source, span))
}
