//! Expressions: literals, references, operators, conditionals, `for` expressions,
//! splats and templates, with unknown values propagating the way Terraform's do (an
//! unknown element leaves its list known; a conditional on an unknown is unknown unless
//! both branches agree).

use std::collections::BTreeSet;

use hcl::expr::{BinaryOperator, Expression as E, TraversalOperator, UnaryOperator};
use hcl::template::Strip;
use hcl::template::{Directive, Element, Template};

use super::eval::{Ctx, Evaluator, Scope};
use super::values::{self, MARK};
use crate::model::value::Map;
use crate::model::Value;

/// Longest string a template may build (a string doubled through locals stops here).
const MAX_TEMPLATE_BYTES: usize = 16 * 1024 * 1024;

impl Evaluator {
    pub fn eval(&mut self, ctx: Ctx, scope: &Scope<'_>, expr: &E) -> Value {
        if !self.spend(0) {
            return values::error("evaluation budget spent");
        }
        if !self.enter() {
            self.leave();
            return values::error("expression nests too deeply");
        }
        let value = self.eval_inner(ctx, scope, expr);
        self.leave();
        value
    }

    fn eval_inner(&mut self, ctx: Ctx, scope: &Scope<'_>, expr: &E) -> Value {
        match expr {
            E::Null => Value::Null,
            E::Bool(b) => Value::Bool(*b),
            E::Number(n) => n.as_f64().map_or(Value::Null, values::number),
            E::String(s) => Value::String(s.clone()),
            E::Array(items) => {
                Value::List(items.iter().map(|i| self.eval(ctx, scope, i)).collect())
            }
            E::Object(fields) => {
                let mut map = Map::new();
                for (key, value) in fields {
                    let key = match key {
                        hcl::ObjectKey::Identifier(id) => Value::String(id.to_string()),
                        // `(var.x) = …` and `"${x}" = …` are evaluated; a bare word is a name.
                        hcl::ObjectKey::Expression(E::Variable(v)) => Value::String(v.to_string()),
                        hcl::ObjectKey::Expression(e) => self.eval(ctx, scope, e),
                        _ => values::error("unsupported object key"),
                    };
                    let value = self.eval(ctx, scope, value);
                    match values::as_string(&key) {
                        Some(k) => {
                            map.insert(k, value);
                        }
                        None => return values::derived_unknown([&key, &value]),
                    }
                }
                Value::Map(map)
            }
            E::TemplateExpr(template) => match Template::from_expr(template) {
                Ok(parsed) => self.template(ctx, scope, &parsed),
                Err(e) => values::error(format!("invalid template: {e}")),
            },
            E::Variable(v) => self.name(ctx, scope, v.as_str(), &[]),
            E::Traversal(traversal) => match &traversal.expr {
                E::Variable(v) => self.name(ctx, scope, v.as_str(), &traversal.operators),
                other => {
                    let base = self.eval(ctx, scope, other);
                    self.apply(ctx, scope, base, &traversal.operators)
                }
            },
            E::FuncCall(call) => self.call(ctx, scope, call),
            E::Parenthesis(inner) => self.eval(ctx, scope, inner),
            E::Conditional(cond) => {
                let test = self.eval(ctx, scope, &cond.cond_expr);
                match values::as_bool(&test) {
                    Some(true) => self.eval(ctx, scope, &cond.true_expr),
                    Some(false) => self.eval(ctx, scope, &cond.false_expr),
                    None if test.is_unknown() => {
                        let a = self.eval(ctx, scope, &cond.true_expr);
                        let b = self.eval(ctx, scope, &cond.false_expr);
                        if values::equal(&a, &b) == Some(true) {
                            a
                        } else {
                            values::derived_unknown([&test, &a, &b])
                        }
                    }
                    None => values::error(format!(
                        "a condition must be a bool, not {}",
                        values::type_name(&test)
                    )),
                }
            }
            E::Operation(op) => match op.as_ref() {
                hcl::Operation::Unary(u) => {
                    let value = self.eval(ctx, scope, &u.expr);
                    unary(u.operator, value)
                }
                hcl::Operation::Binary(b) => {
                    self.binary(ctx, scope, &b.lhs_expr, b.operator, &b.rhs_expr)
                }
            },
            E::ForExpr(for_expr) => self.for_expr(ctx, scope, for_expr),
            _ => values::error("unsupported expression"),
        }
    }

    /// A name and what follows it: `var.x`, `local.y`, `aws_s3_bucket.b.arn`, `each.value`.
    fn name(
        &mut self,
        ctx: Ctx,
        scope: &Scope<'_>,
        root: &str,
        ops: &[TraversalOperator],
    ) -> Value {
        if let Some((value, notes)) = scope.lookup(root) {
            let (value, notes) = (value.clone(), notes.clone());
            self.push_notes(&notes);
            return self.apply(ctx, scope, value, ops);
        }
        let attr = |i: usize| match ops.get(i) {
            Some(TraversalOperator::GetAttr(id)) => Some(id.as_str()),
            _ => None,
        };
        if ctx.isolated {
            return values::error(format!("{root} cannot be referenced here"));
        }
        let rest = |n: usize| ops.get(n..).unwrap_or_default();
        match root {
            "var" => match attr(0) {
                Some(name) => {
                    let value = self.var_value(ctx.inst, name);
                    self.apply(ctx, scope, value, rest(1))
                }
                None => values::error("var needs an attribute"),
            },
            "local" => match attr(0) {
                Some(name) => match self.local_value_by_name(ctx.inst, name) {
                    Some(value) => self.apply(ctx, scope, value, rest(1)),
                    None => values::error(format!("local.{name} is not declared")),
                },
                None => values::error("local needs an attribute"),
            },
            "module" => match attr(0) {
                Some(name) => {
                    let value = self.module_by_name(ctx.inst, name);
                    self.apply(ctx, scope, value, rest(1))
                }
                None => values::error("module needs an attribute"),
            },
            "data" => match (attr(0), attr(1)) {
                (Some(kind), Some(name)) => {
                    let value = self.resource_by_address(ctx.inst, &format!("data.{kind}.{name}"));
                    self.apply(ctx, scope, value, rest(2))
                }
                _ => values::error("data needs a type and a name"),
            },
            "path" => {
                let value = match attr(0) {
                    Some("module") => Value::String(self.module_path(ctx.inst)),
                    Some("root") => Value::String(".".into()),
                    _ => values::unknown("path.cwd is not evaluated", BTreeSet::new()),
                };
                self.apply(ctx, scope, value, rest(1))
            }
            "terraform" => match attr(0) {
                Some("workspace") => Value::String("default".into()),
                _ => values::unknown(format!("{root} is not evaluated"), BTreeSet::new()),
            },
            "count" | "each" | "self" => {
                values::unknown(format!("{root} is not available here"), BTreeSet::new())
            }
            kind => match attr(0) {
                Some(name) => {
                    let value = self.resource_by_address(ctx.inst, &format!("{kind}.{name}"));
                    self.apply(ctx, scope, value, rest(1))
                }
                None => values::error(format!("unknown name {kind}")),
            },
        }
    }

    /// Applies traversal operators (`.attr`, `[i]`, splats) to a value.
    fn apply(
        &mut self,
        ctx: Ctx,
        scope: &Scope<'_>,
        value: Value,
        ops: &[TraversalOperator],
    ) -> Value {
        let mut current = value;
        for (i, op) in ops.iter().enumerate() {
            match op {
                TraversalOperator::GetAttr(name) => current = get_attr(current, name.as_str()),
                TraversalOperator::Index(index) => {
                    let key = self.eval(ctx, scope, index);
                    current = index_value(current, &key);
                }
                TraversalOperator::LegacyIndex(n) => {
                    current = index_value(current, &values::int(*n as i64))
                }
                TraversalOperator::AttrSplat | TraversalOperator::FullSplat => {
                    let rest = ops.get(i + 1..).unwrap_or_default();
                    return match current {
                        Value::List(items) => Value::List(
                            items
                                .into_iter()
                                .map(|item| self.apply(ctx, scope, item, rest))
                                .collect(),
                        ),
                        Value::Null => Value::List(Vec::new()),
                        Value::Unknown(_) => values::derived_unknown([&current]),
                        Value::Map(map) if !map.contains_key(MARK) => {
                            // A splat over a map of instances (`for_each`) is not allowed in
                            // Terraform; over one object it wraps it in a list.
                            Value::List(vec![self.apply(ctx, scope, Value::Map(map), rest)])
                        }
                        single => Value::List(vec![self.apply(ctx, scope, single, rest)]),
                    };
                }
            }
        }
        current
    }

    fn binary(
        &mut self,
        ctx: Ctx,
        scope: &Scope<'_>,
        lhs: &E,
        op: BinaryOperator,
        rhs: &E,
    ) -> Value {
        let a = self.eval(ctx, scope, lhs);
        // `&&` and `||` decide on a known left side alone when they can.
        match (op, values::as_bool(&a)) {
            (BinaryOperator::And, Some(false)) => return Value::Bool(false),
            (BinaryOperator::Or, Some(true)) => return Value::Bool(true),
            _ => {}
        }
        let b = self.eval(ctx, scope, rhs);
        binary_values(op, &a, &b)
    }

    fn for_expr(&mut self, ctx: Ctx, scope: &Scope<'_>, f: &hcl::expr::ForExpr) -> Value {
        let collection = self.eval(ctx, scope, &f.collection_expr);
        let Some(pairs) = values::pairs(&collection) else {
            return match &collection {
                Value::Unknown(_) => values::derived_unknown([&collection]),
                Value::Null => values::error("a for expression over null"),
                other => values::error(format!("cannot iterate over {}", values::type_name(other))),
            };
        };
        let mut list = Vec::new();
        let mut object = Map::new();
        let mut grouped: std::collections::BTreeMap<String, Vec<Value>> =
            std::collections::BTreeMap::new();
        for (key, value) in pairs {
            let notes = std::rc::Rc::new(Vec::new());
            let with_value = scope.bind(f.value_var.as_str(), value, notes.clone());
            let key_name = f
                .key_var
                .as_ref()
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default();
            let inner = with_value.bind(key_name, key, notes);
            if let Some(cond) = &f.cond_expr {
                let keep = self.eval(ctx, &inner, cond);
                match values::as_bool(&keep) {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return values::derived_unknown([&keep, &collection]),
                }
            }
            let value = self.eval(ctx, &inner, &f.value_expr);
            if !self.spend(text_bytes(&value)) {
                return values::error("evaluation budget spent");
            }
            match &f.key_expr {
                None => list.push(value),
                Some(key_expr) => {
                    let key = self.eval(ctx, &inner, key_expr);
                    let Some(key) = values::as_string(&key) else {
                        return values::derived_unknown([&key, &collection]);
                    };
                    if f.grouping {
                        grouped.entry(key).or_default().push(value);
                    } else {
                        object.insert(key, value);
                    }
                }
            }
        }
        if f.key_expr.is_none() {
            Value::List(list)
        } else if f.grouping {
            Value::Map(
                grouped
                    .into_iter()
                    .map(|(k, v)| (k, Value::List(v)))
                    .collect(),
            )
        } else {
            Value::Map(object)
        }
    }

    /// A string template. A template that is one interpolation and nothing else yields
    /// the interpolated value itself (`"${var.list}"` is a list), as in Terraform.
    pub fn template(&mut self, ctx: Ctx, scope: &Scope<'_>, template: &Template) -> Value {
        if let [Element::Interpolation(only)] = template.elements() {
            return self.eval(ctx, scope, &only.expr);
        }
        let mut out = String::new();
        let mut unknowns = Vec::new();
        self.render(
            ctx,
            scope,
            template,
            Strip::None,
            Strip::None,
            &mut out,
            &mut unknowns,
        );
        if !self.spend(out.len() as u64) {
            return values::error("evaluation budget spent");
        }
        if out.len() > MAX_TEMPLATE_BYTES {
            return self.too_large(format!(
                "a template builds a string longer than {} MiB",
                MAX_TEMPLATE_BYTES >> 20
            ));
        }
        if unknowns.is_empty() {
            Value::String(out)
        } else {
            values::with_template(values::derived_unknown(&unknowns), out)
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn render(
        &mut self,
        ctx: Ctx,
        scope: &Scope<'_>,
        template: &Template,
        prev_strip: Strip,
        next_strip: Strip,
        out: &mut String,
        unknowns: &mut Vec<Value>,
    ) {
        let elements = template.elements();
        for (i, element) in elements.iter().enumerate() {
            let prev = if i == 0 {
                prev_strip
            } else {
                elements.get(i - 1).map_or(Strip::None, strip_of)
            };
            let next = elements.get(i + 1).map_or(next_strip, strip_of);
            match element {
                Element::Literal(text) => out.push_str(strip_literal(text, prev, next)),
                Element::Interpolation(interp) => {
                    let value = self.eval(ctx, scope, &interp.expr);
                    match values::as_string(&value) {
                        Some(s) => out.push_str(&s),
                        None if value.contains_unknown() => {
                            out.push_str(&values::placeholder(&interp.expr, &value));
                            unknowns.push(value);
                        }
                        None => {
                            out.push(values::SHAPELESS);
                            unknowns.push(values::error(format!(
                                "cannot interpolate {}",
                                values::type_name(&value)
                            )));
                        }
                    }
                }
                Element::Directive(directive) => match directive.as_ref() {
                    Directive::If(d) => {
                        let test = self.eval(ctx, scope, &d.cond_expr);
                        match values::as_bool(&test) {
                            Some(true) => self.render(
                                ctx,
                                scope,
                                &d.true_template,
                                d.if_strip,
                                d.else_strip,
                                out,
                                unknowns,
                            ),
                            Some(false) => {
                                if let Some(f) = &d.false_template {
                                    self.render(
                                        ctx,
                                        scope,
                                        f,
                                        d.else_strip,
                                        d.endif_strip,
                                        out,
                                        unknowns,
                                    );
                                }
                            }
                            None => {
                                out.push(values::SHAPELESS);
                                unknowns.push(values::derived_unknown([&test]));
                            }
                        }
                    }
                    Directive::For(d) => {
                        let collection = self.eval(ctx, scope, &d.collection_expr);
                        let pairs = match values::pairs(&collection) {
                            Some(pairs) => pairs,
                            None => {
                                out.push(values::SHAPELESS);
                                unknowns.push(values::derived_unknown([&collection]));
                                continue;
                            }
                        };
                        for (key, value) in pairs {
                            let notes = std::rc::Rc::new(Vec::new());
                            let with_value = scope.bind(d.value_var.as_str(), value, notes.clone());
                            let key_name = d
                                .key_var
                                .as_ref()
                                .map(|k| k.as_str().to_owned())
                                .unwrap_or_default();
                            let inner = with_value.bind(key_name, key, notes);
                            self.render(
                                ctx,
                                &inner,
                                &d.template,
                                d.for_strip,
                                d.endfor_strip,
                                out,
                                unknowns,
                            );
                        }
                    }
                },
            }
        }
    }
}

fn strip_of(element: &Element) -> Strip {
    match element {
        Element::Literal(_) => Strip::None,
        Element::Interpolation(i) => i.strip,
        Element::Directive(d) => match d.as_ref() {
            Directive::If(d) => Strip::from((d.if_strip.strip_start(), d.endif_strip.strip_end())),
            Directive::For(d) => {
                Strip::from((d.for_strip.strip_start(), d.endfor_strip.strip_end()))
            }
        },
    }
}

/// Strips the spaces a `~` asks for, up to and including the first line break.
fn strip_literal(mut literal: &str, prev: Strip, next: Strip) -> &str {
    let is_space = |c: char| c.is_whitespace() && c != '\r' && c != '\n';
    if prev.strip_end() {
        literal = literal.trim_start_matches(is_space);
        literal = literal
            .strip_prefix("\r\n")
            .or_else(|| literal.strip_prefix('\n'))
            .unwrap_or(literal);
    }
    if next.strip_start() {
        literal = literal.trim_end_matches(is_space);
        literal = literal
            .strip_suffix("\r\n")
            .or_else(|| literal.strip_suffix('\n'))
            .unwrap_or(literal);
    }
    literal
}

/// `.name` on a value. On a resource instance, a name the configuration does not set is
/// a computed attribute: unknown, linked to the instance.
pub fn get_attr(value: Value, name: &str) -> Value {
    match value {
        Value::Map(mut map) => match map.remove(name) {
            Some(v) => v,
            None => match map.get(MARK) {
                Some(Value::String(address)) => {
                    let mut refs = BTreeSet::new();
                    refs.insert(address.clone());
                    values::unknown(format!("{address}.{name} (known after apply)"), refs)
                }
                _ => values::error(format!("no attribute \"{name}\"")),
            },
        },
        unknown @ Value::Unknown(_) => values::derived_unknown([&unknown]),
        Value::List(items)
            if items
                .iter()
                .all(|i| matches!(i, Value::Map(m) if m.contains_key(MARK)))
                && !items.is_empty() =>
        {
            // `aws_x.y.id` on a counted resource is an error in Terraform; keep the link.
            values::derived_unknown(&items)
        }
        other => values::error(format!(
            "cannot read .{name} of {}",
            values::type_name(&other)
        )),
    }
}

pub fn index_value(value: Value, key: &Value) -> Value {
    if key.is_unknown() {
        return values::derived_unknown([key, &value]);
    }
    match value {
        Value::List(items) => match values::as_f64(key) {
            Some(i) if i >= 0.0 && i.fract() == 0.0 => {
                let len = items.len();
                items.into_iter().nth(i as usize).unwrap_or_else(|| {
                    values::error(format!("index {i} out of range for a list of {len}"))
                })
            }
            _ => values::error("a list index must be a whole number"),
        },
        Value::Map(mut map) => match values::as_string(key) {
            Some(k) => map
                .remove(&k)
                .unwrap_or_else(|| values::error(format!("no key \"{k}\""))),
            None => values::error("a map key must be a string"),
        },
        unknown @ Value::Unknown(_) => values::derived_unknown([&unknown]),
        other => values::error(format!("cannot index {}", values::type_name(&other))),
    }
}

fn unary(op: UnaryOperator, value: Value) -> Value {
    if value.is_unknown() {
        return values::derived_unknown([&value]);
    }
    match op {
        UnaryOperator::Not => values::as_bool(&value)
            .map_or_else(|| values::error("! needs a bool"), |b| Value::Bool(!b)),
        UnaryOperator::Neg => values::as_f64(&value)
            .map_or_else(|| values::error("- needs a number"), |n| values::number(-n)),
    }
}

pub fn binary_values(op: BinaryOperator, a: &Value, b: &Value) -> Value {
    use BinaryOperator as B;
    match op {
        B::Eq | B::NotEq => match values::equal(a, b) {
            Some(eq) => Value::Bool(if op == B::Eq { eq } else { !eq }),
            None => values::derived_unknown([a, b]),
        },
        B::And | B::Or => match (values::as_bool(a), values::as_bool(b)) {
            (Some(x), Some(y)) => Value::Bool(if op == B::And { x && y } else { x || y }),
            (_, Some(false)) if op == B::And => Value::Bool(false),
            (_, Some(true)) if op == B::Or => Value::Bool(true),
            _ if a.is_unknown() || b.is_unknown() => values::derived_unknown([a, b]),
            _ => values::error("&& and || need bools"),
        },
        _ => {
            if a.is_unknown() || b.is_unknown() {
                return values::derived_unknown([a, b]);
            }
            let (Some(x), Some(y)) = (values::as_f64(a), values::as_f64(b)) else {
                return values::error(format!("{op:?} needs numbers"));
            };
            match op {
                B::Plus => values::number(x + y),
                B::Minus => values::number(x - y),
                B::Mul => values::number(x * y),
                B::Div if y != 0.0 => values::number(x / y),
                B::Mod if y != 0.0 => values::number(x % y),
                B::Div | B::Mod => values::error("division by zero"),
                B::Less => Value::Bool(x < y),
                B::LessEq => Value::Bool(x <= y),
                B::Greater => Value::Bool(x > y),
                B::GreaterEq => Value::Bool(x >= y),
                _ => values::error("unsupported operator"),
            }
        }
    }
}

/// The text a value holds at its top level: what copying it into one more element costs.
fn text_bytes(value: &Value) -> u64 {
    match value {
        Value::String(s) => s.len() as u64,
        Value::List(items) => items.len() as u64,
        Value::Map(map) => map.len() as u64,
        _ => 0,
    }
}
