//! Coverage: which resources a rule judged in one scan unit. A rule that finds nothing
//! has either looked at compliant resources or had nothing to look at, and only the
//! estate can tell the two apart; the compliance report needs the difference, so that a
//! control never "passes" by not looking.
//!
//! A rule judges the elements of the `input.aws` collections its metadata names:
//! `custom.evaluates` (collection → element `kind`s) where that is narrower than what it
//! reads, else every collection of `custom.reads`. Elements are counted by the resource
//! they were declared in, and only resources the unit declares count (not placeholders
//! for groups or ACLs that live elsewhere).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::metadata::Custom;
use super::Rule;

/// What one scan unit is, and how many of its resources each rule judged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UnitCoverage {
    /// The unit as reports name it: the file, or the root module's directory.
    pub unit: String,
    /// `terraform`, `terraform-plan`, `terraform-state`, `cloudformation`.
    pub format: &'static str,
    /// The unit's files (a root module has several), as displayed.
    pub files: Vec<String>,
    /// Resources (and data sources) the unit declares.
    pub resources: usize,
    /// Resources each rule judged, by rule id; rules that judged none are left out.
    pub evaluated: BTreeMap<String, usize>,
    /// The `arn` attribute of resources that findings name, where the model knows it
    /// (state records it; source and templates usually do not), by resource id.
    #[serde(skip)]
    pub arns: BTreeMap<String, String>,
}

/// The collections a rule judges, each with the element kinds it looks at (empty: all).
pub fn subjects(custom: &Custom) -> Vec<(&str, &[String])> {
    if custom.evaluates.is_empty() {
        custom.reads.iter().map(|r| (r.as_str(), &[][..])).collect()
    } else {
        custom
            .evaluates
            .iter()
            .map(|(collection, kinds)| (collection.as_str(), kinds.as_slice()))
            .collect()
    }
}

/// The subjects in words, for a report saying there were none: `kms_keys`,
/// `data_stores (rds_instance, rds_cluster)`.
pub fn describe_subjects(custom: &Custom) -> String {
    subjects(custom)
        .iter()
        .map(|(collection, kinds)| match kinds {
            [] => (*collection).to_owned(),
            kinds => format!("{collection} ({})", kinds.join(", ")),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many resources each rule judged in the unit whose policy input is `input`,
/// rules in order; a rule with nothing to judge gets 0.
pub fn evaluated_per_rule(rules: &[Rule], input: &Value) -> Vec<usize> {
    let declared: BTreeSet<&str> = input
        .get("resources")
        .and_then(Value::as_array)
        .map(|resources| {
            resources
                .iter()
                .filter_map(|r| r.get("id").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    rules
        .iter()
        .map(|rule| {
            let mut judged = BTreeSet::new();
            for (collection, kinds) in subjects(&rule.meta.custom) {
                let pointer = format!("/aws/{}", collection.replace('.', "/"));
                if let Some(node) = input.pointer(&pointer) {
                    collect_ids(node, kinds, &mut judged);
                }
            }
            judged.intersection(&declared).count()
        })
        .collect()
}

/// Adds the resource ids of the elements under `node` (a collection, or an object of
/// collections such as `iam`) whose `kind` is one of `kinds` (any, when empty).
fn collect_ids<'a>(node: &'a Value, kinds: &[String], ids: &mut BTreeSet<&'a str>) {
    match node {
        Value::Array(elements) => {
            for element in elements {
                let kind_fits = kinds.is_empty()
                    || element
                        .get("kind")
                        .and_then(Value::as_str)
                        .is_some_and(|kind| kinds.iter().any(|k| k == kind));
                if let (true, Some(id)) = (kind_fits, element.get("id").and_then(Value::as_str)) {
                    ids.insert(id);
                }
            }
        }
        Value::Object(members) => {
            for member in members.values() {
                collect_ids(member, kinds, ids);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(reads: &[&str], evaluates: &[(&str, &[&str])]) -> Rule {
        let text = "# METADATA\n# title: T\n# description: D\n# custom:\n#   id: PAL-T-001\n#   severity: low\n#   remediation: R\n#   family: f\n#   reads: []\n#   formats: [plan]\npackage t\n";
        let mut meta = super::super::metadata::parse(text).unwrap();
        meta.custom.reads = reads.iter().map(|s| (*s).to_owned()).collect();
        meta.custom.evaluates = evaluates
            .iter()
            .map(|(c, k)| ((*c).to_owned(), k.iter().map(|s| (*s).to_owned()).collect()))
            .collect();
        Rule {
            meta,
            package: "data.t".into(),
            origin: "test".into(),
            has_undecided: false,
        }
    }

    #[test]
    fn counts_declared_resources_of_the_judged_kinds_once_each() {
        let input = json!({
            "resources": [{"id": "db"}, {"id": "bucket"}, {"id": "vm"}, {"id": "role"}],
            "aws": {
                "data_stores": [
                    {"id": "db", "kind": "rds_instance"},
                    {"id": "bucket", "kind": "s3_bucket"},
                    {"id": "vm", "kind": "instance_volume"},
                    {"id": "vm", "kind": "instance_volume"}
                ],
                "security_groups": [{"id": "sg-0123", "external": true}],
                "iam": {"roles": [{"id": "role"}], "users": [], "policies": [{"id": "role", "kind": "trust"}]}
            }
        });
        let rules = [
            rule(
                &["data_stores"],
                &[("data_stores", &["rds_instance", "rds_cluster"])],
            ),
            rule(&["data_stores"], &[]),
            rule(&["data_stores"], &[("data_stores", &["instance_volume"])]),
            rule(&["security_groups"], &[]),
            rule(&["iam"], &[]),
            rule(&["kms_keys"], &[]),
        ];
        assert_eq!(evaluated_per_rule(&rules, &input), [1, 3, 1, 0, 1, 0]);
        assert_eq!(
            describe_subjects(&rules[0].meta.custom),
            "data_stores (rds_instance, rds_cluster)"
        );
        assert_eq!(describe_subjects(&rules[5].meta.custom), "kms_keys");
    }
}
