//! The `Conditions` section, evaluated with the parameter defaults. Three-valued: a
//! condition that depends on something only deployment knows (a pseudo parameter, a
//! parameter without a default, an import) is undecided, and so is one in a cycle.

use super::node::{Node, MAX_DEPTH};
use super::template::Context;
use crate::load::LoadError;
use crate::model::value::Value;
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Undecided,
}

impl Tri {
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Undecided => Tri::Undecided,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CondState {
    Evaluating,
    Done(Tri),
}

impl Context<'_> {
    /// The value of the condition `name` (memoised); `span` is where it is referenced.
    pub fn condition_named(
        &mut self,
        name: &str,
        span: Span,
        depth: usize,
    ) -> Result<Tri, LoadError> {
        match self.condition_state.get(name) {
            Some(CondState::Done(value)) => return Ok(*value),
            Some(CondState::Evaluating) => {
                self.warn(
                    span,
                    format!("condition {name} depends on itself; it is treated as undecided"),
                );
                return Ok(Tri::Undecided);
            }
            None => {}
        }
        let Some(node) = self.conditions.get(name).copied() else {
            self.warn(
                span,
                format!(
                    "condition {name} is not defined in Conditions; it is treated as undecided"
                ),
            );
            self.condition_state
                .insert(name.to_owned(), CondState::Done(Tri::Undecided));
            return Ok(Tri::Undecided);
        };
        self.condition_state
            .insert(name.to_owned(), CondState::Evaluating);
        let value = self.condition_expr(node, depth + 1)?;
        self.condition_state
            .insert(name.to_owned(), CondState::Done(value));
        Ok(value)
    }

    /// A condition expression: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`.
    pub fn condition_expr(&mut self, node: &Node, depth: usize) -> Result<Tri, LoadError> {
        if depth > MAX_DEPTH {
            return Err(LoadError::at(
                format!("conditions nest deeper than {MAX_DEPTH} levels"),
                node.span,
            ));
        }
        let Some([call]) = node.entries() else {
            return Ok(self.bad_condition(node.span, "a condition function"));
        };
        let arg = &call.value;
        match call.key.as_str() {
            "Condition" => match arg.as_str() {
                Some(name) => self.condition_named(name, arg.span, depth + 1),
                None => Ok(self.bad_condition(node.span, "Condition: ConditionName")),
            },
            "Fn::Equals" => {
                let Some([a, b]) = arg.items() else {
                    return Ok(self.bad_condition(node.span, "Fn::Equals [value, value]"));
                };
                let a = self.resolve(a, depth + 1, None)?;
                let b = self.resolve(b, depth + 1, None)?;
                Ok(match (a, b) {
                    (Some(a), Some(b)) if !a.contains_unknown() && !b.contains_unknown() => {
                        if canonical(&a) == canonical(&b) {
                            Tri::True
                        } else {
                            Tri::False
                        }
                    }
                    _ => Tri::Undecided,
                })
            }
            name @ ("Fn::And" | "Fn::Or") => {
                let and = name == "Fn::And";
                let Some(items) = arg.items().filter(|items| !items.is_empty()) else {
                    return Ok(self.bad_condition(node.span, "Fn::And/Fn::Or [conditions]"));
                };
                let (decisive, other) = if and {
                    (Tri::False, Tri::True)
                } else {
                    (Tri::True, Tri::False)
                };
                let mut result = other;
                for item in items {
                    match self.condition_expr(item, depth + 1)? {
                        t if t == decisive => return Ok(decisive),
                        Tri::Undecided => result = Tri::Undecided,
                        _ => {}
                    }
                }
                Ok(result)
            }
            "Fn::Not" => match arg.items() {
                Some([inner]) => Ok(self.condition_expr(inner, depth + 1)?.not()),
                _ => Ok(self.bad_condition(node.span, "Fn::Not [condition]")),
            },
            _ => Ok(self.bad_condition(node.span, "a condition function")),
        }
    }

    fn bad_condition(&mut self, span: Span, expected: &str) -> Tri {
        self.warn(
            span,
            format!("malformed condition: expected {expected}; it is treated as undecided"),
        );
        Tri::Undecided
    }
}

/// CloudFormation compares the string forms of values: `1` equals `"1"`, `true` `"true"`.
fn canonical(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::String(String::new()),
        Value::Bool(b) => serde_json::Value::String(b.to_string()),
        Value::Number(n) => serde_json::Value::String(n.to_string()),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::List(items) => serde_json::Value::Array(items.iter().map(canonical).collect()),
        Value::Map(map) => {
            serde_json::Value::Object(map.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
        }
        Value::Unknown(_) => serde_json::Value::Null,
    }
}
