package palisade.ecs.ecs_container_root_filesystem_writable_test

import data.palisade.ecs.ecs_container_root_filesystem_writable as policy

_container(fields) := object.union({"id": "aws_ecs_task_definition.app", "path": ["container_definitions"], "name": "app", "environment": [], "secrets": [], "unknown": [], "sources": {}}, fields)

_input(containers, unknown) := {"aws": {"ecs_task_definitions": [{"id": "aws_ecs_task_definition.app", "path": [], "containers": containers, "unknown": unknown}]}}

test_deny_writable_by_default if {
	d := policy.deny with input as _input([_container({})], [])
	d == {{"resource": "aws_ecs_task_definition.app", "path": ["container_definitions"], "message": "container `app` can write to its root filesystem, so an intruder can change the image's files"}}
}

test_deny_declared_writable if {
	d := policy.deny with input as _input([_container({"readonly_root_filesystem": false})], [])
	count(d) == 1
}

test_allow_read_only if {
	d := policy.deny with input as _input([_container({"readonly_root_filesystem": true})], [])
	count(d) == 0
}

test_undecided_when_unknown if {
	c := _container({"unknown": ["readonly_root_filesystem"]})
	u := policy.undecided with input as _input([c], [])
	u == {{"resource": "aws_ecs_task_definition.app", "path": ["container_definitions"], "message": "cannot decide whether container `app` has a read-only root filesystem: the setting is unknown until apply"}}
	d := policy.deny with input as _input([c], [])
	count(d) == 0
	u2 := policy.undecided with input as _input([], ["containers"])
	count(u2) == 1
}
