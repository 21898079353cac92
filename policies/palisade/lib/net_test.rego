package palisade.lib.net_test

import data.palisade.lib.net

_rule(fields) := object.union(
	{
		"id": "r",
		"path": [],
		"direction": "ingress",
		"cidr_ipv4": [],
		"cidr_ipv6": [],
		"prefix_lists": [],
		"self": false,
		"unknown": [],
	},
	fields,
)

test_world_v4_is_any_slash_zero if {
	net.is_world_v4("0.0.0.0/0")
	net.is_world_v4("10.0.0.0/0")
	not net.is_world_v4("0.0.0.0/1")
	not net.is_world_v4("10.0.0.0/8")
	not net.is_world_v4("::/0")
}

test_world_v6_is_any_slash_zero if {
	net.is_world_v6("::/0")
	net.is_world_v6("2001:db8::/0")
	not net.is_world_v6("::/1")
	not net.is_world_v6("2001:db8::/32")
	not net.is_world_v6("0.0.0.0/0")
}

test_world_cidrs_collects_both_families if {
	net.world_cidrs(_rule({"cidr_ipv4": ["10.0.0.0/8", "0.0.0.0/0"], "cidr_ipv6": ["::/0"]})) == {"0.0.0.0/0", "::/0"}
	net.world_cidrs(_rule({"cidr_ipv4": ["10.0.0.0/8"]})) == set()
}

test_may_be_world_when_a_cidr_list_is_unknown if {
	net.may_be_world(_rule({"unknown": ["cidr_ipv4"]}))
	net.may_be_world(_rule({"unknown": ["cidr_ipv6"]}))
	net.may_be_world(_rule({"cidr_ipv6": ["::/0"]}))
	not net.may_be_world(_rule({"cidr_ipv4": ["10.0.0.0/8"], "unknown": ["description"]}))
}

test_port_in_range_is_inclusive if {
	net.port_in_range(22, 22, 22)
	net.port_in_range(22, 0, 1024)
	not net.port_in_range(22, 23, 1024)
	not net.port_in_range(3389, 0, 3388)
}

test_all_protocols_cover_every_port if {
	net.covers(_rule({"protocol": "all", "from_port": 0, "to_port": 0}), 22, "tcp")
	net.covers(_rule({"protocol": "all"}), 3389, "udp")
	net.covers(_rule({"protocol": "-1", "from_port": -1, "to_port": -1}), 3389, "tcp")
}

test_covers_matches_transport_and_range if {
	net.covers(_rule({"protocol": "tcp", "from_port": 0, "to_port": 1024}), 22, "tcp")
	net.covers(_rule({"protocol": "6", "from_port": 22, "to_port": 22}), 22, "tcp")
	net.covers(_rule({"protocol": "udp", "from_port": 3389, "to_port": 3389}), 3389, "udp")
	not net.covers(_rule({"protocol": "udp", "from_port": 22, "to_port": 22}), 22, "tcp")
	not net.covers(_rule({"protocol": "tcp", "from_port": 443, "to_port": 443}), 22, "tcp")
	not net.covers(_rule({"protocol": "icmp", "from_port": 22, "to_port": 22}), 22, "tcp")
}

test_covers_needs_known_ports if {
	not net.covers(_rule({"protocol": "tcp", "to_port": 22, "unknown": ["from_port"]}), 22, "tcp")
	not net.covers(_rule({"protocol": "tcp"}), 22, "tcp")
}

test_may_cover_with_unknown_protocol_even_off_port if {
	# an unknown protocol may turn out to be `all`
	net.may_cover(_rule({"from_port": 443, "to_port": 443, "unknown": ["protocol"]}), 22, "tcp")
}

test_may_cover_with_unknown_bounds if {
	net.may_cover(_rule({"protocol": "tcp", "to_port": 100, "unknown": ["from_port"]}), 22, "tcp")
	net.may_cover(_rule({"protocol": "tcp", "from_port": 0, "unknown": ["to_port"]}), 22, "tcp")
	net.may_cover(_rule({"protocol": "tcp", "unknown": ["from_port", "to_port"]}), 3389, "tcp")
}

test_may_cover_is_false_when_a_known_bound_excludes_the_port if {
	not net.may_cover(_rule({"protocol": "tcp", "from_port": 443, "unknown": ["to_port"]}), 22, "tcp")
	not net.may_cover(_rule({"protocol": "tcp", "to_port": 21, "unknown": ["from_port"]}), 22, "tcp")
	not net.may_cover(_rule({"protocol": "udp", "unknown": ["from_port", "to_port"]}), 22, "tcp")
}

# covered_ports and may_cover_ports agree with covers and may_cover, port by port.
test_covered_ports_as_covers if {
	ports := [22, 443, 3389]
	net.covered_ports(_rule({"protocol": "tcp", "from_port": 0, "to_port": 1024}), ports, "tcp") == [22, 443]
	net.covered_ports(_rule({"protocol": "6", "from_port": 3389, "to_port": 3389}), ports, "tcp") == [3389]
	net.covered_ports(_rule({"protocol": "all"}), ports, "udp") == ports
	net.covered_ports(_rule({"protocol": "udp", "from_port": 0, "to_port": 65535}), ports, "tcp") == []
	net.covered_ports(_rule({"protocol": "tcp", "unknown": ["from_port", "to_port"]}), ports, "tcp") == []
	net.covered_ports(_rule({"unknown": ["protocol"]}), ports, "tcp") == []
}

test_may_cover_ports_as_may_cover if {
	ports := [22, 443, 3389]
	net.may_cover_ports(_rule({"unknown": ["protocol"]}), ports, "tcp") == ports
	net.may_cover_ports(_rule({"protocol": "tcp", "from_port": 443, "unknown": ["to_port"]}), ports, "tcp") == [443, 3389]
	net.may_cover_ports(_rule({"protocol": "tcp", "to_port": 443, "unknown": ["from_port"]}), ports, "tcp") == [22, 443]
	net.may_cover_ports(_rule({"protocol": "tcp", "from_port": 443, "to_port": 443}), ports, "tcp") == [443]
	net.may_cover_ports(_rule({"protocol": "icmp", "unknown": ["from_port"]}), ports, "tcp") == []
}
