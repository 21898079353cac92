# METADATA
# title: Data-tier network ACL lets traffic out to anywhere but the app subnets
# description: |
#   Databases and caches answer the app tier and start nothing of their own, so the ACL
#   of the data subnets needs to let out only the replies to the app subnets (the
#   ephemeral range). An egress allow entry to any other destination, the internet
#   above all, is a path for data to leave the tier if a host there is compromised, and
#   the security groups are then the only control left. Tiers come from the data
#   `subnet_tiers`; entries an earlier deny covers entirely are not counted.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
#     description: Ephemeral ports and network ACLs
# custom:
#   id: PAL-NACL-004
#   severity: low
#   remediation: >-
#     Allow egress from the data subnets only to each app subnet's CIDR on the ephemeral
#     range (Terraform: `egress` blocks of the data `aws_network_acl` or
#     `aws_network_acl_rule` with `egress = true`; CloudFormation:
#     `AWS::EC2::NetworkAclEntry` with `Egress: true`), and remove the wider entry.
#   family: network-acl
#   reads: [network_acls, subnets]
#   evaluates: {network_acls: []}
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.network.nacl_data_tier_egress_beyond_app

import data.palisade.lib.nacl
import data.palisade.lib.net
import data.palisade.lib.result

_decisive := {"action", "direction", "cidr_ipv4", "cidr_ipv6"}

deny contains finding if {
	some acl in input.aws.network_acls
	governed := nacl.subnets_of_tier(acl, "data")
	count(governed) > 0
	some entry in acl.entries
	entry.direction == "egress"
	entry.action == "allow"
	not nacl.shadowed(acl, entry)
	cidr := nacl.peer(entry)
	not nacl.is_app_cidr(cidr)
	finding := result.of(entry, sprintf("%s out of the data subnets %s: the destination is not an app subnet", [
		nacl.describe(entry),
		concat(", ", governed),
	]))
}

undecided contains finding if {
	some acl in input.aws.network_acls
	governed := nacl.subnets_of_tier(acl, "data")
	count(governed) > 0
	some entry in acl.entries
	_may_be_egress(entry)
	not entry.action == "deny"
	not _decided(entry)
	finding := result.of(entry, sprintf("cannot decide whether the data subnets %s send traffic beyond the app subnets: %s", [
		concat(", ", governed),
		net.unknown_reason(entry, _decisive),
	]))
}

undecided contains finding if {
	some acl in input.aws.network_acls
	governed := nacl.subnets_of_tier(acl, "data")
	count(governed) > 0
	"egress_entries" in acl.unknown
	finding := result.of(acl, sprintf("cannot decide where the data subnets %s send traffic: the ACL's egress entries are unknown until apply", [concat(", ", governed)]))
}

_may_be_egress(entry) if entry.direction == "egress"

_may_be_egress(entry) if "direction" in entry.unknown

_decided(entry) if {
	not "direction" in entry.unknown
	entry.action in {"allow", "deny"}
	nacl.peer(entry)
}
