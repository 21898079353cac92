package palisade.iam.iam_user_inline_policy_test

import data.palisade.iam.iam_user_inline_policy as policy

_statement(fields) := object.union(
	{
		"id": "aws_iam_policy.deploy",
		"path": ["policy"],
		"effect": "Allow",
		"actions": [],
		"not_actions": [],
		"resources": ["*"],
		"not_resources": [],
		"conditions": {},
		"unknown": [],
	},
	fields,
)

_document(statements) := {
	"id": "aws_iam_policy.deploy",
	"path": ["policy"],
	"key": "aws_iam_policy.deploy:policy",
	"kind": "identity",
	"statements": statements,
	"unknown": [],
}

_attachment(fields) := object.union({
	"id": "aws_iam_role_policy_attachment.deploy",
	"path": ["policy_arn"],
	"inline": false,
	"policy": "aws_iam_policy.deploy:policy",
	"unknown": [],
}, fields)

_role(attachments) := {
	"id": "aws_iam_role.deploy",
	"path": [],
	"name": "deploy",
	"external": false,
	"groups": [],
	"policies": attachments,
	"unknown": [],
}

_input(documents, roles, users) := {
	"format": "terraform-plan",
	"file": "plan.json",
	"resources": [],
	"aws": {"iam": {"policies": documents, "roles": roles, "users": users, "groups": []}},
}

_role_finding(message) := {"resource": "aws_iam_role.deploy", "path": [], "message": message}

_user(attachments) := object.union(_role(attachments), {"id": "aws_iam_user.ci", "name": "ci"})

test_deny_user_policy_resource if {
	users := [_user([_attachment({"id": "aws_iam_user_policy.ci", "path": ["policy"], "inline": true})])]
	findings := policy.deny with input as _input([], [], users)
	findings == {{"resource": "aws_iam_user_policy.ci", "path": ["policy"], "message": "inline policy on user ci: grant it through a group"}}
}

test_allow_managed_policy_on_user if {
	users := [_user([_attachment({})])]
	count(policy.deny) == 0 with input as _input([], [], users)
}

test_allow_inline_policy_on_role if {
	roles := [_role([_attachment({"inline": true})])]
	count(policy.deny) == 0 with input as _input([], roles, [])
}
