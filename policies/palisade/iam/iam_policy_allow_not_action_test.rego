package palisade.iam.iam_policy_allow_not_action_test

import data.palisade.iam.iam_policy_allow_not_action as policy

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

test_deny_not_action if {
	findings := policy.deny with input as _identity([_statement({"not_actions": ["iam:*"], "resources": ["*"]})])
	findings == {_finding("statement allows with NotAction: a grant of everything but what is listed")}
}

test_deny_not_resource if {
	findings := policy.deny with input as _identity([_statement({"actions": ["s3:getobject"], "not_resources": ["arn:aws:s3:::acme-secrets/*"]})])
	findings == {_finding("statement allows with NotResource: a grant of everything but what is listed")}
}

test_allow_deny_with_not_action if {
	inp := _identity([_statement({"effect": "Deny", "not_actions": ["iam:*"], "resources": ["*"]})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_plain_actions if {
	inp := _identity([_statement({"actions": ["s3:getobject"], "resources": ["*"]})])
	count(policy.deny) == 0 with input as inp
}

test_undecided_effect_unknown if {
	inp := _identity([object.union(_statement({"not_actions": ["iam:*"], "resources": ["*"], "unknown": ["effect"]}), {"effect": ""})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 1 with input as inp
}

test_undecided_document_unknown if {
	inp := _input([object.union(_policy("identity", []), {"unknown": ["document"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the policy allows with NotAction or NotResource: its document is unknown until apply")}
}
