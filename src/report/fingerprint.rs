//! Fingerprints that survive unrelated edits: a SHA-256 of the rule id, the file, the
//! resource id and the attribute path (the file keeps two projects' `aws_s3_bucket.logs`
//! apart) — never a line number and never a process-seeded
//! hash, so the same finding keeps its fingerprint across runs, machines and releases.

use sha2::{Digest, Sha256};

/// Key under which SARIF `partialFingerprints` carries the value.
pub const SARIF_KEY: &str = "palisadeFinding/v1";

pub fn fingerprint(rule_id: &str, file: &str, resource: &str, attribute: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [rule_id, file, resource, attribute] {
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
        // the scheme must be a deliberate change of the `v1` key, never an accident.
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
