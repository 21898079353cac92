//! A first, cheap pass over YAML text that measures the document as it would be after
//! alias expansion — without expanding anything — so that alias bombs ("billion laughs")
//! and pathological nesting are refused before saphyr builds the real tree.
//!
//! saphyr has its own alias budget, but it does not look inside tagged collections or
//! mapping keys, and `!Join [*a, *a, …]` is an ordinary CloudFormation shape. Here every
//! node is a [`Tally`] — a size and a depth — and an alias clones a finished tally, which
//! is constant-size, so measuring costs no more than parsing. Mappings are counted as
//! sequences of keys and values, so keys are measured too, and tags are ignored.

use saphyr::{AnnotatedMapping, LoadableYamlNode, Marker, Yaml};

use super::node::{MAX_DEPTH, MAX_NODES};

/// How big and how deep a YAML node is once aliases are expanded.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    collection: bool,
    bad: bool,
    /// Nodes in this subtree, itself included, of the children already folded in.
    size: u64,
    /// Levels in this subtree, itself included.
    depth: u64,
    /// Children pushed by the loader and not yet folded into `size`/`depth`. At most a
    /// handful: every call that exposes the list folds it first, so no tree is ever built.
    pending: Vec<Tally>,
    /// Never populated (mappings report themselves as sequences); the trait needs one.
    unused_map: AnnotatedMapping<'static, Tally>,
}

impl Tally {
    fn leaf() -> Self {
        Tally {
            size: 1,
            depth: 1,
            ..Tally::default()
        }
    }

    fn fold(&mut self) {
        for child in self.pending.drain(..) {
            self.size = self.size.saturating_add(child.size);
            self.depth = self.depth.max(child.depth.saturating_add(1));
        }
    }

    pub fn size(&self) -> u64 {
        self.pending
            .iter()
            .fold(self.size, |n, c| n.saturating_add(c.size))
    }

    pub fn depth(&self) -> u64 {
        self.pending
            .iter()
            .fold(self.depth, |d, c| d.max(c.depth.saturating_add(1)))
    }
}

impl PartialEq for Tally {
    fn eq(&self, other: &Self) -> bool {
        (self.collection, self.bad, self.size(), self.depth())
            == (other.collection, other.bad, other.size(), other.depth())
    }
}

impl Eq for Tally {}

impl std::hash::Hash for Tally {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.collection, self.bad, self.size(), self.depth()).hash(state);
    }
}

impl<'input> LoadableYamlNode<'input> for Tally {
    type HashKey = Tally;

    fn from_bare_yaml(yaml: Yaml<'input>) -> Self {
        match yaml {
            Yaml::Sequence(_) | Yaml::Mapping(_) => Tally {
                collection: true,
                ..Tally::leaf()
            },
            Yaml::BadValue => Tally {
                bad: true,
                ..Tally::default()
            },
            Yaml::Tagged(_, inner) => Self::from_bare_yaml(*inner),
            _ => Tally::leaf(),
        }
    }

    fn is_sequence(&self) -> bool {
        self.collection
    }

    fn is_mapping(&self) -> bool {
        false
    }

    fn is_badvalue(&self) -> bool {
        self.bad
    }

    fn sequence_mut(&mut self) -> &mut Vec<Self> {
        self.fold();
        &mut self.pending
    }

    fn mapping_mut(&mut self) -> &mut AnnotatedMapping<'input, Self> {
        &mut self.unused_map
    }

    fn into_tagged(self, _tag: std::borrow::Cow<'input, saphyr::Tag>) -> Self {
        self
    }

    fn take(&mut self) -> Self {
        std::mem::replace(
            self,
            Tally {
                bad: true,
                ..Tally::default()
            },
        )
    }

    fn with_end_marker(mut self, _: Marker) -> Self {
        self.fold();
        self
    }
}

/// Why a YAML text is refused before it is built.
pub enum Refusal {
    Syntax(saphyr::ScanError),
    TooBig(u64),
    TooDeep(u64),
}

/// Measures every document in `text`.
pub fn check(text: &str) -> Result<(), Refusal> {
    let docs = Tally::load_from_str(text).map_err(Refusal::Syntax)?;
    for doc in &docs {
        if doc.size() > MAX_NODES {
            return Err(Refusal::TooBig(doc.size()));
        }
        if doc.depth() > MAX_DEPTH as u64 {
            return Err(Refusal::TooDeep(doc.depth()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(text: &str) -> (u64, u64) {
        let docs = Tally::load_from_str(text).unwrap();
        let doc = docs.first().unwrap();
        (doc.size(), doc.depth())
    }

    #[test]
    fn counts_keys_values_and_aliases() {
        // map(1) + a,1 + b, seq(1) + 2 items
        assert_eq!(measure("a: 1\nb: [x, y]\n"), (7, 3));
        // the alias expands to the anchored list: 1 + (k, [1+2]) + (k2, [1+2])
        assert_eq!(measure("k: &l [1, 2]\nk2: *l\n"), (9, 3));
        assert_eq!(measure("k: !Join ['', [a, !Ref b]]\n"), (7, 4));
    }

    #[test]
    fn tagged_alias_bomb_is_measured_not_built() {
        let mut text = String::from("a0: &a0 !Join ['', [x, x, x, x, x, x, x, x, x]]\n");
        for level in 1..12 {
            let prev = level - 1;
            let refs = vec![format!("*a{prev}"); 9].join(", ");
            text.push_str(&format!("a{level}: &a{level} !Join ['', [{refs}]]\n"));
        }
        assert!(matches!(check(&text), Err(Refusal::TooBig(_))));
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        // saphyr's parser recurses per level: keep this shallow enough for a test thread.
        let text = "- ".repeat(300) + "x\n";
        assert!(matches!(check(&text), Err(Refusal::TooDeep(301))));
    }
}
