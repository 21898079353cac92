package palisade.iam.iam_policy_permissions_management_test

import data.palisade.iam.iam_policy_permissions_management as policy

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

test_deny_attach_and_access_keys if {
	findings := policy.deny with input as _identity([_statement({"actions": ["iam:attachrolepolicy", "iam:createaccesskey", "s3:getobject"], "resources": ["*"]})])
	findings == {_finding("statement allows iam:AttachRolePolicy, iam:CreateAccessKey on every resource")}
}

test_deny_prefix_wildcard if {
	findings := policy.deny with input as _identity([_statement({"actions": ["iam:put*policy"], "resources": ["*"]})])
	findings == {_finding("statement allows iam:PutGroupPolicy, iam:PutRolePolicy, iam:PutUserPolicy on every resource")}
}

test_allow_scoped_to_own_user if {
	inp := _identity([_statement({"actions": ["iam:createaccesskey"], "resources": ["arn:aws:iam::111122223333:user/${aws:username}"]})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_read_only_iam if {
	inp := _identity([_statement({"actions": ["iam:get*", "iam:list*"], "resources": ["*"]})])
	count(policy.deny) == 0 with input as inp
}

test_undecided_actions_unknown if {
	inp := _identity([_statement({"resources": ["*"], "unknown": ["actions"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the statement allows permissions-management actions on every resource: actions unknown until apply")}
}
