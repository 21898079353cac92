# METADATA
# title: ECS container runs privileged
# description: |
#   A privileged container gets every Linux capability and the host's devices, the same
#   power as root on the host. Whoever takes over the process (a vulnerable dependency,
#   an injected command) can escape the container and reach every other task on the
#   instance and the instance's credentials. Fargate refuses privileged containers; on
#   EC2 capacity it is `privileged: true` in the container definition.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security
#     description: Task definition parameters, security
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-4
#     description: "Security Hub ECS.4: ECS containers should run as non-privileged"
# custom:
#   id: PAL-ECS-001
#   severity: high
#   remediation: >-
#     Remove `privileged = true` from the container definition (CloudFormation:
#     `Privileged: true`); grant the one capability the container needs with
#     `linuxParameters.capabilities.add` instead.
#   family: container
#   reads: [ecs_task_definitions]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["ECS.4"]
#     aws-security-hub: ["ECS.4"]
#     nist-800-53-r5: ["AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-5", "AC-6"]
package palisade.ecs.ecs_container_privileged

import data.palisade.lib.ecs
import data.palisade.lib.result

deny contains finding if {
	some task in input.aws.ecs_task_definitions
	some container in task.containers
	container.privileged == true
	finding := result.field(container, "privileged", sprintf("container %s runs privileged, with root's power over the host", [ecs.label(container)]))
}

undecided contains finding if {
	some task in input.aws.ecs_task_definitions
	"containers" in task.unknown
	finding := result.of(task, "cannot decide whether a container runs privileged: the container definitions are unknown until apply")
}

undecided contains finding if {
	some task in input.aws.ecs_task_definitions
	some container in task.containers
	"privileged" in container.unknown
	finding := result.field(container, "privileged", sprintf("cannot decide whether container %s runs privileged: the setting is unknown until apply", [ecs.label(container)]))
}
