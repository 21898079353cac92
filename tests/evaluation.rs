//! Evaluating every rule in one query (`PolicySet::evaluate`, how scans run) gives
//! exactly the findings and notifications of evaluating each rule alone
//! (`PolicySet::evaluate_each`), on every unit of the rule fixtures and the reference
//! platform. The one query leaves out a built-in rule whose `reads` collections are all
//! empty, so this is also the check that every built-in rule's `reads` is complete: a
//! rule that finds something in a collection it does not declare would differ here
//! (`src/policy/mod.rs` shows that it does, with a misdeclared rule).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;

use palisade::policy::{PolicySet, PolicySources};
use rayon::prelude::*;

#[test]
fn one_query_gives_what_each_rule_alone_gives_on_every_fixture() {
    let (set, notes) = PolicySet::load(&PolicySources {
        builtin: true,
        ..Default::default()
    });
    assert!(notes.is_empty(), "{notes:?}");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let paths = [root.join("fixtures/rules"), root.join("reference-platform")];
    let discovered = palisade::discover::discover(&paths, &globset::GlobSet::empty());
    let compared: Vec<(String, usize)> = discovered
        .files
        .par_iter()
        .filter_map(|file| {
            let document = palisade::load::load(file).ok()?;
            let (estate, _) = palisade::normalise::normalise(&document);
            let input = regorus::Value::from(serde_json::to_value(&estate).unwrap());
            let mut engine = set.engine.clone();
            let together = set.evaluate(&mut engine, input.clone());
            let each = set.evaluate_each(&mut engine, input);
            assert_eq!(
                together,
                each,
                "{}: one query and each rule alone differ",
                file.path.display()
            );
            Some((file.path.display().to_string(), each.0.len()))
        })
        .collect();
    // The comparison covered the fixtures, and found things to compare.
    assert!(compared.len() > 300, "{} units", compared.len());
    assert!(
        compared
            .iter()
            .filter(|(_, findings)| *findings > 0)
            .count()
            > 150,
        "too few units with findings: {compared:?}"
    );
}
