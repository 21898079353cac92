# METADATA
# title: ECS container gets a secret as a plain environment variable
# description: |
#   Values in a container's `environment` are stored in the task definition as written.
#   Anyone who can describe task definitions (a read-only role, a CI system, a support
#   tool) reads them, and they stay in every revision, in plan files and in state. A
#   variable whose name says it holds a password, token or key (the list is in
#   `data.palisade.ecs`) and whose value is written in place is reported; name it under
#   `secrets` instead, with `valueFrom` pointing at Secrets Manager or SSM Parameter
#   Store, and ECS injects it when the task starts. Names that only point at a secret
#   (`…_ARN`, `…_NAME`, `…_URL`, `…_FILE`) are not reported. This is wider than Security
#   Hub ECS.8, which checks three names only, so the rule is not tagged with it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
#     description: Pass sensitive data to an Amazon ECS container
# custom:
#   id: PAL-ECS-003
#   severity: high
#   remediation: >-
#     Move the variable from `environment` to `secrets`, as `{name = "DB_PASSWORD",
#     valueFrom = <Secrets Manager secret or SSM parameter ARN>}` (CloudFormation:
#     `Secrets: [{Name, ValueFrom}]`), give the task execution role read access to it,
#     and rotate the value that was exposed.
#   family: container
#   reads: [ecs_task_definitions]
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.ecs.ecs_container_secret_in_environment

import data.palisade.lib.ecs
import data.palisade.lib.result

deny contains finding if {
	some task in input.aws.ecs_task_definitions
	some container in task.containers
	some env in container.environment
	_secret_name(env.name)
	env.value != ""
	finding := result.of(env, sprintf("environment variable `%s` of container %s holds a secret in plain text in the task definition", [env.name, ecs.label(container)]))
}

undecided contains finding if {
	some task in input.aws.ecs_task_definitions
	"containers" in task.unknown
	finding := result.of(task, "cannot decide whether a container gets a secret in its environment: the container definitions are unknown until apply")
}

undecided contains finding if {
	some task in input.aws.ecs_task_definitions
	some container in task.containers
	"environment" in container.unknown
	finding := result.of(container, sprintf("cannot decide whether container %s gets a secret in its environment: the environment is unknown until apply", [ecs.label(container)]))
}

undecided contains finding if {
	some task in input.aws.ecs_task_definitions
	some container in task.containers
	some env in container.environment
	_undecided_env(env)
	finding := result.of(env, sprintf("cannot decide whether an environment variable of container %s holds a secret: its name or value is unknown until apply", [ecs.label(container)]))
}

_undecided_env(env) if "name" in env.unknown

_undecided_env(env) if {
	_secret_name(env.name)
	"value" in env.unknown
}

_words(name) := split(replace(replace(upper(name), "-", "_"), ".", "_"), "_")

_secret_name(name) if upper(name) in {n | some n in data.palisade.ecs.secret_names}

_secret_name(name) if {
	words := _words(name)
	not words[count(words) - 1] in {w | some w in data.palisade.ecs.not_secret_last_words}
	some pattern in data.palisade.ecs.secret_words
	wanted := split(pattern, "_")
	count(words) >= count(wanted)
	some i in numbers.range(0, count(words) - count(wanted))
	array.slice(words, i, i + count(wanted)) == wanted
}
