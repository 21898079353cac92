# METADATA
# title: CloudTrail log file validation is off
# description: |
#   With log file validation, CloudTrail writes an hourly digest file signed with its own
#   key, so you can prove that no log file was changed or deleted after delivery. Without
#   it, someone who can write to the log bucket can edit or remove the record of what
#   they did and nobody can tell. It is off unless `enable_log_file_validation` /
#   `EnableLogFileValidation` is true.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
#     description: Validating CloudTrail log file integrity
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4
#     description: "Security Hub CloudTrail.4: CloudTrail log file validation should be enabled"
# custom:
#   id: PAL-TRAIL-002
#   severity: medium
#   remediation: >-
#     Set `enable_log_file_validation = true` on the `aws_cloudtrail` (CloudFormation:
#     `EnableLogFileValidation: true`).
#   family: logging
#   reads: [trails]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["3.2"]
#     cis-aws-foundations-v5.0: ["3.2"]
#     aws-fsbp: ["CloudTrail.4"]
#     aws-security-hub: ["CloudTrail.4"]
#     nist-800-53-r5: ["AU-9", "SI-4", "SI-7(1)", "SI-7(3)", "SI-7(7)"]
package palisade.cloudtrail.trail_log_validation_disabled

import data.palisade.lib.result

deny contains finding if {
	some trail in input.aws.trails
	not "log_file_validation" in trail.unknown
	not trail.log_file_validation
	finding := result.field(trail, "log_file_validation", "log file validation is off, so changed or deleted log files cannot be detected")
}

undecided contains finding if {
	some trail in input.aws.trails
	"log_file_validation" in trail.unknown
	finding := result.field(trail, "log_file_validation", "cannot decide whether log file validation is on: it is unknown until apply")
}
