//! SARIF output: valid against the OASIS 2.1.0 schema, with everything GitHub code
//! scanning reads, and notifications for what could not be loaded.

// Test helpers outside #[test] functions may panic on bad data: that is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::PathBuf;
use std::process::Command;

fn sarif_of(paths: &[&str]) -> serde_json::Value {
    sarif_with(paths, &[])
}

fn sarif_with(paths: &[&str], extra: &[&str]) -> serde_json::Value {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .arg("scan")
        .args(paths)
        .args(["--format", "sarif"])
        .args(extra)
        .current_dir(&root)
        .output()
        .expect("run palisade");
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

#[test]
fn findings_and_load_errors_are_schema_valid_sarif() {
    let doc = sarif_of(&["fixtures/cli/mixed"]);
    common::validate_sarif(&doc);
    let run = &doc["runs"][0];
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let broken = notes
        .iter()
        .find(|n| {
            n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "fixtures/cli/mixed/broken.cfn.yaml"
        })
        .expect("the broken file is a notification");
    assert_eq!(broken["level"], "error");
    assert!(
        broken["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_i64()
            .unwrap()
            >= 6
    );
}

#[test]
fn results_carry_what_github_code_scanning_reads() {
    let doc = sarif_of(&["fixtures/cli/mixed/ssh.cfn.yaml"]);
    common::validate_sarif(&doc);
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 4);
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert!(rule["shortDescription"]["text"].is_string(), "{id}");
        assert!(rule["fullDescription"]["text"].is_string(), "{id}");
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("Remediation"),
            "{id}"
        );
        assert!(
            rule["helpUri"].as_str().unwrap().starts_with("https://"),
            "{id}"
        );
        let severity: f64 = rule["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&severity), "{id}");
        assert!(
            !rule["properties"]["tags"].as_array().unwrap().is_empty(),
            "{id}"
        );
    }
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "PAL-NET-001");
    assert_eq!(result["level"], "error");
    let rule_index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[rule_index]["id"], "PAL-NET-001");
    let location = &result["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/cli/mixed/ssh.cfn.yaml"
    );
    assert_eq!(location["physicalLocation"]["region"]["startLine"], 8);
    assert_eq!(location["logicalLocations"][0]["name"], "Bastion");
    assert!(result["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Bastion: "));
    assert_eq!(
        result["partialFingerprints"]["palisadeFinding/v2"]
            .as_str()
            .unwrap()
            .len(),
        32
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn suppressed_findings_are_results_with_an_accepted_in_source_suppression() {
    let doc = sarif_of(&["fixtures/suppressions/cloudformation/template.yaml"]);
    common::validate_sarif(&doc);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let waived: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(waived.len(), 5);
    let block = waived
        .iter()
        .find(|r| {
            r["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with("BlockComment")
        })
        .unwrap();
    let suppression = &block["suppressions"][0];
    assert_eq!(suppression["kind"], "inSource");
    assert_eq!(suppression["status"], "accepted");
    assert_eq!(
        suppression["justification"],
        "the legacy deploy job overwrites `latest` until it moves to digests"
    );
    assert_eq!(
        suppression["location"]["physicalLocation"]["region"]["startLine"],
        6
    );
    // Findings no suppression covers carry none.
    assert!(results.len() > waived.len());
}

#[test]
fn category_uri_base_and_rule_help_for_github() {
    let doc = sarif_with(
        &["fixtures/cli/mixed/ssh.cfn.yaml"],
        &["--sarif-category", "palisade/prod"],
    );
    common::validate_sarif(&doc);
    let run = &doc["runs"][0];
    // GitHub's category is everything before the last `/`: the whole value, as given.
    assert_eq!(run["automationDetails"]["id"], "palisade/prod/");
    // Relative URIs are resolved against %SRCROOT%, which the run declares.
    let artifact = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "fixtures/cli/mixed/ssh.cfn.yaml");
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    assert!(run["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"].is_string());
    // Help in Markdown, rendered like `palisade rules ID` and docs/rules.md.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let net = rules.iter().find(|r| r["id"] == "PAL-NET-001").unwrap();
    let help = net["help"]["markdown"].as_str().unwrap();
    assert!(
        help.starts_with(
            "**Security group admits the internet to SSH or RDP** (severity **high**)\n\n"
        ),
        "{help}"
    );
    assert!(
        help.contains("\n\n**Remediation.** Remove the rule"),
        "{help}"
    );
    assert!(help.contains("\n\n**Frameworks.**\n\n- "), "{help}");
    assert!(help.contains("\n\n**References.**\n\n- ["), "{help}");
    let docs =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"))
            .unwrap();
    let remediation = help
        .lines()
        .find(|l| l.starts_with("**Remediation.**"))
        .unwrap();
    assert!(docs.contains(remediation), "the same text as docs/rules.md");

    // Without --sarif-category there is no automationDetails (upload-sarif's own
    // `category` input then decides).
    let plain = sarif_of(&["fixtures/cli/mixed/ssh.cfn.yaml"]);
    assert!(plain["runs"][0].get("automationDetails").is_none());
}
