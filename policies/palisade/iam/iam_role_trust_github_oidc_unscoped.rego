# METADATA
# title: GitHub Actions OIDC trust not scoped to a repository
# description: |
#   A role that trusts GitHub's OIDC provider (token.actions.githubusercontent.com) is
#   assumed with a token GitHub issues to any workflow of any repository on github.com.
#   Unless the trust requires the audience sts.amazonaws.com and a `sub` claim naming one
#   repository (`repo:acme/deploy:ref:refs/heads/main`, `repo:acme/deploy:environment:prod`),
#   anyone can run a workflow in their own repository and take the role. `repo:acme/*`
#   or `*` is not scoped: every repository of the organisation (or of GitHub) qualifies.
# related_resources:
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#     description: "GitHub: configuring OpenID Connect in AWS"
# custom:
#   id: PAL-IAM-011
#   severity: critical
#   remediation: >-
#     Require `StringEquals token.actions.githubusercontent.com:aud sts.amazonaws.com` and
#     `StringEquals` (or `StringLike` with no wildcard in the repository)
#     `token.actions.githubusercontent.com:sub repo:<org>/<repo>:ref:refs/heads/main`.
#     Terraform: two `condition` blocks in the trust `aws_iam_policy_document`;
#     CloudFormation: the Condition of AssumeRolePolicyDocument.
#   family: iam
#   reads: [iam.policies]
#   evaluates: {iam.policies: [trust]}
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.iam.iam_role_trust_github_oidc_unscoped

import data.palisade.lib.iam
import data.palisade.lib.result

_host := data.palisade.iam.github_oidc_host

# Read through a rule: a `data.` path is looked up again at every use.
_audience := data.palisade.iam.github_oidc_audience

deny contains finding if {
	some statement in iam.trust_statements
	statement.effect == "Allow"
	_github(statement)
	not "conditions" in statement.unknown
	problems := _problems(statement)
	count(problems) > 0
	finding := result.of(statement, sprintf("the GitHub Actions OIDC trust %s", [concat(" and ", sort(problems))]))
}

undecided contains finding if {
	some statement in iam.trust_statements
	statement.effect == "Allow"
	_github(statement)
	"conditions" in statement.unknown
	finding := result.of(statement, "cannot decide whether the GitHub Actions OIDC trust is scoped to a repository: its conditions are unknown until apply")
}

undecided contains finding if {
	some statement in iam.trust_statements
	statement.effect == "Allow"
	not _github(statement)
	"principals" in statement.unknown
	some action in statement.actions
	iam.action_matches(action, "sts:AssumeRoleWithWebIdentity")
	finding := result.of(statement, "cannot decide whether the web-identity trust is for GitHub Actions: its federated principal is unknown until apply")
}

_github(statement) if {
	some provider in statement.principals.federated
	endswith(lower(provider), _host)
}

_problems(statement) := {p | some p in _aud_problems(statement)} | {p | some p in _sub_problems(statement)}

_aud_problems(statement) := {"does not require the audience sts.amazonaws.com"} if {
	not _aud_ok(statement)
} else := set()

_aud_ok(statement) if {
	values := iam.condition_values(statement, sprintf("%s:aud", [_host]))
	count(values) > 0
	every pair in values {
		pair[1] == _audience
	}
}

_sub_problems(statement) := {"has no `sub` condition naming a repository"} if {
	count(_subs(statement)) == 0
} else := {sprintf("admits sub %s, which is not one repository", [concat(", ", sort(bad))])} if {
	bad := {sprintf("%q", [value]) |
		some [operator, value] in _subs(statement)
		not _scoped(operator, value)
	}
	count(bad) > 0
} else := set()

_subs(statement) := iam.condition_values(statement, sprintf("%s:sub", [_host]))

# `repo:<owner>/<repo>[:…]` with no wildcard in owner or repository; a wildcard is
# literal under StringEquals, so only the Like operators make it a pattern.
_scoped(operator, value) if {
	not contains(operator, "like")
	regex.match(`^repo:[^/:]+/[^/:]+(:.*)?$`, value)
}

_scoped(operator, value) if {
	contains(operator, "like")
	regex.match(`^repo:[^/:*?]+/[^/:*?]+(:.*)?$`, value)
}
