# METADATA
# title: IAM policy grants full administrative access
# description: |
#   A statement that allows every action ("*" or "*:*") on every resource ("*") gives
#   whoever holds the policy full control of the account: they can read and delete any
#   data, mint users and access keys for themselves, switch off CloudTrail, and rewrite
#   every other policy, including this one. Least privilege means granting the actions
#   a task needs on the resources it touches; the few people who need administrative
#   access should get it through a dedicated, audited role, never through workload or
#   CI identities. This rule judges identity policies; trust and resource policies are
#   judged by their own rules.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#     description: "IAM security best practices: apply least-privilege permissions"
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1
#     description: "Security Hub IAM.1: IAM policies should not allow full \"*\" administrative privileges"
# custom:
#   id: PAL-IAM-001
#   severity: critical
#   remediation: >-
#     Replace the wildcard with the actions the principal needs, scoped to the
#     resources it uses (IAM Access Analyzer can generate a policy from CloudTrail
#     activity). Give human administrators a separate role instead.
#   family: iam
#   reads: [iam.policies]
#   evaluates: {iam.policies: [identity]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["1.16"]
#     cis-aws-foundations-v5.0: ["1.15"]
#     aws-fsbp: ["IAM.1"]
#     aws-security-hub: ["IAM.1"]
#     nist-800-53-r5: ["AC-2", "AC-2(1)", "AC-3", "AC-3(7)", "AC-3(15)", "AC-5", "AC-6", "AC-6(2)", "AC-6(3)", "AC-6(10)"]
package palisade.iam.iam_policy_wildcard_action_resource

import data.palisade.lib.result

# Actions are lower-cased in the model; both spellings mean every action of every service.
_every_action := {"*", "*:*"}

# Statement fields that decide this rule.
_decisive := {"effect", "actions", "resources"}

deny contains finding if {
	some statement in _identity_statements
	_grants_everything(statement)
	finding := result.of(statement, sprintf("statement allows %s on resource \"*\": full administrative access", [
		concat(", ", [sprintf("%q", [action]) | some action in sort(_wildcards(statement))]),
	]))
}

# The whole document is unknown until apply (e.g. built from values known only then).
undecided contains finding if {
	some policy in input.aws.iam.policies
	policy.kind == "identity"
	"document" in policy.unknown
	finding := result.of(policy, "cannot decide whether the policy grants full administrative access: its document is unknown until apply")
}

# Part of a statement is unknown, and the known part does not rule the grant out.
undecided contains finding if {
	some statement in _identity_statements
	not _grants_everything(statement)
	_may_allow(statement)
	_may_name_every_action(statement)
	_may_name_every_resource(statement)
	fields := sort({name | some name in statement.unknown; name in _decisive})
	count(fields) > 0
	finding := result.of(statement, sprintf("cannot decide whether the statement grants full administrative access: %s unknown until apply", [concat(", ", fields)]))
}

_identity_statements contains statement if {
	some policy in input.aws.iam.policies
	policy.kind == "identity"
	some statement in policy.statements
}

_grants_everything(statement) if {
	statement.effect == "Allow"
	count(_wildcards(statement)) > 0
	"*" in statement.resources
}

_wildcards(statement) := {action | some action in statement.actions; action in _every_action}

_may_allow(statement) if statement.effect == "Allow"

_may_allow(statement) if "effect" in statement.unknown

_may_name_every_action(statement) if count(_wildcards(statement)) > 0

_may_name_every_action(statement) if "actions" in statement.unknown

_may_name_every_resource(statement) if "*" in statement.resources

_may_name_every_resource(statement) if "resources" in statement.unknown
