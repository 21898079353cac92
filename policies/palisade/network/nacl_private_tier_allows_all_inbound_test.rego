package palisade.network.nacl_private_tier_allows_all_inbound_test

import data.palisade.network.nacl_private_tier_allows_all_inbound as policy

_input(subnets, acls) := {
	"format": "terraform-plan",
	"file": "plan.json",
	"resources": [],
	"aws": {"security_groups": [], "subnets": subnets, "network_acls": acls},
}

_subnet(id, cidr, acl) := {
	"id": id,
	"path": [],
	"vpc": "aws_vpc.main",
	"cidr_ipv4": cidr,
	"tags": {},
	"network_acl": acl,
	"unknown": [],
}

_acl(id, entries) := {
	"id": id,
	"path": [],
	"vpc": "aws_vpc.main",
	"tags": {},
	"default": false,
	"external": false,
	"entries": entries,
	"subnets": [],
	"unknown": [],
}

_entry(id, index, number, action, fields) := object.union(
	{
		"id": id,
		"path": ["ingress", index],
		"direction": "ingress",
		"rule_number": number,
		"action": action,
		"protocol": "all",
		"from_port": 0,
		"to_port": 65535,
		"cidr_ipv4": "0.0.0.0/0",
		"unknown": [],
	},
	fields,
)

_app_acl(entries) := _acl("aws_network_acl.app", entries)

_app_subnet := _subnet("aws_subnet.app_a", "10.0.11.0/24", "aws_network_acl.app")

# --- violations ----------------------------------------------------------------------

test_deny_allow_all_on_app_subnets if {
	doc := _input([_app_subnet], [_app_acl([_entry("aws_network_acl.app", 0, 100, "allow", {})])])
	findings := policy.deny with input as doc
	findings == {{
		"resource": "aws_network_acl.app",
		"path": ["ingress", 0],
		"message": "rule 100 allows all traffic from 0.0.0.0/0, and the ACL governs the private subnets aws_subnet.app_a",
	}}
}

test_deny_tagged_data_subnet_on_default_acl if {
	subnet := object.remove(object.union(_subnet("aws_subnet.db", "192.168.5.0/24", ""), {"tags": {"Tier": "Data"}}), ["network_acl"])
	doc := _input([subnet], [_acl("aws_network_acl.public", [])])
	findings := policy.deny with input as doc
	findings == {{
		"resource": "aws_subnet.db",
		"path": [],
		"message": "the data-tier subnet is associated with no network ACL, so its VPC's default ACL applies, which admits all traffic",
	}}
}

# --- passes --------------------------------------------------------------------------

test_allow_vpc_cidr_and_ephemeral if {
	entries := [
		_entry("aws_network_acl.app", 0, 100, "allow", {"cidr_ipv4": "10.0.0.0/16"}),
		_entry("aws_network_acl.app", 1, 110, "allow", {"protocol": "tcp", "from_port": 1024}),
	]
	doc := _input([_app_subnet], [_app_acl(entries)])
	count(policy.deny) == 0 with input as doc
	count(policy.undecided) == 0 with input as doc
}

test_allow_all_on_public_subnets_only if {
	subnet := _subnet("aws_subnet.public_a", "10.0.1.0/24", "aws_network_acl.app")
	doc := _input([subnet], [_app_acl([_entry("aws_network_acl.app", 0, 100, "allow", {})])])
	count(policy.deny) == 0 with input as doc
}

test_allow_shadowed_by_deny_all if {
	entries := [
		_entry("aws_network_acl.app", 0, 100, "allow", {}),
		_entry("aws_network_acl.app", 1, 50, "deny", {}),
	]
	doc := _input([_app_subnet], [_app_acl(entries)])
	count(policy.deny) == 0 with input as doc
}

test_allow_untiered_vpc_without_managed_acls if {
	subnet := object.remove(_subnet("aws_subnet.app_a", "10.0.11.0/24", ""), ["network_acl"])
	count(policy.deny) == 0 with input as _input([subnet], [])
}

# --- undecided -----------------------------------------------------------------------

test_undecided_unknown_cidr if {
	entry := object.remove(_entry("aws_network_acl.app", 0, 100, "allow", {"unknown": ["cidr_ipv4"]}), ["cidr_ipv4"])
	doc := _input([_app_subnet], [_app_acl([entry])])
	count(policy.deny) == 0 with input as doc
	findings := policy.undecided with input as doc
	findings == {{
		"resource": "aws_network_acl.app",
		"path": ["ingress", 0],
		"message": "cannot decide whether the ACL of aws_subnet.app_a admits all traffic from the internet: cidr_ipv4 unknown until apply",
	}}
}

test_undecided_association_unknown if {
	subnet := object.union(object.remove(_app_subnet, ["network_acl"]), {"unknown": ["network_acl"]})
	doc := _input([subnet], [])
	findings := policy.undecided with input as doc
	count(findings) == 1
}
