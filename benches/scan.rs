//! End-to-end scan throughput against the physical parse floor.
//!
//! Generates (once) a deterministic corpus of N projects into
//! `target/bench-corpus/<N>/` (N from `PALISADE_BENCH_PROJECTS`, default 100), loads the
//! built-in policy set once, and for each input kind (`plan`, `cfn`) measures
//!
//! * `parse-floor/<threads>`: read and parse every file only (serde_json::Value for plans,
//!   saphyr MarkedYaml for templates) — what no scanner can beat;
//! * `scan/<threads>`: `palisade::scan::scan` over that kind's directory (discover, load,
//!   normalise, evaluate, resolve, sort),
//!
//! each at 1 thread and at all cores. See `benches/README.md`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

mod corpus;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use palisade::policy::evaluate::Outcome;
use palisade::policy::{PolicySet, PolicySources};
use palisade::scan::{scan, scan_document, ScanConfig};
use palisade::{discover, load, normalise};
use rayon::prelude::*;
use saphyr::LoadableYamlNode;

/// One input kind: its directory in the corpus and the files in it.
struct Kind {
    name: &'static str,
    dir: PathBuf,
    files: Vec<PathBuf>,
    bytes: u64,
}

impl Kind {
    fn new(root: &Path, name: &'static str, ext: &str) -> Kind {
        let dir = root.join(name);
        let files = corpus::files(&dir, ext);
        let bytes = files
            .iter()
            .map(|f| std::fs::metadata(f).unwrap().len())
            .sum();
        Kind {
            name,
            dir,
            files,
            bytes,
        }
    }

    /// Reads and parses one file, and nothing else; returns its size.
    fn parse_one(&self, path: &Path) -> usize {
        let text = std::fs::read_to_string(path).unwrap();
        if self.name == "plan" {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            black_box(&v);
        } else {
            let v = saphyr::MarkedYaml::load_from_str(&text).unwrap();
            black_box(&v);
        }
        text.len()
    }
}

/// Per-iteration wall times of one benchmark, recorded alongside criterion's own
/// analysis so the summary can print medians, files/s and ratios.
type Timings = RefCell<BTreeMap<(String, usize), Vec<Duration>>>;

/// Times `routine` once per iteration, recording each iteration.
fn timed(
    timings: &Timings,
    key: (String, usize),
    iters: u64,
    mut routine: impl FnMut(),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        routine();
        let elapsed = start.elapsed();
        timings
            .borrow_mut()
            .entry(key.clone())
            .or_default()
            .push(elapsed);
        total += elapsed;
    }
    total
}

/// Median of the recorded iterations, leaving out the very first (cold) one.
fn median(times: &[Duration]) -> Option<Duration> {
    let mut t: Vec<Duration> = if times.len() > 1 {
        times[1..].to_vec()
    } else {
        times.to_vec()
    };
    if t.is_empty() {
        return None;
    }
    t.sort();
    Some(t[t.len() / 2])
}

fn projects() -> usize {
    std::env::var("PALISADE_BENCH_PROJECTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(100)
}

fn thread_counts() -> Vec<usize> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let mut counts = vec![1, cores];
    counts.dedup();
    counts
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// One scan outside the timing loop, to show what the timed scans produce, then one
/// single-threaded pass split by stage (load = read + decode + parse + loader;
/// normalise; the rest of `scan_document` = policy input, evaluation, resolution).
fn describe_scan(kind: &Kind, policies: &PolicySet, threads: usize) {
    let config = ScanConfig {
        paths: vec![kind.dir.clone()],
        excludes: Vec::new(),
        ..Default::default()
    };
    let report = pool(threads).install(|| scan(&config, policies));
    // rule id -> (violations, undecided)
    let mut by_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for f in &report.findings {
        let entry = by_rule.entry(f.rule_id.as_str()).or_default();
        if f.outcome == Outcome::Violation {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    let errors = report.notifications.iter().filter(|n| n.is_error()).count();
    println!(
        "scan {}: {} files scanned, {} resources, {} findings (rule: violations/undecided) {}; \
         {} notifications ({} errors){}",
        kind.name,
        report.stats.files_scanned,
        report.stats.resources,
        report.findings.len(),
        by_rule
            .iter()
            .map(|(rule, (v, u))| format!("{rule}: {v}/{u}"))
            .collect::<Vec<_>>()
            .join(", "),
        report.notifications.len(),
        errors,
        report
            .notifications
            .first()
            .map(|n| format!("; first: {}", n.message))
            .unwrap_or_default(),
    );

    pool(1).install(|| {
        let excludes = discover::exclude_set(&[]).unwrap();
        let t = Instant::now();
        let found = discover::discover(&config.paths, &excludes);
        let discover_time = t.elapsed();
        let t = Instant::now();
        let documents: Vec<_> = found.files.iter().filter_map(|f| load::load(f).ok()).collect();
        let load_time = t.elapsed();
        let t = Instant::now();
        for document in &documents {
            black_box(normalise::normalise(document));
        }
        let normalise_time = t.elapsed();
        let mut engine = policies.engine.clone();
        let t = Instant::now();
        for document in &documents {
            black_box(scan_document(
                document,
                policies,
                &mut engine,
                palisade::scan::UnitOptions {
                    today: palisade::suppress::Date::today(),
                    only_files: None,
                    changed_only: false,
                    inline: &palisade::suppress::InlinePolicy::default(),
                },
            ));
        }
        let document_time = t.elapsed();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "stages {} (1 thread, one pass, {} documents): discover {:.1} ms, load {:.1} ms, normalise {:.1} ms, \
             input + evaluate + resolve {:.1} ms",
            kind.name,
            documents.len(),
            ms(discover_time),
            ms(load_time),
            ms(normalise_time),
            ms(document_time.saturating_sub(normalise_time)),
        );
    });
}

fn bench_kind(c: &mut Criterion, kind: &Kind, policies: &PolicySet, timings: &Timings) {
    let threads = thread_counts();
    let config = ScanConfig {
        paths: vec![kind.dir.clone()],
        excludes: Vec::new(),
        ..Default::default()
    };
    let mut group = c.benchmark_group(kind.name);
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8))
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Bytes(kind.bytes));
    for &n in &threads {
        let pool = pool(n);
        group.bench_function(BenchmarkId::new("parse-floor", n), |b| {
            b.iter_custom(|iters| {
                timed(timings, ("parse-floor".to_owned(), n), iters, || {
                    let bytes: usize =
                        pool.install(|| kind.files.par_iter().map(|f| kind.parse_one(f)).sum());
                    black_box(bytes);
                })
            });
        });
    }
    for &n in &threads {
        let pool = pool(n);
        group.bench_function(BenchmarkId::new("scan", n), |b| {
            b.iter_custom(|iters| {
                timed(timings, ("scan".to_owned(), n), iters, || {
                    let report = pool.install(|| scan(&config, policies));
                    black_box(report);
                })
            });
        });
    }
    group.finish();
    summarise(kind, &threads, &timings.borrow());
    timings.borrow_mut().clear();
}

/// The final lines per group: medians, files/s, MB/s, and scan / parse-floor.
fn summarise(kind: &Kind, threads: &[usize], timings: &BTreeMap<(String, usize), Vec<Duration>>) {
    let files = kind.files.len() as f64;
    let mb = kind.bytes as f64 / 1e6;
    println!(
        "summary {}: {} files, {:.1} MB",
        kind.name,
        kind.files.len(),
        mb
    );
    for what in ["parse-floor", "scan"] {
        for &n in threads {
            if let Some(m) = timings.get(&(what.to_owned(), n)).and_then(|t| median(t)) {
                let s = m.as_secs_f64();
                println!(
                    "  {what:<11} {n} thread(s): median {:>9.2} ms  {:>9.0} files/s  {:>7.1} MB/s",
                    s * 1e3,
                    files / s,
                    mb / s
                );
            }
        }
    }
    for &n in threads {
        let get = |what: &str| timings.get(&(what.to_owned(), n)).and_then(|t| median(t));
        if let (Some(scan), Some(floor)) = (get("scan"), get("parse-floor")) {
            println!(
                "  scan / parse-floor at {n} thread(s): {:.2}x",
                scan.as_secs_f64() / floor.as_secs_f64()
            );
        }
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();

    let n = projects();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-corpus")
        .join(n.to_string());
    let started = Instant::now();
    let corpus = corpus::ensure(&root, n, corpus::DEFAULT_SEED).expect("write benchmark corpus");
    let checked = corpus::check(&corpus);
    println!(
        "corpus {} ({}, {:.1} s incl. sanity check): {} plans, {} templates, {} modules checked; \
         {} resources ({} in plans), {} non-compliant of {} checked; bytes {}; expected findings {}",
        root.display(),
        if corpus.generated { "generated" } else { "reused" },
        started.elapsed().as_secs_f64(),
        checked.plans,
        checked.templates,
        checked.modules,
        corpus.manifest["resources"],
        checked.resources_in_plans,
        corpus.manifest["noncompliant_resources"],
        corpus.manifest["checked_resources"],
        corpus.manifest["bytes"],
        corpus.manifest["expected_findings"],
    );

    let (policies, notes) = PolicySet::load(&PolicySources {
        builtin: true,
        ..Default::default()
    });
    println!(
        "policies: {} built-in rules, {} load notifications",
        policies.rules.len(),
        notes.len()
    );

    let timings: Timings = RefCell::new(BTreeMap::new());
    for kind in [
        Kind::new(&root, "plan", "json"),
        Kind::new(&root, "cfn", "yaml"),
    ] {
        describe_scan(&kind, &policies, *thread_counts().last().unwrap());
        bench_kind(&mut criterion, &kind, &policies, &timings);
    }
    criterion.final_summary();
}
