//! Embeds the built-in policy bundle (`policies/`) into the binary, so a scan needs no
//! files beside the executable, with each rule's METADATA already parsed and validated:
//! a built-in rule with bad metadata fails the build, and a scan deserialises JSON
//! instead of parsing YAML at every start.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/policy/metadata.rs"]
#[allow(dead_code)]
mod metadata;

/// The rule's metadata as JSON, `None` for a library (no METADATA block) or a test.
fn metadata_json(rel: &str, text: &str) -> Option<String> {
    if !rel.ends_with(".rego") || rel.ends_with("_test.rego") {
        return None;
    }
    match metadata::parse(text) {
        Ok(meta) => match serde_json::to_string(&meta) {
            Ok(json) => Some(json),
            Err(e) => panic!("policies/{rel}: cannot serialise its METADATA: {e}"),
        },
        Err(metadata::MetadataError::Missing) => None,
        Err(e) => panic!("policies/{rel}: {e}"),
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rego" | "yaml" | "json")
        ) {
            out.push(path);
        }
    }
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("policies");
    println!("cargo:rerun-if-changed=policies");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut code = String::from(
        "/// (path relative to `policies/`, contents, the rule's METADATA as JSON)\n\
         pub static BUILTIN_FILES: &[(&str, &str, Option<&str>)] = &[\n",
    );
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => panic!("cannot read {}: {e}", file.display()),
        };
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?}), {:?}),",
            file.display().to_string(),
            metadata_json(&rel, &text)
        );
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_policies.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
