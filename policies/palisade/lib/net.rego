# Network helpers for rules that read `input.aws.security_groups[].rules[]`.
#
# A rule element's `protocol` is `tcp`, `udp`, `icmp`, `icmpv6`, `all` or an IP protocol
# number as text; `all` covers every port. A field that is unknown until apply is left
# out of the element and named in its `unknown`; a field that is simply missing could
# not be resolved. Either way it is not known, so the `may_*` helpers treat it as
# "could be anything" and the plain helpers as "not shown": a rule flags what is known
# and reports as undecided what only might be.
#
# The helpers that hold in several cases are else chains (`:= true if … else := true
# if …`) rather than separate definitions: regorus evaluates every definition of a
# function on each call, while an else chain stops at the first case that holds, and
# these are called for every rule element and port.
package palisade.lib.net

# Protocol spellings a rule element may carry for each transport.
_spellings := {
	"tcp": {"tcp", "6"},
	"udp": {"udp", "17"},
}

# is_world_v4 holds for an IPv4 CIDR that spans the whole address space (any /0).
is_world_v4(cidr) if {
	endswith(cidr, "/0")
	not contains(cidr, ":")
}

# is_world_v6 holds for an IPv6 CIDR that spans the whole address space (any /0).
is_world_v6(cidr) if {
	endswith(cidr, "/0")
	contains(cidr, ":")
}

is_world(cidr) if is_world_v4(cidr)

is_world(cidr) if is_world_v6(cidr)

# world_cidrs is the set of known source CIDRs of a rule element that are the internet.
world_cidrs(rule) := v4 | v6 if {
	v4 := {cidr | some cidr in object.get(rule, "cidr_ipv4", []); is_world_v4(cidr)}
	v6 := {cidr | some cidr in object.get(rule, "cidr_ipv6", []); is_world_v6(cidr)}
}

# may_be_world holds when the rule admits the internet, or might once its unknown
# CIDR lists are known.
may_be_world(rule) := true if {
	"cidr_ipv4" in rule.unknown
} else := true if {
	"cidr_ipv6" in rule.unknown
} else := true if {
	count(world_cidrs(rule)) > 0
}

# world_ingress: the ingress rule elements of every security group that admit the
# internet, or might once unknown CIDRs are known: the only ones the internet-exposure
# rules (PAL-NET-001, -002, -003, -007) judge. A rule rather than a filter in each of
# them, so it is computed once per evaluation and the other ingress rules cost nothing.
world_ingress contains rule if {
	some group in input.aws.security_groups
	some rule in group.rules
	rule.direction == "ingress"
	may_be_world(rule)
}

# all_protocols holds for a rule element that admits every protocol (and so every port).
all_protocols(rule) if rule.protocol in {"all", "-1"}

# port_in_range holds when from <= port <= to.
port_in_range(port, from, to) if {
	from <= port
	port <= to
}

# covers holds when the rule element, as known, admits `port` over `transport`
# (`tcp` or `udp`).
covers(rule, port, transport) := true if {
	all_protocols(rule)
} else := true if {
	rule.protocol in _spellings[transport]
	port_in_range(port, rule.from_port, rule.to_port)
}

# may_cover holds when the rule element admits `port` over `transport`, or might once
# its unknown or unresolved fields are known. An unknown protocol might be `all`.
may_cover(rule, port, transport) := true if {
	covers(rule, port, transport)
} else := true if {
	not _known(rule, "protocol")
} else := true if {
	rule.protocol in _spellings[transport]
	_may_start_at_or_below(rule, port)
	_may_end_at_or_above(rule, port)
}

_known(rule, name) if object.get(rule, name, null) != null

_may_start_at_or_below(rule, port) := true if {
	rule.from_port <= port
} else := true if {
	not _known(rule, "from_port")
}

_may_end_at_or_above(rule, port) := true if {
	port <= rule.to_port
} else := true if {
	not _known(rule, "to_port")
}

# covered_ports are the ports of `ports` (in their order) that the rule element, as
# known, admits over `transport`: `covers` for a list of ports, with the protocol
# tested once rather than per port.
covered_ports(rule, ports, transport) := ports if {
	all_protocols(rule)
} else := [port | some port in ports; rule.from_port <= port; port <= rule.to_port] if {
	rule.protocol in _spellings[transport]
} else := []

# may_cover_ports are the ports of `ports` (in their order) that the rule element admits
# over `transport`, or might once its unknown or unresolved fields are known:
# `may_cover` for a list of ports.
may_cover_ports(rule, ports, transport) := ports if {
	all_protocols(rule)
} else := ports if {
	not _known(rule, "protocol")
} else := [port |
	some port in ports
	_may_start_at_or_below(rule, port)
	_may_end_at_or_above(rule, port)
] if {
	rule.protocol in _spellings[transport]
} else := []

# all_ports holds for a rule element that admits every port: every protocol, or TCP/UDP
# over 0–65535.
all_ports(rule) := true if {
	all_protocols(rule)
} else := true if {
	rule.protocol in {"tcp", "udp"}
	rule.from_port <= 0
	rule.to_port >= 65535
}

# may_be_all_ports holds when the rule admits every port, or might once its unknown or
# unresolved protocol or ports are known.
may_be_all_ports(rule) := true if {
	all_ports(rule)
} else := true if {
	not _known(rule, "protocol")
} else := true if {
	rule.protocol in {"tcp", "udp"}
	_may_start_at_or_below(rule, 0)
	_may_end_at_or_above(rule, 65535)
}

# loopback_only holds for a rule whose only peer is 127.0.0.1/32: CloudFormation's
# documented way to remove a group's default egress rule, which admits nothing.
loopback_only(rule) if {
	rule.cidr_ipv4 == ["127.0.0.1/32"]
	count(rule.cidr_ipv6) == 0
	count(rule.prefix_lists) == 0
	not rule.source_group
	not "cidr_ipv6" in rule.unknown
	not "prefix_lists" in rule.unknown
	not "source_group" in rule.unknown
}

# port_count is the number of ports a TCP/UDP rule admits, when its range is known.
port_count(rule) := (rule.to_port - rule.from_port) + 1

# transport is `tcp` or `udp` for a rule over either, spelt as a name or number.
transport(rule) := name if {
	some name, spellings in _spellings
	rule.protocol in spellings
}

# unknown_reason says which of the decisive fields are unknown until apply, and which
# could not be resolved (neither known nor unknown), for undecided messages.
unknown_reason(rule, decisive) := concat("; ", array.concat(_unknown_part(rule, decisive), _unresolved_part(rule, decisive)))

_unknown_part(rule, decisive) := [sprintf("%s unknown until apply", [concat(", ", fields)])] if {
	fields := sort({name | some name in rule.unknown; name in decisive})
	count(fields) > 0
} else := []

_unresolved_part(rule, decisive) := [sprintf("%s could not be resolved", [concat(", ", fields)])] if {
	fields := sort({name |
		some name in decisive
		name in {"protocol", "from_port", "to_port"}
		not name in rule.unknown
		not _known(rule, name)
		not _ports_irrelevant(rule, name)
	})
	count(fields) > 0
} else := []

_ports_irrelevant(rule, name) if {
	name in {"from_port", "to_port"}
	all_protocols(rule)
}
