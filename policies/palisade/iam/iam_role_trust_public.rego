# METADATA
# title: IAM role trusts every AWS principal without a restricting condition
# description: |
#   A trust policy with Principal "*" (or AWS "*") and no condition that narrows it lets
#   any identity in any AWS account assume the role and act with its permissions. A
#   condition restricts it only when it names who may come in: aws:PrincipalOrgID,
#   aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, sts:ExternalId, an OIDC
#   claim …; conditions on MFA, transport or time alone do not (anyone can satisfy them
#   from their own account).
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy
#     description: Role trust policies
# custom:
#   id: PAL-IAM-008
#   severity: critical
#   remediation: >-
#     Name the trusted principals (account root, role ARNs, a service) instead of "*",
#     or add a condition such as `StringEquals aws:PrincipalOrgID o-abc123`. Terraform:
#     in the `assume_role_policy` document's `principals` block; CloudFormation: in
#     AssumeRolePolicyDocument.
#   family: iam
#   reads: [iam.policies]
#   evaluates: {iam.policies: [trust]}
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.iam.iam_role_trust_public

import data.palisade.lib.iam
import data.palisade.lib.result

# Condition keys that every caller can satisfy from its own account.
_not_restricting := {
	"aws:multifactorauthpresent", "aws:multifactorauthage", "aws:securetransport",
	"aws:currenttime", "aws:epochtime", "aws:requestedregion", "aws:useragent",
	"aws:tokenissuetime", "aws:viaawsservice",
}

deny contains finding if {
	some statement in iam.trust_statements
	statement.effect == "Allow"
	statement.principals.all
	not "conditions" in statement.unknown
	not _restricted(statement)
	finding := result.of(statement, "the trust policy lets any AWS principal assume the role: Principal \"*\" with no condition naming who may")
}

undecided contains finding if {
	some statement in iam.trust_statements
	statement.effect == "Allow"
	statement.principals.all
	"conditions" in statement.unknown
	not _restricted(statement)
	finding := result.of(statement, "cannot decide whether the trust policy is open to every AWS principal: its conditions are unknown until apply")
}

undecided contains finding if {
	some statement in iam.trust_statements
	statement.effect == "Allow"
	not statement.principals.all
	"principals" in statement.unknown
	count(statement.conditions) == 0
	finding := result.of(statement, "cannot decide whether the trust policy is open to every AWS principal: its principals are unknown until apply")
}

undecided contains finding if {
	some policy in iam.unknown_trust_documents
	finding := result.of(policy, "cannot decide whether the trust policy is open to every AWS principal: its document is unknown until apply")
}

_restricted(statement) if {
	some key in iam.condition_keys(statement)
	not key in _not_restricting
}
