# METADATA
# title: Security-group rule allows traffic the tier matrix does not
# description: |
#   The traffic matrix (`data.palisade.network.matrix`) states which tiers may talk to
#   which, on which ports: on the reference platform, the internet reaches only the load
#   balancer, the load balancer only the app on 8000, the app only its database, cache
#   and VPC endpoints. Every rule of a tiered group is checked against it, in both
#   directions, with group-to-group references resolved to the peer group's tier. A rule
#   outside the matrix — a wrong port, a wrong peer tier, the internet where no flow
#   allows it, a peer group without a tier, a raw CIDR where the matrix expects a group —
#   is a path an attacker can take that nobody designed. Egress of data tiers is
#   PAL-NET-011's. The rule is silent where no group has a tier.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#     description: Security group rules (referencing other security groups)
#   - ref: https://docs.aws.amazon.com/whitepapers/latest/aws-best-practices-ddos-resiliency/security-groups-and-network-acls-bp5.html
#     description: Security groups and network ACLs (tiered design)
# custom:
#   id: PAL-NET-010
#   severity: high
#   remediation: >-
#     Change the rule to an edge the matrix allows (the right peer group and port), or,
#     if the flow is intended, add it to the matrix data with a reviewer's approval.
#   family: security-group
#   reads: [security_groups]
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.network.sg_matrix_edge_not_allowed

import data.palisade.lib.matrix
import data.palisade.lib.net
import data.palisade.lib.result

_decisive := {"cidr_ipv4", "cidr_ipv6", "prefix_lists", "source_group", "protocol", "from_port", "to_port"}

deny contains finding if {
	some [group, rule] in _judged
	some peer in matrix.peers(group, rule)
	not startswith(peer, "external:")
	_ports_known(rule)
	[from, to] := matrix.edge(group, rule, peer)
	not matrix.allowed(from, to, rule)
	finding := result.of(rule, sprintf("%s %s: %s → %s on %s; %s", [
		rule.direction,
		_peer_phrase(rule, peer),
		_name(from),
		_name(to),
		matrix.describe(rule),
		_allows(from, to),
	]))
}

undecided contains finding if {
	some [group, rule] in _judged
	not _violates(group, rule)
	_unknown_or_external(group, rule)
	finding := result.of(rule, sprintf("cannot decide whether the matrix allows this %s rule: %s", [rule.direction, _why(group, rule)]))
}

# Rules of tiered groups, with their group; data tiers' egress belongs to PAL-NET-011.
_judged contains [group, rule] if {
	some group in input.aws.security_groups
	matrix.tiered(group)
	some rule in group.rules
	not net.loopback_only(rule)
	not _data_egress(group, rule)
}

_data_egress(group, rule) if {
	rule.direction == "egress"
	matrix.is_data_tier(matrix.tier(group))
}

_violates(group, rule) if {
	some peer in matrix.peers(group, rule)
	not startswith(peer, "external:")
	_ports_known(rule)
	[from, to] := matrix.edge(group, rule, peer)
	not matrix.allowed(from, to, rule)
}

_ports_known(rule) if net.all_protocols(rule)

_ports_known(rule) if {
	rule.protocol
	is_number(rule.from_port)
	is_number(rule.to_port)
}

_unknown_or_external(_, rule) if {
	some name in rule.unknown
	name in _decisive
}

_unknown_or_external(_, rule) if not _ports_known(rule)

_unknown_or_external(group, rule) if {
	some peer in matrix.peers(group, rule)
	startswith(peer, "external:")
}

_why(group, rule) := concat("; ", [part |
	some part in array.concat(
		[net.unknown_reason(rule, _decisive)],
		[sprintf("peer group %s is outside this scan unit, so its tier is unknown", [substring(peer, 9, -1)]) |
			some peer in matrix.peers(group, rule)
			startswith(peer, "external:")
		],
	)
	part != ""
])

_peer_phrase(rule, peer) := sprintf("%s %s", [_preposition(rule), _describe_peer(peer)])

_preposition(rule) := "from" if rule.direction == "ingress"

_preposition(rule) := "to" if rule.direction == "egress"

_describe_peer(peer) := sprintf("security group %s, which has no tier", [substring(peer, 9, -1)]) if {
	startswith(peer, "untiered:")
} else := substring(peer, 5, -1) if {
	startswith(peer, "cidr:")
} else := "0.0.0.0/0 (internet)" if {
	peer == "internet"
} else := "a prefix list" if {
	peer == "prefix-list"
} else := sprintf("the %s tier", [peer])

_name(endpoint) := "?" if {
	startswith(endpoint, "untiered:")
} else := substring(endpoint, 5, -1) if {
	startswith(endpoint, "cidr:")
} else := endpoint

_allows(from, to) := sprintf("the matrix allows %s → %s only on %s", [_name(from), _name(to), concat("; ", ports)]) if {
	ports := matrix.allowed_ports(from, to)
	count(ports) > 0
} else := sprintf("the matrix allows no %s → %s traffic", [_name(from), _name(to)])
