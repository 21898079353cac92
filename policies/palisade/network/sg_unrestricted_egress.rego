# METADATA
# title: Security group allows all outbound traffic to the internet
# description: |
#   Egress to 0.0.0.0/0 or ::/0 on every port lets anything that gets code running in
#   the workload (a compromised dependency, an SSRF, an injected command) download
#   tooling and send data anywhere, over any protocol, without meeting a control. A
#   workload usually needs a handful of destinations: HTTPS to AWS APIs and a few
#   external services, its database. CloudFormation adds this rule by itself to a group
#   whose own `SecurityGroupEgress` lists nothing, so a template that never mentions
#   egress allows everything. Lower severity: egress alone exposes nothing, it widens
#   what a compromise can do.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#     description: Security group rules (the default outbound rule)
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html
#     description: "AWS::EC2::SecurityGroup: the egress rule added when none is declared"
# custom:
#   id: PAL-NET-004
#   severity: low
#   remediation: >-
#     Declare the egress the workload needs: HTTPS (443) to the internet or to VPC
#     endpoints, and its data stores' ports to their security groups. In CloudFormation,
#     declaring any `SecurityGroupEgress` rule removes the default; a rule to
#     127.0.0.1/32 removes it without allowing anything.
#   family: security-group
#   reads: [security_groups]
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.network.sg_unrestricted_egress

import data.palisade.lib.net
import data.palisade.lib.result

_decisive := {"cidr_ipv4", "cidr_ipv6", "protocol", "from_port", "to_port"}

deny contains finding if {
	some rule in _egress_rules
	count(net.world_cidrs(rule)) > 0
	net.all_ports(rule)
	finding := result.of(rule, _message(rule))
}

undecided contains finding if {
	some rule in _egress_rules
	not _violates(rule)
	net.may_be_world(rule)
	net.may_be_all_ports(rule)
	finding := result.of(rule, sprintf("cannot decide whether egress to the internet is unrestricted: %s", [net.unknown_reason(rule, _decisive)]))
}

_egress_rules contains rule if {
	some group in input.aws.security_groups
	some rule in group.rules
	rule.direction == "egress"
}

_violates(rule) if {
	count(net.world_cidrs(rule)) > 0
	net.all_ports(rule)
}

_message(rule) := "the group declares no SecurityGroupEgress rule, so CloudFormation allows all outbound traffic to 0.0.0.0/0" if {
	rule.implicit
} else := sprintf("egress to %s on every port", [concat(", ", sort(net.world_cidrs(rule)))])
