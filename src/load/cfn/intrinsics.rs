//! Resolving property values: literals, `Ref`, and the `Fn::` intrinsic functions.
//!
//! A value is what the stack would get when deployed with the parameter defaults. What
//! only deployment can tell (resource attributes, pseudo parameters, imports, AZs,
//! parameters without defaults) becomes [`Value::Unknown`] naming the resources it
//! derives from; an intrinsic applied to an unknown input is unknown too, keeping the
//! union of its inputs' refs. Unknown-ness stays local: a list or map keeps its known
//! elements. `AWS::NoValue` resolves to `None`, and the enclosing map entry or list
//! element is dropped.
//!
//! `Fn::Base64` of a known string is really encoded (it is what the service receives,
//! and it is cheap); of an unknown input it stays unknown. A malformed call (`Fn::GetAtt:
//! 5`) becomes unknown with a warning at its line; nothing here panics or fails the file
//! except nesting beyond [`MAX_DEPTH`].

use std::collections::BTreeMap;

use super::conditions::Tri;
use super::node::{Entry, Kind, Node, MAX_DEPTH};
use super::template::Context;
use crate::load::LoadError;
use crate::model::value::{AttrPath, Map, PathSegment, Value};
use crate::source::Span;

/// Pseudo parameters: known only at deployment, derived from no resource.
const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// Records the span of every property path while the `Properties` are resolved.
#[derive(Debug, Default)]
pub(super) struct Recorder {
    pub spans: BTreeMap<AttrPath, Span>,
    path: AttrPath,
}

impl Recorder {
    fn enter(&mut self, segment: PathSegment, span: Span) {
        self.path.push(segment);
        self.spans.entry(self.path.clone()).or_insert(span);
    }

    fn leave(&mut self) {
        self.path.pop();
    }

    /// The value at the current path was dropped (`AWS::NoValue`): so are its spans.
    fn forget(&mut self) {
        let below: Vec<AttrPath> = self
            .spans
            .range(self.path.clone()..)
            .map(|(path, _)| path)
            .take_while(|path| path.starts_with(&self.path))
            .cloned()
            .collect();
        for path in below {
            self.spans.remove(&path);
        }
    }
}

/// Every resource id an (unknown) value derives from, in order, without repeats.
pub(super) fn refs_of(values: &[&Value]) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Unknown(u) => {
                for r in &u.refs {
                    if !out.contains(r) {
                        out.push(r.clone());
                    }
                }
            }
            Value::List(items) => items.iter().for_each(|v| walk(v, out)),
            Value::Map(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for value in values {
        walk(value, &mut out);
    }
    out
}

/// The string CloudFormation makes of a scalar (in `Fn::Join`, `Fn::Sub`, map keys).
fn scalar_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Outcome of turning an argument into a string.
enum Text {
    Known(String),
    Unknown(Value),
    Bad,
}

fn text_of(value: Value) -> Text {
    match value {
        Value::Unknown(_) => Text::Unknown(value),
        other => scalar_string(&other).map_or(Text::Bad, Text::Known),
    }
}

fn depth_error(span: Span) -> LoadError {
    LoadError::at(
        format!("the template nests deeper than {MAX_DEPTH} levels"),
        span,
    )
}

impl Context<'_> {
    /// A node's value; `None` for `AWS::NoValue`. With a recorder, records the span of
    /// every path below the recorder's current one.
    pub fn resolve(
        &mut self,
        node: &Node,
        depth: usize,
        mut rec: Option<&mut Recorder>,
    ) -> Result<Option<Value>, LoadError> {
        if depth > MAX_DEPTH {
            return Err(depth_error(node.span));
        }
        if let Some(call) = node.intrinsic() {
            return self.call(node, call, depth, rec);
        }
        let value = match &node.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => Value::Number(n.clone()),
            Kind::String(s) => Value::String(s.clone()),
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    if let Some(r) = rec.as_deref_mut() {
                        r.enter(PathSegment::Index(out.len()), item.span);
                    }
                    let value = self.resolve(item, depth + 1, rec.as_deref_mut())?;
                    if let Some(r) = rec.as_deref_mut() {
                        if value.is_none() {
                            r.forget();
                        }
                        r.leave();
                    }
                    out.extend(value);
                }
                Value::List(out)
            }
            Kind::Map(entries) => {
                let mut out = Map::new();
                for entry in entries {
                    if entry.key == "Fn::Transform" {
                        // AWS::Include beside other keys: its output would be merged in.
                        self.warn(
                            entry.span(),
                            "Fn::Transform is not expanded; what it would add is not checked",
                        );
                        continue;
                    }
                    if let Some(r) = rec.as_deref_mut() {
                        r.enter(PathSegment::Key(entry.key.clone()), entry.span());
                    }
                    let value = self.resolve(&entry.value, depth + 1, rec.as_deref_mut())?;
                    if let Some(r) = rec.as_deref_mut() {
                        if value.is_none() {
                            r.forget();
                        }
                        r.leave();
                    }
                    if let Some(value) = value {
                        out.insert(entry.key.clone(), value);
                    }
                }
                Value::Map(out)
            }
            Kind::Tagged(tag, _) => {
                self.warn(
                    node.span,
                    format!("the YAML tag {tag} is not CloudFormation (a preprocessor's?); its value is treated as unknown"),
                );
                Value::unknown(format!("YAML tag {tag}"), vec![])
            }
        };
        Ok(Some(value))
    }

    /// A node's value where `AWS::NoValue` makes no sense (function arguments).
    fn value(&mut self, node: &Node, depth: usize) -> Result<Value, LoadError> {
        Ok(self
            .resolve(node, depth, None)?
            .unwrap_or_else(|| Value::unknown("AWS::NoValue", vec![])))
    }

    /// A malformed intrinsic call: warn at it, and its value is unknown.
    fn malformed(&mut self, span: Span, function: &str, expected: &str) -> Option<Value> {
        self.warn(
            span,
            format!("malformed {function}: expected {expected}; its value is treated as unknown"),
        );
        Some(Value::unknown(format!("malformed {function}"), vec![]))
    }

    fn call(
        &mut self,
        node: &Node,
        call: &Entry,
        depth: usize,
        rec: Option<&mut Recorder>,
    ) -> Result<Option<Value>, LoadError> {
        let arg = &call.value;
        let depth = depth + 1;
        let span = node.span;
        Ok(match call.key.as_str() {
            "Ref" => match arg.as_str() {
                Some(name) => self.named(name, span),
                None => self.malformed(span, "Ref", "a parameter or resource name"),
            },
            "Fn::GetAtt" => self.get_att(arg, span, depth)?,
            "Fn::Sub" => self.sub(arg, span, depth)?,
            "Fn::Join" => self.join(arg, span, depth)?,
            "Fn::Select" => self.select(arg, span, depth)?,
            "Fn::Split" => self.split(arg, span, depth)?,
            "Fn::FindInMap" => self.find_in_map(arg, span, depth)?,
            "Fn::Base64" => Some(match self.value(arg, depth)? {
                v @ Value::Unknown(_) => Value::unknown("Fn::Base64", refs_of(&[&v])),
                other => match scalar_string(&other) {
                    Some(text) => Value::String(base64(text.as_bytes())),
                    None => return Ok(self.malformed(span, "Fn::Base64", "a string")),
                },
            }),
            "Fn::If" => self.if_(arg, span, depth, rec)?,
            "Fn::Length" => Some(match self.value(arg, depth)? {
                Value::List(items) => Value::Number(items.len().into()),
                v @ Value::Unknown(_) => Value::unknown("Fn::Length", refs_of(&[&v])),
                _ => return Ok(self.malformed(span, "Fn::Length", "a list")),
            }),
            "Fn::ToJsonString" => {
                let v = self.value(arg, depth)?;
                Some(if v.contains_unknown() {
                    Value::unknown("Fn::ToJsonString", refs_of(&[&v]))
                } else {
                    Value::String(v.to_json().to_string())
                })
            }
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => {
                let origin = call.key.clone();
                Some(match self.condition_expr(node, depth)? {
                    Tri::True => Value::Bool(true),
                    Tri::False => Value::Bool(false),
                    Tri::Undecided => Value::unknown(format!("{origin} undecided"), vec![]),
                })
            }
            name @ ("Fn::ImportValue" | "Fn::GetAZs" | "Fn::Cidr" | "Fn::Transform") => {
                if name == "Fn::Transform" {
                    self.warn(
                        span,
                        "Fn::Transform is not expanded; its value is treated as unknown",
                    );
                }
                let name = name.to_owned();
                let v = self.value(arg, depth)?;
                Some(Value::unknown(name, refs_of(&[&v])))
            }
            other => {
                let other = other.to_owned();
                self.warn(
                    span,
                    format!(
                        "unsupported intrinsic function {other}; its value is treated as unknown"
                    ),
                );
                Some(Value::unknown(other, vec![]))
            }
        })
    }

    /// What `Ref name` (or `${name}` in `Fn::Sub`) gives.
    fn named(&mut self, name: &str, span: Span) -> Option<Value> {
        if name == "AWS::NoValue" {
            return None;
        }
        if PSEUDO_PARAMETERS.contains(&name) {
            return Some(Value::unknown_template(
                format!("pseudo parameter {name}"),
                vec![],
                format!("${{{name}}}"),
            ));
        }
        if let Some(value) = self.parameters.get(name) {
            return Some(value.clone());
        }
        if self.resources.contains(name) {
            return Some(Value::unknown(format!("Ref {name}"), vec![name.to_owned()]));
        }
        self.warn(
            span,
            format!("{name} is neither a parameter nor a resource of this template"),
        );
        Some(Value::unknown(format!("Ref {name}"), vec![]))
    }

    fn attribute(&mut self, resource: &str, attribute: &str, span: Span) -> Value {
        let origin = format!("Fn::GetAtt {resource}.{attribute}");
        if self.resources.contains(resource) {
            Value::unknown(origin, vec![resource.to_owned()])
        } else {
            self.warn(
                span,
                format!("Fn::GetAtt names {resource}, which is not a resource of this template"),
            );
            Value::unknown(origin, vec![])
        }
    }

    fn get_att(
        &mut self,
        arg: &Node,
        span: Span,
        depth: usize,
    ) -> Result<Option<Value>, LoadError> {
        const EXPECTED: &str = "\"Resource.Attribute\" or [Resource, Attribute]";
        let (resource, attribute) = match &arg.kind {
            Kind::String(s) => match s.split_once('.') {
                Some((r, a)) => (r.to_owned(), a.to_owned()),
                None => return Ok(self.malformed(span, "Fn::GetAtt", EXPECTED)),
            },
            Kind::Seq(items) => match items.as_slice() {
                [r, a] => {
                    let Some(r) = r.as_str() else {
                        return Ok(self.malformed(span, "Fn::GetAtt", EXPECTED));
                    };
                    let a = match text_of(self.value(a, depth)?) {
                        Text::Known(a) => a,
                        Text::Unknown(_) => "?".to_owned(),
                        Text::Bad => return Ok(self.malformed(span, "Fn::GetAtt", EXPECTED)),
                    };
                    (r.to_owned(), a)
                }
                _ => return Ok(self.malformed(span, "Fn::GetAtt", EXPECTED)),
            },
            _ => return Ok(self.malformed(span, "Fn::GetAtt", EXPECTED)),
        };
        Ok(Some(self.attribute(&resource, &attribute, span)))
    }

    fn sub(&mut self, arg: &Node, span: Span, depth: usize) -> Result<Option<Value>, LoadError> {
        const EXPECTED: &str = "a string, or [string, {variables}]";
        let (template, vars_node) = match &arg.kind {
            Kind::String(s) => (s.as_str(), None),
            Kind::Seq(items) => match items.as_slice() {
                [t, vars] => match (t.as_str(), vars.entries()) {
                    (Some(t), Some(_)) => (t, Some(vars)),
                    _ => return Ok(self.malformed(span, "Fn::Sub", EXPECTED)),
                },
                [t] => match t.as_str() {
                    Some(t) => (t, None),
                    None => return Ok(self.malformed(span, "Fn::Sub", EXPECTED)),
                },
                _ => return Ok(self.malformed(span, "Fn::Sub", EXPECTED)),
            },
            _ => return Ok(self.malformed(span, "Fn::Sub", EXPECTED)),
        };
        let mut vars = BTreeMap::new();
        for entry in vars_node.and_then(Node::entries).unwrap_or_default() {
            let value = self.value(&entry.value, depth + 1)?;
            vars.insert(entry.key.as_str(), value);
        }
        let mut out = String::new();
        let mut shape = String::new();
        let mut shapeless = false;
        let mut unknowns = Vec::new();
        let mut first_unknown = None;
        for part in sub_parts(template) {
            let name = match part {
                SubPart::Text(text) => {
                    out.push_str(text);
                    shape.push_str(text);
                    continue;
                }
                SubPart::Var(name) => name,
            };
            let value = match vars.get(name) {
                Some(value) => value.clone(),
                None => match name.split_once('.') {
                    Some((resource, attribute)) => self.attribute(resource, attribute, span),
                    None => self
                        .named(name, span)
                        .unwrap_or_else(|| Value::unknown("AWS::NoValue", vec![])),
                },
            };
            match text_of(value) {
                Text::Known(text) => {
                    out.push_str(&text);
                    shape.push_str(&text);
                }
                Text::Unknown(value) => {
                    first_unknown.get_or_insert(name);
                    // The unknown part keeps its place: a pseudo parameter by its name,
                    // anything else by the resources it derives from.
                    if PSEUDO_PARAMETERS.contains(&name) {
                        shape.push_str(&format!("${{{name}}}"));
                    } else {
                        let refs = refs_of(&[&value]);
                        if refs.is_empty() {
                            shapeless = true;
                        }
                        shape.push_str(&format!("${{{}}}", refs.join(",")));
                    }
                    unknowns.push(value);
                }
                Text::Bad => {
                    self.warn(span, format!("Fn::Sub: ${{{name}}} is not a string"));
                    first_unknown.get_or_insert(name);
                    shapeless = true;
                }
            }
        }
        Ok(Some(match first_unknown {
            None => Value::String(out),
            Some(name) => {
                let origin = format!("Fn::Sub ${{{name}}}");
                let refs = refs_of(&unknowns.iter().collect::<Vec<_>>());
                if shapeless {
                    Value::unknown(origin, refs)
                } else {
                    Value::unknown_template(origin, refs, shape)
                }
            }
        }))
    }

    fn join(&mut self, arg: &Node, span: Span, depth: usize) -> Result<Option<Value>, LoadError> {
        const EXPECTED: &str = "[delimiter, [values]]";
        let Some([delimiter, list]) = arg.items() else {
            return Ok(self.malformed(span, "Fn::Join", EXPECTED));
        };
        let Some(delimiter) = delimiter.as_str().map(str::to_owned) else {
            return Ok(self.malformed(span, "Fn::Join", EXPECTED));
        };
        let items = match self.value(list, depth)? {
            Value::List(items) => items,
            v @ Value::Unknown(_) => return Ok(Some(Value::unknown("Fn::Join", refs_of(&[&v])))),
            _ => return Ok(self.malformed(span, "Fn::Join", EXPECTED)),
        };
        let mut parts = Vec::with_capacity(items.len());
        // The joined text with each unknown part as a placeholder, as `Fn::Sub` keeps it:
        // `cdk synth` writes every string with a token in it as a `Fn::Join` with an
        // empty delimiter (`["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/…"]`,
        // `[{"Fn::GetAtt": ["Bucket", "Arn"]}, "/*"]`).
        let mut shape = Vec::with_capacity(items.len());
        let mut shapeless = false;
        let mut unknowns = Vec::new();
        for item in items {
            match text_of(item) {
                Text::Known(text) => {
                    shape.push(text.clone());
                    parts.push(text);
                }
                Text::Unknown(v) => {
                    match &v {
                        Value::Unknown(u) => match &u.template {
                            Some(template) => shape.push(template.clone()),
                            None if !u.refs.is_empty() => {
                                shape.push(format!("${{{}}}", u.refs.join(",")));
                            }
                            None => shapeless = true,
                        },
                        _ => shapeless = true,
                    }
                    unknowns.push(v);
                }
                Text::Bad => {
                    return Ok(self.malformed(span, "Fn::Join", "a list of strings to join"))
                }
            }
        }
        Ok(Some(if unknowns.is_empty() {
            Value::String(parts.join(&delimiter))
        } else {
            let refs = refs_of(&unknowns.iter().collect::<Vec<_>>());
            if shapeless {
                Value::unknown("Fn::Join", refs)
            } else {
                Value::unknown_template("Fn::Join", refs, shape.join(&delimiter))
            }
        }))
    }

    fn select(&mut self, arg: &Node, span: Span, depth: usize) -> Result<Option<Value>, LoadError> {
        const EXPECTED: &str = "[index, [values]]";
        let Some([index, list]) = arg.items() else {
            return Ok(self.malformed(span, "Fn::Select", EXPECTED));
        };
        let index = self.value(index, depth)?;
        let list = self.value(list, depth)?;
        if index.is_unknown() || list.is_unknown() {
            return Ok(Some(Value::unknown(
                "Fn::Select",
                refs_of(&[&index, &list]),
            )));
        }
        let (Some(i), Value::List(items)) = (index.as_i64(), list) else {
            return Ok(self.malformed(span, "Fn::Select", EXPECTED));
        };
        let item = usize::try_from(i).ok().and_then(|i| items.get(i).cloned());
        Ok(match item {
            Some(item) => Some(item),
            None => {
                self.warn(
                    span,
                    format!(
                        "Fn::Select: index {i} is outside the list of {}",
                        items.len()
                    ),
                );
                Some(Value::unknown("Fn::Select", vec![]))
            }
        })
    }

    fn split(&mut self, arg: &Node, span: Span, depth: usize) -> Result<Option<Value>, LoadError> {
        const EXPECTED: &str = "[delimiter, string]";
        let Some([delimiter, source]) = arg.items() else {
            return Ok(self.malformed(span, "Fn::Split", EXPECTED));
        };
        let Some(delimiter) = delimiter
            .as_str()
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
        else {
            return Ok(self.malformed(span, "Fn::Split", EXPECTED));
        };
        Ok(match text_of(self.value(source, depth)?) {
            Text::Known(text) => Some(Value::List(
                text.split(delimiter.as_str()).map(Value::from).collect(),
            )),
            Text::Unknown(v) => Some(Value::unknown("Fn::Split", refs_of(&[&v]))),
            Text::Bad => self.malformed(span, "Fn::Split", EXPECTED),
        })
    }

    fn find_in_map(
        &mut self,
        arg: &Node,
        span: Span,
        depth: usize,
    ) -> Result<Option<Value>, LoadError> {
        const EXPECTED: &str = "[MapName, TopLevelKey, SecondLevelKey]";
        let (keys, default) = match arg.items() {
            Some([a, b, c]) => ([a, b, c], None),
            Some([a, b, c, d]) => ([a, b, c], d.get("DefaultValue")),
            _ => return Ok(self.malformed(span, "Fn::FindInMap", EXPECTED)),
        };
        let mut names = Vec::with_capacity(3);
        let mut unknowns = Vec::new();
        for key in keys {
            match text_of(self.value(key, depth)?) {
                Text::Known(text) => names.push(text),
                Text::Unknown(v) => unknowns.push(v),
                Text::Bad => return Ok(self.malformed(span, "Fn::FindInMap", EXPECTED)),
            }
        }
        let origin = format!(
            "Fn::FindInMap {}",
            names.first().map_or("?", String::as_str)
        );
        if !unknowns.is_empty() {
            return Ok(Some(Value::unknown(
                origin,
                refs_of(&unknowns.iter().collect::<Vec<_>>()),
            )));
        }
        let found = match (self.mappings, names.as_slice()) {
            (Some(mappings), [map, top, second]) => mappings
                .get(map)
                .and_then(|m| m.get(top))
                .and_then(|t| t.get(second))
                .map(|node| (node, format!("{map}.{top}.{second}"))),
            _ => None,
        };
        match (found, default) {
            (Some((node, _)), _) => self.resolve(node, depth, None),
            (None, Some(default)) => self.resolve(default, depth, None),
            (None, None) => {
                self.warn(
                    span,
                    format!("Fn::FindInMap: the Mappings have no {}", names.join(".")),
                );
                Ok(Some(Value::unknown(origin, vec![])))
            }
        }
    }

    fn if_(
        &mut self,
        arg: &Node,
        span: Span,
        depth: usize,
        rec: Option<&mut Recorder>,
    ) -> Result<Option<Value>, LoadError> {
        const EXPECTED: &str = "[ConditionName, value if true, value if false]";
        let Some([condition, then, otherwise]) = arg.items() else {
            return Ok(self.malformed(span, "Fn::If", EXPECTED));
        };
        let Some(name) = condition.as_str() else {
            return Ok(self.malformed(span, "Fn::If", EXPECTED));
        };
        match self.condition_named(name, condition.span, depth)? {
            Tri::True => self.resolve(then, depth, rec),
            Tri::False => self.resolve(otherwise, depth, rec),
            Tri::Undecided => {
                let a = self.resolve(then, depth, None)?;
                let b = self.resolve(otherwise, depth, None)?;
                let refs = refs_of(&a.iter().chain(b.iter()).collect::<Vec<_>>());
                Ok(Some(Value::unknown(
                    format!("Fn::If {name} undecided"),
                    refs,
                )))
            }
        }
    }
}

enum SubPart<'a> {
    Text(&'a str),
    Var(&'a str),
}

/// Splits an `Fn::Sub` string into text and `${Name}` placeholders; `${!Text}` is the
/// literal `${Text}`.
fn sub_parts(template: &str) -> Vec<SubPart<'_>> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let (before, from) = rest.split_at(start);
        parts.push(SubPart::Text(before));
        let inner = from.get(2..).unwrap_or_default();
        if let Some(literal) = inner.strip_prefix('!') {
            parts.push(SubPart::Text("${"));
            rest = literal;
            continue;
        }
        match inner.find('}') {
            Some(end) => {
                let (name, after) = inner.split_at(end);
                parts.push(SubPart::Var(name.trim()));
                rest = after.get(1..).unwrap_or_default();
            }
            None => {
                parts.push(SubPart::Text(from));
                rest = "";
            }
        }
    }
    parts.push(SubPart::Text(rest));
    parts
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let symbol =
        |index: u32| char::from(ALPHABET.get((index & 63) as usize).copied().unwrap_or(b'='));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = u32::from(chunk.first().copied().unwrap_or(0));
        let b1 = u32::from(chunk.get(1).copied().unwrap_or(0));
        let b2 = u32::from(chunk.get(2).copied().unwrap_or(0));
        let n = (b0 << 16) | (b1 << 8) | b2;
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    fn render(template: &str) -> String {
        sub_parts(template)
            .into_iter()
            .map(|p| match p {
                SubPart::Text(t) => t.to_owned(),
                SubPart::Var(v) => format!("<{v}>"),
            })
            .collect()
    }

    #[test]
    fn sub_placeholders_and_escapes() {
        assert_eq!(render("a${X}b${ Y.Z }c"), "a<X>b<Y.Z>c");
        assert_eq!(
            render("${!Literal} and ${!aws:x}"),
            "${Literal} and ${aws:x}"
        );
        assert_eq!(render("open ${X"), "open ${X");
        assert_eq!(render("$X {Y}"), "$X {Y}");
    }

    #[test]
    fn recorder_forgets_dropped_paths() {
        let mut r = Recorder::default();
        r.enter(PathSegment::Key("a".into()), Span::new(0, 1));
        r.enter(PathSegment::Index(0), Span::new(0, 1));
        r.leave();
        r.forget();
        r.leave();
        r.enter(PathSegment::Key("b".into()), Span::new(2, 3));
        r.leave();
        assert_eq!(r.spans.keys().count(), 1);
        assert!(r.spans.contains_key(&vec![PathSegment::Key("b".into())]));
    }
}
