//! Finding suppression comments in source text, and what each one points at.
//!
//! A comment on its own line waives findings on the block or attribute that starts on
//! the next line that is neither blank nor a comment (so several suppressions can be
//! stacked above one block). A comment at the end of a line waives findings on what
//! starts on that line. In Terraform's JSON syntax, which has no comments, a `"//"`
//! member of a block waives findings on the resource that holds it.
//!
//! This reads lines, not a syntax tree: the parsers in use drop comments. The marker is
//! specific enough that a string merely containing it is not a practical concern; one that
//! does (a heredoc holding such a comment) points at nothing and is reported as unused.

use super::directive::{self, Directive, MARKER};
use crate::source::Span;

/// The comment syntax of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `.tf`: `#` and `//` line comments.
    Hcl,
    /// CloudFormation YAML: `#` comments.
    Yaml,
    /// `.tf.json`: `"//"` members.
    TerraformJson,
}

/// What a directive applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The construct that starts on this 1-based line.
    Line(u32),
    /// The resource whose declaration contains this byte offset.
    Enclosing(usize),
    /// Nothing follows the comment.
    Nothing,
}

/// A directive found in a file, or why the text that looked like one is not.
#[derive(Clone, Debug)]
pub struct Found {
    pub directive: Result<Directive, String>,
    pub span: Span,
    pub target: Target,
}

/// Every suppression comment in `text` (the unit's file number `file`).
pub fn find(text: &str, file: usize, syntax: Syntax) -> Vec<Found> {
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let lines: Vec<(usize, &str)> = line_offsets(text).collect();
    let mut found = Vec::new();
    for (index, &(offset, line)) in lines.iter().enumerate() {
        let Some(at) = line.find(MARKER) else {
            continue;
        };
        let (comment, standalone) = match syntax {
            Syntax::Hcl | Syntax::Yaml => {
                let Some(start) = comment_start(line, at, syntax) else {
                    continue;
                };
                (
                    line.get(at..).unwrap_or("").trim_end(),
                    line.get(..start).unwrap_or("").trim().is_empty(),
                )
            }
            Syntax::TerraformJson => {
                if !line.trim_start().starts_with("\"//\"") {
                    continue;
                }
                let rest = line.get(at..).unwrap_or("").trim_end();
                let rest = rest.strip_suffix(',').unwrap_or(rest).trim_end();
                (rest.strip_suffix('"').unwrap_or(rest), false)
            }
        };
        let span = Span::new(offset + at, offset + at + comment.len());
        let target = match syntax {
            Syntax::TerraformJson => Target::Enclosing(offset + at),
            _ if !standalone => Target::Line(line_number(index)),
            _ => lines
                .iter()
                .enumerate()
                .skip(index + 1)
                .find(|(_, (_, l))| !is_blank_or_comment(l, syntax))
                .map_or(Target::Nothing, |(i, _)| Target::Line(line_number(i))),
        };
        found.push(Found {
            directive: directive::parse(comment, file, span),
            span,
            target,
        });
    }
    found
}

fn line_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// Each line's byte offset and text, without its line break.
fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        (start, line.strip_suffix('\r').unwrap_or(line))
    })
}

/// Where the comment holding the marker at `at` starts, when the marker is in a comment:
/// only whitespace may stand between the comment sign and the marker, and in YAML the
/// `#` must start the line or follow whitespace.
fn comment_start(line: &str, at: usize, syntax: Syntax) -> Option<usize> {
    let before = line.get(..at)?.trim_end();
    if let Some(sign) = before.strip_suffix('#') {
        let start = sign.len();
        let opens = sign.is_empty() || sign.ends_with(char::is_whitespace);
        return (syntax == Syntax::Hcl || opens).then_some(start);
    }
    if syntax == Syntax::Hcl {
        if let Some(sign) = before.strip_suffix("//") {
            return Some(sign.len());
        }
    }
    None
}

fn is_blank_or_comment(line: &str, syntax: Syntax) -> bool {
    let line = line.trim_start();
    line.is_empty()
        || line.starts_with('#')
        || (syntax == Syntax::Hcl && (line.starts_with("//") || line.starts_with("/*")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str, syntax: Syntax) -> Vec<(Target, Vec<String>, String)> {
        find(text, 0, syntax)
            .into_iter()
            .map(|f| {
                let d = f.directive.unwrap_or_else(|e| panic!("{e}"));
                (f.target, d.rules, d.reason)
            })
            .collect()
    }

    #[test]
    fn a_comment_line_points_at_the_next_code_line() {
        let text = "resource \"a\" \"b\" {\n  # palisade:ignore[PAL-NET-001] public ALB\n  // palisade:ignore[PAL-NET-002] same\n\n  cidr_blocks = [\"0.0.0.0/0\"]\n}\n";
        let got = targets(text, Syntax::Hcl);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|(t, _, _)| *t == Target::Line(5)));
        assert_eq!(got[0].2, "public ALB");
    }

    #[test]
    fn a_trailing_comment_points_at_its_own_line() {
        let text = "x {\n  cidr = \"0.0.0.0/0\" # palisade:ignore[PAL-NET-001] why\n}\n";
        assert_eq!(targets(text, Syntax::Hcl)[0].0, Target::Line(2));
        let yaml = "Resources:\n  Sg: # palisade:ignore[PAL-NET-001] why\n    Type: x\n";
        assert_eq!(targets(yaml, Syntax::Yaml)[0].0, Target::Line(2));
    }

    #[test]
    fn yaml_needs_a_real_comment() {
        let yaml = "  Description: see#palisade:ignore[PAL-NET-001] not a comment\n  X: 1\n";
        assert!(find(yaml, 0, Syntax::Yaml).is_empty());
        let plain = "  Description: palisade:ignore[PAL-NET-001] in a string\n";
        assert!(find(plain, 0, Syntax::Yaml).is_empty());
    }

    #[test]
    fn a_comment_with_nothing_after_it_points_at_nothing() {
        let text = "x = 1\n# palisade:ignore[PAL-NET-001] why\n\n";
        assert_eq!(targets(text, Syntax::Hcl)[0].0, Target::Nothing);
    }

    #[test]
    fn terraform_json_comments_are_members() {
        let text = "{\"resource\": {\"aws_s3_bucket\": {\"b\": {\n  \"//\": \"palisade:ignore[PAL-S3-002] public website\",\n  \"bucket\": \"x\"}}}}\n";
        let found = find(text, 0, Syntax::TerraformJson);
        assert_eq!(found.len(), 1);
        assert!(matches!(found[0].target, Target::Enclosing(_)));
        let directive = found[0].directive.clone().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(directive.reason, "public website");
    }

    #[test]
    fn malformed_comments_are_found_with_their_error() {
        let found = find("# palisade:ignore because\nx = 1\n", 0, Syntax::Hcl);
        assert!(found[0].directive.is_err());
    }
}
