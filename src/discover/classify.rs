//! Classify a file by what it contains, not by its name alone: a `.json` may be a plan,
//! a CloudFormation template, or neither. The extension only decides which files are
//! worth opening; the content decides what they are.

use std::path::Path;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    TerraformPlan,
    /// Terraform state: raw `terraform.tfstate` (v4) or `terraform show -json` of a state.
    TerraformState,
    CloudformationJson,
    CloudformationYaml,
    /// A directory of `.tf` / `.tf.json` files: one Terraform root module.
    TerraformModule,
    /// An AWS Config snapshot (as delivered to S3), configuration history, or the output
    /// of `aws configservice batch-get-resource-config` / `select-resource-config`.
    AwsConfig,
    /// `aws` CLI output (`describe-security-groups` …). One file classifies as this; the
    /// scan unit is the directory of exports it belongs to (see `live_unit_dir`).
    AwsCli,
}

/// How much of a file is read to classify it. Markers sit near the top of both formats
/// (Terraform writes `format_version` first; templates start with their version,
/// description or `Resources`), but a plan's `planned_values` can follow long variables.
const SNIFF_BYTES: usize = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
}

pub fn classify_path(path: &Path) -> Result<Option<InputKind>, ClassifyError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    // `.tfstate` is what Terraform and `terraform state pull` name raw state;
    // `.tfstate.backup` (the state before the last apply) is left alone as stale.
    let gzipped = crate::load::decode::is_gzipped(path);
    let candidate_json = ext == "json" || ext == "tfstate" || gzipped;
    let candidate_yaml = matches!(ext.as_str(), "yaml" | "yml" | "template");
    if !candidate_json && !candidate_yaml {
        return Ok(None);
    }
    let head = read_head(path, gzipped)?;
    let kind = classify_text(&head, candidate_yaml);
    if kind.is_none() && candidate_json && crate::load::live::layout_slot(path).is_some() {
        // `s3/<bucket>/get-bucket-policy.json` holds `{"Policy": …}` (or `{}` when there
        // is none), which only the documented layout tells apart from any other JSON.
        let body = head
            .trim_start_matches(['\u{feff}', '\u{fffd}'])
            .trim_start();
        if body.starts_with('{') {
            return Ok(Some(InputKind::AwsCli));
        }
    }
    Ok(kind)
}

fn read_head(path: &Path, gzipped: bool) -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(SNIFF_BYTES);
    let file = std::fs::File::open(path)?;
    if gzipped {
        // A corrupt stream reads as what decompressed before the damage: the file is
        // still classified, and loading it reports the damage.
        let _ = flate2::read::MultiGzDecoder::new(file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut bytes);
    } else {
        file.take(SNIFF_BYTES as u64).read_to_end(&mut bytes)?;
    }
    // UTF-16 files: keep the ASCII bytes so markers are still found; decoding happens in load.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        bytes.retain(|&b| b != 0);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Classifies a file's first bytes. `yaml_name` says the file is named like YAML.
pub fn classify_text(head: &str, yaml_name: bool) -> Option<InputKind> {
    let body = head
        .trim_start_matches(['\u{feff}', '\u{fffd}'])
        .trim_start();
    if body.starts_with('{') {
        if is_plan(body) {
            return Some(InputKind::TerraformPlan);
        }
        if is_state(body) {
            return Some(InputKind::TerraformState);
        }
        if is_cfn_json(body) {
            return Some(if yaml_name {
                InputKind::CloudformationYaml
            } else {
                InputKind::CloudformationJson
            });
        }
        if yaml_name {
            return None;
        }
        return crate::load::live::sniff(body);
    }
    if yaml_name && is_cfn_yaml(body) {
        return Some(InputKind::CloudformationYaml);
    }
    None
}

fn is_plan(body: &str) -> bool {
    // `terraform show -json` of a plan always has these; a state rendering has `values`
    // instead of `planned_values`, and raw state has `"version": 4` with `resources`.
    body.contains("\"terraform_version\"")
        && (body.contains("\"planned_values\"") || body.contains("\"resource_changes\""))
}

fn is_state(body: &str) -> bool {
    if !body.contains("\"terraform_version\"") {
        return false;
    }
    // Raw v4 state: `version`, `terraform_version`, `serial`, `lineage`, then the rest.
    let raw = body.contains("\"serial\"") && body.contains("\"lineage\"");
    // A rendering: `format_version`, `terraform_version`, `values`. A plan writes its
    // `variables` before `planned_values`, so a plan whose markers lie beyond the
    // sniffed head is not taken for a state.
    let rendered = body.contains("\"format_version\"")
        && match (body.find("\"values\""), body.find("\"variables\"")) {
            (Some(values), Some(variables)) => values < variables,
            (Some(_), None) => true,
            // `terraform show -json` of an empty state: nothing but the versions.
            (None, _) => body.len() < 200 && !body.contains("\"variables\""),
        };
    raw || rendered
}

fn is_cfn_json(body: &str) -> bool {
    body.contains("\"AWSTemplateFormatVersion\"")
        || (body.contains("\"Resources\"") && body.contains("\"Type\"") && body.contains("AWS::"))
}

fn is_cfn_yaml(body: &str) -> bool {
    body.lines().any(|line| {
        let line = line.trim_end();
        line.starts_with("AWSTemplateFormatVersion:")
            || line.starts_with("\"AWSTemplateFormatVersion\":")
            || line == "Resources:"
            || line.starts_with("Resources: ")
    }) && (body.contains("AWSTemplateFormatVersion") || body.contains("Type:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_and_templates_by_content() {
        assert_eq!(
            classify_text(
                r#"{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{}}"#,
                false
            ),
            Some(InputKind::TerraformPlan)
        );
        assert_eq!(
            classify_text(
                r#"{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}"#,
                false
            ),
            Some(InputKind::CloudformationJson)
        );
        assert_eq!(
            classify_text("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n", true),
            Some(InputKind::CloudformationYaml)
        );
        assert_eq!(
            classify_text("Resources:\n  B:\n    Type: AWS::S3::Bucket\n", true),
            Some(InputKind::CloudformationYaml)
        );
    }

    #[test]
    fn other_json_and_yaml_are_not_inputs() {
        assert_eq!(
            classify_text(r#"{"name":"pkg","version":"1.0.0"}"#, false),
            None
        );
        assert_eq!(classify_text("on: push\njobs:\n  build: {}\n", true), None);
    }

    #[test]
    fn live_exports_by_their_top_level_keys() {
        assert_eq!(
            classify_text(
                r#"{"fileVersion":"1.0","configSnapshotId":"x","configurationItems":[]}"#,
                false
            ),
            Some(InputKind::AwsConfig)
        );
        assert_eq!(
            classify_text(
                r#"{"baseConfigurationItems":[],"unprocessedResourceKeys":[]}"#,
                false
            ),
            Some(InputKind::AwsConfig)
        );
        assert_eq!(
            classify_text("{\n    \"SecurityGroups\": [\n", false),
            Some(InputKind::AwsCli)
        );
        assert_eq!(
            classify_text(r#"{"KeyMetadata":{"KeyId":"k"}}"#, false),
            Some(InputKind::AwsCli)
        );
        // A key that only the directory layout gives a meaning.
        assert_eq!(classify_text(r#"{"Policy":"{}"}"#, false), None);
        // Markers must be the first key: a package.json mentioning `Vpcs` is no export.
        assert_eq!(classify_text(r#"{"name":"x","Vpcs":[]}"#, false), None);
    }

    #[test]
    fn states_in_both_renderings() {
        assert_eq!(
            classify_text(
                r#"{"format_version":"1.0","terraform_version":"1.9.0","values":{}}"#,
                false
            ),
            Some(InputKind::TerraformState)
        );
        assert_eq!(
            classify_text(
                r#"{"format_version":"1.0","terraform_version":"1.9.0"}"#,
                false
            ),
            Some(InputKind::TerraformState)
        );
        assert_eq!(
            classify_text(
                "{\n  \"version\": 4,\n  \"terraform_version\": \"1.9.8\",\n  \"serial\": 3,\n  \"lineage\": \"x\",\n  \"resources\": []\n}",
                false
            ),
            Some(InputKind::TerraformState)
        );
        // A plan whose long `variables` push its markers beyond the sniffed head.
        assert_eq!(
            classify_text(
                r#"{"format_version":"1.2","terraform_version":"1.9.0","variables":{"values":{"value":1}"#,
                false
            ),
            None
        );
    }
}
