# METADATA
# title: Network ACL admits the internet to SSH or RDP
# description: |
#   The first entry (by rule number) that matches SSH (22/tcp) or RDP (3389/tcp or udp)
#   from 0.0.0.0/0 or ::/0 allows it, so the ACL leaves the administrative ports of every
#   subnet it governs to the security groups alone. This is the ACL-only view, reported
#   as defence-in-depth advice: whether anything is actually reachable depends on the
#   security groups too (PAL-NET-001 judges those). An entry that admits exactly the
#   ephemeral return range (data `nacl.return_traffic_ranges`, 1024-65535 by default) is
#   return traffic for a stateless ACL and is not counted; an all-traffic entry or a
#   range that starts lower is.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-21
#     description: "Security Hub EC2.21: Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389"
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
#     description: How network ACL rules are evaluated
# custom:
#   id: PAL-NACL-001
#   severity: low
#   remediation: >-
#     Remove the entry or narrow its CIDR to a VPN or bastion range, or put a deny for 22
#     and 3389 from 0.0.0.0/0 and ::/0 before it (a lower rule number). Terraform: the
#     `ingress` block of `aws_network_acl` or the `aws_network_acl_rule`; CloudFormation:
#     the `AWS::EC2::NetworkAclEntry`. For return traffic admit only the ephemeral range.
#   family: network-acl
#   reads: [network_acls]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["5.1"]
#     cis-aws-foundations-v5.0: ["5.2"]
#     aws-fsbp: ["EC2.21"]
#     aws-security-hub: ["EC2.21"]
#     nist-800-53-r5: ["AC-4(21)", "CA-9(1)", "CM-2", "CM-2(2)", "CM-7", "SC-7", "SC-7(21)", "SC-7(5)"]
package palisade.network.nacl_world_open_admin_ports

import data.palisade.lib.nacl
import data.palisade.lib.result

# One decision per internet family, admin service and transport, for each ACL by its
# index: a rule, so each is computed once and shared by deny and undecided (a function
# would be evaluated again at every call).
_decisions[i] := decisions if {
	some i, acl in input.aws.network_acls
	decisions := [{"world": world, "service": service.name, "result": decision} |
		some family, world in {"v4": "0.0.0.0/0", "v6": "::/0"}
		candidates := nacl.world_candidates(acl, "ingress", family) # once per family
		some service in nacl.admin_services
		some transport in service.transports
		decision := nacl.world_decision(acl, "ingress", family, candidates, transport, service.port)
	]
}

# Allows decided by an entry that is not return traffic, by the entry that decides.
_openings[i] := openings if {
	some i, decisions in _decisions
	openings := [d |
		some d in decisions
		d.result.decision == "allow"
		not nacl.is_return_traffic(d.result.entry)
	]
}

deny contains finding if {
	some openings in _openings
	some entry in {d.result.entry | some d in openings}
	worlds := sort({d.world | some d in openings; d.result.entry == entry})
	services := [s.name | some s in nacl.admin_services; _opened(openings, entry, s.name)]
	finding := result.of(entry, sprintf("%s: %s reaches %s through this ACL", [
		nacl.describe(entry),
		concat(" and ", worlds),
		concat(" and ", services),
	]))
}

_opened(openings, entry, name) if {
	some d in openings
	d.result.entry == entry
	d.service == name
}

undecided contains finding if {
	some i, decisions in _decisions
	count(_openings[i]) == 0
	undecided_ones := [d.result | some d in decisions; d.result.decision == "undecided"]
	some at in {r.at | some r in undecided_ones}
	reasons := sort({r.reason | some r in undecided_ones; r.at == at})
	finding := result.of(at, sprintf("cannot decide whether the internet reaches SSH (22) or RDP (3389): %s", [concat("; ", reasons)]))
}
