//! ECS task definitions (`aws ecs describe-task-definition`, `AWS::ECS::TaskDefinition`).
//!
//! The provider keeps `container_definitions` as one JSON string, whose inner lines
//! cannot be addressed. A live export has the definitions as objects, so they are kept
//! as a list of objects in the container-definition spelling the string would hold
//! (`readonlyRootFilesystem`, `environment: [{name, value}]`): the normaliser reads both,
//! and a finding points at the container's own `privileged` or environment line.
//!
//! Only the settings the rules judge are copied; a container definition has dozens more.

use super::{arn, copy_str, Item, Piece};
use crate::load::live::api::Obj;
use crate::load::live::build::{Attrs, Val};
use crate::load::LoadError;

/// (API member, container-definition key) of the container switches the rules read.
const SWITCHES: &[(&str, &str)] = &[
    ("privileged", "privileged"),
    ("readonlyRootFilesystem", "readonlyRootFilesystem"),
];

pub fn task_definition(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let t = item.config;
    let family = t.required_str("family", "a task definition")?;
    let mut a = Attrs::new();
    // A family has many revisions; the ARN (`…:task-definition/<family>:<revision>`)
    // names the one exported.
    let task_arn = arn(item, "taskDefinitionArn")?;
    let id = task_arn.as_ref().unwrap_or(&family);
    a.text("id", id.value, id.at);
    if let Some(task_arn) = &task_arn {
        a.text("arn", task_arn.value, task_arn.at);
    }
    a.text("family", family.value, family.at);
    if let Some(revision) = t.int("revision")? {
        a.put("revision", Val::int(revision.value), revision.at);
    }
    copy_str(&t, "taskRoleArn", &mut a, "task_role_arn")?;
    copy_str(&t, "executionRoleArn", &mut a, "execution_role_arn")?;
    copy_str(&t, "networkMode", &mut a, "network_mode")?;
    let mut containers = Vec::new();
    for container in t.objects("containerDefinitions")? {
        containers.push((container_definition(&container)?, container.at()));
    }
    a.put(
        "container_definitions",
        Val::list(containers),
        t.at_of("containerDefinitions"),
    );
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_ecs_task_definition",
        item.at,
    ))])
}

fn container_definition(c: &Obj) -> Result<Val, LoadError> {
    let mut d = Attrs::new();
    copy_str(c, "name", &mut d, "name")?;
    copy_str(c, "image", &mut d, "image")?;
    copy_str(c, "user", &mut d, "user")?;
    for &(member, key) in SWITCHES {
        if let Some(on) = c.bool(member)? {
            d.put(key, Val::bool(on.value), on.at);
        }
    }
    let mut environment = Vec::new();
    for var in c.objects("environment")? {
        let mut v = Attrs::new();
        copy_str(&var, "name", &mut v, "name")?;
        copy_str(&var, "value", &mut v, "value")?;
        environment.push((v.into_val(), var.at()));
    }
    d.put(
        "environment",
        Val::list(environment),
        c.at_of("environment"),
    );
    let mut secrets = Vec::new();
    for secret in c.objects("secrets")? {
        let mut s = Attrs::new();
        copy_str(&secret, "name", &mut s, "name")?;
        copy_str(&secret, "valueFrom", &mut s, "valueFrom")?;
        secrets.push((s.into_val(), secret.at()));
    }
    d.put("secrets", Val::list(secrets), c.at_of("secrets"));
    Ok(d.into_val())
}
