package palisade.encryption.data_store_aws_managed_key_test

import data.palisade.encryption.data_store_aws_managed_key as policy

_store(fields) := object.union({"id": "aws_db_instance.orders", "path": [], "kind": "rds_instance", "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}

_finding(message) := {"resource": "aws_db_instance.orders", "path": [], "message": message}

test_deny_aws_managed_alias if {
	d := policy.deny with input as _input(_store({"encrypted_at_rest": true, "kms_key": "alias/aws/rds", "key_is_customer_managed": false}))
	d == {_finding("database is encrypted with the AWS managed key alias/aws/rds")}
}

test_deny_kms_without_a_key if {
	s := _store({"kind": "s3_bucket", "sse_algorithm": "aws:kms", "key_is_customer_managed": false})
	d := policy.deny with input as _input(s)
	d == {_finding("bucket is encrypted with KMS but names no key, so the AWS managed key is used")}
}

test_deny_points_at_the_declaration_that_chose_the_key if {
	s := _store({"kind": "s3_bucket", "sse_algorithm": "aws:kms", "key_is_customer_managed": false, "sources": {"kms_key": {"id": "aws_s3_bucket_server_side_encryption_configuration.logs", "path": ["rule", 0]}}})
	d := policy.deny with input as _input(s)
	d == {{"resource": "aws_s3_bucket_server_side_encryption_configuration.logs", "path": ["rule", 0], "message": "bucket is encrypted with KMS but names no key, so the AWS managed key is used"}}
}

test_allow_customer_managed_key if {
	d := policy.deny with input as _input(_store({"encrypted_at_rest": true, "kms_key": "aws_kms_key.rds", "key_is_customer_managed": true}))
	count(d) == 0
}

test_cluster_members_and_replicas_are_judged_elsewhere if {
	d1 := policy.deny with input as _input(_store({"cluster": "aws_rds_cluster.main", "key_is_customer_managed": false}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_store({"encryption_inherited_from": "replica", "key_is_customer_managed": false}))
	count(d2) == 0
}

test_undecided_for_a_key_outside_the_unit if {
	arn := "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	s := _store({"encrypted_at_rest": true, "kms_key": arn, "unknown": ["key_is_customer_managed"]})
	d := policy.deny with input as _input(s)
	count(d) == 0
	u := policy.undecided with input as _input(s)
	u == {_finding(sprintf("cannot decide whether the database's KMS key %s is customer managed: it is not declared in this scan unit", [arn]))}
}

test_undecided_when_key_reference_unknown if {
	s := _store({"encrypted_at_rest": true, "unknown": ["kms_key", "key_is_customer_managed"]})
	u := policy.undecided with input as _input(s)
	u == {_finding("cannot decide whether the database's KMS key is customer managed: its key reference is unknown until apply")}
}

test_deny_names_the_kind_of_store if {
	s := _store({"kind": "secretsmanager_secret", "encryption": "kms", "key_is_customer_managed": false})
	d := policy.deny with input as _input(s)
	d == {_finding("secret is encrypted with KMS but names no key, so the AWS managed key is used")}
}

test_advisory_kinds_are_left_to_pal_enc_002 if {
	s := _store({"kind": "dynamodb_table", "encryption": "kms", "key_is_customer_managed": false})
	d := policy.deny with input as _input(s) with data.palisade.encryption.advisory_cmk_kinds as ["dynamodb_table"]
	count(d) == 0
	d2 := policy.deny with input as _input(s) with data.palisade.encryption.advisory_cmk_kinds as []
	count(d2) == 1
}
