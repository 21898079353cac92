//! Source files and positions.
//!
//! Every loader records *byte spans* into the text it parsed; turning a span into a
//! line and column happens here, once, so that SARIF, JSON and the miette snippets agree
//! on where a finding points.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

/// A byte range in a source file's text. `start == end` marks a point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }
}

/// One input file as read from disk, decoded to UTF-8 text, with a line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user should see it: relative to the working directory when the
    /// file lies below it, always with `/` separators, so reports are stable across machines.
    pub display: String,
    /// The path to open again (for snippets) — never printed.
    pub path: PathBuf,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

/// A 1-based line/column position, columns counted in characters (what editors and
/// SARIF viewers show).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        SourceFile {
            display,
            path,
            text,
            line_starts,
        }
    }

    /// Line and column of a byte offset; offsets past the end clamp to the end.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_index = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |prefix| prefix.chars().count());
        LineCol {
            line: u32::try_from(line_index + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// Byte offset of a 1-based line and a 1-based *character* column — what YAML
    /// parsers report. Positions past the end of a line clamp to its end.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&line_start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let line_text = self.text.get(line_start..line_end).unwrap_or("");
        let within = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        line_start + within
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// A resolved position for reports.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: String,
    pub start: LineCol,
    pub end: LineCol,
    #[serde(skip)]
    pub span: Span,
}

impl Location {
    pub fn of(file: &SourceFile, span: Span) -> Self {
        Location {
            file: file.display.clone(),
            start: file.line_col(span.start),
            end: file.line_col(span.end),
            span,
        }
    }
}

/// The path shown to users for a file: relative to the working directory when possible,
/// `/`-separated, with control characters escaped (see [`escape_controls`]).
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    let text = escape_controls(&shown.to_string_lossy().replace('\\', "/"));
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

/// A file name may hold any byte but `/` and NUL: an escape sequence in a name from a
/// pull request (`\x1b]8;;…`, `\x1b[2J`) must not reach a terminal, a CI log or a SARIF
/// viewer as itself. Control characters are written as `\u{1b}` (Rust's escape, which
/// the names palisade shows cannot otherwise contain: `\` becomes `/`).
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("f"), "f".into(), text)
    }

    #[test]
    fn line_col_counts_from_one() {
        let f = file("ab\ncdé\nx");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(f.line_col(7), LineCol { line: 2, column: 4 });
        assert_eq!(f.line_col(8), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_col(999), LineCol { line: 3, column: 2 });
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let f = file("ab\ncdé\nx");
        assert_eq!(f.offset_of(2, 4), 7);
        assert_eq!(f.offset_of(3, 1), 8);
        assert_eq!(f.offset_of(9, 1), f.text.len());
    }
}
