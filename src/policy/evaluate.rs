//! Evaluation: one policy input per scan unit, every rule's `deny` and `undecided`
//! sets read back into raw findings. A rule that errors, runs past its time limit or
//! returns a malformed result becomes a policy-error notification — never a pass.

use std::num::NonZeroU32;
use std::time::Duration;

use regorus::utils::limits::ExecutionTimerConfig;

use super::{PolicySet, Rule};
use crate::diagnostics::{Notification, Stage};
use crate::model::{AttrPath, PathSegment};

/// How long one rule may run on one scan unit before it is stopped and reported.
pub const RULE_TIME_LIMIT: Duration = Duration::from_secs(5);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The resource breaks the rule.
    Violation,
    /// The deciding value is unknown until apply, or could not be resolved.
    Undecided,
}

/// What a policy said, before locations and metadata are attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFinding {
    pub rule_index: usize,
    pub outcome: Outcome,
    pub resource: String,
    pub path: AttrPath,
    pub message: String,
}

pub fn configure_engine(engine: &mut regorus::Engine) {
    engine.set_execution_timer_config(ExecutionTimerConfig {
        limit: RULE_TIME_LIMIT,
        check_interval: NonZeroU32::MIN.saturating_add(63),
    });
    // A builtin given a wrong type is an error, not an undefined that would read as "no finding".
    engine.set_strict_builtin_errors(true);
}

/// Whether regorus stopped an evaluation at its time limit (it checks the clock between
/// evaluation steps; a single builtin call runs to its end).
fn out_of_time(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<regorus::utils::limits::LimitError>()
            .is_some_and(|limit| {
                matches!(
                    limit,
                    regorus::utils::limits::LimitError::TimeLimitExceeded { .. }
                )
            })
    }) || error.to_string().contains("exceeded time limit")
}

/// The input of an estate with nothing in it.
pub fn empty_input() -> regorus::Value {
    regorus::Value::from(
        serde_json::to_value(crate::model::Estate::default()).unwrap_or(serde_json::Value::Null),
    )
}

impl PolicySet {
    /// Evaluates every rule on one input. `engine` is a clone of `self.engine` owned by
    /// the calling worker.
    pub fn evaluate(
        &self,
        engine: &mut regorus::Engine,
        input: regorus::Value,
    ) -> (Vec<RawFinding>, Vec<Notification>) {
        engine.set_input(input);
        let mut findings = Vec::new();
        let mut notes = Vec::new();
        for (rule_index, rule) in self.rules.iter().enumerate() {
            match eval_rule_raw(engine, rule) {
                Ok(results) => {
                    for (outcome, value) in results {
                        match parse_result(&value) {
                            Ok((resource, path, message)) => findings.push(RawFinding {
                                rule_index,
                                outcome,
                                resource,
                                path,
                                message,
                            }),
                            Err(problem) => notes.push(
                                Notification::error(
                                    Stage::Policy,
                                    format!("rule returned a malformed finding ({problem})"),
                                )
                                .for_rule(rule.id())
                                .in_file(&rule.origin),
                            ),
                        }
                    }
                }
                Err(note) => notes.push(note),
            }
        }
        (findings, notes)
    }
}

/// Evaluates `deny` and `undecided` of one rule; every element of each set is returned.
pub fn eval_rule_raw(
    engine: &mut regorus::Engine,
    rule: &Rule,
) -> Result<Vec<(Outcome, regorus::Value)>, Notification> {
    let mut out = Vec::new();
    let parts: &[(&str, Outcome)] = if rule.has_undecided {
        &[
            ("deny", Outcome::Violation),
            ("undecided", Outcome::Undecided),
        ]
    } else {
        &[("deny", Outcome::Violation)]
    };
    for &(name, outcome) in parts {
        let value = engine
            .eval_rule(format!("{}.{name}", rule.package))
            .map_err(|e| {
                let message = if out_of_time(&e) {
                    format!(
                        "rule stopped: `{name}` ran past the time limit of {} s for one rule on \
                         one scan unit; its findings there are unknown",
                        RULE_TIME_LIMIT.as_secs()
                    )
                } else {
                    format!("rule failed to evaluate `{name}`: {e}")
                };
                Notification::error(Stage::Policy, message)
                    .for_rule(rule.id())
                    .in_file(&rule.origin)
            })?;
        match value {
            regorus::Value::Undefined => {}
            regorus::Value::Set(set) => out.extend(set.iter().map(|v| (outcome, v.clone()))),
            regorus::Value::Array(items) => out.extend(items.iter().map(|v| (outcome, v.clone()))),
            other => {
                return Err(Notification::error(
                    Stage::Policy,
                    format!("`{name}` must be a set of findings, got {other}"),
                )
                .for_rule(rule.id())
                .in_file(&rule.origin))
            }
        }
    }
    Ok(out)
}

fn parse_result(value: &regorus::Value) -> Result<(String, AttrPath, String), String> {
    let field = |name: &str| value[&regorus::Value::from(name)].clone();
    let resource = match field("resource") {
        regorus::Value::String(s) => s.to_string(),
        _ => return Err("`resource` must be a string".into()),
    };
    let message = match field("message") {
        regorus::Value::String(s) => s.to_string(),
        _ => return Err("`message` must be a string".into()),
    };
    let path = match field("path") {
        regorus::Value::Undefined | regorus::Value::Null => Vec::new(),
        regorus::Value::Array(items) => items
            .iter()
            .map(|item| match item {
                regorus::Value::String(s) => Ok(PathSegment::Key(s.to_string())),
                regorus::Value::Number(n) => n
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .map(PathSegment::Index)
                    .ok_or_else(|| "`path` indexes must be non-negative integers".to_owned()),
                _ => Err("`path` must hold strings and integers".to_owned()),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("`path` must be an array".into()),
    };
    Ok((resource, path, message))
}
