# METADATA
# title: Data store is encrypted with an AWS managed key, not a customer managed key
# description: |
#   Storage encrypted with the AWS managed key (`aws/rds`, `aws/s3` …) is encrypted, but
#   the key's policy belongs to AWS: every principal in the account allowed to use the
#   service can decrypt through it, its use cannot be limited to one application or
#   revoked in an incident, snapshots encrypted with it cannot be shared with another
#   account, and its rotation and deletion are not yours to set. A customer managed key
#   gives the data its own key policy and its own audit trail in CloudTrail. palisade
#   decides "customer managed" by resolving the key reference to a key declared in the
#   same scan unit: an `alias/aws/…` alias, or KMS encryption with no key given, is the
#   AWS managed key; a key ARN from elsewhere cannot be placed and is undecided. Stores
#   without KMS encryption at all are the per-service rules' (PAL-S3-001, PAL-RDS-001,
#   PAL-EBS-001 …); log groups and DynamoDB tables, where a customer managed key is
#   advice rather than a requirement, are PAL-ENC-002's (the list is data).
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt
#     description: "AWS KMS keys: customer managed keys and AWS managed keys"
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html
#     description: Amazon RDS encryption keys (sharing snapshots needs a customer managed key)
# custom:
#   id: PAL-ENC-001
#   severity: medium
#   remediation: >-
#     Create a customer managed key (`aws_kms_key` / `AWS::KMS::Key`) for the data, with
#     rotation on and a key policy that names the principals that need it, and reference
#     it: `kms_key_id` (RDS, ElastiCache, EBS, Secrets Manager), `kms_master_key_id`
#     (S3, SNS, SQS), `KmsKeyId`, `KMSMasterKeyID`, `KmsMasterKeyId`.
#   family: encryption
#   reads: [data_stores]
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.encryption.data_store_aws_managed_key

import data.palisade.lib.result

_what := {
	"s3_bucket": "bucket",
	"rds_instance": "database",
	"rds_cluster": "cluster",
	"ebs_volume": "volume",
	"instance_volume": "volume",
	"launch_template_volume": "volume",
	"secretsmanager_secret": "secret",
	"sns_topic": "topic",
	"sqs_queue": "queue",
	"ecr_repository": "repository",
	"elasticache_replication_group": "replication group",
	"elasticache_cluster": "cache cluster",
}

_noun(kind) := object.get(_what, kind, "data store")

deny contains finding if {
	some store in input.aws.data_stores
	store.key_is_customer_managed == false
	_judged(store)
	finding := result.field(store, "kms_key", _message(store))
}

undecided contains finding if {
	some store in input.aws.data_stores
	"key_is_customer_managed" in store.unknown
	_judged(store)
	finding := result.field(store, "kms_key", _why(store))
}

# Storage whose encryption another declaration decides (a cluster member, a replica or
# a restored snapshot) is judged there.
_judged(store) if {
	not store.cluster
	not store.encryption_inherited_from
	not store.kind in data.palisade.encryption.advisory_cmk_kinds
}

_message(store) := sprintf("%s is encrypted with the AWS managed key %s", [_noun(store.kind), store.kms_key]) if {
	store.kms_key
} else := sprintf("%s is encrypted with KMS but names no key, so the AWS managed key is used", [_noun(store.kind)])

_why(store) := sprintf("cannot decide whether the %s's KMS key is customer managed: its key reference is unknown until apply", [_noun(store.kind)]) if {
	"kms_key" in store.unknown
} else := sprintf("cannot decide whether the %s's KMS key %s is customer managed: it is not declared in this scan unit", [_noun(store.kind), store.kms_key])
