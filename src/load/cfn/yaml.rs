//! YAML templates → [`Node`], with CloudFormation's short-form tags turned into the long
//! form (`!Ref x` → `{Ref: x}`, `!GetAtt A.B` → `{"Fn::GetAtt": "A.B"}`), so the
//! interpreter only knows one spelling.
//!
//! saphyr positions are character indexes (lines 1-based, columns 0-based); we convert
//! the index, which does not depend on how lines end, to a byte offset.

use saphyr::{LoadableYamlNode, MarkedYaml, Marker, Scalar, YamlData};

use super::node::{Entry, Kind, Node, MAX_DEPTH, MAX_NODES};
use super::yaml_guard::{self, Refusal};
use crate::load::LoadError;
use crate::source::Span;

/// Short-form tags and the long-form key they stand for.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("GetAtt", "Fn::GetAtt"),
    ("Sub", "Fn::Sub"),
    ("If", "Fn::If"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("FindInMap", "Fn::FindInMap"),
    ("ImportValue", "Fn::ImportValue"),
    ("Equals", "Fn::Equals"),
    ("Not", "Fn::Not"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("GetAZs", "Fn::GetAZs"),
    ("Transform", "Fn::Transform"),
    ("Length", "Fn::Length"),
    ("ToJsonString", "Fn::ToJsonString"),
];

/// Stack one level of YAML nesting may take in saphyr's recursive parser (measured at
/// about 3.5 KiB; doubled for safety).
const STACK_PER_LEVEL: usize = 8 * 1024;
const BASE_STACK: usize = 2 * 1024 * 1024;
/// Beyond this the text is refused rather than parsed.
const MAX_STACK: usize = 256 * 1024 * 1024;

/// Parses on a thread whose stack fits the deepest nesting the text could have:
/// saphyr's parser recurses once per level and has no limit of its own, and a stack
/// overflow would abort the whole scan.
pub fn parse(text: &str) -> Result<Node, LoadError> {
    let stack = nesting_bound(text)
        .saturating_mul(STACK_PER_LEVEL)
        .saturating_add(BASE_STACK);
    if stack > MAX_STACK {
        return Err(LoadError::new(
            "the YAML is indented too deeply to be parsed safely",
        ));
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("palisade-yaml".to_owned())
            .stack_size(stack)
            .spawn_scoped(scope, || parse_here(text))
            .map_err(|e| LoadError::new(format!("cannot start the YAML parser: {e}")))?
            .join()
            .map_err(|_| LoadError::new("the YAML parser failed unexpectedly"))?
    })
}

/// An upper bound on how deeply saphyr will nest while parsing `text`. A nested block
/// collection starts at a greater column than its parent (an indentless sequence under
/// a mapping key at the same one), so block depth is at most twice the largest column a
/// block collection can start at: a line's indentation plus any `- `, `? `, `: `
/// indicators that follow it. Flow collections add at most 255 (saphyr's own limit).
fn nesting_bound(text: &str) -> usize {
    let widest = text
        .split(['\n', '\r'])
        .map(|line| {
            // Content may follow a document marker on its line: `--- - a`.
            let (line, mut column) = match line.strip_prefix("---") {
                Some(rest) if rest.is_empty() || rest.starts_with([' ', '\t']) => (rest, 3),
                _ => (line, 0usize),
            };
            let mut chars = line.chars().peekable();
            loop {
                while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {
                    column += 1;
                }
                if chars.next_if(|c| matches!(c, '-' | '?' | ':')).is_none() {
                    break;
                }
                column += 1;
                if !matches!(chars.peek(), None | Some(' ' | '\t')) {
                    break;
                }
            }
            column
        })
        .max()
        .unwrap_or(0);
    widest
        .saturating_add(1)
        .saturating_mul(2)
        .saturating_add(264)
}

fn parse_here(text: &str) -> Result<Node, LoadError> {
    let offsets = Offsets::new(text);
    yaml_guard::check(text).map_err(|refusal| match refusal {
        Refusal::Syntax(e) => syntax_error(&offsets, &e),
        Refusal::TooBig(n) => LoadError::new(format!(
            "the YAML expands to {n} nodes through aliases, more than the {MAX_NODES} allowed"
        )),
        Refusal::TooDeep(n) => LoadError::new(format!(
            "the YAML nests {n} levels deep, more than the {MAX_DEPTH} allowed"
        )),
    })?;
    let docs = MarkedYaml::load_from_str(text).map_err(|e| syntax_error(&offsets, &e))?;
    let mut docs = docs.into_iter();
    let Some(doc) = docs.next() else {
        return Err(LoadError::at("the file is empty", Span::new(0, text.len())));
    };
    if let Some(second) = docs.next() {
        return Err(LoadError::at(
            "the file holds more than one YAML document; a CloudFormation template is one",
            Span::new(
                offsets.byte(second.span.start),
                offsets.byte(second.span.start),
            ),
        ));
    }
    if matches!(doc.data, YamlData::BadValue) {
        return Err(LoadError::at("the file is empty", Span::new(0, text.len())));
    }
    let mut converter = Converter { offsets, nodes: 0 };
    converter.convert(&doc, 0)
}

fn syntax_error(offsets: &Offsets<'_>, e: &saphyr::ScanError) -> LoadError {
    let at = offsets.byte(*e.marker());
    LoadError::at(format!("invalid YAML: {}", e.info()), Span::new(at, at))
}

/// Character index → byte offset.
struct Offsets<'t> {
    text: &'t str,
    /// Byte offset of every character, when the text is not ASCII.
    starts: Option<Vec<usize>>,
}

impl<'t> Offsets<'t> {
    fn new(text: &'t str) -> Self {
        let starts = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        Offsets { text, starts }
    }

    fn byte(&self, marker: Marker) -> usize {
        let index = marker.index();
        match &self.starts {
            None => index.min(self.text.len()),
            Some(starts) => starts.get(index).copied().unwrap_or(self.text.len()),
        }
    }

    fn char_at(&self, offset: usize) -> Option<char> {
        self.text.get(offset..).and_then(|rest| rest.chars().next())
    }
}

struct Converter<'t> {
    offsets: Offsets<'t>,
    nodes: u64,
}

impl Converter<'_> {
    fn span(&self, node: &MarkedYaml<'_>) -> Span {
        Span::new(
            self.offsets.byte(node.span.start),
            self.offsets.byte(node.span.end),
        )
    }

    fn convert(&mut self, yaml: &MarkedYaml<'_>, depth: usize) -> Result<Node, LoadError> {
        let span = self.span(yaml);
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(LoadError::at(
                format!("the YAML has more than {MAX_NODES} nodes"),
                span,
            ));
        }
        if depth > MAX_DEPTH {
            return Err(LoadError::at(
                format!("the template nests deeper than {MAX_DEPTH} levels"),
                span,
            ));
        }
        let node = match &yaml.data {
            YamlData::Value(scalar) => {
                Node::new(span, scalar_kind(scalar, self.offsets.text, span))
            }
            YamlData::Representation(text, _, _) => Node::new(span, Kind::String(text.to_string())),
            YamlData::Sequence(items) => {
                let items = items
                    .iter()
                    .map(|item| self.convert(item, depth + 1))
                    .collect::<Result<Vec<_>, _>>()?;
                let span = self.collection_span(span, items.last().map(|n| n.span));
                Node::new(span, Kind::Seq(items))
            }
            YamlData::Mapping(map) => {
                let mut entries = Vec::with_capacity(map.len());
                for (key, value) in map {
                    let key_span = self.span(key);
                    let key = match &key.data {
                        YamlData::Value(scalar) => scalar_key(scalar),
                        YamlData::Representation(text, _, _) => Some(text.to_string()),
                        _ => None,
                    }
                    .ok_or_else(|| LoadError::at("mapping keys must be plain scalars", key_span))?;
                    let value = self.convert(value, depth + 1)?;
                    entries.push(Entry {
                        key,
                        key_span,
                        value,
                    });
                }
                let last = entries.last().map(Entry::span);
                let span = self.collection_span(span, last);
                Node::new(span, Kind::Map(entries))
            }
            YamlData::Tagged(tag, inner) => {
                let inner = self.convert(inner, depth + 1)?;
                // saphyr gives a tagged scalar's span to the tag node only; a tagged
                // collection's inner node has it too, with its end already trimmed.
                let span = if inner.span == Span::default() {
                    span
                } else {
                    Span::new(span.start.min(inner.span.start), inner.span.end)
                };
                let long = (tag.handle == "!")
                    .then(|| SHORT_FORMS.iter().find(|(short, _)| *short == tag.suffix))
                    .flatten();
                match long {
                    Some((_, key)) => Node::new(
                        span,
                        Kind::Map(vec![Entry {
                            key: (*key).to_owned(),
                            key_span: Span::new(span.start, span.start),
                            value: inner,
                        }]),
                    ),
                    None => Node::new(span, Kind::Tagged(tag.to_string(), Box::new(inner))),
                }
            }
            YamlData::Alias(_) => return Err(LoadError::at("unresolved YAML alias", span)),
            YamlData::BadValue => return Err(LoadError::at(
                "invalid YAML value (a scalar that does not match its tag, or an unknown alias)",
                span,
            )),
        };
        Ok(node)
    }

    /// saphyr ends a block collection where the next token starts (often lines later),
    /// and a flow collection at (not after) its closing bracket. Findings should
    /// underline only the collection itself: up to the end of its last child, or
    /// through the bracket.
    fn collection_span(&self, span: Span, last_child: Option<Span>) -> Span {
        // A block collection never ends at a bracket: the next token after one is a key,
        // an entry or the end of the document.
        if let Some(close @ (']' | '}')) = self.offsets.char_at(span.end) {
            return Span::new(span.start, span.end + close.len_utf8());
        }
        match last_child {
            Some(child) => Span::new(span.start, child.end),
            None => span,
        }
    }
}

fn scalar_kind(scalar: &Scalar<'_>, text: &str, span: Span) -> Kind {
    match scalar {
        Scalar::Null => Kind::Null,
        Scalar::Boolean(b) => Kind::Bool(*b),
        Scalar::Integer(i) => Kind::Number((*i).into()),
        Scalar::FloatingPoint(f) => match serde_json::Number::from_f64(f.0) {
            Some(n) => Kind::Number(n),
            // .inf / .nan: keep what was written.
            None => Kind::String(
                text.get(span.start..span.end)
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            ),
        },
        Scalar::String(s) => Kind::String(s.to_string()),
    }
}

fn scalar_key(scalar: &Scalar<'_>) -> Option<String> {
    Some(match scalar {
        Scalar::Null => "null".to_owned(),
        Scalar::Boolean(b) => b.to_string(),
        Scalar::Integer(i) => i.to_string(),
        Scalar::FloatingPoint(f) => f.0.to_string(),
        Scalar::String(s) => s.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn scalar_and_entry_spans() {
        let text = "# c\nA:\n  B: hello\n  C: [1, 'two']\n\nD: x\n";
        let node = parse(text).unwrap();
        let a = node.entry("A").unwrap();
        assert_eq!(slice(text, a.key_span), "A");
        assert_eq!(slice(text, a.span()), "A:\n  B: hello\n  C: [1, 'two']");
        let b = a.value.entry("B").unwrap();
        assert_eq!(slice(text, b.value.span), "hello");
        let c = a.value.entry("C").unwrap();
        assert_eq!(slice(text, c.value.span), "[1, 'two']");
        assert_eq!(slice(text, c.value.items().unwrap()[1].span), "'two'");
    }

    #[test]
    fn non_ascii_and_crlf_offsets() {
        let text = "é: ü\r\nB:\r\n  - x\r\n  - ÿy\r\n";
        let node = parse(text).unwrap();
        let b = node.entry("B").unwrap();
        let y = &b.value.items().unwrap()[1];
        assert_eq!(slice(text, y.span), "ÿy");
        assert_eq!(slice(text, node.entry("é").unwrap().value.span), "ü");
    }

    #[test]
    fn short_forms_become_long_forms() {
        let text =
            "a: !Ref X\nb: !GetAtt R.Arn\nc: !Join ['', [!Sub '${X}', y]]\nd: !Rain::Embed f.py\n";
        let node = parse(text).unwrap();
        let a = node.get("a").unwrap();
        assert_eq!(a.intrinsic().unwrap().key, "Ref");
        assert_eq!(a.intrinsic().unwrap().value.as_str(), Some("X"));
        assert_eq!(
            node.get("b").unwrap().intrinsic().unwrap().key,
            "Fn::GetAtt"
        );
        let join = node.get("c").unwrap().intrinsic().unwrap();
        assert_eq!(join.key, "Fn::Join");
        let sub = &join.value.items().unwrap()[1].items().unwrap()[0];
        assert_eq!(sub.intrinsic().unwrap().key, "Fn::Sub");
        assert!(
            matches!(node.get("d").unwrap().kind, Kind::Tagged(ref t, _) if t == "!Rain::Embed")
        );
    }

    #[test]
    fn tagged_spans() {
        let text =
            "a:\n  - !Ref X\n  - !If [c, x, y]\n  - !Join\n    - ''\n    - [a, b]\nb: !Sub 'x'\n";
        let node = parse(text).unwrap();
        let items = node.get("a").unwrap().items().unwrap();
        let shown: Vec<&str> = items.iter().map(|i| slice(text, i.span)).collect();
        assert_eq!(
            shown,
            ["!Ref X", "!If [c, x, y]", "!Join\n    - ''\n    - [a, b]"]
        );
        assert_eq!(slice(text, node.entry("b").unwrap().span()), "b: !Sub 'x'");
    }

    #[test]
    fn scalars_are_typed_like_yaml_1_2() {
        let node = parse("a: 1\nb: '1'\nc: true\nd: yes\ne: 1.5\nf:\ng: ~\n").unwrap();
        assert_eq!(node.get("a").unwrap().kind, Kind::Number(1.into()));
        assert_eq!(node.get("b").unwrap().as_str(), Some("1"));
        assert_eq!(node.get("c").unwrap().kind, Kind::Bool(true));
        assert_eq!(node.get("d").unwrap().as_str(), Some("yes"));
        assert!(matches!(node.get("e").unwrap().kind, Kind::Number(_)));
        assert_eq!(node.get("f").unwrap().kind, Kind::Null);
        assert_eq!(node.get("g").unwrap().kind, Kind::Null);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing() {
        for text in [
            "- ".repeat(20_000) + "x\n",
            "a:\n".to_owned()
                + &(1..3000)
                    .map(|i| format!("{}b:\n", " ".repeat(i)))
                    .collect::<String>(),
            "--- ".to_owned() + &"- ".repeat(5000) + "x\n",
            "a:\r".to_owned()
                + &(1..3000)
                    .map(|i| format!("{}b:\r", " ".repeat(i)))
                    .collect::<String>(),
        ] {
            // Refused (too deep, or invalid), and the process is still alive.
            assert!(parse(&text).is_err());
        }
        let ok = "- ".repeat(200) + "x\n";
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn nesting_bound_covers_compact_forms() {
        assert!(nesting_bound("- - - x") >= 2 * 6);
        assert!(nesting_bound("a:\n    b: c") >= 2 * 4);
        assert!(nesting_bound("--- - - x") >= 2 * 7);
    }

    #[test]
    fn syntax_error_line() {
        let text = "A:\n  B: [1, 2\nC: x\n";
        let e = parse(text).unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert!(e.span.is_some());
    }

    #[test]
    fn duplicate_keys_and_multiple_documents_are_errors() {
        assert!(parse("a: 1\na: 2\n")
            .unwrap_err()
            .message
            .contains("duplicated key"));
        assert!(parse("a: 1\n---\nb: 2\n")
            .unwrap_err()
            .message
            .contains("more than one"));
        assert!(parse("").is_err());
        assert!(parse("# only a comment\n").is_err());
    }
}
