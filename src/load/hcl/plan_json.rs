//! Renders a root module as the JSON `terraform show -json` writes for a plan that
//! creates everything from scratch, from palisade's own evaluation of the configuration.
//!
//! Terraform needs provider plugins (and an account) to plan; this machine-independent
//! rendering gives the reference platform's `plans/` reproducibly and keeps them in step
//! with its Terraform. It is what a plan *is* for a create-from-scratch run, as far as a
//! scanner reads one: `planned_values` with `child_modules`, `resource_changes` whose
//! `after_unknown` marks what is known only after apply (every resource's `id`, `arn`
//! where the type has one, and whatever derives from them), `prior_state` with the data
//! sources read while planning, and `configuration` with module calls and each
//! expression's `references` or `constant_value`.
//!
//! Two things differ from a real plan, both on the side of saying less: attributes the
//! configuration does not set are left out (a real plan lists every schema attribute,
//! mostly `null`; `tags_all` is rendered, from the provider's `default_tags`, only for the
//! resources palisade reads tags of and those that set `tags`), and data sources other
//! than the account, partition, region and `aws_iam_policy_document` ones are read
//! "during apply" (their results unknown), since their answers would come from AWS.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Map as JsonMap, Value as Json};

use super::config::{Body, Mode, ModuleConfig};
use super::eval::{Account, Evaluator};
use super::TerraformVars;
use crate::diagnostics::{Notification, Stage};
use crate::model::{RawResource, Value};
use crate::source::display_path;

const PROVIDER: &str = "registry.terraform.io/hashicorp/aws";

/// What a rendered plan is for.
#[derive(Clone, Debug)]
pub struct PlanSettings {
    pub account: Account,
    pub terraform_version: String,
    /// The plan's `timestamp`; fixed, so that the rendering is reproducible.
    pub timestamp: String,
}

impl Default for PlanSettings {
    /// The documentation account (111122223333) in eu-west-1, Terraform 1.9.8 and a
    /// fixed timestamp: what the reference platform's plans are rendered with.
    fn default() -> Self {
        PlanSettings {
            account: Account {
                account_id: "111122223333".into(),
                partition: "aws".into(),
                region: "eu-west-1".into(),
            },
            terraform_version: "1.9.8".into(),
            timestamp: "2026-01-01T00:00:00Z".into(),
        }
    }
}

/// A rendered plan: its top-level members in the order Terraform writes them (a
/// scanner that finds a resource by the first `"address"` member must meet
/// `planned_values` before `configuration`).
#[derive(Clone, Debug)]
pub struct Plan(pub Vec<(&'static str, Json)>);

impl Plan {
    /// Pretty-printed JSON, members in order.
    pub fn to_pretty_json(&self) -> String {
        let mut out = String::from("{\n");
        for (i, (key, value)) in self.0.iter().enumerate() {
            // JSON strings escape their newlines, so every raw newline is structure.
            let body = serde_json::to_string_pretty(value)
                .unwrap_or_default()
                .replace('\n', "\n  ");
            out.push_str(&format!("  \"{key}\": {body}"));
            out.push_str(if i + 1 < self.0.len() { ",\n" } else { "\n" });
        }
        out.push_str("}\n");
        out
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

/// One rendered resource instance.
struct Rendered {
    address: String,
    module: Option<String>,
    mode: Mode,
    kind: String,
    name: String,
    index: Option<Json>,
    after: Json,
    after_unknown: Json,
    known: bool,
}

/// Renders the root module in `dir`; notifications are what evaluating it had to say.
pub fn render(
    dir: &Path,
    options: &TerraformVars,
    settings: &PlanSettings,
) -> Result<(Plan, Vec<Notification>), Notification> {
    let mut ev = super::root_evaluator(
        dir,
        options,
        Some(settings.account.clone()),
        &crate::load::read::Reading::default(),
    )?;
    let Some(root) = ev.instances.first() else {
        return Ok((Plan(Vec::new()), Vec::new()));
    };
    let (config, root_vars) = (root.config.clone(), &root.vars);
    // Terraform asks for a value of every root variable before it plans.
    let missing: Vec<&str> = root_vars
        .iter()
        .filter(|(_, v)| v.value.contains_unknown())
        .map(|(name, _)| name.as_str())
        .collect();
    let missing_note = (!missing.is_empty()).then(|| {
        Notification::error(
            Stage::Load,
            format!(
                "no value for root variable(s) {}: Terraform would not plan without them (give --var or --var-file)",
                missing.join(", ")
            ),
        )
        .in_file(display_path(dir))
    });
    let variables: JsonMap<String, Json> = root_vars
        .iter()
        .filter(|(_, v)| !v.value.contains_unknown())
        .map(|(name, v)| (name.clone(), json!({ "value": v.value.to_json() })))
        .collect();
    let produced = ev.evaluate_all();

    let mut rendered = Vec::with_capacity(produced.len());
    for ((inst, index, _), raw) in &produced {
        let Some(instance) = ev.instances.get(*inst) else {
            continue;
        };
        let Some(decl) = instance.config.resources.get(*index) else {
            continue;
        };
        let base = format!("{}{}", instance.prefix, decl.base_address());
        let index = raw
            .id
            .strip_prefix(&base)
            .and_then(|key| key.strip_prefix('[')?.strip_suffix(']'))
            .and_then(|key| serde_json::from_str(key).ok());
        let module = instance.prefix.strip_suffix('.').map(str::to_owned);
        rendered.push(render_resource(raw, decl.mode, &decl.name, module, index));
    }

    let modules: Vec<String> = ev
        .instances
        .iter()
        .filter_map(|i| i.prefix.strip_suffix('.').map(str::to_owned))
        .collect();
    let planned: Vec<&Rendered> = rendered
        .iter()
        .filter(|r| r.mode == Mode::Managed || !r.known)
        .collect();
    let read: Vec<&Rendered> = rendered
        .iter()
        .filter(|r| r.mode == Mode::Data && r.known)
        .collect();
    let mut changes: Vec<Json> = planned.iter().map(|r| resource_change(r)).collect();
    changes.sort_by(|a, b| a["address"].as_str().cmp(&b["address"].as_str()));

    let mut configs = BTreeMap::new();
    let configuration = json!({
        "provider_config": {
            "aws": {
                "name": "aws",
                "full_name": PROVIDER,
                "expressions": { "region": { "constant_value": settings.account.region } },
            }
        },
        "root_module": module_configuration(&mut ev, &config, &mut configs, 0),
    });
    let mut notifications = std::mem::take(&mut ev.sink).into_notifications(&ev.files);
    notifications.extend(missing_note);

    let mut plan: Vec<(&'static str, Json)> = vec![
        ("format_version", json!("1.2")),
        ("terraform_version", json!(settings.terraform_version)),
        ("variables", Json::Object(variables)),
        (
            "planned_values",
            json!({ "root_module": module_values(&planned, &modules, None) }),
        ),
        ("resource_changes", Json::Array(changes)),
    ];
    if !read.is_empty() {
        plan.push((
            "prior_state",
            json!({
                "format_version": "1.0",
                "terraform_version": settings.terraform_version,
                "values": { "root_module": module_values(&read, &modules, None) },
            }),
        ));
    }
    plan.extend([
        ("configuration", configuration),
        ("timestamp", json!(settings.timestamp)),
        ("applyable", json!(true)),
        ("complete", json!(true)),
        ("errored", json!(false)),
    ]);
    Ok((Plan(plan), notifications))
}

fn render_resource(
    raw: &RawResource,
    mode: Mode,
    name: &str,
    module: Option<String>,
    index: Option<Json>,
) -> Rendered {
    let after = raw.attributes.to_json();
    let mut after_unknown = unknown_mask(&raw.attributes);
    let known = !raw.attributes.contains_unknown();
    if mode == Mode::Managed {
        // Computed by the provider at create time.
        let mut computed = vec!["id"];
        if has_arn(&raw.kind) {
            computed.push("arn");
        }
        for attribute in computed {
            if after.get(attribute).is_none() {
                if let Some(mask) = after_unknown.as_object_mut() {
                    mask.insert(attribute.into(), Json::Bool(true));
                }
            }
        }
    } else if !known {
        if let Some(mask) = after_unknown.as_object_mut() {
            mask.insert("id".into(), Json::Bool(true));
        }
    }
    Rendered {
        address: raw.id.clone(),
        module,
        mode,
        kind: raw.kind.clone(),
        name: name.to_owned(),
        index,
        after,
        after_unknown,
        known,
    }
}

/// Resource types without an ARN of their own: associations, attachments and
/// sub-resources that configure another resource.
fn has_arn(kind: &str) -> bool {
    const WITHOUT: &[&str] = &[
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
        "aws_vpc_security_group_egress_rule",
        "aws_route",
        "aws_network_acl_rule",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_group_policy",
        "aws_kms_alias",
        "aws_lb_listener_rule",
        "aws_db_subnet_group",
        "aws_elasticache_subnet_group",
        "aws_ecs_cluster_capacity_providers",
        "aws_secretsmanager_secret_version",
        "aws_cloudwatch_metric_alarm",
    ];
    !(WITHOUT.contains(&kind)
        || kind.ends_with("_association")
        || kind.ends_with("_attachment")
        || (kind.starts_with("aws_s3_bucket_") && kind != "aws_s3_bucket"))
}

fn base_fields(r: &Rendered) -> JsonMap<String, Json> {
    let mut out = JsonMap::new();
    out.insert("address".into(), json!(r.address));
    if let Some(module) = &r.module {
        out.insert("module_address".into(), json!(module));
    }
    out.insert(
        "mode".into(),
        json!(match r.mode {
            Mode::Managed => "managed",
            Mode::Data => "data",
        }),
    );
    out.insert("type".into(), json!(r.kind));
    out.insert("name".into(), json!(r.name));
    if let Some(index) = &r.index {
        out.insert("index".into(), index.clone());
    }
    out.insert("provider_name".into(), json!(PROVIDER));
    out
}

fn resource_change(r: &Rendered) -> Json {
    let mut out = base_fields(r);
    let action = match r.mode {
        Mode::Managed => "create",
        Mode::Data => "read",
    };
    out.insert(
        "change".into(),
        json!({
            "actions": [action],
            "before": null,
            "after": r.after,
            "after_unknown": r.after_unknown,
            "before_sensitive": false,
            "after_sensitive": {},
        }),
    );
    if r.mode == Mode::Data {
        out.insert("action_reason".into(), json!("read_because_config_unknown"));
    }
    Json::Object(out)
}

/// One module's resources and, nested, its child modules' (`planned_values` shape).
fn module_values(resources: &[&Rendered], modules: &[String], address: Option<&str>) -> Json {
    let mut out = JsonMap::new();
    if let Some(address) = address {
        out.insert("address".into(), json!(address));
    }
    let own: Vec<Json> = resources
        .iter()
        .filter(|r| r.module.as_deref() == address)
        .map(|r| {
            let mut fields = base_fields(r);
            fields.remove("module_address");
            fields.insert("schema_version".into(), json!(0));
            fields.insert("values".into(), r.after.clone());
            fields.insert("sensitive_values".into(), json!({}));
            Json::Object(fields)
        })
        .collect();
    if !own.is_empty() {
        out.insert("resources".into(), Json::Array(own));
    }
    let children: Vec<Json> = modules
        .iter()
        .filter(|m| parent_module(m) == address)
        .filter(|m| {
            resources
                .iter()
                .any(|r| r.module.as_deref().is_some_and(|a| within(a, m)))
        })
        .map(|m| module_values(resources, modules, Some(m)))
        .collect();
    if !children.is_empty() {
        out.insert("child_modules".into(), Json::Array(children));
    }
    Json::Object(out)
}

/// `module.a` for `module.a.module.b["k"]`; `None` for a top-level module call.
fn parent_module(address: &str) -> Option<&str> {
    address.rfind(".module.").and_then(|at| address.get(..at))
}

/// Whether module `address` is `module` or lies below it.
fn within(address: &str, module: &str) -> bool {
    address == module
        || address
            .strip_prefix(module)
            .is_some_and(|rest| rest.starts_with(".module."))
}

/// The `configuration` block of one module: resources with their expressions, module
/// calls (local ones with their module's configuration), variables and outputs.
fn module_configuration(
    ev: &mut Evaluator,
    config: &ModuleConfig,
    configs: &mut BTreeMap<std::path::PathBuf, Json>,
    depth: usize,
) -> Json {
    let mut out = JsonMap::new();
    let resources: Vec<Json> = config
        .resources
        .iter()
        .map(|decl| {
            let mut r = JsonMap::new();
            r.insert("address".into(), json!(decl.base_address()));
            r.insert(
                "mode".into(),
                json!(match decl.mode {
                    Mode::Managed => "managed",
                    Mode::Data => "data",
                }),
            );
            r.insert("type".into(), json!(decl.kind));
            r.insert("name".into(), json!(decl.name));
            r.insert("provider_config_key".into(), json!("aws"));
            r.insert("expressions".into(), body_expressions(&decl.body, true));
            r.insert("schema_version".into(), json!(0));
            for (meta, key) in [
                ("count", "count_expression"),
                ("for_each", "for_each_expression"),
            ] {
                if let Some(expr) = decl.body.attr(meta) {
                    r.insert(key.into(), expression(&expr.expr));
                }
            }
            Json::Object(r)
        })
        .collect();
    if !resources.is_empty() {
        out.insert("resources".into(), Json::Array(resources));
    }
    let mut calls = JsonMap::new();
    for call in &config.modules {
        let mut c = JsonMap::new();
        let source = call.source().unwrap_or_default().to_owned();
        c.insert("source".into(), json!(source));
        let mut expressions = JsonMap::new();
        for (name, expr) in &call.body.attrs {
            if ![
                "source",
                "version",
                "count",
                "for_each",
                "providers",
                "depends_on",
            ]
            .contains(&name.as_str())
            {
                expressions.insert(name.clone(), expression(&expr.expr));
            }
        }
        c.insert("expressions".into(), Json::Object(expressions));
        for (meta, key) in [
            ("count", "count_expression"),
            ("for_each", "for_each_expression"),
        ] {
            if let Some(expr) = call.body.attr(meta) {
                c.insert(key.into(), expression(&expr.expr));
            }
        }
        if super::is_local_source(&source) && depth < super::eval::MAX_MODULE_DEPTH {
            let dir = super::eval::normalize(&config.dir.join(&source));
            let child = match configs.get(&dir) {
                Some(done) => Some(done.clone()),
                None => ev.module_config(&dir).map(|child| {
                    let rendered = module_configuration(ev, &child, configs, depth + 1);
                    configs.insert(dir.clone(), rendered.clone());
                    rendered
                }),
            };
            if let Some(child) = child {
                c.insert("module".into(), child);
            }
        }
        calls.insert(call.name.clone(), Json::Object(c));
    }
    if !calls.is_empty() {
        out.insert("module_calls".into(), Json::Object(calls));
    }
    let variables: JsonMap<String, Json> = config
        .variables
        .iter()
        .map(|(name, decl)| {
            let mut v = JsonMap::new();
            if let Some(default) = decl.default.as_ref().and_then(|d| constant(&d.expr)) {
                v.insert("default".into(), default);
            }
            (name.clone(), Json::Object(v))
        })
        .collect();
    if !variables.is_empty() {
        out.insert("variables".into(), Json::Object(variables));
    }
    let outputs: JsonMap<String, Json> = config
        .outputs
        .iter()
        .map(|(name, expr)| {
            (
                name.clone(),
                json!({ "expression": expression(&expr.expr) }),
            )
        })
        .collect();
    if !outputs.is_empty() {
        out.insert("outputs".into(), Json::Object(outputs));
    }
    Json::Object(out)
}

/// A block body's expressions; nested blocks become lists of their bodies.
fn body_expressions(body: &Body, top: bool) -> Json {
    const META: &[&str] = &["count", "for_each", "depends_on", "provider", "lifecycle"];
    let mut out = JsonMap::new();
    for (name, expr) in &body.attrs {
        if !(top && META.contains(&name.as_str())) {
            out.insert(name.clone(), expression(&expr.expr));
        }
    }
    for block in &body.blocks {
        if top && ["lifecycle", "provisioner", "connection"].contains(&block.kind.as_str()) {
            continue;
        }
        // A `dynamic "x"` block is configuration for blocks of type `x`.
        let inner = match (block.kind.as_str(), block.labels.first()) {
            ("dynamic", Some(_)) => block.body.block("content").map_or_else(
                || Json::Object(JsonMap::new()),
                |content| body_expressions(&content.body, false),
            ),
            _ => body_expressions(&block.body, false),
        };
        if let Json::Array(items) = out
            .entry(block_kind(block).to_owned())
            .or_insert_with(|| Json::Array(Vec::new()))
        {
            items.push(inner);
        }
    }
    Json::Object(out)
}

fn block_kind(block: &super::config::NestedBlock) -> &str {
    match (block.kind.as_str(), block.labels.first()) {
        ("dynamic", Some(label)) => label,
        (kind, _) => kind,
    }
}

/// `{"constant_value": …}` for a literal, `{"references": […]}` for an expression
/// that names something, `{}` otherwise — as Terraform writes expressions.
fn expression(expr: &hcl::Expression) -> Json {
    let mut refs = Vec::new();
    references(expr, &mut Vec::new(), &mut refs);
    if !refs.is_empty() {
        return json!({ "references": refs });
    }
    match constant(expr) {
        Some(value) => json!({ "constant_value": value }),
        None => json!({}),
    }
}

/// The value of an expression made only of literals.
fn constant(expr: &hcl::Expression) -> Option<Json> {
    use hcl::Expression as E;
    Some(match expr {
        E::Null => Json::Null,
        E::Bool(b) => json!(b),
        E::Number(n) => serde_json::to_value(n).ok()?,
        E::String(s) => json!(s),
        E::Array(items) => Json::Array(items.iter().map(constant).collect::<Option<_>>()?),
        E::Object(fields) => {
            let mut out = JsonMap::new();
            for (key, value) in fields {
                let key = match key {
                    hcl::ObjectKey::Identifier(id) => id.to_string(),
                    hcl::ObjectKey::Expression(E::String(s)) => s.clone(),
                    _ => return None,
                };
                out.insert(key, constant(value)?);
            }
            Json::Object(out)
        }
        E::TemplateExpr(template) => {
            let parsed = hcl::Template::from_expr(template).ok()?;
            let mut text = String::new();
            for element in parsed.elements() {
                match element {
                    hcl::template::Element::Literal(literal) => text.push_str(literal),
                    _ => return None,
                }
            }
            json!(text)
        }
        E::Parenthesis(inner) => constant(inner)?,
        _ => return None,
    })
}

/// Appends the references `expr` makes, in order of appearance, as Terraform lists them
/// (`aws_security_group.app.id`, then `aws_security_group.app`). `bound` holds the names
/// `for` expressions bind, which are not references.
fn references(expr: &hcl::Expression, bound: &mut Vec<String>, out: &mut Vec<String>) {
    use hcl::Expression as E;
    let push = |text: String, out: &mut Vec<String>| {
        if !out.contains(&text) {
            out.push(text);
        }
    };
    match expr {
        E::Array(items) => items.iter().for_each(|i| references(i, bound, out)),
        E::Object(fields) => {
            for (key, value) in fields {
                if let hcl::ObjectKey::Expression(k) = key {
                    if !matches!(k, E::Variable(_)) {
                        references(k, bound, out);
                    }
                }
                references(value, bound, out);
            }
        }
        E::TemplateExpr(template) => {
            if let Ok(parsed) = hcl::Template::from_expr(template) {
                template_references(&parsed, bound, out);
            }
        }
        E::Variable(v) if !bound.iter().any(|b| b == v.as_str()) => push(v.to_string(), out),
        E::Traversal(traversal) => match &traversal.expr {
            E::Variable(root) if !bound.iter().any(|b| b == root.as_str()) => {
                for text in traversal_references(root.as_str(), &traversal.operators) {
                    push(text, out);
                }
                for op in &traversal.operators {
                    if let hcl::TraversalOperator::Index(index) = op {
                        references(index, bound, out);
                    }
                }
            }
            other => {
                references(other, bound, out);
                for op in &traversal.operators {
                    if let hcl::TraversalOperator::Index(index) = op {
                        references(index, bound, out);
                    }
                }
            }
        },
        E::FuncCall(call) => call.args.iter().for_each(|a| references(a, bound, out)),
        E::Parenthesis(inner) => references(inner, bound, out),
        E::Conditional(c) => {
            references(&c.cond_expr, bound, out);
            references(&c.true_expr, bound, out);
            references(&c.false_expr, bound, out);
        }
        E::Operation(op) => match op.as_ref() {
            hcl::Operation::Unary(u) => references(&u.expr, bound, out),
            hcl::Operation::Binary(b) => {
                references(&b.lhs_expr, bound, out);
                references(&b.rhs_expr, bound, out);
            }
        },
        E::ForExpr(f) => {
            references(&f.collection_expr, bound, out);
            let names: Vec<String> = f
                .key_var
                .iter()
                .map(|k| k.to_string())
                .chain(std::iter::once(f.value_var.to_string()))
                .collect();
            let before = bound.len();
            bound.extend(names);
            if let Some(key) = &f.key_expr {
                references(key, bound, out);
            }
            references(&f.value_expr, bound, out);
            if let Some(cond) = &f.cond_expr {
                references(cond, bound, out);
            }
            bound.truncate(before);
        }
        _ => {}
    }
}

fn template_references(template: &hcl::Template, bound: &mut Vec<String>, out: &mut Vec<String>) {
    use hcl::template::{Directive, Element};
    for element in template.elements() {
        match element {
            Element::Literal(_) => {}
            Element::Interpolation(i) => references(&i.expr, bound, out),
            Element::Directive(directive) => match directive.as_ref() {
                Directive::If(d) => {
                    references(&d.cond_expr, bound, out);
                    template_references(&d.true_template, bound, out);
                    if let Some(f) = &d.false_template {
                        template_references(f, bound, out);
                    }
                }
                Directive::For(d) => {
                    references(&d.collection_expr, bound, out);
                    let before = bound.len();
                    bound.extend(d.key_var.iter().map(|k| k.to_string()));
                    bound.push(d.value_var.to_string());
                    template_references(&d.template, bound, out);
                    bound.truncate(before);
                }
            },
        }
    }
}

/// `aws_s3_bucket.logs.arn` → `["aws_s3_bucket.logs.arn", "aws_s3_bucket.logs"]`;
/// `var.x.y` → `["var.x"]`; `module.m[0].out` → `["module.m[0].out", "module.m[0]",
/// "module.m"]`.
fn traversal_references(root: &str, ops: &[hcl::TraversalOperator]) -> Vec<String> {
    use hcl::TraversalOperator as Op;
    let segment = |op: &Op| -> Option<String> {
        match op {
            Op::GetAttr(id) => Some(format!(".{id}")),
            Op::Index(hcl::Expression::Number(n)) => Some(format!("[{n}]")),
            Op::Index(hcl::Expression::String(s)) => Some(format!("[{s:?}]")),
            Op::LegacyIndex(n) => Some(format!("[{n}]")),
            _ => None,
        }
    };
    // How many attribute steps name the object: `var.x`, `data.t.n`, `t.n`, `module.m`.
    let (names, max_extra) = match root {
        "var" | "local" | "count" | "each" | "path" | "terraform" | "self" => (1, 0),
        "data" => (2, 2),
        "module" => (1, 2),
        _ => (1, 2),
    };
    let mut prefix = root.to_owned();
    let mut taken = 0;
    let mut steps = ops.iter();
    while taken < names {
        match steps.next().and_then(segment) {
            Some(s) if s.starts_with('.') => {
                prefix.push_str(&s);
                taken += 1;
            }
            _ => return vec![prefix],
        }
    }
    let mut found = vec![prefix.clone()];
    let mut current = prefix;
    for op in steps.take(max_extra) {
        match segment(op) {
            Some(s) => {
                current.push_str(&s);
                found.push(current.clone());
            }
            None => break,
        }
    }
    found.reverse();
    found
}

/// `after_unknown`: `true` where a value is unknown, the shape of collections, and, in
/// lists, `false` for known elements.
fn unknown_mask(value: &Value) -> Json {
    match value {
        Value::Unknown(_) => Json::Bool(true),
        Value::List(items) => Json::Array(items.iter().map(unknown_mask).collect()),
        Value::Map(map) => Json::Object(
            map.iter()
                .filter(|(_, v)| matches!(v, Value::Unknown(_) | Value::List(_) | Value::Map(_)))
                .map(|(k, v)| (k.clone(), unknown_mask(v)))
                .collect(),
        ),
        _ => Json::Bool(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<String> {
        let body: hcl::Body = hcl::from_str(&format!("x = {text}\n")).unwrap_or_default();
        let expr = body
            .attributes()
            .next()
            .map(|a| a.expr.clone())
            .unwrap_or(hcl::Expression::Null);
        let mut out = Vec::new();
        references(&expr, &mut Vec::new(), &mut out);
        out
    }

    #[test]
    fn references_are_listed_as_terraform_lists_them() {
        assert_eq!(
            refs("aws_security_group.app.id"),
            ["aws_security_group.app.id", "aws_security_group.app"]
        );
        assert_eq!(refs("var.cidrs[0]"), ["var.cidrs"]);
        assert_eq!(
            refs("\"${data.aws_partition.current.partition}:${local.name}\""),
            [
                "data.aws_partition.current.partition",
                "data.aws_partition.current",
                "local.name"
            ]
        );
        assert_eq!(
            refs("[for s in aws_subnet.private : s.id]"),
            ["aws_subnet.private"]
        );
        assert_eq!(
            refs("module.network.app_sg_id"),
            ["module.network.app_sg_id", "module.network"]
        );
        assert_eq!(
            refs("aws_subnet.private[0].id"),
            [
                "aws_subnet.private[0].id",
                "aws_subnet.private[0]",
                "aws_subnet.private"
            ]
        );
    }

    #[test]
    fn literals_are_constants() {
        let expr: hcl::Expression = hcl::from_str::<hcl::Body>("x = { a = [1, \"b\"] }\n")
            .ok()
            .and_then(|b| b.attributes().next().map(|a| a.expr.clone()))
            .unwrap_or(hcl::Expression::Null);
        assert_eq!(
            expression(&expr),
            json!({"constant_value": {"a": [1, "b"]}})
        );
    }

    #[test]
    fn module_addresses_nest() {
        assert_eq!(parent_module("module.a.module.b[\"k\"]"), Some("module.a"));
        assert_eq!(parent_module("module.a"), None);
        assert!(within("module.a.module.b", "module.a"));
        assert!(!within("module.ab", "module.a"));
    }
}
