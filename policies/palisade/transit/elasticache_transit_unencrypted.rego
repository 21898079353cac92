# METADATA
# title: ElastiCache does not encrypt connections in transit
# description: |
#   Without in-transit encryption, clients talk to Redis OSS, Valkey or Memcached in
#   plain text: AUTH tokens, session data and cached records cross the VPC readable to
#   anything that can observe the traffic, and a client cannot tell the real node from
#   an impostor. ElastiCache leaves transit encryption off unless it is asked for.
#   Replication groups and stand-alone cache clusters are judged; a cluster that belongs
#   to a replication group is judged by its group.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html
#     description: ElastiCache in-transit encryption (TLS)
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-5
#     description: "Security Hub ElastiCache.5: ElastiCache replication groups should be encrypted in transit"
# custom:
#   id: PAL-TLS-003
#   severity: medium
#   remediation: >-
#     Set `transit_encryption_enabled = true` (Terraform) or `TransitEncryptionEnabled: true`
#     (CloudFormation), and connect clients with TLS. Redis OSS 7+ and Valkey can switch an
#     existing group over (`transit_encryption_mode = "preferred"`, then `"required"`).
#   family: encryption-in-transit
#   reads: [data_stores]
#   evaluates: {data_stores: [elasticache_replication_group, elasticache_cluster]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["ElastiCache.5"]
#     aws-security-hub: ["ElastiCache.5"]
#     nist-800-53-r5: ["AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)", "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)"]
package palisade.transit.elasticache_transit_unencrypted

import data.palisade.lib.result

_kinds := {"elasticache_replication_group", "elasticache_cluster"}

_judged contains store if {
	some store in input.aws.data_stores
	store.kind in _kinds
	object.get(store, "cluster", null) == null
}

deny contains finding if {
	some store in _judged
	not "encrypted_in_transit" in store.unknown
	not store.encrypted_in_transit == true
	finding := result.field(store, "encrypted_in_transit", _message(store))
}

undecided contains finding if {
	some store in _judged
	"encrypted_in_transit" in store.unknown
	finding := result.field(store, "encrypted_in_transit", "cannot decide whether connections are encrypted: the setting is unknown until apply")
}

_message(store) := "in-transit encryption is turned off" if {
	store.encrypted_in_transit == false
} else := "in-transit encryption is not turned on, and ElastiCache leaves it off by default"
