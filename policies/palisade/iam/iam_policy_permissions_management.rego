# METADATA
# title: IAM policy allows permissions-management or credential actions on every resource
# description: |
#   Actions such as iam:AttachRolePolicy, iam:PutUserPolicy, iam:CreatePolicyVersion,
#   iam:CreateAccessKey or iam:UpdateAssumeRolePolicy change who may do what, or mint
#   credentials for another identity. Allowed on Resource "*", they let the holder grant
#   itself (or anyone) any permission in the account, so the policy is administrative
#   access in all but name. The list of actions is data
#   (`data.palisade.iam.permissions_management_actions`). Statements with a whole-service
#   wildcard are reported by PAL-IAM-001/002 instead.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html
#     description: "IAM access levels: Permissions management"
# custom:
#   id: PAL-IAM-005
#   severity: high
#   remediation: >-
#     Give these actions only to a dedicated, audited administration role, and scope
#     them to the resources they manage (e.g. iam:CreateAccessKey on
#     arn:aws:iam::111122223333:user/${aws:username} for self-service). Terraform: set the
#     statement's `resources` to those ARNs; CloudFormation: the same in PolicyDocument.
#   family: iam
#   reads: [iam.policies]
#   evaluates: {iam.policies: [identity]}
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.iam.iam_policy_permissions_management

import data.palisade.lib.iam
import data.palisade.lib.result

# Data read through a rule: a `data.` path is looked up again at every use (regorus
# scans the modules for it), a rule's value only once.
_management_actions := data.palisade.iam.permissions_management_actions

deny contains finding if {
	some statement in iam.identity_statements
	actions := _granted(statement)
	count(actions) > 0
	finding := result.of(statement, sprintf("statement allows %s on every resource", [concat(", ", sort(actions))]))
}

undecided contains finding if {
	some policy in iam.unknown_identity_documents
	finding := result.of(policy, "cannot decide whether the policy allows permissions-management actions: its document is unknown until apply")
}

undecided contains finding if {
	some statement in iam.identity_statements
	fields := iam.unknown_grant_fields(statement) # first: most statements are fully known
	count(fields) > 0
	count(_granted(statement)) == 0
	some action in _management_actions
	iam.may_specific_grant_everywhere(statement, action)
	finding := result.of(statement, sprintf("cannot decide whether the statement allows permissions-management actions on every resource: %s unknown until apply", [concat(", ", fields)]))
}

_granted(statement) := {action |
	# The statement-wide guards and each pattern's service-wide test are done once,
	# then each pattern is compared with all the actions (specific_grant_everywhere,
	# inside out).
	iam.allows_everywhere(statement)
	some pattern in statement.actions
	not iam.service_wide(pattern)
	some action in iam.actions_matched(pattern, _management_actions)
}
