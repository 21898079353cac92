# METADATA
# title: GuardDuty detector is declared disabled
# description: |
#   GuardDuty watches CloudTrail, VPC flow and DNS logs for signs of compromise: stolen
#   credentials used from unusual places, instances talking to known command-and-control
#   hosts, crypto-mining. A detector declared with `enable = false` (`Enable: false`)
#   suspends all of that for its account and Region, and findings stop with no other
#   visible sign. A unit that declares no detector is not judged: whether GuardDuty runs
#   in the account cannot be seen from the code.
# related_resources:
#   - ref: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_suspend-disable.html
#     description: Suspending or disabling GuardDuty
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-1
#     description: "Security Hub GuardDuty.1: GuardDuty should be enabled"
# custom:
#   id: PAL-GD-001
#   severity: medium
#   remediation: >-
#     Set `enable = true` on the `aws_guardduty_detector`, or remove the argument (its
#     default is true) (CloudFormation: `Enable: true` on the `AWS::GuardDuty::Detector`).
#   family: monitoring
#   reads: [guardduty_detectors]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["GuardDuty.1"]
#     aws-security-hub: ["GuardDuty.1"]
#     nist-800-53-r5: ["AC-2(12)", "AU-6(1)", "AU-6(5)", "CA-7", "CM-8(3)", "RA-3(4)", "SA-11(1)", "SA-11(6)", "SA-15(2)", "SA-15(8)", "SA-8(19)", "SA-8(21)", "SA-8(25)", "SC-5", "SC-5(1)", "SC-5(3)", "SI-20", "SI-3(8)", "SI-4", "SI-4(1)", "SI-4(13)", "SI-4(2)", "SI-4(22)", "SI-4(25)", "SI-4(4)", "SI-4(5)"]
package palisade.guardduty.guardduty_detector_disabled

import data.palisade.lib.result

deny contains finding if {
	some detector in input.aws.guardduty_detectors
	detector.enabled == false
	finding := result.field(detector, "enabled", "the detector is disabled, so GuardDuty produces no findings for this account and Region")
}

undecided contains finding if {
	some detector in input.aws.guardduty_detectors
	"enabled" in detector.unknown
	finding := result.field(detector, "enabled", "cannot decide whether the detector is enabled: it is unknown until apply")
}
