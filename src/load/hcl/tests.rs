//! Unit tests of the evaluator: each builds a small module in a temporary directory and
//! loads it the way a scan does.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

use serde_json::json;

use super::{load_module, TerraformVars};
use crate::diagnostics::Level;
use crate::load::Document;
use crate::model::{PathSegment, RawResource, Value};

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn load_in(dir: &Path, vars: &TerraformVars) -> Document {
    load_module(dir, vars, &crate::load::read::Reading::default()).unwrap()
}

fn load(files: &[(&str, &str)]) -> Document {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), files);
    load_in(dir.path(), &TerraformVars::default())
}

fn resource<'d>(doc: &'d Document, id: &str) -> &'d RawResource {
    doc.resource(id).unwrap_or_else(|| {
        panic!(
            "no {id}; have {:?}",
            doc.resources.iter().map(|r| &r.id).collect::<Vec<_>>()
        )
    })
}

fn json_of(doc: &Document, id: &str) -> serde_json::Value {
    resource(doc, id).attributes.to_json()
}

fn errors(doc: &Document) -> Vec<String> {
    doc.notifications
        .iter()
        .filter(|n| n.level == Level::Error)
        .map(|n| n.message.clone())
        .collect()
}

fn key(k: &str) -> PathSegment {
    PathSegment::Key(k.into())
}

#[test]
fn functions_and_expressions_evaluate() {
    let doc = load(&[(
        "main.tf",
        r#"
locals {
  names = ["b", "a", "b"]
  m     = { x = 1, y = 2 }
}
resource "probe" "p" {
  joined   = join(",", distinct(local.names))
  upper    = upper("abc")
  fmt      = format("%s-%03d", "id", 7)
  split    = split("/", "a/b")
  merged   = merge(local.m, { z = 3 })
  keys     = keys(local.m)
  length   = length(local.names)
  contains = contains(local.names, "a")
  lookup   = lookup(local.m, "q", 9)
  element  = element(local.names, 4)
  flat     = flatten([[1], [2, [3]]])
  range    = range(3)
  subnet   = cidrsubnet("10.0.0.0/16", 8, 2)
  host     = cidrhost("10.0.1.0/24", 5)
  json     = jsonencode({ a = [1, true] })
  decoded  = jsondecode("{\"k\": \"v\"}").k
  cond     = length(local.names) > 2 ? "many" : "few"
  for_list = [for n in local.names : upper(n) if n != "a"]
  for_map  = { for k, v in local.m : k => v * 10 }
  splat    = [{ id = 1 }, { id = 2 }][*].id
  tmpl     = "%{ for n in local.names }${n};%{ endfor }"
  heredoc  = <<-EOT
    hello ${local.m.x}
    EOT
  tried    = try(local.m.missing, "fallback")
  can      = can(local.m.missing)
  coalesce = coalesce("", "first")
  replaced = replace("a-b-c", "/-/", "_")
  tostr    = tostring(5)
  settype  = toset(["x", "x", "y"])
}
"#,
    )]);
    assert!(errors(&doc).is_empty(), "{:?}", doc.notifications);
    assert_eq!(
        json_of(&doc, "probe.p"),
        json!({
            "joined": "b,a", "upper": "ABC", "fmt": "id-007", "split": ["a", "b"],
            "merged": {"x": 1, "y": 2, "z": 3}, "keys": ["x", "y"], "length": 3,
            "contains": true, "lookup": 9, "element": "a", "flat": [1, 2, 3],
            "range": [0, 1, 2], "subnet": "10.0.2.0/24", "host": "10.0.1.5",
            "json": "{\"a\":[1,true]}", "decoded": "v", "cond": "many",
            "for_list": ["B", "B"], "for_map": {"x": 10, "y": 20}, "splat": [1, 2],
            "tmpl": "b;a;b;", "heredoc": "hello 1\n", "tried": "fallback", "can": false,
            "coalesce": "first", "replaced": "a_b_c", "tostr": "5", "settype": ["x", "y"]
        })
    );
}

#[test]
fn unknowns_propagate_and_keep_their_links() {
    let doc = load(&[(
        "main.tf",
        r#"
variable "cidr" {}
resource "aws_security_group" "g" {
  name = "g"
}
resource "probe" "p" {
  list      = ["10.0.0.0/8", var.cidr]
  same      = var.cidr == "x" ? "a" : "a"
  differ    = var.cidr == "x" ? "a" : "b"
  group     = aws_security_group.g.id
  name      = aws_security_group.g.name
  templated = "sg-${aws_security_group.g.id}"
  length    = length([var.cidr, 1])
}
"#,
    )]);
    let p = resource(&doc, "probe.p");
    let list = p.attr("list").unwrap().as_list().unwrap();
    assert_eq!(list[0], Value::from("10.0.0.0/8"));
    assert_eq!(
        list[1].as_unknown().unwrap().origin,
        "var.cidr has no value"
    );
    assert_eq!(p.attr("same"), Some(&Value::from("a")));
    assert!(p.attr("differ").unwrap().is_unknown());
    let group = p.attr("group").unwrap().as_unknown().unwrap();
    assert_eq!(group.refs, ["aws_security_group.g"]);
    assert_eq!(group.origin, "aws_security_group.g.id (known after apply)");
    // An argument set in configuration is known, as at plan time.
    assert_eq!(p.attr("name"), Some(&Value::from("g")));
    assert_eq!(
        p.attr("templated").unwrap().as_unknown().unwrap().refs,
        ["aws_security_group.g"]
    );
    assert_eq!(p.attr("length").and_then(Value::as_i64), Some(2));
}

#[test]
fn count_and_for_each_expand_to_plan_addresses() {
    let doc = load(&[(
        "main.tf",
        r#"
variable "n" {}
resource "aws_s3_bucket" "c" {
  count  = 2
  bucket = "b-${count.index}"
}
resource "aws_s3_bucket" "e" {
  for_each = { "a b" = 1, z = 2 }
  bucket   = "${each.key}-${each.value}"
}
resource "aws_s3_bucket" "s" {
  for_each = toset(["x"])
  bucket   = each.value
}
resource "aws_s3_bucket" "unknown" {
  count  = var.n
  bucket = "u-${count.index}"
}
resource "aws_s3_bucket" "none" {
  count = 0
}
resource "probe" "p" {
  ids = aws_s3_bucket.c[*].bucket
  one = aws_s3_bucket.e["z"].bucket
}
"#,
    )]);
    let ids: Vec<&str> = doc.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "aws_s3_bucket.c[0]",
            "aws_s3_bucket.c[1]",
            "aws_s3_bucket.e[\"a b\"]",
            "aws_s3_bucket.e[\"z\"]",
            "aws_s3_bucket.s[\"x\"]",
            "aws_s3_bucket.unknown",
            "probe.p"
        ]
    );
    assert_eq!(
        json_of(&doc, "aws_s3_bucket.c[1]"),
        json!({"bucket": "b-1"})
    );
    assert_eq!(
        json_of(&doc, "aws_s3_bucket.e[\"a b\"]"),
        json!({"bucket": "a b-1"})
    );
    assert!(resource(&doc, "aws_s3_bucket.unknown")
        .attr("bucket")
        .unwrap()
        .is_unknown());
    assert_eq!(
        json_of(&doc, "probe.p"),
        json!({"ids": ["b-0", "b-1"], "one": "z-2"})
    );
    assert!(doc
        .notifications
        .iter()
        .any(|n| n.level == Level::Note && n.message.contains("count is unknown until apply")));
}

#[test]
fn dynamic_blocks_expand_with_spans_per_block() {
    let doc = load(&[(
        "main.tf",
        r#"
resource "aws_security_group" "g" {
  ingress {
    from_port = 80
  }
  dynamic "ingress" {
    for_each = [22, 443]
    iterator = port
    content {
      from_port   = port.value
      cidr_blocks = ["10.0.${port.key}.0/24"]
    }
  }
}
"#,
    )]);
    let g = resource(&doc, "aws_security_group.g");
    assert_eq!(
        g.attributes.to_json(),
        json!({"ingress": [
            {"from_port": 80},
            {"from_port": 22, "cidr_blocks": ["10.0.0.0/24"]},
            {"from_port": 443, "cidr_blocks": ["10.0.1.0/24"]}
        ]})
    );
    let source = doc.source_of(g).unwrap();
    let span = g.attribute_spans[&vec![key("ingress"), PathSegment::Index(2), key("cidr_blocks")]];
    assert_eq!(source.line_col(span.start).line, 11);
    let block = g.attribute_spans[&vec![key("ingress"), PathSegment::Index(1)]];
    assert_eq!(source.line_col(block.start).line, 6);
    assert_eq!(source.line_col(g.span.start).line, 2);
}

#[test]
fn unknown_dynamic_for_each_makes_the_block_list_unknown() {
    let doc = load(&[(
        "main.tf",
        r#"
variable "rules" {}
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value
    }
  }
}
"#,
    )]);
    assert!(resource(&doc, "aws_security_group.g")
        .attr("ingress")
        .unwrap()
        .is_unknown());
}

#[test]
fn local_modules_are_followed_with_inputs_outputs_and_chains() {
    let doc = load(&[
        (
            "main.tf",
            r#"
module "net" {
  source = "./modules/net"
  cidr   = "10.0.0.0/16"
}
module "app" {
  source   = "./modules/app"
  for_each = toset(["a"])
  vpc_id   = module.net.vpc_id
  name     = module.net.name
}
module "remote" {
  source = "terraform-aws-modules/vpc/aws"
  cidr   = "10.9.0.0/16"
}
resource "probe" "p" {
  remote = module.remote.vpc_id
}
"#,
        ),
        (
            "modules/net/main.tf",
            r#"
variable "cidr" {}
resource "aws_vpc" "this" {
  cidr_block = var.cidr
}
output "vpc_id" { value = aws_vpc.this.id }
output "name" { value = "net-${var.cidr}" }
"#,
        ),
        (
            "modules/app/main.tf",
            r#"
variable "vpc_id" {}
variable "name" {}
module "sg" {
  source = "../sg"
  vpc_id = var.vpc_id
}
"#,
        ),
        (
            "modules/sg/main.tf",
            r#"
variable "vpc_id" {}
variable "description" { default = "managed" }
resource "aws_security_group" "this" {
  vpc_id      = var.vpc_id
  description = var.description
}
"#,
        ),
    ]);
    assert!(errors(&doc).is_empty(), "{:?}", doc.notifications);
    let sg = resource(&doc, "module.app[\"a\"].module.sg.aws_security_group.this");
    assert_eq!(
        sg.attr("vpc_id").unwrap().as_unknown().unwrap().refs,
        ["module.net.aws_vpc.this"]
    );
    assert!(doc
        .source_of(sg)
        .unwrap()
        .display
        .ends_with("modules/sg/main.tf"));
    assert_eq!(
        sg.module_chain.as_deref(),
        Some("module.app[\"a\"] (main.tf:6) → module.sg (modules/app/main.tf:4)")
    );
    assert_eq!(
        sg.provenance[&vec![key("description")]],
        "default of var.description at modules/sg/main.tf:3"
    );
    assert!(sg.provenance[&vec![key("vpc_id")]]
        .starts_with("module.app[\"a\"].module.sg input vpc_id at modules/app/main.tf:6 ← module.app[\"a\"] input vpc_id at main.tf:9"));
    assert!(resource(&doc, "probe.p")
        .attr("remote")
        .unwrap()
        .is_unknown());
    let warning = doc
        .notifications
        .iter()
        .find(|n| n.level == Level::Warning)
        .unwrap();
    assert!(warning.message.contains("not scanned"), "{warning:?}");
    assert_eq!(warning.location.as_ref().unwrap().start.line, 13);
}

#[test]
fn missing_and_self_calling_modules_are_errors_with_locations() {
    let doc = load(&[
        (
            "main.tf",
            "module \"gone\" {\n  source = \"./nope\"\n}\nmodule \"loop\" {\n  source = \"./loop\"\n}\n",
        ),
        ("loop/main.tf", "module \"again\" {\n  source = \"../loop\"\n}\n"),
    ]);
    let errors: Vec<_> = doc
        .notifications
        .iter()
        .filter(|n| n.level == Level::Error)
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].message.contains("does not exist"));
    assert_eq!(errors[0].location.as_ref().unwrap().start.line, 2);
    assert!(errors[1].message.contains("nest more than"));
}

#[test]
fn variable_values_follow_terraforms_precedence() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "main.tf",
                r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "port" { type = number }
variable "list" { type = list(string) }
resource "probe" "p" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  e = var.e
  port = var.port
  list = var.list
}
"#,
            ),
            (
                "terraform.tfvars",
                "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\n",
            ),
            (
                "x.auto.tfvars.json",
                r#"{"c": "auto", "d": "auto", "e": "auto"}"#,
            ),
            (
                "extra.tfvars",
                "d = \"var-file\"\ne = \"var-file\"\nport = \"22\"\n",
            ),
        ],
    );
    let vars = TerraformVars {
        vars: vec![
            ("e".into(), "cli".into()),
            ("list".into(), "[\"x\", \"y\"]".into()),
        ],
        var_files: vec![dir.path().join("extra.tfvars")],
    };
    let doc = load_in(dir.path(), &vars);
    assert!(errors(&doc).is_empty(), "{:?}", doc.notifications);
    assert_eq!(
        json_of(&doc, "probe.p"),
        json!({"a": "default", "b": "tfvars", "c": "auto", "d": "var-file", "e": "cli",
               "port": 22, "list": ["x", "y"]})
    );
    let p = resource(&doc, "probe.p");
    assert_eq!(
        p.provenance[&vec![key("b")]],
        "var.b from terraform.tfvars:1"
    );
    assert_eq!(
        p.provenance[&vec![key("c")]],
        "var.c from x.auto.tfvars.json:1"
    );
    assert_eq!(p.provenance[&vec![key("e")]], "var.e from --var");
}

#[test]
fn local_cycles_are_reported_not_looped() {
    let doc = load(&[(
        "main.tf",
        "locals {\n  a = local.b\n  b = local.a\n}\nresource \"probe\" \"p\" {\n  v = local.a\n}\n",
    )]);
    let errors = errors(&doc);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("reference cycle"));
    assert!(resource(&doc, "probe.p").attr("v").unwrap().is_unknown());
}

#[test]
fn files_are_read_only_inside_the_module_tree() {
    let outer = tempfile::tempdir().unwrap();
    write(outer.path(), &[("secret.txt", "s3cr3t")]);
    let root = outer.path().join("root");
    write(
        &root,
        &[
            ("policy.json", "{\"Statement\": []}"),
            ("greeting.tpl", "hello ${name}"),
            (
                "main.tf",
                r#"
resource "probe" "p" {
  inside  = file("${path.module}/policy.json")
  tmpl    = templatefile("greeting.tpl", { name = "you" })
  outside = file("../secret.txt")
  missing = try(file("nope.txt"), "none")
}
"#,
            ),
        ],
    );
    let doc = load_in(&root, &TerraformVars::default());
    let p = resource(&doc, "probe.p");
    assert_eq!(p.attr("inside"), Some(&Value::from("{\"Statement\": []}")));
    assert_eq!(p.attr("tmpl"), Some(&Value::from("hello you")));
    let outside = p.attr("outside").unwrap().as_unknown().unwrap();
    assert!(
        outside.origin.contains("outside the scanned"),
        "{outside:?}"
    );
    assert_eq!(p.attr("missing"), Some(&Value::from("none")));
}

#[test]
fn json_syntax_loads_with_spans() {
    let doc = load(&[(
        "main.tf.json",
        r#"{
  "variable": {"cidr": {"default": "0.0.0.0/0"}},
  "resource": {
    "aws_security_group_rule": {
      "ssh": {
        "type": "ingress",
        "cidr_blocks": ["${var.cidr}"],
        "from_port": 22
      }
    }
  }
}"#,
    )]);
    assert!(errors(&doc).is_empty(), "{:?}", doc.notifications);
    let r = resource(&doc, "aws_security_group_rule.ssh");
    assert_eq!(
        r.attributes.to_json(),
        json!({"type": "ingress", "cidr_blocks": ["0.0.0.0/0"], "from_port": 22})
    );
    let source = doc.source_of(r).unwrap();
    assert_eq!(source.line_col(r.span.start).line, 5);
    assert_eq!(
        source
            .line_col(r.attribute_spans[&vec![key("cidr_blocks")]].start)
            .line,
        7
    );
}

#[test]
fn a_parse_error_is_located_and_other_files_still_load() {
    let doc = load(&[
        ("bad.tf", "resource \"x\" \"y\" {\n  a = \n}\n"),
        (
            "good.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n",
        ),
    ]);
    let errors: Vec<_> = doc
        .notifications
        .iter()
        .filter(|n| n.level == Level::Error)
        .collect();
    assert_eq!(errors.len(), 1);
    let location = errors[0].location.as_ref().unwrap();
    assert!(location.file.ends_with("bad.tf"));
    assert!(location.start.line >= 2);
    assert!(doc.resource("aws_s3_bucket.b").is_some());
}

#[test]
fn policy_documents_render_and_stay_linked_when_partly_unknown() {
    let doc = load(&[(
        "main.tf",
        r#"
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
data "aws_iam_policy_document" "known" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
  }
}
data "aws_iam_policy_document" "partial" {
  source_policy_documents = [data.aws_iam_policy_document.known.json]
  statement {
    actions   = ["s3:PutObject"]
    resources = [aws_s3_bucket.b.arn]
  }
}
"#,
    )]);
    let known = resource(&doc, "data.aws_iam_policy_document.known");
    let text = known.attr("json").unwrap().as_str().unwrap();
    let parsed: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(
        parsed,
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
        ]})
    );
    let partial = resource(&doc, "data.aws_iam_policy_document.partial");
    let json = partial.attr("json").unwrap().as_unknown().unwrap();
    assert_eq!(
        json.refs,
        ["aws_s3_bucket.b", "data.aws_iam_policy_document.partial"]
    );
}

#[test]
fn every_corpus_shape_here_loads_without_panicking() {
    // Odd but valid shapes: splat on null, index on unknown, for over unknown, a
    // conditional on an unknown with equal branches, an unsupported provider function.
    let doc = load(&[(
        "main.tf",
        r#"
variable "x" {}
resource "probe" "p" {
  a = var.x[0].y
  b = [for v in var.x : v]
  c = null[*]
  d = provider::aws::arn_parse("x")
  e = timestamp()
  f = var.x ? 1 : 1
  g = -var.x
  h = !true
  i = 10 % 3
}
"#,
    )]);
    let p = resource(&doc, "probe.p");
    assert!(p.attr("a").unwrap().is_unknown());
    assert!(p.attr("b").unwrap().is_unknown());
    assert_eq!(p.attr("c"), Some(&Value::List(vec![])));
    assert!(p.attr("d").unwrap().is_unknown());
    assert!(p.attr("e").unwrap().is_unknown());
    assert_eq!(p.attr("f").and_then(Value::as_i64), Some(1));
    assert_eq!(p.attr("h"), Some(&Value::Bool(false)));
    assert_eq!(p.attr("i").and_then(Value::as_i64), Some(1));
}

#[test]
fn override_files_are_skipped_with_a_warning() {
    let doc = load(&[
        (
            "main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n",
        ),
        (
            "dev_override.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"o\"\n}\n",
        ),
    ]);
    assert!(errors(&doc).is_empty(), "{:?}", doc.notifications);
    assert_eq!(json_of(&doc, "aws_s3_bucket.b"), json!({"bucket": "b"}));
    assert!(doc
        .notifications
        .iter()
        .any(|n| n.level == Level::Warning && n.message.contains("override files")));
}

#[test]
fn unknown_templates_keep_their_shape_and_jsonencode_its_value() {
    let doc = load(&[(
        "main.tf",
        r#"
data "aws_caller_identity" "current" {}
variable "flag" {}
resource "aws_s3_bucket" "logs" {}
locals {
  account_id = data.aws_caller_identity.current.account_id
}
resource "probe" "p" {
  root    = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"
  branchy = "a%{ if var.flag }b%{ endif }"
  objects = "${aws_s3_bucket.logs.arn}/*"
  local   = "arn:aws:iam::${local.account_id}:root"
  doc     = jsonencode({ Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" } })
}
"#,
    )]);
    let p = resource(&doc, "probe.p");
    let root = p.attr("root").unwrap().as_unknown().unwrap();
    assert_eq!(
        root.template.as_deref(),
        Some("arn:aws:iam::${AWS::AccountId}:root")
    );
    assert_eq!(
        p.attr("local")
            .unwrap()
            .as_unknown()
            .unwrap()
            .template
            .as_deref(),
        Some("arn:aws:iam::${AWS::AccountId}:root")
    );
    assert_eq!(
        p.attr("objects")
            .unwrap()
            .as_unknown()
            .unwrap()
            .template
            .as_deref(),
        Some("${aws_s3_bucket.logs}/*")
    );
    // A directive with an unknown condition has no shape to keep.
    assert_eq!(
        p.attr("branchy").unwrap().as_unknown().unwrap().template,
        None
    );
    let encoded = p
        .attr("doc")
        .unwrap()
        .as_unknown()
        .unwrap()
        .encoded
        .as_deref()
        .unwrap();
    let aws = encoded.get("Principal").and_then(|p| p.get("AWS")).unwrap();
    assert_eq!(
        aws.as_unknown().unwrap().template.as_deref(),
        Some("arn:aws:iam::${AWS::AccountId}:root")
    );
}

#[test]
fn module_paths_normalise_lexically_and_keep_leading_parents() {
    use super::normalize_path as normalize;
    use std::path::PathBuf;
    let cases = [
        // Scanning `.` inside `envs/prod`, whose modules are `../../modules/…`.
        ("./../../modules/networking", "../../modules/networking"),
        ("../../modules/networking", "../../modules/networking"),
        ("envs/prod/../../modules/data", "modules/data"),
        ("envs/prod/../../../shared", "../shared"),
        ("a/./b/../c", "a/c"),
        ("a/..", "."),
        ("/..", "/"),
        ("/srv/infra/envs/prod/../../modules", "/srv/infra/modules"),
    ];
    for (input, want) in cases {
        assert_eq!(normalize(Path::new(input)), PathBuf::from(want), "{input}");
    }
}

#[test]
fn provider_default_tags_reach_tags_all_as_terraform_applies_them() {
    let doc = load(&[
        (
            "main.tf",
            r#"
variable "env" { default = "prod" }
provider "aws" {
  default_tags {
    tags = { Environment = var.env, Owner = "platform" }
  }
}
provider "aws" {
  alias = "west"
  default_tags { tags = { Region = "west" } }
}
resource "aws_db_instance" "db" { engine = "postgres" }
resource "aws_security_group" "app" {
  tags = { Owner = "app-team", Tier = "app" }
}
resource "aws_sqs_queue" "west" {
  provider = aws.west
  tags     = { Name = "q" }
}
resource "aws_security_group_rule" "r" { type = "ingress" }
module "inherits" { source = "./child" }
module "passed" {
  source    = "./child"
  providers = { aws = aws.west }
}
"#,
        ),
        ("child/main.tf", r#"resource "aws_subnet" "s" {}"#),
        (
            "legacy.tf.json",
            r#"{"provider": {"aws": [{"alias": "json", "default_tags": {"tags": {"Source": "json"}}}]},
                "resource": {"aws_vpc": {"v": {"provider": "aws.json", "cidr_block": "10.0.0.0/16"}}}}"#,
        ),
    ]);
    assert_eq!(
        json_of(&doc, "aws_db_instance.db")["tags_all"],
        json!({"Environment": "prod", "Owner": "platform"})
    );
    // The resource's own tags win over the provider's.
    assert_eq!(
        json_of(&doc, "aws_security_group.app")["tags_all"],
        json!({"Environment": "prod", "Owner": "app-team", "Tier": "app"})
    );
    assert_eq!(
        json_of(&doc, "aws_sqs_queue.west")["tags_all"],
        json!({"Name": "q", "Region": "west"})
    );
    // A resource that takes no tags gets none.
    assert!(json_of(&doc, "aws_security_group_rule.r")
        .get("tags_all")
        .is_none());
    assert_eq!(
        json_of(&doc, "module.inherits.aws_subnet.s")["tags_all"],
        json!({"Environment": "prod", "Owner": "platform"})
    );
    assert_eq!(
        json_of(&doc, "module.passed.aws_subnet.s")["tags_all"],
        json!({"Region": "west"})
    );
    assert_eq!(
        json_of(&doc, "aws_vpc.v")["tags_all"],
        json!({"Source": "json"})
    );
    assert!(errors(&doc).is_empty(), "{:?}", errors(&doc));
}
