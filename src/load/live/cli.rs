//! A directory of `aws` CLI outputs from one account and region: one scan unit.
//!
//! ```text
//! <export>/                          one account, one region
//!   ec2-describe-security-groups.json   any name: recognised by content
//!   iam-get-account-authorization-details.json
//!   ...
//!   s3/<bucket>/get-bucket-encryption.json      per-resource calls, whose output does
//!   s3/<bucket>/get-public-access-block.json    not name the resource: the directory
//!   s3/<bucket>/get-bucket-policy.json          does
//!   s3/<bucket>/get-bucket-acl.json
//!   kms/<key-id>/describe-key.json
//!   kms/<key-id>/get-key-rotation-status.json
//!   kms/<key-id>/get-key-policy.json
//!   elbv2/<name>/describe-load-balancer-attributes.json
//!   elb/<name>/describe-load-balancer-attributes.json   (classic load balancers)
//!   elbv2/<name>/get-web-acl-for-resource.json
//!   guardduty/<detector-id>/get-detector.json
//!   elbv2/<name>/waf-regional-get-web-acl-for-resource.json   (WAF Classic, if used)
//!   rds/<parameter-group>/describe-db-parameters.json   (or describe-db-cluster-parameters.json)
//! ```
//!
//! Top-level files are read by their first member (`SecurityGroups`, `RoleDetailList`,
//! `KeyMetadata` …); per-resource files by the member they hold, or by their name when
//! they hold `{}` (what the export script saves for `NoSuchBucketPolicy` and the like:
//! "there is none", as opposed to a file that is missing: "not exported"). Every file is
//! a source of the unit, so a finding points into the file its value came from. A file
//! that cannot be read is an error at its line; the others are still scanned.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::api::{Leaf, Obj};
use super::build::At;
use super::translate::{self, s3, Item, Piece, Shape, Source};
use super::Layout;
use crate::diagnostics::{Notification, Stage};
use crate::load::cfn::node::Node;
use crate::load::{Document, LoadError};
use crate::model::SourceFormat;
use crate::source::{display_path, Location, SourceFile};

/// The files of a unit: its own `*.json` and those of the per-resource layout, sorted.
fn unit_files(dir: &Path) -> Vec<PathBuf> {
    let json = |p: &Path| {
        p.is_file()
            && p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    };
    let sorted = |d: &Path| -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = std::fs::read_dir(d)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        out.sort();
        out
    };
    // Other inputs may share the directory (a Config snapshot, a plan): they are units
    // of their own.
    let cli = |p: &Path| {
        matches!(
            crate::discover::classify::classify_path(p),
            Ok(Some(crate::discover::InputKind::AwsCli))
        )
    };
    let mut files: Vec<PathBuf> = sorted(dir)
        .into_iter()
        .filter(|p| json(p) && cli(p))
        .collect();
    for layout in [
        Layout::Elb,
        Layout::Elbv2,
        Layout::GuardDuty,
        Layout::Kms,
        Layout::Rds,
        Layout::S3,
    ] {
        for resource in sorted(&dir.join(layout.dir())) {
            if resource.is_dir() {
                files.extend(sorted(&resource).into_iter().filter(|p| json(p)));
            }
        }
    }
    files
}

struct Parsed {
    file: usize,
    root: Node,
    slot: Option<(Layout, String)>,
    /// The file name without `.json`: what a `{}` output was the answer to.
    stem: String,
}

pub fn load_dir(
    dir: &Path,
    max_file_size: crate::load::read::MaxFileSize,
) -> Result<Document, Notification> {
    let display = display_path(dir);
    let mut sources: Vec<Arc<SourceFile>> = Vec::new();
    let mut notes = Vec::new();
    let mut parsed = Vec::new();
    let canonical_dir = dir.canonicalize().ok();
    for path in unit_files(dir) {
        let shown = display_path(&path);
        // The unit lists its own directory, so it keeps discovery's rule: a link that
        // leads out of the tree is not followed.
        if let Some(root) = &canonical_dir {
            if path
                .canonicalize()
                .is_ok_and(|target| !target.starts_with(root))
            {
                notes.push(
                    Notification::warning(
                        Stage::Load,
                        "symbolic link points outside the export directory: not followed",
                    )
                    .in_file(&shown),
                );
                continue;
            }
        }
        let text = match crate::load::read::read_text(&path, max_file_size) {
            Ok(text) => text,
            Err(e) => {
                notes.push(Notification::error(Stage::Load, e.message).in_file(&shown));
                continue;
            }
        };
        let source = Arc::new(SourceFile::new(path.clone(), shown, text));
        let file = sources.len();
        sources.push(source.clone());
        match crate::load::cfn::json::parse(&source.text) {
            Ok(root) => parsed.push(Parsed {
                file,
                root,
                slot: super::layout_slot(&path),
                stem: path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_owned(),
            }),
            Err(e) => notes.push(error(&source, e)),
        }
    }
    if sources.is_empty() && notes.is_empty() {
        return Err(
            Notification::error(Stage::Load, "no AWS CLI exports in the directory")
                .in_file(&display),
        );
    }
    let mut pieces = Vec::new();
    let mut buckets = Buckets::default();
    for p in &parsed {
        let Some(source) = sources.get(p.file) else {
            continue;
        };
        let result = match &p.slot {
            Some((layout, name)) => per_resource(p, *layout, name, &mut buckets),
            None => top_level(p, &mut buckets),
        };
        match result {
            Ok(found) => pieces.extend(found.into_iter().map(|piece| (piece, p.file))),
            Err(e) => notes.push(error(source, e)),
        }
    }
    match buckets.pieces() {
        Ok(found) => pieces.extend(found.into_iter().map(|piece| (piece, 0))),
        Err((file, e)) => {
            if let Some(source) = sources.get(file) {
                notes.push(error(source, e));
            }
        }
    }
    let mut assembly_notes = Vec::new();
    let resources = translate::assemble(pieces, &mut assembly_notes);
    notes.extend(assembly_notes.into_iter().map(|n| {
        if n.file.is_none() && n.location.is_none() {
            n.in_file(&display)
        } else {
            n
        }
    }));
    Ok(Document {
        sources,
        display,
        format: SourceFormat::AwsCli,
        resources,
        notifications: notes,
        source_root: None,
    })
}

fn error(source: &SourceFile, e: LoadError) -> Notification {
    let note = Notification::error(Stage::Load, e.message);
    match e.span {
        Some(span) => note.at(Location::of(source, span)),
        None => note.in_file(&source.display),
    }
}

fn cli_item(config: Obj<'_>) -> Item<'_> {
    Item {
        config,
        at: config.at(),
        arn: None,
        supplementary: None,
        supplementary_at: None,
        source: Source::Cli,
    }
}

fn top_level<'a>(p: &'a Parsed, buckets: &mut Buckets<'a>) -> Result<Vec<Piece>, LoadError> {
    let root = Obj::new(&p.root, p.file, "an AWS CLI output")?;
    let mut pieces = Vec::new();
    let mut read_any = false;
    for (member, shape) in Shape::CLI_LISTS {
        if root.entry(member).is_none() {
            continue;
        }
        read_any = true;
        for obj in root.objects(member)? {
            if *shape == Shape::Bucket {
                let name = obj.required_str("name", "a bucket")?;
                buckets.named(name, obj.at());
                continue;
            }
            pieces.extend(translate::translate(*shape, &cli_item(obj))?);
        }
    }
    for (member, shape) in Shape::CLI_OBJECTS {
        if let Some(obj) = root.obj(member)? {
            read_any = true;
            pieces.extend(translate::translate(*shape, &cli_item(obj))?);
        }
    }
    if let Some(list) = root.obj("distributionList")? {
        // `list-distributions`: `{"DistributionList": {"Items": [...]}}`.
        read_any = true;
        for summary in list.objects("items")? {
            pieces.extend(translate::translate(
                Shape::Distribution,
                &cli_item(summary),
            )?);
        }
    }
    if let Some(attributes) = root.obj("attributes")? {
        // Outside `elbv2/<name>/`: a queue's or a topic's.
        read_any = true;
        pieces.extend(translate::attributes(&root, &cli_item(attributes))?);
    }
    if root.entry("scanningConfiguration").is_some() {
        read_any = true;
        pieces.extend(translate::translate(
            Shape::EcrRegistryScanning,
            &cli_item(root),
        )?);
    }
    if let Some(metadata) = root.obj("keyMetadata")? {
        read_any = true;
        pieces.extend(translate::translate(Shape::Key, &cli_item(metadata))?);
    }
    if let Some(block) = root.obj("publicAccessBlockConfiguration")? {
        // Outside `s3/<bucket>/`: the account's (`s3control get-public-access-block`).
        read_any = true;
        pieces.extend(translate::translate(
            Shape::AccountPublicAccessBlock,
            &cli_item(block),
        )?);
    }
    if root.entry("keyRotationEnabled").is_some() {
        read_any = true;
        // Newer CLIs name the key in the output; older ones only in the layout.
        match root.str("keyId")? {
            Some(id) => pieces.push(translate::key_rotation_status(&root, key_id(id.value))?),
            None => {
                return Err(LoadError::at(
                    "a get-key-rotation-status output that does not name its key: save it as \
                     kms/<key-id>/get-key-rotation-status.json",
                    root.node.span,
                ))
            }
        }
    }
    if !read_any {
        return Err(LoadError::at(
            format!(
                "not an AWS CLI output palisade reads (its members: {})",
                members(&p.root)
            ),
            p.root.span,
        ));
    }
    Ok(pieces)
}

/// `arn:aws:kms:…:key/<id>` or `<id>` → `<id>`.
fn key_id(text: &str) -> &str {
    text.rsplit_once(":key/").map_or(text, |(_, id)| id)
}

fn members(node: &Node) -> String {
    node.entries()
        .unwrap_or_default()
        .iter()
        .map(|e| e.key.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn per_resource<'a>(
    p: &'a Parsed,
    layout: Layout,
    name: &str,
    buckets: &mut Buckets<'a>,
) -> Result<Vec<Piece>, LoadError> {
    let doc = Obj::new(&p.root, p.file, "an AWS CLI output")?;
    let empty = p.root.entries().is_some_and(<[_]>::is_empty);
    let unrecognised = || {
        LoadError::at(
            format!(
                "{}/{name}/{}.json: not an output palisade reads there (its members: {})",
                layout.dir(),
                p.stem,
                members(&p.root)
            ),
            p.root.span,
        )
    };
    match layout {
        Layout::S3 => {
            let slot = buckets.slot(name, doc);
            if let Some(config) = doc.obj("serverSideEncryptionConfiguration")? {
                slot.encryption = Some(Found::Some(config));
            } else if let Some(config) = doc.obj("publicAccessBlockConfiguration")? {
                slot.public_access_block = Some(Found::Some(config));
            } else if doc.entry("policy").is_some() {
                slot.policy = Some(Found::Some(doc));
            } else if doc.entry("grants").is_some() {
                slot.acl = Some(Found::Some(doc));
            } else if empty {
                match p.stem.as_str() {
                    "get-bucket-encryption" => slot.encryption = Some(Found::None(doc.at())),
                    "get-public-access-block" => {
                        slot.public_access_block = Some(Found::None(doc.at()))
                    }
                    "get-bucket-policy" => slot.policy = Some(Found::None(doc.at())),
                    "get-bucket-acl" => slot.acl = Some(Found::None(doc.at())),
                    _ => return Err(unrecognised()),
                }
            } else {
                return Err(unrecognised());
            }
            Ok(Vec::new())
        }
        Layout::Kms => {
            if let Some(metadata) = doc.obj("keyMetadata")? {
                translate::translate(Shape::Key, &cli_item(metadata))
            } else if doc.entry("keyRotationEnabled").is_some() {
                Ok(vec![translate::key_rotation_status(&doc, name)?])
            } else if doc.entry("policy").is_some() {
                Ok(vec![translate::key_policy(&doc, name)?])
            } else {
                Err(unrecognised())
            }
        }
        Layout::Elb => {
            if doc.entry("loadBalancerAttributes").is_some() {
                Ok(vec![translate::classic_load_balancer_attributes(
                    &doc, name,
                )?])
            } else {
                Err(unrecognised())
            }
        }
        Layout::GuardDuty => {
            if doc.entry("status").is_some() {
                translate::get_detector(&doc, name)
            } else {
                Err(unrecognised())
            }
        }
        Layout::Rds => {
            let cluster = match p.stem.as_str() {
                "describe-db-parameters" => false,
                "describe-db-cluster-parameters" => true,
                _ => return Err(unrecognised()),
            };
            if doc.entry("parameters").is_none() {
                return Err(unrecognised());
            }
            if name.starts_with("default.") {
                // The rule judges a default group by its engine's defaults.
                return Ok(vec![Piece::Note(Notification::note(
                    Stage::Load,
                    format!(
                        "rds/{name}/: a default parameter group is judged by its \
                             engine's defaults, not read"
                    ),
                ))]);
            }
            Ok(vec![translate::db_parameters(&doc, name, cluster)?])
        }
        Layout::Elbv2 => {
            if doc.entry("attributes").is_some() {
                Ok(vec![translate::load_balancer_attributes(&doc, name)?])
            } else if doc.entry("webACL").is_some()
                || (empty && p.stem == "get-web-acl-for-resource")
            {
                Ok(vec![translate::web_acl_for_resource(&doc, name)?])
            } else if doc.entry("webACLSummary").is_some()
                || (empty && p.stem == "waf-regional-get-web-acl-for-resource")
            {
                Ok(vec![translate::classic_web_acl_for_resource(&doc, name)?])
            } else {
                Err(unrecognised())
            }
        }
    }
}

/// What a per-bucket call said.
enum Found<'a> {
    Some(Obj<'a>),
    None(At),
}

#[derive(Default)]
struct Bucket<'a> {
    /// Where the bucket is named: its `list-buckets` entry, else its first file.
    name_at: Option<At>,
    first_file: Option<At>,
    encryption: Option<Found<'a>>,
    public_access_block: Option<Found<'a>>,
    policy: Option<Found<'a>>,
    acl: Option<Found<'a>>,
}

/// Buckets of the unit: named by `list-buckets` or by a directory `s3/<bucket>/`.
#[derive(Default)]
struct Buckets<'a> {
    by_name: std::collections::BTreeMap<String, Bucket<'a>>,
}

impl<'a> Buckets<'a> {
    fn named(&mut self, name: Leaf<&str>, at: At) {
        let bucket = self.by_name.entry(name.value.to_owned()).or_default();
        bucket.name_at.get_or_insert(at);
    }

    fn slot(&mut self, name: &str, doc: Obj<'a>) -> &mut Bucket<'a> {
        let bucket = self.by_name.entry(name.to_owned()).or_default();
        bucket.first_file.get_or_insert(doc.at());
        bucket
    }

    fn pieces(self) -> Result<Vec<Piece>, (usize, LoadError)> {
        let mut out = Vec::new();
        for (name, bucket) in &self.by_name {
            let Some(at) = bucket.name_at.or(bucket.first_file) else {
                continue;
            };
            let part = |found: &Option<Found<'a>>, why: &'static str| match found {
                None => s3::Part::NotExported(why),
                Some(Found::None(at)) => s3::Part::None(*at),
                Some(Found::Some(obj)) => s3::Part::Some(*obj),
            };
            let parts = s3::Parts {
                encryption: part(
                    &bucket.encryption,
                    "the export has no `get-bucket-encryption` output for this bucket \
                     (s3/<bucket>/get-bucket-encryption.json)",
                ),
                public_access_block: part(
                    &bucket.public_access_block,
                    "the export has no `get-public-access-block` output for this bucket \
                     (s3/<bucket>/get-public-access-block.json)",
                ),
                policy: part(
                    &bucket.policy,
                    "the export has no `get-bucket-policy` output for this bucket \
                     (s3/<bucket>/get-bucket-policy.json)",
                ),
                acl: part(
                    &bucket.acl,
                    "the export has no `get-bucket-acl` output for this bucket \
                     (s3/<bucket>/get-bucket-acl.json)",
                ),
            };
            let leaf = Leaf {
                value: name.as_str(),
                at,
            };
            out.extend(s3::bucket_pieces(leaf, None, at, parts).map_err(|e| (at.file, e))?);
        }
        Ok(out)
    }
}
