//! The frameworks the compliance report knows and their control titles
//! (`controls.yaml`, embedded), so a report reads "3.6 Ensure rotation for
//! customer-created symmetric CMKs is enabled" rather than a bare "3.6". Framework
//! mappings themselves live in each rule's metadata; this file only names things.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const CONTROLS_YAML: &str = include_str!("controls.yaml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub frameworks: Vec<FrameworkEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkEntry {
    /// The `custom.frameworks` key rules use.
    pub id: String,
    /// Other metadata keys that name controls of this framework (`aws-fsbp` for
    /// `aws-security-hub`).
    #[serde(default)]
    pub aliases: Vec<String>,
    pub title: String,
    /// The publication the titles come from.
    pub source: String,
    /// Control id → title.
    pub controls: BTreeMap<String, String>,
}

impl FrameworkEntry {
    /// Whether a rule's `custom.frameworks` key names this framework.
    pub fn is_named(&self, key: &str) -> bool {
        self.id == key || self.aliases.iter().any(|a| a == key)
    }
}

/// The embedded catalogue, parsed once. An error here is a defect in the repository
/// (`tests/compliance_report.rs` parses it), reported rather than panicking.
pub fn catalogue() -> Result<&'static Catalogue, String> {
    static CATALOGUE: OnceLock<Result<Catalogue, String>> = OnceLock::new();
    CATALOGUE
        .get_or_init(|| {
            yaml_serde::from_str(CONTROLS_YAML)
                .map_err(|e| format!("the embedded control catalogue is invalid: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// A sort key that orders control ids as people number them: `EC2.2` before `EC2.13`,
/// `2.1.4` before `2.10`, `AC-2` before `AC-2(1)` before `AC-3`.
pub fn natural_key(id: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut number: Option<u64> = None;
    for c in id.chars() {
        match (c.to_digit(10), number) {
            (Some(d), Some(n)) => number = Some(n.saturating_mul(10).saturating_add(u64::from(d))),
            (Some(d), None) => number = Some(u64::from(d)),
            (None, Some(n)) => {
                key.push((std::mem::take(&mut text), n));
                number = None;
                text.push(c);
            }
            (None, None) => text.push(c),
        }
    }
    key.push((text, number.unwrap_or(0)));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_and_orders_ids_naturally() {
        let catalogue = catalogue().unwrap();
        assert!(catalogue.frameworks.iter().any(|f| f.is_named("aws-fsbp")));
        let mut ids = vec![
            "EC2.13", "EC2.2", "AC-3", "AC-2(1)", "AC-2", "2.10", "2.1.4", "AC-2(12)",
        ];
        ids.sort_by_key(|id| natural_key(id));
        assert_eq!(
            ids,
            ["2.1.4", "2.10", "AC-2", "AC-2(1)", "AC-2(12)", "AC-3", "EC2.2", "EC2.13"]
        );
    }
}
