//! IAM policy documents from every place they appear — standalone and inline identity
//! policies, role trust policies, resource policies — as normalised statements.
//! Terraform writes documents as JSON strings (parsed here); CloudFormation as objects
//! or strings. When a Terraform document is unknown at plan time because it renders a
//! `data.aws_iam_policy_document` with unknown ARNs, the data source's own `statement`
//! blocks — usually known — are read instead.

use std::collections::BTreeMap;

use super::read::{self, Field};
use super::ResourceIndex;
use crate::diagnostics::{Notification, Stage};
use crate::model::estate::{Iam, IamPolicy, PolicyKind, Principals, Statement};
use crate::model::key;
use crate::model::{AttrPath, PathSegment, RawResource, Value};

/// (resource type, attribute holding the document, kind)
const DOCUMENTS: &[(&str, &str, PolicyKind)] = &[
    ("aws_iam_policy", "policy", PolicyKind::Identity),
    ("aws_iam_role_policy", "policy", PolicyKind::Identity),
    ("aws_iam_user_policy", "policy", PolicyKind::Identity),
    ("aws_iam_group_policy", "policy", PolicyKind::Identity),
    ("aws_iam_role", "assume_role_policy", PolicyKind::Trust),
    ("aws_s3_bucket_policy", "policy", PolicyKind::Resource),
    ("aws_sqs_queue_policy", "policy", PolicyKind::Resource),
    ("aws_sns_topic_policy", "policy", PolicyKind::Resource),
    ("aws_kms_key", "policy", PolicyKind::Resource),
    ("aws_ecr_repository_policy", "policy", PolicyKind::Resource),
    ("AWS::IAM::Policy", "PolicyDocument", PolicyKind::Identity),
    (
        "AWS::IAM::ManagedPolicy",
        "PolicyDocument",
        PolicyKind::Identity,
    ),
    (
        "AWS::IAM::Role",
        "AssumeRolePolicyDocument",
        PolicyKind::Trust,
    ),
    (
        "AWS::S3::BucketPolicy",
        "PolicyDocument",
        PolicyKind::Resource,
    ),
    (
        "AWS::SQS::QueuePolicy",
        "PolicyDocument",
        PolicyKind::Resource,
    ),
    (
        "AWS::SNS::TopicPolicy",
        "PolicyDocument",
        PolicyKind::Resource,
    ),
    ("AWS::KMS::Key", "KeyPolicy", PolicyKind::Resource),
];

/// What reading a document needs from the rest of its unit.
struct Unit<'i, 'a> {
    index: &'i ResourceIndex<'a>,
    /// ARNs of the OIDC identity providers the unit declares, by resource id: a
    /// `Federated` principal that refers to one (`aws_iam_openid_connect_provider.x.arn`,
    /// `!Ref Provider`, unknown until apply) is that provider, whose ARN its URL decides.
    oidc_providers: BTreeMap<String, String>,
}

impl<'i, 'a> Unit<'i, 'a> {
    fn new(index: &'i ResourceIndex<'a>) -> Self {
        let oidc_providers = index
            .of_kind(&["aws_iam_openid_connect_provider", "AWS::IAM::OIDCProvider"])
            .filter_map(|r| {
                let url = read::non_empty_text(r.attr("url").or_else(|| r.attr("Url"))).known()?;
                let host = url.strip_prefix("https://").unwrap_or(&url);
                Some((
                    r.id.clone(),
                    format!("arn:aws:iam::{}:oidc-provider/{host}", read::OWN_ACCOUNT),
                ))
            })
            .collect();
        Unit {
            index,
            oidc_providers,
        }
    }
}

pub fn normalise(index: &ResourceIndex, notes: &mut Vec<Notification>) -> Iam {
    let mut iam = Iam::default();
    let unit = Unit::new(index);
    for resource in index.resources {
        for (kind, attr, policy_kind) in DOCUMENTS {
            if resource.kind == *kind {
                // A key policy the configuration does not set is computed (unknown, with
                // no references, in a create plan): AWS gives the key its default policy.
                if resource.kind == "aws_kms_key" && read::unset_computed(resource.attr(attr)) {
                    continue;
                }
                if let Some(value) = resource.attr(attr) {
                    iam.policies.push(policy(
                        resource,
                        value,
                        vec![key(attr)],
                        *policy_kind,
                        &unit,
                        notes,
                    ));
                }
            }
        }
        // Inline policies: Terraform `inline_policy { policy }` blocks on roles,
        // CloudFormation `Policies: [{PolicyName, PolicyDocument}]` on roles, users, groups.
        let inline = match resource.kind.as_str() {
            "aws_iam_role" => Some(("inline_policy", "policy", "name")),
            "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
                Some(("Policies", "PolicyDocument", "PolicyName"))
            }
            _ => None,
        };
        if let Some((list, doc_key, name_key)) = inline {
            if let Some(blocks) = read::blocks(resource.attr(list)) {
                for (i, block) in blocks.into_iter().enumerate() {
                    if let Some(doc) = block.get(doc_key) {
                        let path = vec![key(list), PathSegment::Index(i), key(doc_key)];
                        let mut p = policy(resource, doc, path, PolicyKind::Identity, &unit, notes);
                        p.name = read::non_empty_text(block.get(name_key)).known();
                        p.path = vec![key(list), PathSegment::Index(i)];
                        iam.policies.push(p);
                    }
                }
            }
        }
    }
    if let Some(account) = own_account(index) {
        for p in &mut iam.policies {
            name_own_account(p, &account);
        }
    }
    for p in &mut iam.policies {
        p.key = format!("{}:{}", p.id, crate::model::path_to_string(&p.path));
    }
    let principals = super::iam_principals::normalise(index, &iam.policies);
    iam.roles = principals.roles;
    iam.users = principals.users;
    iam.groups = principals.groups;
    iam
}

/// The unit's own account id, when a plan says it: the `account_id` Terraform read
/// for `data.aws_caller_identity` while planning.
fn own_account(index: &ResourceIndex) -> Option<String> {
    index
        .of_kind(&["aws_caller_identity"])
        .find_map(|r| match r.attr("account_id") {
            Some(Value::String(id)) if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) => {
                Some(id.clone())
            }
            _ => None,
        })
}

/// Writes the unit's own account id the way source formats give it (`${account}`), so
/// a plan's `arn:aws:iam::111122223333:root` for its own account reads as the account
/// root and not as a trust in another account.
fn name_own_account(policy: &mut IamPolicy, account: &str) {
    let rename = |text: &mut String| {
        if text == account {
            *text = format!("arn:aws:iam::{}:root", read::OWN_ACCOUNT);
        } else if text.starts_with("arn:") {
            let fields: Vec<&str> = text.splitn(6, ':').collect();
            if fields.get(4) == Some(&account) {
                let mut fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
                if let Some(field) = fields.get_mut(4) {
                    *field = read::OWN_ACCOUNT.to_owned();
                }
                *text = fields.join(":");
            }
        }
    };
    for statement in &mut policy.statements {
        for principals in [&mut statement.principals, &mut statement.not_principals]
            .into_iter()
            .flatten()
        {
            principals.aws.iter_mut().for_each(rename);
        }
        statement.resources.iter_mut().for_each(rename);
        statement.not_resources.iter_mut().for_each(rename);
    }
}

fn policy(
    resource: &RawResource,
    value: &Value,
    path: AttrPath,
    kind: PolicyKind,
    unit: &Unit,
    notes: &mut Vec<Notification>,
) -> IamPolicy {
    let mut policy = IamPolicy {
        id: resource.id.clone(),
        path: path.clone(),
        kind,
        name: read::non_empty_text(
            resource
                .attr("name")
                .or_else(|| resource.attr("PolicyName"))
                .or_else(|| resource.attr("ManagedPolicyName")),
        )
        .known(),
        key: String::new(),
        statements: Vec::new(),
        unknown: Vec::new(),
    };
    match value {
        Value::String(text) => {
            if let Some(document) = parse_json(text, &resource.id, &path, notes) {
                // A string has no inner positions: statements point at the attribute.
                policy.statements = statements(&document, &resource.id, &path, false, unit);
            }
        }
        Value::Map(_) => policy.statements = statements(value, &resource.id, &path, true, unit),
        Value::Unknown(unknown) if unknown.encoded.is_some() => {
            if let Some(encoded) = &unknown.encoded {
                // `jsonencode` of a document with unknown parts: still a JSON string, so
                // its statements point at the attribute.
                policy.statements = statements(encoded, &resource.id, &path, false, unit);
            }
        }
        Value::Unknown(unknown) => match rendered_document(unknown, unit) {
            Some(data) => policy.statements = data_source_statements(data, unit, 0),
            None => policy.unknown.push("document"),
        },
        _ => {}
    }
    policy
}

/// A document written as a JSON string (Terraform's `jsonencode` and heredocs); invalid
/// JSON is reported, never a crash.
pub(super) fn parse_json(
    text: &str,
    id: &str,
    path: &AttrPath,
    notes: &mut Vec<Notification>,
) -> Option<Value> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => Some(Value::from(&json)),
        Err(e) => {
            notes.push(Notification::error(
                Stage::Normalise,
                format!(
                    "{id}: `{}` is not valid JSON: {e}",
                    crate::model::path_to_string(path)
                ),
            ));
            None
        }
    }
}

/// Statements of a document value. `positioned` says the document's own structure has
/// source positions (CloudFormation objects), so statement paths can go below `base`.
fn statements(
    document: &Value,
    id: &str,
    base: &AttrPath,
    positioned: bool,
    unit: &Unit,
) -> Vec<Statement> {
    let at = |suffix: &[PathSegment]| -> AttrPath {
        let mut path = base.clone();
        if positioned {
            path.extend_from_slice(suffix);
        }
        path
    };
    match document.get("Statement") {
        Some(Value::List(items)) => items
            .iter()
            .enumerate()
            .map(|(i, s)| statement(s, id, at(&[key("Statement"), PathSegment::Index(i)]), unit))
            .collect(),
        Some(single @ Value::Map(_)) => {
            vec![statement(single, id, at(&[key("Statement")]), unit)]
        }
        Some(Value::Unknown(_)) => vec![Statement {
            id: id.to_owned(),
            path: base.clone(),
            effect: "Allow".into(),
            conditions: serde_json::Value::Object(serde_json::Map::new()),
            unknown: vec!["effect", "actions", "resources"],
            ..Statement::default()
        }],
        _ => Vec::new(),
    }
}

fn list(
    value: Option<&Value>,
    name: &'static str,
    unknown: &mut Vec<&'static str>,
    lower: bool,
) -> Vec<String> {
    let (items, is_unknown) = read::strings(value);
    if is_unknown {
        unknown.push(name);
    }
    if lower {
        items.into_iter().map(|s| s.to_ascii_lowercase()).collect()
    } else {
        items
    }
}

/// Resource ARNs. An element unknown until apply that derives from resources of this
/// unit (`aws_s3_bucket.logs.arn`, `!GetAtt Role.Arn`) is that resource's ARN — never
/// `*` — so it is kept as `${<resource ids>}` instead of making the list unknown.
fn resource_list(
    value: Option<&Value>,
    name: &'static str,
    unknown: &mut Vec<&'static str>,
) -> Vec<String> {
    let items: Vec<&Value> = match value {
        Some(Value::List(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            // A deploy-time ARN (`arn:aws:iam::${account}:root`), else a template around
            // this unit's resources (`${aws_s3_bucket.logs}/*`), else those resources.
            Value::Unknown(u) => match (read::arn_shape(u), &u.template) {
                (Some(shape), _) => out.push(shape),
                (None, _) if u.refs.is_empty() => push_once(unknown, name),
                (None, Some(text)) => out.push(text.clone()),
                (None, None) => out.push(format!("${{{}}}", u.refs.join(","))),
            },
            other => {
                let (known, is_unknown) = read::strings(Some(other));
                out.extend(known);
                if is_unknown {
                    push_once(unknown, name);
                }
            }
        }
    }
    out
}

fn statement(value: &Value, id: &str, path: AttrPath, unit: &Unit) -> Statement {
    let mut s = Statement {
        id: id.to_owned(),
        path,
        ..Statement::default()
    };
    match read::text(value.get("Effect")) {
        Field::Known(effect) => s.effect = effect,
        Field::Unknown => s.unknown.push("effect"),
        Field::Absent => {}
    }
    s.sid = read::non_empty_text(value.get("Sid")).known();
    s.actions = list(value.get("Action"), "actions", &mut s.unknown, true);
    s.not_actions = list(value.get("NotAction"), "not_actions", &mut s.unknown, true);
    s.resources = resource_list(value.get("Resource"), "resources", &mut s.unknown);
    s.not_resources = resource_list(value.get("NotResource"), "not_resources", &mut s.unknown);
    s.principals = value
        .get("Principal")
        .map(|p| principals(p, "principals", &mut s.unknown, unit));
    s.not_principals = value
        .get("NotPrincipal")
        .map(|p| principals(p, "not_principals", &mut s.unknown, unit));
    s.conditions = value.get("Condition").map_or_else(
        || serde_json::Value::Object(serde_json::Map::new()),
        |c| condition_json(c, &mut s.unknown),
    );
    s
}

/// A `Condition` block as JSON. Operators and keys stay even when a value is unknown
/// (a rule asking "is there an aws:SourceAccount condition" can still answer); a value
/// of a known shape (`!Ref AWS::AccountId` → `${account}`) is kept as that shape, any
/// other unknown value becomes null and makes the conditions unknown.
fn condition_json(value: &Value, unknown: &mut Vec<&'static str>) -> serde_json::Value {
    match value {
        Value::Unknown(u) => match read::arn_shape(u) {
            Some(shape) => serde_json::Value::String(shape),
            None => {
                push_once(unknown, "conditions");
                serde_json::Value::Null
            }
        },
        Value::List(items) => {
            serde_json::Value::Array(items.iter().map(|i| condition_json(i, unknown)).collect())
        }
        Value::Map(map) => serde_json::Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), condition_json(v, unknown)))
                .collect(),
        ),
        other => other.to_json(),
    }
}

impl Principals {
    /// Adds principals of one type, as a document's `Principal` key or a Terraform
    /// `principals { type }` names it; `*` (as type or AWS identifier) means everyone.
    fn add(&mut self, kind: &str, ids: Vec<String>) {
        match kind {
            "AWS" => {
                self.all |= ids.iter().any(|i| i == "*");
                self.aws.extend(ids);
            }
            "*" => self.all = true,
            "Service" => self.service.extend(ids),
            "Federated" => self.federated.extend(ids),
            "CanonicalUser" => self.canonical_user.extend(ids),
            _ => {}
        }
    }
}

fn principals(
    value: &Value,
    name: &'static str,
    unknown: &mut Vec<&'static str>,
    unit: &Unit,
) -> Principals {
    let mut p = Principals::default();
    match value {
        Value::String(s) if s == "*" => p.all = true,
        Value::Unknown(_) => unknown.push(name),
        Value::Map(map) => {
            for (k, v) in map {
                let items = identifiers(v, k, &mut p, unit);
                if items.unknown && !unknown.contains(&name) {
                    unknown.push(name);
                }
                p.add(k, items.known);
            }
        }
        _ => {}
    }
    p
}

struct Identifiers {
    known: Vec<String>,
    unknown: bool,
}

/// The principal identifiers of one type. An AWS identifier that is unknown only
/// because it is built from the unit's own account id (`aws_caller_identity`,
/// `AWS::AccountId`) still tells a rule what matters — the principal is in this
/// account — so it sets `own_account` instead of making the principals unknown. An
/// AWS or Federated ARN written as a template of the deploy-time names
/// (`!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com`)
/// keeps its shape, so a rule can still tell which identity provider it names; one that
/// names an OIDC provider of the unit is that provider's ARN.
fn identifiers(value: &Value, kind: &str, p: &mut Principals, unit: &Unit) -> Identifiers {
    let items: Vec<&Value> = match value {
        Value::List(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Identifiers {
        known: Vec::new(),
        unknown: false,
    };
    for item in items {
        if let (Value::Unknown(u), "Federated") = (item, kind) {
            if let Some(arn) = u.refs.iter().find_map(|r| unit.oidc_providers.get(r)) {
                out.known.push(arn.clone());
                continue;
            }
        }
        match item {
            Value::Unknown(u) if kind == "AWS" => match read::arn_shape(u) {
                Some(shape) => out.known.push(shape),
                None if from_own_account(u) => p.own_account = true,
                None => out.unknown = true,
            },
            Value::Unknown(u) if kind == "Federated" => match read::arn_shape(u) {
                Some(shape) => out.known.push(shape),
                None => out.unknown = true,
            },
            other => match read::text(Some(other)) {
                Field::Known(s) => out.known.push(s),
                Field::Unknown => out.unknown = true,
                Field::Absent => {}
            },
        }
    }
    out
}

fn from_own_account(unknown: &crate::model::Unknown) -> bool {
    unknown.origin.contains("AWS::AccountId")
        || unknown.refs.iter().any(|r| {
            r.starts_with("data.aws_caller_identity.") || r.contains(".data.aws_caller_identity.")
        })
}

/// The `data.aws_iam_policy_document` an unknown document is the rendering of. Its
/// references also name the documents it merges (`source_policy_documents`,
/// `override_policy_documents`): the rendered one is the document no other one merges.
fn rendered_document<'a>(
    unknown: &crate::model::Unknown,
    unit: &Unit<'_, 'a>,
) -> Option<&'a RawResource> {
    let documents: Vec<&RawResource> = unknown
        .refs
        .iter()
        .filter_map(|id| unit.index.get(id))
        .filter(|r| r.kind == "aws_iam_policy_document")
        .collect();
    documents.iter().copied().find(|candidate| {
        !documents
            .iter()
            .any(|other| other.id != candidate.id && merged_ids(other).contains(&candidate.id))
    })
}

/// The ids a document's merged documents derive from.
fn merged_ids(data: &RawResource) -> Vec<String> {
    let mut out = Vec::new();
    for attr in SOURCES.iter().chain(OVERRIDES) {
        if let Some(value) = data.attr(attr) {
            collect_refs(value, &mut out);
        }
    }
    out
}

/// Attributes of `aws_iam_policy_document` that merge other documents: sources first,
/// then the document's own statements, then overrides; a later statement replaces an
/// earlier one with the same `sid`.
const SOURCES: &[&str] = &["source_policy_documents", "source_json"];
const OVERRIDES: &[&str] = &["override_policy_documents", "override_json"];

/// How deep documents may merge documents that merge documents (a reference cycle
/// cannot be written in Terraform, but a broken input must not loop).
const MAX_MERGE_DEPTH: usize = 8;

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Unknown(u) => out.extend(u.refs.iter().cloned()),
        Value::List(items) => items.iter().for_each(|v| collect_refs(v, out)),
        Value::Map(map) => map.values().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// A statement whose every decisive part is unknown, standing for a document that
/// cannot be read.
fn unknown_statement(id: &str, path: AttrPath) -> Statement {
    Statement {
        id: id.to_owned(),
        path,
        effect: "Allow".into(),
        conditions: serde_json::Value::Object(serde_json::Map::new()),
        unknown: vec!["effect", "actions", "resources"],
        ..Statement::default()
    }
}

/// Adds statements as the provider merges documents: one with the `sid` of an earlier
/// statement replaces it, the others are appended.
fn merge(into: &mut Vec<Statement>, statements: Vec<Statement>) {
    for statement in statements {
        let earlier = statement
            .sid
            .as_ref()
            .and_then(|sid| into.iter().position(|s| s.sid.as_ref() == Some(sid)));
        match earlier {
            Some(i) => {
                if let Some(slot) = into.get_mut(i) {
                    *slot = statement;
                }
            }
            None => into.push(statement),
        }
    }
}

/// The statements of the documents a data source merges through `attrs` (a list of JSON
/// documents, or one): parsed when known, read from the data source that renders them
/// when unknown, unknown statements when neither.
fn merged_statements(
    data: &RawResource,
    attrs: &[&str],
    unit: &Unit,
    depth: usize,
) -> Vec<Statement> {
    let mut out = Vec::new();
    for attr in attrs {
        let Some(value) = data.attr(attr) else {
            continue;
        };
        let documents: Vec<(AttrPath, &Value)> = match value {
            Value::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (vec![key(attr), PathSegment::Index(i)], v))
                .collect(),
            Value::Null => Vec::new(),
            other => vec![(vec![key(attr)], other)],
        };
        for (path, document) in documents {
            let statements = match document {
                Value::String(text) => match serde_json::from_str::<serde_json::Value>(text) {
                    Ok(json) => statements(&Value::from(&json), &data.id, &path, false, unit),
                    Err(_) => vec![unknown_statement(&data.id, path)],
                },
                Value::Unknown(u) => match &u.encoded {
                    Some(encoded) => statements(encoded, &data.id, &path, false, unit),
                    None => match rendered_document(u, unit) {
                        Some(source) if depth < MAX_MERGE_DEPTH && source.id != data.id => {
                            data_source_statements(source, unit, depth + 1)
                        }
                        _ => vec![unknown_statement(&data.id, path)],
                    },
                },
                _ => Vec::new(),
            };
            merge(&mut out, statements);
        }
    }
    out
}

/// Statements of a `data.aws_iam_policy_document` from its `statement` blocks, which hold
/// the document in Terraform's own shape (`actions`, `resources`, `principals { type,
/// identifiers }`, `condition { test, variable, values }`), merged with the documents it
/// takes as sources and overrides.
fn data_source_statements(data: &RawResource, unit: &Unit, depth: usize) -> Vec<Statement> {
    let mut out = merged_statements(data, SOURCES, unit, depth);
    merge(&mut out, own_statements(data, unit));
    merge(&mut out, merged_statements(data, OVERRIDES, unit, depth));
    out
}

/// The data source's own `statement` blocks.
fn own_statements(data: &RawResource, unit: &Unit) -> Vec<Statement> {
    let Some(blocks) = read::blocks(data.attr("statement")) else {
        return vec![unknown_statement(&data.id, vec![key("statement")])];
    };
    blocks
        .into_iter()
        .enumerate()
        .map(|(i, block)| {
            let mut s = Statement {
                id: data.id.clone(),
                path: vec![key("statement"), PathSegment::Index(i)],
                sid: read::non_empty_text(block.get("sid")).known(),
                conditions: serde_json::Value::Object(serde_json::Map::new()),
                ..Statement::default()
            };
            // `effect` defaults to Allow; an unknown one is neither Allow nor Deny.
            match read::non_empty_text(block.get("effect")) {
                Field::Known(effect) => s.effect = effect,
                Field::Unknown => s.unknown.push("effect"),
                Field::Absent => s.effect = "Allow".into(),
            }
            s.actions = list(block.get("actions"), "actions", &mut s.unknown, true);
            s.not_actions = list(
                block.get("not_actions"),
                "not_actions",
                &mut s.unknown,
                true,
            );
            s.resources = resource_list(block.get("resources"), "resources", &mut s.unknown);
            s.not_resources =
                resource_list(block.get("not_resources"), "not_resources", &mut s.unknown);
            if let Some(principal_blocks) = read::blocks(block.get("principals")) {
                if !principal_blocks.is_empty() {
                    let mut p = Principals::default();
                    for pb in principal_blocks {
                        let kind = read::text(pb.get("type")).known().unwrap_or_default();
                        let ids = pb
                            .get("identifiers")
                            .map(|v| identifiers(v, &kind, &mut p, unit))
                            .unwrap_or(Identifiers {
                                known: Vec::new(),
                                unknown: false,
                            });
                        if ids.unknown && !s.unknown.contains(&"principals") {
                            s.unknown.push("principals");
                        }
                        p.add(&kind, ids.known);
                    }
                    s.principals = Some(p);
                }
            }
            s.conditions = data_source_conditions(block.get("condition"), &mut s.unknown);
            s
        })
        .collect()
}

/// `condition { test, variable, values }` blocks as a document's `Condition` object
/// (`{test: {variable: [values]}}`), so rules read one shape.
fn data_source_conditions(
    value: Option<&Value>,
    unknown: &mut Vec<&'static str>,
) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    let Some(blocks) = read::blocks(value) else {
        unknown.push("conditions");
        return serde_json::Value::Object(out);
    };
    for block in blocks {
        let (test, variable) = match (
            read::text(block.get("test")),
            read::text(block.get("variable")),
        ) {
            (Field::Known(t), Field::Known(v)) => (t, v),
            (Field::Absent, _) | (_, Field::Absent) => continue,
            _ => {
                push_once(unknown, "conditions");
                continue;
            }
        };
        let (values, values_unknown) = condition_values(block.get("values"));
        if values_unknown {
            push_once(unknown, "conditions");
        }
        let entry = out
            .entry(test)
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if let serde_json::Value::Object(vars) = entry {
            let list = vars
                .entry(variable)
                .or_insert_with(|| serde_json::Value::Array(Vec::new()));
            if let serde_json::Value::Array(items) = list {
                items.extend(values.into_iter().map(serde_json::Value::String));
            }
        }
    }
    serde_json::Value::Object(out)
}

/// The `values` of a `condition` block. As in a document's `Condition` (see
/// [`condition_json`]), a value of known shape (`data.aws_caller_identity.current.
/// account_id` → `${account}`) is kept as that shape; any other unknown value makes the
/// values unknown.
fn condition_values(value: Option<&Value>) -> (Vec<String>, bool) {
    let items: Vec<&Value> = match value {
        None | Some(Value::Null) => return (Vec::new(), false),
        Some(Value::List(items)) => items.iter().collect(),
        Some(other) => vec![other],
    };
    let mut out = Vec::new();
    let mut unknown = false;
    for item in items {
        match item {
            Value::Unknown(u) => match read::arn_shape(u) {
                Some(shape) => out.push(shape),
                None if is_own_account_id(u) => out.push(read::OWN_ACCOUNT.to_owned()),
                None => unknown = true,
            },
            other => match read::text(Some(other)) {
                Field::Known(text) => out.push(text),
                Field::Unknown => unknown = true,
                Field::Absent => {}
            },
        }
    }
    (out, unknown)
}

/// The unit's own account id itself (`data.aws_caller_identity.current.account_id`,
/// through locals, variables and module inputs), as the value's origin names it.
fn is_own_account_id(unknown: &crate::model::Unknown) -> bool {
    let origin = unknown.origin.split(' ').next().unwrap_or_default();
    origin.ends_with(".account_id")
        && (origin.starts_with("data.aws_caller_identity.")
            || origin.contains(".data.aws_caller_identity."))
}

fn push_once(unknown: &mut Vec<&'static str>, name: &'static str) {
    if !unknown.contains(&name) {
        unknown.push(name);
    }
}
