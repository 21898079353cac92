# METADATA
# title: CloudTrail trail records only its home Region
# description: |
#   A single-Region trail records API activity in the Region it was created in and
#   nothing else, so an attacker who works in another Region (launching instances in an
#   unused Region is a common first move with stolen keys) leaves no trail. AWS creates
#   trails single-Region unless `is_multi_region_trail` / `IsMultiRegionTrail` is true. A
#   multi-Region trail also picks up Regions AWS opens later.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
#     description: Receiving CloudTrail log files from multiple Regions
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1
#     description: "Security Hub CloudTrail.1: CloudTrail should be enabled and configured with at least one multi-Region trail"
# custom:
#   id: PAL-TRAIL-001
#   severity: medium
#   remediation: >-
#     Set `is_multi_region_trail = true` on the `aws_cloudtrail` (CloudFormation:
#     `IsMultiRegionTrail: true` on the `AWS::CloudTrail::Trail`).
#   family: logging
#   reads: [trails]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["3.1"]
#     cis-aws-foundations-v5.0: ["3.1"]
#     aws-fsbp: ["CloudTrail.1"]
#     aws-security-hub: ["CloudTrail.1"]
#     nist-800-53-r5: ["AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)", "AU-6(4)", "AU-14(1)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)", "SA-8(22)"]
package palisade.cloudtrail.trail_single_region

import data.palisade.lib.result

deny contains finding if {
	some trail in input.aws.trails
	not "is_multi_region" in trail.unknown
	not trail.is_multi_region
	finding := result.field(trail, "is_multi_region", "the trail records API activity only in its home Region; activity in every other Region goes unrecorded")
}

undecided contains finding if {
	some trail in input.aws.trails
	"is_multi_region" in trail.unknown
	finding := result.field(trail, "is_multi_region", "cannot decide whether the trail covers every Region: `is_multi_region` is unknown until apply")
}
