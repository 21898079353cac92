package palisade.iam.kms_key_policy_wildcard_grant_test

import data.palisade.iam.kms_key_policy_wildcard_grant as policy

_principals(fields) := object.union({"all": false, "own_account": false, "aws": [], "service": [], "federated": [], "canonical_user": []}, fields)

_statement(fields) := object.union(
	{
		"id": "aws_kms_key.data",
		"path": ["policy"],
		"effect": "Allow",
		"actions": ["kms:*"],
		"not_actions": [],
		"resources": ["*"],
		"not_resources": [],
		"principals": _principals({"aws": ["arn:aws:iam::111122223333:root"]}),
		"conditions": {},
		"unknown": [],
	},
	fields,
)

_input(statements) := {
	"format": "terraform-plan",
	"file": "plan.json",
	"resources": [{"id": "aws_kms_key.data", "type": "aws_kms_key", "source_format": "terraform-plan", "attributes": {}, "unknown": []}],
	"aws": {"kms_keys": [{"id": "aws_kms_key.data", "path": [], "unknown": []}], "iam": {"policies": [{
		"id": "aws_kms_key.data",
		"path": ["policy"],
		"key": "aws_kms_key.data:policy",
		"kind": "resource",
		"statements": statements,
		"unknown": [],
	}], "roles": [], "users": [], "groups": []}},
}

_finding(message) := {"resource": "aws_kms_key.data", "path": ["policy"], "message": message}

test_deny_kms_star_to_role if {
	findings := policy.deny with input as _input([_statement({"principals": _principals({"aws": ["arn:aws:iam::111122223333:role/app"]})})])
	findings == {_finding("the key policy grants kms:* to \"arn:aws:iam::111122223333:role/app\"")}
}

test_deny_star_action_to_everyone if {
	findings := policy.deny with input as _input([_statement({"actions": ["*"], "principals": _principals({"all": true})})])
	findings == {_finding("the key policy grants kms:* to \"*\"")}
}

test_allow_root if {
	inp := _input([_statement({})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_specific_actions_to_role if {
	inp := _input([_statement({"actions": ["kms:decrypt", "kms:generatedatakey*"], "principals": _principals({"aws": ["arn:aws:iam::111122223333:role/app"]})})])
	count(policy.deny) == 0 with input as inp
}

test_undecided_principal_unknown if {
	inp := _input([_statement({"principals": _principals({}), "unknown": ["principals"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the key policy grants kms:* beyond the account root: principals unknown until apply")}
}

test_allow_own_account_root_known_at_deploy if {
	inp := _input([_statement({"principals": _principals({"aws": ["arn:aws:iam::${account}:root"]})})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_deny_own_account_role_known_at_deploy if {
	inp := _input([_statement({"principals": _principals({"aws": ["arn:aws:iam::${account}:role/admin"]})})])
	findings := policy.deny with input as inp
	findings == {_finding("the key policy grants kms:* to \"arn:aws:iam::${account}:role/admin\"")}
}

test_undecided_policy_unknown if {
	base := _input([])
	inp := object.union(base, {"aws": {"iam": {"policies": [{"id": "aws_kms_key.data", "path": ["policy"], "key": "aws_kms_key.data:policy", "kind": "resource", "statements": [], "unknown": ["document"]}]}}})
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the key policy grants kms:* beyond the account root: the policy is unknown (until apply, or not in a live export)")}
}
