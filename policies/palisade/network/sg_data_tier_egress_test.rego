package palisade.network.sg_data_tier_egress_test

import data.palisade.network.sg_data_tier_egress as policy

_group(tier, rules, unknown) := {
	"id": "db", "path": [], "name": "db", "tags": {"Tier": tier}, "default": false, "external": false,
	"rules": rules, "unknown": unknown,
}

_egress(fields) := object.union(
	{"id": "db", "path": ["egress", 0], "direction": "egress", "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": ["0.0.0.0/0"], "cidr_ipv6": [], "prefix_lists": [], "self": false, "implicit": false, "unknown": []},
	fields,
)

_input(group) := {"aws": {"security_groups": [group]}}

test_deny_any_egress_from_a_data_tier if {
	d := policy.deny with input as _input(_group("rds", [_egress({})], []))
	d == {{"resource": "db", "path": ["egress", 0], "message": "rds-tier group has an egress rule"}}
}

test_deny_cloudformation_default_egress if {
	d := policy.deny with input as _input(_group("Redis", [_egress({"path": [], "implicit": true, "protocol": "all", "from_port": 0, "to_port": 65535})], []))
	d == {{"resource": "db", "path": [], "message": "redis-tier group has CloudFormation's default allow-all egress (no SecurityGroupEgress declared)"}}
}

test_allow_loopback_egress if {
	d := policy.deny with input as _input(_group("rds", [_egress({"protocol": "all", "from_port": 0, "to_port": 65535, "cidr_ipv4": ["127.0.0.1/32"]})], []))
	count(d) == 0
}

test_allow_egress_of_other_tiers if {
	d := policy.deny with input as _input(_group("app", [_egress({})], []))
	count(d) == 0
}

test_undecided_when_egress_rules_unknown if {
	u := policy.undecided with input as _input(_group("rds", [], ["egress_rules"]))
	u == {{"resource": "db", "path": [], "message": "cannot decide whether rds-tier group allows egress: its egress rules are unknown until apply"}}
}
