# METADATA
# title: IAM principal can escalate its own privileges
# description: |
#   Some sets of permissions, held together by one role, user or group, let it raise
#   its own permissions to any level: create a new version of a managed policy it
#   holds, attach AdministratorAccess to itself, pass a privileged role to a Lambda
#   function it then invokes. This rule combines every identity policy that reaches
#   the principal (inline, attached, and for a user its groups') and reports the
#   published escalation methods (`data.palisade.iam.privilege_escalation`) it holds on
#   every resource. An explicit Deny is credited only when it is unconditional and
#   covers every resource. AWS managed policies attached by ARN are not read (their
#   documents are not in the unit; PAL-IAM-007 judges the broad ones).
# related_resources:
#   - ref: https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
#     description: "Rhino Security Labs: AWS IAM privilege escalation methods"
# custom:
#   id: PAL-IAM-006
#   severity: critical
#   remediation: >-
#     Remove one action of each reported set from the principal, or scope it to named
#     resources (iam:PassRole to the roles the workload launches, iam:CreatePolicyVersion
#     to no policy the principal holds). Terraform: change the statements of the
#     `aws_iam_policy_document`/policies attached through `aws_iam_role_policy`,
#     `aws_iam_role_policy_attachment` …; CloudFormation: the Policies and ManagedPolicyArns
#     of the role, user or group.
#   family: iam
#   reads: [iam.roles, iam.users, iam.groups, iam.policies]
#   evaluates: {iam.roles: [], iam.users: [], iam.groups: []}
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.iam.iam_principal_privilege_escalation

import data.palisade.lib.iam
import data.palisade.lib.result

# Data read through a rule: a `data.` path is looked up again at every use (regorus
# scans the modules for it), a rule's value only once.
_escalation_methods := data.palisade.iam.privilege_escalation

deny contains finding if {
	some i, principal in iam.principals
	methods := _escalation[i].methods
	count(methods) > 0
	finding := result.of(principal, sprintf("the principal's policies let it %s", [_listing(sort(methods))]))
}

undecided contains finding if {
	some i, principal in iam.principals
	count(_escalation[i].methods) == 0
	reasons := _unknowns(principal, _escalation[i].statements)
	count(reasons) > 0
	finding := result.of(principal, sprintf("cannot decide whether the principal can escalate its privileges: %s", [concat("; ", sort(reasons))]))
}

# For each principal (by its index in iam.principals), its effective statements and the
# methods it holds every action of: a rule, so deny and undecided share it. Methods
# share actions (iam:PassRole is in many), so the actions held are found once, pattern
# by pattern, in the statements that allow on every resource less those the
# unconditional denies name, both sorted out once.
_escalation[i] := {"statements": statements, "methods": methods} if {
	some i, principal in iam.principals
	statements := iam.effective_statements(principal)
	allows := [statement | some statement in statements; iam.allows_everywhere(statement)]
	denies := [statement | some statement in statements; iam.denies_unconditionally(statement)]
	held := {action | some statement in allows; some action in iam.named_actions(statement, _actions)} - {action |
		some statement in denies
		some action in iam.named_actions(statement, _actions)
	}
	methods := {method.name |
		some method in _escalation_methods
		every action in method.actions {
			action in held
		}
		_applies(method, principal) # after the cheap test: most methods are not held
	}
}

# Every action some escalation method needs.
_actions contains action if {
	some method in _escalation_methods
	some action in method.actions
}

# A principal holding `*` has every method; name three and count the rest.
_listing(methods) := concat("; ", methods) if count(methods) <= 3

_listing(methods) := sprintf("%s (and %d more ways to escalate)", [concat("; ", array.slice(methods, 0, 3)), count(methods) - 3]) if count(methods) > 3

_applies(method, _) if not method.principals

_applies(method, principal) if _kind(principal) in method.principals

_kind(principal) := "role" if {
	principal.id in _role_ids
} else := "user" if {
	principal.id in _user_ids
} else := "group"

_role_ids := {role.id | some role in input.aws.iam.roles}

_user_ids := {user.id | some user in input.aws.iam.users}

# Unknowns that could complete a method: unknown attachments or documents, and
# statements whose unknown parts could grant one of the methods' actions.
_unknowns(principal, statements) := iam.unknown_grants(principal) | {reason |
	some statement in statements
	fields := iam.unknown_grant_fields(statement) # first: most statements are fully known
	count(fields) > 0
	some method in _escalation_methods
	_applies(method, principal)
	some action in method.actions
	not iam.grants_everywhere(statement, action)
	iam.may_grant_everywhere(statement, action)
	reason := sprintf("%s of a statement in %s unknown until apply", [concat(", ", fields), statement.id])
}
