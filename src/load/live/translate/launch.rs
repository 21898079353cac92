//! What instances are launched from: launch templates (`aws ec2
//! describe-launch-template-versions`, `AWS::EC2::LaunchTemplate`) and launch
//! configurations (`aws autoscaling describe-launch-configurations`,
//! `AWS::AutoScaling::LaunchConfiguration`), with their block device mappings.
//!
//! A template has versions; the provider's `aws_launch_template` is the template with
//! one version's data, and so is the resource here: the *default* version, which is what
//! a launch that names no version gets. Other versions in the CLI export are named in a
//! note, not scanned (export `--versions '$Default'`, or judge `$Latest` by exporting
//! it as the default). AWS Config records one version's data per template.

use super::As::{Bool, Int, Str};
use super::{arn, copy, copy_str, Item, Piece};
use crate::diagnostics::{Notification, Stage};
use crate::load::live::api::Obj;
use crate::load::live::build::{Attrs, Val};
use crate::load::LoadError;
use crate::normalise::volumes::ROOT_DEVICE_NAMES;

/// (API member of `Ebs`, Terraform attribute of the device block).
const EBS: &[(&str, &str, super::As)] = &[
    ("encrypted", "encrypted", Bool),
    ("kmsKeyId", "kms_key_id", Str),
    ("snapshotId", "snapshot_id", Str),
    ("volumeSize", "volume_size", Int),
    ("volumeType", "volume_type", Str),
];

/// One version of a template (CLI), or the template Config recorded.
pub fn template(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let t = item.config;
    let id = t
        .str("launchTemplateId")?
        .map_or_else(|| t.required_str("id", "a launch template"), Ok)?;
    if let Some(default) = t.bool("defaultVersion")? {
        if !default.value {
            let version = t.int("versionNumber")?.map_or(0, |v| v.value);
            return Ok(vec![Piece::Note(Notification::note(
                Stage::Load,
                format!(
                    "version {version} of launch template {} is not its default version: \
                         not scanned",
                    id.value
                ),
            ))]);
        }
    }
    let mut a = Attrs::new();
    a.text("id", id.value, id.at);
    copy_str(&t, "launchTemplateName", &mut a, "name")?;
    if let Some(arn) = arn(item, "launchTemplateArn")? {
        a.text("arn", arn.value, arn.at);
    }
    if let Some(version) = t.int("versionNumber")? {
        a.put("default_version", Val::int(version.value), version.at);
    } else {
        copy_str(&t, "defaultVersionNumber", &mut a, "default_version")?;
    }
    copy_str(&t, "latestVersionNumber", &mut a, "latest_version")?;
    let data = t.obj("launchTemplateData")?;
    let mut mappings = Vec::new();
    if let Some(data) = &data {
        copy_str(data, "imageId", &mut a, "image_id")?;
        copy_str(data, "instanceType", &mut a, "instance_type")?;
        for mapping in data.objects("blockDeviceMappings")? {
            let mut m = Attrs::new();
            copy(
                &mapping,
                &mut m,
                &[
                    ("deviceName", "device_name", Str),
                    ("virtualName", "virtual_name", Str),
                    ("noDevice", "no_device", Str),
                ],
            )?;
            let ebs = match mapping.obj("ebs")? {
                Some(ebs) => Val::list(vec![(device(&ebs)?, ebs.at())]),
                None => Val::list(Vec::new()),
            };
            m.put("ebs", ebs, mapping.at_of("ebs"));
            mappings.push((m.into_val(), mapping.at()));
        }
    }
    let at = data.map_or(item.at, |d| d.at_of("blockDeviceMappings"));
    a.put("block_device_mappings", Val::list(mappings), at);
    Ok(vec![Piece::Resource(a.resource(
        id.value,
        "aws_launch_template",
        item.at,
    ))])
}

fn device(ebs: &Obj) -> Result<Val, LoadError> {
    let mut d = Attrs::new();
    copy(ebs, &mut d, EBS)?;
    Ok(d.into_val())
}

/// A launch configuration → `aws_launch_configuration`. Its mappings do not mark the
/// root device; as the provider does with the AMI's root device name, a mapping named
/// like a root device becomes `root_block_device`, the others `ebs_block_device`.
pub fn configuration(item: &Item) -> Result<Vec<Piece>, LoadError> {
    let c = item.config;
    let name = c.required_str("launchConfigurationName", "a launch configuration")?;
    let mut a = Attrs::new();
    a.text("id", name.value, name.at);
    a.text("name", name.value, name.at);
    if let Some(arn) = arn(item, "launchConfigurationARN")? {
        a.text("arn", arn.value, arn.at);
    }
    copy(
        &c,
        &mut a,
        &[
            ("imageId", "image_id", Str),
            ("instanceType", "instance_type", Str),
        ],
    )?;
    let (mut root, mut other) = (Vec::new(), Vec::new());
    for mapping in c.objects("blockDeviceMappings")? {
        let Some(ebs) = mapping.obj("ebs")? else {
            continue; // an instance-store or suppressed device: nothing EBS to encrypt
        };
        let mut d = Attrs::new();
        copy(&ebs, &mut d, EBS)?;
        let device_name = mapping.str("deviceName")?;
        if let Some(device_name) = &device_name {
            d.text("device_name", device_name.value, device_name.at);
        }
        let is_root = device_name.is_some_and(|n| ROOT_DEVICE_NAMES.contains(&n.value));
        let entry = (d.into_val(), ebs.at());
        if is_root {
            root.push(entry);
        } else {
            other.push(entry);
        }
    }
    let at = c.at_of("blockDeviceMappings");
    a.put("root_block_device", Val::list(root), at);
    a.put("ebs_block_device", Val::list(other), at);
    Ok(vec![Piece::Resource(a.resource(
        name.value,
        "aws_launch_configuration",
        item.at,
    ))])
}
