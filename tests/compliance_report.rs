//! `palisade report`, the auditor's compliance summary: controls pass only when their
//! rules looked at something, fail with the resources and evidence, and say why they
//! were not evaluated; the three formats agree (the HTML checked in a real headless
//! Chromium against the JSON); an incomplete scan is obvious and exits 2; the same
//! inputs give the same bytes.

// Test helpers outside #[test] functions may panic on bad data: that is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const SCRIPT_NAME: &str = "<script>alert(1)</script>";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn palisade(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_palisade"));
    command
        .current_dir(root())
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in envs {
        command.env(k, v);
    }
    command.output().expect("palisade runs")
}

fn text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// The reference platform's prod state (raw `terraform.tfstate`) with one drift: the
/// `alerts` KMS key's rotation switched off, and its `for_each` key renamed to markup,
/// so the failing resource's address is `…aws_kms_key.this["<script>alert(1)</script>"]`.
fn drifted_state(dir: &Path) -> PathBuf {
    let state =
        std::fs::read_to_string(root().join("reference-platform/state/terraform.tfstate")).unwrap();
    let anchor = "\"index_key\": \"alerts\",";
    let keys = state
        .find("\"type\": \"aws_kms_key\"")
        .expect("the state has KMS keys");
    let at = keys
        + state[keys..]
            .find(anchor)
            .expect("the alerts key is in the state");
    let (before, after) = state.split_at(at);
    let rotation = "\"enable_key_rotation\": true,";
    let within = after.find(rotation).expect("its rotation setting");
    assert!(
        within < 600,
        "the rotation setting belongs to the alerts key"
    );
    let after = after.replacen(rotation, "\"enable_key_rotation\": false,", 1);
    let after = after.replacen(
        anchor,
        &format!(
            "\"index_key\": {},",
            serde_json::to_string(SCRIPT_NAME).unwrap()
        ),
        1,
    );
    let file = dir.join("terraform.tfstate");
    std::fs::write(&file, format!("{before}{after}")).unwrap();
    file
}

/// Runs the report once in all three formats into `dir`; returns (exit code, markdown,
/// HTML path, JSON).
fn report_all(input: &Path, dir: &Path, extra: &[&str]) -> (i32, String, PathBuf, Value) {
    let (md, html, json) = (dir.join("r.md"), dir.join("r.html"), dir.join("r.json"));
    let mut args = vec![
        "report",
        input.to_str().unwrap(),
        "--no-config",
        "--no-timestamp",
        "--format",
        "markdown",
        "--output",
        md.to_str().unwrap(),
        "--format",
        "html",
        "--output",
        html.to_str().unwrap(),
        "--format",
        "json",
        "--output",
        json.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = palisade(&args, &[]);
    let code = out.status.code().unwrap();
    assert!(
        code != 2 || input.ends_with("broken"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (code, std::fs::read_to_string(&md).unwrap(), html, json)
}

fn framework<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("framework {id} in the report"))
}

fn control<'a>(json: &'a Value, fw: &str, id: &str) -> &'a Value {
    framework(json, fw)["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("control {fw} {id} in the report"))
}

// --- the browser ---------------------------------------------------------------------

/// Debian's Chromium, or `None` outside CI when it is not installed (`.ci/run` installs
/// it; under `CI=true` its absence fails the test).
fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser"] {
        if let Ok(out) = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
        {
            let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            if out.status.success() && !path.is_empty() {
                return Some(PathBuf::from(path));
            }
        }
    }
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "chromium is required under CI (apt-get install chromium)"
    );
    eprintln!("skipping the browser check: chromium is not installed");
    None
}

fn headless(chromium: &Path, extra: &[String], page: &Path) -> Output {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The page's DOM after Chromium parsed and rendered it.
fn rendered_dom(chromium: &Path, page: &Path) -> String {
    String::from_utf8(headless(chromium, &["--dump-dom".to_owned()], page).stdout).unwrap()
}

/// The share of the screenshot's pixels that are not white: a page that renders
/// nothing (or fails to load) is blank.
fn inked_share(chromium: &Path, page: &Path) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("page.png");
    headless(
        chromium,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600".to_owned(),
            "--hide-scrollbars".to_owned(),
        ],
        page,
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let total = pixels.len() / channels;
    let inked = pixels
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|&c| c < 235))
        .count();
    inked as f64 / total as f64
}

fn cell_text(cell: scraper::ElementRef<'_>) -> String {
    cell.text().collect::<String>().trim().to_owned()
}

fn selector(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap()
}

/// Checks the numbers in the rendered page's tables against the JSON report.
fn assert_page_matches_json(dom: &str, json: &Value) {
    let page = scraper::Html::parse_document(dom);
    let frameworks = json["frameworks"].as_array().unwrap();
    let summary_rows: Vec<_> = page.select(&selector("table#summary tbody tr")).collect();
    assert_eq!(
        summary_rows.len(),
        frameworks.len(),
        "one summary row per framework"
    );
    for (row, fw) in summary_rows.iter().zip(frameworks) {
        assert_eq!(row.value().attr("data-framework"), fw["id"].as_str());
        let cells: Vec<String> = row.select(&selector("td")).map(cell_text).collect();
        let numbers: Vec<u64> = cells[1..].iter().map(|c| c.parse().unwrap()).collect();
        assert_eq!(
            numbers,
            [
                fw["controls"].as_array().unwrap().len() as u64,
                fw["passed"].as_u64().unwrap(),
                fw["failed"].as_u64().unwrap(),
                fw["not_evaluated"].as_u64().unwrap(),
            ],
            "summary of {}",
            fw["id"]
        );
        let table = format!(
            "table.controls[data-framework=\"{}\"] tbody tr",
            fw["id"].as_str().unwrap()
        );
        let rows: Vec<_> = page.select(&selector(&table)).collect();
        let controls = fw["controls"].as_array().unwrap();
        assert_eq!(rows.len(), controls.len(), "controls of {}", fw["id"]);
        let mut seen: BTreeMap<String, (String, u64)> = BTreeMap::new();
        for row in rows {
            let cells: Vec<String> = row.select(&selector("td")).map(cell_text).collect();
            seen.insert(
                row.value().attr("data-control").unwrap().to_owned(),
                (cells[2].to_lowercase(), cells[5].parse().unwrap()),
            );
        }
        for control in controls {
            let (status, failing) = &seen[control["id"].as_str().unwrap()];
            assert_eq!(
                status.replace(' ', "_"),
                control["status"].as_str().unwrap(),
                "status of {} {}",
                fw["id"],
                control["id"]
            );
            assert_eq!(
                *failing,
                control["failing_resources"].as_u64().unwrap(),
                "failing resources of {} {}",
                fw["id"],
                control["id"]
            );
        }
    }
    let failure_rows = page.select(&selector("table#failures tbody tr")).count();
    assert_eq!(failure_rows, json["failures"].as_array().unwrap().len());
}

// --- the tests -------------------------------------------------------------------------

#[test]
fn drifted_state_fails_its_controls_with_the_evidence_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("state");
    std::fs::create_dir(&input).unwrap();
    let state = drifted_state(&input);
    let (code, markdown, html_path, json) = report_all(&input, dir.path(), &[]);
    // PAL-KMS-001 is medium: below the default gate (high), at --fail-on medium.
    assert_eq!(code, 0);
    let (code, ..) = report_all(&input, dir.path(), &["--fail-on", "medium"]);
    assert_eq!(code, 1, "the exit code follows --fail-on");

    for (fw, id) in [
        ("cis-aws-foundations-v3.0", "3.6"),
        ("cis-aws-foundations-v5.0", "3.6"),
        ("aws-security-hub", "KMS.4"),
        ("nist-800-53-r5", "SC-12(2)"),
    ] {
        let c = control(&json, fw, id);
        assert_eq!(c["status"], "fail", "{fw} {id}: {c}");
        assert_eq!(c["failing_resources"], 1, "{fw} {id}");
        assert!(
            c["rules"]
                .as_array()
                .unwrap()
                .contains(&Value::from("PAL-KMS-001")),
            "{c}"
        );
        assert!(
            c["evaluations"].as_u64().unwrap() > 1,
            "the other keys were looked at"
        );
    }
    assert_eq!(
        control(&json, "cis-aws-foundations-v5.0", "3.6")["title"],
        "Ensure rotation for customer-created symmetric CMKs is enabled"
    );
    let failures = json["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{failures:#?}");
    let failure = &failures[0];
    assert_eq!(
        failure["resource"],
        format!("module.security.aws_kms_key.this[\"{SCRIPT_NAME}\"]")
    );
    assert_eq!(
        failure["arn"],
        "arn:aws:kms:eu-west-1:111122223333:key/a6ad916b-288a-4f30-a3e3-dfd5d9f8f8a7"
    );
    let shown = state
        .strip_prefix(root())
        .unwrap_or(&state)
        .display()
        .to_string();
    assert!(
        failure["file"]
            .as_str()
            .unwrap()
            .ends_with("state/terraform.tfstate"),
        "{failure} ({shown})"
    );
    let line = failure["line"].as_u64().unwrap() as usize;
    let state_text = std::fs::read_to_string(&state).unwrap();
    let instance: Vec<&str> = state_text.lines().skip(line - 1).take(12).collect();
    assert!(
        instance
            .iter()
            .any(|l| l.contains("\"enable_key_rotation\": false")),
        "the location (line {line}) is the drifted key's instance: {instance:#?}"
    );
    assert!(
        failure["evidence"].as_str().unwrap().contains("rotation"),
        "{failure}"
    );
    // Every pass looked at something; everything not evaluated says why.
    for fw in json["frameworks"].as_array().unwrap() {
        for c in fw["controls"].as_array().unwrap() {
            match c["status"].as_str().unwrap() {
                "pass" => assert!(c["evaluations"].as_u64().unwrap() > 0, "{c}"),
                "not_evaluated" => assert!(!c["reasons"].as_array().unwrap().is_empty(), "{c}"),
                _ => {}
            }
        }
    }

    // Markdown: the failing control row, and the markup escaped.
    assert!(
        markdown.contains("| 3.6 | Ensure rotation for customer-created symmetric CMKs is enabled | **FAIL** | PAL-KMS-001 |"),
        "{markdown}"
    );
    // Markup from the inputs appears only inside code spans, which Markdown shows
    // verbatim (prose cells escape it as entities).
    let mut spans = 0;
    for line in markdown.lines() {
        for (at, _) in line.match_indices("<script") {
            spans += 1;
            let ticks = line[..at].matches('`').count();
            assert!(ticks % 2 == 1, "markup outside a code span: {line}");
        }
    }
    assert_eq!(spans, 1, "the failing resource's address, once");

    // HTML: self-contained, escaped, and — rendered by a real browser — the same numbers.
    let html = std::fs::read_to_string(&html_path).unwrap();
    let lower = html.to_lowercase();
    for forbidden in [
        "<script", "<link", "<img", "src=", "href=", "@import", "url(",
    ] {
        assert!(!lower.contains(forbidden), "the page has no `{forbidden}`");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let Some(chromium) = chromium() else { return };
    let dom = rendered_dom(&chromium, &html_path);
    let page = scraper::Html::parse_document(&dom);
    assert_eq!(
        page.select(&selector("script")).count(),
        0,
        "no script element"
    );
    let resource_cell = page
        .select(&selector("table#failures tbody tr td code"))
        .map(cell_text)
        .next()
        .unwrap();
    assert!(
        resource_cell.contains(SCRIPT_NAME),
        "shown as text: {resource_cell}"
    );
    assert_page_matches_json(&dom, &json);
    let inked = inked_share(&chromium, &html_path);
    assert!(
        inked > 0.02,
        "the page renders visibly ({inked:.4} of pixels inked)"
    );
}

#[test]
fn the_clean_platform_fails_no_control_and_passes_only_what_it_looked_at() {
    let dir = tempfile::tempdir().unwrap();
    let input = root().join("reference-platform");
    let json_path = dir.path().join("r.json");
    let html_path = dir.path().join("r.html");
    let out = palisade(
        &[
            "report",
            "reference-platform",
            "--exclude",
            "variants",
            "--no-timestamp",
            "--format",
            "json",
            "--output",
            json_path.to_str().unwrap(),
            "--format",
            "html",
            "--output",
            html_path.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(input.is_dir());
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(json["inputs"]["complete"], true);
    // The files the platform's main scan reads (see tests/reference_platform.rs).
    assert_eq!(json["inputs"]["files_scanned"], 21);
    assert!(json["failures"].as_array().unwrap().is_empty());
    let mut passed = 0;
    for fw in json["frameworks"].as_array().unwrap() {
        assert_eq!(fw["failed"], 0, "{}", fw["id"]);
        passed += fw["passed"].as_u64().unwrap();
        for c in fw["controls"].as_array().unwrap() {
            if c["status"] == "pass" {
                assert!(c["evaluations"].as_u64().unwrap() > 0, "{c}");
            }
        }
    }
    assert!(passed > 0);
    let kms = control(&json, "cis-aws-foundations-v5.0", "3.6");
    assert_eq!(kms["status"], "pass", "{kms}");
    let Some(chromium) = chromium() else { return };
    let dom = rendered_dom(&chromium, &html_path);
    assert_page_matches_json(&dom, &json);
    assert!(scraper::Html::parse_document(&dom)
        .select(&selector("p#failures-none"))
        .next()
        .is_some());
}

#[test]
fn not_evaluated_controls_say_why() {
    let dir = tempfile::tempdir().unwrap();
    // Only RDS instances (and their keys) whose encryption is unknown until apply:
    // RDS-001 undecided, nothing for the CloudTrail rules to read.
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        root().join("fixtures/rules/rds_storage_unencrypted/undecided.plan.json"),
        input.join("plan.json"),
    )
    .unwrap();
    let (code, _, _, json) = report_all(&input, dir.path(), &[]);
    assert_eq!(code, 0);
    let trail = control(&json, "cis-aws-foundations-v5.0", "3.1");
    assert_eq!(trail["status"], "not_evaluated");
    assert_eq!(
        trail["reasons"],
        serde_json::json!([
            "PAL-TRAIL-001: no resources of the kinds PAL-TRAIL-001 reads (trails) in the inputs"
        ])
    );
    let rds = control(&json, "cis-aws-foundations-v5.0", "2.2.1");
    assert_eq!(rds["status"], "not_evaluated", "{rds}");
    assert_eq!(rds["undecided_resources"], 3);
    assert!(
        rds["reasons"][0]
            .as_str()
            .unwrap()
            .starts_with("PAL-RDS-001: 3 resources undecided"),
        "{rds}"
    );
    assert_eq!(
        json["undecided"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "PAL-RDS-001")
            .count(),
        3
    );

    // A rule palisade.toml disables leaves its controls not evaluated, and says so.
    let config = dir.path().join("palisade.toml");
    std::fs::write(&config, "[rules]\ndisable = [\"PAL-KMS-001\"]\n").unwrap();
    let out = palisade(
        &[
            "report",
            input.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "--format",
            "json",
            "--framework",
            "cis-aws-foundations-v5.0",
            "--no-timestamp",
        ],
        &[],
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["frameworks"].as_array().unwrap().len(),
        1,
        "--framework selects"
    );
    let kms = control(&json, "cis-aws-foundations-v5.0", "3.6");
    let why = kms["reasons"][0].as_str().unwrap();
    assert!(
        why.starts_with("PAL-KMS-001: rule disabled by config ("),
        "{why}"
    );
    assert_eq!(json["rule_set"]["rules_not_loaded"], 1);
}

#[test]
fn an_incomplete_scan_is_said_first_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("broken");
    std::fs::create_dir(&input).unwrap();
    drifted_state(&input);
    std::fs::write(
        input.join("plan.json"),
        "{\"terraform_version\": \"1.9.0\", \"planned_values\": {",
    )
    .unwrap();
    let (code, markdown, _, json) = report_all(&input, dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(
        markdown.starts_with("# Compliance report\n\n> **INCOMPLETE SCAN.** 1 problem"),
        "{markdown}"
    );
    assert!(markdown.contains("plan.json"));
    assert_eq!(json["inputs"]["complete"], false);
    assert_eq!(json["inputs"]["errors"].as_array().unwrap().len(), 1);
    // What did load is still reported.
    assert_eq!(
        control(&json, "aws-security-hub", "KMS.4")["status"],
        "fail"
    );
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let input = "fixtures/rules/kms_key_rotation_disabled/fail.tfstate";
    let run = |envs: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["report", input, "--no-config", "--format", "html"];
        args.extend_from_slice(extra);
        text(&palisade(&args, envs))
    };
    let epoch = [("SOURCE_DATE_EPOCH", "1700000000")];
    let first = run(&epoch, &[]);
    assert!(first.contains("2023-11-14T22:13:20Z"));
    assert_eq!(first, run(&epoch, &["--threads", "1"]));
    let untimed = run(&[], &["--no-timestamp"]);
    assert!(untimed.contains("not recorded (--no-timestamp)"));
    assert_eq!(untimed, run(&[], &["--no-timestamp", "--threads", "1"]));
    let json = text(&palisade(
        &[
            "report",
            input,
            "--no-config",
            "--format",
            "json",
            "--no-timestamp",
        ],
        &[],
    ));
    assert!(!json.contains("generated_at"));
    let bad = palisade(
        &["report", input, "--no-config"],
        &[("SOURCE_DATE_EPOCH", "yesterday")],
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn unknown_frameworks_and_scan_only_options_are_refused() {
    let input = "fixtures/rules/kms_key_rotation_disabled/fail.tfstate";
    let out = palisade(&["report", input, "--framework", "pci-dss"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown framework `pci-dss`"));
    let out = palisade(&["report", input, "--changed-only"], &[]);
    assert_eq!(out.status.code(), Some(2));
    // aws-fsbp names the Security Hub framework.
    let out = palisade(
        &[
            "report",
            input,
            "--framework",
            "aws-fsbp",
            "--format",
            "json",
            "--no-timestamp",
        ],
        &[],
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = json["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["aws-security-hub"]);
}

/// Every control a built-in rule maps to has a title in the catalogue, and the
/// `aws-fsbp` ids are Security Hub control ids (the reason the two keys are one
/// framework in the report).
#[test]
fn the_catalogue_names_every_mapped_control() {
    let catalogue = palisade::report::compliance::catalogue::catalogue().unwrap();
    let mut missing = Vec::new();
    for meta in palisade::policy::builtin_rule_metas() {
        let frameworks = &meta.custom.frameworks;
        for (key, controls) in frameworks {
            let entry = catalogue.frameworks.iter().find(|f| f.is_named(key));
            for control in controls {
                if !entry.is_some_and(|e| e.controls.contains_key(control)) {
                    missing.push(format!("{} {key} {control}", meta.custom.id));
                }
            }
        }
        let hub = frameworks
            .get("aws-security-hub")
            .cloned()
            .unwrap_or_default();
        for control in frameworks.get("aws-fsbp").into_iter().flatten() {
            assert!(
                hub.contains(control),
                "{}: aws-fsbp {control} is not among its aws-security-hub ids",
                meta.custom.id
            );
        }
    }
    assert!(missing.is_empty(), "controls without a title: {missing:#?}");
}
