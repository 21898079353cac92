//! Policy evaluation per rule: which built-in rules cost what, on the benchmark corpus
//! (or on any files given), in this process, without start-up, loading or reporting.
//!
//! ```sh
//! cargo bench --bench rules                      # corpus of 100 projects, every kind
//! cargo bench --bench rules -- plan              # one kind of the corpus: tf, plan, cfn
//! cargo bench --bench rules -- path/to/files…    # any inputs palisade scans
//! cargo bench --bench rules -- --rvm plan        # also regorus' compiled RVM, compared
//! ```
//!
//! Each unit's policy input is built once (discover, load, normalise), then every rule
//! is evaluated on every unit `PALISADE_BENCH_RUNS` times (default 5), alternating
//! rules so that drift spreads evenly. It prints, per rule, the median over runs of its
//! mean time per unit, the rules sorted by cost, and the whole set's evaluation as
//! `palisade scan` runs it (`PolicySet::evaluate`), median per unit.
//!
//! `--rvm` compiles the same rules with regorus' RVM (bytecode VM) and evaluates them
//! on the same inputs: its time per unit and whether each rule's findings are the
//! interpreter's. It is how palisade decides whether the RVM can replace the
//! interpreter (see `benches/README.md`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

// Only `ensure` is used here; `check` and the manifest serve the other benches.
#[allow(dead_code)]
mod corpus;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use palisade::policy::evaluate::{eval_rule_raw, Outcome};
use palisade::policy::{PolicySet, PolicySources};

fn runs() -> usize {
    std::env::var("PALISADE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1)
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// The policy input of every unit under `paths`, as `scan_document` builds it.
fn inputs(paths: &[PathBuf]) -> Vec<regorus::Value> {
    let discovered = palisade::discover::discover(paths, &globset::GlobSet::empty());
    discovered
        .files
        .iter()
        .filter_map(|file| palisade::load::load(file).ok())
        .map(|document| {
            let (estate, _) = palisade::normalise::normalise(&document);
            regorus::Value::from(serde_json::to_value(&estate).unwrap())
        })
        .collect()
}

fn main() {
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let rvm = args.iter().any(|a| a == "--rvm");
    args.retain(|a| a != "--rvm");
    let kinds = ["tf", "plan", "cfn"];
    let paths: Vec<PathBuf> = if args.iter().all(|a| kinds.contains(&a.as_str())) {
        let projects = 100;
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("bench-corpus")
            .join(projects.to_string());
        corpus::ensure(&root, projects, corpus::DEFAULT_SEED).expect("write corpus");
        let chosen: Vec<&str> = if args.is_empty() {
            kinds.to_vec()
        } else {
            args.iter().map(String::as_str).collect()
        };
        chosen.iter().map(|kind| root.join(kind)).collect()
    } else {
        args.iter().map(PathBuf::from).collect()
    };

    let (set, notes) = PolicySet::load(&PolicySources {
        builtin: true,
        ..PolicySources::default()
    });
    assert!(notes.is_empty(), "built-in policies: {notes:?}");
    let units = inputs(&paths);
    assert!(!units.is_empty(), "no scan units under {paths:?}");
    let runs = runs();
    println!(
        "{} units from {}; {} rules; {runs} runs",
        units.len(),
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        set.rules.len()
    );

    let mut engine = set.engine.clone();
    let per_unit = |elapsed: Duration| elapsed / u32::try_from(units.len()).unwrap();
    let mut per_rule: Vec<Vec<Duration>> = vec![Vec::new(); set.rules.len()];
    let mut whole = Vec::new();
    for _ in 0..runs {
        for (index, rule) in set.rules.iter().enumerate() {
            let started = Instant::now();
            for input in &units {
                engine.set_input(input.clone());
                let _ = std::hint::black_box(eval_rule_raw(&mut engine, rule));
            }
            per_rule[index].push(per_unit(started.elapsed()));
        }
        let started = Instant::now();
        for input in &units {
            std::hint::black_box(set.evaluate(&mut engine, input.clone()));
        }
        whole.push(per_unit(started.elapsed()));
    }
    let mut costs: Vec<(Duration, &str)> = per_rule
        .into_iter()
        .zip(&set.rules)
        .map(|(times, rule)| (median(times), rule.id()))
        .collect();
    costs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let sum: Duration = costs.iter().map(|c| c.0).sum();
    println!("\n| rule | median per unit | share |\n|---|---:|---:|");
    for (cost, id) in &costs {
        println!(
            "| {id} | {:.1} µs | {:.1} % |",
            cost.as_secs_f64() * 1e6,
            100.0 * cost.as_secs_f64() / sum.as_secs_f64()
        );
    }
    let whole = median(whole);
    println!(
        "\nsum of rules: {:.2} ms per unit; PolicySet::evaluate (as scans run it): {:.2} ms per unit",
        sum.as_secs_f64() * 1e3,
        whole.as_secs_f64() * 1e3
    );
    if rvm {
        compare_rvm(&set, &units, runs);
    }
}

/// Every rule's `deny` and `undecided` compiled into one RVM program, evaluated on the
/// same inputs; findings compared with the interpreter's, rule by rule.
fn compare_rvm(set: &PolicySet, units: &[regorus::Value], runs: usize) {
    let entries: Vec<(usize, Outcome, String)> = set
        .rules
        .iter()
        .enumerate()
        .flat_map(|(index, rule)| {
            let mut parts = vec![(index, Outcome::Violation, format!("{}.deny", rule.package))];
            if rule.has_undecided {
                parts.push((
                    index,
                    Outcome::Undecided,
                    format!("{}.undecided", rule.package),
                ));
            }
            parts
        })
        .collect();
    let mut engine = set.engine.clone();
    let started = Instant::now();
    let compiled = engine
        .compile_with_entrypoint(&regorus::Rc::from(entries[0].2.as_str()))
        .expect("compile policy");
    let names: Vec<&str> = entries.iter().map(|e| e.2.as_str()).collect();
    let program =
        regorus::languages::rego::compiler::Compiler::compile_from_policy(&compiled, &names)
            .expect("compile RVM program");
    println!(
        "\nRVM: compiled {} entry points into {} instructions in {:.1} ms",
        names.len(),
        program.instructions.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let mut vm = regorus::rvm::RegoVM::new_with_policy(compiled);
    vm.load_program(program);
    vm.set_data(engine.get_data()).expect("policy data");

    let mut interpreter = set.engine.clone();
    let mut differing = std::collections::BTreeMap::<&str, usize>::new();
    let mut times = Vec::new();
    for run in 0..runs {
        let started = Instant::now();
        let mut results = Vec::with_capacity(units.len());
        for input in units {
            vm.set_input(input.clone());
            let values: Vec<regorus::Value> = entries
                .iter()
                .map(|e| {
                    vm.execute_entry_point_by_name(&e.2)
                        .unwrap_or(regorus::Value::Undefined)
                })
                .collect();
            results.push(values);
        }
        times.push(started.elapsed() / u32::try_from(units.len()).unwrap());
        if run > 0 {
            continue;
        }
        for (input, values) in units.iter().zip(&results) {
            interpreter.set_input(input.clone());
            for ((index, outcome, _), value) in entries.iter().zip(values) {
                let expected: std::collections::BTreeSet<regorus::Value> =
                    eval_rule_raw(&mut interpreter, &set.rules[*index])
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|(o, _)| o == outcome)
                        .map(|(_, v)| v)
                        .collect();
                let got: std::collections::BTreeSet<regorus::Value> = match value {
                    regorus::Value::Set(items) => items.iter().cloned().collect(),
                    _ => std::collections::BTreeSet::new(),
                };
                if got != expected {
                    let seen = differing.entry(set.rules[*index].id()).or_default();
                    if *seen == 0 {
                        println!(
                            "{} on one unit: only the interpreter: {:?}; only the RVM: {:?}",
                            set.rules[*index].id(),
                            expected.difference(&got).collect::<Vec<_>>(),
                            got.difference(&expected).collect::<Vec<_>>()
                        );
                    }
                    *seen += 1;
                }
            }
        }
    }
    println!(
        "RVM: {:.2} ms per unit (median of {runs} runs)",
        median(times).as_secs_f64() * 1e3
    );
    if differing.is_empty() {
        println!("RVM: every rule's findings equal the interpreter's on every unit");
    } else {
        println!("RVM: findings differ from the interpreter's (rule: units):");
        for (id, count) in differing {
            println!("  {id}: {count} of {} units", units.len());
        }
    }
}
