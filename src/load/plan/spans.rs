//! Byte spans for resources and their attributes, found by scanning the text.
//!
//! serde does not report positions, and plans are usually one long line, so line numbers
//! alone are useless: a resource's span is its `"address": "<id>"` member (the first one,
//! which is in `planned_values` — Terraform writes that before `resource_changes`). One
//! pass over the text finds every `"address"` key; we stop as soon as every wanted id is
//! placed, which for a normal plan is the end of `planned_values`.

use std::collections::{BTreeMap, HashMap};

use crate::model::value::{AttrPath, PathSegment};
use crate::source::Span;

const ADDRESS_KEY: &str = "\"address\"";

/// Fills `wanted` (id → span) with the first `"address": "<id>"` of each id.
pub(super) fn locate_addresses(text: &str, wanted: &mut HashMap<&str, Option<Span>>) {
    let bytes = text.as_bytes();
    let mut missing = wanted.values().filter(|span| span.is_none()).count();
    for (start, _) in text.match_indices(ADDRESS_KEY) {
        if missing == 0 {
            break;
        }
        let mut i = skip_whitespace(bytes, start + ADDRESS_KEY.len());
        if bytes.get(i) != Some(&b':') {
            continue; // the word as a value, not a key
        }
        i = skip_whitespace(bytes, i + 1);
        if bytes.get(i) != Some(&b'"') {
            continue; // `"address": null` and the like
        }
        let Some(close) = string_end(bytes, i) else {
            continue;
        };
        let Some(decoded) = decode_string(text, i, close) else {
            continue;
        };
        if let Some(slot) = wanted.get_mut(decoded.as_ref()) {
            if slot.is_none() {
                *slot = Some(Span::new(start, close + 1));
                missing -= 1;
            }
        }
    }
}

/// Spans of the top-level keys of the `"values"` object that is a member of the object
/// containing `from` (the end of a resource's address member), each from the key to the
/// end of its value. Empty when the object has no `values` member (a resource known only
/// from `resource_changes`). Linear in the size of that resource's JSON.
pub(super) fn attribute_spans(text: &str, from: usize) -> BTreeMap<AttrPath, Span> {
    values_object(text.as_bytes(), from)
        .map(|open| member_spans(text, open))
        .unwrap_or_default()
}

/// Offset of the `{` of the `"values"` member at this object's level.
fn values_object(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    let mut depth = 0usize;
    let mut last_string = None;
    loop {
        match *bytes.get(i)? {
            b'"' => {
                let close = string_end(bytes, i)?;
                last_string = Some((i, close));
                i = close + 1;
                continue;
            }
            b':' if depth == 0 => {
                if let Some((open, close)) = last_string {
                    if bytes.get(open..=close) == Some(b"\"values\"".as_slice()) {
                        let value = skip_whitespace(bytes, i + 1);
                        return (bytes.get(value) == Some(&b'{')).then_some(value);
                    }
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.checked_sub(1)?, // end of the resource's object
            _ => {}
        }
        i += 1;
    }
}

fn member_spans(text: &str, open: usize) -> BTreeMap<AttrPath, Span> {
    let bytes = text.as_bytes();
    let mut out = BTreeMap::new();
    let mut depth = 0usize;
    let mut expect_key = true;
    let mut pending: Option<(String, usize)> = None;
    let mut last_end = open + 1;
    let mut finish = |pending: &mut Option<(String, usize)>, end: usize| {
        if let Some((key, start)) = pending.take() {
            out.insert(vec![PathSegment::Key(key)], Span::new(start, end));
        }
    };
    let mut i = open + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                let Some(close) = string_end(bytes, i) else {
                    break;
                };
                if depth == 0 && expect_key {
                    if let Some(key) = decode_string(text, i, close) {
                        pending = Some((key.into_owned(), i));
                    }
                    expect_key = false;
                }
                last_end = close + 1;
                i = close + 1;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth == 0 {
                    finish(&mut pending, last_end);
                    break;
                }
                depth -= 1;
                last_end = i + 1;
            }
            b',' if depth == 0 => {
                finish(&mut pending, last_end);
                expect_key = true;
            }
            b' ' | b'\t' | b'\r' | b'\n' | b':' | b',' => {}
            _ => last_end = i + 1,
        }
        i += 1;
    }
    out
}

fn skip_whitespace(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        i += 1;
    }
    i
}

/// Index of the `"` closing the JSON string that opens at `open`.
fn string_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    loop {
        match *bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
}

/// The contents of the JSON string literal `text[open..=close]`; borrowed unless it has
/// escapes (`for_each` keys such as `["a\"b"]` are written `[\"a\\\"b\"]`).
fn decode_string(text: &str, open: usize, close: usize) -> Option<std::borrow::Cow<'_, str>> {
    let raw = text.get(open + 1..close)?;
    if raw.contains('\\') {
        serde_json::from_str::<String>(text.get(open..=close)?)
            .ok()
            .map(std::borrow::Cow::Owned)
    } else {
        Some(std::borrow::Cow::Borrowed(raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_first_address_with_whitespace_and_escapes() {
        let text = r#"{"x":{"address" :  "aws_s3_bucket.b[\"a\\\"b\"]"},"address":"aws_s3_bucket.b[\"a\\\"b\"]","y":"address","address":null,"address":"aws_vpc.v"}"#;
        let id = r#"aws_s3_bucket.b["a\"b"]"#;
        let mut wanted =
            HashMap::from([(id, None), ("aws_vpc.v", None), ("aws_vpc.missing", None)]);
        locate_addresses(text, &mut wanted);
        let span = wanted[id].unwrap();
        assert_eq!(span.start, 6);
        assert_eq!(
            &text[span.start..span.end],
            r#""address" :  "aws_s3_bucket.b[\"a\\\"b\"]""#
        );
        let span = wanted["aws_vpc.v"].unwrap();
        assert_eq!(&text[span.start..span.end], r#""address":"aws_vpc.v""#);
        assert_eq!(wanted["aws_vpc.missing"], None);
    }

    #[test]
    fn spans_top_level_value_members() {
        let text = "{\n \"address\": \"a.b\",\n \"type\": \"a\",\n \"other\": {\"values\": {\"no\": 1}},\n \"values\": {\n  \"name\": \"x\",\n  \"ingress\": [\n   {\"port\": 22}\n  ],\n  \"n\": 5\n },\n \"sensitive_values\": {}\n}";
        let from = text.find("\"a.b\"").unwrap() + 5;
        let spans = attribute_spans(text, from);
        let get = |k: &str| {
            let span = spans[&vec![PathSegment::Key(k.into())]];
            &text[span.start..span.end]
        };
        assert_eq!(spans.len(), 3);
        assert_eq!(get("name"), "\"name\": \"x\"");
        assert_eq!(get("ingress"), "\"ingress\": [\n   {\"port\": 22}\n  ]");
        assert_eq!(get("n"), "\"n\": 5");
    }

    #[test]
    fn no_values_member_means_no_spans() {
        let text = r#"[{"address":"a.b","change":{"after":{"x":1}}},{"values":{"y":2}}]"#;
        assert!(attribute_spans(text, 17).is_empty());
        // Truncated: members whose value never ends get no span.
        let text = r#""address":"a.b","values":{"a":1,"b":"#;
        let spans = attribute_spans(text, 15);
        assert_eq!(
            spans.keys().collect::<Vec<_>>(),
            [&vec![PathSegment::Key("a".into())]]
        );
    }
}
