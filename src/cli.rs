//! The command line: clap definitions, and the translation of raw flags into resolved
//! configuration before any work starts (ripgrep's "high-level arguments").

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, Config};
use crate::diagnostics::{Notification, Stage};
use crate::exit::{ExitStatus, FailOn};
use crate::policy::{PolicySet, PolicySources, Severity};
use crate::report::compliance::{self, ReportFormat};
use crate::report::{self, OutputFormat, RenderOptions};
use crate::scan::{self, ScanConfig};

/// Policy-as-code compliance scanner and CI gate for AWS infrastructure as code.
#[derive(Debug, Parser)]
#[command(name = "palisade", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan Terraform source and plans and CloudFormation templates; the exit code is the gate.
    Scan(ScanArgs),
    /// List every suppression in force (comments, CloudFormation Metadata and
    /// palisade.toml) with its reason, expiry, location and what it waives, for review.
    Suppressions(ScanArgs),
    /// List the loaded rules, or explain one.
    Rules(RulesArgs),
    /// Run the Rego unit tests of the built-in policies and of the given directories.
    Test(TestArgs),
    /// Record the current findings in a baseline file (--output FILE), so that
    /// `scan --baseline FILE` reports and gates on new findings only.
    #[command(
        mut_arg("outputs", |a| a
            .required(true)
            .help("Where to write the baseline (JSON); written atomically, and only when the scan is complete")),
        mut_arg("formats", |a| a.hide(true)),
        mut_arg("sarif_category", |a| a.hide(true)),
        mut_arg("fail_on", |a| a.hide(true)),
        mut_arg("fail_on_undecided", |a| a.hide(true)),
        mut_arg("baseline", |a| a.hide(true)),
        mut_arg("changed_files", |a| a.hide(true)),
        mut_arg("changed_only", |a| a.hide(true)),
    )]
    Baseline(BaselineArgs),
    /// Write the auditor's compliance report: for each framework (CIS AWS Foundations
    /// v3.0 and v5.0, AWS Security Hub controls with those of Foundational Security Best
    /// Practices marked, NIST SP 800-53 r5) and each control the rules map to, pass, fail
    /// or not evaluated, and why; then the failing resources with their ARN, file:line
    /// and evidence, and the inputs read.
    ///
    /// A control fails when a rule mapped to it found a violation, and passes only when
    /// every rule mapped to it evaluated at least one resource in the inputs and none
    /// failed or was left undecided (values unknown until apply); otherwise it is not
    /// evaluated, with the reason (no resources of the kinds the rule reads, resources
    /// undecided, rule disabled by config). Suppressed findings do not fail a control and
    /// are listed with their reasons. The exit code is the scan's: 2 when the scan is
    /// incomplete (which the report also says at the top), 1 for violations at or above
    /// --fail-on, else 0.
    #[command(
        mut_arg("formats", |a| a.long("scan-format").short(None).hide(true)),
        mut_arg("sarif_category", |a| a.hide(true)),
        mut_arg("baseline", |a| a.hide(true)),
        mut_arg("changed_files", |a| a.hide(true)),
        mut_arg("changed_only", |a| a.hide(true)),
        mut_arg("outputs", |a| a.help("Where the matching --format goes (default: standard output); written atomically")),
    )]
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
    /// Report format; repeatable, paired in order with --output [default: markdown].
    #[arg(id = "report_formats", long = "format", short = 'f', value_enum)]
    pub formats: Vec<ReportFormat>,
    /// Report only this framework: cis-aws-foundations-v3.0, cis-aws-foundations-v5.0,
    /// aws-security-hub (or its alias aws-fsbp), nist-800-53-r5. Repeatable; default: all.
    #[arg(long = "framework", value_name = "ID")]
    pub frameworks: Vec<String>,
    /// Leave the time out of the report, so that the same inputs give a byte-identical
    /// report. (SOURCE_DATE_EPOCH, in seconds, sets the time instead of the clock.)
    #[arg(long)]
    pub no_timestamp: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Critical,
    High,
    Medium,
    Low,
    Info,
    None,
}

impl FailOnArg {
    fn severity(self) -> Option<Severity> {
        match self {
            FailOnArg::Critical => Some(Severity::Critical),
            FailOnArg::High => Some(Severity::High),
            FailOnArg::Medium => Some(Severity::Medium),
            FailOnArg::Low => Some(Severity::Low),
            FailOnArg::Info => Some(Severity::Info),
            FailOnArg::None => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Add the policies (and data.yaml/data.json files) under DIR. Repeatable.
    #[arg(long = "policy", value_name = "DIR")]
    pub policy_dirs: Vec<PathBuf>,
    /// Do not load the built-in policies.
    #[arg(long)]
    pub no_builtin: bool,
    /// Override policy data (the traffic matrix, port lists, thresholds) with FILE, a
    /// YAML or JSON object rooted at `palisade:`; objects merge key by key, lists and
    /// values replace. Repeatable; later files win.
    #[arg(long = "data", value_name = "FILE")]
    pub data_files: Vec<PathBuf>,
}

impl PolicyArgs {
    fn sources(&self, include_tests: bool) -> PolicySources {
        PolicySources {
            builtin: !self.no_builtin,
            dirs: self.policy_dirs.clone(),
            data_files: self.data_files.clone(),
            include_tests,
        }
    }
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format; repeatable, paired in order with --output.
    #[arg(long = "format", short = 'f', value_enum)]
    pub formats: Vec<OutputFormat>,
    /// Where the matching --format goes (default: standard output); written atomically.
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub outputs: Vec<PathBuf>,
    /// GitHub code scanning category for the SARIF report (`automationDetails.id`), e.g.
    /// `palisade/prod/`: uploads with different categories do not close each other's alerts.
    #[arg(long, value_name = "NAME", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub sarif_category: Option<String>,
    /// Exit 1 when a violation at or above this severity is found [default: high].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOnArg>,
    /// Also exit 1 for findings that could not be decided (values unknown until apply).
    #[arg(long)]
    pub fail_on_undecided: bool,
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Skip paths matching GLOB (matched against the relative path and each file name). Repeatable.
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print findings and errors only: no summary, no warnings.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also list skipped files and informational notes.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Set a Terraform root-module variable (NAME=VALUE; VALUE is read as an HCL
    /// expression when it is one, else as a string). Repeatable; applies to every root
    /// module scanned and wins over tfvars files.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// Read Terraform variable values from FILE (`.tfvars` or `.tfvars.json`), after
    /// terraform.tfvars and *.auto.tfvars. Repeatable.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// The PATHs are changed files, as a pre-commit hook passes them: each `.tf` or
    /// `.tfvars` file is scanned with its whole module, only findings that concern the
    /// named files are reported (pointing into one, valued from one, or created by a
    /// `module` call in one), and named files that are not infrastructure code are
    /// skipped instead of being errors.
    #[arg(long)]
    pub changed_files: bool,
    /// The Terraform root module a scanned plan was made from: plan findings then point
    /// at the `.tf` lines that declare them (the plan is a related location). Repeatable;
    /// each plan uses the first that declares its root module's resources. Without it, a
    /// directory above the plan file that is its root module is used.
    #[arg(long = "source-root", value_name = "DIR")]
    pub source_roots: Vec<PathBuf>,
    /// Read settings from FILE instead of the nearest palisade.toml at or above the
    /// first PATH (up to the repository root).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore palisade.toml.
    #[arg(long)]
    pub no_config: bool,
    /// Compare with the baseline FILE (written by `palisade baseline`): only findings it
    /// does not record are reported as new and gate; entries no longer found are listed
    /// as fixed (`--verbose`). A missing or invalid FILE is an error.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// For plans: report only findings on resources the plan creates, updates or
    /// replaces (what the change touches); rules still see the whole plan, so a new rule
    /// attached to an unchanged group is judged with it. Findings in Terraform source and
    /// CloudFormation are not limited.
    #[arg(long)]
    pub changed_only: bool,
    /// Refuse input files larger than SIZE (bytes, or with K, M, G: powers of 1024);
    /// each is an error naming it, and the scan goes on [default: 64MiB].
    #[arg(long, value_name = "SIZE", value_parser = crate::load::read::parse_size)]
    pub max_file_size: Option<crate::load::read::MaxFileSize>,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
    /// Write the baseline even when the scan is incomplete (a file did not load, a rule
    /// failed): it then records only the findings of what did load.
    #[arg(long)]
    pub allow_incomplete: bool,
}

fn parse_var(text: &str) -> std::result::Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!("expected NAME=VALUE, got `{text}`")),
    }
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Explain this rule: description, remediation, frameworks, links.
    pub id: Option<String>,
    /// Print the rules reference (docs/rules.md) as Markdown.
    #[arg(long, conflicts_with = "id")]
    pub markdown: bool,
    #[command(flatten)]
    pub policy: PolicyArgs,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Directories of policies whose tests to run (besides the built-in ones).
    pub dirs: Vec<PathBuf>,
    /// Do not run the built-in policies' tests.
    #[arg(long)]
    pub no_builtin: bool,
}

/// Runs a parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> Result<ExitStatus> {
    match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Suppressions(args) => run_suppressions(args),
        Command::Rules(args) => run_rules(args),
        Command::Test(args) => run_test(args),
        Command::Baseline(args) => run_baseline(args),
        Command::Report(args) => run_report(args),
    }
}

/// Where one rendered format goes.
struct Destination {
    format: OutputFormat,
    file: Option<PathBuf>,
}

fn destinations(args: &ScanArgs) -> Result<Vec<Destination>> {
    if args.outputs.len() > args.formats.len().max(1) {
        bail!("more --output than --format options: each --output needs a --format before it");
    }
    let formats = if args.formats.is_empty() {
        vec![OutputFormat::Text]
    } else {
        args.formats.clone()
    };
    let destinations: Vec<Destination> = formats
        .into_iter()
        .enumerate()
        .map(|(i, format)| Destination {
            format,
            file: args.outputs.get(i).cloned(),
        })
        .collect();
    if destinations.iter().filter(|d| d.file.is_none()).count() > 1 {
        bail!("only one --format can go to standard output; give the others an --output FILE");
    }
    Ok(destinations)
}

/// Folds `palisade.toml` into the flags: the command line wins for single values and
/// formats, and its lists come after the file's.
fn with_config(mut args: ScanArgs) -> Result<(ScanArgs, Option<Config>)> {
    if args.no_config {
        return Ok((args, None));
    }
    let Some(config) = config::find(&args.paths, args.config.as_deref())? else {
        return Ok((args, None));
    };
    if args.fail_on.is_none() {
        if let Some(text) = &config.fail_on {
            args.fail_on = Some(FailOnArg::from_str(text, true).map_err(|_| {
                anyhow::anyhow!(
                    "{}: fail-on = \"{text}\" is not one of critical, high, medium, low, info, none",
                    config.file
                )
            })?);
        }
    }
    args.fail_on_undecided |= config.fail_on_undecided.unwrap_or(false);
    if args.sarif_category.is_none() {
        args.sarif_category.clone_from(&config.sarif_category);
    }
    if args.max_file_size.is_none() {
        args.max_file_size = config.max_file_size;
    }
    args.excludes = config
        .exclude
        .iter()
        .cloned()
        .chain(args.excludes)
        .collect();
    args.policy.policy_dirs = config
        .policy
        .iter()
        .cloned()
        .chain(args.policy.policy_dirs)
        .collect();
    args.policy.data_files = config
        .data
        .iter()
        .cloned()
        .chain(args.policy.data_files)
        .collect();
    if args.formats.is_empty() && args.outputs.is_empty() {
        for (name, file) in &config.outputs {
            let format = OutputFormat::from_str(name, true).map_err(|_| {
                anyhow::anyhow!("{}: unknown output format \"{name}\"", config.file)
            })?;
            args.formats.push(format);
            if let Some(file) = file {
                args.outputs.push(file.clone());
            }
        }
        // --output pairs with --format in order: a file-less output must come last.
        if config
            .outputs
            .iter()
            .rev()
            .skip(1)
            .any(|(_, f)| f.is_none())
        {
            bail!(
                "{}: only the last [[outputs]] entry may go to standard output (no `file`)",
                config.file
            );
        }
    }
    Ok((args, Some(config)))
}

/// Applies `[rules]`: enabled and disabled rules (ids or id prefixes such as
/// `PAL-IAM-`) and severity overrides. Names matching no rule are errors, so a typo
/// cannot leave a rule on.
fn adjust_rules(policies: &mut PolicySet, config: &Config) -> Result<Vec<Notification>> {
    let matches = |pattern: &str, rule: &crate::policy::Rule| {
        let pattern = pattern.to_ascii_uppercase();
        rule.id() == pattern
            || (pattern.ends_with('-') && rule.id().starts_with(&pattern))
            || rule
                .meta
                .custom
                .aliases
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&pattern))
    };
    for pattern in config
        .enable
        .iter()
        .chain(&config.disable)
        .chain(config.severity.keys())
    {
        if !policies.rules.iter().any(|r| matches(pattern, r)) {
            bail!(
                "{}: no rule matches `{pattern}` (`palisade rules` lists them; a family prefix ends in `-`)",
                config.file
            );
        }
    }
    for rule in &mut policies.rules {
        for (pattern, severity) in &config.severity {
            if matches(pattern, rule) {
                rule.meta.custom.severity = *severity;
            }
        }
    }
    Ok(policies.retain_rules(|rule| {
        (config.enable.is_empty() || config.enable.iter().any(|p| matches(p, rule)))
            && !config.disable.iter().any(|p| matches(p, rule))
    }))
}

fn run_scan(args: ScanArgs) -> Result<ExitStatus> {
    let (mut args, file_config) = with_config(args)?;
    if args.baseline.is_none() {
        args.baseline = file_config.as_ref().and_then(|c| c.baseline.clone());
    }
    let destinations = destinations(&args)?;
    // Read before scanning: a baseline that cannot be used stops the run (exit 2); it
    // never silently reports every finding as new.
    let baseline = args
        .baseline
        .as_deref()
        .map(crate::baseline::load)
        .transpose()?;
    let mut report = scan_report(&args, file_config.as_ref())?;
    if let Some(baseline) = &baseline {
        if args.changed_files || args.changed_only {
            crate::baseline::apply_to_partial_scan(&mut report, baseline);
        } else {
            crate::baseline::apply(&mut report, baseline);
        }
    }
    render_report(&args, &destinations, &report)
}

/// Runs the scan the flags and config describe, and sorts the report.
fn scan_report(args: &ScanArgs, file_config: Option<&Config>) -> Result<report::Report> {
    let (mut policies, mut policy_notes) = PolicySet::load(&args.policy.sources(false));
    if let Some(file_config) = file_config {
        policy_notes.extend(adjust_rules(&mut policies, file_config)?);
    }
    for file in &args.var_files {
        if !file.is_file() {
            bail!("--var-file {}: no such file", file.display());
        }
    }
    for dir in &args.source_roots {
        if !dir.is_dir() {
            bail!("--source-root {}: no such directory", dir.display());
        }
    }
    let config = ScanConfig {
        paths: args.paths.clone(),
        excludes: args.excludes.clone(),
        load: crate::load::LoadOptions {
            terraform: crate::load::hcl::TerraformVars {
                vars: args.vars.clone(),
                var_files: args.var_files.clone(),
            },
            plan_sources: crate::load::plan_source::PlanSources {
                roots: args.source_roots.clone(),
                pairs: file_config.map(|c| c.plans.clone()).unwrap_or_default(),
                no_search: false,
            },
            reading: crate::load::read::Reading {
                max_file_size: args.max_file_size.unwrap_or_default(),
            },
        },
        today: None,
        changed_files: args.changed_files,
        inline: file_config.map(|c| c.inline.clone()).unwrap_or_default(),
        suppressions: file_config
            .map(|c| c.suppressions.clone())
            .unwrap_or_default(),
        changed_only: args.changed_only,
        progress: crate::progress::wanted(args.quiet, std::io::stderr().is_terminal()),
    };
    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let mut report = pool.install(|| scan::scan(&config, &policies));
    if policies.rules.is_empty() && policy_notes.is_empty() {
        report.notifications.push(Notification::error(
            Stage::Policy,
            "no rules loaded: nothing was checked (give --policy DIR or drop --no-builtin)",
        ));
    }
    report.notifications.extend(policy_notes);
    report.sort();
    // The policy set lives until the process exits; freeing its syntax trees one by one
    // cost 5 % of a one-file scan.
    std::mem::forget(policies);
    Ok(report)
}

/// The gate the flags (and palisade.toml) set.
fn fail_on(args: &ScanArgs) -> FailOn {
    FailOn {
        threshold: args.fail_on.unwrap_or(FailOnArg::High).severity(),
        on_undecided: args.fail_on_undecided,
    }
}

/// Renders a report to its destinations and returns the exit status.
fn render_report(
    args: &ScanArgs,
    destinations: &[Destination],
    report: &report::Report,
) -> Result<ExitStatus> {
    let fail_on = fail_on(args);
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let text_to_terminal = destinations
        .iter()
        .any(|d| d.format == OutputFormat::Text && d.file.is_none());
    let mut write_failed = false;
    for destination in destinations {
        let options = RenderOptions {
            color: destination.file.is_none()
                && stdout_is_terminal
                && std::env::var_os("NO_COLOR").is_none(),
            verbose: args.verbose,
            quiet: args.quiet,
            fail_on,
            sarif_category: args.sarif_category.clone(),
        };
        let result = match &destination.file {
            Some(path) => report::write_atomically(path, |out| {
                report::render(destination.format, report, &options, out)
            })
            .with_context(|| format!("cannot write {}", path.display())),
            None => {
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                report::render(destination.format, report, &options, &mut lock)
                    .and_then(|()| lock.flush())
                    .context("cannot write to standard output")
            }
        };
        if let Err(e) = result {
            eprintln!("error: {e:#}");
            write_failed = true;
        }
    }
    let wrote_sarif = destinations.iter().any(|d| d.format == OutputFormat::Sarif);
    if wrote_sarif && !args.quiet {
        if let Some(warning) = report::sarif::limit_warning(report) {
            eprintln!("warning: {warning}");
        }
    }
    if !text_to_terminal && !args.quiet {
        eprintln!("{}", report::text::summary_line(report));
        for note in report.notifications.iter().filter(|n| n.is_error()) {
            eprintln!("{}", report::text::notification_line(note));
        }
    }
    if write_failed {
        return Ok(ExitStatus::Incomplete);
    }
    Ok(ExitStatus::of(report, fail_on))
}

/// `palisade baseline`: scans as `scan` does and writes the baseline file; nothing is
/// written when the scan is incomplete (unless `--allow-incomplete`).
fn run_baseline(args: BaselineArgs) -> Result<ExitStatus> {
    let allow_incomplete = args.allow_incomplete;
    let given_output = !args.scan.outputs.is_empty();
    let (mut scan, file_config) = with_config(args.scan)?;
    // palisade.toml's `baseline` is where the baseline lives: the default --output.
    if !given_output {
        scan.formats.clear();
        scan.outputs = file_config
            .as_ref()
            .and_then(|c| c.baseline.clone())
            .into_iter()
            .collect();
    }
    let scan = &scan;
    if !scan.formats.is_empty() {
        bail!("palisade baseline writes only the baseline file: --format is for `palisade scan`");
    }
    if scan.baseline.is_some() {
        bail!(
            "--baseline is for `palisade scan`; `palisade baseline` records every current finding"
        );
    }
    if scan.changed_files || scan.changed_only {
        bail!(
            "a baseline records the findings of a whole scan: --changed-files and \
             --changed-only are for `palisade scan`"
        );
    }
    let [path] = scan.outputs.as_slice() else {
        bail!("palisade baseline takes one --output FILE");
    };
    let report = scan_report(scan, file_config.as_ref())?;
    let errors: Vec<&Notification> = report
        .notifications
        .iter()
        .filter(|n| n.is_error())
        .collect();
    for note in &errors {
        eprintln!("{}", report::text::notification_line(note));
    }
    if !errors.is_empty() && !allow_incomplete {
        eprintln!(
            "error: the scan is incomplete, so {} was not written: a baseline without the \
             findings of what did not load would report them all as new once it does (fix \
             the errors above, or pass --allow-incomplete)",
            path.display()
        );
        return Ok(ExitStatus::Incomplete);
    }
    let baseline = crate::baseline::Baseline::from_report(&report);
    report::write_atomically(path, |out| baseline.write(out))
        .with_context(|| format!("cannot write {}", path.display()))?;
    if !scan.quiet {
        eprintln!("{}", report::text::summary_line(&report));
        eprintln!(
            "palisade: recorded {} finding{} in {}",
            baseline.entries.len(),
            if baseline.entries.len() == 1 { "" } else { "s" },
            path.display()
        );
    }
    Ok(ExitStatus::Clean)
}

/// `palisade report`: scans as `scan` does, then writes the compliance summary in each
/// requested format. The exit code follows the scan's contract.
fn run_report(args: ReportArgs) -> Result<ExitStatus> {
    let ReportArgs {
        scan,
        formats,
        frameworks,
        no_timestamp,
    } = args;
    if scan.baseline.is_some() || scan.changed_files || scan.changed_only {
        bail!(
            "a compliance report covers the whole estate: --baseline, --changed-files and \
             --changed-only are for `palisade scan`"
        );
    }
    if !scan.formats.is_empty() {
        bail!("palisade report takes --format markdown|html|json");
    }
    // palisade.toml's [[outputs]] are the scan's; the report goes where --output says.
    let given_outputs = scan.outputs.clone();
    let (mut scan, file_config) = with_config(scan)?;
    scan.formats.clear();
    scan.outputs = given_outputs;
    if scan.outputs.len() > formats.len().max(1) {
        bail!("more --output than --format options: each --output needs a --format before it");
    }
    let formats = if formats.is_empty() {
        vec![ReportFormat::Markdown]
    } else {
        formats
    };
    let destinations: Vec<(ReportFormat, Option<PathBuf>)> = formats
        .into_iter()
        .enumerate()
        .map(|(i, format)| (format, scan.outputs.get(i).cloned()))
        .collect();
    if destinations
        .iter()
        .filter(|(_, file)| file.is_none())
        .count()
        > 1
    {
        bail!("only one --format can go to standard output; give the others an --output FILE");
    }
    let generated_at = report_time(no_timestamp)?;
    let report = scan_report(&scan, file_config.as_ref())?;
    let rules = rule_entries(&report, &scan, file_config.as_ref());
    compliance::summary::check_frameworks(&frameworks, &rules).map_err(anyhow::Error::msg)?;
    let summary = compliance::summarise(
        &report,
        &compliance::SummaryOptions {
            rules,
            frameworks,
            generated_at,
        },
    )
    .map_err(anyhow::Error::msg)?;
    let mut write_failed = false;
    for (format, file) in &destinations {
        let text = compliance::render(*format, &summary);
        let result = match file {
            Some(path) => report::write_atomically(path, |out| out.write_all(text.as_bytes()))
                .with_context(|| format!("cannot write {}", path.display())),
            None => {
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                lock.write_all(text.as_bytes())
                    .and_then(|()| lock.flush())
                    .context("cannot write to standard output")
            }
        };
        if let Err(e) = result {
            eprintln!("error: {e:#}");
            write_failed = true;
        }
    }
    if !scan.quiet {
        eprintln!("{}", report::text::summary_line(&report));
        for note in report.notifications.iter().filter(|n| n.is_error()) {
            eprintln!("{}", report::text::notification_line(note));
        }
    }
    if write_failed {
        return Ok(ExitStatus::Incomplete);
    }
    Ok(ExitStatus::of(&report, fail_on(&scan)))
}

/// When the report was made: `None` with `--no-timestamp`; `SOURCE_DATE_EPOCH` (seconds)
/// when set, as reproducible builds do; else the clock.
fn report_time(no_timestamp: bool) -> Result<Option<String>> {
    if no_timestamp {
        return Ok(None);
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text.trim().parse::<i64>().map_err(|_| {
            anyhow::anyhow!("SOURCE_DATE_EPOCH=`{text}` is not a number of seconds since 1970")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
    };
    Ok(Some(compliance::summary::utc_timestamp(seconds)))
}

/// Every rule the report accounts for: those that ran, and the built-in ones that did
/// not, with why (so their controls read "not evaluated", never vanish).
fn rule_entries(
    report: &report::Report,
    args: &ScanArgs,
    file_config: Option<&Config>,
) -> Vec<compliance::RuleEntry> {
    let mut entries: Vec<compliance::RuleEntry> = report
        .rules
        .iter()
        .map(|rule| compliance::RuleEntry {
            meta: rule.meta.clone(),
            not_loaded: None,
        })
        .collect();
    for meta in crate::policy::builtin_rule_metas() {
        if report.rule(&meta.custom.id).is_some() {
            continue;
        }
        let why = if args.policy.no_builtin {
            "built-in rules not loaded (--no-builtin)".to_owned()
        } else if let Some(config) = file_config {
            format!("rule disabled by config ({} [rules])", config.file)
        } else {
            "the rule did not load (see the errors)".to_owned()
        };
        entries.push(compliance::RuleEntry {
            meta,
            not_loaded: Some(why),
        });
    }
    entries.sort_by(|a, b| a.meta.custom.id.cmp(&b.meta.custom.id));
    entries
}

/// `palisade suppressions`: the suppressions in force for review, then the ones refused
/// (no reason, expired, forbidden in the code) as the warnings the scan gives. Text, or
/// JSON with `--format json`; exits 2 only when the scan was incomplete.
fn run_suppressions(args: ScanArgs) -> Result<ExitStatus> {
    let (args, file_config) = with_config(args)?;
    let json = match args.formats.as_slice() {
        [] | [OutputFormat::Text] => false,
        [OutputFormat::Json] => true,
        _ => bail!("palisade suppressions writes text or json (one --format)"),
    };
    let report = scan_report(&args, file_config.as_ref())?;
    let refused: Vec<&Notification> = report
        .notifications
        .iter()
        .filter(|n| n.level != crate::diagnostics::Level::Note)
        .collect();
    let mut text = String::new();
    if json {
        let value = serde_json::json!({
            "suppressions": report.suppressions,
            "notifications": refused,
        });
        text = serde_json::to_string_pretty(&value)? + "\n";
    } else {
        use std::fmt::Write as _;
        for s in &report.suppressions {
            let kind = match s.kind {
                crate::suppress::Kind::InSource => "in code",
                crate::suppress::Kind::External => "config",
            };
            let _ = write!(
                text,
                "{}:{}: [{}] {kind}, waives {}",
                s.location.file,
                s.location.start.line,
                s.rules.join(", "),
                s.waived
            );
            if let Some(until) = &s.until {
                let _ = write!(text, ", until {until}");
            }
            if let Some(scope) = &s.scope {
                let _ = write!(text, ", {scope}");
            }
            let _ = writeln!(text, "\n    {}", s.reason);
        }
        for note in &refused {
            let _ = writeln!(text, "{}", report::text::notification_line(note));
        }
        let waived: usize = report.suppressions.iter().map(|s| s.waived).sum();
        let _ = writeln!(
            text,
            "palisade: {} suppression{} in force, waiving {waived} finding{}",
            report.suppressions.len(),
            if report.suppressions.len() == 1 {
                ""
            } else {
                "s"
            },
            if waived == 1 { "" } else { "s" },
        );
    }
    match args.outputs.first() {
        Some(path) => report::write_atomically(path, |out| out.write_all(text.as_bytes()))
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("cannot write to standard output")?,
    }
    Ok(if report.is_complete() {
        ExitStatus::Clean
    } else {
        ExitStatus::Incomplete
    })
}

fn run_rules(args: RulesArgs) -> Result<ExitStatus> {
    let (policies, notes) = PolicySet::load(&args.policy.sources(false));
    for note in &notes {
        eprintln!("{}", report::text::notification_line(note));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match &args.id {
        None if args.markdown => {
            write!(out, "{}", report::rules_doc::markdown(&policies.rules))?;
        }
        None => {
            for rule in &policies.rules {
                writeln!(
                    out,
                    "{:<12} {:<9} {}",
                    rule.id(),
                    rule.meta.custom.severity,
                    rule.meta.title
                )?;
            }
        }
        Some(id) => {
            let Some(rule) = policies.rule(id) else {
                bail!("no rule `{id}`; `palisade rules` lists them");
            };
            write!(out, "{}", report::text::explain(rule))?;
        }
    }
    Ok(if notes.iter().any(Notification::is_error) {
        ExitStatus::Incomplete
    } else {
        ExitStatus::Clean
    })
}

fn run_test(args: TestArgs) -> Result<ExitStatus> {
    let sources = PolicySources {
        builtin: !args.no_builtin,
        dirs: args.dirs.clone(),
        data_files: Vec::new(),
        include_tests: true,
    };
    let (policies, notes) = PolicySet::load(&sources);
    for note in &notes {
        eprintln!("{}", report::text::notification_line(note));
    }
    let results = policies.run_tests();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0usize;
    for result in &results {
        match &result.failure {
            None => writeln!(out, "PASS {}.{}", result.package, result.name)?,
            Some(why) => {
                failed += 1;
                writeln!(
                    out,
                    "FAIL {}.{} ({}): {why}",
                    result.package, result.name, result.origin
                )?;
            }
        }
    }
    writeln!(out, "{} passed, {} failed", results.len() - failed, failed)?;
    if results.is_empty() {
        eprintln!("error: no tests found");
        return Ok(ExitStatus::Incomplete);
    }
    Ok(if notes.iter().any(Notification::is_error) {
        ExitStatus::Incomplete
    } else if failed > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}
