# The security-group traffic matrix (`data.palisade.network.matrix`): which tier each
# group belongs to, what each rule's peers are, and which edges the matrix allows.
#
# A peer is named as a string: a tier name, `internet`, `prefix-list`, `cidr:<CIDR>`
# (a peer CIDR that is neither the internet nor a group), `untiered:<id>` (a group in
# this unit without a tier) or `external:<id>` (a group outside the unit, whose tier
# cannot be known).
package palisade.lib.matrix

import data.palisade.lib.net

_matrix := data.palisade.network.matrix

_tier_names := {name | some name, _ in _matrix.tiers}

# tag_value is the group's tier tag, when it has one.
tag_value(group) := group.tags[_matrix.tag_key]

# tier is the group's tier: from its tag when the tag names a tier, else from the first
# tier (by name) whose name patterns match the group's name.
tier(group) := name if {
	name := lower(tag_value(group))
	name in _tier_names
} else := min(tiers) if {
	not tag_value(group)
	tiers := _pattern_tiers(group)
	count(tiers) > 0
}

_pattern_tiers(group) := {name |
	some name, spec in _matrix.tiers
	some pattern in object.get(spec, "name_patterns", [])
	glob.match(pattern, [], group.name)
}

tiered(group) if tier(group)

is_data_tier(name) if _matrix.tiers[name].data == true

# governed_vpcs are the VPCs (or `""` for groups that name none) that hold a tiered group.
governed_vpcs contains object.get(group, "vpc", "") if {
	some group in input.aws.security_groups
	tiered(group)
}

# governed holds for a group declared in this unit inside a matrix-governed VPC.
governed(group) if {
	not group.external
	not "vpc" in group.unknown
	object.get(group, "vpc", "") in governed_vpcs
}

_groups_by_id[group.id] := group if {
	some group in input.aws.security_groups
	not group.external
}

# peers is the set of peers a rule names (see the package comment), as far as known.
peers(group, rule) := ((_world(rule) | _cidrs(rule)) | _prefix_lists(rule)) | _groups(group, rule)

_world(rule) := {"internet" | count(net.world_cidrs(rule)) > 0}

_cidrs(rule) := {sprintf("cidr:%s", [cidr]) |
	some cidr in array.concat(rule.cidr_ipv4, rule.cidr_ipv6)
	not net.is_world(cidr)
}

_prefix_lists(rule) := {"prefix-list" | count(rule.prefix_lists) > 0}

_groups(group, rule) := {_group_peer(group, rule.source_group) | rule.source_group}

_group_peer(group, id) := tier(group) if {
	id == group.id
	tiered(group)
} else := tier(_groups_by_id[id]) if {
	tiered(_groups_by_id[id])
} else := sprintf("untiered:%s", [id]) if {
	_groups_by_id[id]
} else := sprintf("external:%s", [id])

# edge is the (from, to) pair of a rule's traffic with one peer.
edge(group, rule, peer) := [peer, tier(group)] if rule.direction == "ingress"

edge(group, rule, peer) := [tier(group), peer] if rule.direction == "egress"

# allowed holds when the matrix allows the rule's traffic from `from` to `to`.
allowed(from, to, _) if {
	from == to
	from in _tier_names
	_matrix.allow_intra_tier == true
}

allowed(from, to, rule) if {
	some flow in _matrix.flows
	_endpoint_matches(flow.from, from)
	_endpoint_matches(flow.to, to)
	_protocol_matches(flow, rule)
	_ports_match(flow, rule)
}

_endpoint_matches(pattern, endpoint) if pattern == endpoint

_endpoint_matches(pattern, endpoint) if {
	startswith(pattern, "cidr:")
	startswith(endpoint, "cidr:")
	net.cidr_contains(substring(pattern, 5, -1), substring(endpoint, 5, -1))
}

_protocol_matches(flow, rule) if object.get(flow, "protocol", "tcp") == "all"

_protocol_matches(flow, rule) if object.get(flow, "protocol", "tcp") == rule.protocol

_ports_match(flow, _) if "all" in flow.ports

_ports_match(flow, rule) if {
	count({port |
		some port in flow.ports
		is_number(port)
		rule.from_port <= port
		port <= rule.to_port
	}) == net.port_count(rule)
}

# allowed_ports describes what the matrix allows from `from` to `to`, for messages.
allowed_ports(from, to) := sort({sprintf("%s %s", [object.get(flow, "protocol", "tcp"), concat(", ", [format_int(p, 10) | some p in flow.ports; is_number(p)])]) |
	some flow in _matrix.flows
	_endpoint_matches(flow.from, from)
	_endpoint_matches(flow.to, to)
})

# describe renders a rule's protocol and ports: `tcp 5432`, `tcp 8000-8010`, `all traffic`.
describe(rule) := "all traffic" if {
	net.all_protocols(rule)
} else := sprintf("%s %d", [rule.protocol, rule.from_port]) if {
	rule.from_port == rule.to_port
} else := sprintf("%s %d-%d", [rule.protocol, rule.from_port, rule.to_port])
