package palisade.guardduty.guardduty_detector_disabled_test

import data.palisade.guardduty.guardduty_detector_disabled as policy

_detector(fields) := object.union({"id": "aws_guardduty_detector.main", "path": [], "unknown": [], "sources": {}}, fields)

_input(detector) := {"aws": {"guardduty_detectors": [detector]}}

test_deny_disabled_detector if {
	g := _detector({"enabled": false, "sources": {"enabled": {"id": "aws_guardduty_detector.main", "path": ["enable"]}}})
	d := policy.deny with input as _input(g)
	d == {{"resource": "aws_guardduty_detector.main", "path": ["enable"], "message": "the detector is disabled, so GuardDuty produces no findings for this account and Region"}}
}

test_allow_enabled_or_default if {
	d1 := policy.deny with input as _input(_detector({"enabled": true}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_detector({}))
	count(d2) == 0
}

test_allow_no_detector if {
	d := policy.deny with input as {"aws": {"guardduty_detectors": []}}
	count(d) == 0
}

test_undecided_when_unknown if {
	g := _detector({"unknown": ["enabled"], "sources": {"enabled": {"id": "aws_guardduty_detector.main", "path": ["enable"]}}})
	u := policy.undecided with input as _input(g)
	u == {{"resource": "aws_guardduty_detector.main", "path": ["enable"], "message": "cannot decide whether the detector is enabled: it is unknown until apply"}}
	d := policy.deny with input as _input(g)
	count(d) == 0
}
