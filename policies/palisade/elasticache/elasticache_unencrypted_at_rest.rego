# METADATA
# title: ElastiCache replication group is not encrypted at rest
# description: |
#   A Redis OSS or Valkey replication group without at-rest encryption writes its data
#   unencrypted to disk during synchronisation, swap and backup, and its backups in S3
#   are unencrypted too, so a copied backup exposes every cached session, token and
#   record. At-rest encryption can only be chosen when the group is created. AWS leaves
#   Redis OSS groups unencrypted unless asked; Valkey groups are encrypted by default.
#   Single cache clusters have no at-rest setting and are not judged here.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html
#     description: At-rest encryption in ElastiCache
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-4
#     description: "Security Hub ElastiCache.4: ElastiCache replication groups should be encrypted at rest"
# custom:
#   id: PAL-ELC-001
#   severity: high
#   remediation: >-
#     Create the group with `at_rest_encryption_enabled = true` (Terraform) or
#     `AtRestEncryptionEnabled: true` (CloudFormation) and a customer managed key
#     (`kms_key_id` / `KmsKeyId`); for an existing group, back it up and restore into a new
#     encrypted group.
#   family: encryption
#   reads: [data_stores]
#   evaluates: {data_stores: [elasticache_replication_group]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["ElastiCache.4"]
#     aws-security-hub: ["ElastiCache.4"]
#     nist-800-53-r5: ["CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)"]
package palisade.elasticache.elasticache_unencrypted_at_rest

import data.palisade.lib.result

deny contains finding if {
	some store in input.aws.data_stores
	store.kind == "elasticache_replication_group"
	not "encrypted_at_rest" in store.unknown
	not store.encrypted_at_rest == true
	finding := result.field(store, "encrypted_at_rest", _message(store))
}

undecided contains finding if {
	some store in input.aws.data_stores
	store.kind == "elasticache_replication_group"
	"encrypted_at_rest" in store.unknown
	finding := result.field(store, "encrypted_at_rest", "cannot decide whether the group is encrypted at rest: the setting is unknown until apply")
}

_message(store) := "at-rest encryption is turned off" if {
	store.encrypted_at_rest == false
} else := "at-rest encryption is not turned on, and ElastiCache leaves Redis OSS replication groups unencrypted by default"
