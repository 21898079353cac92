//! The Terraform source loader on fixture modules, through discovery and the public
//! `load` and `scan` entry points.
//!
//! `fixtures/loaders/hcl/` holds hand-written root modules (see the README there);
//! `fixtures/realworld/terraform/` holds modules written by others.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use palisade::diagnostics::{Level, Notification};
use palisade::discover::{self, InputFile, InputKind};
use palisade::load::hcl::TerraformVars;
use palisade::load::{Document, LoadOptions};
use palisade::model::{PathSegment, RawResource, SourceFormat, Value};
use palisade::policy::{PolicySet, PolicySources};
use palisade::report::Report;
use palisade::scan::{scan, ScanConfig};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

fn load_with(path: &str, options: &LoadOptions) -> Document {
    palisade::load::load_with(
        &InputFile {
            path: fixture(path),
            kind: InputKind::TerraformModule,
        },
        options,
    )
    .unwrap_or_else(|note| panic!("{path} did not load: {note:?}"))
}

fn load(path: &str) -> Document {
    load_with(path, &LoadOptions::default())
}

fn resource<'d>(doc: &'d Document, id: &str) -> &'d RawResource {
    doc.resource(id).unwrap_or_else(|| {
        panic!(
            "no {id} in {:?}",
            doc.resources.iter().map(|r| &r.id).collect::<Vec<_>>()
        )
    })
}

fn line_of(doc: &Document, r: &RawResource, path: &[PathSegment]) -> (String, u32) {
    let source = doc.source_of(r).unwrap();
    (
        source.display.clone(),
        source.line_col(r.span_of(path).start).line,
    )
}

fn key(k: &str) -> PathSegment {
    PathSegment::Key(k.into())
}

fn errors(notes: &[Notification]) -> Vec<&Notification> {
    notes.iter().filter(|n| n.level == Level::Error).collect()
}

fn policies() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| {
        PolicySet::load(&PolicySources {
            builtin: true,
            ..Default::default()
        })
        .0
    })
}

fn run(path: &str, options: LoadOptions) -> Report {
    scan(
        &ScanConfig {
            paths: vec![fixture(path)],
            load: options,
            ..Default::default()
        },
        policies(),
    )
}

#[test]
fn a_module_spread_over_files_loads_with_values_spans_and_provenance() {
    let doc = load("loaders/hcl/multi_file");
    assert_eq!(doc.format, SourceFormat::Terraform);
    assert!(
        errors(&doc.notifications).is_empty(),
        "{:#?}",
        doc.notifications
    );
    let ids: Vec<&str> = doc.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "aws_vpc.main",
            "aws_s3_bucket.logs",
            "aws_s3_bucket_versioning.logs",
            "module.app.module.sg.aws_security_group.this"
        ]
    );
    // terraform.tfvars beats the default; *.auto.tfvars supplies what has no default.
    let bucket = resource(&doc, "aws_s3_bucket.logs");
    assert_eq!(
        bucket.attr("bucket"),
        Some(&Value::from("acme-staging-logs"))
    );
    assert_eq!(
        bucket.provenance[&vec![key("bucket")]],
        "var.bucket_prefix from zz.auto.tfvars:1; var.env from terraform.tfvars:1"
    );
    assert!(line_of(&doc, bucket, &[])
        .0
        .ends_with("multi_file/storage.tf"));

    // A reference to a configured argument is its value, as at plan time.
    let versioning = resource(&doc, "aws_s3_bucket_versioning.logs");
    assert_eq!(
        versioning.attr("bucket"),
        Some(&Value::from("acme-staging-logs"))
    );

    let sg = resource(&doc, "module.app.module.sg.aws_security_group.this");
    let cidr_path = [key("ingress"), PathSegment::Index(0), key("cidr_blocks")];
    assert_eq!(
        sg.attributes.pointer(&cidr_path),
        Some(&Value::List(vec![Value::from("0.0.0.0/0")]))
    );
    let (file, line) = line_of(&doc, sg, &cidr_path);
    assert!(file.ends_with("multi_file/modules/sg/main.tf"), "{file}");
    assert_eq!(line, 18);
    assert_eq!(
        sg.provenance[&cidr_path.to_vec()],
        "module.app.module.sg input cidr at modules/app/main.tf:12 ← module.app input admin_cidr at network.tf:11 ← var.admin_cidr from zz.auto.tfvars:2"
    );
    assert_eq!(
        sg.module_chain.as_deref(),
        Some("module.app (network.tf:8) → module.sg (modules/app/main.tf:9)")
    );
    let vpc = sg.attr("vpc_id").unwrap().as_unknown().unwrap();
    assert_eq!(vpc.refs, ["aws_vpc.main"]);

    let remote: Vec<&Notification> = doc
        .notifications
        .iter()
        .filter(|n| n.message.contains("not scanned"))
        .collect();
    assert_eq!(remote.len(), 1);
    assert_eq!(remote[0].level, Level::Warning);
    assert_eq!(remote[0].location.as_ref().unwrap().start.line, 15);
}

#[test]
fn findings_point_into_the_modules_file_and_say_where_the_value_came_from() {
    let report = run("loaders/hcl/multi_file", LoadOptions::default());
    assert!(errors(&report.notifications).is_empty());
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule_id == "PAL-NET-001")
        .expect("the module's world-open SSH rule is reported");
    assert_eq!(
        finding.resource,
        "module.app.module.sg.aws_security_group.this"
    );
    assert!(finding
        .location
        .file
        .ends_with("multi_file/modules/sg/main.tf"));
    assert_eq!(finding.location.start.line, 13);
    assert!(
        finding
            .message
            .contains("var.admin_cidr from zz.auto.tfvars:2")
            && finding
                .message
                .contains("via module.app (network.tf:8) → module.sg (modules/app/main.tf:9)"),
        "{}",
        finding.message
    );
    // The module's file is kept for snippets; the remote module is a warning, not an error.
    assert!(report
        .sources
        .keys()
        .any(|file| file.ends_with("multi_file/modules/sg/main.tf")));
    assert!(report.is_complete());
}

#[test]
fn json_syntax_reads_like_native_syntax() {
    let doc = load("loaders/hcl/json_syntax");
    assert!(
        errors(&doc.notifications).is_empty(),
        "{:#?}",
        doc.notifications
    );
    let sg = resource(&doc, "aws_security_group.rdp");
    assert_eq!(
        sg.attributes.to_json(),
        serde_json::json!({"name": "rdp", "ingress": [
            {"from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}
        ]})
    );
    let (file, line) = line_of(&doc, sg, &[key("ingress")]);
    assert!(file.ends_with("main.tf.json"));
    assert_eq!(line, 13);
    assert!(doc.resource("aws_s3_bucket.data[\"a\"]").is_some());
    // Locals from the JSON file are visible to the HCL file of the same module.
    assert_eq!(
        resource(&doc, "aws_sqs_queue.q").attr("name"),
        Some(&Value::from("q-0.0.0.0/0"))
    );
}

#[test]
fn a_syntax_error_is_located_and_the_rest_of_the_module_loads() {
    let doc = load("loaders/hcl/broken");
    let errors = errors(&doc.notifications);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let location = errors[0].location.as_ref().unwrap();
    assert!(location.file.ends_with("broken/bad.tf"));
    assert!(errors[0].message.contains("invalid HCL"));
    assert!(doc.resource("aws_s3_bucket.good").is_some());
    assert!(doc.resource("aws_s3_bucket.bad").is_none());
}

#[test]
fn unknown_count_and_for_each_give_one_instance_at_the_bare_address() {
    let doc = load("loaders/hcl/unknown_count");
    assert!(errors(&doc.notifications).is_empty());
    let replica = resource(&doc, "aws_db_instance.replica");
    assert!(replica.attr("identifier").unwrap().is_unknown());
    assert_eq!(replica.attr("storage_encrypted"), Some(&Value::Bool(true)));
    assert!(resource(&doc, "aws_s3_bucket.named")
        .attr("bucket")
        .unwrap()
        .is_unknown());
    let notes: Vec<&str> = doc
        .notifications
        .iter()
        .filter(|n| n.level == Level::Note)
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].contains("var.replicas has no value"));
}

#[test]
fn command_line_variables_win_over_files() {
    let quiet = run("loaders/hcl/cli_vars", LoadOptions::default());
    assert!(quiet.findings.is_empty(), "{:#?}", quiet.findings);

    let options = LoadOptions {
        terraform: TerraformVars {
            vars: vec![("cidr".into(), "0.0.0.0/0".into())],
            var_files: vec![fixture("loaders/hcl/cli_vars/extra.tfvars")],
        },
        ..LoadOptions::default()
    };
    let loud = run("loaders/hcl/cli_vars", options);
    let lines: Vec<(u32, &str)> = loud
        .findings
        .iter()
        .map(|f| (f.location.start.line, f.message.as_str()))
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0].0, 20);
    assert!(
        lines[0].1.contains("var.ports from extra.tfvars:1"),
        "{}",
        lines[0].1
    );
}

/// Every root module of the real-world copies loads with no error and no panic, and the
/// example modules reach the repository's root module through `source = "../../"`.
#[test]
fn real_world_modules_load_without_errors() {
    let root = fixture("realworld/terraform");
    let found = discover::discover(&[root], &discover::exclude_set(&[]).unwrap());
    let modules: Vec<&InputFile> = found
        .files
        .iter()
        .filter(|f| f.kind == InputKind::TerraformModule)
        .collect();
    assert!(modules.len() >= 10, "{modules:?}");
    let mut problems = Vec::new();
    let mut total = 0;
    for input in modules {
        match palisade::load::load(input) {
            Ok(doc) => {
                total += doc.resources.len();
                for note in errors(&doc.notifications) {
                    problems.push(format!("{}: {note:?}", doc.display));
                }
                for r in &doc.resources {
                    if doc.source_of(r).is_none() {
                        problems.push(format!("{}: {} has no file", doc.display, r.id));
                    }
                }
            }
            Err(note) => problems.push(format!("{}: {note:?}", input.path.display())),
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(total > 200, "only {total} resources");

    let s3 = load("realworld/terraform/terraform-aws-s3-bucket/examples/complete");
    assert!(s3
        .resources
        .iter()
        .any(|r| r.id.starts_with("module.s3_bucket.aws_s3_bucket.this")));
}
