package palisade.encryption.data_store_without_customer_key_test

import data.palisade.encryption.data_store_without_customer_key as policy

_store(fields) := object.union({"id": "aws_cloudwatch_log_group.app", "path": [], "kind": "cloudwatch_log_group", "encrypted_at_rest": true, "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}

_finding(message) := {"resource": "aws_cloudwatch_log_group.app", "path": [], "message": message}

_kinds := ["cloudwatch_log_group", "dynamodb_table"]

test_deny_log_group_with_service_key if {
	d := policy.deny with input as _input(_store({"encryption": "service"})) with data.palisade.encryption.advisory_cmk_kinds as _kinds
	d == {_finding("the log group is encrypted only with a key CloudWatch Logs owns, not a customer managed key")}
}

test_deny_table_with_aws_managed_key if {
	s := _store({"kind": "dynamodb_table", "encryption": "kms", "key_is_customer_managed": false})
	d := policy.deny with input as _input(s) with data.palisade.encryption.advisory_cmk_kinds as _kinds
	d == {_finding("the table is encrypted with KMS but names no key, so the AWS managed key is used")}
}

test_allow_customer_managed_key if {
	s := _store({"encryption": "kms", "kms_key": "aws_kms_key.logs", "key_is_customer_managed": true})
	d := policy.deny with input as _input(s) with data.palisade.encryption.advisory_cmk_kinds as _kinds
	count(d) == 0
}

test_other_kinds_are_not_judged if {
	s := _store({"kind": "s3_bucket", "encryption": "service"})
	d := policy.deny with input as _input(s) with data.palisade.encryption.advisory_cmk_kinds as _kinds
	count(d) == 0
}

test_undecided_when_the_key_is_unknown if {
	s := _store({"encryption": "kms", "unknown": ["kms_key", "key_is_customer_managed"]})
	u := policy.undecided with input as _input(s) with data.palisade.encryption.advisory_cmk_kinds as _kinds
	u == {_finding("cannot decide whether the log group uses a customer managed key: its KMS key reference is unknown until apply")}
	d := policy.deny with input as _input(s) with data.palisade.encryption.advisory_cmk_kinds as _kinds
	count(d) == 0
}

test_undecided_when_kms_or_service_is_unknown if {
	s := _store({"unknown": ["encryption"]})
	u := policy.undecided with input as _input(s) with data.palisade.encryption.advisory_cmk_kinds as _kinds
	u == {_finding("cannot decide whether the log group uses a customer managed key: its encryption settings are unknown until apply")}
}
