//! What the fuzz targets share: turning libFuzzer's bytes into the inputs palisade
//! reads (one file's text, or a small tree of files), and the checks every loaded
//! result must pass besides "did not panic".

use std::path::{Path, PathBuf};
use std::sync::Arc;

use palisade::load::{Document, Loaded};
use palisade::source::SourceFile;

/// One file's bytes as palisade would decode them; `None` when they are not text (the
/// decoder's error is the expected outcome, nothing more to run).
pub fn text_file(data: &[u8], name: &str) -> Option<Arc<SourceFile>> {
    let text = palisade::load::decode::decode_text(data).ok()?;
    Some(Arc::new(SourceFile::new(
        PathBuf::from(name),
        name.to_owned(),
        text,
    )))
}

/// The header line that starts each file of a multi-file input: `#~file NAME`. Seeds
/// are written this way by `fuzz/seed`; bytes before the first header are the first
/// file's, named `default`.
const HEADER: &[u8] = b"#~file ";

/// Splits a multi-file input into (relative path, bytes). Names are restricted to a
/// safe alphabet and depth, so the fuzzer chooses among file names and layouts but
/// never writes outside its temporary directory.
pub fn split_files(data: &[u8], default: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut name = PathBuf::from(default);
    let mut body: Vec<u8> = Vec::new();
    let mut started = false;
    for line in data.split_inclusive(|&b| b == b'\n') {
        if let Some(rest) = line.strip_prefix(HEADER) {
            if started || !body.is_empty() {
                out.push((name, std::mem::take(&mut body)));
            }
            started = true;
            let raw = String::from_utf8_lossy(rest);
            name = safe_name(raw.trim_end_matches(['\n', '\r']))
                .unwrap_or_else(|| PathBuf::from(format!("f{}.bin", out.len())));
        } else {
            body.extend_from_slice(line);
        }
    }
    if started || !body.is_empty() {
        out.push((name, body));
    }
    // Two files of one name: the last wins, as writing them in order would do.
    out.reverse();
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|(n, _)| seen.insert(n.clone()));
    out.reverse();
    out.truncate(64);
    out
}

fn safe_name(raw: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = raw.split('/').collect();
    let ok = !raw.is_empty()
        && raw.len() <= 96
        && parts.len() <= 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        });
    ok.then(|| parts.iter().collect())
}

/// Writes the files under `dir`. A name that is also a directory of another file is
/// skipped (the fuzzer may write `a` and `a/b`).
pub fn write_tree(dir: &Path, files: &[(PathBuf, Vec<u8>)]) {
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                continue;
            }
        }
        let _ = std::fs::write(&path, bytes);
    }
}

/// What must hold of any loader's result: every span lies inside the text it points
/// into, on character boundaries (a location past the end or inside a character would
/// show the wrong line, or none).
pub fn check_loaded(source: &SourceFile, loaded: &Loaded) {
    for resource in &loaded.0 {
        check_span(source, resource.span, &resource.id);
        for span in resource.attribute_spans.values() {
            check_span(source, *span, &resource.id);
        }
    }
}

/// [`check_loaded`] for a unit of several files.
pub fn check_document(document: &Document) {
    for resource in &document.resources {
        let Some(own) = document.sources.get(resource.file) else {
            panic!(
                "{}: file #{} of {}",
                resource.id,
                resource.file,
                document.sources.len()
            );
        };
        check_span(own, resource.span, &resource.id);
        for (path, span) in &resource.attribute_spans {
            let file = resource
                .attribute_files
                .get(path)
                .copied()
                .unwrap_or(resource.file);
            let Some(source) = document.sources.get(file) else {
                panic!(
                    "{}: attribute file #{file} of {}",
                    resource.id,
                    document.sources.len()
                );
            };
            check_span(source, *span, &resource.id);
        }
    }
}

fn check_span(source: &SourceFile, span: palisade::source::Span, what: &str) {
    let text: &str = &source.text;
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {}..{} outside a text of {} bytes",
        span.start,
        span.end,
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {}..{} splits a character",
        span.start,
        span.end
    );
}
