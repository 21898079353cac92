package palisade.network.sg_world_open_all_ports_test

import data.palisade.network.sg_world_open_all_ports as policy

_input(rules) := {"aws": {"security_groups": [{"id": "sg", "path": [], "tags": {}, "rules": rules, "unknown": []}]}}

_rule(fields) := object.union(
	{"id": "sg", "path": ["ingress", 0], "direction": "ingress", "cidr_ipv4": [], "cidr_ipv6": [], "prefix_lists": [], "self": false, "unknown": []},
	fields,
)

_finding(message) := {"resource": "sg", "path": ["ingress", 0], "message": message}

test_deny_all_protocols_from_world if {
	r := _rule({"protocol": "all", "from_port": 0, "to_port": 65535, "cidr_ipv4": ["0.0.0.0/0"]})
	r1 := policy.deny with input as _input([r])
	r1 == {_finding("ingress from 0.0.0.0/0 on every protocol and port")}
}

test_deny_every_tcp_port_from_ipv6_world if {
	r := _rule({"protocol": "tcp", "from_port": 0, "to_port": 65535, "cidr_ipv6": ["::/0"]})
	r2 := policy.deny with input as _input([r])
	r2 == {_finding("ingress from ::/0 on every TCP port")}
}

test_allow_all_protocols_from_vpc if {
	r := _rule({"protocol": "all", "from_port": 0, "to_port": 65535, "cidr_ipv4": ["10.0.0.0/16"]})
	r3 := policy.deny with input as _input([r])
	count(r3) == 0
	r4 := policy.undecided with input as _input([r])
	count(r4) == 0
}

test_allow_high_range_from_world if {
	r := _rule({"protocol": "tcp", "from_port": 1024, "to_port": 65535, "cidr_ipv4": ["0.0.0.0/0"]})
	r5 := policy.deny with input as _input([r])
	count(r5) == 0
	r6 := policy.undecided with input as _input([r])
	count(r6) == 0
}

test_allow_all_protocols_from_a_group if {
	r := _rule({"protocol": "all", "from_port": 0, "to_port": 65535, "source_group": "aws_security_group.alb"})
	r7 := policy.deny with input as _input([r])
	count(r7) == 0
	r8 := policy.undecided with input as _input([r])
	count(r8) == 0
}

test_undecided_when_protocol_unknown if {
	r := _rule({"cidr_ipv4": ["0.0.0.0/0"], "from_port": 0, "to_port": 0, "unknown": ["protocol"]})
	r9 := policy.deny with input as _input([r])
	count(r9) == 0
	r10 := policy.undecided with input as _input([r])
	r10 == {_finding("cannot decide whether the internet reaches every port: protocol unknown until apply")}
}

test_undecided_when_cidr_unknown if {
	r := _rule({"protocol": "all", "from_port": 0, "to_port": 65535, "unknown": ["cidr_ipv4"]})
	r11 := policy.undecided with input as _input([r])
	r11 == {_finding("cannot decide whether the internet reaches every port: cidr_ipv4 unknown until apply")}
}
