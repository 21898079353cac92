package palisade.kms.kms_key_rotation_disabled_test

import data.palisade.kms.kms_key_rotation_disabled as policy

_key(fields) := object.union({"id": "aws_kms_key.data", "path": [], "unknown": []}, fields)

_input(key) := {"aws": {"kms_keys": [key]}}

_finding(message) := {"resource": "aws_kms_key.data", "path": [], "message": message}

test_deny_rotation_switched_off if {
	d := policy.deny with input as _input(_key({"rotation_enabled": false, "key_spec": "SYMMETRIC_DEFAULT"}))
	d == {_finding("automatic key rotation is switched off")}
}

test_deny_rotation_not_declared if {
	d := policy.deny with input as _input(_key({}))
	d == {_finding("automatic key rotation is not enabled (AWS leaves it off by default)")}
}

test_allow_rotation_enabled if {
	d := policy.deny with input as _input(_key({"rotation_enabled": true}))
	count(d) == 0
	u := policy.undecided with input as _input(_key({"rotation_enabled": true}))
	count(u) == 0
}

test_asymmetric_and_hmac_keys_are_not_judged if {
	d1 := policy.deny with input as _input(_key({"key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_key({"key_spec": "HMAC_256", "key_usage": "GENERATE_VERIFY_MAC"}))
	count(d2) == 0
}

test_undecided_when_rotation_unknown if {
	k := _key({"unknown": ["rotation_enabled"]})
	d := policy.deny with input as _input(k)
	count(d) == 0
	u := policy.undecided with input as _input(k)
	u == {_finding("cannot decide whether the key rotates: rotation_enabled unknown (until apply, or not in a live export)")}
}

test_undecided_when_key_spec_unknown if {
	k := _key({"rotation_enabled": false, "unknown": ["key_spec"]})
	d := policy.deny with input as _input(k)
	count(d) == 0
	u := policy.undecided with input as _input(k)
	u == {_finding("cannot decide whether the key rotates: key_spec unknown (until apply, or not in a live export)")}
}
