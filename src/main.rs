use std::process::ExitCode;

use clap::Parser;

/// Evaluation allocates and frees small values all the time; mimalloc does that in a
/// fraction of glibc's instructions (measured with `benches/process.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // regorus' parser creates (and discards) hundreds of `anyhow` errors while it
    // backtracks through the policies; with a developer's RUST_BACKTRACE=1 each one
    // captured a backtrace, 15 % of a one-file scan. Errors are printed without their
    // backtraces anyway; panics still honour RUST_BACKTRACE. Set before any thread starts.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    let cli = palisade::cli::Cli::parse();
    match palisade::cli::run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            eprintln!("error: {err:#}");
            palisade::exit::ExitStatus::Incomplete.into()
        }
    }
}
