# METADATA
# title: Data-tier network ACL admits more than the database and cache ports from the app subnets
# description: |
#   The ACL of the data subnets should admit only what the traffic matrix allows into the
#   data tier: the database and cache ports (PostgreSQL 5432 and Redis 6379 by default)
#   over TCP, from the app subnets. An allow entry for other protocols or ports, or from
#   anywhere else, widens the path to the databases at the subnet edge, so a security
#   group mistake is no longer caught there. The ports come from the matrix data (flows
#   from `app` to a tier marked `data: true`); the tiers from `subnet_tiers`. Entries an
#   earlier deny covers entirely are not counted.
# related_resources:
#   - ref: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
#     description: Network ACL rules
# custom:
#   id: PAL-NACL-003
#   severity: low
#   remediation: >-
#     Replace the entry with allow entries for the database and cache ports over TCP from
#     each app subnet's CIDR (Terraform: `ingress` blocks of the data `aws_network_acl` or
#     `aws_network_acl_rule`; CloudFormation: `AWS::EC2::NetworkAclEntry` with `Egress:
#     false`), and let the implicit final deny drop the rest.
#   family: network-acl
#   reads: [network_acls, subnets]
#   evaluates: {network_acls: []}
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.network.nacl_data_tier_ingress_beyond_matrix

import data.palisade.lib.matrix
import data.palisade.lib.nacl
import data.palisade.lib.net
import data.palisade.lib.result

# The ports the matrix allows from the app tier into a data tier, over TCP.
_ports := {port |
	some flow in data.palisade.network.matrix.flows
	flow.from == "app"
	matrix.is_data_tier(flow.to)
	object.get(flow, "protocol", "tcp") == "tcp"
	some port in flow.ports
	is_number(port)
}

_allowed := concat(", ", [format_int(port, 10) | some port in sort(_ports)])

deny contains finding if {
	some acl in input.aws.network_acls
	governed := nacl.subnets_of_tier(acl, "data")
	count(governed) > 0
	some entry in acl.entries
	entry.direction == "ingress"
	entry.action == "allow"
	not nacl.shadowed(acl, entry)
	some problem in _problems(entry)
	finding := result.of(entry, sprintf("%s into the data subnets %s: %s; only tcp %s from the app subnets belongs there", [
		nacl.describe(entry),
		concat(", ", governed),
		problem,
		_allowed,
	]))
}

undecided contains finding if {
	some acl in input.aws.network_acls
	governed := nacl.subnets_of_tier(acl, "data")
	count(governed) > 0
	some entry in acl.entries
	entry.direction == "ingress"
	not entry.action == "deny"
	count(_problems(entry)) == 0
	reason := net.unknown_reason(entry, nacl.decisive)
	reason != ""
	finding := result.of(entry, sprintf("cannot decide whether the entry admits more than tcp %s from the app subnets into %s: %s", [
		_allowed,
		concat(", ", governed),
		reason,
	]))
}

undecided contains finding if {
	some acl in input.aws.network_acls
	governed := nacl.subnets_of_tier(acl, "data")
	count(governed) > 0
	"ingress_entries" in acl.unknown
	finding := result.of(acl, sprintf("cannot decide what the ACL of %s admits: its ingress entries are unknown until apply", [concat(", ", governed)]))
}

# _problems says what is wrong with an allow entry, as far as its values are known;
# the first that applies.
_problems(entry) := {"the peer is not an app subnet"} if {
	cidr := nacl.peer(entry)
	not nacl.is_app_cidr(cidr)
} else := {"more than the database and cache ports"} if {
	not entry.protocol in {"tcp", "6"}
	_known(entry, "protocol")
} else := {"more than the database and cache ports"} if {
	count({port | some port in _ports; port >= entry.from_port; port <= entry.to_port}) != net.port_count(entry)
} else := set()

_known(entry, name) if object.get(entry, name, null) != null
