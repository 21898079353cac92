# METADATA
# title: IAM policy allows with NotAction or NotResource
# description: |
#   "Effect": "Allow" with NotAction grants every action except the ones listed —
#   including every action AWS adds later — and Allow with NotResource grants the
#   actions on every resource except the ones listed. Both read as restrictions but are
#   broad grants, and they are easy to get wrong. Use them only in Deny statements;
#   allow by listing actions and resources.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
#     description: "IAM JSON policy elements: NotAction"
# custom:
#   id: PAL-IAM-003
#   severity: high
#   remediation: >-
#     List the allowed actions in Action and the resources in Resource; express the
#     exceptions as a separate Deny statement. Terraform: in `aws_iam_policy_document`
#     replace `not_actions`/`not_resources` with `actions`/`resources`; CloudFormation:
#     the same in PolicyDocument.
#   family: iam
#   reads: [iam.policies]
#   evaluates: {iam.policies: [identity]}
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.iam.iam_policy_allow_not_action

import data.palisade.lib.iam
import data.palisade.lib.result

deny contains finding if {
	some statement in _identity_statements
	statement.effect == "Allow"
	elements := _negated(statement)
	count(elements) > 0
	finding := result.of(statement, sprintf("statement allows with %s: a grant of everything but what is listed", [concat(" and ", elements)]))
}

undecided contains finding if {
	some statement in _identity_statements
	"effect" in statement.unknown
	count(_negated(statement)) > 0
	finding := result.of(statement, "cannot decide whether the statement allows with NotAction or NotResource: its effect is unknown until apply")
}

undecided contains finding if {
	some policy in iam.unknown_identity_documents
	finding := result.of(policy, "cannot decide whether the policy allows with NotAction or NotResource: its document is unknown until apply")
}

_identity_statements contains statement if {
	some policy in input.aws.iam.policies
	policy.kind == "identity"
	some statement in policy.statements
}

_negated(statement) := [name |
	some field, name in {"not_actions": "NotAction", "not_resources": "NotResource"}
	_present(statement, field)
]

_present(statement, field) if count(statement[field]) > 0

_present(statement, field) if field in statement.unknown
