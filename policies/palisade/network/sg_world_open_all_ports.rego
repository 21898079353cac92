# METADATA
# title: Security group admits the internet on every port
# description: |
#   An ingress rule for all traffic (protocol -1) or for TCP/UDP 0–65535 from 0.0.0.0/0
#   or ::/0 exposes every service the instance runs, including the ones nobody knows
#   are listening: debug endpoints, metrics exporters, admin consoles, databases. It
#   removes the security group's job entirely and leaves each host's own firewall as
#   the only control.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18
#     description: "Security Hub EC2.18: security groups should only allow unrestricted incoming traffic for authorized ports"
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19
#     description: "Security Hub EC2.19: security groups should not allow unrestricted access to ports with high risk"
# custom:
#   id: PAL-NET-003
#   severity: high
#   remediation: >-
#     Replace the rule with rules for the specific ports the workload serves (for a
#     public load balancer, 443 and 80), and admit internal traffic from security groups.
#   family: security-group
#   reads: [security_groups]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["EC2.18", "EC2.19"]
#     aws-security-hub: ["EC2.18", "EC2.19"]
#     nist-800-53-r5: ["AC-4", "AC-4(21)", "CA-9(1)", "CM-2", "CM-2(2)", "CM-7", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(4)", "SC-7(5)"]
package palisade.network.sg_world_open_all_ports

import data.palisade.lib.net
import data.palisade.lib.result

_decisive := {"cidr_ipv4", "cidr_ipv6", "protocol", "from_port", "to_port"}

deny contains finding if {
	some rule in net.world_ingress
	cidrs := net.world_cidrs(rule)
	count(cidrs) > 0
	net.all_ports(rule)
	finding := result.of(rule, sprintf("ingress from %s on %s", [
		concat(", ", sort(cidrs)),
		_what(rule),
	]))
}

# net.world_ingress holds only rules that may admit the internet.
undecided contains finding if {
	some rule in net.world_ingress
	not _violates(rule)
	net.may_be_all_ports(rule)
	finding := result.of(rule, sprintf("cannot decide whether the internet reaches every port: %s", [net.unknown_reason(rule, _decisive)]))
}

_violates(rule) if {
	count(net.world_cidrs(rule)) > 0
	net.all_ports(rule)
}

_what(rule) := "every protocol and port" if {
	net.all_protocols(rule)
} else := sprintf("every %s port", [upper(rule.protocol)])
