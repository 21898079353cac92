# METADATA
# title: Data-tier security group allows egress
# description: |
#   Databases and caches answer connections; they never need to open one. Replies to
#   inbound connections pass whatever the egress rules say, because security groups are
#   stateful. So any egress rule on a data-tier group (tiers marked `data: true` in the
#   matrix; on the reference platform RDS and Redis) only serves an attacker who got
#   code running in the database engine (a UDF, COPY ... PROGRAM, a Redis module) and
#   wants to send data out or fetch a payload. CloudFormation adds allow-all egress to
#   a group that declares none, so a data-tier group in a template needs an explicit
#   loopback rule to have no egress.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#     description: Security group rules (stateful return traffic)
# custom:
#   id: PAL-NET-011
#   severity: medium
#   remediation: >-
#     Remove every egress rule from the group. In Terraform, an `aws_security_group`
#     without `egress` blocks has none. In CloudFormation, declare a single
#     `SecurityGroupEgress` rule to 127.0.0.1/32, which replaces the default allow-all.
#   family: security-group
#   reads: [security_groups]
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.network.sg_data_tier_egress

import data.palisade.lib.matrix
import data.palisade.lib.net
import data.palisade.lib.result

deny contains finding if {
	some group in input.aws.security_groups
	matrix.is_data_tier(matrix.tier(group))
	some rule in group.rules
	rule.direction == "egress"
	not net.loopback_only(rule)
	finding := result.of(rule, _message(group, rule))
}

undecided contains finding if {
	some group in input.aws.security_groups
	matrix.is_data_tier(matrix.tier(group))
	"egress_rules" in group.unknown
	finding := result.of(group, sprintf("cannot decide whether %s-tier group allows egress: its egress rules are unknown until apply", [matrix.tier(group)]))
}

_message(group, rule) := sprintf("%s-tier group has CloudFormation's default allow-all egress (no SecurityGroupEgress declared)", [matrix.tier(group)]) if {
	rule.implicit
} else := sprintf("%s-tier group has an egress rule", [matrix.tier(group)])
