//! Rule metadata: the `# METADATA` comment block above a policy's `package` line, in
//! OPA's annotation format. regorus does not expose annotations, so palisade parses them
//! here and rejects anything incomplete or misspelt when the policy loads — the
//! metadata is the single source for SARIF rule descriptors, `palisade rules ID` and the
//! generated rule docs, so a gap here would be a gap everywhere.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!("unknown severity `{other}`")),
        }
    }
}

/// The input formats a rule has fixtures for (and so is tested against).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FixtureFormat {
    Hcl,
    Plan,
    State,
    Cfn,
    /// AWS Config: a configuration snapshot (`<kind>.config.json`).
    Config,
    /// A directory of AWS CLI exports (`<kind>-cli/`).
    Cli,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelatedResource {
    #[serde(rename = "ref")]
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub related_resources: Vec<RelatedResource>,
    /// OPA's annotation scope; palisade rules are package-scoped.
    #[serde(default, skip_serializing)]
    pub scope: Option<String>,
    pub custom: Custom,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Custom {
    /// Stable id, `PAL-<AREA>-NNN`; never reused.
    pub id: String,
    pub severity: Severity,
    pub remediation: String,
    /// The rule family, used as a SARIF tag: `security-group`, `encryption`, `iam`, `s3` …
    pub family: String,
    /// The parts of `input.aws` the rule reads.
    pub reads: Vec<String>,
    /// What the rule judges, where that is narrower than `reads`: a collection of
    /// `input.aws` → the `kind`s of its elements the rule looks at (an empty list: every
    /// element). `PAL-RDS-001` reads `data_stores` but judges only its `rds_instance` and
    /// `rds_cluster` elements; `PAL-S3-001` reads `load_balancers` only to find log
    /// buckets. The compliance report counts the resources a rule evaluated from this
    /// (from `reads` when absent), so a control over RDS cannot pass on S3 buckets.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub evaluates: BTreeMap<String, Vec<String>>,
    /// Input formats the rule has pass and fail fixtures for.
    pub formats: Vec<FixtureFormat>,
    /// Framework → control ids, e.g. `aws-fsbp: [EC2.13]`.
    #[serde(default)]
    pub frameworks: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub deprecated: bool,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    #[error("no `# METADATA` block before the package line")]
    Missing,
    #[error("METADATA block (line {line}) is not valid: {message}")]
    Invalid { line: usize, message: String },
}

/// Extracts the METADATA block that precedes the `package` line, if any, with the
/// 1-based line it starts on.
pub fn extract_block(rego: &str) -> Option<(usize, String)> {
    let mut lines = rego.lines().enumerate();
    let start = loop {
        let (index, line) = lines.next()?;
        let trimmed = line.trim();
        if trimmed == "# METADATA" {
            break index + 1;
        }
        if trimmed.starts_with("package ") {
            return None;
        }
    };
    let mut block = String::new();
    for (_, line) in lines {
        let Some(comment) = line.trim_start().strip_prefix('#') else {
            break;
        };
        block.push_str(comment.strip_prefix(' ').unwrap_or(comment));
        block.push('\n');
    }
    Some((start, block))
}

pub fn parse(rego: &str) -> Result<RuleMeta, MetadataError> {
    let (line, block) = extract_block(rego).ok_or(MetadataError::Missing)?;
    let meta: RuleMeta = yaml_serde::from_str(&block).map_err(|e| MetadataError::Invalid {
        line,
        message: e.to_string(),
    })?;
    validate(&meta).map_err(|message| MetadataError::Invalid { line, message })?;
    Ok(meta)
}

fn validate(meta: &RuleMeta) -> Result<(), String> {
    let id = &meta.custom.id;
    // Built-in ids are `PAL-<AREA>-NNN`; user rules may use any non-empty id outside
    // the `PAL-` namespace.
    let builtin_shape = id
        .strip_prefix("PAL-")
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(area, number)| {
            !area.is_empty()
                && area
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && number.len() == 3
                && number.chars().all(|c| c.is_ascii_digit())
        });
    if id.trim().is_empty() || (id.starts_with("PAL-") && !builtin_shape) {
        return Err(format!("custom.id `{id}` must look like PAL-AREA-NNN"));
    }
    for (field, value) in [
        ("title", &meta.title),
        ("description", &meta.description),
        ("custom.remediation", &meta.custom.remediation),
        ("custom.family", &meta.custom.family),
    ] {
        if value.trim().is_empty() {
            return Err(format!("`{field}` must not be empty"));
        }
    }
    if meta.custom.formats.is_empty() {
        return Err("`custom.formats` must name at least one input format".into());
    }
    for collection in meta.custom.evaluates.keys() {
        let read = meta.custom.reads.iter().any(|part| {
            collection == part
                || collection
                    .strip_prefix(part.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        });
        if !read {
            return Err(format!(
                "custom.evaluates names `{collection}`, which custom.reads does not list"
            ));
        }
    }
    if let Some(scope) = &meta.scope {
        if scope != "package" {
            return Err(format!(
                "scope `{scope}`: palisade rules are package-scoped"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# METADATA\n# title: T\n# description: |\n#   Why.\n# custom:\n#   id: PAL-NET-001\n#   severity: high\n#   remediation: Fix it.\n#   family: security-group\n#   reads: [security_groups]\n#   formats: [plan, cfn]\npackage palisade.network.x\n";

    #[test]
    fn parses_a_complete_block() {
        let meta = parse(GOOD).unwrap();
        assert_eq!(meta.custom.id, "PAL-NET-001");
        assert_eq!(meta.custom.severity, Severity::High);
        assert_eq!(meta.description, "Why.\n");
    }

    #[test]
    fn rejects_unknown_keys_and_bad_values() {
        let typo = GOOD.replace("severity: high", "severity: high\n#   severty: low");
        assert!(matches!(
            parse(&typo),
            Err(MetadataError::Invalid { line: 1, .. })
        ));
        let bad = GOOD.replace("severity: high", "severity: urgent");
        assert!(parse(&bad).is_err());
        let bad_id = GOOD.replace("PAL-NET-001", "PAL-NET-1");
        assert!(parse(&bad_id).is_err());
        assert_eq!(parse("package x\n"), Err(MetadataError::Missing));
    }

    #[test]
    fn evaluates_must_name_what_the_rule_reads() {
        let narrowed = GOOD.replace(
            "reads: [security_groups]",
            "reads: [data_stores, iam]\n#   evaluates: {data_stores: [s3_bucket], iam.roles: []}",
        );
        let meta = parse(&narrowed).unwrap();
        assert_eq!(meta.custom.evaluates["data_stores"], ["s3_bucket"]);
        let unread = GOOD.replace(
            "reads: [security_groups]",
            "reads: [security_groups]\n#   evaluates: {kms_keys: []}",
        );
        assert!(parse(&unread).is_err());
    }
}
