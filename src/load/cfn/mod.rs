//! CloudFormation templates, JSON and YAML.
//!
//! Each format is read into one format-neutral tree with byte spans ([`node`]): JSON by
//! [`json`] (strict), YAML by [`yaml`] (short-form tags turned into the long form, alias
//! expansion measured first by [`yaml_guard`]). [`template`] then interprets the tree the
//! same way for both: parameters with their defaults, conditions ([`conditions`]),
//! intrinsic functions ([`intrinsics`]), one [`RawResource`](crate::model::RawResource)
//! per deployed resource, with the span of every property path.

mod conditions;
mod intrinsics;
pub(crate) mod json;
pub(crate) mod node;
mod template;
mod yaml;
mod yaml_guard;

use super::{LoadError, Loaded};
use crate::source::SourceFile;

pub fn load_json(source: &SourceFile) -> Result<Loaded, LoadError> {
    let root = json::parse(&source.text)?;
    template::interpret(source, &root)
}

pub fn load_yaml(source: &SourceFile) -> Result<Loaded, LoadError> {
    let root = yaml::parse(&source.text)?;
    template::interpret(source, &root)
}
