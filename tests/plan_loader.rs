//! The Terraform plan loader on fixture files, through the public `load::load` entry
//! point (reading, decoding and dispatch included).
//!
//! `fixtures/loaders/plan/` holds hand-written plans in the documented
//! `terraform show -json` format; `fixtures/realworld/plans/` holds plans written by
//! other projects' Terraform runs (see the README there).

use std::path::{Path, PathBuf};

use palisade::diagnostics::{Level, Notification};
use palisade::discover::{InputFile, InputKind};
use palisade::load::Document;
use palisade::model::{PathSegment, RawResource, SourceFormat, Value};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

fn try_load(path: &str) -> Result<Document, Notification> {
    palisade::load::load(&InputFile {
        path: fixture(path),
        kind: InputKind::TerraformPlan,
    })
}

fn load(path: &str) -> Document {
    try_load(path).unwrap_or_else(|note| panic!("{path} did not load: {note:?}"))
}

fn ids(doc: &Document) -> Vec<&str> {
    doc.resources.iter().map(|r| r.id.as_str()).collect()
}

fn resource<'d>(doc: &'d Document, id: &str) -> &'d RawResource {
    doc.resource(id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", ids(doc)))
}

/// Parses `ingress[0].security_groups[1]` into a path.
fn path(text: &str) -> Vec<PathSegment> {
    let mut out = Vec::new();
    for part in text.split('.') {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next() {
            out.push(PathSegment::Key(key.to_owned()));
        }
        for index in pieces {
            let index = index.trim_end_matches(']');
            let index = index
                .parse()
                .unwrap_or_else(|e| panic!("bad index {index} in {text}: {e}"));
            out.push(PathSegment::Index(index));
        }
    }
    out
}

fn value_at<'r>(resource: &'r RawResource, at: &str) -> &'r Value {
    resource
        .attributes
        .pointer(&path(at))
        .unwrap_or_else(|| panic!("{} has no {at}", resource.id))
}

/// The refs of the unknown value at `at`; panics if the value is known.
fn refs_at<'r>(doc: &'r Document, id: &str, at: &str) -> &'r [String] {
    let resource = resource(doc, id);
    match value_at(resource, at).as_unknown() {
        Some(unknown) => {
            assert_eq!(unknown.origin, "known after apply");
            &unknown.refs
        }
        None => panic!("{id}.{at} is known: {:?}", value_at(resource, at)),
    }
}

fn text_of(doc: &Document, span: palisade::source::Span) -> &str {
    doc.sources
        .first()
        .and_then(|s| s.text.get(span.start..span.end))
        .unwrap_or_default()
}

#[test]
fn nested_modules_load_depth_first_with_count_and_for_each_addresses() {
    let doc = load("loaders/plan/modules.json");
    assert_eq!(doc.format, SourceFormat::TerraformPlan);
    assert!(doc.notifications.is_empty(), "{:?}", doc.notifications);
    assert_eq!(
        ids(&doc),
        [
            "aws_security_group.app",
            "aws_security_group_rule.app_https",
            "aws_security_group.web",
            "data.aws_iam_policy_document.assume",
            "aws_iam_role.app",
            "aws_instance.web",
            "module.network.aws_vpc.this",
            r#"module.network.aws_subnet.private["a"]"#,
            r#"module.network.aws_subnet.private["b"]"#,
            "module.network.aws_security_group.app",
            "module.network.aws_security_group_rule.ingress[0]",
            "module.network.aws_security_group_rule.ingress[1]",
            "module.network.module.flow_logs[0].aws_cloudwatch_log_group.this",
            "module.network.module.flow_logs[0].aws_flow_log.this",
        ]
    );
    let subnet = resource(&doc, r#"module.network.aws_subnet.private["b"]"#);
    assert_eq!(subnet.kind, "aws_subnet");
    assert_eq!(subnet.attr("cidr_block"), Some(&Value::from("10.0.2.0/24")));
    let rule = resource(&doc, "module.network.aws_security_group_rule.ingress[1]");
    assert_eq!(rule.attr("from_port").and_then(Value::as_i64), Some(3389));
}

#[test]
fn unknown_security_group_ids_resolve_through_configuration() {
    let doc = load("loaders/plan/modules.json");
    // Root module: `security_group_id = aws_security_group.app.id`.
    assert_eq!(
        refs_at(
            &doc,
            "aws_security_group_rule.app_https",
            "security_group_id"
        ),
        ["aws_security_group.app"]
    );
    // Inside module.network, with count: the module's own group, not the root's.
    for id in [
        "module.network.aws_security_group_rule.ingress[0]",
        "module.network.aws_security_group_rule.ingress[1]",
    ] {
        assert_eq!(
            refs_at(&doc, id, "security_group_id"),
            ["module.network.aws_security_group.app"]
        );
    }
    // Computed attributes without an expression are unknown with no refs.
    assert!(refs_at(&doc, "aws_security_group_rule.app_https", "id").is_empty());
    // Unknown attributes absent from `values` were added; known ones kept.
    let rule = resource(&doc, "aws_security_group_rule.app_https");
    assert!(rule
        .attr("security_group_rule_id")
        .is_some_and(Value::is_unknown));
    assert_eq!(value_at(rule, "cidr_blocks[0]"), &Value::from("0.0.0.0/0"));
}

#[test]
fn unknown_nested_block_elements_are_marked_and_linked() {
    let doc = load("loaders/plan/modules.json");
    let web = resource(&doc, "aws_security_group.web");
    assert_eq!(
        refs_at(
            &doc,
            "aws_security_group.web",
            "ingress[0].security_groups[0]"
        ),
        ["aws_security_group.app"]
    );
    assert_eq!(value_at(web, "ingress[0].from_port").as_i64(), Some(80));
    assert_eq!(
        value_at(web, "ingress[0].cidr_blocks[0]"),
        &Value::from("10.0.0.0/8")
    );
    let paths: Vec<String> = web
        .attributes
        .unknown_paths()
        .iter()
        .map(|p| palisade::model::path_to_string(p))
        .collect();
    assert_eq!(
        paths,
        [
            "arn",
            "egress",
            "id",
            "ingress[0].security_groups[0]",
            "owner_id",
            "vpc_id"
        ]
    );
    let instance = resource(&doc, "aws_instance.web");
    assert!(value_at(instance, "root_block_device[0].volume_id").is_unknown());
    assert!(value_at(instance, "metadata_options[0].http_endpoint").is_unknown());
    assert_eq!(
        value_at(instance, "metadata_options[0].http_tokens"),
        &Value::from("required")
    );
    assert_eq!(
        value_at(instance, "root_block_device[0].encrypted").as_bool(),
        Some(true)
    );
}

#[test]
fn references_follow_module_variables_and_outputs() {
    let doc = load("loaders/plan/modules.json");
    // `vpc_id = module.network.vpc_id` → output → `aws_vpc.this.id` inside the module.
    assert_eq!(
        refs_at(&doc, "aws_security_group.app", "vpc_id"),
        ["module.network.aws_vpc.this"]
    );
    // for_each instances inside the module.
    assert_eq!(
        refs_at(&doc, r#"module.network.aws_subnet.private["a"]"#, "vpc_id"),
        ["module.network.aws_vpc.this"]
    );
    // Two levels down, `vpc_id = var.vpc_id` → the call's argument one level up.
    let flow = "module.network.module.flow_logs[0].aws_flow_log.this";
    assert_eq!(
        refs_at(&doc, flow, "vpc_id"),
        ["module.network.aws_vpc.this"]
    );
    // A sibling in the same (counted) module instance.
    assert_eq!(
        refs_at(&doc, flow, "log_destination"),
        ["module.network.module.flow_logs[0].aws_cloudwatch_log_group.this"]
    );
}

#[test]
fn deleted_resources_are_skipped_and_replaced_ones_kept() {
    let doc = load("loaders/plan/modules.json");
    assert!(
        doc.resource("aws_s3_bucket.legacy").is_none(),
        "delete-only change returned"
    );
    let instance = resource(&doc, "aws_instance.web");
    // The post-apply value of a replacement, not the prior one.
    assert_eq!(
        instance.attr("ami"),
        Some(&Value::from("ami-0c55b159cbfafe1f0"))
    );
}

#[test]
fn data_sources_are_included_with_their_rendered_json() {
    let doc = load("loaders/plan/modules.json");
    let document = resource(&doc, "data.aws_iam_policy_document.assume");
    assert_eq!(document.kind, "aws_iam_policy_document");
    let json: serde_json::Value =
        serde_json::from_str(document.attr("json").and_then(Value::as_str).unwrap()).unwrap();
    assert_eq!(json["Statement"][0]["Action"], "sts:AssumeRole");
    // The role's policy was known at plan time: a plain string, no unknowns.
    let role = resource(&doc, "aws_iam_role.app");
    assert!(role
        .attr("assume_role_policy")
        .and_then(Value::as_str)
        .is_some());
}

#[test]
fn spans_point_at_each_resource_address_and_its_attributes() {
    let doc = load("loaders/plan/modules.json");
    for r in &doc.resources {
        let encoded = serde_json::to_string(&r.id).unwrap();
        assert_eq!(
            text_of(&doc, r.span),
            format!("\"address\": {encoded}"),
            "{}",
            r.id
        );
        // The first occurrence, which is in planned_values.
        let planned_values = doc
            .source()
            .unwrap()
            .text
            .find("\"planned_values\"")
            .unwrap();
        let resource_changes = doc
            .source()
            .unwrap()
            .text
            .find("\"resource_changes\"")
            .unwrap();
        assert!(
            (planned_values..resource_changes).contains(&r.span.start),
            "{}",
            r.id
        );
    }
    let rule = resource(&doc, "aws_security_group_rule.app_https");
    let cidr = rule.span_of(&path("cidr_blocks[0]"));
    assert!(
        text_of(&doc, cidr).starts_with("\"cidr_blocks\": ["),
        "{}",
        text_of(&doc, cidr)
    );
    assert!(text_of(&doc, cidr).ends_with(']'));
    let from_port = rule.span_of(&path("from_port"));
    assert_eq!(text_of(&doc, from_port), "\"from_port\": 443");
    assert!(
        doc.source().unwrap().line_col(from_port.start).line
            > doc.source().unwrap().line_col(rule.span.start).line
    );
    // Attributes that are unknown are not in `values`: they fall back to the resource.
    assert_eq!(rule.span_of(&path("security_group_id")), rule.span);
}

#[test]
fn format_0_1_single_line_plan_loads() {
    let doc = load("loaders/plan/format_0_1.json");
    assert_eq!(
        ids(&doc),
        [
            "aws_kms_key.logs",
            "aws_s3_bucket.logs",
            "aws_s3_bucket_public_access_block.logs"
        ]
    );
    assert_eq!(doc.source().unwrap().line_count(), 1);
    let bucket = resource(&doc, "aws_s3_bucket.logs");
    assert_eq!(
        bucket.attr("bucket"),
        Some(&Value::from("company-logs-ünïcödé"))
    );
    let key = "server_side_encryption_configuration[0].rule[0].apply_server_side_encryption_by_default[0]";
    assert_eq!(
        refs_at(
            &doc,
            "aws_s3_bucket.logs",
            &format!("{key}.kms_master_key_id")
        ),
        ["aws_kms_key.logs"]
    );
    assert_eq!(
        value_at(bucket, &format!("{key}.sse_algorithm")),
        &Value::from("aws:kms")
    );
    assert_eq!(
        refs_at(&doc, "aws_s3_bucket_public_access_block.logs", "bucket"),
        ["aws_s3_bucket.logs"]
    );
    // One line: spans still tell resources apart by column.
    for r in &doc.resources {
        assert_eq!(text_of(&doc, r.span), format!("\"address\":\"{}\"", r.id));
        assert!(r.attribute_spans.is_empty());
    }
    let columns: Vec<u32> = doc
        .resources
        .iter()
        .map(|r| doc.source().unwrap().line_col(r.span.start).column)
        .collect();
    assert!(columns.windows(2).all(|w| w[0] < w[1]), "{columns:?}");
}

#[test]
fn format_1_2_plan_declares_its_version() {
    let doc = load("loaders/plan/modules.json");
    assert!(doc
        .source()
        .unwrap()
        .text
        .contains("\"format_version\": \"1.2\""));
    assert_eq!(doc.resources.len(), 14);
}

#[test]
fn bom_and_utf16_files_load_like_utf8() {
    let plain = load("loaders/plan/format_0_1.json");
    for path in ["loaders/plan/bom_utf8.json", "loaders/plan/utf16le.json"] {
        let doc = load(path);
        assert_eq!(ids(&doc), ids(&plain), "{path}");
        for (a, b) in doc.resources.iter().zip(&plain.resources) {
            assert_eq!(a.attributes, b.attributes, "{path} {}", a.id);
            assert_eq!(text_of(&doc, a.span), text_of(&plain, b.span), "{path}");
        }
    }
    let raw = std::fs::read(fixture("loaders/plan/utf16le.json")).unwrap();
    assert_eq!(&raw[..4], b"\xff\xfe{\0", "fixture must really be UTF-16LE");
}

#[test]
fn truncated_plan_reports_its_last_line() {
    let note = try_load("loaders/plan/truncated.json").unwrap_err();
    assert_eq!(note.level, Level::Error);
    assert!(
        note.message.starts_with("invalid JSON: EOF while parsing"),
        "{}",
        note.message
    );
    let lines = std::fs::read_to_string(fixture("loaders/plan/truncated.json"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(lines, 120);
    let location = note.location.expect("truncated JSON has a location");
    assert_eq!(location.start.line, 120);
    assert!(
        note.message.contains("at line 120 column"),
        "{}",
        note.message
    );
    assert!(location.file.ends_with("truncated.json"));
}

#[test]
fn non_object_and_unsupported_version_are_errors() {
    let note = try_load("loaders/plan/not_an_object.json").unwrap_err();
    assert_eq!(
        note.message,
        "not a Terraform plan: the file holds an array, but `terraform show -json` writes a JSON object"
    );
    assert_eq!(note.location.unwrap().start.line, 1);

    let note = try_load("loaders/plan/unsupported_version.json").unwrap_err();
    assert!(
        note.message
            .starts_with("unsupported plan format_version \"2.0\""),
        "{}",
        note.message
    );
    assert_eq!(note.location.unwrap().start.line, 2);
}

#[test]
fn real_world_plans_load_with_expected_counts() {
    let expected = [
        ("trivy-checks_tfplan.json", 2),
        ("regula_tfplan.0.12.json", 4),
        ("regula_resource_view_06_tf_v1_0_infra.json", 7),
        // Six planned resources and the caller identity Terraform read while planning.
        ("regula_issue355_infra.json", 7),
    ];
    for (file, count) in expected {
        let doc = load(&format!("realworld/plans/{file}"));
        assert_eq!(doc.resources.len(), count, "{file}: {:?}", ids(&doc));
        assert!(
            doc.notifications.is_empty(),
            "{file}: {:?}",
            doc.notifications
        );
        for r in &doc.resources {
            assert!(
                text_of(&doc, r.span).starts_with("\"address\""),
                "{file} {}",
                r.id
            );
            assert!(r.attributes.as_map().is_some());
        }
    }

    let doc = load("realworld/plans/trivy-checks_tfplan.json");
    assert_eq!(
        refs_at(&doc, "aws_autoscaling_group.this", "launch_template[0].id"),
        ["aws_launch_template.this"]
    );

    // Two module levels: a grandchild output re-exported by the child, and passed to a
    // sibling module as a variable.
    let doc = load("realworld/plans/regula_resource_view_06_tf_v1_0_infra.json");
    let grandchild_vpc = ["module.child1.module.grandchild1.aws_vpc.grandchild"];
    assert_eq!(
        refs_at(&doc, "aws_security_group.parent", "vpc_id"),
        grandchild_vpc
    );
    assert_eq!(
        refs_at(&doc, "module.child2.aws_security_group.child", "vpc_id"),
        grandchild_vpc
    );
    assert_eq!(
        refs_at(
            &doc,
            "module.child1.module.grandchild1.aws_security_group.grandchild",
            "vpc_id"
        ),
        grandchild_vpc
    );

    // All no-op: everything kept, nothing unknown.
    let doc = load("realworld/plans/regula_issue355_infra.json");
    assert!(doc
        .resources
        .iter()
        .all(|r| !r.attributes.contains_unknown()));
    assert!(doc.resource("aws_cloudtrail.cloudtrail").is_some());
}
