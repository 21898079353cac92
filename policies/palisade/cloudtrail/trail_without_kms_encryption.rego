# METADATA
# title: CloudTrail logs are not encrypted with a KMS key
# description: |
#   Without a KMS key, trail logs are encrypted with SSE-S3, and anyone who can read the
#   log bucket can read the account's whole API history: who did what, from where, and
#   often resource names and parameters. With a KMS key, reading the logs also needs
#   `kms:Decrypt` on the key, a second, separately audited permission. Any KMS key
#   passes this rule; a customer managed key lets you write that key policy.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
#     description: Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2
#     description: "Security Hub CloudTrail.2: CloudTrail should have encryption at-rest enabled"
# custom:
#   id: PAL-TRAIL-003
#   severity: medium
#   remediation: >-
#     Set `kms_key_id` on the `aws_cloudtrail` to the ARN of a customer managed key whose
#     policy lets CloudTrail encrypt (CloudFormation: `KMSKeyId`).
#   family: logging
#   reads: [trails]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["3.5"]
#     cis-aws-foundations-v5.0: ["3.5"]
#     aws-fsbp: ["CloudTrail.2"]
#     aws-security-hub: ["CloudTrail.2"]
#     nist-800-53-r5: ["AU-9", "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)"]
package palisade.cloudtrail.trail_without_kms_encryption

import data.palisade.lib.result

deny contains finding if {
	some trail in input.aws.trails
	not "kms_key" in trail.unknown
	not trail.kms_key
	finding := result.of(trail, "the trail names no KMS key, so its logs are readable by anyone who can read the log bucket")
}

undecided contains finding if {
	some trail in input.aws.trails
	"kms_key" in trail.unknown
	finding := result.field(trail, "kms_key", "cannot decide whether the trail's logs are encrypted with KMS: the key is unknown until apply")
}
