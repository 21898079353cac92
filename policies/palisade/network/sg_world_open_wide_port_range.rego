# METADATA
# title: Security group opens a range of ports to the internet
# description: |
#   Internet-facing services listen on one or two well-known ports. A rule that admits
#   0.0.0.0/0 or ::/0 to a range (say 1024–65535, or 8000–9000) exposes whatever happens
#   to listen inside it, now or later: an admin console, a debug server, a database a
#   colleague starts for a test. The widest range allowed is data
#   (`data.palisade.network.max_world_port_range`, default 1: single ports only). Rules
#   for every port are reported by PAL-NET-003 instead.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18
#     description: "Security Hub EC2.18: security groups should only allow unrestricted incoming traffic for authorized ports"
# custom:
#   id: PAL-NET-007
#   severity: medium
#   remediation: >-
#     Replace the range with one rule per port the service listens on, or put the
#     service behind a load balancer that listens on a single port.
#   family: security-group
#   reads: [security_groups]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["EC2.18"]
#     aws-security-hub: ["EC2.18"]
#     nist-800-53-r5: ["AC-4", "AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(4)", "SC-7(5)"]
package palisade.network.sg_world_open_wide_port_range

import data.palisade.lib.net
import data.palisade.lib.result

_decisive := {"cidr_ipv4", "cidr_ipv6", "protocol", "from_port", "to_port"}

_max := data.palisade.network.max_world_port_range

deny contains finding if {
	some rule in net.world_ingress
	cidrs := net.world_cidrs(rule)
	count(cidrs) > 0
	_wide(rule)
	finding := result.of(rule, sprintf("ingress from %s to %s ports %d-%d (%d ports; at most %d allowed)", [
		concat(", ", sort(cidrs)),
		net.transport(rule),
		rule.from_port,
		rule.to_port,
		net.port_count(rule),
		_max,
	]))
}

# net.world_ingress holds only rules that may admit the internet.
undecided contains finding if {
	some rule in net.world_ingress
	not _decided(rule)
	finding := result.of(rule, sprintf("cannot decide whether the internet reaches a range of ports: %s", [net.unknown_reason(rule, _decisive)]))
}

_wide(rule) if {
	net.transport(rule)
	not net.all_ports(rule)
	net.port_count(rule) > _max
}

# Decided: reported here, or ruled out by what is known; undecided is what is left.
_decided(rule) if {
	count(net.world_cidrs(rule)) > 0
	_wide(rule)
}

# Every port is PAL-NET-003's; a known narrow range or a known other protocol is fine.
_decided(rule) if net.all_ports(rule)

_decided(rule) if {
	net.transport(rule)
	rule.from_port >= 0
	rule.to_port >= 0
	not _wide(rule)
}

_decided(rule) if {
	object.get(rule, "protocol", null) != null
	not net.transport(rule)
}
