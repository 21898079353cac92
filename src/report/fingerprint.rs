//! Fingerprints that survive unrelated edits: a SHA-256 of the rule id, the scan unit,
//! the resource address and the attribute path — never a line number and never a
//! process-seeded hash, so the same finding keeps its fingerprint across runs, machines
//! and releases, and when lines move or a resource moves to another file of its module.
//!
//! The unit keeps two projects' `aws_s3_bucket.logs` apart: the template file, the
//! Terraform root module's directory, or the plan file — but for a plan mapped onto its
//! source, the root module's directory, so a finding has one fingerprint whether the
//! source or its plan is scanned (a baseline made from one matches the other).
//!
//! `v2` (this scheme) replaced `v1`, which hashed the file a resource is declared in.

use sha2::{Digest, Sha256};

/// Key under which SARIF `partialFingerprints` carries the value.
pub const SARIF_KEY: &str = "palisadeFinding/v2";

pub fn fingerprint(rule_id: &str, unit: &str, resource: &str, attribute: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [rule_id, unit, resource, attribute] {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_value_and_field_separation() {
        // A fixed expectation (computed independently with Python's hashlib): changing
        // the scheme must be a deliberate change of the `v2` key, never an accident.
        assert_eq!(
            fingerprint(
                "PAL-NET-001",
                "main.json",
                "aws_security_group.a",
                "ingress[0]"
            ),
            "22f6840884fc8f1fe34f89b27a981fe3"
        );
        assert_ne!(
            fingerprint("PAL-NET-001", "ab", "c", ""),
            fingerprint("PAL-NET-001", "a", "bc", "")
        );
        assert_eq!(fingerprint("R", "f", "r", "a").len(), 32);
    }
}
