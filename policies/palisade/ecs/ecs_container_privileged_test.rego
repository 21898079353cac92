package palisade.ecs.ecs_container_privileged_test

import data.palisade.ecs.ecs_container_privileged as policy

_container(fields) := object.union({"id": "AppTask", "path": ["ContainerDefinitions", 0], "name": "app", "environment": [], "secrets": [], "unknown": [], "sources": {}}, fields)

_input(containers, unknown) := {"aws": {"ecs_task_definitions": [{"id": "AppTask", "path": [], "containers": containers, "unknown": unknown}]}}

test_deny_privileged_container if {
	c := _container({"privileged": true, "sources": {"privileged": {"id": "AppTask", "path": ["ContainerDefinitions", 0, "Privileged"]}}})
	d := policy.deny with input as _input([c], [])
	d == {{"resource": "AppTask", "path": ["ContainerDefinitions", 0, "Privileged"], "message": "container `app` runs privileged, with root's power over the host"}}
}

test_allow_unprivileged_or_default if {
	d := policy.deny with input as _input([_container({"privileged": false}), _container({"name": "sidecar"})], [])
	count(d) == 0
}

test_undecided_when_definitions_unknown if {
	u := policy.undecided with input as _input([], ["containers"])
	u == {{"resource": "AppTask", "path": [], "message": "cannot decide whether a container runs privileged: the container definitions are unknown until apply"}}
}

test_undecided_when_setting_unknown if {
	c := _container({"unknown": ["privileged"]})
	u := policy.undecided with input as _input([c], [])
	u == {{"resource": "AppTask", "path": ["ContainerDefinitions", 0], "message": "cannot decide whether container `app` runs privileged: the setting is unknown until apply"}}
	d := policy.deny with input as _input([c], [])
	count(d) == 0
}
