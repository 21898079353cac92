package palisade.network.nacl_data_tier_egress_beyond_app_test

import data.palisade.network.nacl_data_tier_egress_beyond_app as policy

_input(entries) := {
	"format": "cloudformation",
	"file": "template.yaml",
	"resources": [],
	"aws": {
		"security_groups": [],
		"subnets": [
			{"id": "DataSubnetA", "path": [], "vpc": "Vpc", "cidr_ipv4": "10.1.21.0/24", "tags": {"Tier": "data"}, "network_acl": "DataAcl", "unknown": []},
			{"id": "AppSubnetA", "path": [], "vpc": "Vpc", "cidr_ipv4": "172.16.4.0/24", "tags": {"Tier": "app"}, "network_acl": "AppAcl", "unknown": []},
		],
		"network_acls": [{
			"id": "DataAcl",
			"path": [],
			"vpc": "Vpc",
			"tags": {},
			"default": false,
			"external": false,
			"entries": entries,
			"subnets": ["DataSubnetA"],
			"unknown": [],
		}],
	},
}

_entry(id, fields) := object.union(
	{
		"id": id,
		"path": [],
		"direction": "egress",
		"rule_number": 100,
		"action": "allow",
		"protocol": "tcp",
		"from_port": 1024,
		"to_port": 65535,
		"cidr_ipv4": "172.16.4.0/24",
		"unknown": [],
	},
	fields,
)

test_deny_ephemeral_to_world if {
	findings := policy.deny with input as _input([_entry("DataEgressAll", {"cidr_ipv4": "0.0.0.0/0"})])
	findings == {{"resource": "DataEgressAll", "path": [], "message": "rule 100 allows tcp 1024-65535 to 0.0.0.0/0 out of the data subnets DataSubnetA: the destination is not an app subnet"}}
}

test_deny_to_public_subnet_by_plan if {
	findings := policy.deny with input as _input([_entry("DataToPublic", {"cidr_ipv4": "10.1.1.0/24"})])
	count(findings) == 1
}

test_allow_ephemeral_to_tagged_app_subnet if {
	entries := [_entry("DataToApp", {}), _entry("DataToAppPlan", {"cidr_ipv4": "10.1.12.0/24", "rule_number": 110})]
	count(policy.deny) == 0 with input as _input(entries)
	count(policy.undecided) == 0 with input as _input(entries)
}

test_allow_ingress_entries_ignored if {
	count(policy.deny) == 0 with input as _input([_entry("In", {"direction": "ingress", "cidr_ipv4": "0.0.0.0/0"})])
}

test_undecided_unknown_destination if {
	entry := object.remove(_entry("DataEgress", {"unknown": ["cidr_ipv4"]}), ["cidr_ipv4"])
	count(policy.deny) == 0 with input as _input([entry])
	findings := policy.undecided with input as _input([entry])
	findings == {{"resource": "DataEgress", "path": [], "message": "cannot decide whether the data subnets DataSubnetA send traffic beyond the app subnets: cidr_ipv4 unknown until apply"}}
}
