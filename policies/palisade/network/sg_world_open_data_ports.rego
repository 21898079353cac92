# METADATA
# title: Security group admits the internet to a database, cache or search port
# description: |
#   Databases, caches, search engines and message brokers are built to sit behind an
#   application, not to face the internet: many ship with weak or no authentication
#   (Redis, Memcached, Elasticsearch and MongoDB have all been mass-exploited when
#   exposed), and even those with strong authentication leak their version and invite
#   brute force. An ingress rule admitting 0.0.0.0/0 or ::/0 to one of their ports
#   (the list is data: `data.palisade.network.data_ports`) is exposed the moment an
#   address is reachable. Rules that admit every port are reported by PAL-NET-003
#   instead, once.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19
#     description: "Security Hub EC2.19: security groups should not allow unrestricted access to ports with high risk"
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
#     description: Control traffic to your AWS resources using security groups
# custom:
#   id: PAL-NET-002
#   severity: high
#   remediation: >-
#     Admit the port only from the application's security group (a group-to-group rule)
#     or from known private CIDRs; reach the data store from outside through a bastion,
#     VPN or SSM port forwarding instead.
#   family: security-group
#   reads: [security_groups]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["EC2.18", "EC2.19"]
#     aws-security-hub: ["EC2.18", "EC2.19"]
#     nist-800-53-r5: ["AC-4", "AC-4(21)", "CA-9(1)", "CM-2", "CM-2(2)", "CM-7", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(4)", "SC-7(5)"]
package palisade.network.sg_world_open_data_ports

import data.palisade.lib.net
import data.palisade.lib.result

# Data read through a rule: a `data.` path is looked up again at every use (regorus
# scans the modules for it), a rule's value only once.
_data_ports := data.palisade.network.data_ports

_decisive := {"cidr_ipv4", "cidr_ipv6", "protocol", "from_port", "to_port"}

deny contains finding if {
	some rule in net.world_ingress
	cidrs := net.world_cidrs(rule)
	count(cidrs) > 0
	not net.all_ports(rule)
	opened := _opened(rule)
	count(opened) > 0
	finding := result.of(rule, sprintf("ingress from %s reaches %s", [
		concat(", ", sort(cidrs)),
		concat(", ", opened),
	]))
}

# net.world_ingress holds only rules that may admit the internet.
undecided contains finding if {
	some rule in net.world_ingress
	not _decided(rule)
	count(net.may_cover_ports(rule, _ports, "tcp")) > 0
	finding := result.of(rule, sprintf("cannot decide whether the internet reaches a database, cache or search port: %s", [net.unknown_reason(rule, _decisive)]))
}

# Decided: reported as a violation here, or left to PAL-NET-003 (every port), or the
# known fields already rule the data ports out.
_decided(rule) if {
	count(net.world_cidrs(rule)) > 0
	count(_opened(rule)) > 0
}

_decided(rule) if net.all_ports(rule)

_ports := [p.port | some p in _data_ports]

_opened(rule) := [sprintf("%s (%d)", [p.service, p.port]) |
	some p in _data_ports
	p.port in covered
] if {
	covered := net.covered_ports(rule, _ports, "tcp")
}
