package palisade.messaging.sns_topic_unencrypted_test

import data.palisade.messaging.sns_topic_unencrypted as policy

_topic(fields) := object.union({"id": "aws_sns_topic.alerts", "path": [], "kind": "sns_topic", "name": "alerts", "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}

test_deny_topic_without_key if {
	d := policy.deny with input as _input(_topic({}))
	d == {{"resource": "aws_sns_topic.alerts", "path": [], "message": "the topic names no KMS key, so SNS stores its messages unencrypted"}}
}

test_allow_topic_with_key if {
	d := policy.deny with input as _input(_topic({"encrypted_at_rest": true, "encryption": "kms", "kms_key": "aws_kms_key.sns"}))
	count(d) == 0
}

test_other_kinds_are_not_judged if {
	d := policy.deny with input as _input(_topic({"kind": "sqs_queue"}))
	count(d) == 0
}

test_undecided_when_the_key_setting_is_unknown if {
	s := _topic({"unknown": ["kms_key", "encrypted_at_rest"]})
	u := policy.undecided with input as _input(s)
	u == {{"resource": "aws_sns_topic.alerts", "path": [], "message": "cannot decide whether the topic is encrypted: its KMS key setting is unknown until apply"}}
	d := policy.deny with input as _input(s)
	count(d) == 0
}
