package palisade.messaging.sqs_queue_unencrypted_test

import data.palisade.messaging.sqs_queue_unencrypted as policy

_queue(fields) := object.union({"id": "aws_sqs_queue.jobs", "path": [], "kind": "sqs_queue", "name": "jobs", "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}

test_deny_queue_with_sse_switched_off if {
	s := _queue({"encrypted_at_rest": false, "sources": {"encrypted_at_rest": {"id": "aws_sqs_queue.jobs", "path": ["sqs_managed_sse_enabled"]}}})
	d := policy.deny with input as _input(s)
	d == {{"resource": "aws_sqs_queue.jobs", "path": ["sqs_managed_sse_enabled"], "message": "server-side encryption is switched off and no KMS key is given, so the queue stores its messages unencrypted"}}
}

test_allow_default_sse_sqs_and_kms if {
	d1 := policy.deny with input as _input(_queue({"encrypted_at_rest": true, "encryption": "service"}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_queue({"encrypted_at_rest": true, "encryption": "kms", "kms_key": "aws_kms_key.sqs"}))
	count(d2) == 0
}

test_undecided_when_the_switch_is_unknown if {
	s := _queue({"unknown": ["encrypted_at_rest"]})
	u := policy.undecided with input as _input(s)
	u == {{"resource": "aws_sqs_queue.jobs", "path": [], "message": "cannot decide whether the queue is encrypted: its encryption settings are unknown until apply"}}
	d := policy.deny with input as _input(s)
	count(d) == 0
}
