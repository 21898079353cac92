package palisade.network.sg_world_open_data_ports_test

import data.palisade.network.sg_world_open_data_ports as policy

_input(rules) := {"aws": {"security_groups": [{
	"id": "aws_security_group.db",
	"path": [],
	"tags": {},
	"rules": rules,
	"unknown": [],
}]}}

_rule(fields) := object.union(
	{
		"id": "aws_security_group.db",
		"path": ["ingress", 0],
		"direction": "ingress",
		"cidr_ipv4": [],
		"cidr_ipv6": [],
		"prefix_lists": [],
		"self": false,
		"unknown": [],
	},
	fields,
)

_finding(message) := {"resource": "aws_security_group.db", "path": ["ingress", 0], "message": message}

test_deny_postgres_from_ipv4_world if {
	r := _rule({"protocol": "tcp", "from_port": 5432, "to_port": 5432, "cidr_ipv4": ["0.0.0.0/0"]})
	r1 := policy.deny with input as _input([r])
	r1 == {_finding("ingress from 0.0.0.0/0 reaches PostgreSQL (5432)")}
}

test_deny_range_covering_two_data_ports_from_ipv6 if {
	r := _rule({"protocol": "tcp", "from_port": 6000, "to_port": 6500, "cidr_ipv6": ["::/0"]})
	r2 := policy.deny with input as _input([r])
	r2 == {_finding("ingress from ::/0 reaches Redis (6379)")}
}

test_allow_postgres_from_private_cidr if {
	r := _rule({"protocol": "tcp", "from_port": 5432, "to_port": 5432, "cidr_ipv4": ["10.0.11.0/24"]})
	r3 := policy.deny with input as _input([r])
	count(r3) == 0
	r4 := policy.undecided with input as _input([r])
	count(r4) == 0
}

test_allow_https_from_world if {
	r := _rule({"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": ["0.0.0.0/0"]})
	r5 := policy.deny with input as _input([r])
	count(r5) == 0
	r6 := policy.undecided with input as _input([r])
	count(r6) == 0
}

test_allow_data_port_over_udp if {
	r := _rule({"protocol": "udp", "from_port": 5432, "to_port": 5432, "cidr_ipv4": ["0.0.0.0/0"]})
	r7 := policy.deny with input as _input([r])
	count(r7) == 0
}

test_every_port_is_left_to_net_003 if {
	r := _rule({"protocol": "all", "from_port": 0, "to_port": 65535, "cidr_ipv4": ["0.0.0.0/0"]})
	r8 := policy.deny with input as _input([r])
	count(r8) == 0
	r9 := policy.undecided with input as _input([r])
	count(r9) == 0
}

test_egress_is_not_judged if {
	r := _rule({"direction": "egress", "protocol": "tcp", "from_port": 5432, "to_port": 5432, "cidr_ipv4": ["0.0.0.0/0"]})
	r10 := policy.deny with input as _input([r])
	count(r10) == 0
}

test_undecided_when_cidr_unknown if {
	r := _rule({"protocol": "tcp", "from_port": 3306, "to_port": 3306, "unknown": ["cidr_ipv4"]})
	r11 := policy.deny with input as _input([r])
	count(r11) == 0
	r12 := policy.undecided with input as _input([r])
	r12 == {_finding("cannot decide whether the internet reaches a database, cache or search port: cidr_ipv4 unknown until apply")}
}

test_undecided_when_port_unknown_and_world_known if {
	r := _rule({"protocol": "tcp", "to_port": 5432, "cidr_ipv4": ["0.0.0.0/0"], "unknown": ["from_port"]})
	r13 := policy.deny with input as _input([r])
	count(r13) == 0
	r14 := policy.undecided with input as _input([r])
	r14 == {_finding("cannot decide whether the internet reaches a database, cache or search port: from_port unknown until apply")}
}

test_unknown_port_that_cannot_reach_a_data_port_is_decided if {
	r := _rule({"protocol": "tcp", "from_port": 443, "to_port": 443, "unknown": ["cidr_ipv4"]})
	r15 := policy.undecided with input as _input([r])
	count(r15) == 0
}

test_data_port_list_is_data if {
	r := _rule({"protocol": "tcp", "from_port": 8443, "to_port": 8443, "cidr_ipv4": ["0.0.0.0/0"]})
	findings := policy.deny with input as _input([r]) with data.palisade.network.data_ports as [{"port": 8443, "service": "Admin API"}]
	findings == {_finding("ingress from 0.0.0.0/0 reaches Admin API (8443)")}
}
