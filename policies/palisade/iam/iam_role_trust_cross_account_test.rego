package palisade.iam.iam_role_trust_cross_account_test

import data.palisade.iam.iam_role_trust_cross_account as policy

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

test_deny_foreign_account_root if {
	findings := policy.deny with input as _input([_statement({"principals": _principals({"aws": ["arn:aws:iam::999988887777:root"]})})])
	findings == {_finding("the trust policy lets account 999988887777 assume the role without sts:ExternalId or MFA")}
}

test_allow_external_id if {
	inp := _input([_statement({"principals": _principals({"aws": ["999988887777"]}), "conditions": {"StringEquals": {"sts:ExternalId": "acme-7f3a"}}})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_mfa if {
	inp := _input([_statement({"principals": _principals({"aws": ["arn:aws:iam::999988887777:role/ops"]}), "conditions": {"Bool": {"aws:MultiFactorAuthPresent": ["true"]}}})])
	count(policy.deny) == 0 with input as inp
}

test_allow_trusted_account if {
	inp := _input([_statement({"principals": _principals({"aws": ["arn:aws:iam::999988887777:root"]})})])
	count(policy.deny) == 0 with input as inp with data.palisade.iam.trusted_accounts as ["999988887777"]
}

test_allow_own_account if {
	inp := _input([_statement({"principals": _principals({"own_account": true})})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_undecided_principal_unknown if {
	inp := _input([_statement({"unknown": ["principals"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the trust policy admits another account without sts:ExternalId or MFA: its principals or conditions are unknown until apply")}
}

test_undecided_document_unknown if {
	base := _input([])
	inp := object.union(base, {"aws": {"iam": {"policies": [{"id": "aws_iam_role.app", "path": ["assume_role_policy"], "key": "aws_iam_role.app:assume_role_policy", "kind": "trust", "statements": [], "unknown": ["document"]}]}}})
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {_finding("cannot decide whether the trust policy admits another account without sts:ExternalId or MFA: its document is unknown until apply")}
}
