//! CloudFormation templates, JSON and YAML.

use super::{LoadError, Loaded};
use crate::source::SourceFile;

pub fn load_json(_source: &SourceFile) -> Result<Loaded, LoadError> {
    Err(LoadError::new("CloudFormation loading is not implemented yet"))
}

pub fn load_yaml(_source: &SourceFile) -> Result<Loaded, LoadError> {
    Err(LoadError::new("CloudFormation loading is not implemented yet"))
}
