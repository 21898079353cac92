# METADATA
# title: KMS key policy grants kms:* to a principal other than the account
# description: |
#   kms:* on a key includes administering it: PutKeyPolicy, ScheduleKeyDeletion,
#   DisableKey, CreateGrant. The default key policy gives it to the account root, which
#   delegates to IAM; giving it to a role, a user, another account's principal or "*"
#   lets that principal lock everyone else out of the key, delete it (and with it the
#   data it protects) or grant its use to anyone. Key users need kms:Encrypt, Decrypt,
#   GenerateDataKey*; key administrators the management actions without the
#   cryptographic ones.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
#     description: Default key policy
# custom:
#   id: PAL-IAM-013
#   severity: high
#   remediation: >-
#     Keep kms:* for the account root (arn:aws:iam::<account>:root) only; give roles the
#     specific actions they need. Terraform: the `policy` of `aws_kms_key` (or its
#     `aws_iam_policy_document`); CloudFormation: KeyPolicy of AWS::KMS::Key.
#   family: iam
#   reads: [iam.policies, kms_keys]
#   evaluates: {kms_keys: []}
#   formats: [plan, cfn, hcl, state, cli]
package palisade.iam.kms_key_policy_wildcard_grant

import data.palisade.lib.iam
import data.palisade.lib.result

deny contains finding if {
	some statement in _key_statements
	_grants_all_kms(statement)
	others := _non_root(statement)
	count(others) > 0
	finding := result.of(statement, sprintf("the key policy grants kms:* to %s", [concat(", ", sort(others))]))
}

undecided contains finding if {
	some statement in _key_statements
	_may_grant_all_kms(statement)
	count(_non_root(statement)) == 0
	reasons := _unknowns(statement)
	count(reasons) > 0
	finding := result.of(statement, sprintf("cannot decide whether the key policy grants kms:* beyond the account root: %s", [concat(", ", sort(reasons))]))
}

undecided contains finding if {
	some policy in input.aws.iam.policies
	policy.kind == "resource"
	"document" in policy.unknown
	_is_key(policy.id)
	finding := result.of(policy, "cannot decide whether the key policy grants kms:* beyond the account root: the policy is unknown (until apply, or not in a live export)")
}

_key_statements contains statement if {
	some policy in input.aws.iam.policies
	policy.kind == "resource"
	_is_key(policy.id)
	some statement in policy.statements
}

_is_key(id) if id in _key_ids

_key_ids := {key.id | some key in input.aws.kms_keys}

# Every KMS action: Action kms:* or *, or a NotAction that excludes no KMS action.
_grants_all_kms(statement) if {
	statement.effect == "Allow"
	some pattern in statement.actions
	iam.action_matches(pattern, "kms:*")
}

_may_grant_all_kms(statement) if _grants_all_kms(statement)

_may_grant_all_kms(statement) if {
	statement.effect == "Allow"
	"actions" in statement.unknown
}

_non_root(statement) := {sprintf("%q", [p]) | some p in statement.principals.aws; not iam.is_account_root(p)} | {"\"*\"" | statement.principals.all}

_unknowns(statement) := {"principals unknown until apply" | "principals" in statement.unknown} | {"actions unknown until apply" | "actions" in statement.unknown} | {"a principal built from the account id may be a role, not the root" | statement.principals.own_account}
