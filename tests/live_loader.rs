//! The live-export loaders on hand-written samples of the real shapes: an AWS Config
//! snapshot, `batch-get-resource-config` and `select-resource-config` output, and a
//! directory of AWS CLI outputs — plus malformed ones. `fixtures/loaders/aws-config/` and
//! `fixtures/loaders/aws-cli/` hold them; the rule fixtures (`fixtures/rules/*/*.config.json`,
//! `*-cli/`) and `reference-platform/live/` cover the policies on live exports.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use palisade::diagnostics::Notification;
use palisade::discover::classify::classify_path;
use palisade::discover::{InputFile, InputKind};
use palisade::load::Document;
use palisade::model::{PathSegment, SourceFormat, Value};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/loaders")
        .join(path)
}

fn config(name: &str) -> Result<Document, Notification> {
    let path = fixture(&format!("aws-config/{name}"));
    assert_eq!(
        classify_path(&path).unwrap(),
        Some(InputKind::AwsConfig),
        "{name} is classified as AWS Config"
    );
    palisade::load::load(&InputFile {
        path,
        kind: InputKind::AwsConfig,
    })
}

fn cli(dir: &Path) -> Document {
    palisade::load::load(&InputFile {
        path: dir.to_path_buf(),
        kind: InputKind::AwsCli,
    })
    .unwrap()
}

fn key(name: &str) -> PathSegment {
    PathSegment::Key(name.to_owned())
}

/// (file, line) a path of a resource points at.
fn place(doc: &Document, id: &str, path: &[PathSegment]) -> (String, u32) {
    let resource = doc
        .resource(id)
        .unwrap_or_else(|| panic!("no resource {id}"));
    let (file, span) = resource.location_of(path);
    let source = &doc.sources[file];
    let display = source.display.rsplit('/').next().unwrap().to_owned();
    (display, source.line_col(span.start).line)
}

fn ids(doc: &Document) -> Vec<(&str, &str)> {
    doc.resources
        .iter()
        .map(|r| (r.id.as_str(), r.kind.as_str()))
        .collect()
}

fn errors(doc: &Document) -> Vec<String> {
    doc.notifications
        .iter()
        .filter(|n| n.is_error())
        .map(|n| {
            format!(
                "{:?}: {}",
                n.location.as_ref().map(|l| l.start.line),
                n.message
            )
        })
        .collect()
}

#[test]
fn a_config_snapshot_loads_as_terraform_shaped_resources() {
    let doc = config("snapshot.json").unwrap();
    assert_eq!(doc.format, SourceFormat::AwsConfig);
    assert_eq!(
        ids(&doc),
        [
            ("sg-0b1c2d3e4f5a60718", "aws_security_group"),
            ("acme-logs", "aws_s3_bucket"),
            (
                "acme-logs public access block",
                "aws_s3_bucket_public_access_block"
            ),
            ("acme-logs bucket policy", "aws_s3_bucket_policy"),
            ("acme-task", "aws_iam_role"),
            ("0f6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "aws_kms_key"),
        ]
    );
    assert!(errors(&doc).is_empty(), "{:?}", doc.notifications);
    // The Lambda function is counted, the deleted group is not a resource.
    let notes: Vec<&str> = doc
        .notifications
        .iter()
        .map(|n| n.message.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("AWS::Lambda::Function (1)")),
        "{notes:?}"
    );
    assert!(notes
        .iter()
        .any(|n| n.contains("1 configuration item(s) describe deleted")));

    let sg = doc.resource("sg-0b1c2d3e4f5a60718").unwrap();
    // ipv4Ranges is read, the legacy ipRanges duplicate is not: two peers, two blocks.
    let ingress = sg.attr("ingress").unwrap().as_list().unwrap();
    assert_eq!(ingress.len(), 2);
    assert_eq!(
        ingress[1].get("cidr_blocks"),
        Some(&Value::List(vec![Value::from("0.0.0.0/0")]))
    );
    assert_eq!(
        ingress[1].get("description"),
        Some(&Value::from("SSH from anywhere"))
    );
    // Each block points at its IpRanges item; its ports at the permission's.
    let world = [key("ingress"), PathSegment::Index(1)];
    assert_eq!(place(&doc, "sg-0b1c2d3e4f5a60718", &world).1, 30);
    let cidr = [key("ingress"), PathSegment::Index(1), key("cidr_blocks")];
    assert_eq!(place(&doc, "sg-0b1c2d3e4f5a60718", &cidr).1, 31);
    let port = [key("ingress"), PathSegment::Index(1), key("from_port")];
    assert_eq!(place(&doc, "sg-0b1c2d3e4f5a60718", &port).1, 19);
    // An all-protocols egress without ports gets Terraform's 0.
    let egress = sg.attr("egress").unwrap().as_list().unwrap();
    assert_eq!(egress[0].get("from_port"), Some(&Value::Number(0.into())));
    // The whole resource points at its resourceId.
    assert_eq!(place(&doc, "sg-0b1c2d3e4f5a60718", &[]).1, 77);

    // IAM documents come URL-encoded from Config; they are read as objects.
    let role = doc.resource("acme-task").unwrap();
    let trust = role.attr("assume_role_policy").unwrap();
    assert_eq!(
        trust.pointer(&[
            key("Statement"),
            PathSegment::Index(0),
            key("Principal"),
            key("Service")
        ]),
        Some(&Value::from("ecs-tasks.amazonaws.com"))
    );
    assert_eq!(
        role.attr("managed_policy_arns"),
        Some(&Value::List(vec![Value::from(
            "arn:aws:iam::aws:policy/AdministratorAccess"
        )]))
    );

    // Config keeps no rotation status: unknown, with the reason.
    let key_resource = doc
        .resource("0f6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b")
        .unwrap();
    let rotation = key_resource.attr("enable_key_rotation").unwrap();
    assert!(
        rotation
            .as_unknown()
            .is_some_and(|u| u.origin.contains("AWS Config does not record")),
        "{rotation:?}"
    );
    // S3 encryption comes from the supplementary configuration.
    let bucket = doc.resource("acme-logs").unwrap();
    assert_eq!(
        bucket.attributes.pointer(&[
            key("server_side_encryption_configuration"),
            PathSegment::Index(0),
            key("rule"),
            PathSegment::Index(0),
            key("apply_server_side_encryption_by_default"),
            PathSegment::Index(0),
            key("sse_algorithm"),
        ]),
        Some(&Value::from("AES256"))
    );
}

#[test]
fn configuration_given_as_text_reads_the_same_and_points_at_the_string() {
    let snapshot = config("snapshot.json").unwrap();
    for name in ["batch-get.json", "select.json"] {
        let doc = config(name).unwrap();
        assert!(errors(&doc).is_empty(), "{name}: {:?}", doc.notifications);
        let ours = doc.resource("sg-0b1c2d3e4f5a60718").unwrap();
        let theirs = snapshot.resource("sg-0b1c2d3e4f5a60718").unwrap();
        assert_eq!(ours.attributes, theirs.attributes, "{name}");
        // Inside a string nothing can be addressed more closely than the string.
        let cidr = [key("ingress"), PathSegment::Index(1), key("cidr_blocks")];
        let (_, line) = place(&doc, "sg-0b1c2d3e4f5a60718", &cidr);
        let text = std::fs::read_to_string(fixture(&format!("aws-config/{name}"))).unwrap();
        let string_line = text
            .lines()
            .position(|l| l.contains("ipPermissions"))
            .unwrap()
            + 1;
        assert_eq!(line as usize, string_line, "{name}");
    }
    let batch = config("batch-get.json").unwrap();
    assert!(batch.resource("acme-logs bucket policy").is_some());
}

#[test]
fn malformed_config_exports_are_errors_naming_file_and_line() {
    let cut = config("truncated.json").unwrap_err();
    assert!(cut.is_error());
    assert!(cut.message.starts_with("invalid JSON"), "{}", cut.message);
    assert!(cut.location.unwrap().file.ends_with("truncated.json"));

    // A configuration string that is not JSON: that item is an error at its line, the
    // bucket beside it still loads.
    let doc = config("bad-configuration-string.json").unwrap();
    let errs: Vec<&Notification> = doc.notifications.iter().filter(|n| n.is_error()).collect();
    assert_eq!(errs.len(), 1, "{:?}", doc.notifications);
    assert!(errs[0]
        .message
        .contains("`configuration` is a string that is not JSON"));
    let line = errs[0].location.as_ref().unwrap().start.line;
    let text =
        std::fs::read_to_string(fixture("aws-config/bad-configuration-string.json")).unwrap();
    assert!(text
        .lines()
        .nth(line as usize - 1)
        .unwrap()
        .contains("\"configuration\""));
    assert!(doc.resource("acme-logs").is_some());
    assert!(doc.resource("sg-0b1c2d3e4f5a60718").is_none());

    // A member of the wrong type: an error at the member.
    let doc = config("wrong-types.json").unwrap();
    let errs: Vec<&Notification> = doc.notifications.iter().filter(|n| n.is_error()).collect();
    assert_eq!(errs.len(), 1, "{:?}", doc.notifications);
    assert_eq!(
        errs[0].message,
        "`fromPort` is a string, expected a whole number"
    );
    assert_eq!(errs[0].location.as_ref().unwrap().start.line, 19);
    assert!(doc.resource("acme-logs").is_some());
}

#[test]
fn a_directory_of_cli_exports_is_one_unit() {
    let dir = fixture("aws-cli/account");
    let found =
        palisade::discover::discover(std::slice::from_ref(&dir), &globset::GlobSet::empty());
    let units: Vec<&InputFile> = found
        .files
        .iter()
        .filter(|f| f.kind == InputKind::AwsCli)
        .collect();
    assert_eq!(units.len(), 1, "{:?}", found.files);
    assert_eq!(units[0].path, dir);
    // notes.json is no export: skipped and counted, not part of the unit.
    assert_eq!(found.skipped.len(), 1, "{:?}", found.skipped);

    let doc = cli(&dir);
    assert_eq!(doc.format, SourceFormat::AwsCli);
    assert!(errors(&doc).is_empty(), "{:?}", doc.notifications);
    let mut got = ids(&doc);
    got.sort();
    let mut want = vec![
        ("sg-0a1b2c3d4e5f00001", "aws_security_group"),
        ("sg-0a1b2c3d4e5f00002", "aws_security_group"),
        // A rule of a group the export does not list stays a rule of its own.
        (
            "sgr-0a1b2c3d4e5f00012",
            "aws_vpc_security_group_ingress_rule",
        ),
        ("acme-task", "aws_iam_role"),
        (
            "arn:aws:iam::123456789012:policy/acme-task-data",
            "aws_iam_policy",
        ),
        ("0f6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "aws_kms_key"),
        ("5c6d7e8f-0000-4000-8000-00000000aa01", "aws_kms_alias"),
        ("acme-logs", "aws_s3_bucket"),
        (
            "acme-logs public access block",
            "aws_s3_bucket_public_access_block",
        ),
        ("acme-unexported", "aws_s3_bucket"),
        (
            "acme-unexported public access block",
            "aws_s3_bucket_public_access_block",
        ),
        ("acme-unexported bucket policy", "aws_s3_bucket_policy"),
        ("acme-db", "aws_db_instance"),
    ];
    want.sort();
    assert_eq!(got, want);

    // A key assembled from three calls: each attribute points into its own file.
    let k = "0f6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    assert_eq!(
        doc.resource(k).unwrap().attr("enable_key_rotation"),
        Some(&Value::Bool(false))
    );
    assert_eq!(
        place(&doc, k, &[key("enable_key_rotation")]),
        ("get-key-rotation-status.json".to_owned(), 2)
    );
    assert_eq!(place(&doc, k, &[]).0, "describe-key.json");
    // The key policy is JSON text: its statements point at the string.
    assert_eq!(
        place(
            &doc,
            k,
            &[key("policy"), key("Statement"), PathSegment::Index(0)]
        ),
        ("get-key-policy.json".to_owned(), 2)
    );

    // The role's documents are objects in CLI output: statements have their own lines.
    let statement = [
        key("inline_policy"),
        PathSegment::Index(0),
        key("policy"),
        key("Statement"),
        PathSegment::Index(0),
    ];
    let (file, line) = place(&doc, "acme-task", &statement);
    let text = std::fs::read_to_string(dir.join(&file)).unwrap();
    assert!(
        text.lines()
            .nth(line as usize)
            .unwrap()
            .contains("\"Effect\": \"Allow\""),
        "line {line}"
    );
    // The managed policy is its default version (v2), not the older v1.
    let policy = doc
        .resource("arn:aws:iam::123456789012:policy/acme-task-data")
        .unwrap();
    assert_eq!(
        policy.attr("policy").unwrap().pointer(&[
            key("Statement"),
            PathSegment::Index(0),
            key("Action")
        ]),
        Some(&Value::from("s3:GetObject"))
    );

    // `{}` for get-bucket-policy: no policy; missing calls: unknown, saying which.
    assert!(doc.resource("acme-logs bucket policy").is_none());
    let unexported = doc.resource("acme-unexported").unwrap();
    let encryption = unexported
        .attr("server_side_encryption_configuration")
        .unwrap();
    assert!(
        encryption
            .as_unknown()
            .is_some_and(|u| u.origin.contains("get-bucket-encryption")),
        "{encryption:?}"
    );
}

#[test]
fn a_bad_file_in_a_cli_directory_leaves_the_scan_incomplete_and_the_rest_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture("aws-cli/account");
    for name in [
        "ec2-describe-security-groups.json",
        "rds-describe-db-instances.json",
    ] {
        std::fs::copy(src.join(name), dir.path().join(name)).unwrap();
    }
    let text =
        std::fs::read_to_string(src.join("iam-get-account-authorization-details.json")).unwrap();
    std::fs::write(
        dir.path().join("iam.json"),
        &text[..text.find("\"Policies\"").unwrap()],
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("kms/k1")).unwrap();
    std::fs::write(
        dir.path().join("kms/k1/get-key-rotation-status.json"),
        "{\n    \"KeyRotationEnabled\": \"sometimes\"\n}\n",
    )
    .unwrap();
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
    let notes = report["notifications"].as_array().unwrap();
    let errors: Vec<String> = notes
        .iter()
        .filter(|n| n["level"] == "error")
        .map(|n| format!("{} {}", n["location"]["file"], n["message"]))
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors
        .iter()
        .any(|e| e.contains("iam.json") && e.contains("invalid JSON")));
    assert!(errors
        .iter()
        .any(|e| e.contains("get-key-rotation-status.json")
            && e.contains("`KeyRotationEnabled` is a string, expected a boolean")));
    // The world-open SSH the console added is still found.
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["rule_id"] == "PAL-NET-001" && f["resource"] == "sg-0a1b2c3d4e5f00002"),
        "{report:#}"
    );
}

/// AWS Config delivers snapshots to S3 gzipped; they scan as downloaded, with lines of the
/// decompressed text, and a damaged one is an error naming the file.
#[test]
fn gzipped_config_snapshots_load_like_the_plain_file() {
    use std::io::Write;
    let plain = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/rules/ebs_volume_unencrypted/fail.config.json");
    let bytes = std::fs::read(&plain).unwrap();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&bytes).unwrap();
    let gzipped = encoder.finish().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join("123456789012_Config_eu-west-1_ConfigSnapshot_20261101T090000Z_abc.json.gz");
    std::fs::write(&path, &gzipped).unwrap();
    assert_eq!(classify_path(&path).unwrap(), Some(InputKind::AwsConfig));
    let load = |path: &Path| {
        palisade::load::load(&InputFile {
            path: path.to_path_buf(),
            kind: InputKind::AwsConfig,
        })
        .unwrap()
    };
    let (from_gz, from_plain) = (load(&path), load(&plain));
    assert!(!from_plain.resources.is_empty());
    assert_eq!(ids(&from_gz), ids(&from_plain));
    for resource in &from_plain.resources {
        let at = |doc: &Document| {
            let (file, span) = doc.resource(&resource.id).unwrap().location_of(&[]);
            doc.sources[file].line_col(span.start).line
        };
        assert_eq!(at(&from_gz), at(&from_plain), "{}", resource.id);
    }

    let truncated = dir.path().join("damaged_ConfigSnapshot.json.gz");
    std::fs::write(&truncated, &gzipped[..gzipped.len() / 2]).unwrap();
    assert_eq!(
        classify_path(&truncated).unwrap(),
        Some(InputKind::AwsConfig)
    );
    let error = palisade::load::load(&InputFile {
        path: truncated.clone(),
        kind: InputKind::AwsConfig,
    })
    .unwrap_err();
    assert!(error.is_error());
    assert!(
        error.message.contains("cannot decompress"),
        "{}",
        error.message
    );
    assert!(
        format!("{error:?}").contains("damaged_ConfigSnapshot.json.gz"),
        "{error:?}"
    );
}

/// Writes `files` (path relative to the unit, text) into a fresh export directory.
fn export_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}

/// The service calls added for every rule that can apply to live resources, in the shapes
/// the CLI prints: each becomes the provider's resource, its settings placed at their
/// lines, and per-resource outputs that name nothing are named by their directory.
#[test]
fn service_outputs_load_with_their_settings_placed() {
    let dir = export_dir(&[
        (
            "sqs-jobs.json",
            "{\n    \"Attributes\": {\n        \"QueueArn\": \"arn:aws:sqs:eu-west-1:123456789012:jobs\",\n        \"SqsManagedSseEnabled\": \"false\"\n    }\n}\n",
        ),
        (
            "sns-alerts.json",
            "{\n    \"Attributes\": {\n        \"TopicArn\": \"arn:aws:sns:eu-west-1:123456789012:alerts\",\n        \"KmsMasterKeyId\": \"alias/acme\"\n    }\n}\n",
        ),
        (
            "ecs-app.json",
            "{\n    \"taskDefinition\": {\n        \"taskDefinitionArn\": \"arn:aws:ecs:eu-west-1:123456789012:task-definition/app:3\",\n        \"family\": \"app\",\n        \"revision\": 3,\n        \"containerDefinitions\": [\n            {\n                \"name\": \"app\",\n                \"privileged\": true\n            }\n        ]\n    }\n}\n",
        ),
        (
            "ec2-lt.json",
            "{\n    \"LaunchTemplateVersions\": [\n        {\n            \"LaunchTemplateId\": \"lt-1\",\n            \"VersionNumber\": 2,\n            \"DefaultVersion\": false,\n            \"LaunchTemplateData\": {}\n        },\n        {\n            \"LaunchTemplateId\": \"lt-1\",\n            \"VersionNumber\": 1,\n            \"DefaultVersion\": true,\n            \"LaunchTemplateData\": {\n                \"BlockDeviceMappings\": [\n                    {\n                        \"DeviceName\": \"/dev/xvda\",\n                        \"Ebs\": {\n                            \"Encrypted\": false\n                        }\n                    }\n                ]\n            }\n        }\n    ]\n}\n",
        ),
        (
            "guardduty/d1/get-detector.json",
            "{\n    \"CreatedAt\": \"2026-11-01T09:00:00.000Z\",\n    \"Status\": \"DISABLED\"\n}\n",
        ),
        (
            "rds/pg/describe-db-parameters.json",
            "{\n    \"Parameters\": [\n        {\n            \"ParameterName\": \"rds.force_ssl\",\n            \"ParameterValue\": \"0\",\n            \"Source\": \"user\"\n        },\n        {\n            \"ParameterName\": \"work_mem\",\n            \"Source\": \"engine-default\"\n        }\n    ]\n}\n",
        ),
    ]);
    let doc = cli(dir.path());
    assert_eq!(errors(&doc), Vec::<String>::new());
    let found = ids(&doc);
    for (id, kind) in [
        ("arn:aws:sqs:eu-west-1:123456789012:jobs", "aws_sqs_queue"),
        ("arn:aws:sns:eu-west-1:123456789012:alerts", "aws_sns_topic"),
        (
            "arn:aws:ecs:eu-west-1:123456789012:task-definition/app:3",
            "aws_ecs_task_definition",
        ),
        ("lt-1", "aws_launch_template"),
        ("d1", "aws_guardduty_detector"),
        ("pg", "aws_db_parameter_group"),
    ] {
        assert!(found.contains(&(id, kind)), "{id} {kind} in {found:?}");
    }
    assert_eq!(
        place(
            &doc,
            "arn:aws:sqs:eu-west-1:123456789012:jobs",
            &[key("sqs_managed_sse_enabled")]
        ),
        ("sqs-jobs.json".to_owned(), 4)
    );
    let privileged = [
        key("container_definitions"),
        PathSegment::Index(0),
        key("privileged"),
    ];
    assert_eq!(
        place(
            &doc,
            "arn:aws:ecs:eu-west-1:123456789012:task-definition/app:3",
            &privileged
        ),
        ("ecs-app.json".to_owned(), 9)
    );
    // The default version (1) is the resource; version 2 is named in a note.
    let encrypted = [
        key("block_device_mappings"),
        PathSegment::Index(0),
        key("ebs"),
        PathSegment::Index(0),
        key("encrypted"),
    ];
    assert_eq!(
        place(&doc, "lt-1", &encrypted),
        ("ec2-lt.json".to_owned(), 18)
    );
    assert!(doc
        .notifications
        .iter()
        .any(|n| n.message.contains("version 2 of launch template lt-1")));
    assert_eq!(
        place(&doc, "d1", &[key("enable")]),
        ("get-detector.json".to_owned(), 3)
    );
    // Only parameters that have a value are the group's.
    let group = doc.resource("pg").unwrap();
    let Some(Value::List(parameters)) = group.attr("parameter") else {
        panic!("{:?}", group.attr("parameter"))
    };
    assert_eq!(parameters.len(), 1);
    assert_eq!(
        place(
            &doc,
            "pg",
            &[key("parameter"), PathSegment::Index(0), key("value")]
        ),
        ("describe-db-parameters.json".to_owned(), 5)
    );
}

/// Outputs of the new calls that cannot be read are errors at their line, naming what is
/// wrong, while the rest of the unit is still read.
#[test]
fn malformed_service_outputs_are_errors_at_their_line() {
    let dir = export_dir(&[
        (
            "attributes.json",
            "{\n    \"Attributes\": {\n        \"QueueArn\": \"arn:aws:sqs:eu-west-1:1:q\",\n        \"SqsManagedSseEnabled\": \"sometimes\"\n    }\n}\n",
        ),
        (
            "ecs.json",
            "{\n    \"taskDefinition\": {\n        \"family\": \"app\",\n        \"containerDefinitions\": \"[]\"\n    }\n}\n",
        ),
        (
            "guardduty/d1/get-detector.json",
            "{\n    \"Status\": \"PAUSED\"\n}\n",
        ),
        (
            "rds/pg/parameters.json",
            "{\n    \"Parameters\": []\n}\n",
        ),
        (
            "ecr.json",
            "{\n    \"repositories\": [\n        {\n            \"repositoryName\": \"acme/api\",\n            \"imageTagMutability\": \"IMMUTABLE\"\n        }\n    ]\n}\n",
        ),
    ]);
    let doc = cli(dir.path());
    let found = errors(&doc);
    for expected in [
        "Some(4): `SqsManagedSseEnabled` is a string, expected a boolean",
        "Some(4): `containerDefinitions` is a string, expected a list",
        "Some(2): `Status` is \"PAUSED\", expected ENABLED or DISABLED",
        "Some(1): rds/pg/parameters.json: not an output palisade reads there (its members: Parameters)",
    ] {
        assert!(
            found.iter().any(|e| e == expected),
            "{expected:?} not in {found:#?}"
        );
    }
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(ids(&doc).contains(&("acme/api", "aws_ecr_repository")));
}

/// What AWS Config holds as text (a bucket's AccessControlList) is read, in Config's own
/// spelling; what it does not record (the ECR registry's scanning rules) is unknown, so a
/// repository that does not scan on push by itself is undecided, not failed.
#[test]
fn config_acl_text_is_read_and_unrecorded_registry_scanning_is_undecided() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.json");
    std::fs::write(
        &path,
        r#"{
  "fileVersion": "1.0",
  "configurationItems": [
    {
      "resourceType": "AWS::S3::Bucket",
      "resourceId": "acme-site",
      "ARN": "arn:aws:s3:::acme-site",
      "configuration": {"name": "acme-site"},
      "supplementaryConfiguration": {
        "AccessControlList": "{\"grantList\":[{\"grantee\":\"AllUsers\",\"permission\":\"Read\"}],\"owner\":{\"id\":\"o\"}}",
        "PublicAccessBlockConfiguration": {"blockPublicAcls": false, "ignorePublicAcls": false, "blockPublicPolicy": true, "restrictPublicBuckets": true}
      }
    },
    {
      "resourceType": "AWS::ECR::Repository",
      "resourceId": "acme/api",
      "ARN": "arn:aws:ecr:eu-west-1:123456789012:repository/acme/api",
      "configuration": {"RepositoryName": "acme/api", "ImageTagMutability": "IMMUTABLE", "ImageScanningConfiguration": {"ScanOnPush": false}}
    }
  ]
}
"#,
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["scan", "--no-config", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut findings: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "PAL-S3-003" || f["rule_id"] == "PAL-ECR-001")
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_owned(),
                f["resource"].as_str().unwrap().to_owned(),
                f["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    findings.sort();
    assert_eq!(
        findings,
        vec![
            (
                "PAL-ECR-001".to_owned(),
                "acme/api".to_owned(),
                "undecided".to_owned()
            ),
            (
                "PAL-S3-003".to_owned(),
                "acme-site".to_owned(),
                "violation".to_owned()
            ),
        ],
        "{report:#}"
    );
}
