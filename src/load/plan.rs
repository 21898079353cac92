//! Terraform plan JSON (`terraform show -json plan.out`).

use super::{LoadError, Loaded};
use crate::source::SourceFile;

pub fn load(_source: &SourceFile) -> Result<Loaded, LoadError> {
    Err(LoadError::new("Terraform plan loading is not implemented yet"))
}
