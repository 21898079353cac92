package palisade.network.nacl_data_tier_ingress_beyond_matrix_test

import data.palisade.network.nacl_data_tier_ingress_beyond_matrix as policy

_input(entries) := {
	"format": "terraform-plan",
	"file": "plan.json",
	"resources": [],
	"aws": {
		"security_groups": [],
		"subnets": [
			{"id": "aws_subnet.data_a", "path": [], "vpc": "aws_vpc.main", "cidr_ipv4": "10.2.21.0/24", "tags": {}, "network_acl": "aws_network_acl.data", "unknown": []},
			{"id": "aws_subnet.app_a", "path": [], "vpc": "aws_vpc.main", "cidr_ipv4": "10.2.11.0/24", "tags": {}, "network_acl": "aws_network_acl.app", "unknown": []},
		],
		"network_acls": [{
			"id": "aws_network_acl.data",
			"path": [],
			"vpc": "aws_vpc.main",
			"tags": {},
			"default": false,
			"external": false,
			"entries": entries,
			"subnets": ["aws_subnet.data_a"],
			"unknown": [],
		}],
	},
}

_entry(index, number, fields) := object.union(
	{
		"id": "aws_network_acl.data",
		"path": ["ingress", index],
		"direction": "ingress",
		"rule_number": number,
		"action": "allow",
		"protocol": "tcp",
		"from_port": 5432,
		"to_port": 5432,
		"cidr_ipv4": "10.2.11.0/24",
		"unknown": [],
	},
	fields,
)

_finding(index, message) := {"resource": "aws_network_acl.data", "path": ["ingress", index], "message": message}

test_deny_postgres_from_whole_vpc if {
	findings := policy.deny with input as _input([_entry(0, 100, {"cidr_ipv4": "10.2.0.0/16"})])
	findings == {_finding(0, "rule 100 allows tcp 5432 from 10.2.0.0/16 into the data subnets aws_subnet.data_a: the peer is not an app subnet; only tcp 5432, 6379 from the app subnets belongs there")}
}

test_deny_ssh_from_app_subnet if {
	findings := policy.deny with input as _input([_entry(0, 100, {"from_port": 22, "to_port": 22})])
	findings == {_finding(0, "rule 100 allows tcp 22 from 10.2.11.0/24 into the data subnets aws_subnet.data_a: more than the database and cache ports; only tcp 5432, 6379 from the app subnets belongs there")}
}

test_deny_all_traffic_from_app_subnet if {
	findings := policy.deny with input as _input([_entry(0, 100, {"protocol": "all", "from_port": 0, "to_port": 65535})])
	count(findings) == 1
}

test_allow_matrix_ports_from_app_subnets if {
	entries := [
		_entry(0, 100, {}),
		_entry(1, 110, {"from_port": 6379, "to_port": 6379}),
		_entry(2, 120, {"cidr_ipv4": "10.2.12.0/24"}),
		_entry(3, 200, {"action": "deny", "protocol": "all", "cidr_ipv4": "0.0.0.0/0"}),
	]
	count(policy.deny) == 0 with input as _input(entries)
	count(policy.undecided) == 0 with input as _input(entries)
}

test_allow_entry_shadowed_by_earlier_deny if {
	entries := [
		_entry(0, 90, {"action": "deny", "protocol": "all", "cidr_ipv4": "0.0.0.0/0"}),
		_entry(1, 100, {"from_port": 22, "to_port": 22}),
	]
	count(policy.deny) == 0 with input as _input(entries)
}

test_undecided_unknown_cidr if {
	entry := object.remove(_entry(0, 100, {"unknown": ["cidr_ipv4"]}), ["cidr_ipv4"])
	count(policy.deny) == 0 with input as _input([entry])
	findings := policy.undecided with input as _input([entry])
	findings == {_finding(0, "cannot decide whether the entry admits more than tcp 5432, 6379 from the app subnets into aws_subnet.data_a: cidr_ipv4 unknown until apply")}
}
