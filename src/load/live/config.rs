//! AWS Config: configuration items → Terraform-shaped resources.
//!
//! Three shapes hold items: a snapshot or history file as Config delivers it to S3
//! (`{"fileVersion", "configSnapshotId", "configurationItems": [...]}`, `configuration`
//! an object), `aws configservice batch-get-resource-config` (`baseConfigurationItems`,
//! `configuration` a JSON *string*) and `select-resource-config` (`Results`, each item a
//! JSON string). Positions inside a string cannot be addressed, so findings on items
//! read from one point at the string.
//!
//! Items of deleted or unrecorded resources are not resources. A history file may hold
//! several items of one resource: the latest capture is the resource. Types palisade
//! does not translate are counted in a note (`--verbose`), never an error; an item that
//! cannot be read is an error at its line, and the other items are still scanned.

use std::collections::BTreeMap;

use super::api::{embedded, Obj};
use super::build::At;
use super::translate::{self, Item, Shape, Source};
use crate::diagnostics::{Notification, Stage};
use crate::load::cfn::node::Node;
use crate::load::{LoadError, Loaded};
use crate::source::{Location, SourceFile};

pub fn load(source: &SourceFile) -> Result<Loaded, LoadError> {
    let root = crate::load::cfn::json::parse(&source.text)?;
    let root = Obj::new(&root, 0, "an AWS Config export")?;
    let list = ["configurationItems", "baseConfigurationItems", "results"]
        .iter()
        .find(|member| root.entry(member).is_some())
        .ok_or_else(|| {
            LoadError::at(
                "not an AWS Config export: it has no `configurationItems`, \
                 `baseConfigurationItems` or `Results`",
                root.node.span,
            )
        })?;
    let mut notes = Vec::new();
    let mut pieces = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut gone = 0usize;
    let mut items = Vec::new();
    for node in root.list(list)? {
        match embedded(node, "a configuration item") {
            Ok(item) => items.push(item),
            Err(e) => notes.push(error(source, e)),
        }
    }
    for item in latest(&items, source, &mut notes) {
        match read_item(item) {
            Ok(Read::Item(shape, parts)) => match translate::translate(shape, &parts.item()) {
                Ok(translated) => pieces.extend(translated.into_iter().map(|p| (p, 0))),
                Err(e) => notes.push(error(source, e)),
            },
            Ok(Read::Gone) => gone += 1,
            Ok(Read::Untranslated(kind)) => *skipped.entry(kind).or_default() += 1,
            Err(e) => notes.push(error(source, e)),
        }
    }
    let mut assembly_notes = Vec::new();
    let resources = translate::assemble(pieces, &mut assembly_notes);
    notes.extend(
        assembly_notes
            .into_iter()
            .map(|n| n.in_file(&source.display)),
    );
    if !skipped.is_empty() {
        let list: Vec<String> = skipped
            .iter()
            .map(|(kind, n)| format!("{kind} ({n})"))
            .collect();
        notes.push(
            Notification::note(
                Stage::Load,
                format!(
                    "{} configuration item(s) of types palisade does not translate were not \
                     scanned: {}",
                    skipped.values().sum::<usize>(),
                    list.join(", ")
                ),
            )
            .in_file(&source.display),
        );
    }
    if gone > 0 {
        notes.push(
            Notification::note(
                Stage::Load,
                format!("{gone} configuration item(s) describe deleted or unrecorded resources"),
            )
            .in_file(&source.display),
        );
    }
    Ok((resources, notes))
}

fn error(source: &SourceFile, e: LoadError) -> Notification {
    let note = Notification::error(Stage::Load, e.message);
    match e.span {
        Some(span) => note.at(Location::of(source, span)),
        None => note.in_file(&source.display),
    }
}

/// The latest item of each resource, in the order of the file.
fn latest<'a>(
    items: &'a [std::borrow::Cow<'a, Node>],
    source: &SourceFile,
    notes: &mut Vec<Notification>,
) -> Vec<&'a Node> {
    let mut newest: BTreeMap<(String, String), (String, usize)> = BTreeMap::new();
    let mut keyed = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Ok(obj) = Obj::new(item, 0, "a configuration item") else {
            keyed.push(None);
            continue;
        };
        let text = |m: &str| obj.str(m).ok().flatten().map(|l| l.value.to_owned());
        let key = text("resourceType").zip(text("resourceId"));
        if let Some(key) = &key {
            let time = text("configurationItemCaptureTime").unwrap_or_default();
            let entry = newest.entry(key.clone()).or_insert((time.clone(), i));
            if time > entry.0 {
                *entry = (time, i);
            }
        }
        keyed.push(key);
    }
    let mut out = Vec::new();
    let mut older = 0usize;
    for (i, (item, key)) in items.iter().zip(keyed).enumerate() {
        match key.and_then(|k| newest.get(&k)) {
            Some((_, latest)) if *latest != i => older += 1,
            _ => out.push(item.as_ref()),
        }
    }
    if older > 0 {
        notes.push(
            Notification::note(
                Stage::Load,
                format!("{older} earlier configuration item(s) of resources with a later item were not scanned"),
            )
            .in_file(&source.display),
        );
    }
    out
}

enum Read<'a> {
    Item(Shape, Parts<'a>),
    Gone,
    Untranslated(String),
}

struct Parts<'a> {
    config: Obj<'a>,
    at: At,
    arn: Option<super::api::Leaf<&'a str>>,
    supplementary: Option<Obj<'a>>,
    supplementary_at: Option<At>,
    /// A `configuration` given as text, parsed.
    owned: Option<Box<Node>>,
}

impl<'a> Parts<'a> {
    fn item(&self) -> Item<'_> {
        let config = match &self.owned {
            Some(node) => Obj { node, file: 0 },
            None => self.config,
        };
        Item {
            config,
            at: self.at,
            arn: self.arn.clone(),
            supplementary: self.supplementary,
            supplementary_at: self.supplementary_at,
            source: Source::Config,
        }
    }
}

fn read_item(node: &Node) -> Result<Read<'_>, LoadError> {
    let item = Obj::new(node, 0, "a configuration item")?;
    let status = item.str("configurationItemStatus")?.map(|s| s.value);
    if matches!(
        status,
        Some("ResourceDeleted" | "ResourceNotRecorded" | "ResourceDeletedNotRecorded")
    ) {
        return Ok(Read::Gone);
    }
    let kind = item.required_str("resourceType", "a configuration item")?;
    let Some(shape) = Shape::of_config_type(kind.value) else {
        return Ok(Read::Untranslated(kind.value.to_owned()));
    };
    let at = item.str("resourceId")?.map_or(kind.at, |id| id.at);
    let entry = item.entry("configuration").ok_or_else(|| {
        LoadError::at(
            format!("a {} configuration item has no `configuration`", kind.value),
            node.span,
        )
    })?;
    let (config, owned) = match embedded(&entry.value, "`configuration`")? {
        std::borrow::Cow::Borrowed(n) => (Obj::new(n, 0, "`configuration`")?, None),
        std::borrow::Cow::Owned(n) => {
            Obj::new(&n, 0, "`configuration`")?;
            (item, Some(Box::new(n)))
        }
    };
    let supplementary = item.obj("supplementaryConfiguration")?;
    Ok(Read::Item(
        shape,
        Parts {
            config,
            at,
            arn: item.str("arn")?,
            supplementary,
            supplementary_at: supplementary
                .is_some()
                .then(|| item.at_of("supplementaryConfiguration")),
            owned,
        },
    ))
}
