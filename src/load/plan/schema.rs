//! The parts of `terraform show -json` the loader reads, as serde types.
//!
//! Deserialising into these types (rather than a whole `serde_json::Value` tree) lets
//! serde skip what we never look at — `before`, `*_sensitive`,
//! `resource_drift` — without building it, and turns attribute values
//! straight into [`Value`]s. Every field is optional or defaults when absent or `null`:
//! Terraform versions 0.12 to 1.x differ in which fields they write, and a missing field
//! must not stop a scan. A field of the wrong *type* is still an error with a line and
//! column, because that is not a plan Terraform wrote.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use crate::model::value::{Map, Value};

/// Missing and `null` both mean "empty".
fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[derive(serde::Deserialize)]
pub(super) struct Plan {
    pub format_version: Option<Json>,
    pub planned_values: Option<PlannedValues>,
    pub resource_changes: Option<Vec<ResourceChange>>,
    pub configuration: Option<Configuration>,
    /// The state before the plan; only its data sources are read (those Terraform read
    /// while planning, e.g. the account id), the rest is what the plan replaces.
    pub prior_state: Option<PriorState>,
    /// Present in `terraform show -json` of a *state*, which is not a plan; only used to
    /// say so in the error.
    pub values: Option<IgnoredAny>,
    /// Terraform ≥ 1.6: planning failed part-way, so the plan may be missing resources.
    pub errored: Option<Json>,
    /// Terraform ≥ 1.8: `false` when some changes were deferred to a later plan.
    pub complete: Option<Json>,
    /// The root module's variable values the plan was made with; mapping the plan onto
    /// its source evaluates the source with them. Read loosely (any JSON): a malformed
    /// entry only costs the mapping that value, never the scan.
    pub variables: Option<Json>,
}

#[derive(serde::Deserialize)]
pub(super) struct PriorState {
    pub values: Option<PlannedValues>,
}

#[derive(serde::Deserialize)]
pub(super) struct PlannedValues {
    pub root_module: Option<PlannedModule>,
}

#[derive(serde::Deserialize)]
pub(super) struct PlannedModule {
    #[serde(default, deserialize_with = "null_default")]
    pub resources: Vec<PlannedResource>,
    #[serde(default, deserialize_with = "null_default")]
    pub child_modules: Vec<PlannedModule>,
}

#[derive(serde::Deserialize)]
pub(super) struct PlannedResource {
    pub address: Option<String>,
    pub mode: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub values: Option<PlanValue>,
}

#[derive(serde::Deserialize)]
pub(super) struct ResourceChange {
    pub address: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Set on changes to *deposed* objects (left over from create-before-destroy); they
    /// share the current object's address and must not decide its fate.
    pub deposed: Option<Json>,
    pub change: Option<Change>,
}

#[derive(serde::Deserialize)]
pub(super) struct Change {
    #[serde(default, deserialize_with = "null_default")]
    pub actions: Vec<String>,
    pub after: Option<PlanValue>,
    pub after_unknown: Option<Json>,
}

#[derive(serde::Deserialize)]
pub(super) struct Configuration {
    pub root_module: Option<ConfigModule>,
}

#[derive(Default, serde::Deserialize)]
pub(super) struct ConfigModule {
    #[serde(default, deserialize_with = "null_default")]
    pub resources: Vec<ConfigResource>,
    #[serde(default, deserialize_with = "null_default")]
    pub module_calls: BTreeMap<String, ModuleCall>,
    #[serde(default, deserialize_with = "null_default")]
    pub outputs: BTreeMap<String, ConfigOutput>,
}

#[derive(serde::Deserialize)]
pub(super) struct ConfigResource {
    pub address: Option<String>,
    pub mode: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub name: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub expressions: serde_json::Map<String, Json>,
}

impl ConfigResource {
    /// `TYPE.NAME` or `data.TYPE.NAME` within its module. Built from `mode`/`type`/`name`
    /// because older Terraform versions wrote module-relative `address`es and newer ones
    /// may not; the address is the fallback.
    pub fn base(&self) -> Option<String> {
        match (&self.mode, &self.kind, &self.name) {
            (Some(mode), Some(kind), Some(name)) if mode == "data" => {
                Some(format!("data.{kind}.{name}"))
            }
            (_, Some(kind), Some(name)) => Some(format!("{kind}.{name}")),
            _ => {
                let address = super::address::parse_address(self.address.as_deref()?)?;
                Some(address.base)
            }
        }
    }
}

#[derive(serde::Deserialize)]
pub(super) struct ModuleCall {
    #[serde(default, deserialize_with = "null_default")]
    pub expressions: serde_json::Map<String, Json>,
    pub module: Option<ConfigModule>,
}

#[derive(serde::Deserialize)]
pub(super) struct ConfigOutput {
    pub expression: Option<Json>,
}

/// An attribute value deserialised directly into the model's [`Value`], skipping the
/// intermediate `serde_json::Value` (plans repeat every value twice, in `planned_values`
/// and `resource_changes`, so the copy is worth avoiding). Depth is bounded by
/// serde_json's recursion limit (128), so the recursion here is too.
pub(super) struct PlanValue(pub Value);

impl<'de> Deserialize<'de> for PlanValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(PlanValue)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(PlanValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some((key, PlanValue(value))) = access.next_entry::<String, PlanValue>()? {
            map.insert(key, value);
        }
        Ok(Value::Map(map))
    }
}
