package palisade.cloudtrail.trail_single_region_test

import data.palisade.cloudtrail.trail_single_region as policy

_trail(fields) := object.union({"id": "aws_cloudtrail.main", "path": [], "name": "main", "unknown": [], "sources": {}}, fields)

_input(trail) := {"aws": {"trails": [trail]}}

test_deny_single_region_declared if {
	t := _trail({"is_multi_region": false, "sources": {"is_multi_region": {"id": "aws_cloudtrail.main", "path": ["is_multi_region_trail"]}}})
	d := policy.deny with input as _input(t)
	d == {{"resource": "aws_cloudtrail.main", "path": ["is_multi_region_trail"], "message": "the trail records API activity only in its home Region; activity in every other Region goes unrecorded"}}
}

test_deny_single_region_by_default if {
	d := policy.deny with input as _input(_trail({}))
	d == {{"resource": "aws_cloudtrail.main", "path": [], "message": "the trail records API activity only in its home Region; activity in every other Region goes unrecorded"}}
}

test_allow_multi_region if {
	d := policy.deny with input as _input(_trail({"is_multi_region": true}))
	count(d) == 0
}

test_undecided_when_unknown if {
	t := _trail({"unknown": ["is_multi_region"]})
	u := policy.undecided with input as _input(t)
	u == {{"resource": "aws_cloudtrail.main", "path": [], "message": "cannot decide whether the trail covers every Region: `is_multi_region` is unknown until apply"}}
	d := policy.deny with input as _input(t)
	count(d) == 0
}
