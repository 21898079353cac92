package palisade.cloudtrail.trail_log_validation_disabled_test

import data.palisade.cloudtrail.trail_log_validation_disabled as policy

_trail(fields) := object.union({"id": "Trail", "path": [], "unknown": [], "sources": {}}, fields)

_input(trail) := {"aws": {"trails": [trail]}}

test_deny_validation_off if {
	t := _trail({"log_file_validation": false, "sources": {"log_file_validation": {"id": "Trail", "path": ["EnableLogFileValidation"]}}})
	d := policy.deny with input as _input(t)
	d == {{"resource": "Trail", "path": ["EnableLogFileValidation"], "message": "log file validation is off, so changed or deleted log files cannot be detected"}}
}

test_deny_validation_not_declared if {
	d := policy.deny with input as _input(_trail({}))
	count(d) == 1
}

test_allow_validation_on if {
	d := policy.deny with input as _input(_trail({"log_file_validation": true}))
	count(d) == 0
}

test_undecided_when_unknown if {
	t := _trail({"unknown": ["log_file_validation"], "sources": {"log_file_validation": {"id": "Trail", "path": ["EnableLogFileValidation"]}}})
	u := policy.undecided with input as _input(t)
	u == {{"resource": "Trail", "path": ["EnableLogFileValidation"], "message": "cannot decide whether log file validation is on: it is unknown until apply"}}
	d := policy.deny with input as _input(t)
	count(d) == 0
}
