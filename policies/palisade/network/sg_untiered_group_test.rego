package palisade.network.sg_untiered_group_test

import data.palisade.network.sg_untiered_group as policy

_group(name, tags, fields) := object.union(
	{"id": name, "path": [], "name": name, "vpc": "aws_vpc.main", "tags": tags, "default": false, "external": false, "rules": [], "unknown": []},
	fields,
)

_input(groups) := {"aws": {"security_groups": groups}}

test_deny_group_without_tier_beside_tiered_ones if {
	d := policy.deny with input as _input([_group("app", {"Tier": "app"}, {}), _group("misc", {}, {})])
	d == {{"resource": "misc", "path": [], "message": "the group has no Tier tag and its name matches no tier's pattern, in a VPC whose groups are tiered"}}
}

test_deny_tier_tag_naming_no_tier if {
	d := policy.deny with input as _input([_group("app", {"Tier": "app"}, {}), _group("web", {"Tier": "web"}, {})])
	d == {{"resource": "web", "path": [], "message": "tag Tier = \"web\" names no tier of the matrix (alb, app, endpoints, rds, redis)"}}
}

test_allow_untiered_group_in_another_vpc if {
	d := policy.deny with input as _input([_group("app", {"Tier": "app"}, {}), _group("misc", {}, {"vpc": "aws_vpc.other"})])
	count(d) == 0
}

test_silent_when_nothing_is_tiered if {
	d := policy.deny with input as _input([_group("a", {}, {}), _group("b", {}, {})])
	count(d) == 0
}

test_default_and_external_groups_are_not_judged if {
	d := policy.deny with input as _input([
		_group("app", {"Tier": "app"}, {}),
		_group("default", {}, {"default": true}),
		_group("sg-1", {}, {"external": true}),
	])
	count(d) == 0
}

test_undecided_when_vpc_unknown if {
	groups := [_group("app", {"Tier": "app"}, {}), object.remove(_group("misc", {}, {"unknown": ["vpc"]}), ["vpc"])]
	r1 := policy.deny with input as _input(groups)
	count(r1) == 0
	u := policy.undecided with input as _input(groups)
	u == {{"resource": "misc", "path": [], "message": "cannot decide whether the group is in a matrix-governed VPC: vpc unknown until apply"}}
}
