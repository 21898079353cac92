package palisade.network.nacl_world_open_admin_ports_test

import data.palisade.network.nacl_world_open_admin_ports as policy

# --- input builders: the shape of src/model/estate.rs ------------------------------

_input(acls) := {
	"format": "terraform-plan",
	"file": "plan.json",
	"resources": [],
	"aws": {"security_groups": [], "subnets": [], "network_acls": acls},
}

_acl(entries) := {
	"id": "aws_network_acl.public",
	"path": [],
	"vpc": "aws_vpc.main",
	"tags": {},
	"default": false,
	"external": false,
	"entries": entries,
	"subnets": ["aws_subnet.public"],
	"unknown": [],
}

# An inline ingress entry of aws_network_acl.public, at ingress[index].
_entry(index, number, action, fields) := object.union(
	{
		"id": "aws_network_acl.public",
		"path": ["ingress", index],
		"direction": "ingress",
		"rule_number": number,
		"action": action,
		"cidr_ipv4": "0.0.0.0/0",
		"unknown": [],
	},
	fields,
)

_tcp(from, to) := {"protocol": "tcp", "from_port": from, "to_port": to}

_one(entries) := _input([_acl(entries)])

_finding(index, message) := {"resource": "aws_network_acl.public", "path": ["ingress", index], "message": message}

# --- violations ----------------------------------------------------------------------

test_deny_ssh_from_world if {
	findings := policy.deny with input as _one([_entry(0, 100, "allow", _tcp(22, 22))])
	findings == {_finding(0, "rule 100 allows tcp 22 from 0.0.0.0/0: 0.0.0.0/0 reaches SSH (22) through this ACL")}
}

test_deny_all_traffic_from_both_worlds if {
	v6 := object.remove(_entry(1, 101, "allow", {"protocol": "all", "from_port": 0, "to_port": 65535, "cidr_ipv6": "::/0"}), ["cidr_ipv4"])
	entries := [_entry(0, 100, "allow", {"protocol": "all", "from_port": 0, "to_port": 65535}), v6]
	findings := policy.deny with input as _one(entries)
	findings == {
		_finding(0, "rule 100 allows all traffic from 0.0.0.0/0: 0.0.0.0/0 reaches SSH (22) and RDP (3389) through this ACL"),
		_finding(1, "rule 101 allows all traffic from ::/0: ::/0 reaches SSH (22) and RDP (3389) through this ACL"),
	}
}

test_deny_range_starting_below_ephemeral if {
	findings := policy.deny with input as _one([_entry(0, 120, "allow", _tcp(1000, 65535))])
	findings == {_finding(0, "rule 120 allows tcp 1000-65535 from 0.0.0.0/0: 0.0.0.0/0 reaches RDP (3389) through this ACL")}
}

test_deny_later_allow_not_shadowed_by_narrow_deny if {
	entries := [
		_entry(0, 90, "deny", object.union(_tcp(22, 22), {"cidr_ipv4": "203.0.113.0/24"})),
		_entry(1, 100, "allow", _tcp(22, 22)),
	]
	findings := policy.deny with input as _one(entries)
	findings == {_finding(1, "rule 100 allows tcp 22 from 0.0.0.0/0: 0.0.0.0/0 reaches SSH (22) through this ACL")}
}

test_deny_entry_without_number_alone if {
	entry := object.remove(_entry(0, 0, "allow", {"protocol": "all", "from_port": 0, "to_port": 65535}), ["rule_number"])
	findings := policy.deny with input as _one([entry])
	findings == {_finding(0, "rule (no number) allows all traffic from 0.0.0.0/0: 0.0.0.0/0 reaches SSH (22) and RDP (3389) through this ACL")}
}

# --- passes --------------------------------------------------------------------------

test_allow_ephemeral_return_range if {
	entries := [
		_entry(0, 100, "allow", _tcp(443, 443)),
		_entry(1, 110, "allow", _tcp(80, 80)),
		_entry(2, 120, "allow", _tcp(1024, 65535)),
	]
	count(policy.deny) == 0 with input as _one(entries)
	count(policy.undecided) == 0 with input as _one(entries)
}

test_allow_deny_at_90_shadows_allow_at_100 if {
	entries := [
		_entry(1, 100, "allow", {"protocol": "all", "from_port": 0, "to_port": 65535}),
		_entry(0, 90, "deny", _tcp(22, 22)),
		_entry(2, 91, "deny", _tcp(3389, 3389)),
		_entry(3, 92, "deny", {"protocol": "udp", "from_port": 3389, "to_port": 3389}),
	]
	count(policy.deny) == 0 with input as _one(entries)
	count(policy.undecided) == 0 with input as _one(entries)
}

test_allow_ssh_from_office_only if {
	entries := [_entry(0, 100, "allow", object.union(_tcp(22, 22), {"cidr_ipv4": "198.51.100.0/24"}))]
	count(policy.deny) == 0 with input as _one(entries)
	count(policy.undecided) == 0 with input as _one(entries)
}

test_allow_egress_all if {
	entries := [_entry(0, 100, "allow", {"direction": "egress", "protocol": "all", "from_port": 0, "to_port": 65535})]
	count(policy.deny) == 0 with input as _one(entries)
}

# --- undecided -----------------------------------------------------------------------

test_deny_rdp_decided_while_ssh_is_not if {
	unknown_deny := object.remove(_entry(0, 50, "deny", object.union(_tcp(22, 22), {"unknown": ["cidr_ipv4"]})), ["cidr_ipv4"])
	input_doc := _one([unknown_deny, _entry(1, 100, "allow", _tcp(0, 65535))])
	count(policy.undecided) == 0 with input as input_doc
	count(policy.deny) == 1 with input as input_doc
}

test_undecided_unknown_cidr_on_ssh if {
	entry := object.remove(_entry(0, 100, "allow", object.union(_tcp(22, 22), {"unknown": ["cidr_ipv4"]})), ["cidr_ipv4"])
	count(policy.deny) == 0 with input as _one([entry])
	findings := policy.undecided with input as _one([entry])
	findings == {_finding(0, "cannot decide whether the internet reaches SSH (22) or RDP (3389): rule 100 allows tcp 22 from an unknown CIDR: cidr_ipv4 unknown until apply")}
}

test_undecided_entries_unknown if {
	acl := object.union(_acl([]), {"unknown": ["ingress_entries"]})
	findings := policy.undecided with input as _input([acl])
	findings == {{"resource": "aws_network_acl.public", "path": [], "message": "cannot decide whether the internet reaches SSH (22) or RDP (3389): the ACL's ingress entries are unknown until apply"}}
}
