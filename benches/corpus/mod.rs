//! Deterministic synthetic IaC benchmark corpus: a Rust port of the team's shared
//! `gen-corpus.py` (same project, no third-party code).
//!
//! Writes N equivalent projects in three forms, in three parallel trees:
//!
//! ```text
//! ROOT/tf/pNNNNN/main.tf   Terraform HCL (one root module per project)
//! ROOT/plan/pNNNNN.json    the plan of that module, `terraform show -json` format 1.2:
//!                          planned_values, resource_changes, configuration, variables
//! ROOT/cfn/pNNNNN.yaml     an equivalent CloudFormation template (short-form tags)
//! ROOT/manifest.json       counts of resources, non-compliant resources and bytes
//! ```
//!
//! About a third of the checkable resources are deliberately non-compliant (SSH/RDP open
//! to 0.0.0.0/0, bucket without SSE, RDS / ElastiCache unencrypted, KMS without rotation,
//! IAM `Action "*"`, plain-HTTP listener); `manifest.json`'s `expected_findings` counts,
//! per rule family, what a policy must report. The manifest has the Python's fields plus
//! `generator` (so a changed generator never reuses an old corpus) and one extra family,
//! `s3_no_kms` (buckets with no SSE-KMS default encryption).
//!
//! The model, the renderers and the manifest follow the Python generator line by line;
//! only the random number generator differs (a splitmix64 here), so the output has the
//! same structure, sizes and proportions but is not byte-identical to the Python's.
//! Everything is a pure function of `(seed, project index)`, so generation runs in
//! parallel and still gives the same bytes on every machine and thread count.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use saphyr::LoadableYamlNode;

/// The Python generator's default seed.
pub const DEFAULT_SEED: u64 = 20_260_101;
/// Recorded in the manifest, so a changed generator never reuses an old corpus.
const GENERATOR: &str = "palisade benches/corpus (port of gen-corpus.py), v1";

const TF_VERSION: &str = "1.11.4";
const PROVIDER: &str = "registry.terraform.io/hashicorp/aws";
const REGIONS: [&str; 4] = ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"];
const ACCOUNT: &str = "123456789012";
const FAMILIES: [&str; 8] = [
    "sg_ssh_world",
    "s3_no_sse",
    "rds_unencrypted",
    "iam_action_star",
    "iam_action_star_unknown_at_plan",
    "kms_no_rotation",
    "sg_world_ingress",
    // Not in the Python manifest: buckets without SSE-KMS (no SSE at all, or SSE-S3).
    "s3_no_kms",
];

// ---------------------------------------------------------------------------------------
// PRNG: splitmix64, enough for choice / randint / random / getrandbits.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (modulo bias is irrelevant for n this small).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn choice<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())].clone()
    }

    /// Inclusive, like Python's `randint`.
    fn randint(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn random(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `bits` random bits (at most 128).
    fn bits(&mut self, bits: u32) -> u128 {
        let wide = (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64());
        wide >> (128 - bits)
    }
}

// ---------------------------------------------------------------------------------------
// The attribute tree: plain JSON-like values (maps keep insertion order, as Python dicts
// do) plus the generator's markers.

#[derive(Clone, Debug, PartialEq)]
enum V {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<V>),
    Map(Vec<(String, V)>),
    /// A computed attribute not known until apply.
    Unknown,
    /// A reference expression, e.g. `aws_kms_key.main.arn`; value `None` = unknown at plan.
    Ref(String, Option<String>),
    /// `jsonencode(...)` of a value that may contain references.
    JsonEnc(Box<V>),
    /// Repeated nested blocks `name { ... } name { ... }`; each item is a map.
    Blocks(Vec<V>),
    /// A CloudFormation short-form intrinsic: `!Ref X`, `!GetAtt X.Y`.
    Tag(&'static str, String),
}

use V::{Null, Unknown};

impl From<&str> for V {
    fn from(s: &str) -> V {
        V::Str(s.to_owned())
    }
}
impl From<String> for V {
    fn from(s: String) -> V {
        V::Str(s)
    }
}
impl From<&String> for V {
    fn from(s: &String) -> V {
        V::Str(s.clone())
    }
}
impl From<bool> for V {
    fn from(b: bool) -> V {
        V::Bool(b)
    }
}
impl From<i64> for V {
    fn from(i: i64) -> V {
        V::Int(i)
    }
}
impl From<i32> for V {
    fn from(i: i32) -> V {
        V::Int(i64::from(i))
    }
}
impl From<usize> for V {
    fn from(i: usize) -> V {
        V::Int(i as i64)
    }
}
impl From<Vec<V>> for V {
    fn from(xs: Vec<V>) -> V {
        V::List(xs)
    }
}

/// An ordered map literal: `map! { "k" => v, ... }`.
macro_rules! map {
    ($($k:expr => $v:expr),* $(,)?) => {
        V::Map(vec![$((String::from($k), V::from($v))),*])
    };
}

/// A list literal.
macro_rules! list {
    ($($v:expr),* $(,)?) => {
        V::List(vec![$(V::from($v)),*])
    };
}

fn reference(expr: impl Into<String>) -> V {
    V::Ref(expr.into(), None)
}

fn known_ref(expr: &str, value: &str) -> V {
    V::Ref(expr.to_owned(), Some(value.to_owned()))
}

fn tag(tag: &'static str, arg: impl Into<String>) -> V {
    V::Tag(tag, arg.into())
}

fn entries(v: &V) -> &[(String, V)] {
    match v {
        V::Map(es) => es,
        _ => &[],
    }
}

fn push(map: &mut V, key: &str, value: V) {
    if let V::Map(es) = map {
        es.push((key.to_owned(), value));
    }
}

fn extend(map: &mut V, more: V) {
    if let (V::Map(es), V::Map(more)) = (map, more) {
        es.extend(more);
    }
}

fn get<'a>(map: &'a V, key: &str) -> Option<&'a V> {
    entries(map).iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn ref_refs(expr: &str) -> Vec<String> {
    let parts: Vec<&str> = expr.split('.').collect();
    if parts[0] == "var" {
        return vec![format!("var.{}", parts[1])];
    }
    let base = parts[..2].join(".");
    if expr != base {
        vec![expr.to_owned(), base]
    } else {
        vec![base]
    }
}

fn has_unknown(v: &V) -> bool {
    match v {
        V::Ref(_, value) => value.is_none(),
        V::Unknown => true,
        V::JsonEnc(obj) => has_unknown(obj),
        V::Blocks(xs) | V::List(xs) => xs.iter().any(has_unknown),
        V::Map(es) => es.iter().any(|(_, x)| has_unknown(x)),
        _ => false,
    }
}

fn collect_refs(v: &V, out: &mut Vec<String>) {
    match v {
        V::Ref(expr, _) => {
            for r in ref_refs(expr) {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        V::JsonEnc(obj) => collect_refs(obj, out),
        V::Map(es) => es.iter().for_each(|(_, x)| collect_refs(x, out)),
        V::List(xs) | V::Blocks(xs) => xs.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

/// Plain value with all references resolved (only meaningful when not `has_unknown`).
fn resolve(v: &V) -> V {
    match v {
        V::Ref(_, value) => value.as_ref().map_or(Null, |s| V::Str(s.clone())),
        V::JsonEnc(obj) => {
            let mut s = String::new();
            write_json(&sort_keys(resolve(obj)), &mut s);
            V::Str(s)
        }
        V::Blocks(xs) | V::List(xs) => V::List(xs.iter().map(resolve).collect()),
        V::Map(es) => V::Map(es.iter().map(|(k, x)| (k.clone(), resolve(x))).collect()),
        V::Unknown => Null,
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------
// Plan rendering

/// `(value, unknown_mask)`: the value with unknowns dropped (null inside lists); the mask
/// is `true`, `false`, or a list / map of masks, as in `after_unknown`.
fn plan_value(v: &V) -> (V, V) {
    match v {
        V::Unknown => (Null, V::Bool(true)),
        V::Ref(..) | V::JsonEnc(_) if has_unknown(v) => (Null, V::Bool(true)),
        V::Ref(..) | V::JsonEnc(_) => (resolve(v), V::Bool(false)),
        V::List(xs) | V::Blocks(xs) => {
            let (vals, masks) = xs.iter().map(plan_value).unzip();
            (V::List(vals), V::List(masks))
        }
        V::Map(es) => {
            let mut vals = Vec::new();
            let mut masks = Vec::new();
            for (k, x) in es {
                let (pv, m) = plan_value(x);
                if m == V::Bool(true) {
                    masks.push((k.clone(), m));
                    continue;
                }
                vals.push((k.clone(), pv));
                if m != V::Bool(false) {
                    masks.push((k.clone(), m));
                }
            }
            (V::Map(vals), V::Map(masks))
        }
        other => (other.clone(), V::Bool(false)),
    }
}

fn sort_keys(v: V) -> V {
    match v {
        V::Map(mut es) => {
            es.sort_by(|a, b| a.0.cmp(&b.0));
            V::Map(es.into_iter().map(|(k, x)| (k, sort_keys(x))).collect())
        }
        V::List(xs) => V::List(xs.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

fn sensitive_mask(v: &V, sensitive: &[&str]) -> V {
    match v {
        V::Map(es) => V::Map(
            es.iter()
                .filter_map(|(k, x)| {
                    let m = if sensitive.contains(&k.as_str()) {
                        V::Bool(true)
                    } else {
                        sensitive_mask(x, &[])
                    };
                    (m != V::Bool(false)).then(|| (k.clone(), m))
                })
                .collect(),
        ),
        V::List(xs) => V::List(xs.iter().map(|x| sensitive_mask(x, &[])).collect()),
        _ => V::Bool(false),
    }
}

/// Python's `json.dumps(..., separators=(",", ":"))` of a plain value.
fn write_json(v: &V, out: &mut String) {
    match v {
        V::Null => out.push_str("null"),
        V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        V::Int(i) => out.push_str(&i.to_string()),
        V::Str(s) => json_str(s, out),
        V::List(xs) => {
            out.push('[');
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(x, out);
            }
            out.push(']');
        }
        V::Map(es) => {
            out.push('{');
            for (i, (k, x)) in es.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_str(k, out);
                out.push(':');
                write_json(x, out);
            }
            out.push('}');
        }
        other => panic!("not a plain value: {other:?}"),
    }
}

/// A JSON string literal, ASCII-only like Python's `json.dumps`.
fn json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || !c.is_ascii() => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn block_default(k: &str, v: &V) -> bool {
    match k {
        "self" => *v == V::Bool(false),
        "icmp_code" | "icmp_type" => *v == V::Int(0),
        "ipv6_cidr_block" => *v == V::Str(String::new()),
        _ => false,
    }
}

/// The attributes of a nested block as a user writes them (defaults left out).
fn hcl_item(item: &V) -> Vec<(String, V)> {
    entries(item)
        .iter()
        .filter(|(k, v)| *v != Null && *v != V::List(Vec::new()) && !block_default(k, v))
        .cloned()
        .collect()
}

fn config_expr(v: &V) -> Option<V> {
    if let V::Blocks(items) = v {
        return Some(V::List(
            items
                .iter()
                .map(|item| {
                    V::Map(
                        hcl_item(item)
                            .into_iter()
                            .map(|(k, x)| {
                                let e = config_expr(&x).unwrap_or(Null);
                                (k, e)
                            })
                            .collect(),
                    )
                })
                .collect(),
        ));
    }
    let mut refs = Vec::new();
    collect_refs(v, &mut refs);
    if !refs.is_empty() {
        return Some(map! { "references" => refs.into_iter().map(V::Str).collect::<Vec<_>>() });
    }
    match v {
        V::JsonEnc(_) => Some(V::Map(Vec::new())), // function call: not a constant
        V::Unknown => None,
        _ => Some(map! { "constant_value" => resolve(v) }),
    }
}

// ---------------------------------------------------------------------------------------
// HCL rendering

fn hcl_str(s: &str) -> String {
    let mut out = String::new();
    json_str(s, &mut out);
    out.replace("${", "$${").replace("%{", "%%{")
}

fn hcl_val(v: &V, ind: usize) -> String {
    let pad = "  ".repeat(ind);
    match v {
        V::Ref(expr, _) => expr.clone(),
        V::JsonEnc(obj) => format!("jsonencode({})", hcl_val(obj, ind)),
        V::Null => "null".to_owned(),
        V::Bool(b) => b.to_string(),
        V::Int(i) => i.to_string(),
        V::Str(s) => hcl_str(s),
        V::List(xs) => {
            if xs.iter().all(|x| !matches!(x, V::Map(_) | V::List(_))) && xs.len() <= 4 {
                let inner: Vec<String> = xs.iter().map(|x| hcl_val(x, ind)).collect();
                return format!("[{}]", inner.join(", "));
            }
            let inner: Vec<String> = xs
                .iter()
                .map(|x| format!("{pad}  {}", hcl_val(x, ind + 1)))
                .collect();
            format!("[\n{},\n{pad}]", inner.join(",\n"))
        }
        V::Map(es) => {
            if es.is_empty() {
                return "{}".to_owned();
            }
            let items: Vec<(String, String)> = es
                .iter()
                .map(|(k, x)| {
                    let plain = k.replace('_', "");
                    let bare = !plain.is_empty()
                        && plain.chars().all(|c| c.is_ascii_alphanumeric())
                        && !k.starts_with(|c: char| c.is_ascii_digit());
                    let key = if bare { k.clone() } else { hcl_str(k) };
                    (key, hcl_val(x, ind + 1))
                })
                .collect();
            format!(
                "{{\n{}\n{pad}}}",
                align(items, &format!("{pad}  ")).join("\n")
            )
        }
        other => panic!("not an HCL value: {other:?}"),
    }
}

/// `key = value` lines, `=` aligned over runs of single-line items (as `terraform fmt`).
fn align(items: Vec<(String, String)>, pad: &str) -> Vec<String> {
    fn flush(run: &mut Vec<(String, String)>, out: &mut Vec<String>, pad: &str) {
        let w = run.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        out.extend(
            run.drain(..)
                .map(|(k, val)| format!("{pad}{k:<w$} = {val}")),
        );
    }
    let mut out = Vec::new();
    let mut run = Vec::new();
    for (k, val) in items {
        if val.contains('\n') {
            flush(&mut run, &mut out, pad);
            out.push(format!("{pad}{k} = {val}"));
        } else {
            run.push((k, val));
        }
    }
    flush(&mut run, &mut out, pad);
    out
}

fn hcl_body(attrs: &[(String, V)], ind: usize) -> Vec<String> {
    let pad = "  ".repeat(ind);
    let mut out: Vec<String> = Vec::new();
    let mut attrs_run: Vec<(String, String)> = Vec::new();
    let mut after_block = false;
    for (k, v) in attrs {
        match v {
            V::Unknown => continue,
            V::Blocks(items) => {
                out.extend(align(std::mem::take(&mut attrs_run), &pad));
                for item in items {
                    if !out.is_empty() {
                        out.push(String::new());
                    }
                    out.push(format!("{pad}{k} {{"));
                    out.extend(hcl_body(&hcl_item(item), ind + 1));
                    out.push(format!("{pad}}}"));
                }
                after_block = true;
                continue;
            }
            _ => {}
        }
        if after_block {
            out.push(String::new());
            after_block = false;
        }
        attrs_run.push((k.clone(), hcl_val(v, ind)));
    }
    out.extend(align(attrs_run, &pad));
    out
}

// ---------------------------------------------------------------------------------------
// CloudFormation YAML rendering (short-form intrinsic tags)

fn yml_str(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let needs_quotes = s.is_empty()
        || s.starts_with(|c: char| "!&*{}[]|>%@`'\"#-?:,0123456789".contains(c))
        || s.contains(": ")
        || s.contains(" #")
        || matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "y" | "n"
        );
    if needs_quotes {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        s.to_owned()
    }
}

fn yml_scalar(v: &V) -> String {
    match v {
        V::Null => "null".to_owned(),
        V::Bool(b) => b.to_string(),
        V::Int(i) => i.to_string(),
        V::Str(s) => yml_str(s),
        other => panic!("not a YAML scalar: {other:?}"),
    }
}

/// The text for value `v` at indentation `ind`, written after `key:` or `- `.
fn yml(v: &V, ind: usize) -> String {
    let pad = "  ".repeat(ind);
    match v {
        V::Tag(tag, arg) => format!(" {tag} {}", yml_str(arg)),
        V::Map(es) if es.is_empty() => " {}".to_owned(),
        V::Map(es) => es
            .iter()
            .map(|(k, x)| format!("\n{pad}{}:{}", yml_str(k), yml(x, ind + 1)))
            .collect(),
        V::List(xs) if xs.is_empty() => " []".to_owned(),
        V::List(xs) => {
            let mut out = String::new();
            for x in xs {
                match x {
                    V::Map(es) if !es.is_empty() => {
                        for (i, (k, y)) in es.iter().enumerate() {
                            let prefix = if i == 0 { "- " } else { "  " };
                            out.push_str(&format!(
                                "\n{pad}{prefix}{}:{}",
                                yml_str(k),
                                yml(y, ind + 2)
                            ));
                        }
                    }
                    _ => out.push_str(&format!("\n{pad}-{}", yml(x, ind + 1))),
                }
            }
            out
        }
        other => format!(" {}", yml_scalar(other)),
    }
}

// ---------------------------------------------------------------------------------------
// The project model

struct Resource {
    rtype: &'static str,
    name: String,
    attrs: V,
    cfn: Option<V>,
}

struct Project {
    idx: usize,
    rng: Rng,
    region: String,
    env: String,
    app: String,
    prefix: String,
    vpc: String,
    subnets: Vec<String>,
    lb_arn: String,
    tg_arn: String,
    cert_arn: String,
    resources: Vec<Resource>,
    bad: u64,
    checked: u64,
    /// What the benchmark policies must report for this project, per rule family.
    expect: BTreeMap<&'static str, u64>,
    cfn_extra: Vec<(String, V)>,
}

fn lid(rtype: &str, name: &str) -> String {
    let base: String = name
        .split('_')
        .map(|p| {
            let mut cs = p.chars();
            cs.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + &cs.as_str().to_ascii_lowercase()
            })
        })
        .collect();
    let suffix = match rtype {
        "aws_security_group" => "SG",
        "aws_security_group_rule" => "Ingress",
        "aws_network_acl" => "Nacl",
        "aws_network_acl_rule" => "NaclEntry",
        "aws_s3_bucket" => "Bucket",
        "aws_db_instance" => "Db",
        "aws_elasticache_replication_group" => "Redis",
        "aws_kms_key" => "Key",
        "aws_iam_role" => "Role",
        "aws_iam_policy" => "Policy",
        "aws_lb_listener" => "Listener",
        _ => "",
    };
    base + suffix
}

/// Attributes Terraform shows in the plan but users rarely write in HCL.
fn plan_only(rtype: &str, k: &str) -> bool {
    match rtype {
        "aws_kms_key" => matches!(
            k,
            "bypass_policy_lockout_safety_check"
                | "custom_key_store_id"
                | "customer_master_key_spec"
                | "is_enabled"
                | "key_usage"
                | "xks_key_id"
        ),
        "aws_security_group" => k == "revoke_rules_on_delete",
        "aws_security_group_rule" => k == "self",
        "aws_s3_bucket" => k == "force_destroy",
        "aws_iam_role" => matches!(k, "force_detach_policies" | "max_session_duration" | "path"),
        "aws_iam_policy" => k == "path",
        "aws_elasticache_replication_group" => k == "auto_minor_version_upgrade",
        "aws_db_instance" => matches!(
            k,
            "apply_immediately"
                | "auto_minor_version_upgrade"
                | "delete_automated_backups"
                | "monitoring_interval"
        ),
        _ => false,
    }
}

fn schema_version(rtype: &str) -> i64 {
    match rtype {
        "aws_security_group" => 1,
        "aws_security_group_rule" | "aws_db_instance" | "aws_elasticache_replication_group" => 2,
        _ => 0,
    }
}

/// One ingress/egress rule of a security group, rendered both ways.
struct SgRule {
    description: String,
    port: i64,
    protocol: &'static str,
    cidr: &'static str,
}

impl SgRule {
    fn tf(&self) -> V {
        map! {
            "description" => &self.description, "from_port" => self.port, "to_port" => self.port,
            "protocol" => self.protocol, "cidr_blocks" => list![self.cidr], "ipv6_cidr_blocks" => list![],
            "prefix_list_ids" => list![], "security_groups" => list![], "self" => false,
        }
    }

    fn cfn(&self) -> V {
        if self.protocol == "-1" {
            return map! { "IpProtocol" => "-1", "CidrIp" => self.cidr, "Description" => &self.description };
        }
        map! {
            "IpProtocol" => self.protocol, "FromPort" => self.port, "ToPort" => self.port,
            "CidrIp" => self.cidr, "Description" => &self.description,
        }
    }
}

/// One network ACL entry.
struct NaclEntry {
    rule_no: i64,
    protocol: &'static str,
    from: i64,
    to: i64,
}

impl NaclEntry {
    fn tf(&self) -> V {
        map! {
            "rule_no" => self.rule_no, "action" => "allow", "protocol" => self.protocol,
            "from_port" => self.from, "to_port" => self.to, "cidr_block" => "0.0.0.0/0",
            "ipv6_cidr_block" => "", "icmp_code" => 0, "icmp_type" => 0,
        }
    }
}

impl Project {
    fn new(idx: usize, seed: u64) -> Project {
        let mut rng = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(idx as u64));
        let region = rng.choice(&REGIONS).to_owned();
        let env = rng.choice(&["dev", "staging", "prod"]).to_owned();
        let app = rng
            .choice(&[
                "billing", "orders", "search", "auth", "ledger", "media", "events", "crm",
            ])
            .to_owned();
        let prefix = format!("{app}-{env}-{idx:05}");
        let vpc = format!("vpc-{:017x}", rng.bits(68));
        let subnets = (0..3)
            .map(|_| format!("subnet-{:017x}", rng.bits(68)))
            .collect();
        let lb_arn = format!(
            "arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:loadbalancer/app/{prefix}/{:016x}",
            rng.bits(64)
        );
        let tg_arn = format!(
            "arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:targetgroup/{prefix}/{:016x}",
            rng.bits(64)
        );
        let cert_arn = format!(
            "arn:aws:acm:{region}:{ACCOUNT}:certificate/{:032x}",
            rng.bits(128)
        );
        let mut p = Project {
            idx,
            rng,
            region,
            env,
            app,
            prefix,
            vpc,
            subnets,
            lb_arn,
            tg_arn,
            cert_arn,
            resources: Vec::new(),
            bad: 0,
            checked: 0,
            expect: FAMILIES.iter().map(|f| (*f, 0)).collect(),
            cfn_extra: Vec::new(),
        };
        p.build();
        p
    }

    fn bad_p(&mut self) -> bool {
        self.rng.random() < 0.34
    }

    fn tags(&self, name: &str) -> V {
        map! {
            "Name" => format!("{}-{name}", self.prefix), "Environment" => &self.env,
            "Team" => &self.app, "ManagedBy" => "terraform",
        }
    }

    fn cfn_tags(&self, name: &str) -> V {
        V::List(
            entries(&self.tags(name))
                .iter()
                .map(|(k, v)| map! { "Key" => k.as_str(), "Value" => v.clone() })
                .collect(),
        )
    }

    fn count(&mut self, family: &'static str, n: bool) {
        *self.expect.entry(family).or_insert(0) += u64::from(n);
    }

    fn add(
        &mut self,
        rtype: &'static str,
        name: &str,
        attrs: V,
        cfn: Option<V>,
        checked: bool,
        bad: bool,
    ) {
        self.resources.push(Resource {
            rtype,
            name: name.to_owned(),
            attrs,
            cfn,
        });
        if checked {
            self.checked += 1;
            self.bad += u64::from(bad);
        }
    }

    fn build(&mut self) {
        let prefix = self.prefix.clone();
        let region = self.region.clone();

        // KMS keys ----------------------------------------------------------------------
        let mut keys: Vec<&'static str> = Vec::new();
        for i in 0..self.rng.randint(1, 2) {
            let name = ["main", "data", "logs"][i];
            let bad = self.bad_p();
            keys.push(name);
            let policy = map! { "Version" => "2012-10-17", "Statement" => list![map! {
                "Sid" => "EnableRoot", "Effect" => "Allow",
                "Principal" => map! { "AWS" => format!("arn:aws:iam::{ACCOUNT}:root") },
                "Action" => "kms:*", "Resource" => "*",
            }] };
            let window = self.rng.choice(&[7, 14, 30]);
            let attrs = map! {
                "description" => format!("{prefix} {name} key"),
                "deletion_window_in_days" => window,
                "enable_key_rotation" => !bad,
                "policy" => V::JsonEnc(Box::new(policy.clone())),
                "tags" => self.tags(name),
                // plan-only attributes
                "bypass_policy_lockout_safety_check" => false, "custom_key_store_id" => Null,
                "customer_master_key_spec" => "SYMMETRIC_DEFAULT", "is_enabled" => true,
                "key_usage" => "ENCRYPT_DECRYPT", "multi_region" => Unknown, "rotation_period_in_days" => Unknown,
                "xks_key_id" => Null, "arn" => Unknown, "id" => Unknown, "key_id" => Unknown, "tags_all" => Null,
            };
            let cfn = map! { "Type" => "AWS::KMS::Key", "Properties" => map! {
                "Description" => format!("{prefix} {name} key"), "EnableKeyRotation" => !bad,
                "PendingWindowInDays" => window, "KeyPolicy" => policy, "Tags" => self.cfn_tags(name),
            } };
            self.count("kms_no_rotation", bad);
            self.add("aws_kms_key", name, attrs, Some(cfn), true, bad);
        }

        // Security groups ---------------------------------------------------------------
        let all_sgs = ["web", "app", "db", "cache", "bastion", "admin"];
        let sg_names: Vec<&str> = all_sgs[..self.rng.randint(3, 5)].to_vec();
        for &name in &sg_names {
            let n_in = self.rng.randint(1, 3);
            let bad = self.bad_p();
            let mut ingress = Vec::new();
            for j in 0..n_in {
                let (port, cidr) = if bad && j == 0 {
                    (self.rng.choice(&[22, 22, 3389]), "0.0.0.0/0")
                } else {
                    (
                        self.rng.choice(&[443, 8080, 5432, 6379, 22]),
                        self.rng.choice(&[
                            "10.0.0.0/8",
                            "10.20.0.0/16",
                            "172.16.0.0/12",
                            "192.168.10.0/24",
                        ]),
                    )
                };
                ingress.push(SgRule {
                    description: format!("{name} ingress {port}"),
                    port,
                    protocol: "tcp",
                    cidr,
                });
            }
            if bad {
                self.count("sg_world_ingress", true);
                self.count("sg_ssh_world", ingress[0].port == 22);
            }
            let egress = [SgRule {
                description: "all egress".to_owned(),
                port: 0,
                protocol: "-1",
                cidr: "0.0.0.0/0",
            }];
            let attrs = map! {
                "name" => format!("{prefix}-{name}"), "description" => format!("{name} tier"),
                "vpc_id" => known_ref("var.vpc_id", &self.vpc),
                "ingress" => V::Blocks(ingress.iter().map(SgRule::tf).collect()),
                "egress" => V::Blocks(egress.iter().map(SgRule::tf).collect()),
                "tags" => self.tags(name),
                "revoke_rules_on_delete" => false, "timeouts" => Null, "name_prefix" => Unknown,
                "arn" => Unknown, "id" => Unknown, "owner_id" => Unknown, "tags_all" => Null,
            };
            let cfn = map! { "Type" => "AWS::EC2::SecurityGroup", "Properties" => map! {
                "GroupName" => format!("{prefix}-{name}"), "GroupDescription" => format!("{name} tier"),
                "VpcId" => tag("!Ref", "VpcId"),
                "SecurityGroupIngress" => ingress.iter().map(SgRule::cfn).collect::<Vec<_>>(),
                "SecurityGroupEgress" => egress.iter().map(SgRule::cfn).collect::<Vec<_>>(),
                "Tags" => self.cfn_tags(name),
            } };
            self.add("aws_security_group", name, attrs, Some(cfn), true, bad);
        }

        for i in 0..self.rng.randint(2, 4) {
            let sg = self.rng.choice(&sg_names);
            let name = format!("{sg}_extra_{i}");
            let bad = self.bad_p();
            let port = if bad {
                22
            } else {
                self.rng.choice(&[443, 80, 9090, 22])
            };
            let cidr = if bad {
                "0.0.0.0/0"
            } else {
                self.rng.choice(&["10.0.0.0/8", "10.30.0.0/16"])
            };
            let attrs = map! {
                "type" => "ingress", "description" => format!("extra {port}"), "from_port" => port,
                "to_port" => port, "protocol" => "tcp", "cidr_blocks" => list![cidr],
                "security_group_id" => reference(format!("aws_security_group.{sg}.id")),
                "ipv6_cidr_blocks" => Null, "prefix_list_ids" => Null, "self" => false,
                "source_security_group_id" => Unknown, "timeouts" => Null, "id" => Unknown,
                "security_group_rule_id" => Unknown,
            };
            self.count("sg_ssh_world", bad);
            self.count("sg_world_ingress", bad);
            let cfn = map! { "Type" => "AWS::EC2::SecurityGroupIngress", "Properties" => map! {
                "GroupId" => tag("!GetAtt", lid("aws_security_group", sg) + ".GroupId"),
                "IpProtocol" => "tcp", "FromPort" => port, "ToPort" => port, "CidrIp" => cidr,
                "Description" => format!("extra {port}"),
            } };
            self.add(
                "aws_security_group_rule",
                &name,
                attrs,
                Some(cfn),
                true,
                bad,
            );
        }

        // Network ACL -------------------------------------------------------------------
        let bad = self.bad_p();
        let nacl_in = [
            NaclEntry {
                rule_no: 100,
                protocol: "tcp",
                from: 443,
                to: 443,
            },
            NaclEntry {
                rule_no: 110,
                protocol: "tcp",
                from: if bad { 22 } else { 1024 },
                to: if bad { 22 } else { 65535 },
            },
        ];
        let nacl_out = [NaclEntry {
            rule_no: 100,
            protocol: "-1",
            from: 0,
            to: 0,
        }];
        let attrs = map! {
            "vpc_id" => known_ref("var.vpc_id", &self.vpc),
            "subnet_ids" => self.subnets.iter().map(V::from).collect::<Vec<_>>(),
            "ingress" => V::Blocks(nacl_in.iter().map(NaclEntry::tf).collect()),
            "egress" => V::Blocks(nacl_out.iter().map(NaclEntry::tf).collect()),
            "tags" => self.tags("nacl"),
            "arn" => Unknown, "id" => Unknown, "owner_id" => Unknown, "tags_all" => Null,
        };
        let cfn = map! { "Type" => "AWS::EC2::NetworkAcl", "Properties" => map! {
            "VpcId" => tag("!Ref", "VpcId"), "Tags" => self.cfn_tags("nacl"),
        } };
        self.add("aws_network_acl", "main", attrs, Some(cfn), true, bad);
        let nacl_lid = lid("aws_network_acl", "main");
        let inline = nacl_in
            .iter()
            .map(|r| (r, false))
            .chain(nacl_out.iter().map(|r| (r, true)));
        self.cfn_extra = inline
            .map(|(r, egress)| {
                let key = format!(
                    "Inline{}{}NaclEntry",
                    if egress { "Out" } else { "In" },
                    r.rule_no
                );
                let entry = map! { "Type" => "AWS::EC2::NetworkAclEntry", "Properties" => map! {
                    "NetworkAclId" => tag("!Ref", &nacl_lid), "RuleNumber" => r.rule_no,
                    "Protocol" => if r.protocol == "tcp" { 6 } else { -1 }, "RuleAction" => "allow",
                    "Egress" => egress, "CidrBlock" => "0.0.0.0/0",
                    "PortRange" => map! { "From" => r.from, "To" => r.to },
                } };
                (key, entry)
            })
            .collect();
        for i in 0..2 {
            let bad = self.bad_p();
            let port = if bad { 3389 } else { 443 };
            let cidr = if bad { "0.0.0.0/0" } else { "10.0.0.0/8" };
            let attrs = map! {
                "network_acl_id" => reference("aws_network_acl.main.id"), "rule_number" => 200 + 10 * i,
                "egress" => false, "protocol" => "tcp", "rule_action" => "allow", "cidr_block" => cidr,
                "from_port" => port, "to_port" => port, "icmp_code" => Null, "icmp_type" => Null,
                "ipv6_cidr_block" => Null, "id" => Unknown,
            };
            let cfn = map! { "Type" => "AWS::EC2::NetworkAclEntry", "Properties" => map! {
                "NetworkAclId" => tag("!Ref", &nacl_lid), "RuleNumber" => 200 + 10 * i, "Protocol" => 6,
                "RuleAction" => "allow", "Egress" => false, "CidrBlock" => cidr,
                "PortRange" => map! { "From" => port, "To" => port },
            } };
            self.add(
                "aws_network_acl_rule",
                &format!("extra_{i}"),
                attrs,
                Some(cfn),
                true,
                bad,
            );
        }

        // S3 buckets + separate SSE configuration ---------------------------------------
        let all_buckets = ["logs", "assets", "backups", "uploads", "reports"];
        let bucket_names: Vec<&str> = all_buckets[..self.rng.randint(2, 4)].to_vec();
        for &name in &bucket_names {
            let bad = self.bad_p();
            let bucket = format!("{prefix}-{name}");
            let mut attrs = map! {
                "bucket" => &bucket, "force_destroy" => false, "tags" => self.tags(name), "timeouts" => Null,
            };
            for k in [
                "object_lock_enabled",
                "acceleration_status",
                "acl",
                "arn",
                "bucket_domain_name",
                "bucket_prefix",
                "bucket_regional_domain_name",
                "cors_rule",
                "grant",
                "hosted_zone_id",
                "id",
                "lifecycle_rule",
                "logging",
                "object_lock_configuration",
                "policy",
                "region",
                "replication_configuration",
                "request_payer",
                "server_side_encryption_configuration",
                "versioning",
                "website",
                "website_domain",
                "website_endpoint",
            ] {
                push(&mut attrs, k, Unknown);
            }
            push(&mut attrs, "tags_all", Null);
            let mut props = map! { "BucketName" => &bucket, "Tags" => self.cfn_tags(name) };
            let mut kms = None;
            if !bad {
                let mut options: Vec<Option<&str>> = keys.iter().map(|k| Some(*k)).collect();
                options.push(None);
                kms = self.rng.choice(&options);
                let by_default = match kms {
                    Some(k) => map! {
                        "SSEAlgorithm" => "aws:kms",
                        "KMSMasterKeyID" => tag("!GetAtt", lid("aws_kms_key", k) + ".Arn"),
                    },
                    None => map! { "SSEAlgorithm" => "AES256" },
                };
                push(
                    &mut props,
                    "BucketEncryption",
                    map! { "ServerSideEncryptionConfiguration" => list![map! {
                        "ServerSideEncryptionByDefault" => by_default, "BucketKeyEnabled" => kms.is_some(),
                    }] },
                );
            }
            self.count("s3_no_sse", bad);
            self.count("s3_no_kms", bad || kms.is_none());
            let cfn = map! { "Type" => "AWS::S3::Bucket", "Properties" => props };
            self.add("aws_s3_bucket", name, attrs, Some(cfn), true, bad);
            if !bad {
                let by_default = map! {
                    "sse_algorithm" => if kms.is_some() { "aws:kms" } else { "AES256" },
                    "kms_master_key_id" => kms.map_or(Null, |k| reference(format!("aws_kms_key.{k}.arn"))),
                };
                let ref_attr = self.rng.choice(&["id", "bucket"]);
                let expr = format!("aws_s3_bucket.{name}.{ref_attr}");
                let bucket_ref = V::Ref(expr, (ref_attr == "bucket").then(|| bucket.clone()));
                let sse = map! {
                    "bucket" => bucket_ref,
                    "rule" => V::Blocks(vec![map! {
                        "apply_server_side_encryption_by_default" => V::Blocks(vec![by_default]),
                        "bucket_key_enabled" => if kms.is_some() { V::Bool(true) } else { Null },
                    }]),
                    "expected_bucket_owner" => Null, "id" => Unknown,
                };
                self.add(
                    "aws_s3_bucket_server_side_encryption_configuration",
                    name,
                    sse,
                    None,
                    false,
                    false,
                );
            }
        }

        // IAM roles + policies ----------------------------------------------------------
        for &name in &["app", "ci", "lambda"][..self.rng.randint(1, 2)] {
            let svc = match name {
                "app" => "ec2.amazonaws.com",
                "ci" => "codebuild.amazonaws.com",
                _ => "lambda.amazonaws.com",
            };
            let assume = map! { "Version" => "2012-10-17", "Statement" => list![map! {
                "Effect" => "Allow", "Principal" => map! { "Service" => svc }, "Action" => "sts:AssumeRole",
            }] };
            let attrs = map! {
                "name" => format!("{prefix}-{name}"), "description" => format!("{name} role"),
                "assume_role_policy" => V::JsonEnc(Box::new(assume.clone())), "max_session_duration" => 3600,
                "path" => "/", "tags" => self.tags(name), "force_detach_policies" => false,
                "permissions_boundary" => Null, "arn" => Unknown, "create_date" => Unknown, "id" => Unknown,
                "inline_policy" => Unknown, "managed_policy_arns" => Unknown, "name_prefix" => Unknown,
                "unique_id" => Unknown, "tags_all" => Null,
            };
            let cfn = map! { "Type" => "AWS::IAM::Role", "Properties" => map! {
                "RoleName" => format!("{prefix}-{name}"), "Description" => format!("{name} role"),
                "AssumeRolePolicyDocument" => assume, "MaxSessionDuration" => 3600, "Path" => "/",
                "Tags" => self.cfn_tags(name),
            } };
            self.add("aws_iam_role", name, attrs, Some(cfn), false, false);
        }
        for i in 0..self.rng.randint(1, 3) {
            let bad = self.bad_p();
            let b = self.rng.choice(&bucket_names);
            let use_ref = self.rng.random() < 0.25;
            let arn = format!("arn:aws:s3:::{prefix}-{b}");
            let res_tf = if use_ref {
                reference(format!("aws_s3_bucket.{b}.arn"))
            } else {
                V::from(&arn)
            };
            let res_cfn = if use_ref {
                tag("!GetAtt", lid("aws_s3_bucket", b) + ".Arn")
            } else {
                V::from(&arn)
            };
            let read = |resource: V| {
                map! {
                    "Sid" => "ReadObjects", "Effect" => "Allow",
                    "Action" => list!["s3:GetObject", "s3:ListBucket"], "Resource" => list![resource],
                }
            };
            let second = if bad {
                let action = if self.rng.below(2) == 0 {
                    V::from("*")
                } else {
                    list!["*"]
                };
                map! { "Sid" => "Admin", "Effect" => "Allow", "Action" => action, "Resource" => "*" }
            } else {
                map! {
                    "Sid" => "Logs", "Effect" => "Allow",
                    "Action" => list!["logs:CreateLogStream", "logs:PutLogEvents"],
                    "Resource" => format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:/{prefix}/*"),
                }
            };
            let stmts = list![read(res_tf), second.clone()];
            let stmts_cfn = list![read(res_cfn), second];
            let name = format!("policy_{i}");
            let app = self.app.clone();
            let attrs = map! {
                "name" => format!("{prefix}-{name}"), "description" => format!("{name} for {app}"),
                "path" => "/",
                "policy" => V::JsonEnc(Box::new(map! { "Version" => "2012-10-17", "Statement" => stmts })),
                "tags" => self.tags(&name), "arn" => Unknown, "attachment_count" => Unknown, "id" => Unknown,
                "name_prefix" => Unknown, "policy_id" => Unknown, "tags_all" => Null,
            };
            let cfn = map! { "Type" => "AWS::IAM::ManagedPolicy", "Properties" => map! {
                "ManagedPolicyName" => format!("{prefix}-{name}"), "Description" => format!("{name} for {app}"),
                "Path" => "/", "PolicyDocument" => map! { "Version" => "2012-10-17", "Statement" => stmts_cfn },
            } };
            self.count("iam_action_star", bad);
            self.count("iam_action_star_unknown_at_plan", bad && use_ref);
            self.add("aws_iam_policy", &name, attrs, Some(cfn), true, bad);
        }

        // RDS ---------------------------------------------------------------------------
        let db_sg = if sg_names.contains(&"db") {
            "db"
        } else {
            sg_names[0]
        };
        for &name in &["primary", "reporting"][..self.rng.randint(1, 2)] {
            let bad = self.bad_p();
            let key = self.rng.choice(&keys);
            let class = self
                .rng
                .choice(&["db.t4g.medium", "db.r6g.large", "db.m7g.xlarge"]);
            let storage = self.rng.choice(&[20, 100, 500]);
            let public = bad && self.rng.random() < 0.5;
            let prod = self.env == "prod";
            let mut attrs = map! {
                "identifier" => format!("{prefix}-{name}"), "engine" => "postgres", "engine_version" => "17.6",
                "instance_class" => class, "allocated_storage" => storage, "storage_type" => "gp3",
                "username" => "app_admin", "manage_master_user_password" => true,
                "storage_encrypted" => !bad, "db_subnet_group_name" => format!("{prefix}-db"),
                "vpc_security_group_ids" => list![reference(format!("aws_security_group.{db_sg}.id"))],
                "publicly_accessible" => public, "multi_az" => prod,
                "backup_retention_period" => if bad { 0 } else { 7 }, "deletion_protection" => !bad,
                "skip_final_snapshot" => bad, "copy_tags_to_snapshot" => true,
                "iam_database_authentication_enabled" => !bad, "performance_insights_enabled" => !bad,
                "tags" => self.tags(name),
            };
            if !bad {
                push(
                    &mut attrs,
                    "kms_key_id",
                    reference(format!("aws_kms_key.{key}.arn")),
                );
            }
            extend(
                &mut attrs,
                map! {
                    "allow_major_version_upgrade" => Null, "apply_immediately" => false,
                    "auto_minor_version_upgrade" => true, "blue_green_update" => list![],
                    "custom_iam_instance_profile" => Null, "customer_owned_ip_enabled" => Null, "db_name" => Null,
                    "delete_automated_backups" => true, "domain" => Null, "domain_iam_role_name" => Null,
                    "enabled_cloudwatch_logs_exports" => Null, "final_snapshot_identifier" => Null,
                    "iops" => Unknown, "license_model" => Unknown, "maintenance_window" => Unknown,
                    "max_allocated_storage" => Null, "monitoring_interval" => 0, "network_type" => Unknown,
                    "option_group_name" => Unknown, "parameter_group_name" => Unknown, "password" => Null,
                    "port" => Unknown, "replicate_source_db" => Null, "restore_to_point_in_time" => list![],
                    "s3_import" => list![], "snapshot_identifier" => Null, "timeouts" => Null,
                    "address" => Unknown, "arn" => Unknown, "availability_zone" => Unknown,
                    "backup_window" => Unknown, "ca_cert_identifier" => Unknown, "character_set_name" => Unknown,
                    "endpoint" => Unknown, "hosted_zone_id" => Unknown, "id" => Unknown,
                    "latest_restorable_time" => Unknown, "listener_endpoint" => Unknown,
                    "master_user_secret" => Unknown, "replicas" => Unknown, "resource_id" => Unknown,
                    "status" => Unknown, "storage_throughput" => Unknown, "timezone" => Unknown, "tags_all" => Null,
                },
            );
            let mut props = map! {
                "DBInstanceIdentifier" => format!("{prefix}-{name}"), "Engine" => "postgres",
                "EngineVersion" => "17.6", "DBInstanceClass" => class, "AllocatedStorage" => storage.to_string(),
                "StorageType" => "gp3", "MasterUsername" => "app_admin", "ManageMasterUserPassword" => true,
                "StorageEncrypted" => !bad, "DBSubnetGroupName" => format!("{prefix}-db"),
                "VPCSecurityGroups" => list![tag("!GetAtt", lid("aws_security_group", db_sg) + ".GroupId")],
                "PubliclyAccessible" => public, "MultiAZ" => prod,
                "BackupRetentionPeriod" => if bad { 0 } else { 7 },
                "DeletionProtection" => !bad, "CopyTagsToSnapshot" => true,
                "EnableIAMDatabaseAuthentication" => !bad, "EnablePerformanceInsights" => !bad,
                "Tags" => self.cfn_tags(name),
            };
            if !bad {
                push(
                    &mut props,
                    "KmsKeyId",
                    tag("!GetAtt", lid("aws_kms_key", key) + ".Arn"),
                );
            }
            self.count("rds_unencrypted", bad);
            let cfn = map! { "Type" => "AWS::RDS::DBInstance", "Properties" => props };
            self.add("aws_db_instance", name, attrs, Some(cfn), true, bad);
        }

        // ElastiCache -------------------------------------------------------------------
        let bad = self.bad_p();
        let sg = if sg_names.contains(&"cache") {
            "cache"
        } else {
            sg_names[0]
        };
        let group_id: String = format!("{prefix}-redis").chars().take(40).collect();
        let prod = self.env == "prod";
        let description = format!("{} cache", self.app);
        let attrs = map! {
            "replication_group_id" => &group_id, "description" => &description,
            "engine" => "redis", "engine_version" => "7.1", "node_type" => "cache.t4g.small",
            "num_cache_clusters" => 2, "port" => 6379, "automatic_failover_enabled" => true,
            "multi_az_enabled" => prod, "at_rest_encryption_enabled" => !bad,
            "transit_encryption_enabled" => !bad, "subnet_group_name" => format!("{prefix}-cache"),
            "security_group_ids" => list![reference(format!("aws_security_group.{sg}.id"))],
            "snapshot_retention_limit" => if bad { 0 } else { 5 },
            "tags" => self.tags("redis"),
            "apply_immediately" => Unknown, "auth_token" => Null, "auto_minor_version_upgrade" => "true",
            "data_tiering_enabled" => Unknown, "final_snapshot_identifier" => Null, "kms_key_id" => Null,
            "log_delivery_configuration" => list![], "maintenance_window" => Unknown,
            "notification_topic_arn" => Null, "parameter_group_name" => Unknown, "timeouts" => Null,
            "arn" => Unknown, "cluster_enabled" => Unknown, "configuration_endpoint_address" => Unknown,
            "engine_version_actual" => Unknown, "id" => Unknown, "member_clusters" => Unknown,
            "primary_endpoint_address" => Unknown, "reader_endpoint_address" => Unknown, "tags_all" => Null,
        };
        let cfn = map! { "Type" => "AWS::ElastiCache::ReplicationGroup", "Properties" => map! {
            "ReplicationGroupId" => &group_id, "ReplicationGroupDescription" => &description,
            "Engine" => "redis", "EngineVersion" => "7.1", "CacheNodeType" => "cache.t4g.small",
            "NumCacheClusters" => 2, "Port" => 6379, "AutomaticFailoverEnabled" => true, "MultiAZEnabled" => prod,
            "AtRestEncryptionEnabled" => !bad, "TransitEncryptionEnabled" => !bad,
            "CacheSubnetGroupName" => format!("{prefix}-cache"),
            "SecurityGroupIds" => list![tag("!GetAtt", lid("aws_security_group", sg) + ".GroupId")],
            "SnapshotRetentionLimit" => if bad { 0 } else { 5 }, "Tags" => self.cfn_tags("redis"),
        } };
        self.add(
            "aws_elasticache_replication_group",
            "main",
            attrs,
            Some(cfn),
            true,
            bad,
        );

        // Load balancer listeners -------------------------------------------------------
        for &name in &["https", "http"][..self.rng.randint(1, 2)] {
            let bad = name == "http" && self.bad_p();
            let lb = known_ref("var.lb_arn", &self.lb_arn);
            let tg = known_ref("var.tg_arn", &self.tg_arn);
            let (mut attrs, props) = if name == "https" {
                let ssl = "ELBSecurityPolicy-TLS13-1-2-2021-06";
                (
                    map! {
                        "load_balancer_arn" => lb, "port" => 443, "protocol" => "HTTPS", "ssl_policy" => ssl,
                        "certificate_arn" => &self.cert_arn,
                        "default_action" => V::Blocks(vec![map! { "type" => "forward", "target_group_arn" => tg }]),
                    },
                    map! {
                        "LoadBalancerArn" => tag("!Ref", "LoadBalancerArn"), "Port" => 443, "Protocol" => "HTTPS",
                        "SslPolicy" => ssl, "Certificates" => list![map! { "CertificateArn" => &self.cert_arn }],
                        "DefaultActions" => list![map! {
                            "Type" => "forward", "TargetGroupArn" => tag("!Ref", "TargetGroupArn"),
                        }],
                    },
                )
            } else if bad {
                (
                    map! {
                        "load_balancer_arn" => lb, "port" => 80, "protocol" => "HTTP",
                        "default_action" => V::Blocks(vec![map! { "type" => "forward", "target_group_arn" => tg }]),
                    },
                    map! {
                        "LoadBalancerArn" => tag("!Ref", "LoadBalancerArn"), "Port" => 80, "Protocol" => "HTTP",
                        "DefaultActions" => list![map! {
                            "Type" => "forward", "TargetGroupArn" => tag("!Ref", "TargetGroupArn"),
                        }],
                    },
                )
            } else {
                (
                    map! {
                        "load_balancer_arn" => lb, "port" => 80, "protocol" => "HTTP",
                        "default_action" => V::Blocks(vec![map! {
                            "type" => "redirect",
                            "redirect" => V::Blocks(vec![map! {
                                "port" => "443", "protocol" => "HTTPS", "status_code" => "HTTP_301",
                            }]),
                        }]),
                    },
                    map! {
                        "LoadBalancerArn" => tag("!Ref", "LoadBalancerArn"), "Port" => 80, "Protocol" => "HTTP",
                        "DefaultActions" => list![map! {
                            "Type" => "redirect",
                            "RedirectConfig" => map! { "Port" => "443", "Protocol" => "HTTPS", "StatusCode" => "HTTP_301" },
                        }],
                    },
                )
            };
            // (AWS::ElasticLoadBalancingV2::Listener has no Tags property)
            extend(
                &mut attrs,
                map! {
                    "tags" => self.tags(name), "alpn_policy" => Null, "arn" => Unknown, "id" => Unknown,
                    "mutual_authentication" => Unknown, "timeouts" => Null, "tags_all" => Null,
                },
            );
            if get(&attrs, "ssl_policy").is_none() {
                push(&mut attrs, "ssl_policy", Unknown);
                push(&mut attrs, "certificate_arn", Null);
            }
            let cfn =
                map! { "Type" => "AWS::ElasticLoadBalancingV2::Listener", "Properties" => props };
            self.add("aws_lb_listener", name, attrs, Some(cfn), true, bad);
        }
    }

    // ------------------------------------------------------------------ renderers

    fn hcl_attrs(r: &Resource) -> Vec<(String, V)> {
        let mut out: Vec<(String, V)> = entries(&r.attrs)
            .iter()
            .filter(|(k, v)| {
                !matches!(v, V::Unknown | V::Null)
                    && k != "tags_all"
                    && *v != V::List(Vec::new())
                    && !plan_only(r.rtype, k)
            })
            .cloned()
            .collect();
        if let Some(pos) = out.iter().position(|(k, _)| k == "tags") {
            let tags = out.remove(pos);
            out.push(tags);
        }
        out
    }

    fn render_hcl(&self) -> String {
        let mut lines: Vec<String> = [
            "terraform {",
            "  required_version = \">= 1.5.0\"",
            "  required_providers {",
            "    aws = {",
            "      source  = \"hashicorp/aws\"",
            "      version = \"~> 5.70\"",
            "    }",
            "  }",
            "}",
            "",
            "provider \"aws\" {",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        lines.push(format!("  region = \"{}\"", self.region));
        lines.push("}".to_owned());
        for (var, value) in [
            ("vpc_id", &self.vpc),
            ("lb_arn", &self.lb_arn),
            ("tg_arn", &self.tg_arn),
        ] {
            lines.push(String::new());
            lines.push(format!("variable \"{var}\" {{"));
            lines.push("  type    = string".to_owned());
            lines.push(format!("  default = \"{value}\""));
            lines.push("}".to_owned());
        }
        for r in &self.resources {
            lines.push(String::new());
            lines.push(format!("resource \"{}\" \"{}\" {{", r.rtype, r.name));
            lines.extend(hcl_body(&Self::hcl_attrs(r), 1));
            lines.push("}".to_owned());
        }
        lines.join("\n") + "\n"
    }

    fn render_plan(&self) -> String {
        let mut planned = Vec::new();
        let mut changes = Vec::new();
        let mut config_res = Vec::new();
        for r in &self.resources {
            let addr = format!("{}.{}", r.rtype, r.name);
            let tags = get(&r.attrs, "tags").cloned().unwrap_or(Null);
            let attrs = V::Map(
                entries(&r.attrs)
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            if k == "tags_all" {
                                tags.clone()
                            } else {
                                v.clone()
                            },
                        )
                    })
                    .collect(),
            );
            let (values, unknown) = plan_value(&attrs);
            let sens = sensitive_mask(&values, &[]);
            let (values, unknown, sens) = (sort_keys(values), sort_keys(unknown), sort_keys(sens));
            let schema = schema_version(r.rtype);
            planned.push(map! {
                "address" => &addr, "mode" => "managed", "type" => r.rtype, "name" => &r.name,
                "provider_name" => PROVIDER, "schema_version" => schema,
                "values" => values.clone(), "sensitive_values" => sens.clone(),
            });
            changes.push(map! {
                "address" => &addr, "mode" => "managed", "type" => r.rtype, "name" => &r.name,
                "provider_name" => PROVIDER,
                "change" => map! {
                    "actions" => list!["create"], "before" => Null, "after" => values,
                    "after_unknown" => unknown, "before_sensitive" => false, "after_sensitive" => sens,
                },
            });
            let exprs: Vec<(String, V)> = Self::hcl_attrs(r)
                .iter()
                .filter_map(|(k, v)| config_expr(v).map(|e| (k.clone(), e)))
                .collect();
            config_res.push(map! {
                "address" => &addr, "mode" => "managed", "type" => r.rtype, "name" => &r.name,
                "provider_config_key" => "aws", "expressions" => sort_keys(V::Map(exprs)),
                "schema_version" => schema,
            });
        }
        let mut refs = std::collections::BTreeSet::new();
        for r in &self.resources {
            for (_, v) in Self::hcl_attrs(r) {
                let mut found = Vec::new();
                collect_refs(&v, &mut found);
                for reference in found {
                    if !reference.starts_with("var.") && reference.matches('.').count() == 2 {
                        if let Some((resource, attribute)) = reference.rsplit_once('.') {
                            refs.insert((resource.to_owned(), attribute.to_owned()));
                        }
                    }
                }
            }
        }
        let i = self.idx;
        let plan = map! {
            "format_version" => "1.2",
            "terraform_version" => TF_VERSION,
            "variables" => map! {
                "vpc_id" => map! { "value" => &self.vpc }, "lb_arn" => map! { "value" => &self.lb_arn },
                "tg_arn" => map! { "value" => &self.tg_arn },
            },
            "planned_values" => map! { "root_module" => map! { "resources" => planned } },
            "resource_changes" => changes,
            "configuration" => map! {
                "provider_config" => map! { "aws" => map! {
                    "name" => "aws", "full_name" => PROVIDER, "version_constraint" => "~> 5.70",
                    "expressions" => map! { "region" => map! { "constant_value" => &self.region } },
                } },
                "root_module" => map! {
                    "resources" => config_res,
                    "variables" => map! {
                        "vpc_id" => map! { "default" => &self.vpc }, "lb_arn" => map! { "default" => &self.lb_arn },
                        "tg_arn" => map! { "default" => &self.tg_arn },
                    },
                },
            },
            "relevant_attributes" => refs
                .into_iter()
                .map(|(a, b)| map! { "resource" => a, "attribute" => list![b] })
                .collect::<Vec<_>>(),
            "timestamp" => format!(
                "2026-01-{:02}T{:02}:{:02}:{:02}Z",
                1 + i % 28, i % 24, i % 60, (7 * i) % 60
            ),
            "applyable" => true,
            "complete" => true,
            "errored" => false,
        };
        let mut out = String::with_capacity(80 * 1024);
        write_json(&plan, &mut out);
        out.push('\n');
        out
    }

    fn render_cfn(&self) -> String {
        let mut res: Vec<(String, V)> = self
            .resources
            .iter()
            .filter_map(|r| r.cfn.clone().map(|c| (lid(r.rtype, &r.name), c)))
            .collect();
        res.extend(self.cfn_extra.iter().cloned());
        let doc = map! {
            "AWSTemplateFormatVersion" => "2010-09-09",
            "Description" => format!("{} ({}, {}) synthetic benchmark stack", self.prefix, self.app, self.env),
            "Parameters" => map! {
                "VpcId" => map! { "Type" => "AWS::EC2::VPC::Id", "Default" => &self.vpc },
                "LoadBalancerArn" => map! { "Type" => "String", "Default" => &self.lb_arn },
                "TargetGroupArn" => map! { "Type" => "String", "Default" => &self.tg_arn },
            },
            "Resources" => V::Map(res),
            "Outputs" => map! { "DataKeyArn" => map! {
                "Value" => tag("!GetAtt", lid("aws_kms_key", "main") + ".Arn"),
            } },
        };
        yml(&doc, 0).trim_start_matches('\n').to_owned() + "\n"
    }
}

// ---------------------------------------------------------------------------------------
// Writing the corpus

/// The three renderings of one project (paths relative to the corpus root).
struct Rendered {
    files: [(PathBuf, String); 3],
    counts: Counts,
}

/// One project's contribution to the manifest.
struct Counts {
    bytes: [u64; 3],
    resources: u64,
    checked: u64,
    bad: u64,
    types: BTreeMap<&'static str, u64>,
    expect: BTreeMap<&'static str, u64>,
}

fn render(idx: usize, seed: u64) -> Rendered {
    let p = Project::new(idx, seed);
    let mut types = BTreeMap::new();
    for r in &p.resources {
        *types.entry(r.rtype).or_insert(0) += 1;
    }
    let files = [
        (
            PathBuf::from(format!("tf/p{idx:05}/main.tf")),
            p.render_hcl(),
        ),
        (
            PathBuf::from(format!("plan/p{idx:05}.json")),
            p.render_plan(),
        ),
        (PathBuf::from(format!("cfn/p{idx:05}.yaml")), p.render_cfn()),
    ];
    let bytes = [0, 1, 2].map(|i| files[i].1.len() as u64);
    Rendered {
        files,
        counts: Counts {
            bytes,
            resources: p.resources.len() as u64,
            checked: p.checked,
            bad: p.bad,
            types,
            expect: p.expect,
        },
    }
}

/// The three trees, in the order of `Rendered::files`.
const KINDS: [&str; 3] = ["tf", "plan", "cfn"];

/// Folds per-project counts (in project order) into the manifest: the Python's fields
/// plus `generator` and the `s3_no_kms` family.
fn manifest(projects: usize, seed: u64, parts: &[Counts]) -> serde_json::Value {
    let mut bytes: BTreeMap<&str, u64> = KINDS.iter().map(|k| (*k, 0)).collect();
    let mut types: BTreeMap<&str, u64> = BTreeMap::new();
    let mut expect: BTreeMap<&str, u64> = FAMILIES.iter().map(|f| (*f, 0)).collect();
    for part in parts {
        for (kind, n) in KINDS.iter().zip(part.bytes) {
            *bytes.entry(kind).or_insert(0) += n;
        }
        for (t, n) in &part.types {
            *types.entry(t).or_insert(0) += n;
        }
        for (f, n) in &part.expect {
            *expect.entry(f).or_insert(0) += n;
        }
    }
    serde_json::json!({
        "generator": GENERATOR,
        "projects": projects,
        "seed": seed,
        "resources": parts.iter().map(|p| p.resources).sum::<u64>(),
        "checked_resources": parts.iter().map(|p| p.checked).sum::<u64>(),
        "noncompliant_resources": parts.iter().map(|p| p.bad).sum::<u64>(),
        "bytes": bytes,
        "resource_types": types,
        "expected_findings": expect,
    })
}

/// Renders every project and keeps only the counts (the text is dropped at once).
fn compute_manifest(projects: usize, seed: u64) -> serde_json::Value {
    let parts: Vec<Counts> = (0..projects)
        .into_par_iter()
        .map(|i| render(i, seed).counts)
        .collect();
    manifest(projects, seed, &parts)
}

/// What is on disk for one kind: file count and total bytes.
fn on_disk(root: &Path, kind: &str) -> (u64, u64) {
    let ext = match kind {
        "tf" => "tf",
        "plan" => "json",
        _ => "yaml",
    };
    walkdir::WalkDir::new(root.join(kind))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .fold((0, 0), |(n, b), e| {
            (n + 1, b + e.metadata().map_or(0, |m| m.len()))
        })
}

/// The corpus as the bench sees it.
pub struct Corpus {
    pub root: PathBuf,
    pub manifest: serde_json::Value,
    /// False when an identical corpus was already on disk and reused.
    pub generated: bool,
}

/// Makes sure `root` holds the corpus for `(projects, seed)`: reuses it when its
/// manifest is the one this generator would write and the files on disk match the
/// manifest's counts and sizes; otherwise writes it afresh (into a sibling directory
/// that is renamed into place, so an interrupted run never leaves a half corpus).
pub fn ensure(root: &Path, projects: usize, seed: u64) -> std::io::Result<Corpus> {
    let expected = compute_manifest(projects, seed);
    let expected_text =
        serde_json::to_string_pretty(&expected).map_err(std::io::Error::other)? + "\n";
    let existing = std::fs::read_to_string(root.join("manifest.json")).ok();
    let intact = existing.as_deref() == Some(expected_text.as_str())
        && KINDS.iter().all(|kind| {
            on_disk(root, kind)
                == (
                    projects as u64,
                    expected["bytes"][*kind].as_u64().unwrap_or(0),
                )
        });
    if intact {
        return Ok(Corpus {
            root: root.to_owned(),
            manifest: expected,
            generated: false,
        });
    }
    let staging = root.with_extension("partial");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    for kind in KINDS {
        std::fs::create_dir_all(staging.join(kind))?;
    }
    (0..projects)
        .into_par_iter()
        .try_for_each(|i| -> std::io::Result<()> {
            let r = render(i, seed);
            for (rel, text) in &r.files {
                let path = staging.join(rel);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(path, text)?;
            }
            Ok(())
        })?;
    std::fs::write(staging.join("manifest.json"), &expected_text)?;
    if root.exists() {
        std::fs::remove_dir_all(root)?;
    }
    std::fs::rename(&staging, root)?;
    Ok(Corpus {
        root: root.to_owned(),
        manifest: expected,
        generated: true,
    })
}

/// What [`check`] looked at.
#[derive(Debug)]
pub struct Checked {
    pub plans: usize,
    pub templates: usize,
    pub modules: usize,
    pub resources_in_plans: usize,
}

/// The files under `dir` whose extension is `ext`, sorted.
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(walkdir::DirEntry::into_path)
        .collect();
    out.sort();
    out
}

/// Sanity check of a written corpus; panics naming the first bad file. Every plan must
/// parse as JSON with as many `resource_changes` as planned and configured resources,
/// every template must load with saphyr (short-form tags and all) as one document, and
/// every module must parse with hcl-rs. The plan resource total must match the manifest.
pub fn check(corpus: &Corpus) -> Checked {
    let root = &corpus.root;
    let plans = files(&root.join("plan"), "json");
    let resources_in_plans: usize = plans
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("read plan");
            let plan: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", path.display()));
            let count = |v: &serde_json::Value| v.as_array().map_or(0, Vec::len);
            let changes = count(&plan["resource_changes"]);
            assert!(
                changes > 0
                    && changes == count(&plan["planned_values"]["root_module"]["resources"])
                    && changes == count(&plan["configuration"]["root_module"]["resources"])
                    && plan["format_version"] == "1.2",
                "{}: inconsistent plan",
                path.display()
            );
            changes
        })
        .sum();
    let templates = files(&root.join("cfn"), "yaml");
    templates.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).expect("read template");
        let docs = saphyr::MarkedYaml::load_from_str(&text)
            .unwrap_or_else(|e| panic!("{}: invalid YAML: {e}", path.display()));
        assert_eq!(
            docs.len(),
            1,
            "{}: expected one YAML document",
            path.display()
        );
        assert!(
            text.contains("\nResources:\n"),
            "{}: no Resources",
            path.display()
        );
    });
    let modules = files(&root.join("tf"), "tf");
    modules.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).expect("read module");
        hcl::parse(&text).unwrap_or_else(|e| panic!("{}: invalid HCL: {e}", path.display()));
    });
    let projects = corpus.manifest["projects"].as_u64().unwrap_or(0) as usize;
    assert_eq!(plans.len(), projects, "plan count");
    assert_eq!(templates.len(), projects, "template count");
    assert_eq!(modules.len(), projects, "module count");
    assert_eq!(
        Some(resources_in_plans as u64),
        corpus.manifest["resources"].as_u64(),
        "plan resources vs manifest"
    );
    Checked {
        plans: plans.len(),
        templates: templates.len(),
        modules: modules.len(),
        resources_in_plans,
    }
}
