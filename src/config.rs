//! `palisade.toml`: a team's gate settings in the repository, so the pre-commit hook, the
//! CI job and a developer's shell agree without repeating flags.
//!
//! Found by walking up from the first scanned path to the repository root (a directory
//! with `.git`), or named with `--config`; `--no-config` ignores it. Paths in it are
//! relative to the file's directory. The command line beats the file, the file beats the
//! defaults; for lists (excludes, policy directories, data files) the command line's are
//! added after the file's, so a `--data` file still wins over the file's.
//!
//! Unknown keys are errors with their line: a misspelt `fail-on` must not silently
//! leave the gate at its default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use serde::Deserialize;

use crate::policy::Severity;
use crate::source::{display_path, Location, SourceFile};

pub const FILE_NAME: &str = "palisade.toml";

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    fail_on: Option<String>,
    fail_on_undecided: Option<bool>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    policy: Vec<PathBuf>,
    #[serde(default)]
    data: Vec<PathBuf>,
    baseline: Option<PathBuf>,
    sarif_category: Option<String>,
    max_file_size: Option<RawSize>,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    plans: Vec<RawPlan>,
    #[serde(default)]
    outputs: Vec<RawOutput>,
    #[serde(default)]
    suppress: Vec<toml::Spanned<RawSuppression>>,
    #[serde(default)]
    inline_suppressions: RawInline,
}

/// `max-file-size = 1048576` or `max-file-size = "64MiB"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawSize {
    Bytes(u64),
    Text(String),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRules {
    /// Rule ids or id prefixes (`PAL-IAM-`); empty means every rule.
    #[serde(default)]
    enable: Vec<String>,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPlan {
    plan: PathBuf,
    source: PathBuf,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOutput {
    format: String,
    file: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSuppression {
    rule: Option<String>,
    #[serde(default)]
    rules: Vec<String>,
    /// A glob over resource addresses / logical ids (`module.website.*`).
    resource: Option<String>,
    /// A glob over the reported file (`legacy/**`).
    file: Option<String>,
    reason: Option<String>,
    until: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawInline {
    /// Rules a comment in the code may not waive (only this file can).
    #[serde(default)]
    forbid_rules: Vec<String>,
    /// Severities a comment in the code may not waive.
    #[serde(default)]
    forbid_severities: Vec<Severity>,
}

/// A loaded `palisade.toml`, paths resolved against its directory.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file, as displayed.
    pub file: String,
    pub fail_on: Option<String>,
    pub fail_on_undecided: Option<bool>,
    pub exclude: Vec<String>,
    pub policy: Vec<PathBuf>,
    pub data: Vec<PathBuf>,
    pub baseline: Option<PathBuf>,
    pub sarif_category: Option<String>,
    /// `max-file-size`: the largest input file read.
    pub max_file_size: Option<crate::load::read::MaxFileSize>,
    pub enable: Vec<String>,
    pub disable: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    /// (plan, its root module).
    pub plans: Vec<(PathBuf, PathBuf)>,
    /// (format name, file).
    pub outputs: Vec<(String, Option<PathBuf>)>,
    pub suppressions: Vec<ConfigSuppression>,
    pub inline: crate::suppress::InlinePolicy,
}

/// A suppression declared in the config file: SARIF calls it *external*.
#[derive(Clone, Debug)]
pub struct ConfigSuppression {
    pub rules: Vec<String>,
    pub resource: Option<String>,
    pub file: Option<String>,
    /// Empty when the entry has none: it then waives nothing, with a warning.
    pub reason: String,
    pub until: Option<String>,
    pub location: Location,
}

/// The config file for a scan of `paths`: `explicit`, else the nearest `palisade.toml`
/// at or above the first path, up to the repository root.
pub fn find(paths: &[PathBuf], explicit: Option<&Path>) -> Result<Option<Config>> {
    if let Some(file) = explicit {
        return load(file).map(Some);
    }
    let Some(first) = paths.first() else {
        return Ok(None);
    };
    let start = if first.is_dir() {
        first.clone()
    } else {
        first.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let mut dir = std::fs::canonicalize(if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &start
    })
    .ok();
    while let Some(current) = dir {
        let candidate = current.join(FILE_NAME);
        if candidate.is_file() {
            // Shown relative to the scanned path, as other files are.
            let shown = relative_to(&start, &current).join(FILE_NAME);
            return load(&shown).map(Some);
        }
        if current.join(".git").exists() {
            break;
        }
        dir = current.parent().map(Path::to_path_buf);
    }
    Ok(None)
}

/// `start` joined with as many `..` as it takes to reach `ancestor`.
fn relative_to(start: &Path, ancestor: &Path) -> PathBuf {
    let canonical = std::fs::canonicalize(if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    })
    .unwrap_or_else(|_| start.to_path_buf());
    let ups = canonical
        .strip_prefix(ancestor)
        .map(|rest| rest.components().count())
        .unwrap_or(0);
    let mut out = start.to_path_buf();
    for _ in 0..ups {
        out.push("..");
    }
    normalise(&out)
}

/// `a/b/../..` → `.`, `a/b/..` → `a`: what `display_path` shows must be readable.
fn normalise(path: &Path) -> PathBuf {
    let mut parts: Vec<std::path::Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir
                if matches!(parts.last(), Some(std::path::Component::Normal(_))) =>
            {
                parts.pop();
            }
            std::path::Component::CurDir => {}
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        PathBuf::from(".")
    } else {
        parts.iter().collect()
    }
}

/// Reads and checks one config file.
pub fn load(path: &Path) -> Result<Config> {
    let shown = display_path(path);
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
    let text =
        crate::load::decode::decode_text(&bytes).map_err(|e| anyhow!("{shown}: {}", e.message))?;
    let source = SourceFile::new(path.to_path_buf(), shown.clone(), text);
    let raw: Raw = toml::from_str(&source.text).map_err(|e| {
        let at = e
            .span()
            .map(|span| {
                let at = source.line_col(span.start);
                format!(":{}:{}", at.line, at.column)
            })
            .unwrap_or_default();
        anyhow!("{shown}{at}: {}", e.message())
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let resolve = |p: &PathBuf| normalise(&base.join(p));
    let mut suppressions = Vec::new();
    for entry in &raw.suppress {
        let span = entry.span();
        let location = Location::of(
            &source,
            crate::source::Span::new(span.start, span.start.saturating_add(1).min(span.end)),
        );
        let item = entry.get_ref();
        let mut rules: Vec<String> = item.rules.clone();
        rules.extend(item.rule.clone());
        if rules.is_empty() {
            bail!(
                "{}:{}: a [[suppress]] entry needs `rule` or `rules`",
                shown,
                location.start.line
            );
        }
        for glob in [&item.resource, &item.file].into_iter().flatten() {
            globset::Glob::new(glob).map_err(|e| {
                anyhow!(
                    "{}:{}: invalid glob `{glob}`: {e}",
                    shown,
                    location.start.line
                )
            })?;
        }
        suppressions.push(ConfigSuppression {
            rules,
            resource: item.resource.clone(),
            file: item.file.clone(),
            reason: item.reason.clone().unwrap_or_default().trim().to_owned(),
            until: item.until.clone(),
            location,
        });
    }
    let max_file_size = match &raw.max_file_size {
        None => None,
        Some(RawSize::Bytes(n)) => Some(crate::load::read::parse_size(&n.to_string())),
        Some(RawSize::Text(text)) => Some(crate::load::read::parse_size(text)),
    }
    .transpose()
    .map_err(|e| anyhow!("{shown}: max-file-size: {e}"))?;
    Ok(Config {
        file: shown,
        fail_on: raw.fail_on,
        fail_on_undecided: raw.fail_on_undecided,
        exclude: raw.exclude,
        policy: raw.policy.iter().map(resolve).collect(),
        data: raw.data.iter().map(resolve).collect(),
        baseline: raw.baseline.as_ref().map(resolve),
        sarif_category: raw.sarif_category,
        max_file_size,
        enable: raw.rules.enable,
        disable: raw.rules.disable,
        severity: raw.rules.severity,
        plans: raw
            .plans
            .iter()
            .map(|p| (resolve(&p.plan), resolve(&p.source)))
            .collect(),
        outputs: raw
            .outputs
            .into_iter()
            .map(|o| (o.format, o.file.as_ref().map(resolve)))
            .collect(),
        suppressions,
        inline: crate::suppress::InlinePolicy {
            forbid_rules: raw.inline_suppressions.forbid_rules,
            forbid_severities: raw.inline_suppressions.forbid_severities,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text)?;
        load(&path)
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let error = parse("fail-on = \"low\"\nfail_on = \"low\"\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("palisade.toml:2:1"), "{error}");
        assert!(error.contains("unknown field `fail_on`"), "{error}");
    }

    #[test]
    fn a_suppression_needs_a_rule() {
        let error = parse("[[suppress]]\nreason = \"x\"\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains(":1: a [[suppress]] entry needs"), "{error}");
    }

    #[test]
    fn everything_reads() -> Result<()> {
        let config = parse(
            r#"
fail-on = "medium"
exclude = ["examples/**"]
policy = ["rules"]

[rules]
disable = ["PAL-NET-005"]
severity = { "PAL-ECR-002" = "info" }

[[plans]]
plan = "plans/prod.json"
source = "envs/prod"

[[suppress]]
rule = "PAL-S3-002"
resource = "module.website.*"
reason = "public website"
until = "2027-03-31"

[inline-suppressions]
forbid-severities = ["critical"]
"#,
        )?;
        assert_eq!(config.fail_on.as_deref(), Some("medium"));
        assert!(config.policy.first().is_some_and(|p| p.ends_with("rules")));
        assert_eq!(config.severity.get("PAL-ECR-002"), Some(&Severity::Info));
        assert_eq!(
            config.suppressions.first().map(|s| s.location.start.line),
            Some(14)
        );
        assert_eq!(config.inline.forbid_severities, vec![Severity::Critical]);
        Ok(())
    }

    #[test]
    fn paths_normalise() {
        assert_eq!(normalise(Path::new("a/b/../..")), PathBuf::from("."));
        assert_eq!(normalise(Path::new("a/./b/..")), PathBuf::from("a"));
        assert_eq!(normalise(Path::new("../x")), PathBuf::from("../x"));
    }
}
