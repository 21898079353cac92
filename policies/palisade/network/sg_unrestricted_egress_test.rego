package palisade.network.sg_unrestricted_egress_test

import data.palisade.network.sg_unrestricted_egress as policy

_input(rules) := {"aws": {"security_groups": [{"id": "sg", "path": [], "tags": {}, "rules": rules, "unknown": []}]}}

_rule(fields) := object.union(
	{"id": "sg", "path": ["egress", 0], "direction": "egress", "cidr_ipv4": [], "cidr_ipv6": [], "prefix_lists": [], "self": false, "implicit": false, "unknown": []},
	fields,
)

_finding(path, message) := {"resource": "sg", "path": path, "message": message}

test_deny_all_traffic_to_world if {
	r := _rule({"protocol": "all", "from_port": 0, "to_port": 65535, "cidr_ipv4": ["0.0.0.0/0"], "cidr_ipv6": ["::/0"]})
	r1 := policy.deny with input as _input([r])
	r1 == {_finding(["egress", 0], "egress to 0.0.0.0/0, ::/0 on every port")}
}

test_deny_cloudformation_implicit_egress if {
	r := _rule({"path": [], "implicit": true, "protocol": "all", "from_port": 0, "to_port": 65535, "cidr_ipv4": ["0.0.0.0/0"]})
	r2 := policy.deny with input as _input([r])
	r2 == {_finding([], "the group declares no SecurityGroupEgress rule, so CloudFormation allows all outbound traffic to 0.0.0.0/0")}
}

test_allow_https_to_world if {
	r := _rule({"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": ["0.0.0.0/0"]})
	r3 := policy.deny with input as _input([r])
	count(r3) == 0
	r4 := policy.undecided with input as _input([r])
	count(r4) == 0
}

test_allow_all_traffic_to_a_group if {
	r := _rule({"protocol": "all", "from_port": 0, "to_port": 65535, "source_group": "aws_security_group.db"})
	r5 := policy.deny with input as _input([r])
	count(r5) == 0
	r6 := policy.undecided with input as _input([r])
	count(r6) == 0
}

test_ingress_is_not_judged if {
	r := _rule({"direction": "ingress", "protocol": "all", "from_port": 0, "to_port": 65535, "cidr_ipv4": ["0.0.0.0/0"]})
	r7 := policy.deny with input as _input([r])
	count(r7) == 0
}

test_undecided_when_destination_unknown if {
	r := _rule({"protocol": "all", "from_port": 0, "to_port": 65535, "unknown": ["cidr_ipv4"]})
	r8 := policy.deny with input as _input([r])
	count(r8) == 0
	r9 := policy.undecided with input as _input([r])
	r9 == {_finding(["egress", 0], "cannot decide whether egress to the internet is unrestricted: cidr_ipv4 unknown until apply")}
}
