package palisade.network.sg_world_open_admin_ports_test

import data.palisade.network.sg_world_open_admin_ports as policy

# --- input builders: the shape of src/model/estate.rs ------------------------------

_input(groups) := {
	"format": "terraform-plan",
	"file": "plan.json",
	"resources": [],
	"aws": {"security_groups": groups, "data_stores": [], "iam": {"policies": []}},
}

_group(id, rules) := {
	"id": id,
	"path": [],
	"name": "bastion",
	"tags": {},
	"rules": rules,
	"unknown": [],
}

# An inline ingress rule of aws_security_group.bastion, at ingress[index].
_inline(index, fields) := object.union(
	{
		"id": "aws_security_group.bastion",
		"path": ["ingress", index],
		"direction": "ingress",
		"cidr_ipv4": [],
		"cidr_ipv6": [],
		"prefix_lists": [],
		"self": false,
		"unknown": [],
	},
	fields,
)

_one(fields) := _input([_group("aws_security_group.bastion", [_inline(0, fields)])])

_tcp(from, to) := {"protocol": "tcp", "from_port": from, "to_port": to}

_finding(path, message) := {"resource": "aws_security_group.bastion", "path": path, "message": message}

# --- violations ------------------------------------------------------------------

test_deny_ssh_from_ipv4_world if {
	findings := policy.deny with input as _one(object.union(_tcp(22, 22), {"cidr_ipv4": ["0.0.0.0/0"]}))
	findings == {_finding(["ingress", 0], "ingress from 0.0.0.0/0 reaches SSH (22)")}
}

test_deny_rdp_over_udp_from_ipv6_world if {
	rule := {"protocol": "udp", "from_port": 3389, "to_port": 3389, "cidr_ipv6": ["::/0"]}
	findings := policy.deny with input as _one(rule)
	findings == {_finding(["ingress", 0], "ingress from ::/0 reaches RDP (3389)")}
}

test_deny_port_range_spanning_ssh if {
	findings := policy.deny with input as _one(object.union(_tcp(0, 1024), {"cidr_ipv4": ["0.0.0.0/0"]}))
	findings == {_finding(["ingress", 0], "ingress from 0.0.0.0/0 reaches SSH (22)")}
}

test_deny_port_range_spanning_both if {
	findings := policy.deny with input as _one(object.union(_tcp(1, 65535), {"cidr_ipv4": ["0.0.0.0/0"]}))
	findings == {_finding(["ingress", 0], "ingress from 0.0.0.0/0 reaches SSH (22) and RDP (3389)")}
}

test_deny_all_protocols_cover_every_port if {
	rule := {"protocol": "all", "from_port": 0, "to_port": 0, "cidr_ipv4": ["0.0.0.0/0"], "cidr_ipv6": ["::/0"]}
	findings := policy.deny with input as _one(rule)
	findings == {_finding(["ingress", 0], "ingress from 0.0.0.0/0, ::/0 reaches SSH (22) and RDP (3389)")}
}

test_deny_all_protocols_without_ports if {
	findings := policy.deny with input as _one({"protocol": "all", "cidr_ipv4": ["0.0.0.0/0"]})
	count(findings) == 1
}

test_deny_separate_rule_resource if {
	rule := object.union(_inline(0, object.union(_tcp(3389, 3389), {"cidr_ipv4": ["0.0.0.0/0"]})), {
		"id": "aws_vpc_security_group_ingress_rule.rdp",
		"path": [],
	})
	findings := policy.deny with input as _input([_group("aws_security_group.bastion", [rule])])
	findings == {{
		"resource": "aws_vpc_security_group_ingress_rule.rdp",
		"path": [],
		"message": "ingress from 0.0.0.0/0 reaches RDP (3389)",
	}}
}

test_deny_one_finding_per_offending_rule if {
	rules := [
		_inline(0, object.union(_tcp(22, 22), {"cidr_ipv4": ["0.0.0.0/0"]})),
		_inline(1, object.union(_tcp(443, 443), {"cidr_ipv4": ["0.0.0.0/0"]})),
		_inline(2, object.union(_tcp(3389, 3389), {"cidr_ipv4": ["0.0.0.0/0", "10.0.0.0/8"]})),
	]
	findings := policy.deny with input as _input([_group("aws_security_group.bastion", rules)])
	findings == {
		_finding(["ingress", 0], "ingress from 0.0.0.0/0 reaches SSH (22)"),
		_finding(["ingress", 2], "ingress from 0.0.0.0/0 reaches RDP (3389)"),
	}
}

test_deny_is_not_also_undecided if {
	rule := object.union(_tcp(22, 22), {"cidr_ipv4": ["0.0.0.0/0"], "unknown": ["cidr_ipv6"]})
	count(policy.deny) == 1 with input as _one(rule)
	count(policy.undecided) == 0 with input as _one(rule)
}

# --- passes ------------------------------------------------------------------------

test_allow_https_from_world if {
	count(policy.deny) == 0 with input as _one(object.union(_tcp(443, 443), {"cidr_ipv4": ["0.0.0.0/0"]}))
	count(policy.undecided) == 0 with input as _one(object.union(_tcp(443, 443), {"cidr_ipv4": ["0.0.0.0/0"]}))
}

test_allow_ssh_from_private_cidr if {
	rule := object.union(_tcp(22, 22), {"cidr_ipv4": ["10.0.0.0/8"], "cidr_ipv6": ["fd00::/8"]})
	count(policy.deny) == 0 with input as _one(rule)
	count(policy.undecided) == 0 with input as _one(rule)
}

test_allow_ssh_from_security_group if {
	rule := object.union(_tcp(22, 22), {"source_group": "aws_security_group.vpn"})
	count(policy.deny) == 0 with input as _one(rule)
	count(policy.undecided) == 0 with input as _one(rule)
}

test_allow_port_22_over_udp if {
	rule := {"protocol": "udp", "from_port": 22, "to_port": 22, "cidr_ipv4": ["0.0.0.0/0"]}
	count(policy.deny) == 0 with input as _one(rule)
}

test_allow_ranges_that_miss_both_ports if {
	rules := [
		_inline(0, object.union(_tcp(0, 21), {"cidr_ipv4": ["0.0.0.0/0"]})),
		_inline(1, object.union(_tcp(23, 3388), {"cidr_ipv4": ["0.0.0.0/0"]})),
		_inline(2, object.union(_tcp(3390, 65535), {"cidr_ipv4": ["0.0.0.0/0"]})),
	]
	count(policy.deny) == 0 with input as _input([_group("aws_security_group.bastion", rules)])
}

test_allow_icmp_from_world if {
	rule := {"protocol": "icmp", "from_port": -1, "to_port": -1, "cidr_ipv4": ["0.0.0.0/0"]}
	count(policy.deny) == 0 with input as _one(rule)
	count(policy.undecided) == 0 with input as _one(rule)
}

test_allow_egress_to_world if {
	rule := {"direction": "egress", "protocol": "all", "from_port": 0, "to_port": 0, "cidr_ipv4": ["0.0.0.0/0"]}
	count(policy.deny) == 0 with input as _one(rule)
	count(policy.undecided) == 0 with input as _one(rule)
}

test_allow_unknown_cidr_on_https if {
	rule := object.union(_tcp(443, 443), {"unknown": ["cidr_ipv4"]})
	count(policy.deny) == 0 with input as _one(rule)
	count(policy.undecided) == 0 with input as _one(rule)
}

test_allow_unknown_ports_from_private_cidr if {
	rule := {"protocol": "tcp", "cidr_ipv4": ["10.0.0.0/8"], "unknown": ["from_port", "to_port"]}
	count(policy.deny) == 0 with input as _one(rule)
	count(policy.undecided) == 0 with input as _one(rule)
}

test_allow_group_with_unknown_egress_rules if {
	group := object.union(_group("aws_security_group.bastion", []), {"unknown": ["egress_rules"]})
	count(policy.deny) == 0 with input as _input([group])
	count(policy.undecided) == 0 with input as _input([group])
}

test_allow_empty_estate if {
	count(policy.deny) == 0 with input as _input([])
	count(policy.undecided) == 0 with input as _input([])
}

# --- undecided ---------------------------------------------------------------------

test_undecided_cidr_unknown_on_ssh if {
	rule := object.union(_tcp(22, 22), {"unknown": ["cidr_ipv4"]})
	count(policy.deny) == 0 with input as _one(rule)
	findings := policy.undecided with input as _one(rule)
	findings == {_finding(["ingress", 0], "cannot decide whether the internet reaches SSH (22): cidr_ipv4 unknown until apply")}
}

test_undecided_ports_unknown_from_world if {
	rule := {"protocol": "tcp", "cidr_ipv4": ["0.0.0.0/0"], "unknown": ["from_port", "to_port"]}
	count(policy.deny) == 0 with input as _one(rule)
	findings := policy.undecided with input as _one(rule)
	findings == {_finding(
		["ingress", 0],
		"cannot decide whether 0.0.0.0/0 reaches SSH (22) or RDP (3389): from_port, to_port unknown until apply",
	)}
}

test_undecided_protocol_unknown_from_world if {
	rule := {"from_port": 443, "to_port": 443, "cidr_ipv6": ["::/0"], "unknown": ["protocol"]}
	findings := policy.undecided with input as _one(rule)
	findings == {_finding(
		["ingress", 0],
		"cannot decide whether ::/0 reaches SSH (22) or RDP (3389): protocol unknown until apply",
	)}
}

test_undecided_when_ports_could_not_be_resolved if {
	rule := {"protocol": "tcp", "cidr_ipv4": ["0.0.0.0/0"]}
	count(policy.deny) == 0 with input as _one(rule)
	findings := policy.undecided with input as _one(rule)
	findings == {_finding(
		["ingress", 0],
		"cannot decide whether 0.0.0.0/0 reaches SSH (22) or RDP (3389): from_port, to_port could not be resolved",
	)}
}

test_undecided_group_ingress_rules_unknown if {
	group := object.union(_group("aws_security_group.bastion", []), {"unknown": ["ingress_rules"]})
	findings := policy.undecided with input as _input([group])
	findings == {{
		"resource": "aws_security_group.bastion",
		"path": [],
		"message": "cannot decide whether the internet reaches SSH (22) or RDP (3389): the group's ingress rules are unknown until apply",
	}}
}
