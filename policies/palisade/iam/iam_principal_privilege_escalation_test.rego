package palisade.iam.iam_principal_privilege_escalation_test

import data.palisade.iam.iam_principal_privilege_escalation as policy

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

test_deny_passrole_and_lambda_across_policies if {
	inline := object.union(_document([_statement({"id": "aws_iam_role.deploy", "actions": ["lambda:createfunction", "lambda:invokefunction"]})]), {"id": "aws_iam_role.deploy", "key": "inline"})
	documents := [_document([_statement({"actions": ["iam:passrole"]})]), inline]
	roles := [_role([_attachment({}), _attachment({"id": "aws_iam_role.deploy", "inline": true, "policy": "inline"})])]
	findings := policy.deny with input as _input(documents, roles, [])
	findings == {_role_finding("the principal's policies let it pass a role to a new Lambda function and invoke it")}
}

test_deny_create_policy_version_alone if {
	findings := policy.deny with input as _input([_document([_statement({"actions": ["iam:createpolicyversion"]})])], [_role([_attachment({})])], [])
	findings == {_role_finding("the principal's policies let it create a new default version of a managed policy")}
}

test_allow_scoped_passrole if {
	documents := [_document([
		_statement({"actions": ["iam:passrole"], "resources": ["arn:aws:iam::111122223333:role/app"]}),
		_statement({"actions": ["ec2:runinstances"]}),
	])]
	inp := _input(documents, [_role([_attachment({})])], [])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_unconditional_deny if {
	documents := [_document([
		_statement({"actions": ["iam:createpolicyversion"]}),
		_statement({"effect": "Deny", "actions": ["iam:*"]}),
	])]
	count(policy.deny) == 0 with input as _input(documents, [_role([_attachment({})])], [])
}

test_deny_conditional_deny_not_credited if {
	documents := [_document([
		_statement({"actions": ["iam:createpolicyversion"]}),
		_statement({"effect": "Deny", "actions": ["iam:*"], "conditions": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}),
	])]
	count(policy.deny) == 1 with input as _input(documents, [_role([_attachment({})])], [])
}

test_undecided_attachment_unknown if {
	inp := _input([], [_role([_attachment({"policy": null, "unknown": ["policy"]})])], [])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_role_finding("cannot decide whether the principal can escalate its privileges: an attached policy is unknown until apply")}
}

test_deny_role_attaching_policies_to_itself if {
	inp := _input([_document([_statement({"actions": ["iam:attachrolepolicy"]})])], [_role([_attachment({})])], [])
	findings := policy.deny with input as inp
	findings == {_role_finding("the principal's policies let it attach any managed policy to itself")}
}

test_allow_user_attaching_role_policies_without_assuming if {
	user := object.union(_role([_attachment({})]), {"id": "aws_iam_user.ops", "name": "ops"})
	inp := _input([_document([_statement({"actions": ["iam:attachrolepolicy"]})])], [], [user])
	count(policy.deny) == 0 with input as inp
}

test_deny_admin_names_three_methods_and_counts_the_rest if {
	inp := _input([_document([_statement({"actions": ["*"]})])], [_role([_attachment({})])], [])
	some finding in policy.deny with input as inp
	contains(finding.message, "more ways to escalate)")
}
