//! Renders an environment of the reference platform as the state Terraform would hold
//! after applying its plan: a `terraform show -json` state document and a raw
//! `terraform.tfstate` (version 4).
//!
//! ```sh
//! cargo run --example terraform_state -- reference-platform/plans/prod.tfplan.json \
//!     reference-platform/terraform/envs/prod reference-platform/state
//! ```
//!
//! writes `state/prod.tfstate.json` (`terraform show -json` of the state) and
//! `state/terraform.tfstate`. What the plan knows is kept as planned; every value it leaves
//! unknown until apply is filled in deterministically:
//!
//! - a reference to another resource's attribute (`vpc_id = aws_vpc.this.id`, also through
//!   variables, module inputs and outputs) takes that resource's value, so a subnet's
//!   `vpc_id` is the VPC's `id` and a database's `kms_key_id` the key's `arn`; palisade's
//!   evaluation of the Terraform source says which attribute of which resource instance
//!   each unknown is (the plan's `configuration` loses map keys such as
//!   `var.kms_key_arns.data`);
//! - a resource's own computed attributes (`id`, `arn`, `dns_name` …) are made from a
//!   SHA-256 of its address, in the shape AWS gives them (`vpc-0…`, `sg-0…`,
//!   `arn:aws:kms:eu-west-1:111122223333:key/<uuid>`);
//! - text built from unknowns (`"${aws_s3_bucket.logs.arn}/*"`, `jsonencode` of a policy)
//!   is rebuilt from the filled-in parts.
//!
//! `tests/reference_platform.rs` fails when the committed files are not what this writes
//! (`PALISADE_BLESS=1 cargo test --test reference_platform` rewrites them).

// Indexing here is `serde_json::Value`'s by key, which gives `Null` for a missing key or a
// value that is not an object and never panics.
#![allow(clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

use indexmap::IndexMap;
use palisade::load::hcl::{load_module, TerraformVars};
use palisade::load::Document;
use palisade::model::value::{Unknown, Value};
use serde_json::{json, Value as Json};
use sha2::{Digest, Sha256};

const ACCOUNT: &str = "111122223333";
const REGION: &str = "eu-west-1";
const AWS_PROVIDER: &str = "registry.terraform.io/hashicorp/aws";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [plan, root, out] = args.as_slice() else {
        eprintln!("usage: terraform_state PLAN.json ROOT_MODULE_DIR OUT_DIR");
        return ExitCode::from(2);
    };
    match write(Path::new(plan), Path::new(root), Path::new(out)) {
        Ok(files) => {
            for file in files {
                eprintln!("{file}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("terraform_state: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes the two state files into `out`; returns their paths.
pub fn write(plan: &Path, root: &Path, out: &Path) -> Result<Vec<String>, String> {
    let (show, raw) = render(plan, root)?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let env = root
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("env")
        .to_owned();
    let mut files = Vec::new();
    for (name, text) in [
        (format!("{env}.tfstate.json"), show),
        ("terraform.tfstate".to_owned(), raw),
    ] {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        files.push(path.display().to_string());
    }
    Ok(files)
}

/// The `terraform show -json` state document and the raw `terraform.tfstate`, as text.
pub fn render(plan: &Path, root: &Path) -> Result<(String, String), String> {
    let text = std::fs::read_to_string(plan).map_err(|e| format!("{}: {e}", plan.display()))?;
    let plan: Json = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", plan.display()))?;
    let source = load_module(
        root,
        &TerraformVars::default(),
        &palisade::load::read::Reading::default(),
    )
    .map_err(|n| format!("{}: {}", root.display(), n.message))?;
    let env = root.file_name().and_then(|n| n.to_str()).unwrap_or("env");
    let state = State::new(&plan, &source, env);
    Ok((state.show_json(), state.tfstate()))
}

/// One resource instance of the state.
struct Instance {
    address: String,
    module: Option<String>,
    mode: String,
    kind: String,
    name: String,
    index: Option<Json>,
    provider: String,
    values: Json,
    sensitive: Json,
    depends_on: Vec<String>,
}

struct State {
    terraform_version: String,
    env: String,
    instances: Vec<Instance>,
}

impl State {
    fn new(plan: &Json, source: &Document, env: &str) -> State {
        let terraform_version = plan["terraform_version"]
            .as_str()
            .unwrap_or("1.9.8")
            .to_owned();
        // The planned values of every instance, for references to known attributes.
        let mut planned: BTreeMap<String, Json> = BTreeMap::new();
        let changes = plan["resource_changes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for change in &changes {
            if let Some(address) = change["address"].as_str() {
                planned.insert(address.to_owned(), change["change"]["after"].clone());
            }
        }
        // Three passes: a value may refer to one that is itself filled in (a role policy
        // to a policy document, which refers to a bucket's ARN); each pass reads what
        // the one before filled.
        let mut resolved: BTreeMap<String, Json> = BTreeMap::new();
        for _ in 0..3 {
            let filler = Filler {
                planned: &planned,
                resolved: &resolved,
            };
            let mut next = BTreeMap::new();
            for change in &changes {
                let Some(address) = change["address"].as_str() else {
                    continue;
                };
                let kind = change["type"].as_str().unwrap_or_default();
                let values = filler.resource(address, kind, change, source.resource(address));
                next.insert(address.to_owned(), values);
            }
            resolved = next;
        }
        let mut instances = Vec::new();
        for change in &changes {
            let Some(address) = change["address"].as_str() else {
                continue;
            };
            let hcl = source.resource(address);
            let values = resolved.get(address).cloned().unwrap_or(Json::Null);
            let kind = change["type"].as_str().unwrap_or_default().to_owned();
            let mut depends_on = BTreeSet::new();
            if let Some(r) = hcl {
                collect_refs(&r.attributes, &mut depends_on);
            }
            let own = strip_index(address);
            let depends_on: Vec<String> = depends_on
                .into_iter()
                .map(|a| strip_index(&a))
                .filter(|a| *a != own && !a.contains(".data.") && !a.starts_with("data."))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            instances.push(Instance {
                address: address.to_owned(),
                module: change["module_address"].as_str().map(str::to_owned),
                mode: change["mode"].as_str().unwrap_or("managed").to_owned(),
                kind,
                name: change["name"].as_str().unwrap_or_default().to_owned(),
                index: change.get("index").cloned(),
                provider: change["provider_name"]
                    .as_str()
                    .unwrap_or(AWS_PROVIDER)
                    .to_owned(),
                values,
                sensitive: change["change"]["after_sensitive"].clone(),
                depends_on,
            });
        }
        // Data sources read while planning are in the state as read.
        let mut seen: BTreeSet<String> = instances.iter().map(|i| i.address.clone()).collect();
        let mut read = Vec::new();
        if let Some(root) = plan["prior_state"]["values"].get("root_module") {
            prior_resources(root, &mut read);
        }
        for r in read {
            let Some(address) = r["address"].as_str() else {
                continue;
            };
            if !seen.insert(address.to_owned()) {
                continue;
            }
            let module = address
                .rfind(".data.")
                .map(|i| address.get(..i).unwrap_or_default().to_owned());
            instances.push(Instance {
                address: address.to_owned(),
                module,
                mode: "data".into(),
                kind: r["type"].as_str().unwrap_or_default().to_owned(),
                name: r["name"].as_str().unwrap_or_default().to_owned(),
                index: r.get("index").cloned(),
                provider: r["provider_name"]
                    .as_str()
                    .unwrap_or(AWS_PROVIDER)
                    .to_owned(),
                values: r["values"].clone(),
                sensitive: r["sensitive_values"].clone(),
                depends_on: Vec::new(),
            });
        }
        instances.sort_by_key(sort_key);
        State {
            terraform_version,
            env: env.to_owned(),
            instances,
        }
    }

    /// `terraform show -json` of the state.
    fn show_json(&self) -> String {
        let mut modules: BTreeMap<String, Vec<IndexMap<String, Json>>> = BTreeMap::new();
        for i in &self.instances {
            let mut r = IndexMap::new();
            r.insert("address".into(), json!(i.address));
            r.insert("mode".into(), json!(i.mode));
            r.insert("type".into(), json!(i.kind));
            r.insert("name".into(), json!(i.name));
            if let Some(index) = &i.index {
                r.insert("index".into(), index.clone());
            }
            r.insert("provider_name".into(), json!(i.provider));
            r.insert("schema_version".into(), json!(schema_version(&i.kind)));
            r.insert("values".into(), i.values.clone());
            r.insert("sensitive_values".into(), sensitive_values(&i.sensitive));
            if !i.depends_on.is_empty() {
                r.insert("depends_on".into(), json!(i.depends_on));
            }
            modules
                .entry(i.module.clone().unwrap_or_default())
                .or_default()
                .push(r);
        }
        let root_resources = modules.remove("").unwrap_or_default();
        let children: Vec<Child> = modules
            .into_iter()
            .map(|(address, resources)| Child { resources, address })
            .collect();
        let doc = ShowState {
            format_version: "1.0",
            terraform_version: &self.terraform_version,
            values: ShowValues {
                root_module: RootModule {
                    resources: root_resources,
                    child_modules: children,
                },
            },
        };
        pretty(&doc)
    }

    /// The raw state file, version 4.
    fn tfstate(&self) -> String {
        let mut resources: Vec<StateResource> = Vec::new();
        for i in &self.instances {
            let mut instance = IndexMap::new();
            if let Some(index) = &i.index {
                instance.insert("index_key".into(), index.clone());
            }
            instance.insert("schema_version".into(), json!(schema_version(&i.kind)));
            instance.insert("attributes".into(), i.values.clone());
            instance.insert(
                "sensitive_attributes".into(),
                sensitive_attributes(&i.sensitive),
            );
            if i.mode == "managed" {
                instance.insert("private".into(), json!("bnVsbA=="));
                if !i.depends_on.is_empty() {
                    instance.insert("dependencies".into(), json!(i.depends_on));
                }
            }
            match resources.last_mut() {
                Some(r)
                    if r.module == i.module
                        && r.mode == i.mode
                        && r.kind == i.kind
                        && r.name == i.name =>
                {
                    r.instances.push(instance);
                }
                _ => resources.push(StateResource {
                    module: i.module.clone(),
                    mode: i.mode.clone(),
                    kind: i.kind.clone(),
                    name: i.name.clone(),
                    provider: format!("provider[\"{}\"]", i.provider),
                    instances: vec![instance],
                }),
            }
        }
        let lineage = uuid(&format!("lineage of the {} state", self.env));
        let doc = RawState {
            version: 4,
            terraform_version: &self.terraform_version,
            serial: 42,
            lineage,
            outputs: BTreeMap::new(),
            resources,
            check_results: None,
        };
        pretty(&doc)
    }
}

/// The documents, with their keys in the order Terraform writes them.
#[derive(serde::Serialize)]
struct ShowState<'a> {
    format_version: &'a str,
    terraform_version: &'a str,
    values: ShowValues,
}

#[derive(serde::Serialize)]
struct ShowValues {
    root_module: RootModule,
}

#[derive(serde::Serialize)]
struct RootModule {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    resources: Vec<IndexMap<String, Json>>,
    child_modules: Vec<Child>,
}

#[derive(serde::Serialize)]
struct Child {
    resources: Vec<IndexMap<String, Json>>,
    address: String,
}

#[derive(serde::Serialize)]
struct RawState<'a> {
    version: u32,
    terraform_version: &'a str,
    serial: u64,
    lineage: String,
    outputs: BTreeMap<String, Json>,
    resources: Vec<StateResource>,
    check_results: Option<Json>,
}

#[derive(serde::Serialize)]
struct StateResource {
    #[serde(skip_serializing_if = "Option::is_none")]
    module: Option<String>,
    mode: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    provider: String,
    instances: Vec<IndexMap<String, Json>>,
}

fn sort_key(i: &Instance) -> (String, String, String, String, String) {
    (
        i.module.clone().unwrap_or_default(),
        i.mode.clone(),
        i.kind.clone(),
        i.name.clone(),
        match &i.index {
            Some(Json::Number(n)) => format!("{:>10}", n),
            Some(other) => other.to_string(),
            None => String::new(),
        },
    )
}

fn pretty(doc: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(doc).unwrap_or_default();
    text.push('\n');
    text
}

fn prior_resources(module: &Json, out: &mut Vec<Json>) {
    if let Some(list) = module["resources"].as_array() {
        out.extend(list.iter().cloned());
    }
    if let Some(children) = module["child_modules"].as_array() {
        for child in children {
            prior_resources(child, out);
        }
    }
}

/// Resource addresses the evaluated configuration of a resource refers to.
fn collect_refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Unknown(u) => {
            out.extend(u.refs.iter().cloned());
            if let Some(encoded) = &u.encoded {
                collect_refs(encoded, out);
            }
        }
        Value::List(items) => items.iter().for_each(|v| collect_refs(v, out)),
        Value::Map(map) => map.values().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

fn strip_index(address: &str) -> String {
    // `module.a["x"].aws_b.c[0]` → `module.a.aws_b.c`
    let mut out = String::new();
    let mut depth = 0;
    for c in address.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn schema_version(kind: &str) -> u32 {
    match kind {
        "aws_db_instance" | "aws_security_group" => 2,
        "aws_elasticache_replication_group" | "aws_vpc" | "aws_subnet" | "aws_s3_bucket" => 1,
        "aws_ecs_task_definition" | "aws_cloudtrail" => 1,
        _ => 0,
    }
}

/// `sensitive_values` of `terraform show -json`: the plan's `after_sensitive`, `{}` when
/// nothing is.
fn sensitive_values(after_sensitive: &Json) -> Json {
    match after_sensitive {
        Json::Object(_) => after_sensitive.clone(),
        _ => json!({}),
    }
}

/// `sensitive_attributes` of a raw state instance: the paths marked sensitive.
fn sensitive_attributes(after_sensitive: &Json) -> Json {
    fn walk(value: &Json, path: &mut Vec<Json>, out: &mut Vec<Json>) {
        match value {
            Json::Bool(true) => out.push(Json::Array(path.clone())),
            Json::Object(map) => {
                for (k, v) in map {
                    path.push(json!({"type": "get_attr", "value": k}));
                    walk(v, path, out);
                    path.pop();
                }
            }
            Json::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    path.push(json!({"type": "index", "value": {"value": i, "type": "number"}}));
                    walk(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(after_sensitive, &mut Vec::new(), &mut out);
    Json::Array(out)
}

/// Attributes every created resource of a type has, beyond what its configuration sets.
fn computed(kind: &str) -> &'static [&'static str] {
    match kind {
        "aws_iam_role" => &["id", "arn", "unique_id"],
        "aws_kms_key" => &["id", "arn", "key_id"],
        "aws_lb" => &["id", "arn", "dns_name", "zone_id"],
        "aws_ecr_repository" => &["id", "arn", "repository_url", "registry_id"],
        "aws_s3_bucket" => &[
            "id",
            "arn",
            "bucket_domain_name",
            "bucket_regional_domain_name",
        ],
        "aws_db_instance" => &["id", "arn", "address", "endpoint", "resource_id"],
        "aws_vpc" | "aws_subnet" | "aws_security_group" | "aws_route_table" => {
            &["id", "arn", "owner_id"]
        }
        _ => &["id"],
    }
}

struct Filler<'p> {
    planned: &'p BTreeMap<String, Json>,
    /// What the previous pass filled in, by address.
    resolved: &'p BTreeMap<String, Json>,
}

impl Filler<'_> {
    /// The values of one resource change with everything filled in.
    fn resource(
        &self,
        address: &str,
        kind: &str,
        change: &Json,
        hcl: Option<&palisade::model::RawResource>,
    ) -> Json {
        let after = &change["change"]["after"];
        let unknown = &change["change"]["after_unknown"];
        let mut values = after.clone();
        self.fill(
            address,
            kind,
            &mut values,
            unknown,
            hcl.map(|r| &r.attributes),
            &mut Vec::new(),
        );
        if change["mode"] == "managed" {
            // The values a resource of this type always has once created.
            if let Json::Object(map) = &mut values {
                // A name from `name_prefix` is computed whatever the type.
                let named = map.get("name_prefix").is_some_and(Json::is_string)
                    && map.get("name").is_none_or(Json::is_null);
                for attr in computed(kind).iter().chain(named.then_some(&"name")) {
                    if !map.contains_key(*attr) {
                        map.insert((*attr).to_owned(), self.attribute(address, kind, attr));
                    }
                }
            }
        } else if kind == "aws_iam_policy_document"
            && unknown.get("json") == Some(&Json::Bool(true))
        {
            // The provider renders the document from its (now known) statements.
            if let (Json::Object(map), Some(hcl)) = (&mut values, hcl) {
                let mut attrs = palisade::model::value::Map::new();
                for (key, value) in map.iter() {
                    if key != "json" && key != "minified_json" && !value.is_null() {
                        attrs.insert(key.clone(), Value::from(value));
                    }
                }
                if let Value::String(text) =
                    palisade::load::hcl::policy_doc::render(&attrs, &hcl.id)
                {
                    let minified = serde_json::from_str::<Json>(&text)
                        .map(|doc| doc.to_string())
                        .unwrap_or_else(|_| text.clone());
                    map.insert("json".into(), Json::String(text));
                    map.insert("minified_json".into(), Json::String(minified));
                }
            }
        }
        values
    }

    /// Replaces every unknown of `values` (marked `true` in `unknown`) with its value,
    /// reading the evaluated configuration `hcl` at the same path for what it refers to.
    fn fill(
        &self,
        address: &str,
        kind: &str,
        values: &mut Json,
        unknown: &Json,
        hcl: Option<&Value>,
        path: &mut Vec<String>,
    ) {
        match unknown {
            Json::Bool(true) => {
                *values = match hcl {
                    Some(Value::Unknown(u)) => self.resolve(address, kind, path, u),
                    Some(Value::List(items)) => Json::Array(
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, v)| {
                                path.push(i.to_string());
                                let out = self.value(address, kind, path, v);
                                path.pop();
                                out
                            })
                            .collect(),
                    ),
                    Some(other) if !matches!(other, Value::Null) => {
                        self.value(address, kind, path, other)
                    }
                    _ => self.attribute(address, kind, &path.join(".")),
                };
            }
            Json::Object(fields) => {
                if !values.is_object() {
                    *values = json!({});
                }
                for (key, marks) in fields {
                    if marks == &Json::Bool(false) {
                        continue;
                    }
                    if let Json::Object(map) = values {
                        let slot = map.entry(key.clone()).or_insert(Json::Null);
                        path.push(key.clone());
                        let below = hcl.and_then(|h| h.get(key));
                        self.fill(address, kind, slot, marks, below, path);
                        path.pop();
                    }
                }
            }
            Json::Array(items) => {
                if !values.is_array() {
                    *values = json!([]);
                }
                for (i, marks) in items.iter().enumerate() {
                    if marks == &Json::Bool(false) {
                        continue;
                    }
                    if let Json::Array(list) = values {
                        while list.len() <= i {
                            list.push(Json::Null);
                        }
                        if let Some(slot) = list.get_mut(i) {
                            path.push(i.to_string());
                            let below = match hcl {
                                Some(Value::List(l)) => l.get(i),
                                _ => None,
                            };
                            self.fill(address, kind, slot, marks, below, path);
                            path.pop();
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A whole evaluated value, its unknown parts filled in.
    fn value(&self, address: &str, kind: &str, path: &mut Vec<String>, value: &Value) -> Json {
        match value {
            Value::Unknown(u) => self.resolve(address, kind, path, u),
            Value::List(items) => Json::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        path.push(i.to_string());
                        let out = self.value(address, kind, path, v);
                        path.pop();
                        out
                    })
                    .collect(),
            ),
            Value::Map(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| {
                        path.push(k.clone());
                        let out = self.value(address, kind, path, v);
                        path.pop();
                        (k.clone(), out)
                    })
                    .collect(),
            ),
            other => other.to_json(),
        }
    }

    fn resolve(&self, address: &str, kind: &str, path: &mut Vec<String>, u: &Unknown) -> Json {
        // `module.x.aws_y.z["k"].attr (known after apply)`: that attribute of that instance.
        if let Some((target, attr)) = plain_reference(&u.origin) {
            if u.template.is_none() && u.encoded.is_none() && u.refs.contains(&target) {
                return self.reference(&target, attr);
            }
        }
        if let Some(encoded) = &u.encoded {
            let value = self.value(address, kind, path, encoded);
            return Json::String(serde_json::to_string(&value).unwrap_or_default());
        }
        if let Some(template) = &u.template {
            if let Some(text) = self.template(template) {
                return Json::String(text);
            }
        }
        self.attribute(address, kind, &path.join("."))
    }

    /// Fills `${…}` placeholders: pseudo parameters by this account's values, a resource
    /// by its ARN (or id where the resource has no ARN).
    fn template(&self, template: &str) -> Option<String> {
        let mut out = String::new();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            out.push_str(rest.get(..start)?);
            let after = rest.get(start + 2..)?;
            let end = after.find('}')?;
            let name = after.get(..end)?;
            out.push_str(&match name {
                "AWS::AccountId" => ACCOUNT.to_owned(),
                "AWS::Region" => REGION.to_owned(),
                "AWS::Partition" => "aws".to_owned(),
                "AWS::URLSuffix" => "amazonaws.com".to_owned(),
                _ => {
                    let first = name.split(',').next()?;
                    let kind = resource_type(first)?;
                    // Inside an ARN being built (`arn:aws:s3:::${bucket}/*`) the
                    // resource stands for its name; on its own, for its ARN.
                    let in_arn = out
                        .rsplit(['"', ' ', ','])
                        .next()
                        .is_some_and(|segment| segment.starts_with("arn:"));
                    let attr = if has_arn(&kind) && !in_arn {
                        "arn"
                    } else {
                        "id"
                    };
                    json_text(&self.reference(first, attr))
                }
            });
            rest = after.get(end + 1..)?;
        }
        out.push_str(rest);
        (!out.contains('\u{0}')).then_some(out)
    }

    /// The value of `attr` of the instance at `target`: as planned when known, else made.
    fn reference(&self, target: &str, attr: &str) -> Json {
        if let Some(value) = self.resolved.get(target).and_then(|v| v.get(attr)) {
            if !value.is_null() {
                return value.clone();
            }
        }
        if let Some(value) = self.planned.get(target).and_then(|v| v.get(attr)) {
            if !value.is_null() {
                return value.clone();
            }
        }
        let kind = resource_type(target).unwrap_or_default();
        self.attribute(target, &kind, attr)
    }

    /// A computed attribute of a resource, in the shape AWS gives it.
    fn attribute(&self, address: &str, kind: &str, attr: &str) -> Json {
        let planned = self.planned.get(address);
        let known = |key: &str| {
            planned
                .and_then(|p| p.get(key))
                .and_then(Json::as_str)
                .map(str::to_owned)
        };
        let h = hash(address);
        let name = known("name")
            .or_else(|| known("bucket"))
            .or_else(|| known("identifier"))
            .or_else(|| known("replication_group_id"))
            // The provider appends a creation timestamp and a counter to `name_prefix`.
            .or_else(|| {
                known("name_prefix").map(|prefix| {
                    format!(
                        "{prefix}2026110809{}00000001",
                        h.get(..6).unwrap_or_default()
                    )
                })
            })
            .or_else(|| known("family"))
            .unwrap_or_else(|| {
                format!(
                    "{}-{}",
                    address_name(address),
                    h.get(..8).unwrap_or_default()
                )
            });
        let regional = |service: &str, resource: &str| {
            format!("arn:aws:{service}:{REGION}:{ACCOUNT}:{resource}")
        };
        let arn_of = |kind: &str| -> String {
            match kind {
                "aws_kms_key" => regional("kms", &format!("key/{}", uuid(address))),
                "aws_kms_alias" => regional("kms", &name),
                "aws_iam_role" => format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
                "aws_iam_policy" => format!("arn:aws:iam::{ACCOUNT}:policy/{name}"),
                "aws_iam_openid_connect_provider" => {
                    format!(
                        "arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
                    )
                }
                "aws_s3_bucket" => format!("arn:aws:s3:::{name}"),
                "aws_cloudwatch_log_group" => regional("logs", &format!("log-group:{name}")),
                "aws_sns_topic" => regional("sns", &name),
                "aws_secretsmanager_secret" => regional(
                    "secretsmanager",
                    &format!("secret:{name}-{}", h.get(..6).unwrap_or_default()),
                ),
                "aws_ecs_cluster" => regional("ecs", &format!("cluster/{name}")),
                "aws_ecs_service" => regional("ecs", &format!("service/{name}")),
                "aws_ecs_task_definition" => regional("ecs", &format!("task-definition/{name}:1")),
                "aws_ecr_repository" => regional("ecr", &format!("repository/{name}")),
                "aws_lb" => regional(
                    "elasticloadbalancing",
                    &format!(
                        "loadbalancer/app/{name}/{}",
                        h.get(..16).unwrap_or_default()
                    ),
                ),
                "aws_lb_target_group" => regional(
                    "elasticloadbalancing",
                    &format!("targetgroup/{name}/{}", h.get(..16).unwrap_or_default()),
                ),
                "aws_lb_listener" => regional(
                    "elasticloadbalancing",
                    &format!(
                        "listener/app/{}/{}/{}",
                        address_name(address),
                        h.get(..16).unwrap_or_default(),
                        h.get(16..32).unwrap_or_default()
                    ),
                ),
                "aws_db_instance" => regional("rds", &format!("db:{name}")),
                "aws_db_subnet_group" => regional("rds", &format!("subgrp:{name}")),
                "aws_db_parameter_group" => regional("rds", &format!("pg:{name}")),
                "aws_elasticache_replication_group" => {
                    regional("elasticache", &format!("replicationgroup:{name}"))
                }
                "aws_elasticache_subnet_group" => {
                    regional("elasticache", &format!("subnetgroup:{name}"))
                }
                "aws_cloudtrail" => regional("cloudtrail", &format!("trail/{name}")),
                "aws_guardduty_detector" => regional(
                    "guardduty",
                    &format!("detector/{}", h.get(..32).unwrap_or_default()),
                ),
                "aws_wafv2_web_acl" => regional(
                    "wafv2",
                    &format!("regional/webacl/{name}/{}", uuid(address)),
                ),
                "aws_acm_certificate" => regional("acm", &format!("certificate/{}", uuid(address))),
                "aws_dynamodb_table" => regional("dynamodb", &format!("table/{name}")),
                "aws_accessanalyzer_analyzer" => {
                    regional("access-analyzer", &format!("analyzer/{name}"))
                }
                "aws_cloudwatch_event_rule" => regional("events", &format!("rule/{name}")),
                "aws_cloudwatch_metric_alarm" => regional("cloudwatch", &format!("alarm:{name}")),
                "aws_vpc" => regional(
                    "ec2",
                    &format!("vpc/vpc-0{}", h.get(..16).unwrap_or_default()),
                ),
                "aws_subnet" => regional(
                    "ec2",
                    &format!("subnet/subnet-0{}", h.get(..16).unwrap_or_default()),
                ),
                "aws_security_group" | "aws_default_security_group" => regional(
                    "ec2",
                    &format!("security-group/sg-0{}", h.get(..16).unwrap_or_default()),
                ),
                "aws_route_table" => regional(
                    "ec2",
                    &format!("route-table/rtb-0{}", h.get(..16).unwrap_or_default()),
                ),
                "aws_network_acl" | "aws_default_network_acl" => regional(
                    "ec2",
                    &format!("network-acl/acl-0{}", h.get(..16).unwrap_or_default()),
                ),
                "aws_nat_gateway" => regional(
                    "ec2",
                    &format!("natgateway/nat-0{}", h.get(..16).unwrap_or_default()),
                ),
                "aws_internet_gateway" => regional(
                    "ec2",
                    &format!("internet-gateway/igw-0{}", h.get(..16).unwrap_or_default()),
                ),
                "aws_vpc_endpoint" => regional(
                    "ec2",
                    &format!("vpc-endpoint/vpce-0{}", h.get(..16).unwrap_or_default()),
                ),
                "aws_flow_log" => regional(
                    "ec2",
                    &format!("vpc-flow-log/fl-0{}", h.get(..16).unwrap_or_default()),
                ),
                "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
                    regional(
                        "ec2",
                        &format!(
                            "security-group-rule/sgr-0{}",
                            h.get(..16).unwrap_or_default()
                        ),
                    )
                }
                "aws_eip" => regional(
                    "ec2",
                    &format!("elastic-ip/eipalloc-0{}", h.get(..16).unwrap_or_default()),
                ),
                _ => {
                    let service = kind
                        .strip_prefix("aws_")
                        .and_then(|k| k.split('_').next())
                        .unwrap_or("aws");
                    regional(
                        service,
                        &format!("{}/{name}", kind.strip_prefix("aws_").unwrap_or(kind)),
                    )
                }
            }
        };
        let arn = || arn_of(kind);
        let id = || -> String {
            let prefixed = |p: &str| format!("{p}-0{}", h.get(..16).unwrap_or_default());
            match kind {
                "aws_vpc" => prefixed("vpc"),
                "aws_subnet" => prefixed("subnet"),
                "aws_security_group" | "aws_default_security_group" => prefixed("sg"),
                "aws_internet_gateway" => prefixed("igw"),
                "aws_nat_gateway" => prefixed("nat"),
                "aws_eip" => prefixed("eipalloc"),
                "aws_route_table" => prefixed("rtb"),
                "aws_route_table_association" => prefixed("rtbassoc"),
                "aws_network_acl" | "aws_default_network_acl" => prefixed("acl"),
                "aws_network_acl_rule" => format!("nacl-{}", h.get(..10).unwrap_or_default()),
                "aws_vpc_endpoint" => prefixed("vpce"),
                "aws_flow_log" => prefixed("fl"),
                "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
                    prefixed("sgr")
                }
                "aws_route" => format!("r-rtb-0{}1080289494", h.get(..16).unwrap_or_default()),
                "aws_kms_key" | "aws_wafv2_web_acl" => uuid(address),
                "aws_guardduty_detector" => h.get(..32).unwrap_or_default().to_owned(),
                "aws_kms_alias"
                | "aws_iam_role"
                | "aws_s3_bucket"
                | "aws_cloudwatch_log_group"
                | "aws_ecr_repository"
                | "aws_dynamodb_table"
                | "aws_db_instance"
                | "aws_db_subnet_group"
                | "aws_db_parameter_group"
                | "aws_elasticache_replication_group"
                | "aws_elasticache_subnet_group"
                | "aws_cloudtrail"
                | "aws_ecs_cluster_capacity_providers"
                | "aws_config_configuration_recorder"
                | "aws_config_delivery_channel"
                | "aws_config_configuration_recorder_status"
                | "aws_accessanalyzer_analyzer"
                | "aws_cloudwatch_log_metric_filter"
                | "aws_cloudwatch_metric_alarm"
                | "aws_ecs_task_definition"
                | "aws_cloudwatch_event_rule" => name.clone(),
                _ if kind.starts_with("aws_s3_bucket_") => {
                    known("bucket").unwrap_or_else(|| name.clone())
                }
                _ if has_arn(kind) => arn(),
                _ => h.get(..20).unwrap_or_default().to_owned(),
            }
        };
        let last = attr.rsplit('.').next().unwrap_or(attr);
        Json::String(match last {
            "id" => id(),
            "arn" => arn(),
            "key_id" => uuid(address),
            "owner_id" | "registry_id" | "account_id" => ACCOUNT.to_owned(),
            "unique_id" => format!("AROA{}", upper(&h, 17)),
            "resource_id" if kind == "aws_db_instance" => format!("db-{}", upper(&h, 26)),
            "repository_url" => format!("{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{name}"),
            "dns_name" => format!(
                "{name}-{}.{REGION}.elb.amazonaws.com",
                &h.get(..10).unwrap_or_default()
            ),
            "zone_id" => "Z32O12XQLNTSW2".to_owned(),
            "bucket_domain_name" => format!("{name}.s3.amazonaws.com"),
            "bucket_regional_domain_name" => format!("{name}.s3.{REGION}.amazonaws.com"),
            "address" => format!(
                "{name}.c{}.{REGION}.rds.amazonaws.com",
                h.get(..12).unwrap_or_default()
            ),
            "endpoint" => format!(
                "{name}.c{}.{REGION}.rds.amazonaws.com:5432",
                h.get(..12).unwrap_or_default()
            ),
            "primary_endpoint_address" => format!(
                "master.{name}.{}.euw1.cache.amazonaws.com",
                h.get(..6).unwrap_or_default()
            ),
            "reader_endpoint_address" => format!(
                "replica.{name}.{}.euw1.cache.amazonaws.com",
                h.get(..6).unwrap_or_default()
            ),
            "allocation_id" => id(),
            "public_ip" => format!("52.{}.{}.{}", byte(&h, 0), byte(&h, 1), byte(&h, 2)),
            "private_ip" => format!("10.2.{}.{}", byte(&h, 0) % 3 + 1, byte(&h, 1) % 250 + 4),
            "result" => h.get(..32).unwrap_or_default().to_owned(),
            "version_id" => format!("terraform-{}", h.get(..26).unwrap_or_default()),
            "arn_suffix" => format!("app/{name}/{}", h.get(..16).unwrap_or_default()),
            "secret_string" => format!("{{\"password\":\"{}\"}}", h.get(..32).unwrap_or_default()),
            _ => format!("{last}-{}", h.get(..12).unwrap_or_default()),
        })
    }
}

/// `module.x.aws_y.z["k"].attr (known after apply)` → (`module.x.aws_y.z["k"]`, `attr`).
fn plain_reference(origin: &str) -> Option<(String, &str)> {
    // A policy document's `json` is "parts unknown until apply" where it is unknown.
    let text = origin
        .strip_suffix(" (known after apply)")
        .or_else(|| origin.strip_suffix(" (parts unknown until apply)"))?;
    let dot = text.rfind('.')?;
    let (target, attr) = (text.get(..dot)?, text.get(dot + 1..)?);
    if attr.is_empty() || attr.contains(['[', ']', '"']) {
        return None;
    }
    Some((target.to_owned(), attr))
}

/// The resource type of an address: the segment before the name, past any modules.
fn resource_type(address: &str) -> Option<String> {
    let bare = strip_index(address);
    let parts: Vec<&str> = bare.split('.').collect();
    let n = parts.len();
    if n < 2 {
        return None;
    }
    parts
        .get(n - 2)
        .map(|s| (*s).to_owned())
        .filter(|s| s.contains('_'))
}

fn address_name(address: &str) -> String {
    strip_index(address)
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn has_arn(kind: &str) -> bool {
    !matches!(
        kind,
        "aws_route_table_association" | "aws_route" | "aws_network_acl_rule" | "random_password"
    ) && !kind.starts_with("aws_s3_bucket_")
}

fn json_text(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn byte(hex: &str, i: usize) -> u32 {
    hex.get(i * 2..i * 2 + 2)
        .and_then(|b| u32::from_str_radix(b, 16).ok())
        .unwrap_or(0)
}

fn upper(hex: &str, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    (0..len)
        .map(|i| {
            let b = byte(hex, i % 32) as usize;
            char::from(*ALPHABET.get(b % ALPHABET.len()).unwrap_or(&b'A'))
        })
        .collect()
}

/// A version-4-shaped UUID made from `text`.
fn uuid(text: &str) -> String {
    let h = hash(text);
    let part = |a: usize, b: usize| h.get(a..b).unwrap_or_default().to_owned();
    format!(
        "{}-{}-4{}-a{}-{}",
        part(0, 8),
        part(8, 12),
        part(13, 16),
        part(17, 20),
        part(20, 32)
    )
}
