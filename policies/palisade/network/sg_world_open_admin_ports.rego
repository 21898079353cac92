# METADATA
# title: Security group admits the internet to SSH or RDP
# description: |
#   An ingress rule that admits 0.0.0.0/0 or ::/0 to SSH (22/tcp) or RDP (3389/tcp or
#   udp) puts a login prompt in front of every scanner and password-spraying bot on the
#   internet; one weak or leaked credential, or an unpatched daemon, then gives an
#   attacker a shell inside the VPC. A rule for all traffic (protocol -1) or a port
#   range that spans 22 or 3389 opens them just the same. Hosts should be reached
#   through SSM Session Manager, a VPN, or a bastion that only known CIDRs can reach.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-53
#     description: "Security Hub EC2.53: no ingress from 0.0.0.0/0 to remote server administration ports"
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-54
#     description: "Security Hub EC2.54: no ingress from ::/0 to remote server administration ports"
#   - ref: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html
#     description: AWS Systems Manager Session Manager (shell access without inbound ports)
# custom:
#   id: PAL-NET-001
#   severity: high
#   remediation: >-
#     Remove the rule, or narrow its source to a VPN or bastion CIDR or to a security
#     group; for shell access prefer SSM Session Manager, which needs no inbound port.
#   family: security-group
#   reads: [security_groups]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["5.2", "5.3"]
#     cis-aws-foundations-v5.0: ["5.3", "5.4"]
#     aws-security-hub: ["EC2.13", "EC2.14", "EC2.53", "EC2.54"]
#     nist-800-53-r5: ["AC-4", "AC-4(21)", "CM-7", "SC-7", "SC-7(4)", "SC-7(5)", "SC-7(11)", "SC-7(16)", "SC-7(21)"]
package palisade.network.sg_world_open_admin_ports

import data.palisade.lib.net
import data.palisade.lib.result

# The administrative services, in the order messages name them.
_services := [
	{"name": "SSH (22)", "port": 22, "transports": ["tcp"]},
	{"name": "RDP (3389)", "port": 3389, "transports": ["tcp", "udp"]},
]

# Fields of a rule element that decide this rule.
_decisive := {"cidr_ipv4", "cidr_ipv6", "protocol", "from_port", "to_port"}

deny contains finding if {
	some rule in net.world_ingress
	cidrs := net.world_cidrs(rule)
	count(cidrs) > 0
	opened := _opened(rule)
	count(opened) > 0
	finding := result.of(rule, sprintf("ingress from %s reaches %s", [
		concat(", ", sort(cidrs)),
		concat(" and ", opened),
	]))
}

# A rule that might admit the internet to an admin port, but only once values unknown
# until apply are known, is neither passed nor flagged. (net.world_ingress holds only
# rules that may admit the internet.)
undecided contains finding if {
	some rule in net.world_ingress
	not _violates(rule)
	may_open := _may_open(rule)
	count(may_open) > 0
	finding := result.of(rule, sprintf("cannot decide whether %s reaches %s: %s", [
		_who(rule),
		concat(" or ", may_open),
		_why(rule),
	]))
}

# A group whose ingress rules as a whole are unknown until apply may hold any rule.
undecided contains finding if {
	some group in input.aws.security_groups
	"ingress_rules" in group.unknown
	finding := result.of(group, "cannot decide whether the internet reaches SSH (22) or RDP (3389): the group's ingress rules are unknown until apply")
}

_violates(rule) if {
	count(net.world_cidrs(rule)) > 0
	count(_opened(rule)) > 0
}

_opened(rule) := [service.name | some service in _services; _opens(rule, service)]

_may_open(rule) := [service.name | some service in _services; _may_open_service(rule, service)]

_opens(rule, service) if {
	some transport in service.transports
	net.covers(rule, service.port, transport)
}

_may_open_service(rule, service) if {
	some transport in service.transports
	net.may_cover(rule, service.port, transport)
}

_who(rule) := concat(", ", sort(cidrs)) if {
	cidrs := net.world_cidrs(rule)
	count(cidrs) > 0
} else := "the internet"

_why(rule) := net.unknown_reason(rule, _decisive)
