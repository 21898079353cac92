package palisade.network.sg_world_open_wide_port_range_test

import data.palisade.network.sg_world_open_wide_port_range as policy

_input(rules) := {"aws": {"security_groups": [{"id": "sg", "path": [], "tags": {}, "rules": rules, "unknown": []}]}}

_rule(fields) := object.union(
	{"id": "sg", "path": ["ingress", 0], "direction": "ingress", "cidr_ipv4": [], "cidr_ipv6": [], "prefix_lists": [], "self": false, "unknown": []},
	fields,
)

_finding(message) := {"resource": "sg", "path": ["ingress", 0], "message": message}

test_deny_ephemeral_range_from_world if {
	r := _rule({"protocol": "tcp", "from_port": 1024, "to_port": 65535, "cidr_ipv4": ["0.0.0.0/0"]})
	r1 := policy.deny with input as _input([r])
	r1 == {_finding("ingress from 0.0.0.0/0 to tcp ports 1024-65535 (64512 ports; at most 1 allowed)")}
}

test_deny_small_udp_range_from_ipv6 if {
	r := _rule({"protocol": "udp", "from_port": 60000, "to_port": 60010, "cidr_ipv6": ["::/0"]})
	r2 := policy.deny with input as _input([r])
	r2 == {_finding("ingress from ::/0 to udp ports 60000-60010 (11 ports; at most 1 allowed)")}
}

test_allow_single_port_from_world if {
	r := _rule({"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": ["0.0.0.0/0"]})
	r3 := policy.deny with input as _input([r])
	count(r3) == 0
	r4 := policy.undecided with input as _input([r])
	count(r4) == 0
}

test_allow_range_from_private_cidr if {
	r := _rule({"protocol": "tcp", "from_port": 1024, "to_port": 65535, "cidr_ipv4": ["10.0.0.0/16"]})
	r5 := policy.deny with input as _input([r])
	count(r5) == 0
	r6 := policy.undecided with input as _input([r])
	count(r6) == 0
}

test_every_port_is_left_to_net_003 if {
	r := _rule({"protocol": "tcp", "from_port": 0, "to_port": 65535, "cidr_ipv4": ["0.0.0.0/0"]})
	r7 := policy.deny with input as _input([r])
	count(r7) == 0
	r8 := policy.undecided with input as _input([r])
	count(r8) == 0
}

test_width_is_data if {
	r := _rule({"protocol": "tcp", "from_port": 8000, "to_port": 8009, "cidr_ipv4": ["0.0.0.0/0"]})
	r9 := policy.deny with input as _input([r]) with data.palisade.network.max_world_port_range as 10
	count(r9) == 0
	r10 := policy.deny with input as _input([r]) with data.palisade.network.max_world_port_range as 9
	count(r10) == 1
}

test_undecided_when_port_unknown if {
	r := _rule({"protocol": "tcp", "from_port": 443, "cidr_ipv4": ["0.0.0.0/0"], "unknown": ["to_port"]})
	r11 := policy.deny with input as _input([r])
	count(r11) == 0
	r12 := policy.undecided with input as _input([r])
	r12 == {_finding("cannot decide whether the internet reaches a range of ports: to_port unknown until apply")}
}
