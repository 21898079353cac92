//! The Terraform state loaders on fixture files, through classification and the public
//! `load::load` entry point. `fixtures/loaders/state/` holds hand-written states; the
//! rule fixtures (`fixtures/rules/*/*.tfstate`) and `reference-platform/state/` cover the
//! policies on state.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use palisade::diagnostics::Notification;
use palisade::discover::classify::classify_path;
use palisade::discover::{InputFile, InputKind};
use palisade::load::Document;
use palisade::model::{PathSegment, SourceFormat};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/loaders/state")
        .join(name)
}

fn try_load(name: &str) -> Result<Document, Notification> {
    let path = fixture(name);
    let kind = classify_path(&path).unwrap();
    assert_eq!(
        kind,
        Some(InputKind::TerraformState),
        "{name} is classified as state"
    );
    palisade::load::load(&InputFile {
        path,
        kind: InputKind::TerraformState,
    })
}

fn ids(doc: &Document) -> Vec<&str> {
    doc.resources.iter().map(|r| r.id.as_str()).collect()
}

fn line_of(doc: &Document, id: &str, path: &[PathSegment]) -> u32 {
    let resource = doc.resource(id).unwrap();
    let source = doc.source_of(resource).unwrap();
    source.line_col(resource.span_of(path).start).line
}

#[test]
fn raw_state_instances_are_addressed_as_terraform_addresses_them() {
    let doc = try_load("modules.tfstate").unwrap();
    assert_eq!(doc.format, SourceFormat::TerraformState);
    assert_eq!(
        ids(&doc),
        [
            "data.aws_caller_identity.current",
            "module.network.aws_subnet.private[0]",
            "module.network.aws_subnet.private[1]",
            "module.apps[\"api\"].module.sg.aws_security_group.this[\"web\"]",
            // A deposed object still exists in the account until the next apply.
            "module.apps[\"api\"].module.sg.aws_security_group.this[\"web\"] (deposed 00a1b2c3)",
        ]
    );
    assert!(doc.notifications.is_empty(), "{:?}", doc.notifications);
    // Instances of a counted resource point at their index key; attributes at their line.
    assert_eq!(
        line_of(&doc, "module.network.aws_subnet.private[1]", &[]),
        34
    );
    let group = "module.apps[\"api\"].module.sg.aws_security_group.this[\"web\"]";
    let cidrs = [
        PathSegment::Key("ingress".into()),
        PathSegment::Index(0),
        PathSegment::Key("cidr_blocks".into()),
    ];
    assert_eq!(line_of(&doc, group, &cidrs), 54);
    let subnet = doc
        .resource("module.network.aws_subnet.private[0]")
        .unwrap();
    assert_eq!(
        subnet.attr("cidr_block").and_then(|v| v.as_str()),
        Some("10.0.1.0/24")
    );
}

#[test]
fn the_rendering_of_a_state_reads_like_the_raw_state() {
    let doc = try_load("rendered.json").unwrap();
    assert_eq!(doc.format, SourceFormat::TerraformState);
    assert_eq!(
        ids(&doc),
        ["aws_vpc.main", "module.db.aws_db_instance.main"]
    );
    assert_eq!(
        line_of(
            &doc,
            "module.db.aws_db_instance.main",
            &[PathSegment::Key("storage_encrypted".into())]
        ),
        30
    );
}

#[test]
fn an_empty_state_rendering_has_no_resources_and_is_no_error() {
    let doc = try_load("empty.json").unwrap();
    assert!(doc.resources.is_empty());
}

#[test]
fn states_palisade_cannot_read_are_errors_naming_file_and_line() {
    let old = try_load("version3.tfstate").unwrap_err();
    assert!(old.is_error());
    assert!(
        old.message.contains("unsupported state version 3"),
        "{}",
        old.message
    );
    assert_eq!(old.location.as_ref().map(|l| l.start.line), Some(2));

    let cut = try_load("truncated.tfstate").unwrap_err();
    assert!(cut.is_error());
    assert!(cut.message.starts_with("invalid JSON"), "{}", cut.message);
    let location = cut.location.expect("a truncated file has a position");
    assert!(location.file.ends_with("truncated.tfstate"));
    assert!(location.start.line >= 7, "{location:?}");
}

#[test]
fn a_bad_state_leaves_the_scan_incomplete_and_the_rest_scanned() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["modules.tfstate", "truncated.tfstate"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["scan", "--no-config", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["files_scanned"], 2, "{report:#}");
    assert!(
        report["summary"]["resources"].as_u64().unwrap() >= 5,
        "{report:#}"
    );
}
