# Network helpers for rules that read `input.aws.security_groups[].rules[]`.
#
# A rule element's `protocol` is `tcp`, `udp`, `icmp`, `icmpv6`, `all` or an IP protocol
# number as text; `all` covers every port. A field that is unknown until apply is left
# out of the element and named in its `unknown`; a field that is simply missing could
# not be resolved. Either way it is not known, so the `may_*` helpers treat it as
# "could be anything" and the plain helpers as "not shown": a rule flags what is known
# and reports as undecided what only might be.
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
may_be_world(rule) if count(world_cidrs(rule)) > 0

may_be_world(rule) if "cidr_ipv4" in rule.unknown

may_be_world(rule) if "cidr_ipv6" in rule.unknown

# all_protocols holds for a rule element that admits every protocol (and so every port).
all_protocols(rule) if rule.protocol in {"all", "-1"}

# port_in_range holds when from <= port <= to.
port_in_range(port, from, to) if {
	from <= port
	port <= to
}

# covers holds when the rule element, as known, admits `port` over `transport`
# (`tcp` or `udp`).
covers(rule, port, _) if all_protocols(rule)

covers(rule, port, transport) if {
	rule.protocol in _spellings[transport]
	port_in_range(port, rule.from_port, rule.to_port)
}

# may_cover holds when the rule element admits `port` over `transport`, or might once
# its unknown or unresolved fields are known. An unknown protocol might be `all`.
may_cover(rule, port, transport) if covers(rule, port, transport)

may_cover(rule, _, _) if not _known(rule, "protocol")

may_cover(rule, port, transport) if {
	rule.protocol in _spellings[transport]
	_may_start_at_or_below(rule, port)
	_may_end_at_or_above(rule, port)
}

_known(rule, name) if object.get(rule, name, null) != null

_may_start_at_or_below(rule, port) if rule.from_port <= port

_may_start_at_or_below(rule, _) if not _known(rule, "from_port")

_may_end_at_or_above(rule, port) if port <= rule.to_port

_may_end_at_or_above(rule, _) if not _known(rule, "to_port")
