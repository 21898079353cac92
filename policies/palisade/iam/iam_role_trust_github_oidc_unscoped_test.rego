package palisade.iam.iam_role_trust_github_oidc_unscoped_test

import data.palisade.iam.iam_role_trust_github_oidc_unscoped as policy

_statement(fields) := object.union(
	{
		"id": "aws_iam_role.app",
		"path": ["assume_role_policy"],
		"effect": "Allow",
		"actions": ["sts:assumerole"],
		"not_actions": [],
		"resources": [],
		"not_resources": [],
		"principals": {"all": false, "own_account": false, "aws": [], "service": [], "federated": [], "canonical_user": []},
		"conditions": {},
		"unknown": [],
	},
	fields,
)

_input(statements) := {
	"format": "terraform-plan",
	"file": "plan.json",
	"resources": [],
	"aws": {"iam": {
		"policies": [{
			"id": "aws_iam_role.app",
			"path": ["assume_role_policy"],
			"key": "aws_iam_role.app:assume_role_policy",
			"kind": "trust",
			"statements": statements,
			"unknown": [],
		}],
		"roles": [],
		"users": [],
		"groups": [],
	}},
}

_principals(fields) := object.union({"all": false, "own_account": false, "aws": [], "service": [], "federated": [], "canonical_user": []}, fields)

_finding(message) := {"resource": "aws_iam_role.app", "path": ["assume_role_policy"], "message": message}

_github(conditions) := _statement({
	"actions": ["sts:assumerolewithwebidentity"],
	"principals": _principals({"federated": ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]}),
	"conditions": conditions,
})

test_deny_no_conditions if {
	findings := policy.deny with input as _input([_github({})])
	findings == {_finding("the GitHub Actions OIDC trust does not require the audience sts.amazonaws.com and has no `sub` condition naming a repository")}
}

test_deny_org_wide_sub if {
	findings := policy.deny with input as _input([_github({
		"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
		"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"},
	})])
	findings == {_finding("the GitHub Actions OIDC trust admits sub \"repo:acme/*\", which is not one repository")}
}

test_allow_repository_scoped if {
	inp := _input([_github({
		"StringEquals": {"token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"]},
		"StringLike": {"token.actions.githubusercontent.com:sub": ["repo:acme/deploy:ref:refs/heads/main", "repo:acme/deploy:environment:*"]},
	})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_undecided_conditions_unknown if {
	inp := _input([object.union(_github({}), {"unknown": ["conditions"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the GitHub Actions OIDC trust is scoped to a repository: its conditions are unknown until apply")}
}
