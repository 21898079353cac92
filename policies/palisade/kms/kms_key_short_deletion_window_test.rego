package palisade.kms.kms_key_short_deletion_window_test

import data.palisade.kms.kms_key_short_deletion_window as policy

_key(fields) := object.union({"id": "k", "path": [], "unknown": []}, fields)

_input(key) := {"aws": {"kms_keys": [key]}}

test_deny_seven_day_window if {
	d := policy.deny with input as _input(_key({"deletion_window_days": 7}))
	d == {{"resource": "k", "path": [], "message": "deletion waiting period is 7 days; at least 30 required"}}
}

test_allow_thirty_days_or_the_default if {
	d1 := policy.deny with input as _input(_key({"deletion_window_days": 30}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_key({}))
	count(d2) == 0
}

test_minimum_is_data if {
	d := policy.deny with input as _input(_key({"deletion_window_days": 14})) with data.palisade.kms.min_deletion_window_days as 14
	count(d) == 0
}

test_undecided_when_window_unknown if {
	u := policy.undecided with input as _input(_key({"unknown": ["deletion_window_days"]}))
	u == {{"resource": "k", "path": [], "message": "cannot decide the deletion waiting period: deletion_window_days unknown until apply"}}
}
