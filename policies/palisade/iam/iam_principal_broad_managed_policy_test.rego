package palisade.iam.iam_principal_broad_managed_policy_test

import data.palisade.iam.iam_principal_broad_managed_policy as policy

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

test_deny_administrator_access if {
	roles := [_role([_attachment({"policy": null, "arn": "arn:aws:iam::aws:policy/AdministratorAccess"})])]
	findings := policy.deny with input as _input([], roles, [])
	findings == {{"resource": "aws_iam_role_policy_attachment.deploy", "path": ["policy_arn"], "message": "AdministratorAccess is attached to deploy"}}
}

test_deny_job_function_path if {
	roles := [_role([_attachment({"policy": null, "arn": "arn:aws:iam::aws:policy/job-function/PowerUserAccess"})])]
	roles2 := [_role([_attachment({"policy": null, "arn": "arn:aws-us-gov:iam::aws:policy/PowerUserAccess"})])]
	count(policy.deny) == 1 with input as _input([], roles, [])
	count(policy.deny) == 1 with input as _input([], roles2, [])
}

test_allow_read_only_and_customer_policy if {
	roles := [_role([
		_attachment({"policy": null, "arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}),
		_attachment({"policy": null, "arn": "arn:aws:iam::111122223333:policy/AdministratorAccess"}),
		_attachment({}),
	])]
	count(policy.deny) == 0 with input as _input([], roles, [])
	count(policy.undecided) == 0 with input as _input([], roles, [])
}

test_undecided_arn_unknown if {
	roles := [_role([_attachment({"policy": null, "unknown": ["policy"]})])]
	count(policy.deny) == 0 with input as _input([], roles, [])
	findings := policy.undecided with input as _input([], roles, [])
	findings == {{"resource": "aws_iam_role_policy_attachment.deploy", "path": ["policy_arn"], "message": "cannot decide which policy is attached to deploy: it is unknown until apply"}}
}
