package palisade.iam.iam_policy_wildcard_action_resource_test

import data.palisade.iam.iam_policy_wildcard_action_resource as policy

# --- input builders: the shape of src/model/estate.rs ------------------------------

_input(policies) := {
	"format": "terraform-plan",
	"file": "plan.json",
	"resources": [],
	"aws": {"security_groups": [], "data_stores": [], "iam": {"policies": policies}},
}

_policy(kind, statements) := {
	"id": "aws_iam_policy.ops",
	"path": ["policy"],
	"kind": kind,
	"name": "ops",
	"statements": statements,
	"unknown": [],
}

# Statement `index` of aws_iam_policy.ops.
_statement(index, fields) := object.union(
	{
		"id": "aws_iam_policy.ops",
		"path": ["policy", "Statement", index],
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

_identity(statements) := _input([_policy("identity", statements)])

_finding(index, message) := {"resource": "aws_iam_policy.ops", "path": ["policy", "Statement", index], "message": message}

# --- violations ------------------------------------------------------------------

test_deny_star_action_on_star_resource if {
	statements := [
		_statement(0, {"actions": ["s3:getobject"], "resources": ["arn:aws:s3:::acme-data/*"]}),
		_statement(1, {"sid": "Admin", "actions": ["*"], "resources": ["*"]}),
	]
	findings := policy.deny with input as _identity(statements)
	findings == {_finding(1, "statement allows \"*\" on resource \"*\": full administrative access")}
}

test_deny_star_colon_star_action if {
	findings := policy.deny with input as _identity([_statement(0, {"actions": ["*:*"], "resources": ["*"]})])
	findings == {_finding(0, "statement allows \"*:*\" on resource \"*\": full administrative access")}
}

test_deny_wildcard_among_other_actions_and_resources if {
	statement := _statement(0, {"actions": ["s3:getobject", "*"], "resources": ["arn:aws:s3:::acme-data", "*"]})
	findings := policy.deny with input as _identity([statement])
	findings == {_finding(0, "statement allows \"*\" on resource \"*\": full administrative access")}
}

test_deny_with_conditions_still_grants_everything if {
	statement := _statement(0, {
		"actions": ["*"],
		"resources": ["*"],
		"conditions": {"Bool": {"aws:MultiFactorAuthPresent": ["true"]}},
	})
	count(policy.deny) == 1 with input as _identity([statement])
}

test_deny_role_inline_policy if {
	inline := {
		"id": "AppRole",
		"path": ["Policies", 0, "PolicyDocument"],
		"kind": "identity",
		"name": "app-inline",
		"statements": [object.union(
			_statement(0, {"actions": ["*"], "resources": ["*"]}),
			{"id": "AppRole", "path": ["Policies", 0, "PolicyDocument", "Statement", 0]},
		)],
		"unknown": [],
	}
	findings := policy.deny with input as _input([inline])
	findings == {{
		"resource": "AppRole",
		"path": ["Policies", 0, "PolicyDocument", "Statement", 0],
		"message": "statement allows \"*\" on resource \"*\": full administrative access",
	}}
}

test_deny_is_not_also_undecided if {
	statements := [_statement(0, {"actions": ["*"], "resources": ["*"], "unknown": ["actions"]})]
	count(policy.undecided) == 0 with input as _identity(statements)
}

# --- passes ------------------------------------------------------------------------

test_allow_service_wildcard if {
	statements := [_statement(0, {"actions": ["s3:*"], "resources": ["*"]})]
	count(policy.deny) == 0 with input as _identity(statements)
	count(policy.undecided) == 0 with input as _identity(statements)
}

test_allow_star_action_on_one_resource if {
	statements := [_statement(0, {"actions": ["*"], "resources": ["arn:aws:s3:::acme-data/*"]})]
	count(policy.deny) == 0 with input as _identity(statements)
}

test_allow_deny_statement if {
	statements := [_statement(0, {"effect": "Deny", "actions": ["*"], "resources": ["*"]})]
	count(policy.deny) == 0 with input as _identity(statements)
	count(policy.undecided) == 0 with input as _identity(statements)
}

test_allow_not_action if {
	statements := [_statement(0, {"not_actions": ["iam:*"], "resources": ["*"]})]
	count(policy.deny) == 0 with input as _identity(statements)
}

test_allow_trust_and_resource_policies if {
	statements := [_statement(0, {"actions": ["*"], "resources": ["*"], "principals": {
		"all": true,
		"aws": [],
		"service": [],
		"federated": [],
		"canonical_user": [],
	}})]
	policies := [_policy("trust", statements), _policy("resource", statements)]
	count(policy.deny) == 0 with input as _input(policies)
	count(policy.undecided) == 0 with input as _input(policies)
}

test_allow_unknown_resources_with_specific_actions if {
	statements := [_statement(0, {"actions": ["logs:putlogevents"], "unknown": ["resources"]})]
	count(policy.deny) == 0 with input as _identity(statements)
	count(policy.undecided) == 0 with input as _identity(statements)
}

# --- undecided ---------------------------------------------------------------------

test_undecided_document_unknown if {
	document_unknown := object.union(_policy("identity", []), {"unknown": ["document"]})
	count(policy.deny) == 0 with input as _input([document_unknown])
	findings := policy.undecided with input as _input([document_unknown])
	findings == {{
		"resource": "aws_iam_policy.ops",
		"path": ["policy"],
		"message": "cannot decide whether the policy grants full administrative access: its document is unknown until apply",
	}}
}

test_undecided_resources_unknown_with_star_action if {
	statements := [_statement(0, {"actions": ["*"], "unknown": ["resources"]})]
	count(policy.deny) == 0 with input as _identity(statements)
	findings := policy.undecided with input as _identity(statements)
	findings == {_finding(0, "cannot decide whether the statement grants full administrative access: resources unknown until apply")}
}

test_undecided_actions_unknown_on_star_resource if {
	statements := [_statement(0, {"resources": ["*"], "unknown": ["actions"]})]
	findings := policy.undecided with input as _identity(statements)
	findings == {_finding(0, "cannot decide whether the statement grants full administrative access: actions unknown until apply")}
}

test_undecided_not_for_trust_policy_documents if {
	document_unknown := object.union(_policy("trust", []), {"unknown": ["document"]})
	count(policy.undecided) == 0 with input as _input([document_unknown])
}
