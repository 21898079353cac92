package palisade.network.sg_default_group_allows_traffic_test

import data.palisade.network.sg_default_group_allows_traffic as policy

_group(fields) := object.union(
	{"id": "aws_default_security_group.default", "path": [], "tags": {}, "default": true, "external": false, "rules": [], "unknown": []},
	fields,
)

_rule(direction, index) := {
	"id": "aws_default_security_group.default", "path": [direction, index], "direction": direction,
	"protocol": "all", "from_port": 0, "to_port": 65535, "cidr_ipv4": [], "cidr_ipv6": [], "prefix_lists": [],
	"self": true, "source_group": "aws_default_security_group.default", "unknown": [],
}

_input(group) := {"aws": {"security_groups": [group]}}

test_deny_each_rule_of_the_default_group if {
	findings := policy.deny with input as _input(_group({"rules": [_rule("ingress", 0), _rule("egress", 0)]}))
	findings == {
		{"resource": "aws_default_security_group.default", "path": ["ingress", 0], "message": "the default security group has an ingress rule"},
		{"resource": "aws_default_security_group.default", "path": ["egress", 0], "message": "the default security group has an egress rule"},
	}
}

test_allow_default_group_without_rules if {
	r1 := policy.deny with input as _input(_group({}))
	count(r1) == 0
	r2 := policy.undecided with input as _input(_group({}))
	count(r2) == 0
}

test_ordinary_groups_are_not_judged if {
	r3 := policy.deny with input as _input(_group({"default": false, "rules": [_rule("ingress", 0)]}))
	count(r3) == 0
}

test_undecided_when_rules_unknown if {
	r4 := policy.undecided with input as _input(_group({"unknown": ["egress_rules"]}))
	r4 == {{
		"resource": "aws_default_security_group.default", "path": [],
		"message": "cannot decide whether the default security group allows traffic: its egress rules are unknown until apply",
	}}
}
