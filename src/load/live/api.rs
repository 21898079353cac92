//! Reading AWS API objects out of the span-carrying JSON tree, whichever way the export
//! spells member names, and telling the user exactly where a value has the wrong type.

use std::borrow::Cow;

use crate::load::cfn::node::{Entry, Kind, Node};
use crate::load::LoadError;
use crate::source::Span;

use super::build::At;

/// A value read from the export, with where it is.
#[derive(Clone, Debug)]
pub struct Leaf<T> {
    pub value: T,
    pub at: At,
}

/// An API object (a security group, a key's metadata …) in file `file`.
#[derive(Clone, Copy, Debug)]
pub struct Obj<'a> {
    pub node: &'a Node,
    pub file: usize,
}

/// AWS Config's camelCase (`dBInstanceIdentifier`), the CLI's PascalCase
/// (`DBInstanceIdentifier`) and the newer Config types that use CloudFormation's names
/// all spell the same member with different case: one comparison for all of them.
fn same_member(key: &str, name: &str) -> bool {
    key.eq_ignore_ascii_case(name)
}

impl<'a> Obj<'a> {
    /// `what` names the object in the error when `node` is not one.
    pub fn new(node: &'a Node, file: usize, what: &str) -> Result<Self, LoadError> {
        match node.kind {
            Kind::Map(_) => Ok(Obj { node, file }),
            _ => Err(LoadError::at(
                format!("{what} is {}, expected an object", node.shape()),
                node.span,
            )),
        }
    }

    pub fn at(&self) -> At {
        At::new(self.file, self.node.span)
    }

    /// The member, unless it is absent or `null`.
    pub fn entry(&self, name: &str) -> Option<&'a Entry> {
        self.node
            .entries()?
            .iter()
            .find(|e| same_member(&e.key, name))
            .filter(|e| !matches!(e.value.kind, Kind::Null))
    }

    pub fn get(&self, name: &str) -> Option<&'a Node> {
        self.entry(name).map(|e| &e.value)
    }

    /// Where a member is (its key to the end of its value), else the object itself.
    pub fn at_of(&self, name: &str) -> At {
        self.entry(name)
            .map_or(self.at(), |e| At::new(self.file, e.span()))
    }

    fn wrong(&self, entry: &Entry, expected: &str) -> LoadError {
        LoadError::at(
            format!(
                "`{}` is {}, expected {expected}",
                entry.key,
                entry.value.shape()
            ),
            entry.span(),
        )
    }

    pub fn str(&self, name: &str) -> Result<Option<Leaf<&'a str>>, LoadError> {
        let Some(entry) = self.entry(name) else {
            return Ok(None);
        };
        match &entry.value.kind {
            Kind::String(s) => Ok(Some(Leaf {
                value: s.as_str(),
                at: At::new(self.file, entry.span()),
            })),
            _ => Err(self.wrong(entry, "a string")),
        }
    }

    /// A string member that must be there: the resource cannot be named without it.
    pub fn required_str(&self, name: &str, what: &str) -> Result<Leaf<&'a str>, LoadError> {
        self.str(name)?
            .ok_or_else(|| LoadError::at(format!("{what} has no `{name}`"), self.node.span))
    }

    pub fn bool(&self, name: &str) -> Result<Option<Leaf<bool>>, LoadError> {
        let Some(entry) = self.entry(name) else {
            return Ok(None);
        };
        let value = match &entry.value.kind {
            Kind::Bool(b) => *b,
            // Supplementary configuration writes some switches as strings.
            Kind::String(s) if s.eq_ignore_ascii_case("true") => true,
            Kind::String(s) if s.eq_ignore_ascii_case("false") => false,
            _ => return Err(self.wrong(entry, "a boolean")),
        };
        Ok(Some(Leaf {
            value,
            at: At::new(self.file, entry.span()),
        }))
    }

    pub fn int(&self, name: &str) -> Result<Option<Leaf<i64>>, LoadError> {
        let Some(entry) = self.entry(name) else {
            return Ok(None);
        };
        let value = match &entry.value.kind {
            Kind::Number(n) => n.as_i64(),
            _ => None,
        };
        match value {
            Some(value) => Ok(Some(Leaf {
                value,
                at: At::new(self.file, entry.span()),
            })),
            None => Err(self.wrong(entry, "a whole number")),
        }
    }

    /// A list member; absent or `null` is empty.
    pub fn list(&self, name: &str) -> Result<&'a [Node], LoadError> {
        let Some(entry) = self.entry(name) else {
            return Ok(&[]);
        };
        entry
            .value
            .items()
            .ok_or_else(|| self.wrong(entry, "a list"))
    }

    pub fn obj(&self, name: &str) -> Result<Option<Obj<'a>>, LoadError> {
        let Some(entry) = self.entry(name) else {
            return Ok(None);
        };
        match entry.value.kind {
            Kind::Map(_) => Ok(Some(Obj {
                node: &entry.value,
                file: self.file,
            })),
            _ => Err(self.wrong(entry, "an object")),
        }
    }

    /// The items of a list member, each as an object.
    pub fn objects(&self, name: &str) -> Result<Vec<Obj<'a>>, LoadError> {
        self.list(name)?
            .iter()
            .map(|item| Obj::new(item, self.file, &format!("an item of `{name}`")))
            .collect()
    }

    /// The items of a list of strings.
    pub fn strings(&self, name: &str) -> Result<Vec<Leaf<&'a str>>, LoadError> {
        self.list(name)?
            .iter()
            .map(|item| match item.as_str() {
                Some(value) => Ok(Leaf {
                    value,
                    at: At::new(self.file, item.span),
                }),
                None => Err(LoadError::at(
                    format!("an item of `{name}` is {}, expected a string", item.shape()),
                    item.span,
                )),
            })
            .collect()
    }
}

/// A JSON value the export may hold as an object or as JSON text: AWS Config's
/// `configuration` in API output, supplementary configuration, policy documents (which
/// IAM returns URL-encoded). Text is parsed, and every position inside it becomes the
/// position of the string, since the lines of an escaped string cannot be addressed.
pub fn embedded<'a>(node: &'a Node, what: &str) -> Result<Cow<'a, Node>, LoadError> {
    let Kind::String(text) = &node.kind else {
        return Ok(Cow::Borrowed(node));
    };
    let decoded = url_decoded(text);
    let parsed = crate::load::cfn::json::parse(&decoded).map_err(|e| {
        LoadError::at(
            format!("{what} is a string that is not JSON ({})", e.message),
            node.span,
        )
    })?;
    Ok(Cow::Owned(respan(parsed, node.span)))
}

/// IAM's documents come URL-encoded (`%7B%22Version%22…`) from the API and from AWS
/// Config; the CLI decodes them. Text that already starts like JSON is left alone.
fn url_decoded(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') || !text.contains('%') {
        return Cow::Borrowed(text);
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .unwrap_or(Cow::Borrowed(text))
}

/// Gives every node of a tree parsed from a string the string's own span.
fn respan(node: Node, span: Span) -> Node {
    let kind = match node.kind {
        Kind::Seq(items) => Kind::Seq(items.into_iter().map(|n| respan(n, span)).collect()),
        Kind::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .map(|e| Entry {
                    key: e.key,
                    key_span: span,
                    value: respan(e.value, span),
                })
                .collect(),
        ),
        Kind::Tagged(tag, inner) => Kind::Tagged(tag, Box::new(respan(*inner, span))),
        other => other,
    };
    Node { span, kind }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_found_whatever_their_case() {
        let node = crate::load::cfn::json::parse(r#"{"IpPermissions": [], "fromPort": 22}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        let obj = Obj::new(&node, 0, "x").unwrap_or_else(|e| panic!("{e}"));
        assert!(obj.get("ipPermissions").is_some());
        assert_eq!(
            obj.int("FromPort").ok().flatten().map(|l| l.value),
            Some(22)
        );
        let wrong = obj.str("fromPort").err().map(|e| e.message);
        assert_eq!(
            wrong.as_deref(),
            Some("`fromPort` is a number, expected a string")
        );
    }

    #[test]
    fn embedded_documents_are_decoded_and_placed_at_their_string() {
        let text = r#"{"doc": "%7B%22Version%22%3A%222012-10-17%22%7D", "bad": "{nope"}"#;
        let node = crate::load::cfn::json::parse(text).unwrap_or_else(|e| panic!("{e}"));
        let doc = node.get("doc").unwrap_or_else(|| panic!("doc"));
        let parsed = embedded(doc, "the document").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            parsed.get("Version").and_then(Node::as_str),
            Some("2012-10-17")
        );
        assert_eq!(parsed.span, doc.span);
        let bad = node.get("bad").unwrap_or_else(|| panic!("bad"));
        let error = embedded(bad, "`bad`")
            .err()
            .unwrap_or_else(|| panic!("no error"));
        assert!(error
            .message
            .starts_with("`bad` is a string that is not JSON"));
    }
}
