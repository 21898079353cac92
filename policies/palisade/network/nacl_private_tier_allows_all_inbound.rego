# METADATA
# title: Network ACL of private or data subnets admits all traffic from the internet
# description: |
#   The ACL that governs app-tier or data-tier subnets has an ingress entry that allows
#   every protocol and port from 0.0.0.0/0 or ::/0 (and no earlier deny takes it back),
#   or the subnets are associated with no ACL at all, so their VPC's default ACL, which
#   admits everything, applies. Private subnets then rely on routing and security groups
#   alone: one group opened too wide, or a route to an internet gateway added later, and
#   nothing stops the traffic at the subnet edge. Subnet tiers come from the data
#   `subnet_tiers` (a tag, else the CIDR plan); a subnet without a tier is not judged,
#   and the default-ACL case is reported only in a VPC whose ACLs this unit manages.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
#     description: Control subnet traffic with network access control lists
# custom:
#   id: PAL-NACL-002
#   severity: low
#   remediation: >-
#     Give the private subnets their own ACL that admits only the VPC's CIDR and the
#     ephemeral return range (Terraform: an `aws_network_acl` with `subnet_ids`, or an
#     `aws_network_acl_association`; CloudFormation: an `AWS::EC2::NetworkAcl` with
#     `AWS::EC2::SubnetNetworkAclAssociation`), and replace the allow-all entry with
#     entries for the traffic the tier needs.
#   family: network-acl
#   reads: [network_acls, subnets]
#   evaluates: {network_acls: []}
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.network.nacl_private_tier_allows_all_inbound

import data.palisade.lib.nacl
import data.palisade.lib.net
import data.palisade.lib.result

_private_tiers := ["app", "data"]

_private_subnets(acl) := [id | some name in _private_tiers; some id in nacl.subnets_of_tier(acl, name)]

deny contains finding if {
	some acl in input.aws.network_acls
	governed := _private_subnets(acl)
	count(governed) > 0
	some entry in acl.entries
	_allows_all_from_world(entry)
	not nacl.shadowed(acl, entry)
	finding := result.of(entry, sprintf("%s, and the ACL governs the private subnets %s", [
		nacl.describe(entry),
		concat(", ", governed),
	]))
}

deny contains finding if {
	some subnet in input.aws.subnets
	nacl.tier(subnet) in _private_tiers
	not subnet.network_acl
	not "network_acl" in subnet.unknown
	_vpc_has_managed_acls(subnet.vpc)
	finding := result.of(subnet, sprintf("the %s-tier subnet is associated with no network ACL, so its VPC's default ACL applies, which admits all traffic", [nacl.tier(subnet)]))
}

undecided contains finding if {
	some acl in input.aws.network_acls
	governed := _private_subnets(acl)
	count(governed) > 0
	some entry in acl.entries
	not _allows_all_from_world(entry)
	_may_allow_all_from_world(entry)
	finding := result.of(entry, sprintf("cannot decide whether the ACL of %s admits all traffic from the internet: %s", [
		concat(", ", governed),
		net.unknown_reason(entry, nacl.decisive),
	]))
}

undecided contains finding if {
	some acl in input.aws.network_acls
	governed := _private_subnets(acl)
	count(governed) > 0
	"ingress_entries" in acl.unknown
	finding := result.of(acl, sprintf("cannot decide whether the ACL of %s admits all traffic from the internet: its ingress entries are unknown until apply", [concat(", ", governed)]))
}

undecided contains finding if {
	some subnet in input.aws.subnets
	nacl.tier(subnet) in _private_tiers
	"network_acl" in subnet.unknown
	finding := result.of(subnet, sprintf("cannot decide which network ACL governs the %s-tier subnet: an association's subnet or the subnet's VPC is unknown until apply", [nacl.tier(subnet)]))
}

_allows_all_from_world(entry) if {
	entry.direction == "ingress"
	entry.action == "allow"
	net.all_protocols(entry)
	net.is_world(nacl.peer(entry))
}

_may_allow_all_from_world(entry) if {
	entry.direction == "ingress"
	_may_allow(entry)
	_may_be_all_protocols(entry)
	_may_be_world(entry)
}

_may_allow(entry) if entry.action == "allow"

_may_allow(entry) if "action" in entry.unknown

_may_be_all_protocols(entry) if net.all_protocols(entry)

_may_be_all_protocols(entry) if "protocol" in entry.unknown

_may_be_world(entry) if net.is_world(nacl.peer(entry))

_may_be_world(entry) if "cidr_ipv4" in entry.unknown

_may_be_world(entry) if "cidr_ipv6" in entry.unknown

_vpc_has_managed_acls(vpc) if {
	some acl in input.aws.network_acls
	acl.vpc == vpc
}
