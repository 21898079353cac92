# METADATA
# title: The VPC's default security group allows traffic
# description: |
#   Every network interface launched without an explicit security group joins its VPC's
#   default group, and by default that group admits all traffic from its own members
#   and allows all egress. A forgotten instance, a hand-made ENI or a service that falls
#   back to the default therefore lands in a group that trusts everything else in it. The
#   default group should hold no rules, so resources must name the groups they need.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2
#     description: "Security Hub EC2.2: VPC default security groups should not allow inbound or outbound traffic"
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
#     description: Default security groups for your VPCs
# custom:
#   id: PAL-NET-006
#   severity: medium
#   remediation: >-
#     Manage the default group with `aws_default_security_group` and no `ingress` or
#     `egress` blocks: Terraform then removes every rule from it.
#   family: security-group
#   reads: [security_groups]
#   formats: [plan, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["5.4"]
#     cis-aws-foundations-v5.0: ["5.5"]
#     aws-fsbp: ["EC2.2"]
#     aws-security-hub: ["EC2.2"]
#     nist-800-53-r5: ["AC-4", "AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(4)", "SC-7(5)"]
package palisade.network.sg_default_group_allows_traffic

import data.palisade.lib.result

deny contains finding if {
	some group in input.aws.security_groups
	group.default
	some rule in group.rules
	finding := result.of(rule, sprintf("the default security group has an %s rule", [rule.direction]))
}

undecided contains finding if {
	some group in input.aws.security_groups
	group.default
	some list in ["ingress_rules", "egress_rules"]
	list in group.unknown
	finding := result.of(group, sprintf("cannot decide whether the default security group allows traffic: its %s are unknown until apply", [replace(list, "_", " ")]))
}
