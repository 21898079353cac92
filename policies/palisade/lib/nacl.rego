# Network ACL helpers for rules that read `input.aws.network_acls[]` and
# `input.aws.subnets[]`: subnet tiers from `data.palisade.network.subnet_tiers`, and
# AWS's evaluation of an ACL's entries.
#
# AWS evaluates a direction's entries in ascending `rule_number`; the first entry whose
# protocol, ports and CIDR match the packet decides (allow or deny); when none matches,
# the implicit final entry denies. So a deny at 90 shadows an allow at 100. An entry
# whose decisive fields are unknown (or could not be resolved) might match, and when it
# might come first the outcome is `undecided`, neither allow nor deny.
package palisade.lib.nacl

import data.palisade.lib.matrix
import data.palisade.lib.net

# Data read through rules: a `data.` path is looked up again at every use (regorus
# scans the modules for it), a rule's value only once.
_tiers := data.palisade.network.subnet_tiers

_return_ranges := data.palisade.network.nacl.return_traffic_ranges

# The administrative services, in the order messages name them (as PAL-NET-001).
admin_services := [
	{"name": "SSH (22)", "port": 22, "transports": ["tcp"]},
	{"name": "RDP (3389)", "port": 3389, "transports": ["tcp", "udp"]},
]

# Fields of an entry that decide whether and when it matches.
decisive := {"rule_number", "action", "direction", "protocol", "from_port", "to_port", "cidr_ipv4", "cidr_ipv6"}

# --- tiers -------------------------------------------------------------------------

# tier is the subnet's tier (`public`, `app`, `data`): from its tag when it has one, else
# from the CIDR plan. Undefined for a subnet with neither.
tier(subnet) := _tiers.tag_values[lower(subnet.tags[_tiers.tag_key])] if {
	subnet.tags[_tiers.tag_key]
} else := cidr_tier(subnet.cidr_ipv4) if {
	not subnet.tags[_tiers.tag_key]
}

# cidr_tier is the tier the CIDR plan gives an IPv4 block: /24 or smaller, inside one
# of the plan's VPC ranges, by its third octet.
cidr_tier(cidr) := min(tiers) if {
	net.cidr_is_valid(cidr)
	not contains(cidr, ":")
	parts := split(cidr, "/")
	to_number(parts[1]) >= 24
	octet := to_number(split(parts[0], ".")[2])
	tiers := {name |
		some vpc_cidr in _tiers.plan.vpc_cidrs
		net.cidr_contains(vpc_cidr, cidr)
		some name, range in _tiers.plan.third_octets
		range[0] <= octet
		octet <= range[1]
	}
	count(tiers) > 0
}

# subnets are the subnets of this unit that `acl` governs.
subnets(acl) := [subnet |
	some subnet in input.aws.subnets
	object.get(subnet, "network_acl", "") == acl.id
]

# subnets_of_tier are the ids of the subnets `acl` governs that are in tier `name`.
subnets_of_tier(acl, name) := sort([subnet.id | some subnet in subnets(acl); tier(subnet) == name])

# is_app_cidr holds for a CIDR inside an app-tier subnet of this unit, or that the CIDR
# plan places in the app tier.
is_app_cidr(cidr) if cidr_tier(cidr) == "app"

is_app_cidr(cidr) if {
	some subnet in input.aws.subnets
	tier(subnet) == "app"
	some own in [object.get(subnet, "cidr_ipv4", ""), object.get(subnet, "cidr_ipv6", "")]
	_same_family(own, cidr)
	net.cidr_contains(own, cidr)
}

_same_family(a, b) if {
	net.cidr_is_valid(a)
	net.cidr_is_valid(b)
	contains(a, ":") == contains(b, ":")
}

# --- entries -----------------------------------------------------------------------

# peer is the entry's CIDR (IPv4 or IPv6), when known.
peer(entry) := entry.cidr_ipv4

peer(entry) := entry.cidr_ipv6 if not entry.cidr_ipv4

# describe renders an entry for messages: `rule 100 allows tcp 22 from 0.0.0.0/0`.
describe(entry) := sprintf("rule %s %s %s %s %s", [
	_number(entry),
	_verb(entry),
	matrix.describe(entry),
	_preposition(entry),
	object.get(entry, "cidr_ipv4", object.get(entry, "cidr_ipv6", "an unknown CIDR")),
])

_number(entry) := format_int(entry.rule_number, 10) if is_number(entry.rule_number) else := "(no number)"

_verb(entry) := "allows" if entry.action == "allow" else := "denies"

_preposition(entry) := "to" if entry.direction == "egress" else := "from"

# is_return_traffic holds for an allow entry whose TCP/UDP range is exactly one of the
# configured ephemeral ranges: replies to connections the subnet opened.
is_return_traffic(entry) if {
	entry.protocol in {"tcp", "udp"}
	some range in _return_ranges
	entry.from_port == range.from
	entry.to_port == range.to
}

# shadowed holds for an entry that an earlier deny of the same direction fully covers
# (protocol, ports and CIDR), so it never decides anything.
shadowed(acl, entry) if {
	some earlier in acl.entries
	earlier.direction == entry.direction
	earlier.action == "deny"
	earlier.rule_number < entry.rule_number
	_covers_traffic(earlier, entry)
	_same_family(peer(earlier), peer(entry))
	net.cidr_contains(peer(earlier), peer(entry))
}

_covers_traffic(earlier, _) if earlier.protocol == "all"

_covers_traffic(earlier, entry) if {
	earlier.protocol == entry.protocol
	earlier.from_port <= entry.from_port
	entry.to_port <= earlier.to_port
}

# --- first match for the whole internet --------------------------------------------

# world_candidates are the entries of `acl` that may be of `direction` and may be the
# whole internet of `family` (`v4`: 0.0.0.0/0, `v6`: ::/0): the only ones that can
# match. An entry with a narrower CIDR matches only some internet addresses, so it
# neither admits nor shadows the internet as a whole. A rule taking several decisions
# for one direction and family computes them once and passes them to world_decision.
world_candidates(acl, direction, family) := [entry |
	some entry in acl.entries
	_may_be_direction(entry, direction)
	_may_be_world(entry, family)
]

# world_decision is how `acl` treats `transport` traffic on `port` between the whole
# internet of `family` and its subnets, in `direction`, given the ACL's
# `world_candidates(acl, direction, family)`. The result is an object:
#   {"decision": "allow"|"deny", "entry": <the deciding entry>}
#   {"decision": "deny", "implicit": true}            no entry matches
#   {"decision": "undecided", "reason": <text>, "at": <entry or the ACL>}
world_decision(acl, direction, family, candidates, transport, port) := _decide(acl, direction, matches, possible, numbers) if {
	matches := [entry | some entry in candidates; _matches(entry, direction, family, transport, port)]

	# A candidate that does not match might once its unknown fields are known: its
	# direction and CIDR may already, so only the protocol and ports are left to test.
	possible := [entry |
		some entry in candidates
		not entry in matches
		net.may_cover(entry, port, transport)
	]

	# The rule numbers of the matches, collected once: the lowest decides.
	numbers := {entry.rule_number | some entry in matches; _has_number(entry)}
}

_matches(entry, direction, family, transport, port) if {
	not "direction" in entry.unknown
	entry.direction == direction
	_is_world(entry, family)
	net.covers(entry, port, transport)
	entry.action in {"allow", "deny"}
}

# Else chains: regorus evaluates every definition of a function on each call, while an
# else chain stops at the first case that holds (these run for every entry and check).
_may_be_direction(entry, direction) := true if {
	entry.direction == direction
} else := true if {
	"direction" in entry.unknown
}

_is_world(entry, "v4") if net.is_world_v4(entry.cidr_ipv4)

_is_world(entry, "v6") if net.is_world_v6(entry.cidr_ipv6)

_may_be_world(entry, family) := true if {
	_is_world(entry, family)
} else := true if {
	_cidr_field[family] in entry.unknown
}

_cidr_field := {"v4": "cidr_ipv4", "v6": "cidr_ipv6"}

_has_number(entry) if is_number(entry.rule_number)

_decide(acl, direction, matches, possible, numbers) := {
	"decision": "undecided",
	"at": acl,
	"reason": sprintf("the ACL's %s entries are unknown until apply", [direction]),
} if {
	sprintf("%s_entries", [direction]) in acl.unknown
} else := {
	"decision": "undecided",
	"at": early[0],
	"reason": sprintf("%s: %s", [describe(early[0]), net.unknown_reason(early[0], decisive)]),
} if {
	early := [entry | some entry in possible; _may_precede(entry, numbers)]
	count(early) > 0
} else := {"decision": "deny", "implicit": true} if {
	count(matches) == 0
} else := {"decision": first.action, "entry": first} if {
	# Entries whose number is unknown might come first; they decide nothing new when
	# they agree with the first numbered one.
	contenders := _contenders(matches, numbers)
	first := contenders[0]
	count({entry.action | some entry in contenders}) == 1
} else := {
	"decision": "undecided",
	"at": contenders[0],
	"reason": sprintf("%s: rule_number unknown until apply or not resolved", [describe(contenders[0])]),
} if {
	contenders := _unnumbered(matches)
}

# An entry may come before the first numbered match when it has no number, when no
# match has one, or when its number is lower. (`min` of no numbers is undefined.)
_may_precede(entry, _) if not _has_number(entry)

_may_precede(entry, numbers) if {
	_has_number(entry)
	count(numbers) == 0
}

_may_precede(entry, numbers) if entry.rule_number < min(numbers)

# The first numbered match, then the matches without a number.
_contenders(matches, numbers) := array.concat(
	[entry | some entry in matches; entry.rule_number == min(numbers)],
	_unnumbered(matches),
)

_unnumbered(matches) := [entry | some entry in matches; not _has_number(entry)]
