//! `docs/input-model.md` documents every field the normaliser emits: each key found in
//! the policy input of every fixture must appear on that page as `` `key` ``.

// Test helpers outside #[test] functions may panic on bad data: that is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use palisade::discover::{self, InputFile};

fn keys(value: &serde_json::Value, under_attributes: bool, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                // Raw resource attributes and free-form maps are the user's, not the model's.
                if under_attributes {
                    continue;
                }
                out.insert(k.clone());
                let free_form =
                    matches!(k.as_str(), "attributes" | "tags" | "conditions" | "sources");
                keys(v, free_form, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                keys(item, under_attributes, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_emitted_field_is_documented() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/input-model.md")).unwrap();
    let found = discover::discover(
        &[root.join("fixtures")],
        &discover::exclude_set(&[]).unwrap(),
    );
    let mut emitted = BTreeSet::new();
    let mut scanned = 0;
    for InputFile { path, kind } in &found.files {
        let Ok(document) = palisade::load::load(&InputFile {
            path: path.clone(),
            kind: *kind,
        }) else {
            continue;
        };
        let (estate, _) = palisade::normalise::normalise(&document);
        keys(&serde_json::to_value(&estate).unwrap(), false, &mut emitted);
        scanned += 1;
    }
    assert!(scanned > 10, "fixtures were scanned ({scanned})");
    let undocumented: Vec<&String> = emitted
        .iter()
        .filter(|k| !doc.contains(&format!("`{k}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "fields missing from docs/input-model.md: {undocumented:?}"
    );
    for expected in [
        "security_groups",
        "data_stores",
        "iam",
        "statements",
        "rules",
        "unknown",
    ] {
        assert!(
            emitted.contains(expected),
            "{expected} was never emitted: {emitted:?}"
        );
    }
}
