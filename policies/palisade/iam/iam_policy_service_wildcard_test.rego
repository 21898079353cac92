package palisade.iam.iam_policy_service_wildcard_test

import data.palisade.iam.iam_policy_service_wildcard as policy

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

test_deny_service_wildcard_on_star if {
	findings := policy.deny with input as _identity([_statement({"actions": ["s3:*", "iam:passrole"], "resources": ["*"]})])
	findings == {_finding("statement allows \"s3:*\" on resource \"*\": every action of the service")}
}

test_allow_service_wildcard_on_one_bucket if {
	inp := _identity([_statement({"actions": ["s3:*"], "resources": ["arn:aws:s3:::acme-logs/*"]})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_prefix_wildcard_and_full_wildcard if {
	inp := _identity([_statement({"actions": ["s3:get*", "*"], "resources": ["*"]})])
	count(policy.deny) == 0 with input as inp
}

test_allow_deny_statement if {
	inp := _identity([_statement({"effect": "Deny", "actions": ["s3:*"], "resources": ["*"]})])
	count(policy.deny) == 0 with input as inp
}

test_undecided_resources_unknown if {
	inp := _identity([_statement({"actions": ["dynamodb:*"], "unknown": ["resources"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the statement grants every action of a service on every resource: resources unknown until apply")}
}

test_undecided_document_unknown if {
	inp := _input([object.union(_policy("identity", []), {"unknown": ["document"]})])
	count(policy.undecided) == 1 with input as inp
}
