//! EBS storage: volumes, and the block devices that instances, launch templates and
//! launch configurations declare. Each device is its own data store, pointing at the
//! block that declares it, so a finding lands on the device that is not encrypted.
//!
//! An instance or launch configuration always gets a root volume; when the code does
//! not declare one, the root device is still judged (at the resource), because its
//! encryption then follows the AMI's snapshot, which the code does not control. A launch
//! template is partial by design (the instance or Auto Scaling group completes it), so
//! only the devices it declares are judged. `aws_ebs_encryption_by_default` in the same
//! unit encrypts every new volume, whatever the volume says.

use super::data_stores::{kms_key, new_store};
use super::read::{self, Field};
use super::ResourceIndex;
use crate::model::estate::{DataStore, DataStoreKind, SourceRef};
use crate::model::key;
use crate::model::{AttrPath, PathSegment, RawResource, Value};

/// Device names an AMI uses for its root volume, for CloudFormation mappings and live
/// exports, which do not mark the root device.
pub(crate) const ROOT_DEVICE_NAMES: &[&str] =
    &["/dev/xvda", "/dev/sda1", "/dev/sda", "xvda", "sda1"];

/// Attribute names of one way of declaring a device.
struct Names {
    encrypted: &'static str,
    kms_key: &'static str,
    snapshot: &'static str,
    device_name: &'static str,
}

const TF: Names = Names {
    encrypted: "encrypted",
    kms_key: "kms_key_id",
    snapshot: "snapshot_id",
    device_name: "device_name",
};

const CFN: Names = Names {
    encrypted: "Encrypted",
    kms_key: "KmsKeyId",
    snapshot: "SnapshotId",
    device_name: "DeviceName",
};

pub fn normalise(resource: &RawResource, index: &ResourceIndex) -> Vec<DataStore> {
    let mut stores = match resource.kind.as_str() {
        "aws_ebs_volume" => vec![volume(resource, &TF, index)],
        "AWS::EC2::Volume" => vec![volume(resource, &CFN, index)],
        "aws_instance" => tf_instance(resource, DataStoreKind::InstanceVolume, index),
        "aws_launch_configuration" => {
            tf_instance(resource, DataStoreKind::LaunchTemplateVolume, index)
        }
        "aws_launch_template" => tf_launch_template(resource, index),
        "AWS::EC2::Instance" => cfn_mappings(
            resource,
            resource.attr("BlockDeviceMappings"),
            vec![key("BlockDeviceMappings")],
            DataStoreKind::InstanceVolume,
            true,
            index,
        ),
        "AWS::AutoScaling::LaunchConfiguration" => cfn_mappings(
            resource,
            resource.attr("BlockDeviceMappings"),
            vec![key("BlockDeviceMappings")],
            DataStoreKind::LaunchTemplateVolume,
            true,
            index,
        ),
        "AWS::EC2::LaunchTemplate" => cfn_mappings(
            resource,
            resource
                .attr("LaunchTemplateData")
                .and_then(|d| d.get("BlockDeviceMappings")),
            vec![key("LaunchTemplateData"), key("BlockDeviceMappings")],
            DataStoreKind::LaunchTemplateVolume,
            false,
            index,
        ),
        _ => return Vec::new(),
    };
    if let Some(default) = account_default_encryption(index) {
        for store in &mut stores {
            if store.encrypted_at_rest != Some(true) {
                store.encryption_inherited_from = Some("account_default".to_owned());
                store.unknown.retain(|f| *f != "encrypted_at_rest");
                store.sources.insert("encrypted_at_rest", default.clone());
            }
        }
    }
    stores
}

/// `aws_ebs_encryption_by_default` switched on (its `enabled` defaults to true).
fn account_default_encryption(index: &ResourceIndex) -> Option<SourceRef> {
    index
        .of_kind(&["aws_ebs_encryption_by_default"])
        .find(|r| {
            matches!(
                read::boolean(r.attr("enabled")),
                Field::Known(true) | Field::Absent
            )
        })
        .map(|r| SourceRef {
            id: r.id.clone(),
            path: Vec::new(),
        })
}

fn volume(resource: &RawResource, names: &Names, index: &ResourceIndex) -> DataStore {
    let mut store = device(
        resource,
        DataStoreKind::EbsVolume,
        Vec::new(),
        Some(&resource.attributes),
        names,
        index,
    );
    store.name = read::resource_tags(resource).remove("Name");
    store
}

/// One declared device. `block` is the map holding `encrypted` and the key (the EBS
/// part of a mapping); `path` points at it.
fn device(
    resource: &RawResource,
    kind: DataStoreKind,
    path: AttrPath,
    block: Option<&Value>,
    names: &Names,
    index: &ResourceIndex,
) -> DataStore {
    let mut store = new_store(resource, kind);
    store.path = path.clone();
    let Some(block) = block else {
        return store;
    };
    let encrypted = block.get(names.encrypted);
    if !read::unset_computed(encrypted) {
        read::boolean(encrypted).store(
            &mut store.encrypted_at_rest,
            "encrypted_at_rest",
            &mut store.unknown,
        );
        if encrypted.is_some() {
            let mut at = path.clone();
            at.push(key(names.encrypted));
            store.sources.insert(
                "encrypted_at_rest",
                SourceRef {
                    id: resource.id.clone(),
                    path: at,
                },
            );
        }
    }
    if store.encrypted_at_rest == Some(true) {
        store.encryption = Some("kms".to_owned());
    }
    let key_value = block.get(names.kms_key);
    if !read::unset_computed(key_value) {
        kms_key(key_value, Some(index)).store(&mut store.kms_key, "kms_key", &mut store.unknown);
    }
    let snapshot = block.get(names.snapshot);
    if !read::unset_computed(snapshot) && !matches!(read::non_empty_text(snapshot), Field::Absent) {
        store.encryption_inherited_from = Some("snapshot".to_owned());
    }
    if let Field::Known(name) = read::non_empty_text(block.get(names.device_name)) {
        store.name = Some(name);
    }
    store
}

/// An instance or launch configuration: `root_block_device` and `ebs_block_device`.
fn tf_instance(
    resource: &RawResource,
    kind: DataStoreKind,
    index: &ResourceIndex,
) -> Vec<DataStore> {
    let mut stores = Vec::new();
    let root = resource.attr("root_block_device");
    let declared_root = if read::unset_computed(root) {
        Some(Vec::new())
    } else {
        read::blocks(root)
    };
    match declared_root {
        None => {
            let mut store = new_store(resource, kind);
            store.name = Some("root".to_owned());
            store.unknown.push("encrypted_at_rest");
            stores.push(store);
        }
        Some(blocks) if blocks.is_empty() => stores.push(undeclared_root(resource, kind)),
        Some(blocks) => {
            for (i, block) in blocks.into_iter().enumerate() {
                let path = vec![key("root_block_device"), PathSegment::Index(i)];
                let mut store = device(resource, kind, path, Some(block), &TF, index);
                store.name.get_or_insert_with(|| "root".to_owned());
                stores.push(store);
            }
        }
    }
    let ebs = resource.attr("ebs_block_device");
    if !read::unset_computed(ebs) {
        match read::blocks(ebs) {
            Some(blocks) => {
                for (i, block) in blocks.into_iter().enumerate() {
                    let path = vec![key("ebs_block_device"), PathSegment::Index(i)];
                    stores.push(device(resource, kind, path, Some(block), &TF, index));
                }
            }
            None => {
                let mut store = new_store(resource, kind);
                store.path = vec![key("ebs_block_device")];
                store.unknown.push("encrypted_at_rest");
                stores.push(store);
            }
        }
    }
    stores
}

/// The root volume of an instance that declares none: judged at the resource, unless
/// a launch template it starts from declares the devices.
fn undeclared_root(resource: &RawResource, kind: DataStoreKind) -> DataStore {
    let mut store = new_store(resource, kind);
    store.name = Some("root".to_owned());
    let from_template = ["launch_template", "LaunchTemplate"]
        .iter()
        .any(|attr| !matches!(resource.attr(attr), None | Some(Value::Null)));
    if from_template {
        store.encryption_inherited_from = Some("launch_template".to_owned());
    }
    store
}

fn tf_launch_template(resource: &RawResource, index: &ResourceIndex) -> Vec<DataStore> {
    let kind = DataStoreKind::LaunchTemplateVolume;
    let Some(mappings) = read::blocks(resource.attr("block_device_mappings")) else {
        let mut store = new_store(resource, kind);
        store.path = vec![key("block_device_mappings")];
        store.unknown.push("encrypted_at_rest");
        return vec![store];
    };
    let mut stores = Vec::new();
    for (i, mapping) in mappings.into_iter().enumerate() {
        let Some(ebs) = read::blocks(mapping.get("ebs")) else {
            continue;
        };
        let Some(block) = ebs.first() else {
            continue; // an instance-store or suppressed device: nothing EBS to encrypt
        };
        let path = vec![
            key("block_device_mappings"),
            PathSegment::Index(i),
            key("ebs"),
            PathSegment::Index(0),
        ];
        let mut store = device(resource, kind, path, Some(block), &TF, index);
        if let Field::Known(name) = read::non_empty_text(mapping.get("device_name")) {
            store.name = Some(name);
        }
        stores.push(store);
    }
    stores
}

/// CloudFormation `BlockDeviceMappings: [{DeviceName, Ebs: {Encrypted, KmsKeyId}}]`.
/// `judge_root`: the resource defines a whole instance, so a root device it does not
/// map is judged too.
fn cfn_mappings(
    resource: &RawResource,
    mappings: Option<&Value>,
    base: AttrPath,
    kind: DataStoreKind,
    judge_root: bool,
    index: &ResourceIndex,
) -> Vec<DataStore> {
    let Some(mappings) = read::blocks(mappings) else {
        let mut store = new_store(resource, kind);
        store.path = base;
        store.unknown.push("encrypted_at_rest");
        return vec![store];
    };
    let mut stores = Vec::new();
    let mut root_mapped = false;
    for (i, mapping) in mappings.into_iter().enumerate() {
        let name = read::non_empty_text(mapping.get("DeviceName"));
        root_mapped |= matches!(&name, Field::Known(n) if ROOT_DEVICE_NAMES.contains(&n.as_str()));
        let Some(ebs) = mapping.get("Ebs") else {
            continue;
        };
        let mut path = base.clone();
        path.extend([PathSegment::Index(i), key("Ebs")]);
        let mut store = device(resource, kind, path, Some(ebs), &CFN, index);
        if let Field::Known(name) = name {
            store.name = Some(name);
        }
        stores.push(store);
    }
    if judge_root && !root_mapped {
        stores.push(undeclared_root(resource, kind));
    }
    stores
}
