# METADATA
# title: IAM role trusts another account without an external id or MFA
# description: |
#   A trust policy that names another AWS account (its root or a principal in it) lets
#   whoever that account authorises assume the role. For a third party acting on your
#   behalf, sts:ExternalId prevents the confused-deputy problem (another customer of the
#   vendor pointing it at your role); for people, aws:MultiFactorAuthPresent requires
#   MFA. Without either, the other account's own controls are all that stands in the
#   way. Accounts are cross-account unless listed in `data.palisade.iam.trusted_accounts`,
#   built from the unit's own account id (aws_caller_identity, AWS::AccountId), or named
#   in resource ARNs of the unit's identity policies.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
#     description: Access to AWS accounts owned by third parties (external id)
# custom:
#   id: PAL-IAM-009
#   severity: medium
#   remediation: >-
#     Add `StringEquals sts:ExternalId <id agreed with the third party>` or
#     `Bool aws:MultiFactorAuthPresent true` to the trust statement, or list the account in
#     `trusted_accounts` (palisade --data) if it is yours. Terraform: a `condition` block
#     in the trust `aws_iam_policy_document`; CloudFormation: Condition in
#     AssumeRolePolicyDocument.
#   family: iam
#   reads: [iam.policies]
#   evaluates: {iam.policies: [trust]}
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.iam.iam_role_trust_cross_account

import data.palisade.lib.iam
import data.palisade.lib.result

deny contains finding if {
	some statement in iam.trust_statements
	statement.effect == "Allow"
	not "conditions" in statement.unknown
	not _guarded(statement)
	accounts := _foreign(statement)
	count(accounts) > 0
	finding := result.of(statement, sprintf("the trust policy lets account %s assume the role without sts:ExternalId or MFA", [concat(", ", sort(accounts))]))
}

undecided contains finding if {
	some statement in iam.trust_statements
	statement.effect == "Allow"
	not _guarded(statement)
	_unknown_part(statement)
	count(_foreign(statement)) == 0
	finding := result.of(statement, "cannot decide whether the trust policy admits another account without sts:ExternalId or MFA: its principals or conditions are unknown until apply")
}

undecided contains finding if {
	some policy in iam.unknown_trust_documents
	finding := result.of(policy, "cannot decide whether the trust policy admits another account without sts:ExternalId or MFA: its document is unknown until apply")
}

_foreign(statement) := {account |
	some principal in statement.principals.aws
	account := iam.account_of(principal)
	not account in iam.own_accounts
}

_unknown_part(statement) if "principals" in statement.unknown

_unknown_part(statement) if {
	"conditions" in statement.unknown
	count(_foreign(statement)) > 0
}

_guarded(statement) if "sts:externalid" in iam.condition_keys(statement)

_guarded(statement) if {
	some [operator, value] in iam.condition_values(statement, "aws:MultiFactorAuthPresent")
	startswith(operator, "bool")
	lower(sprintf("%v", [value])) == "true"
}
