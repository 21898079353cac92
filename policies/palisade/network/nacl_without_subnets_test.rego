package palisade.network.nacl_without_subnets_test

import data.palisade.network.nacl_without_subnets as policy

_input(acls) := {
	"format": "terraform-plan",
	"file": "plan.json",
	"resources": [],
	"aws": {"security_groups": [], "subnets": [], "network_acls": acls},
}

_acl(fields) := object.union(
	{
		"id": "aws_network_acl.legacy",
		"path": [],
		"vpc": "aws_vpc.main",
		"tags": {},
		"default": false,
		"external": false,
		"entries": [],
		"subnets": [],
		"unknown": [],
	},
	fields,
)

test_deny_acl_without_subnets if {
	findings := policy.deny with input as _input([_acl({})])
	findings == {{"resource": "aws_network_acl.legacy", "path": [], "message": "no subnet is associated with this network ACL in this configuration"}}
}

test_allow_acl_with_subnets if {
	count(policy.deny) == 0 with input as _input([_acl({"subnets": ["aws_subnet.a"]})])
}

test_allow_default_acl_unused if {
	count(policy.deny) == 0 with input as _input([_acl({"default": true})])
}

test_allow_external_placeholder if {
	count(policy.deny) == 0 with input as _input([_acl({"external": true})])
}

test_undecided_subnets_unknown if {
	doc := _input([_acl({"unknown": ["subnets"]})])
	count(policy.deny) == 0 with input as doc
	findings := policy.undecided with input as doc
	findings == {{"resource": "aws_network_acl.legacy", "path": [], "message": "cannot decide whether any subnet is associated with this network ACL: its associated subnets are unknown until apply"}}
}
