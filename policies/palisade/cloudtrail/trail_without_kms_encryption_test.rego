package palisade.cloudtrail.trail_without_kms_encryption_test

import data.palisade.cloudtrail.trail_without_kms_encryption as policy

_trail(fields) := object.union({"id": "aws_cloudtrail.main", "path": [], "unknown": [], "sources": {}}, fields)

_input(trail) := {"aws": {"trails": [trail]}}

test_deny_no_key if {
	d := policy.deny with input as _input(_trail({}))
	d == {{"resource": "aws_cloudtrail.main", "path": [], "message": "the trail names no KMS key, so its logs are readable by anyone who can read the log bucket"}}
}

test_allow_customer_key_and_external_key if {
	d1 := policy.deny with input as _input(_trail({"kms_key": "aws_kms_key.trail", "key_is_customer_managed": true}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_trail({"kms_key": "arn:aws:kms:eu-west-1:111122223333:key/1234", "unknown": ["key_is_customer_managed"]}))
	count(d2) == 0
}

test_undecided_when_key_unknown if {
	t := _trail({"unknown": ["kms_key", "key_is_customer_managed"], "sources": {"kms_key": {"id": "aws_cloudtrail.main", "path": ["kms_key_id"]}}})
	u := policy.undecided with input as _input(t)
	u == {{"resource": "aws_cloudtrail.main", "path": ["kms_key_id"], "message": "cannot decide whether the trail's logs are encrypted with KMS: the key is unknown until apply"}}
	d := policy.deny with input as _input(t)
	count(d) == 0
}
