//! The CI-gate formats: JUnit XML (valid against the Jenkins/Ant `junit-10.xsd`, checked
//! with xmllint) and GitHub Actions workflow commands, both graded by the gate and
//! byte-identical for the same inputs.

// Test helpers outside #[test] functions may panic on bad data: that is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Violations with load errors, suppressed findings, and undecided ones.
const INPUTS: [&str; 3] = [
    "fixtures/cli/mixed",
    "fixtures/suppressions/cloudformation/template.yaml",
    "fixtures/rules/sg_world_open_all_ports/undecided-hcl",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .arg("scan")
        .args(args)
        .current_dir(root())
        .output()
        .expect("run palisade")
}

fn stdout_of(format: &str, extra: &[&str]) -> String {
    let mut args: Vec<&str> = INPUTS.to_vec();
    args.extend(["--format", format]);
    args.extend(extra);
    let out = scan(&args);
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// `xmllint --schema` on a document; `None` when xmllint is not installed outside CI
/// (`.ci/run` installs it, and under CI its absence fails the test).
fn xmllint(schema: &Path, document: &str) -> Option<(bool, String)> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    std::fs::write(&file, document).unwrap();
    match Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(schema)
        .arg(&file)
        .output()
    {
        Ok(out) => Some((
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert!(
                std::env::var_os("CI").is_none(),
                "xmllint is required under CI (apt-get install libxml2-utils)"
            );
            eprintln!("skipping schema validation: xmllint not installed (libxml2-utils)");
            None
        }
        Err(e) => panic!("cannot run xmllint: {e}"),
    }
}

fn junit_schema() -> PathBuf {
    root().join("tests/data/junit-10.xsd")
}

#[test]
fn junit_is_valid_against_the_jenkins_schema() {
    let xml = stdout_of("junit", &[]);
    if let Some((valid, errors)) = xmllint(&junit_schema(), &xml) {
        assert!(valid, "JUnit report is not schema-valid:\n{errors}\n{xml}");
        // The check can fail: the same report without the required `tests` attribute
        // of a suite is rejected.
        let broken = xml.replacen(
            "<testsuite name=\"palisade\" tests=\"2\"",
            "<testsuite name=\"palisade\"",
            1,
        );
        assert_ne!(broken, xml, "the scan-error suite is where expected");
        let (valid, _) = xmllint(&junit_schema(), &broken).unwrap();
        assert!(!valid, "xmllint accepted a suite without `tests`");
    }
}

#[test]
fn junit_maps_violations_undecided_suppressed_and_errors() {
    let xml = stdout_of("junit", &[]);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    // Scan errors come first, as errors, so an incomplete scan is not green.
    assert!(
        xml.contains(
            "<testcase name=\"load fixtures/cli/mixed/broken.cfn.yaml\" classname=\"palisade\" \
             file=\"fixtures/cli/mixed/broken.cfn.yaml\" line=\"7\">\n      <error message=\"invalid YAML"
        ),
        "{xml}"
    );
    // A violation is a failure, with its file and line, the message and the fix.
    let ssh = xml
        .split("<testcase ")
        .find(|case| case.starts_with("name=\"Bastion."))
        .expect("the SSH finding is a test case");
    assert!(
        ssh.contains(
            "classname=\"PAL-NET-001\" file=\"fixtures/cli/mixed/ssh.cfn.yaml\" line=\"8\""
        ),
        "{ssh}"
    );
    assert!(
        ssh.contains("<failure message=\"Bastion: ingress from 0.0.0.0/0 reaches SSH (22)\" type=\"high violation\">"),
        "{ssh}"
    );
    assert!(ssh.contains("help: Remove the rule"), "{ssh}");
    // Undecided: skipped, unless --fail-on-undecided makes it gate.
    assert!(
        xml.contains("cidr_ipv4 unknown until apply\" type=\"undecided\">"),
        "{xml}"
    );
    // Suppressed: skipped, with where and why.
    assert!(
        xml.contains(
            "<skipped message=\"suppressed at fixtures/suppressions/cloudformation/template.yaml:6: \
             the legacy deploy job overwrites `latest` until it moves to digests\" type=\"suppressed\">"
        ),
        "{xml}"
    );
    // A rule without findings is one passing case.
    assert!(xml.contains("<testcase name=\"no findings\" classname=\"PAL-EBS-001\"/>"));
    // Counts: 2 errors; failures are the 5 violations (2 high + 3 medium).
    assert!(
        xml.contains("failures=\"5\" errors=\"2\">"),
        "{}",
        &xml[..200]
    );
    // Nothing that changes between runs.
    assert!(!xml.contains("time=") && !xml.contains("timestamp="));

    // At the default gate (high), a medium undecided finding still does not gate.
    let gating = stdout_of("junit", &["--fail-on-undecided"]);
    assert!(
        gating.contains("cidr_ipv4 unknown until apply\" type=\"high undecided\">"),
        "{gating}"
    );
    assert!(
        gating.contains("protocol unknown until apply\" type=\"undecided\">"),
        "{gating}"
    );
    assert_eq!(gating.matches("type=\"undecided\"").count(), 1, "{gating}");
}

#[test]
fn junit_escapes_markup_and_control_characters_from_inputs() {
    // A path is text from the scanned tree that reaches every report: here with markup,
    // quotes and a control character XML 1.0 cannot carry. The document must stay
    // well-formed and schema-valid, and GitHub's commands one line each.
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("a<b>&\"c'\u{1}d,e:f");
    std::fs::create_dir(&odd).unwrap();
    std::fs::write(
        odd.join("main.tf"),
        "resource \"aws_security_group\" \"x\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
    )
    .unwrap();
    let run = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
            .args(["scan", "--format", format])
            .arg(&odd)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let xml = run("junit");
    assert!(xml.contains("<failure "), "{xml}");
    assert!(!xml.contains('\u{1}'));
    // Control characters in paths are escaped where the path is made (`\u{1}`, as in
    // every report), so none is left for the XML writer to replace.
    assert!(
        xml.contains("a&lt;b&gt;&amp;&quot;c&apos;\\u{1}d,e:f/main.tf"),
        "{xml}"
    );
    if let Some((valid, errors)) = xmllint(&junit_schema(), &xml) {
        assert!(valid, "{errors}\n{xml}");
    }
    let github = run("github");
    // Two findings (SSH from the internet, a rule without a description): two lines.
    assert_eq!(github.lines().count(), 2, "{github}");
    assert!(github.lines().all(|l| l.starts_with("::")), "{github}");
    assert!(github.contains("d%2Ce%3Af/main.tf,line=2,"), "{github}");
}

#[test]
fn github_annotations_follow_the_gate() {
    let text = stdout_of("github", &[]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.iter().all(|l| l.starts_with("::")), "{text}");
    // Load errors, at their line.
    assert!(lines.contains(
        &"::error file=fixtures/cli/mixed/broken.cfn.yaml,line=7,col=1,title=palisade%3A scan error::\
          invalid YAML: while parsing a flow sequence, expected ',' or ']'"
    ), "{text}");
    // High violations fail the default gate: errors, with `:` escaped in the title and
    // the help on a second line of the message.
    let ssh = lines
        .iter()
        .find(|l| l.contains("[PAL-NET-001] high%3A"))
        .expect("the SSH finding is annotated");
    assert!(
        ssh.starts_with("::error file=fixtures/cli/mixed/ssh.cfn.yaml,line=8,endLine=12,title="),
        "{ssh}"
    );
    assert!(
        ssh.contains("::Bastion: ingress from 0.0.0.0/0 reaches SSH (22)%0Ahelp: Remove the rule"),
        "{ssh}"
    );
    // Medium violations do not: warnings. Undecided: notices. `,` in a title is escaped.
    assert!(lines
        .iter()
        .any(|l| l.starts_with("::warning ") && l.contains("[PAL-ECR-002] medium%3A")));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("::notice ") && l.contains("database%2C cache or search port")));
    // Suppressed findings are not annotated; the five waived ones are in the template.
    let waived = lines
        .iter()
        .filter(|l| l.contains("template.yaml") && l.contains("[PAL-"))
        .count();
    assert_eq!(waived, 3, "{text}");
    // Errors first, then warnings, then notices.
    let rank = |l: &&str| match l.split(' ').next() {
        Some("::error") => 0,
        Some("::warning") => 1,
        _ => 2,
    };
    assert!(
        lines.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])),
        "{text}"
    );

    // With the gate at critical, the high violations are warnings; with
    // --fail-on-undecided at medium, undecided high findings become errors.
    let lenient = stdout_of("github", &["--fail-on", "critical"]);
    assert!(lenient
        .lines()
        .any(|l| l.starts_with("::warning ") && l.contains("[PAL-NET-001] high%3A")));
    assert!(!lenient
        .lines()
        .any(|l| l.starts_with("::error ") && l.contains("[PAL-")));
    let strict = stdout_of("github", &["--fail-on", "medium", "--fail-on-undecided"]);
    assert!(strict
        .lines()
        .any(|l| l.starts_with("::error ") && l.contains("high (undecided)%3A")));
    assert!(!strict.lines().any(|l| l.starts_with("::notice ")));
}

#[test]
fn junit_and_github_are_identical_across_runs_and_thread_counts() {
    for format in ["junit", "github"] {
        let one = stdout_of(format, &["--threads", "1"]);
        assert!(!one.is_empty());
        assert_eq!(one, stdout_of(format, &["--threads", "3"]), "{format}");
    }
}

#[test]
fn formats_can_be_combined_with_files() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("palisade.xml");
    let sarif = dir.path().join("palisade.sarif");
    let out = scan(&[
        "fixtures/cli/mixed/ssh.cfn.yaml",
        "--format",
        "junit",
        "--output",
        junit.to_str().unwrap(),
        "--format",
        "sarif",
        "--output",
        sarif.to_str().unwrap(),
        "--format",
        "github",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("::error file=fixtures/cli/mixed/ssh.cfn.yaml"),
        "{stdout}"
    );
    assert!(std::fs::read_to_string(&junit)
        .unwrap()
        .contains("<failure "));
    assert!(std::fs::read_to_string(&sarif)
        .unwrap()
        .contains("\"PAL-NET-001\""));
}

#[test]
fn scan_help_documents_the_formats() {
    let out = scan(&["--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in ["- junit:", "- github:", "--sarif-category <NAME>"] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
    let empty = scan(&["--sarif-category", "", "fixtures/cli/clean"]);
    assert_eq!(
        empty.status.code(),
        Some(2),
        "an empty category is a usage error"
    );
}
