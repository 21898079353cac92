package palisade.iam.iam_policy_passrole_any_role_test

import data.palisade.iam.iam_policy_passrole_any_role as policy

_statement(fields) := object.union(
	{
		"id": "aws_iam_policy.ops",
		"path": ["policy"],
		"effect": "Allow",
		"actions": [],
		"not_actions": [],
		"resources": [],
		"not_resources": [],
		"conditions": {},
		"unknown": [],
	},
	fields,
)

_policy(kind, statements) := {
	"id": "aws_iam_policy.ops",
	"path": ["policy"],
	"key": "aws_iam_policy.ops:policy",
	"kind": kind,
	"statements": statements,
	"unknown": [],
}

_input(policies) := {
	"format": "terraform-plan",
	"file": "plan.json",
	"resources": [],
	"aws": {"iam": {"policies": policies, "roles": [], "users": [], "groups": []}},
}

_identity(statements) := _input([_policy("identity", statements)])

_at := {"resource": "aws_iam_policy.ops", "path": ["policy"]}

_finding(message) := object.union(_at, {"message": message})

test_deny_passrole_on_star if {
	findings := policy.deny with input as _identity([_statement({"actions": ["iam:passrole"], "resources": ["*"]})])
	findings == {_finding("statement allows iam:PassRole on every role")}
}

test_deny_pass_prefix_wildcard if {
	findings := policy.deny with input as _identity([_statement({"actions": ["iam:pass*"], "resources": ["*"]})])
	count(findings) == 1
}

test_deny_passrole_not_resource if {
	findings := policy.deny with input as _identity([_statement({"actions": ["iam:PassRole"], "not_resources": ["arn:aws:iam::111122223333:role/admin"]})])
	count(findings) == 1
}

test_allow_passrole_on_named_role if {
	inp := _identity([_statement({"actions": ["iam:passrole"], "resources": ["arn:aws:iam::111122223333:role/app-task"]})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_service_wildcard_left_to_other_rules if {
	inp := _identity([_statement({"actions": ["iam:*"], "resources": ["*"]})])
	count(policy.deny) == 0 with input as inp
}

test_undecided_resources_unknown if {
	inp := _identity([_statement({"actions": ["iam:passrole"], "unknown": ["resources"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the statement allows iam:PassRole on every role: resources unknown until apply")}
}
