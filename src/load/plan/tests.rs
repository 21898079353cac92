//! Unit tests for the plan loader on small inline plans; the fixture-based tests are in
//! `tests/plan_loader.rs`.

use std::path::PathBuf;

use serde_json::json;

use super::*;
use crate::model::{path_to_string, PathSegment};

fn source(text: &str) -> SourceFile {
    SourceFile::new(PathBuf::from("plan.json"), "plan.json".into(), text)
}

fn load_text(text: &str) -> Result<Loaded, LoadError> {
    load(&source(text))
}

fn load_json(plan: serde_json::Value) -> Loaded {
    load_text(&plan.to_string()).unwrap()
}

fn ids(resources: &[RawResource]) -> Vec<&str> {
    resources.iter().map(|r| r.id.as_str()).collect()
}

fn find<'r>(resources: &'r [RawResource], id: &str) -> &'r RawResource {
    resources.iter().find(|r| r.id == id).unwrap()
}

fn refs_at<'r>(resource: &'r RawResource, path: &[PathSegment]) -> &'r [String] {
    &resource
        .attributes
        .pointer(path)
        .and_then(Value::as_unknown)
        .unwrap()
        .refs
}

fn key(k: &str) -> PathSegment {
    PathSegment::Key(k.into())
}

fn unknown_paths(resource: &RawResource) -> Vec<String> {
    resource
        .attributes
        .unknown_paths()
        .iter()
        .map(|p| path_to_string(p))
        .collect()
}

fn planned(address: &str, kind: &str, values: serde_json::Value) -> serde_json::Value {
    json!({"address": address, "mode": if address.contains("data.") { "data" } else { "managed" },
           "type": kind, "name": "n", "values": values})
}

fn change(
    address: &str,
    kind: &str,
    actions: &[&str],
    after: serde_json::Value,
    unknown: serde_json::Value,
) -> serde_json::Value {
    json!({"address": address, "type": kind, "change": {"actions": actions, "before": null, "after": after, "after_unknown": unknown}})
}

#[test]
fn reads_planned_values_in_module_order() {
    let (resources, notes) = load_json(json!({
        "format_version": "1.2",
        "planned_values": {"root_module": {
            "resources": [planned("aws_vpc.main", "aws_vpc", json!({"cidr_block": "10.0.0.0/16"}))],
            "child_modules": [
                {"address": "module.a", "resources": [planned("module.a.aws_s3_bucket.b[0]", "aws_s3_bucket", json!({}))],
                 "child_modules": [{"address": "module.a.module.c", "resources": [
                     planned("module.a.module.c.data.aws_iam_policy_document.p", "aws_iam_policy_document", json!({"json": "{}"}))]}]},
                {"address": "module.b[\"x\"]", "resources": [planned("module.b[\"x\"].aws_kms_key.k", "aws_kms_key", json!(null))]}
            ]}},
    }));
    assert!(notes.is_empty());
    assert_eq!(
        ids(&resources),
        [
            "aws_vpc.main",
            "module.a.aws_s3_bucket.b[0]",
            "module.a.module.c.data.aws_iam_policy_document.p",
            "module.b[\"x\"].aws_kms_key.k"
        ]
    );
    let vpc = find(&resources, "aws_vpc.main");
    assert_eq!(vpc.kind, "aws_vpc");
    assert_eq!(vpc.attr("cidr_block"), Some(&Value::from("10.0.0.0/16")));
    assert_eq!(
        find(
            &resources,
            "module.a.module.c.data.aws_iam_policy_document.p"
        )
        .kind,
        "aws_iam_policy_document"
    );
    // A null `values` is an empty map: attributes are always a map.
    assert_eq!(
        find(&resources, "module.b[\"x\"].aws_kms_key.k").attributes,
        Value::Map(Default::default())
    );
}

#[test]
fn spans_point_at_the_first_address_member() {
    let text = r#"{"format_version":"0.1","planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.b[\"a\\\"b\"]","type":"aws_s3_bucket","values":{"bucket":"x"}},{"address": "aws_s3_bucket.c","type":"aws_s3_bucket","values":{}}]}},"resource_changes":[{"address":"aws_s3_bucket.c","type":"aws_s3_bucket","change":{"actions":["create"],"after":{},"after_unknown":{"id":true}}}]}"#;
    let (resources, _) = load_text(text).unwrap();
    assert_eq!(
        ids(&resources),
        ["aws_s3_bucket.b[\"a\\\"b\"]", "aws_s3_bucket.c"]
    );
    let first = resources[0].span;
    assert_eq!(
        &text[first.start..first.end],
        r#""address":"aws_s3_bucket.b[\"a\\\"b\"]""#
    );
    let second = resources[1].span;
    assert_eq!(
        &text[second.start..second.end],
        r#""address": "aws_s3_bucket.c""#
    );
    // One line: no attribute spans are recorded.
    assert!(resources[1].attribute_spans.is_empty());
}

#[test]
fn pretty_plans_get_attribute_spans() {
    let plan = json!({
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [
            planned("aws_security_group.web", "aws_security_group", json!({"name": "web", "ingress": [{"from_port": 22}]}))]}},
    });
    let text = serde_json::to_string_pretty(&plan).unwrap();
    let (resources, _) = load_text(&text).unwrap();
    let web = &resources[0];
    let ingress = web.span_of(&[key("ingress"), PathSegment::Index(0)]);
    assert!(
        text[ingress.start..ingress.end].starts_with("\"ingress\": ["),
        "{ingress:?}"
    );
    assert!(text[ingress.start..ingress.end].ends_with(']'));
    let name = web.span_of(&[key("name")]);
    assert_eq!(&text[name.start..name.end], "\"name\": \"web\"");
    // Paths without a recorded span fall back to the resource's address member.
    assert_eq!(web.span_of(&[key("missing")]), web.span);
}

#[test]
fn actions_decide_what_is_returned() {
    let (resources, _) = load_json(json!({
        "format_version": "1.0",
        "planned_values": {"root_module": {"resources": [
            planned("aws_instance.replaced", "aws_instance", json!({"ami": "ami-1"})),
            planned("aws_instance.kept", "aws_instance", json!({})),
            planned("aws_instance.stale", "aws_instance", json!({})),
            planned("data.aws_ami.read", "aws_ami", json!({})),
        ]}},
        "resource_changes": [
            change("aws_instance.replaced", "aws_instance", &["create", "delete"], json!({"ami": "ami-1"}), json!({"id": true})),
            // A deposed copy being deleted must not hide the live object.
            {"address": "aws_instance.kept", "type": "aws_instance", "deposed": "00aa", "change": {"actions": ["delete"], "after": null}},
            change("aws_instance.kept", "aws_instance", &["no-op"], json!({}), json!({})),
            // Listed in planned_values but only deleted: not returned.
            change("aws_instance.stale", "aws_instance", &["delete"], json!(null), json!(false)),
            change("data.aws_ami.read", "aws_ami", &["read"], json!({}), json!({"id": true})),
            change("aws_s3_bucket.gone", "aws_s3_bucket", &["delete"], json!(null), json!(false)),
            change("aws_s3_bucket.forgotten", "aws_s3_bucket", &["forget"], json!(null), json!(false)),
            change("aws_s3_bucket.only_here", "aws_s3_bucket", &["delete", "create"], json!({"bucket": "b"}), json!({"arn": true})),
            change("aws_s3_bucket.updated", "aws_s3_bucket", &["update"], json!({"bucket": "u"}), json!({})),
        ],
    }));
    assert_eq!(
        ids(&resources),
        [
            "aws_instance.replaced",
            "aws_instance.kept",
            "data.aws_ami.read",
            "aws_s3_bucket.only_here",
            "aws_s3_bucket.updated"
        ]
    );
    let only = find(&resources, "aws_s3_bucket.only_here");
    assert_eq!(only.kind, "aws_s3_bucket");
    assert_eq!(only.attr("bucket"), Some(&Value::from("b")));
    assert_eq!(unknown_paths(only), ["arn"]);
    assert_eq!(
        unknown_paths(find(&resources, "aws_instance.replaced")),
        ["id"]
    );
}

#[test]
fn unknowns_link_to_referenced_resources() {
    let (resources, _) = load_json(json!({
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [
            planned("aws_security_group.app", "aws_security_group", json!({"name": "app"})),
            planned("aws_security_group_rule.in", "aws_security_group_rule", json!({"type": "ingress", "from_port": 443})),
            planned("aws_security_group.web", "aws_security_group",
                    json!({"ingress": [{"from_port": 80, "security_groups": [null], "cidr_blocks": []}]})),
            planned("aws_iam_policy.p", "aws_iam_policy", json!({})),
            planned("data.aws_iam_policy_document.d", "aws_iam_policy_document", json!({"json": "{\"Version\":\"2012-10-17\"}"})),
        ]}},
        "resource_changes": [
            change("aws_security_group.app", "aws_security_group", &["create"], json!({}), json!({"id": true, "arn": true})),
            change("aws_security_group_rule.in", "aws_security_group_rule", &["create"], json!({}), json!({"id": true, "security_group_id": true})),
            change("aws_security_group.web", "aws_security_group", &["create"], json!({}), json!({"ingress": [{"security_groups": [true]}]})),
            change("aws_iam_policy.p", "aws_iam_policy", &["create"], json!({}), json!({"policy": true, "tags": true})),
        ],
        "configuration": {"root_module": {"resources": [
            {"address": "aws_security_group_rule.in", "mode": "managed", "type": "aws_security_group_rule", "name": "in",
             "expressions": {"security_group_id": {"references": ["aws_security_group.app.id", "aws_security_group.app"]},
                             "from_port": {"constant_value": 443}}},
            {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web",
             "expressions": {"ingress": [{"security_groups": {"references": ["aws_security_group.app.id", "aws_security_group.app"]}}]}},
            {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
             "expressions": {"policy": {"references": ["data.aws_iam_policy_document.d.json", "data.aws_iam_policy_document.d"]},
                             "tags": {"references": ["local.tags", "var.env", "aws_not_returned.x"]}}}
        ]}}
    }));
    let rule = find(&resources, "aws_security_group_rule.in");
    assert_eq!(unknown_paths(rule), ["id", "security_group_id"]);
    assert_eq!(
        refs_at(rule, &[key("security_group_id")]),
        ["aws_security_group.app"]
    );
    assert!(refs_at(rule, &[key("id")]).is_empty());
    assert_eq!(rule.attr("from_port").and_then(Value::as_i64), Some(443));
    let web = find(&resources, "aws_security_group.web");
    let element = [
        key("ingress"),
        PathSegment::Index(0),
        key("security_groups"),
        PathSegment::Index(0),
    ];
    assert_eq!(refs_at(web, &element), ["aws_security_group.app"]);
    let policy = find(&resources, "aws_iam_policy.p");
    assert_eq!(
        refs_at(policy, &[key("policy")]),
        ["data.aws_iam_policy_document.d"]
    );
    assert!(refs_at(policy, &[key("tags")]).is_empty());
    let origin = &rule
        .attr("security_group_id")
        .and_then(Value::as_unknown)
        .unwrap()
        .origin;
    assert_eq!(origin, "known after apply");
}

#[test]
fn module_depth_is_bounded() {
    let nest = |levels: usize| {
        let mut module = json!({"resources": [planned("aws_vpc.deep", "aws_vpc", json!({}))]});
        for _ in 0..levels {
            module = json!({"child_modules": [module]});
        }
        json!({"format_version": "1.2", "planned_values": {"root_module": module}}).to_string()
    };
    assert_eq!(load_text(&nest(MAX_MODULE_DEPTH)).unwrap().0.len(), 1);
    let error = load_text(&nest(MAX_MODULE_DEPTH + 1)).unwrap_err();
    assert!(
        error.message.contains("more than 32 levels"),
        "{}",
        error.message
    );
}

#[test]
fn syntax_errors_point_at_the_offending_byte() {
    let text = "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {\"root_module\": {}}\n  \"x\": 1\n}";
    let error = load_text(text).unwrap_err();
    assert!(
        error
            .message
            .starts_with("invalid JSON: expected `,` or `}` at line 4 column 3"),
        "{}",
        error.message
    );
    let span = error.span.unwrap();
    assert_eq!(&text[span.start..span.end], "\"");
    assert_eq!(source(text).line_col(span.start).line, 4);
}

#[test]
fn error_columns_are_bytes_even_after_non_ascii_text() {
    let text = "{\"format_version\":\"1.2\",\"variables\":{\"d\":\"Ünïcødé ✓\"},\"planned_values\":{\"root_module\":{}} ?}";
    let error = load_text(text).unwrap_err();
    let span = error.span.unwrap();
    assert_eq!(&text[span.start..span.end], "?", "{}", error.message);
    // The message counts characters, as editors do (serde_json says column 97).
    assert!(
        error.message.ends_with("at line 1 column 91"),
        "{}",
        error.message
    );
}

#[test]
fn truncated_plans_fail_at_the_end() {
    let text =
        r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b""#;
    let error = load_text(text).unwrap_err();
    assert!(
        error
            .message
            .starts_with("invalid JSON: EOF while parsing an object at line 1 column"),
        "{}",
        error.message
    );
    assert_eq!(error.span.unwrap().start, text.len() - 1);
    let error = load_text("").unwrap_err();
    assert!(
        error.message.contains("EOF while parsing a value"),
        "{}",
        error.message
    );
}

#[test]
fn rejects_what_is_not_a_plan() {
    let message = |text: &str| load_text(text).unwrap_err().message;
    assert_eq!(
        message("  [1, 2]"),
        "not a Terraform plan: the file holds an array, but `terraform show -json` writes a JSON object"
    );
    assert!(message("\"x\"").contains("holds a string"));
    assert!(message("[1,").starts_with("invalid JSON"));
    assert!(message(r#"{"planned_values": {}}"#).contains("no \"format_version\""));
    assert!(message(r#"{"format_version": 1.2, "planned_values": {}}"#)
        .starts_with("invalid format_version 1.2"));
    assert!(message(r#"{"format_version": "1.2"}"#)
        .contains("neither planned_values nor resource_changes"));
    assert!(
        message(r#"{"format_version": "1.0", "values": {"root_module": {}}}"#)
            .contains("state, not of a plan")
    );
    assert!(message(
        r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": {}}}}"#
    )
    .starts_with(
        "not a valid Terraform plan: invalid type: map, expected a sequence at line 1 column"
    ));
    let text = r#"{"format_version": "2.0", "planned_values": {}}"#;
    let error = load_text(text).unwrap_err();
    assert!(
        error
            .message
            .starts_with("unsupported plan format_version \"2.0\""),
        "{}",
        error.message
    );
    let span = error.span.unwrap();
    assert_eq!(&text[span.start..span.end], r#""format_version": "2.0""#);
    assert!(message(r#"{"format_version": "x", "planned_values": {}}"#).starts_with("unsupported"));
}

#[test]
fn accepts_format_versions_zero_and_one() {
    for version in ["0.1", "0.2", "1.0", "1.2", "1.10"] {
        let text = format!(
            r#"{{"format_version": "{version}", "planned_values": {{"root_module": {{}}}}}}"#
        );
        assert!(load_text(&text).unwrap().0.is_empty(), "{version}");
    }
}

#[test]
fn reports_errored_and_incomplete_plans() {
    let (_, notes) = load_json(
        json!({"format_version": "1.2", "planned_values": {}, "errored": true, "complete": false}),
    );
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].level, crate::diagnostics::Level::Warning);
    assert_eq!(notes[0].file.as_deref(), Some("plan.json"));
    assert_eq!(notes[1].level, crate::diagnostics::Level::Note);
}

#[test]
fn skips_resources_without_address_or_type_with_a_warning() {
    let (resources, notes) = load_json(json!({
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [
            {"type": "aws_vpc", "values": {}},
            {"address": "aws_vpc.x", "values": {}},
            {"address": "aws_vpc.x", "values": {}},
            {"address": "nonsense", "values": {}},
        ]}},
    }));
    assert_eq!(ids(&resources), ["aws_vpc.x"]);
    assert_eq!(resources[0].kind, "aws_vpc", "type taken from the address");
    assert_eq!(notes.len(), 3, "{notes:?}");
}

#[test]
fn absurd_nesting_is_a_clear_error_not_a_stack_overflow() {
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let text = format!(
        r#"{{"format_version":"1.2","planned_values":{{"root_module":{{"resources":[{{"address":"a.b","type":"a","values":{{"x":{deep}}}}}]}}}}}}"#
    );
    let error = load_text(&text).unwrap_err();
    assert!(
        error
            .message
            .starts_with("invalid JSON: nested more than 128 levels deep at line 1 column"),
        "{}",
        error.message
    );
}
