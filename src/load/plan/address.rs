//! Terraform addresses and references as text.
//!
//! Plans name resources by *instance* address (`module.vpc["a"].aws_subnet.private[0]`),
//! while the `configuration` block names them by *configuration* address (no instance
//! keys) and expressions list *references* (`aws_security_group.app.id`, `var.vpc_id`,
//! `module.vpc.sg_id`). Both are the same small traversal syntax, so one splitter serves
//! both; nothing here allocates except the joined `base`.

/// One step of a traversal: `.name` or `[key]` (the key's raw text, quotes included, so
/// `0` and `"a"` compare exactly as Terraform prints them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Step<'a> {
    Attr(&'a str),
    Index(&'a str),
}

/// Splits `a.b[0]["k.\"x\""].c` into steps. `None` when brackets, quotes or dots do not
/// balance — such text is not something Terraform writes, and guessing would only
/// produce wrong links.
pub(super) fn steps(text: &str) -> Option<Vec<Step<'_>>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'[') {
            let start = i + 1;
            let end = index_end(bytes, start)?;
            out.push(Step::Index(text.get(start..end)?));
            i = end + 1;
        } else {
            let start = i;
            while let Some(&b) = bytes.get(i) {
                if b == b'.' || b == b'[' {
                    break;
                }
                i += 1;
            }
            if start == i {
                return None;
            }
            out.push(Step::Attr(text.get(start..i)?));
        }
        match bytes.get(i) {
            None | Some(b'[') => {}
            Some(b'.') => {
                i += 1;
                if i == bytes.len() {
                    return None;
                }
            }
            Some(_) => return None,
        }
    }
    Some(out)
}

/// Position of the `]` closing an index that starts at `start` (just after `[`).
fn index_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    if bytes.get(i) == Some(&b'"') {
        i += 1;
        loop {
            match bytes.get(i)? {
                b'\\' => i += 2,
                b'"' => break,
                _ => i += 1,
            }
        }
        i += 1;
        return (bytes.get(i) == Some(&b']')).then_some(i);
    }
    while *bytes.get(i)? != b']' {
        i += 1;
    }
    (i > start).then_some(i)
}

/// A resource instance address, split into its module path and the resource itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Address<'a> {
    /// `module.NAME[KEY]` steps, outermost first.
    pub modules: Vec<(&'a str, Option<&'a str>)>,
    /// `TYPE.NAME` or `data.TYPE.NAME`: the address within its module, without key.
    pub base: String,
    pub key: Option<&'a str>,
}

impl Address<'_> {
    /// The configuration address: module names without instance keys, then the base —
    /// what `configuration` (and our instance index) is keyed by.
    pub fn config_address(&self) -> String {
        config_address(self.modules.iter().map(|(name, _)| *name), &self.base)
    }
}

/// Joins module names and a resource base: `module.a.module.b.aws_x.y`.
pub(super) fn config_address<'a>(modules: impl Iterator<Item = &'a str>, base: &str) -> String {
    let mut out = String::new();
    for name in modules {
        out.push_str("module.");
        out.push_str(name);
        out.push('.');
    }
    out.push_str(base);
    out
}

pub(super) fn parse_address(text: &str) -> Option<Address<'_>> {
    let steps = steps(text)?;
    let mut rest = steps.as_slice();
    let mut modules = Vec::new();
    while let [Step::Attr("module"), Step::Attr(name), tail @ ..] = rest {
        let (key, tail) = split_key(tail);
        modules.push((*name, key));
        rest = tail;
    }
    let (base, rest) = resource_base(rest)?;
    let (key, rest) = split_key(rest);
    rest.is_empty().then_some(Address { modules, base, key })
}

/// `data.TYPE.NAME` / `TYPE.NAME` at the start of `steps`, joined, and what follows.
fn resource_base<'s, 'a>(steps: &'s [Step<'a>]) -> Option<(String, &'s [Step<'a>])> {
    match steps {
        [Step::Attr("data"), Step::Attr(kind), Step::Attr(name), rest @ ..] => {
            Some((format!("data.{kind}.{name}"), rest))
        }
        [Step::Attr(kind), Step::Attr(name), rest @ ..] => Some((format!("{kind}.{name}"), rest)),
        _ => None,
    }
}

fn split_key<'s, 'a>(steps: &'s [Step<'a>]) -> (Option<&'a str>, &'s [Step<'a>]) {
    match steps {
        [Step::Index(key), rest @ ..] => (Some(*key), rest),
        _ => (None, steps),
    }
}

/// What a reference in a configuration expression points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Reference<'a> {
    /// A resource or data source in the same module, possibly one instance of it.
    Resource { base: String, key: Option<&'a str> },
    /// `var.NAME`: whatever the calling module passed in.
    Variable(&'a str),
    /// `module.NAME.OUTPUT`: whatever that child module's output expression refers to.
    ModuleOutput {
        module: &'a str,
        key: Option<&'a str>,
        output: &'a str,
    },
    /// `local.*`, `each.*`, `count.*`, `path.*`, a whole module object, …: nothing the
    /// plan lets us follow to a resource.
    Other,
}

pub(super) fn parse_reference(text: &str) -> Reference<'_> {
    let Some(steps) = steps(text) else {
        return Reference::Other;
    };
    match steps.as_slice() {
        [Step::Attr("var"), Step::Attr(name), ..] => Reference::Variable(name),
        [Step::Attr("module"), Step::Attr(module), rest @ ..] => {
            let (key, rest) = split_key(rest);
            match rest {
                [Step::Attr(output), ..] => Reference::ModuleOutput {
                    module,
                    key,
                    output,
                },
                _ => Reference::Other,
            }
        }
        [Step::Attr("local" | "each" | "count" | "path" | "terraform" | "self"), ..] => {
            Reference::Other
        }
        steps => match resource_base(steps) {
            Some((base, rest)) => Reference::Resource {
                base,
                key: split_key(rest).0,
            },
            None => Reference::Other,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_steps_with_quoted_keys() {
        assert_eq!(
            steps(r#"module.a["x.\"]y"].b[0]"#).unwrap(),
            [
                Step::Attr("module"),
                Step::Attr("a"),
                Step::Index(r#""x.\"]y""#),
                Step::Attr("b"),
                Step::Index("0"),
            ]
        );
        assert_eq!(steps("a..b"), None);
        assert_eq!(steps("a.b."), None);
        assert_eq!(steps("a[0"), None);
        assert_eq!(steps(r#"a["x]"#), None);
        assert_eq!(steps("a[]"), None);
        assert_eq!(steps("a[0]b"), None);
    }

    #[test]
    fn parses_instance_addresses() {
        let a = parse_address(r#"module.vpc["a"].module.flow.data.aws_iam_policy_document.x[0]"#)
            .unwrap();
        assert_eq!(a.modules, [("vpc", Some(r#""a""#)), ("flow", None)]);
        assert_eq!(a.base, "data.aws_iam_policy_document.x");
        assert_eq!(a.key, Some("0"));
        assert_eq!(
            a.config_address(),
            "module.vpc.module.flow.data.aws_iam_policy_document.x"
        );
        assert_eq!(
            parse_address("aws_s3_bucket.b").unwrap().config_address(),
            "aws_s3_bucket.b"
        );
        assert_eq!(parse_address("aws_s3_bucket"), None);
        assert_eq!(parse_address("aws_s3_bucket.b.c"), None);
    }

    #[test]
    fn classifies_references() {
        assert_eq!(
            parse_reference("aws_security_group.app.id"),
            Reference::Resource {
                base: "aws_security_group.app".into(),
                key: None
            }
        );
        assert_eq!(
            parse_reference(r#"aws_subnet.x["a"].id"#),
            Reference::Resource {
                base: "aws_subnet.x".into(),
                key: Some(r#""a""#)
            }
        );
        assert_eq!(
            parse_reference("data.aws_iam_policy_document.x.json"),
            Reference::Resource {
                base: "data.aws_iam_policy_document.x".into(),
                key: None
            }
        );
        assert_eq!(parse_reference("var.vpc_id"), Reference::Variable("vpc_id"));
        assert_eq!(
            parse_reference("module.vpc[0].sg_id"),
            Reference::ModuleOutput {
                module: "vpc",
                key: Some("0"),
                output: "sg_id"
            }
        );
        assert_eq!(parse_reference("module.vpc"), Reference::Other);
        assert_eq!(parse_reference("local.tags"), Reference::Other);
        assert_eq!(parse_reference("count.index"), Reference::Other);
        assert_eq!(parse_reference("aws_vpc"), Reference::Other);
    }
}
