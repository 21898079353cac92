//! ECS task definitions and their containers. Terraform writes `container_definitions`
//! as a JSON string (parsed here, so every path is that attribute: the string has no
//! inner positions); CloudFormation as a list of objects, whose paths go down to the
//! setting. A `jsonencode` whose image URL or secret ARNs are known only after apply is
//! read from the value it encodes, its unknown parts unknown; definitions that are wholly
//! unknown leave `containers` empty and named in `unknown`.

use std::collections::BTreeMap;

use super::iam::parse_json;
use super::read::{self, Field};
use super::ResourceIndex;
use crate::diagnostics::Notification;
use crate::model::baseline::{Container, EcsTaskDefinition, EnvVar};
use crate::model::estate::SourceRef;
use crate::model::key;
use crate::model::{AttrPath, PathSegment, RawResource, Value};

struct Names {
    family: &'static str,
    definitions: &'static str,
    name: &'static str,
    privileged: &'static str,
    readonly: &'static str,
    environment: &'static str,
    secrets: &'static str,
    value: &'static str,
}

const TF: Names = Names {
    family: "family",
    definitions: "container_definitions",
    name: "name",
    privileged: "privileged",
    readonly: "readonlyRootFilesystem",
    environment: "environment",
    secrets: "secrets",
    value: "value",
};

const CFN: Names = Names {
    family: "Family",
    definitions: "ContainerDefinitions",
    name: "Name",
    privileged: "Privileged",
    readonly: "ReadonlyRootFilesystem",
    environment: "Environment",
    secrets: "Secrets",
    value: "Value",
};

pub fn normalise(index: &ResourceIndex, notes: &mut Vec<Notification>) -> Vec<EcsTaskDefinition> {
    let mut out = Vec::new();
    for resource in index.of_kind(&["aws_ecs_task_definition", "AWS::ECS::TaskDefinition"]) {
        let names = if resource.kind.starts_with("AWS::") {
            &CFN
        } else {
            &TF
        };
        let mut task = EcsTaskDefinition {
            id: resource.id.clone(),
            path: Vec::new(),
            family: None,
            containers: Vec::new(),
            unknown: Vec::new(),
        };
        read::non_empty_text(resource.attr(names.family)).store(
            &mut task.family,
            "family",
            &mut task.unknown,
        );
        let base = vec![key(names.definitions)];
        match resource.attr(names.definitions) {
            Some(Value::String(text)) => {
                if let Some(parsed) = parse_json(text, &resource.id, &base, notes) {
                    task.containers = containers(resource, &parsed, names, &base, false);
                }
            }
            // `jsonencode` of definitions with a part known only after apply (the image
            // URL of a repository in the same unit, a secret's ARN): still one JSON string,
            // whose known settings can be read.
            Some(Value::Unknown(unknown)) => match &unknown.encoded {
                Some(encoded) => {
                    task.containers = containers(resource, encoded, names, &base, false);
                }
                None => task.unknown.push("containers"),
            },
            Some(list) => task.containers = containers(resource, list, names, &base, true),
            None => {}
        }
        out.push(task);
    }
    out
}

/// `positioned`: the definitions have source positions (CloudFormation objects), so
/// paths go below `base`.
fn containers(
    resource: &RawResource,
    list: &Value,
    names: &Names,
    base: &AttrPath,
    positioned: bool,
) -> Vec<Container> {
    let at = |suffix: &[PathSegment]| -> AttrPath {
        let mut path = base.clone();
        if positioned {
            path.extend_from_slice(suffix);
        }
        path
    };
    let Some(items) = read::blocks(Some(list)) else {
        return vec![unknown_container(resource, base.clone())];
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let path = at(&[PathSegment::Index(i)]);
            if item.is_unknown() {
                return unknown_container(resource, path);
            }
            let mut c = Container {
                id: resource.id.clone(),
                path: path.clone(),
                name: None,
                privileged: None,
                readonly_root_filesystem: None,
                environment: Vec::new(),
                secrets: Vec::new(),
                unknown: Vec::new(),
                sources: BTreeMap::new(),
            };
            read::non_empty_text(item.get(names.name)).store(&mut c.name, "name", &mut c.unknown);
            for (attr, name, slot) in [
                (names.privileged, "privileged", &mut c.privileged),
                (
                    names.readonly,
                    "readonly_root_filesystem",
                    &mut c.readonly_root_filesystem,
                ),
            ] {
                let field = read::boolean(item.get(attr));
                if !matches!(field, Field::Absent) {
                    let mut at_attr = path.clone();
                    if positioned {
                        at_attr.push(key(attr));
                    }
                    c.sources.insert(
                        name,
                        SourceRef {
                            id: resource.id.clone(),
                            path: at_attr,
                        },
                    );
                }
                field.store(slot, name, &mut c.unknown);
            }
            let env_base = at(&[PathSegment::Index(i), key(names.environment)]);
            match read::blocks(item.get(names.environment)) {
                Some(vars) => {
                    for (j, var) in vars.into_iter().enumerate() {
                        let mut env_path = env_base.clone();
                        if positioned {
                            env_path.push(PathSegment::Index(j));
                        }
                        c.environment.push(env_var(resource, var, names, env_path));
                    }
                }
                None => c.unknown.push("environment"),
            }
            match read::blocks(item.get(names.secrets)) {
                Some(secrets) => {
                    for secret in secrets {
                        match read::non_empty_text(secret.get(names.name)) {
                            Field::Known(n) => c.secrets.push(n),
                            Field::Unknown => push_once(&mut c.unknown, "secrets"),
                            Field::Absent => {}
                        }
                    }
                }
                None => c.unknown.push("secrets"),
            }
            c
        })
        .collect()
}

fn env_var(resource: &RawResource, var: &Value, names: &Names, path: AttrPath) -> EnvVar {
    let mut env = EnvVar {
        id: resource.id.clone(),
        path,
        name: None,
        value: None,
        unknown: Vec::new(),
    };
    if var.is_unknown() {
        env.unknown.extend(["name", "value"]);
        return env;
    }
    read::non_empty_text(var.get(names.name)).store(&mut env.name, "name", &mut env.unknown);
    read::text(var.get(names.value)).store(&mut env.value, "value", &mut env.unknown);
    env
}

/// A container whose whole definition is unknown until apply.
fn unknown_container(resource: &RawResource, path: AttrPath) -> Container {
    Container {
        id: resource.id.clone(),
        path,
        name: None,
        privileged: None,
        readonly_root_filesystem: None,
        environment: Vec::new(),
        secrets: Vec::new(),
        unknown: vec![
            "name",
            "privileged",
            "readonly_root_filesystem",
            "environment",
            "secrets",
        ],
        sources: BTreeMap::new(),
    }
}

fn push_once(unknown: &mut Vec<&'static str>, name: &'static str) {
    if !unknown.contains(&name) {
        unknown.push(name);
    }
}
