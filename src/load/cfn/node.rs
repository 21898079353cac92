//! A format-neutral template tree with byte spans. The JSON and YAML readers both build
//! it; the interpreter in `template` only ever sees this, so JSON and YAML templates
//! behave identically.

use crate::source::Span;

/// Deepest nesting a template may have (YAML short-form tags count as one level each).
pub const MAX_DEPTH: usize = 256;

/// Most nodes one template may have after YAML aliases are expanded.
pub const MAX_NODES: u64 = 1_000_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Seq(Vec<Node>),
    /// Entries in document order; keys are unique (the readers reject duplicates).
    Map(Vec<Entry>),
    /// A YAML tag that is not a CloudFormation short form (`!Rain::Embed x`): kept so the
    /// interpreter can say what it skipped.
    Tagged(String, Box<Node>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Entry {
    /// From the start of the key to the end of the value: what a finding about this
    /// entry should underline.
    pub fn span(&self) -> Span {
        let end = if self.value.span.end > self.value.span.start {
            self.value.span.end
        } else {
            self.key_span.end
        };
        Span::new(self.key_span.start, end.max(self.key_span.end))
    }
}

impl Node {
    pub fn new(span: Span, kind: Kind) -> Self {
        Node { span, kind }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().find(|e| e.key == key)
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// A one-entry map whose key is `Ref` or `Fn::…`: an intrinsic function call.
    pub fn intrinsic(&self) -> Option<&Entry> {
        match self.entries()? {
            [entry] if entry.key == "Ref" || entry.key.starts_with("Fn::") => Some(entry),
            _ => None,
        }
    }

    /// A short description of the node's shape, for messages.
    pub fn shape(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
            Kind::Tagged(..) => "a tagged value",
        }
    }
}
