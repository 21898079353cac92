# METADATA
# title: KMS key does not rotate its key material
# description: |
#   A symmetric customer managed key without automatic rotation encrypts with the same
#   key material for its whole life, so everything it ever protected rests on one
#   secret, and a compromise of that material is never aged out. With rotation on, KMS
#   creates new material every year (or every rotation period) and keeps the old
#   material only to decrypt, transparently to callers. AWS leaves rotation off unless
#   asked. Asymmetric, HMAC and key-agreement keys cannot rotate automatically and are
#   not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
#     description: Rotate AWS KMS keys
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4
#     description: "Security Hub KMS.4: AWS KMS key rotation should be enabled"
# custom:
#   id: PAL-KMS-001
#   severity: medium
#   remediation: >-
#     Set `enable_key_rotation = true` (Terraform) or `EnableKeyRotation: true`
#     (CloudFormation) on the key.
#   family: encryption
#   reads: [kms_keys]
#   formats: [plan, cfn, hcl, state, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["3.6"]
#     cis-aws-foundations-v5.0: ["3.6"]
#     aws-security-hub: ["KMS.4"]
#     nist-800-53-r5: ["SC-12", "SC-12(2)", "SC-28(3)"]
package palisade.kms.kms_key_rotation_disabled

import data.palisade.lib.result

deny contains finding if {
	some key in input.aws.kms_keys
	_rotatable(key)
	not "rotation_enabled" in key.unknown
	not key.rotation_enabled == true
	finding := result.field(key, "rotation_enabled", _message(key))
}

undecided contains finding if {
	some key in input.aws.kms_keys
	not key.rotation_enabled == true
	_unknown := [name | some name in ["rotation_enabled", "key_spec", "key_usage"]; name in key.unknown]
	count(_unknown) > 0
	not _not_rotatable(key)
	finding := result.of(key, sprintf("cannot decide whether the key rotates: %s unknown (until apply, or not in a live export)", [concat(", ", _unknown)]))
}

# A symmetric encryption key, as far as known; absent spec and usage are AWS's defaults.
_rotatable(key) if {
	object.get(key, "key_spec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
	object.get(key, "key_usage", "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
	not "key_spec" in key.unknown
	not "key_usage" in key.unknown
}

_not_rotatable(key) if {
	key.key_spec
	key.key_spec != "SYMMETRIC_DEFAULT"
}

_not_rotatable(key) if {
	key.key_usage
	key.key_usage != "ENCRYPT_DECRYPT"
}

_message(key) := "automatic key rotation is switched off" if {
	key.rotation_enabled == false
} else := "automatic key rotation is not enabled (AWS leaves it off by default)"
