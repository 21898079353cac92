//! Raw `terraform.tfstate`, format version 4 (Terraform 0.12 and later).
//!
//! ```json
//! {"version": 4, "terraform_version": "1.9.8", "resources": [
//!   {"module": "module.network", "mode": "managed", "type": "aws_subnet", "name": "private",
//!    "each": "list", "instances": [{"index_key": 0, "attributes": {...}}]}]}
//! ```

use std::collections::HashSet;

use super::{tree, warning_at, MAX_MODULE_DEPTH};
use crate::load::cfn::node::{Kind, Node};
use crate::load::{LoadError, Loaded};
use crate::model::RawResource;
use crate::source::{SourceFile, Span};

pub fn load(source: &SourceFile) -> Result<Loaded, LoadError> {
    let root = crate::load::cfn::json::parse(&source.text)?;
    from_tree(source, &root)
}

pub(super) fn from_tree(source: &SourceFile, root: &Node) -> Result<Loaded, LoadError> {
    check_version(root)?;
    let Some(resources) = root.get("resources") else {
        return Err(LoadError::at(
            "not a Terraform state: it has no \"resources\"",
            root.span,
        ));
    };
    let Some(resources) = resources.items() else {
        return Err(LoadError::at(
            format!("\"resources\" is {}, expected a list", resources.shape()),
            resources.span,
        ));
    };
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut seen = HashSet::new();
    for resource in resources {
        let Some(header) = Header::read(resource) else {
            notes.push(warning_at(
                source,
                resource.span,
                "skipped a state resource without a \"type\" and \"name\"",
            ));
            continue;
        };
        if header.module_depth() > MAX_MODULE_DEPTH {
            return Err(LoadError::at(
                format!("module address nests more than {MAX_MODULE_DEPTH} modules deep"),
                resource.span,
            ));
        }
        let instances = resource
            .get("instances")
            .and_then(Node::items)
            .unwrap_or_default();
        if instances.is_empty() {
            continue; // declared, nothing created (count = 0)
        }
        for instance in instances {
            let key = instance.get("index_key");
            let mut id = header.address(key);
            if let Some(deposed) = instance.get("deposed").and_then(Node::as_str) {
                id = format!("{id} (deposed {deposed})");
            }
            if !seen.insert(id.clone()) {
                notes.push(warning_at(
                    source,
                    instance.span,
                    format!("{id} appears twice in the state; the first is used"),
                ));
                continue;
            }
            let Some(attributes) = instance.get("attributes") else {
                notes.push(warning_at(
                    source,
                    instance.span,
                    format!(
                        "skipped {id}: its instance has no \"attributes\" (a state written \
                         before Terraform 0.12 keeps them flattened; run `terraform apply` \
                         or `terraform state pull` with a current Terraform)"
                    ),
                ));
                continue;
            };
            let (value, attribute_spans) = tree::attributes(attributes);
            let span = match instance.entry("index_key") {
                Some(entry) if instances.len() > 1 => entry.span(),
                _ => header.span,
            };
            let mut raw = RawResource::new(id, header.kind.clone(), value, span);
            raw.attribute_spans = attribute_spans;
            out.push(raw);
        }
    }
    Ok((out, notes))
}

/// The members of a state resource that make its address.
struct Header {
    module: Option<String>,
    data: bool,
    kind: String,
    name: String,
    /// From the `"type"` member to the `"name"` member: what a finding on a resource
    /// with one instance points at.
    span: Span,
}

impl Header {
    fn read(resource: &Node) -> Option<Header> {
        let kind = resource.entry("type")?;
        let name = resource.entry("name")?;
        let (start, end) = (kind.span(), name.span());
        Some(Header {
            module: resource
                .get("module")
                .and_then(Node::as_str)
                .map(str::to_owned),
            data: resource.get("mode").and_then(Node::as_str) == Some("data"),
            kind: kind.value.as_str()?.to_owned(),
            name: name.value.as_str()?.to_owned(),
            span: Span::new(start.start.min(end.start), start.end.max(end.end)),
        })
    }

    fn module_depth(&self) -> usize {
        self.module
            .as_deref()
            .map_or(0, |m| m.matches("module.").count())
    }

    /// `module.a.data.aws_iam_policy_document.x["k"]`, as Terraform writes addresses.
    fn address(&self, key: Option<&Node>) -> String {
        let mut address = String::new();
        if let Some(module) = &self.module {
            address.push_str(module);
            address.push('.');
        }
        if self.data {
            address.push_str("data.");
        }
        address.push_str(&self.kind);
        address.push('.');
        address.push_str(&self.name);
        match key.map(|k| &k.kind) {
            Some(Kind::Number(n)) => address.push_str(&format!("[{n}]")),
            Some(Kind::String(s)) => {
                address.push('[');
                address.push_str(&serde_json::Value::String(s.clone()).to_string());
                address.push(']');
            }
            _ => {}
        }
        address
    }
}

/// Version 4 is the only format Terraform has written since 0.12; versions 1–3 store
/// attributes flattened (`"ingress.0.cidr_blocks.#"`), which would be misread.
fn check_version(root: &Node) -> Result<(), LoadError> {
    let Some(entry) = root.entry("version") else {
        return Err(LoadError::at(
            "not a Terraform state: it has no \"version\" (expected `terraform.tfstate`, \
             as `terraform state pull` writes it)",
            root.span,
        ));
    };
    match &entry.value.kind {
        Kind::Number(n) if n.as_u64() == Some(4) => Ok(()),
        Kind::Number(n) => Err(LoadError::at(
            format!(
                "unsupported state version {n}: palisade reads version 4 (Terraform 0.12 and \
                 later); upgrade the state with a current Terraform"
            ),
            entry.span(),
        )),
        _ => Err(LoadError::at(
            format!(
                "\"version\" is {}, expected the number 4",
                entry.value.shape()
            ),
            entry.span(),
        )),
    }
}
