//! RDS DB parameter groups and DB cluster parameter groups, and which group each RDS
//! data store uses: whether a database forces TLS is a parameter (`rds.force_ssl`,
//! `require_secure_transport`), not a setting of the database itself.

use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::estate::{DataStore, DataStoreKind, DbParameter, DbParameterGroup, SourceRef};
use crate::model::key;
use crate::model::{PathSegment, RawResource, Value};

const INSTANCE_GROUP_KINDS: &[&str] = &["aws_db_parameter_group", "AWS::RDS::DBParameterGroup"];
const CLUSTER_GROUP_KINDS: &[&str] = &[
    "aws_rds_cluster_parameter_group",
    "AWS::RDS::DBClusterParameterGroup",
];

pub fn normalise(index: &ResourceIndex) -> Vec<DbParameterGroup> {
    let kinds = [INSTANCE_GROUP_KINDS, CLUSTER_GROUP_KINDS].concat();
    index.of_kind(&kinds).map(group).collect()
}

fn group(resource: &RawResource) -> DbParameterGroup {
    let tf = !resource.kind.starts_with("AWS::");
    let cluster = CLUSTER_GROUP_KINDS.contains(&resource.kind.as_str());
    let mut group = DbParameterGroup {
        id: resource.id.clone(),
        cluster,
        ..DbParameterGroup::default()
    };
    let name_attr = match (tf, cluster) {
        (true, _) => "name",
        (false, false) => "DBParameterGroupName",
        (false, true) => "DBClusterParameterGroupName",
    };
    if !read::unset_computed(resource.attr(name_attr)) {
        read::non_empty_text(resource.attr(name_attr)).store(
            &mut group.name,
            "name",
            &mut group.unknown,
        );
    }
    read::non_empty_text(resource.attr(if tf { "family" } else { "Family" })).store(
        &mut group.family,
        "family",
        &mut group.unknown,
    );
    if tf {
        match read::blocks(resource.attr("parameter")) {
            None => group.unknown.push("parameters"),
            Some(blocks) => {
                for (i, block) in blocks.into_iter().enumerate() {
                    let path = vec![key("parameter"), PathSegment::Index(i), key("value")];
                    match read::text(block.get("name")) {
                        Field::Known(name) => {
                            group.parameters.push(parameter(
                                resource,
                                name,
                                path,
                                block.get("value"),
                            ));
                        }
                        _ => group.unknown.push("parameters"),
                    }
                }
            }
        }
    } else {
        match resource.attr("Parameters") {
            None | Some(Value::Null) => {}
            Some(Value::Map(map)) => {
                for (name, value) in map {
                    let path = vec![key("Parameters"), key(name)];
                    group
                        .parameters
                        .push(parameter(resource, name.clone(), path, Some(value)));
                }
            }
            Some(_) => group.unknown.push("parameters"),
        }
    }
    group.unknown.dedup();
    group.parameters.sort_by(|a, b| a.name.cmp(&b.name));
    group
}

fn parameter(
    resource: &RawResource,
    name: String,
    path: Vec<PathSegment>,
    value: Option<&Value>,
) -> DbParameter {
    let mut parameter = DbParameter {
        id: resource.id.clone(),
        path,
        name: name.to_ascii_lowercase(),
        ..DbParameter::default()
    };
    read::text(value).store(&mut parameter.value, "value", &mut parameter.unknown);
    parameter
}

/// Sets each RDS store's `parameter_group`: the group's id when it is declared in this
/// unit, else its name. Left absent when none is given (the engine's default group).
pub fn link(stores: &mut [DataStore], index: &ResourceIndex) {
    for store in stores.iter_mut() {
        let Some(resource) = index.get(&store.id) else {
            continue;
        };
        let (attr, kinds) = match (resource.kind.as_str(), store.kind) {
            ("aws_db_instance", _) => ("parameter_group_name", INSTANCE_GROUP_KINDS),
            ("aws_rds_cluster_instance", _) => ("db_parameter_group_name", INSTANCE_GROUP_KINDS),
            ("aws_rds_cluster", _) => ("db_cluster_parameter_group_name", CLUSTER_GROUP_KINDS),
            ("AWS::RDS::DBInstance", _) => ("DBParameterGroupName", INSTANCE_GROUP_KINDS),
            ("AWS::RDS::DBCluster", DataStoreKind::RdsCluster) => {
                ("DBClusterParameterGroupName", CLUSTER_GROUP_KINDS)
            }
            _ => continue,
        };
        let value = resource.attr(attr);
        if read::unset_computed(value) {
            continue;
        }
        let Some(value) = value else {
            continue;
        };
        let field = match index.referenced(value, kinds) {
            Some(group) => Field::Known(group.id.clone()),
            None => read::non_empty_text(Some(value)),
        };
        if matches!(field, Field::Absent) {
            continue;
        }
        store.sources.insert(
            "parameter_group",
            SourceRef {
                id: store.id.clone(),
                path: vec![key(attr)],
            },
        );
        field.store(
            &mut store.parameter_group,
            "parameter_group",
            &mut store.unknown,
        );
    }
}
