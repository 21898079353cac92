package palisade.iam.iam_role_trust_service_confused_deputy_test

import data.palisade.iam.iam_role_trust_service_confused_deputy as policy

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

test_deny_ecs_tasks_without_source if {
	findings := policy.deny with input as _input([_statement({"principals": _principals({"service": ["ecs-tasks.amazonaws.com"]})})])
	findings == {_finding("the trust policy lets ecs-tasks.amazonaws.com assume the role for any account's resources: no aws:SourceAccount or aws:SourceArn condition")}
}

test_allow_source_account if {
	inp := _input([_statement({"principals": _principals({"service": ["lambda.amazonaws.com"]}), "conditions": {"StringEquals": {"aws:SourceAccount": "111122223333"}}})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_other_service if {
	inp := _input([_statement({"principals": _principals({"service": ["ec2.amazonaws.com"]})})])
	count(policy.deny) == 0 with input as inp
}

test_undecided_conditions_unknown if {
	inp := _input([_statement({"principals": _principals({"service": ["ecs-tasks.amazonaws.com"]}), "unknown": ["conditions"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the service trust is scoped to this account: its conditions are unknown until apply")}
}

test_undecided_document_unknown if {
	base := _input([])
	inp := object.union(base, {"aws": {"iam": {"policies": [{"id": "aws_iam_role.app", "path": ["assume_role_policy"], "key": "aws_iam_role.app:assume_role_policy", "kind": "trust", "statements": [], "unknown": ["document"]}]}}})
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the trust policy names a service without aws:SourceAccount: its document is unknown until apply")}
}
