//! `terraform show -json` of a state: `values.root_module` with its `child_modules`, each
//! resource with its full `address` and known `values` — the shape of a plan's
//! `planned_values`, with nothing unknown.

use std::collections::HashSet;

use super::{tree, warning_at, MAX_MODULE_DEPTH};
use crate::load::cfn::node::{Kind, Node};
use crate::load::{LoadError, Loaded};
use crate::model::RawResource;
use crate::source::SourceFile;

pub fn load(source: &SourceFile) -> Result<Loaded, LoadError> {
    let root = crate::load::cfn::json::parse(&source.text)?;
    from_tree(source, &root)
}

pub(super) fn from_tree(source: &SourceFile, root: &Node) -> Result<Loaded, LoadError> {
    check_version(root)?;
    if root.get("planned_values").is_some() || root.get("resource_changes").is_some() {
        return Err(LoadError::at(
            "this is `terraform show -json` of a plan, not of a state",
            root.span,
        ));
    }
    let mut found = Found::default();
    // `terraform show -json` of an empty state writes no `values` at all.
    if let Some(module) = root.get("values").and_then(|v| v.get("root_module")) {
        found.module(source, module, 0)?;
    }
    Ok((found.resources, found.notes))
}

#[derive(Default)]
struct Found {
    resources: Vec<RawResource>,
    notes: Vec<crate::diagnostics::Notification>,
    seen: HashSet<String>,
}

impl Found {
    fn module(
        &mut self,
        source: &SourceFile,
        module: &Node,
        depth: usize,
    ) -> Result<(), LoadError> {
        if depth > MAX_MODULE_DEPTH {
            return Err(LoadError::at(
                format!("child_modules nest more than {MAX_MODULE_DEPTH} levels deep"),
                module.span,
            ));
        }
        for resource in module
            .get("resources")
            .and_then(Node::items)
            .unwrap_or_default()
        {
            self.resource(source, resource);
        }
        for child in module
            .get("child_modules")
            .and_then(Node::items)
            .unwrap_or_default()
        {
            self.module(source, child, depth + 1)?;
        }
        Ok(())
    }

    fn resource(&mut self, source: &SourceFile, resource: &Node) {
        let Some(address) = resource.entry("address") else {
            self.notes.push(warning_at(
                source,
                resource.span,
                "skipped a state resource without an \"address\"",
            ));
            return;
        };
        let (Some(mut id), Some(kind)) = (
            address.value.as_str().map(str::to_owned),
            resource.get("type").and_then(Node::as_str),
        ) else {
            self.notes.push(warning_at(
                source,
                resource.span,
                "skipped a state resource whose \"address\" or \"type\" is not a string",
            ));
            return;
        };
        if let Some(deposed) = resource.get("deposed_key").and_then(Node::as_str) {
            id = format!("{id} (deposed {deposed})");
        }
        if !self.seen.insert(id.clone()) {
            self.notes.push(warning_at(
                source,
                address.span(),
                format!("{id} appears twice in the state; the first is used"),
            ));
            return;
        }
        let (value, attribute_spans) = match resource.get("values") {
            Some(values) => tree::attributes(values),
            None => tree::attributes(&Node::new(resource.span, Kind::Null)),
        };
        let mut raw = RawResource::new(id, kind, value, address.span());
        raw.attribute_spans = attribute_spans;
        self.resources.push(raw);
    }
}

/// Format versions 0.x and 1.x, as for plans; a new major version may change meaning.
fn check_version(root: &Node) -> Result<(), LoadError> {
    let Some(entry) = root.entry("format_version") else {
        return Err(LoadError::at(
            "not a Terraform state rendering: it has no \"format_version\" (expected the \
             output of `terraform show -json` without a plan file)",
            root.span,
        ));
    };
    match entry.value.as_str() {
        Some(v) if matches!(v.split('.').next(), Some("0" | "1")) => Ok(()),
        Some(v) => Err(LoadError::at(
            format!("unsupported format_version \"{v}\": palisade reads 0.x and 1.x"),
            entry.span(),
        )),
        None => Err(LoadError::at(
            format!(
                "\"format_version\" is {}, expected a string such as \"1.0\"",
                entry.value.shape()
            ),
            entry.span(),
        )),
    }
}
