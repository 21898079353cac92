//! JSON templates → [`Node`]. Strict JSON, as CloudFormation accepts it: no comments,
//! trailing commas, bare or single-quoted names, hex or non-finite numbers; duplicate
//! keys are an error (CloudFormation would silently keep one of them).

use std::collections::HashSet;

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions};

use super::node::{Entry, Kind, Node, MAX_DEPTH};
use crate::load::LoadError;
use crate::source::Span;

pub fn parse(text: &str) -> Result<Node, LoadError> {
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options).map_err(|e| {
            let range = e.range();
            LoadError::at(
                format!("invalid JSON: {}", e.kind()),
                Span::new(range.start, range.end),
            )
        })?;
    let value = parsed
        .value
        .ok_or_else(|| LoadError::at("the file is empty", Span::new(0, text.len())))?;
    convert(&value, 0)
}

fn span(range: jsonc_parser::common::Range) -> Span {
    Span::new(range.start, range.end)
}

fn convert(value: &ast::Value<'_>, depth: usize) -> Result<Node, LoadError> {
    let node = match value {
        ast::Value::NullKeyword(n) => Node::new(span(n.range), Kind::Null),
        ast::Value::BooleanLit(b) => Node::new(span(b.range), Kind::Bool(b.value)),
        ast::Value::StringLit(s) => Node::new(span(s.range), Kind::String(s.value.to_string())),
        ast::Value::NumberLit(n) => {
            // serde_json rejects numbers it cannot hold (1e999); keep their text.
            let kind = n
                .value
                .parse::<serde_json::Number>()
                .map_or_else(|_| Kind::String(n.value.to_owned()), Kind::Number);
            Node::new(span(n.range), kind)
        }
        ast::Value::Array(array) => {
            let child_depth = deeper(depth, array.range)?;
            let items = array
                .elements
                .iter()
                .map(|item| convert(item, child_depth))
                .collect::<Result<Vec<_>, _>>()?;
            Node::new(span(array.range), Kind::Seq(items))
        }
        ast::Value::Object(object) => {
            let child_depth = deeper(depth, object.range)?;
            let mut seen = HashSet::new();
            let mut entries = Vec::with_capacity(object.properties.len());
            for prop in &object.properties {
                let (key, key_range) = match &prop.name {
                    ast::ObjectPropName::String(s) => (s.value.to_string(), s.range),
                    ast::ObjectPropName::Word(w) => (w.value.to_owned(), w.range),
                };
                if !seen.insert(key.clone()) {
                    return Err(LoadError::at(
                        format!("duplicate key {key:?} in object"),
                        span(key_range),
                    ));
                }
                entries.push(Entry {
                    key,
                    key_span: span(key_range),
                    value: convert(&prop.value, child_depth)?,
                });
            }
            Node::new(span(object.range), Kind::Map(entries))
        }
    };
    Ok(node)
}

fn deeper(depth: usize, range: jsonc_parser::common::Range) -> Result<usize, LoadError> {
    if depth >= MAX_DEPTH {
        return Err(LoadError::at(
            format!("the template nests deeper than {MAX_DEPTH} levels"),
            span(range),
        ));
    }
    Ok(depth + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> LoadError {
        match parse(text) {
            Ok(node) => panic!("expected an error, got {node:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn spans_are_byte_offsets() {
        let text = "{\"é\": [1, \"x\"]}";
        let node = parse(text).unwrap();
        let entry = node.entry("é").unwrap();
        assert_eq!(&text[entry.key_span.start..entry.key_span.end], "\"é\"");
        let items = entry.value.items().unwrap();
        assert_eq!(&text[items[1].span.start..items[1].span.end], "\"x\"");
        assert_eq!(
            &text[entry.span().start..entry.span().end],
            "\"é\": [1, \"x\"]"
        );
    }

    #[test]
    fn strict_json() {
        for bad in [
            "{\"a\": 1,}",
            "{a: 1}",
            "{\"a\": 1 // c\n}",
            "{'a': 1}",
            "{\"a\": 0x10}",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": NaN}",
            "",
        ] {
            err(bad);
        }
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let text = "{\"a\": 1,\n \"a\": 2}";
        let e = err(text);
        assert!(e.message.contains("duplicate key"), "{}", e.message);
        assert_eq!(e.span.unwrap().start, text.rfind("\"a\"").unwrap());
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
        assert!(err(&deep).message.contains("deeper"));
        for levels in [510, 100_000] {
            let deeper = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
            assert!(parse(&deeper).is_err());
            let objects = format!("{}1{}", "{\"a\":".repeat(levels), "}".repeat(levels));
            assert!(parse(&objects).is_err());
        }
        let ok = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(parse(&ok).is_ok());
    }
}
