package palisade.network.sg_rule_without_description_test

import data.palisade.network.sg_rule_without_description as policy

_input(rules) := {"aws": {"security_groups": [{"id": "sg", "path": [], "tags": {}, "rules": rules, "unknown": []}]}}

_rule(fields) := object.union(
	{"id": "sg", "path": ["ingress", 0], "direction": "ingress", "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": ["10.0.0.0/16"], "cidr_ipv6": [], "prefix_lists": [], "self": false, "implicit": false, "unknown": []},
	fields,
)

test_deny_rule_without_description if {
	r1 := policy.deny with input as _input([_rule({})])
	r1 == {{"resource": "sg", "path": ["ingress", 0], "message": "ingress rule has no description"}}
}

test_allow_rule_with_description if {
	r2 := policy.deny with input as _input([_rule({"description": "HTTPS from the VPC"})])
	count(r2) == 0
}

test_implicit_egress_is_not_judged if {
	r := _rule({"direction": "egress", "path": [], "implicit": true})
	r3 := policy.deny with input as _input([r])
	count(r3) == 0
}

test_undecided_when_description_unknown if {
	r := _rule({"unknown": ["description"]})
	r4 := policy.deny with input as _input([r])
	count(r4) == 0
	r5 := policy.undecided with input as _input([r])
	r5 == {{"resource": "sg", "path": ["ingress", 0], "message": "cannot decide whether the ingress rule has a description: description unknown until apply"}}
}
