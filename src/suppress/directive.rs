//! The suppression grammar, shared by comments and CloudFormation `Metadata`:
//!
//! ```text
//! palisade:ignore[RULE-ID(, RULE-ID)*] [until=YYYY-MM-DD] reason
//! ```
//!
//! The reason is everything after the ids and the optional expiry; it is required, so
//! that a reviewer reading the code (or `palisade suppressions`) knows why a control was
//! waived. Checking the ids, the reason and the expiry happens when suppressions are
//! applied, where the rules and today's date are known; this module only reads text.

use crate::source::Span;

/// The word that starts a suppression comment.
pub const MARKER: &str = "palisade:ignore";

/// One suppression as written, before it is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Rule ids as written (upper-cased); aliases are resolved when applied.
    pub rules: Vec<String>,
    /// Empty when none was given (then it suppresses nothing and is reported).
    pub reason: String,
    /// The `until=` text, unparsed, so that a malformed date can be quoted back.
    pub until: Option<String>,
    /// Which of the unit's files it is written in, and where.
    pub file: usize,
    pub span: Span,
}

/// Reads `text`, which starts at [`MARKER`], into a directive.
pub fn parse(text: &str, file: usize, span: Span) -> Result<Directive, String> {
    let rest = text
        .strip_prefix(MARKER)
        .ok_or_else(|| format!("a suppression starts with `{MARKER}[`"))?;
    let Some(rest) = rest.strip_prefix('[') else {
        return Err(format!(
            "`{MARKER}` must name the rules it waives: `{MARKER}[PAL-NET-001] reason`"
        ));
    };
    let Some((ids, rest)) = rest.split_once(']') else {
        return Err(format!("`{MARKER}[` is not closed with `]`"));
    };
    let rules: Vec<String> = ids
        .split(',')
        .map(|id| id.trim().to_ascii_uppercase())
        .filter(|id| !id.is_empty())
        .collect();
    if rules.is_empty() {
        return Err(format!(
            "`{MARKER}[]` names no rule; name each rule it waives (there is no wildcard)"
        ));
    }
    if let Some(bad) = rules.iter().find(|id| {
        !id.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }) {
        return Err(format!("`{bad}` is not a rule id"));
    }
    let mut rest = rest.trim_start();
    let mut until = None;
    if let Some(after) = rest.strip_prefix("until=") {
        let end = after.find(char::is_whitespace).unwrap_or(after.len());
        until = Some(after.get(..end).unwrap_or(after).to_owned());
        rest = after.get(end..).unwrap_or("");
    }
    let reason = rest
        .trim()
        .trim_start_matches(['-', ':', '—', '–'])
        .trim()
        .to_owned();
    Ok(Directive {
        rules,
        reason,
        until,
        file,
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Directive {
        parse(text, 0, Span::default()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn reads_ids_expiry_and_reason() {
        let d =
            ok("palisade:ignore[PAL-NET-001, pal-net-002] until=2027-01-31 public ALB by design");
        assert_eq!(d.rules, ["PAL-NET-001", "PAL-NET-002"]);
        assert_eq!(d.until.as_deref(), Some("2027-01-31"));
        assert_eq!(d.reason, "public ALB by design");
    }

    #[test]
    fn separators_before_the_reason_are_not_part_of_it() {
        assert_eq!(
            ok("palisade:ignore[PAL-S3-001] -- legacy bucket").reason,
            "legacy bucket"
        );
        assert_eq!(
            ok("palisade:ignore[PAL-S3-001]: legacy bucket").reason,
            "legacy bucket"
        );
    }

    #[test]
    fn a_missing_reason_reads_as_empty() {
        let d = ok("palisade:ignore[PAL-S3-001] until=2027-01-31");
        assert_eq!(d.reason, "");
        assert_eq!(ok("palisade:ignore[PAL-S3-001]").reason, "");
    }

    #[test]
    fn malformed_directives_say_what_is_wrong() {
        for (text, says) in [
            ("palisade:ignore all of it", "must name the rules"),
            ("palisade:ignore[PAL-S3-001 reason", "not closed"),
            ("palisade:ignore[] reason", "names no rule"),
            ("palisade:ignore[*] reason", "not a rule id"),
        ] {
            let error = parse(text, 0, Span::default()).err().unwrap_or_default();
            assert!(error.contains(says), "{text}: {error}");
        }
    }
}
