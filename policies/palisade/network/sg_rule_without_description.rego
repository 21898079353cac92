# METADATA
# title: Security group rule has no description
# description: |
#   A rule's description is the only place that says why a port is open and for whom.
#   Without it, reviewers cannot tell a deliberate exception from a forgotten debug
#   rule, and nobody dares remove rules during an incident or a clean-up, so groups
#   only ever grow. Hygiene, low severity.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#     description: Security group rules (rule descriptions)
# custom:
#   id: PAL-NET-005
#   severity: low
#   remediation: >-
#     Give every rule a description that names the peer and the purpose, e.g.
#     "HTTPS from the public ALB".
#   family: security-group
#   reads: [security_groups]
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.network.sg_rule_without_description

import data.palisade.lib.result

deny contains finding if {
	some rule in _rules
	not rule.description
	not "description" in rule.unknown
	finding := result.of(rule, sprintf("%s rule has no description", [rule.direction]))
}

undecided contains finding if {
	some rule in _rules
	"description" in rule.unknown
	finding := result.of(rule, sprintf("cannot decide whether the %s rule has a description: description unknown until apply", [rule.direction]))
}

# Rules a template or plan declares; CloudFormation's implicit egress has no text to add.
_rules contains rule if {
	some group in input.aws.security_groups
	some rule in group.rules
	not rule.implicit
}
