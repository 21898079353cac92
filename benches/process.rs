//! Whole-process benchmark: the release `palisade` binary as a user runs it, against a
//! parse-only floor process over the same files at the same thread count.
//!
//! ```text
//! cargo bench --bench process                              # 100 projects, 5 runs
//! PALISADE_BENCH_PROJECTS=2000 cargo bench --bench process # the issue's large corpus
//! ```
//!
//! For each input kind (Terraform `tf/`, plan JSON `plan/`, CloudFormation `cfn/`) and
//! for one project of each kind (the pre-commit case), at 1 and 2 threads, it runs the
//! floor and palisade alternately (`PALISADE_BENCH_RUNS` times each, default 5) and
//! prints the medians of wall time, CPU time (user + system) and peak RSS of the child,
//! files/s, MB/s, scan / floor, and the 2-thread speed-up. See `benches/README.md`.
//!
//! CPU and peak RSS come from `getrusage(RUSAGE_CHILDREN)` in a measuring process that
//! has exactly one child: this binary re-executes itself as `__measure CMD…`, runs CMD
//! and prints what the kernel accounted for it. The floor is this binary too, as
//! `__floor KIND DIR THREADS`: read and parse every file of the kind (hcl-rs `hcl::parse`,
//! serde_json `Value`, saphyr `MarkedYaml`, as `../shared/tools/parse-floor` does) and
//! nothing else.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

mod corpus;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use saphyr::LoadableYamlNode;

/// One input kind: its corpus directory name, the file extension, the floor's parser.
#[derive(Clone, Copy)]
struct Kind {
    dir: &'static str,
    ext: &'static str,
    label: &'static str,
}

const KINDS: [Kind; 3] = [
    Kind {
        dir: "tf",
        ext: "tf",
        label: "HCL",
    },
    Kind {
        dir: "plan",
        ext: "json",
        label: "plan JSON",
    },
    Kind {
        dir: "cfn",
        ext: "yaml",
        label: "CFN YAML",
    },
];

fn kind_named(name: &str) -> Kind {
    *KINDS.iter().find(|k| k.dir == name).expect("kind")
}

/// `__floor KIND PATH THREADS`: reads and parses every file of the kind under PATH (or
/// PATH itself), and nothing else.
fn floor(kind: &str, path: &Path, threads: usize) {
    let kind = kind_named(kind);
    let files = if path.is_file() {
        vec![path.to_owned()]
    } else {
        corpus::files(path, kind.ext)
    };
    let parse = |file: &PathBuf| -> usize {
        let text = std::fs::read_to_string(file).unwrap();
        match kind.dir {
            "tf" => {
                black_box(hcl::parse(&text).unwrap());
            }
            "plan" => {
                black_box(serde_json::from_str::<serde_json::Value>(&text).unwrap());
            }
            _ => {
                black_box(saphyr::MarkedYaml::load_from_str(&text).unwrap());
            }
        }
        text.len()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let bytes: usize = pool.install(|| files.par_iter().map(parse).sum());
    black_box(bytes);
}

/// What the kernel accounted for one child process.
#[derive(Clone, Copy, Debug)]
struct Usage {
    wall: Duration,
    cpu: Duration,
    /// Peak resident set size, KiB.
    maxrss_kib: u64,
    status: i32,
}

/// `__measure CMD ARGS…`: runs CMD (stdout discarded, stderr captured) and prints one
/// line `wall_ns cpu_ns maxrss_kib status` for the parent to read, then CMD's stderr.
fn measure(cmd: &[String]) {
    let started = Instant::now();
    let out = Command::new(&cmd[0])
        .args(&cmd[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        // As most users run it: a developer's RUST_BACKTRACE=1 makes every `anyhow`
        // error capture a backtrace (regorus' parser makes hundreds while it backtracks).
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", cmd[0]));
    let wall = started.elapsed();
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage");
    let tv = |t: nix::sys::time::TimeVal| {
        Duration::from_secs(t.tv_sec() as u64) + Duration::from_micros(t.tv_usec() as u64)
    };
    let cpu = tv(usage.user_time()) + tv(usage.system_time());
    println!(
        "{} {} {} {}",
        wall.as_nanos(),
        cpu.as_nanos(),
        usage.max_rss(),
        out.status.code().unwrap_or(-1)
    );
    print!("{}", String::from_utf8_lossy(&out.stderr));
}

/// Runs `cmd` under `__measure` and reads back its usage.
fn run_measured(cmd: &[String]) -> Usage {
    let me = std::env::current_exe().unwrap();
    let out = Command::new(me)
        .arg("__measure")
        .args(cmd)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "measuring process failed: {out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let (first, rest) = text.split_once('\n').unwrap();
    let f: Vec<u64> = first
        .split(' ')
        .map(|x| x.parse::<i64>().unwrap() as u64)
        .collect();
    let usage = Usage {
        wall: Duration::from_nanos(f[0]),
        cpu: Duration::from_nanos(f[1]),
        maxrss_kib: f[2],
        status: f[3] as i32,
    };
    // palisade: 0 clean, 1 violations; anything else means the scan did not complete.
    if usage.status > 1 {
        panic!("`{}` exited {}:\n{rest}", cmd.join(" "), usage.status);
    }
    usage
}

fn median<T: Copy + Ord>(xs: &[T]) -> T {
    let mut v = xs.to_vec();
    v.sort();
    v[v.len() / 2]
}

/// Medians of several runs of one command.
#[derive(Clone, Copy)]
struct Summary {
    wall: Duration,
    cpu: Duration,
    maxrss_kib: u64,
}

fn summarise(runs: &[Usage]) -> Summary {
    Summary {
        wall: median(&runs.iter().map(|u| u.wall).collect::<Vec<_>>()),
        cpu: median(&runs.iter().map(|u| u.cpu).collect::<Vec<_>>()),
        maxrss_kib: median(&runs.iter().map(|u| u.maxrss_kib).collect::<Vec<_>>()),
    }
}

/// One row of the table: an input (a whole kind, or one project) at a thread count.
struct Row {
    input: String,
    threads: usize,
    files: usize,
    bytes: u64,
    floor: Summary,
    scan: Summary,
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

fn palisade_bin() -> PathBuf {
    std::env::var_os("PALISADE_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_palisade")),
        PathBuf::from,
    )
}

/// Measures one input at one thread count: floor and scan alternately, `runs` each.
fn measure_input(input: &str, kind: Kind, path: &Path, threads: usize, runs: usize) -> Row {
    let me = std::env::current_exe().unwrap();
    let floor_cmd: Vec<String> = vec![
        me.display().to_string(),
        "__floor".into(),
        kind.dir.into(),
        path.display().to_string(),
        threads.to_string(),
    ];
    let scan_cmd: Vec<String> = vec![
        palisade_bin().display().to_string(),
        "scan".into(),
        path.display().to_string(),
        "--no-config".into(),
        "--threads".into(),
        threads.to_string(),
    ];
    let (files, bytes) = if path.is_file() {
        (1, std::fs::metadata(path).unwrap().len())
    } else {
        let f = corpus::files(path, kind.ext);
        let b = f.iter().map(|p| std::fs::metadata(p).unwrap().len()).sum();
        (f.len(), b)
    };
    // One untimed run of each warms the page cache and the binaries.
    run_measured(&floor_cmd);
    run_measured(&scan_cmd);
    let mut floor_runs = Vec::new();
    let mut scan_runs = Vec::new();
    for _ in 0..runs {
        floor_runs.push(run_measured(&floor_cmd));
        scan_runs.push(run_measured(&scan_cmd));
    }
    let row = Row {
        input: input.to_owned(),
        threads,
        files,
        bytes,
        floor: summarise(&floor_runs),
        scan: summarise(&scan_runs),
    };
    eprintln!(
        "  {} at {} thread(s): floor {:.1} ms, scan {:.1} ms (runs: {})",
        row.input,
        threads,
        ms(row.floor.wall),
        ms(row.scan.wall),
        scan_runs
            .iter()
            .map(|u| format!("{:.0}", ms(u.wall)))
            .collect::<Vec<_>>()
            .join(" ")
    );
    row
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn print_table(rows: &[Row]) {
    println!(
        "| input | files | MB | threads | floor wall | scan wall | scan CPU | scan peak RSS | floor peak RSS | files/s | MB/s | scan / floor |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let s = r.scan.wall.as_secs_f64();
        println!(
            "| {} | {} | {:.2} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} MiB | {:.1} MiB | {:.0} | {:.1} | {:.2}× |",
            r.input,
            r.files,
            r.bytes as f64 / 1e6,
            r.threads,
            ms(r.floor.wall),
            ms(r.scan.wall),
            ms(r.scan.cpu),
            r.scan.maxrss_kib as f64 / 1024.0,
            r.floor.maxrss_kib as f64 / 1024.0,
            r.files as f64 / s,
            r.bytes as f64 / 1e6 / s,
            s / r.floor.wall.as_secs_f64(),
        );
    }
    println!();
    println!("| input | scan speed-up 2 vs 1 thread | floor speed-up |");
    println!("|---|---:|---:|");
    for pair in rows.chunks(2) {
        if let [one, two] = pair {
            println!(
                "| {} | {:.2}× | {:.2}× |",
                one.input,
                one.scan.wall.as_secs_f64() / two.scan.wall.as_secs_f64(),
                one.floor.wall.as_secs_f64() / two.floor.wall.as_secs_f64(),
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("__measure") => return measure(&args[2..]),
        Some("__floor") => {
            return floor(&args[2], Path::new(&args[3]), args[4].parse().unwrap());
        }
        _ => {}
    }
    // `cargo bench` passes `--bench` and perhaps filters: kind names (tf, plan, cfn, and
    // one for the single projects) select what to run; `corpus` only writes the corpus.
    let filter: Vec<&str> = args[1..]
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.contains(&name);

    let projects = env_usize("PALISADE_BENCH_PROJECTS", 100);
    let runs = env_usize("PALISADE_BENCH_RUNS", 5);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-corpus")
        .join(projects.to_string());
    let started = Instant::now();
    let corpus = corpus::ensure(&root, projects, corpus::DEFAULT_SEED).expect("write corpus");
    if corpus.generated {
        let checked = corpus::check(&corpus);
        eprintln!(
            "checked {} plans ({} resources), {} templates, {} modules",
            checked.plans, checked.resources_in_plans, checked.templates, checked.modules
        );
    }
    eprintln!(
        "corpus {} ({}, {:.1} s); palisade {}; {} runs each; {} cores",
        root.display(),
        if corpus.generated {
            "generated and checked"
        } else {
            "reused"
        },
        started.elapsed().as_secs_f64(),
        palisade_bin().display(),
        runs,
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
    );

    if filter == ["corpus"] {
        // `scripts/compare-checkov` only needs the corpus written.
        return;
    }
    let mut rows = Vec::new();
    for kind in KINDS {
        if !wanted(kind.dir) {
            continue;
        }
        for threads in [1, 2] {
            rows.push(measure_input(
                &format!("{} ({projects} projects)", kind.label),
                kind,
                &root.join(kind.dir),
                threads,
                runs,
            ));
        }
    }
    if wanted("one") {
        for kind in KINDS {
            let one = match kind.dir {
                "tf" => root.join("tf").join("p00000"),
                "plan" => root.join("plan").join("p00000.json"),
                _ => root.join("cfn").join("p00000.yaml"),
            };
            for threads in [1, 2] {
                rows.push(measure_input(
                    &format!("{}, one project", kind.label),
                    kind,
                    &one,
                    threads,
                    runs.max(10),
                ));
            }
        }
    }
    print_table(&rows);
}
