package palisade.network.sg_matrix_edge_not_allowed_test

import data.palisade.network.sg_matrix_edge_not_allowed as policy

# Groups of the reference platform's tiers, in one VPC; rules are added per test.
_group(name, tier, rules) := {
	"id": sprintf("aws_security_group.%s", [name]), "path": [], "name": name, "vpc": "aws_vpc.main",
	"tags": _tags(tier), "default": false, "external": false, "rules": rules, "unknown": [],
}

# An empty tier means no tier tag.
_tags(tier) := {} if tier == "" else := {"Tier": tier}

_rule(group, direction, fields) := object.union(
	{
		"id": sprintf("aws_security_group.%s", [group]), "path": [direction, 0], "direction": direction,
		"protocol": "tcp", "cidr_ipv4": [], "cidr_ipv6": [], "prefix_lists": [], "self": false,
		"implicit": false, "unknown": [],
	},
	fields,
)

_port(p) := {"from_port": p, "to_port": p}

_platform(app_rules, rds_rules) := {"aws": {"security_groups": [
	_group("alb", "alb", [
		_rule("alb", "ingress", object.union(_port(443), {"cidr_ipv4": ["0.0.0.0/0"]})),
		object.union(_rule("alb", "egress", object.union(_port(8000), {"source_group": "aws_security_group.app"})), {"path": ["egress", 0]}),
	]),
	_group("app", "app", app_rules),
	_group("rds", "rds", rds_rules),
]}}

_app_ok := [
	_rule("app", "ingress", object.union(_port(8000), {"source_group": "aws_security_group.alb"})),
	object.union(_rule("app", "egress", object.union(_port(5432), {"source_group": "aws_security_group.rds"})), {"path": ["egress", 0]}),
	object.union(_rule("app", "egress", object.union(_port(443), {"cidr_ipv4": ["0.0.0.0/0"]})), {"path": ["egress", 1]}),
]

_rds_ok := [_rule("rds", "ingress", object.union(_port(5432), {"source_group": "aws_security_group.app"}))]

test_allow_the_reference_matrix if {
	d := policy.deny with input as _platform(_app_ok, _rds_ok)
	count(d) == 0
	u := policy.undecided with input as _platform(_app_ok, _rds_ok)
	count(u) == 0
}

test_deny_wrong_port_between_allowed_tiers if {
	rds := [_rule("rds", "ingress", object.union(_port(3306), {"source_group": "aws_security_group.app"}))]
	d := policy.deny with input as _platform(_app_ok, rds)
	d == {{"resource": "aws_security_group.rds", "path": ["ingress", 0], "message": "ingress from the app tier: app → rds on tcp 3306; the matrix allows app → rds only on tcp 5432"}}
}

test_deny_wrong_peer_tier if {
	rds := [_rule("rds", "ingress", object.union(_port(5432), {"source_group": "aws_security_group.alb"}))]
	d := policy.deny with input as _platform(_app_ok, rds)
	d == {{"resource": "aws_security_group.rds", "path": ["ingress", 0], "message": "ingress from the alb tier: alb → rds on tcp 5432; the matrix allows no alb → rds traffic"}}
}

test_deny_internet_to_app if {
	app := array.concat(_app_ok, [object.union(_rule("app", "ingress", object.union(_port(8000), {"cidr_ipv4": ["0.0.0.0/0"]})), {"path": ["ingress", 1]})])
	d := policy.deny with input as _platform(app, _rds_ok)
	d == {{"resource": "aws_security_group.app", "path": ["ingress", 1], "message": "ingress from 0.0.0.0/0 (internet): internet → app on tcp 8000; the matrix allows no internet → app traffic"}}
}

test_deny_raw_cidr_where_a_group_is_expected if {
	rds := [_rule("rds", "ingress", object.union(_port(5432), {"cidr_ipv4": ["10.0.0.0/16"]}))]
	d := policy.deny with input as _platform(_app_ok, rds)
	d == {{"resource": "aws_security_group.rds", "path": ["ingress", 0], "message": "ingress from 10.0.0.0/16: 10.0.0.0/16 → rds on tcp 5432; the matrix allows no 10.0.0.0/16 → rds traffic"}}
}

test_allow_cidr_flow_from_data if {
	rds := [_rule("rds", "ingress", object.union(_port(5432), {"cidr_ipv4": ["10.8.1.0/24"]}))]
	flows := array.concat(data.palisade.network.matrix.flows, [{"from": "cidr:10.8.0.0/16", "to": "rds", "ports": [5432]}])
	d := policy.deny with input as _platform(_app_ok, rds) with data.palisade.network.matrix.flows as flows
	count(d) == 0
}

test_deny_peer_group_without_tier if {
	untiered := _group("misc", "", [])
	rds := [_rule("rds", "ingress", object.union(_port(5432), {"source_group": "aws_security_group.misc"}))]
	inp := {"aws": {"security_groups": array.concat(_platform(_app_ok, rds).aws.security_groups, [untiered])}}
	d := policy.deny with input as inp
	d == {{"resource": "aws_security_group.rds", "path": ["ingress", 0], "message": "ingress from security group aws_security_group.misc, which has no tier: ? → rds on tcp 5432; the matrix allows no ? → rds traffic"}}
}

test_data_tier_egress_is_left_to_net_011 if {
	rds := array.concat(_rds_ok, [object.union(_rule("rds", "egress", object.union(_port(443), {"cidr_ipv4": ["0.0.0.0/0"]})), {"path": ["egress", 0]})])
	d := policy.deny with input as _platform(_app_ok, rds)
	count(d) == 0
}

test_intra_tier_traffic_is_allowed if {
	app := array.concat(_app_ok, [object.union(_rule("app", "ingress", {"protocol": "all", "from_port": 0, "to_port": 65535, "self": true, "source_group": "aws_security_group.app"}), {"path": ["ingress", 1]})])
	d := policy.deny with input as _platform(app, _rds_ok)
	count(d) == 0
}

test_silent_without_tiers if {
	inp := {"aws": {"security_groups": [_group("web", "", [_rule("web", "ingress", object.union(_port(22), {"cidr_ipv4": ["0.0.0.0/0"]}))])]}}
	d := policy.deny with input as inp
	count(d) == 0
}

test_tier_from_name_pattern if {
	named := _group("acme-rds", "", [_rule("acme-rds", "ingress", object.union(_port(22), {"source_group": "aws_security_group.app"}))])
	inp := {"aws": {"security_groups": [_group("app", "app", []), named]}}
	tiers := object.union(data.palisade.network.matrix.tiers, {"rds": {"name_patterns": ["*-rds"], "data": true}})
	d := policy.deny with input as inp with data.palisade.network.matrix.tiers as tiers
	d == {{"resource": "aws_security_group.acme-rds", "path": ["ingress", 0], "message": "ingress from the app tier: app → rds on tcp 22; the matrix allows app → rds only on tcp 5432"}}
}

test_undecided_when_peer_unknown if {
	rds := [_rule("rds", "ingress", object.union(_port(5432), {"unknown": ["source_group"]}))]
	r1 := policy.deny with input as _platform(_app_ok, rds)
	count(r1) == 0
	u := policy.undecided with input as _platform(_app_ok, rds)
	u == {{"resource": "aws_security_group.rds", "path": ["ingress", 0], "message": "cannot decide whether the matrix allows this ingress rule: source_group unknown until apply"}}
}

test_undecided_when_peer_group_is_outside_the_unit if {
	rds := [_rule("rds", "ingress", object.union(_port(5432), {"source_group": "sg-0123456789abcdef0"}))]
	u := policy.undecided with input as _platform(_app_ok, rds)
	u == {{"resource": "aws_security_group.rds", "path": ["ingress", 0], "message": "cannot decide whether the matrix allows this ingress rule: peer group sg-0123456789abcdef0 is outside this scan unit, so its tier is unknown"}}
}

test_undecided_when_port_unknown if {
	rds := [_rule("rds", "ingress", {"from_port": 5432, "source_group": "aws_security_group.app", "unknown": ["to_port"]})]
	r2 := policy.deny with input as _platform(_app_ok, rds)
	count(r2) == 0
	u := policy.undecided with input as _platform(_app_ok, rds)
	u == {{"resource": "aws_security_group.rds", "path": ["ingress", 0], "message": "cannot decide whether the matrix allows this ingress rule: to_port unknown until apply"}}
}
