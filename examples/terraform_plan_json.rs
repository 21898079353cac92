//! Renders a Terraform root module as the JSON `terraform show -json` writes for a plan
//! that creates it from scratch, from palisade's evaluation (no providers, no account):
//!
//! ```sh
//! cargo run --example terraform_plan_json -- reference-platform/terraform/envs/prod \
//!     [--account-id 111122223333] [--region eu-west-1] [--partition aws] \
//!     [--var NAME=VALUE]... [--var-file FILE]... > plan.json
//! ```
//!
//! The reference platform's `plans/` are made with it (`reference-platform/plans/generate`);
//! see `palisade::load::hcl::plan_json` for what it renders and how that differs from a
//! real plan. Evaluation warnings go to standard error; an error exits 2.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use palisade::load::hcl::plan_json::{render, PlanSettings};
use palisade::load::hcl::TerraformVars;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut settings = PlanSettings::default();
    let account = &mut settings.account;
    let mut vars = TerraformVars::default();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next().unwrap_or_else(|| {
                eprintln!("{name} needs a value");
                std::process::exit(2)
            })
        };
        match arg.as_str() {
            "--account-id" => account.account_id = value("--account-id"),
            "--region" => account.region = value("--region"),
            "--partition" => account.partition = value("--partition"),
            "--var-file" => vars.var_files.push(PathBuf::from(value("--var-file"))),
            "--var" => match value("--var").split_once('=') {
                Some((name, v)) => vars.vars.push((name.to_owned(), v.to_owned())),
                None => {
                    eprintln!("--var needs NAME=VALUE");
                    return ExitCode::from(2);
                }
            },
            other if dir.is_none() && !other.starts_with('-') => dir = Some(PathBuf::from(other)),
            other => {
                eprintln!("unexpected argument {other}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: terraform_plan_json DIR [--account-id ID] [--region R] [--partition P] [--var N=V]... [--var-file F]...");
        return ExitCode::from(2);
    };
    match render(&dir, &vars, &settings) {
        Ok((plan, notes)) => {
            let mut failed = false;
            for note in &notes {
                eprintln!("{}", palisade::report::text::notification_line(note));
                failed |= note.is_error();
            }
            if write!(std::io::stdout().lock(), "{}", plan.to_pretty_json()).is_err() {
                return ExitCode::from(2);
            }
            if failed {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(note) => {
            eprintln!("{}", palisade::report::text::notification_line(&note));
            ExitCode::from(2)
        }
    }
}
