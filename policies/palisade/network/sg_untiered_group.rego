# METADATA
# title: Security group without a tier in a matrix-governed VPC
# description: |
#   Once groups in a VPC carry tiers, the traffic matrix can only vouch for the groups it
#   knows. A group without a tier (no tier tag and no matching name pattern), or whose
#   tier tag names no tier of the matrix, escapes every matrix check: its rules are not
#   judged and edges to it cannot be placed. The VPC's default group is PAL-NET-006's.
#   Silent in VPCs where no group has a tier.
# related_resources:
#   - ref: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
#     description: Tagging AWS resources
# custom:
#   id: PAL-NET-012
#   severity: medium
#   remediation: >-
#     Tag the group with its tier (default tag key `Tier`), or add the tier to the
#     matrix data if it is a new one.
#   family: security-group
#   reads: [security_groups]
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.network.sg_untiered_group

import data.palisade.lib.matrix
import data.palisade.lib.result

_matrix := data.palisade.network.matrix

deny contains finding if {
	some group in _candidates
	matrix.governed(group)
	finding := result.of(group, _message(group))
}

undecided contains finding if {
	some group in _candidates
	"vpc" in group.unknown
	count(matrix.governed_vpcs) > 0
	finding := result.of(group, "cannot decide whether the group is in a matrix-governed VPC: vpc unknown until apply")
}

_candidates contains group if {
	some group in input.aws.security_groups
	not matrix.tiered(group)
	not group.default
	not group.external
}

_message(group) := sprintf("tag %s = %q names no tier of the matrix (%s)", [
	_matrix.tag_key,
	matrix.tag_value(group),
	concat(", ", sort([name | some name, _ in _matrix.tiers])),
]) if {
	matrix.tag_value(group)
} else := sprintf("the group has no %s tag and its name matches no tier's pattern, in a VPC whose groups are tiered", [_matrix.tag_key])
