package palisade.iam.iam_role_trust_public_test

import data.palisade.iam.iam_role_trust_public as policy

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

test_deny_star_principal if {
	findings := policy.deny with input as _input([_statement({"principals": _principals({"all": true})})])
	findings == {_finding("the trust policy lets any AWS principal assume the role: Principal \"*\" with no condition naming who may")}
}

test_deny_mfa_only_condition if {
	statement := _statement({"principals": _principals({"all": true}), "conditions": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}})
	count(policy.deny) == 1 with input as _input([statement])
}

test_allow_org_condition if {
	inp := _input([_statement({"principals": _principals({"all": true}), "conditions": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_named_account if {
	inp := _input([_statement({"principals": _principals({"aws": ["arn:aws:iam::111122223333:root"]})})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_undecided_conditions_unknown if {
	inp := _input([_statement({"principals": _principals({"all": true}), "unknown": ["conditions"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the trust policy is open to every AWS principal: its conditions are unknown until apply")}
}
