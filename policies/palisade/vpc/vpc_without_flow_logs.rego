# METADATA
# title: VPC has no flow log that records rejected traffic
# description: |
#   VPC flow logs record the connections into and out of every network interface in the
#   VPC. Without them there is no record of port scans, blocked exfiltration attempts or
#   which hosts talked to which, and no way to investigate an incident after the fact. A
#   VPC passes when a flow log of the same unit targets the whole VPC and captures `ALL`
#   or `REJECT` traffic; flow logs on single subnets or interfaces, or of accepted traffic
#   only, do not count. A VPC whose flow log is declared elsewhere (another stack or
#   workspace) is reported too: suppress it there.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
#     description: Logging IP traffic using VPC Flow Logs
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6
#     description: "Security Hub EC2.6: VPC flow logging should be enabled in all VPCs"
# custom:
#   id: PAL-VPC-001
#   severity: medium
#   remediation: >-
#     Add an `aws_flow_log` with `vpc_id` set to the VPC and `traffic_type = "ALL"` (or
#     `"REJECT"`), delivering to CloudWatch Logs or S3 (CloudFormation: an
#     `AWS::EC2::FlowLog` with `ResourceType: VPC`, `ResourceId: !Ref TheVpc` and
#     `TrafficType: ALL`).
#   family: logging
#   reads: [vpcs]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["3.7"]
#     cis-aws-foundations-v5.0: ["3.7"]
#     aws-fsbp: ["EC2.6"]
#     aws-security-hub: ["EC2.6"]
#     nist-800-53-r5: ["AC-4(26)", "AU-12", "AU-2", "AU-3", "AU-6(3)", "AU-6(4)", "CA-7", "SI-7(8)"]
package palisade.vpc.vpc_without_flow_logs

import data.palisade.lib.result

deny contains finding if {
	some vpc in input.aws.vpcs
	not _covered(vpc)
	not _may_be_covered(vpc)
	finding := result.of(vpc, _message(vpc))
}

undecided contains finding if {
	some vpc in input.aws.vpcs
	not _covered(vpc)
	_may_be_covered(vpc)
	finding := result.of(vpc, "cannot decide whether the VPC's rejected traffic is logged: a flow log's target or traffic type is unknown until apply")
}

# A flow log must name its traffic type for a VPC; one that does not cannot be created,
# so it is not held against the VPC.
_captures_rejects(log) if {
	not "traffic_type" in log.unknown
	object.get(log, "traffic_type", "ALL") in {"ALL", "REJECT"}
}

_covered(vpc) if {
	some log in vpc.flow_logs
	_captures_rejects(log)
}

_may_be_covered(vpc) if "flow_logs" in vpc.unknown

_may_be_covered(vpc) if {
	some log in vpc.flow_logs
	"traffic_type" in log.unknown
}

_message(vpc) := "the VPC's only flow logs record accepted traffic, so rejected connections (scans, blocked exfiltration) leave no record" if {
	count(vpc.flow_logs) > 0
} else := "no flow log in this unit captures the VPC's traffic, so its connections leave no record"
