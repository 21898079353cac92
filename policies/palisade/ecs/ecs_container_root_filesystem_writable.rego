# METADATA
# title: ECS container's root filesystem is writable
# description: |
#   A container whose root filesystem is writable lets an intruder change its binaries
#   and configuration, drop tools, and persist until the task is replaced. With
#   `readonlyRootFilesystem: true` the image stays as built; writable scratch space comes
#   from volumes mounted where the application needs it. ECS leaves the root filesystem
#   writable unless the container definition says otherwise. Severity is low: it limits
#   what an intruder can do, it does not keep one out.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_storage
#     description: Task definition parameters, storage and logging
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-5
#     description: "Security Hub ECS.5: ECS containers should be limited to read-only access to root filesystems"
# custom:
#   id: PAL-ECS-002
#   severity: low
#   remediation: >-
#     Set `readonlyRootFilesystem = true` in the container definition (CloudFormation:
#     `ReadonlyRootFilesystem: true`) and mount a volume (or a `tmpfs` on EC2) where the
#     application writes.
#   family: container
#   reads: [ecs_task_definitions]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["ECS.5"]
#     aws-security-hub: ["ECS.5"]
#     nist-800-53-r5: ["AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-5", "AC-6"]
package palisade.ecs.ecs_container_root_filesystem_writable

import data.palisade.lib.ecs
import data.palisade.lib.result

deny contains finding if {
	some task in input.aws.ecs_task_definitions
	some container in task.containers
	not "readonly_root_filesystem" in container.unknown
	not container.readonly_root_filesystem
	finding := result.field(container, "readonly_root_filesystem", sprintf("container %s can write to its root filesystem, so an intruder can change the image's files", [ecs.label(container)]))
}

undecided contains finding if {
	some task in input.aws.ecs_task_definitions
	"containers" in task.unknown
	finding := result.of(task, "cannot decide whether the containers' root filesystems are read-only: the container definitions are unknown until apply")
}

undecided contains finding if {
	some task in input.aws.ecs_task_definitions
	some container in task.containers
	"readonly_root_filesystem" in container.unknown
	finding := result.field(container, "readonly_root_filesystem", sprintf("cannot decide whether container %s has a read-only root filesystem: the setting is unknown until apply", [ecs.label(container)]))
}
