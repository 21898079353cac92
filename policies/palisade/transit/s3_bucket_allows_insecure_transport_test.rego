package palisade.transit.s3_bucket_allows_insecure_transport_test

import data.palisade.transit.s3_bucket_allows_insecure_transport as policy

_input(stores, policies) := {"format": "cloudformation", "file": "t.yaml", "resources": [], "aws": {"data_stores": stores, "iam": {"policies": policies, "roles": [], "users": [], "groups": []}}}

_bucket(fields) := object.union(
	{"id": "Reports", "path": [], "kind": "s3_bucket", "policies": ["ReportsPolicy"], "unknown": [], "sources": {}, "public_grants": [], "tags": {}},
	fields,
)

_policy(statements) := {"id": "ReportsPolicy", "path": ["PolicyDocument"], "key": "ReportsPolicy:PolicyDocument", "kind": "resource", "statements": statements, "unknown": []}

_statement(fields) := object.union(
	{
		"id": "ReportsPolicy", "path": ["PolicyDocument", "Statement", 0], "effect": "Deny",
		"actions": ["s3:*"], "not_actions": [], "resources": ["${Reports}", "${Reports}/*"], "not_resources": [],
		"principals": {"all": true, "own_account": false, "aws": [], "service": [], "federated": [], "canonical_user": []},
		"conditions": {"Bool": {"aws:SecureTransport": "false"}}, "unknown": [],
	},
	fields,
)

_deny_message(inp) := {f.message | some f in policy.deny with input as inp}

test_deny_no_policy if {
	inp := _input([_bucket({"policies": []})], [])
	findings := policy.deny with input as inp
	findings == {{"resource": "Reports", "path": [], "message": "the bucket has no bucket policy in this unit, so S3 accepts requests over plain HTTP"}}
}

test_deny_policy_without_the_deny if {
	allow := _statement({"effect": "Allow", "conditions": {}, "principals": {"all": false, "own_account": true, "aws": [], "service": [], "federated": [], "canonical_user": []}})
	inp := _input([_bucket({})], [_policy([allow])])
	findings := policy.deny with input as inp
	findings == {{"resource": "ReportsPolicy", "path": ["PolicyDocument"], "message": "no statement of the bucket policy denies every principal all S3 actions when aws:SecureTransport is false"}}
}

test_deny_allow_on_secure_transport_true_does_not_deny if {
	allow := _statement({"effect": "Allow", "conditions": {"Bool": {"aws:SecureTransport": "true"}}})
	inp := _input([_bucket({})], [_policy([allow])])
	count(policy.deny) == 1 with input as inp
}

test_deny_only_some_actions if {
	inp := _input([_bucket({})], [_policy([_statement({"actions": ["s3:getobject", "s3:putobject"]})])])
	count(policy.deny) == 1 with input as inp
}

test_deny_only_the_bucket_arn if {
	inp := _input([_bucket({})], [_policy([_statement({"resources": ["arn:aws:s3:::acme-reports"]})])])
	_deny_message(inp) == {"the bucket policy denies requests without TLS on the bucket but not on its objects (<bucket ARN>/*)"}
}

test_deny_only_the_objects if {
	inp := _input([_bucket({})], [_policy([_statement({"resources": ["${Reports}/*"]})])])
	_deny_message(inp) == {"the bucket policy denies requests without TLS on the objects but not on the bucket itself (its ARN)"}
}

test_deny_only_a_prefix if {
	inp := _input([_bucket({})], [_policy([_statement({"resources": ["arn:aws:s3:::acme-reports", "arn:aws:s3:::acme-reports/exports/*"]})])])
	count(policy.deny) == 1 with input as inp
}

test_deny_tls_version_alone if {
	tls := _statement({"conditions": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}})
	inp := _input([_bucket({})], [_policy([tls])])
	count(policy.deny) == 1 with input as inp
}

test_deny_narrowed_by_another_condition if {
	narrowed := _statement({"conditions": {"Bool": {"aws:SecureTransport": "false"}, "StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}}})
	inp := _input([_bucket({})], [_policy([narrowed])])
	count(policy.deny) == 1 with input as inp
}

test_allow_canonical_deny if {
	inp := _input([_bucket({})], [_policy([_statement({})])])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_known_arns_list_value_and_aws_star if {
	s := _statement({
		"actions": ["*"], "resources": ["arn:aws:s3:::acme-reports", "arn:aws:s3:::acme-reports/*"],
		"principals": {"all": true, "own_account": false, "aws": ["*"], "service": [], "federated": [], "canonical_user": []},
		"conditions": {"Bool": {"aws:SecureTransport": ["false"]}},
	})
	inp := _input([_bucket({})], [_policy([s])])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_bucket_and_objects_in_two_statements_with_tls_version if {
	bucket := _statement({"resources": ["${Reports}"]})
	objects := _statement({"resources": ["${Reports}/*"], "conditions": {"Bool": {"aws:SecureTransport": false}}})
	tls := _statement({"conditions": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}})
	inp := _input([_bucket({})], [_policy([bucket, objects, tls])])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_undecided_document_unknown if {
	doc := object.union(_policy([]), {"unknown": ["document"]})
	inp := _input([_bucket({})], [doc])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {{"resource": "ReportsPolicy", "path": ["PolicyDocument"], "message": "cannot decide whether the bucket policy denies requests without TLS: parts of it are unknown until apply"}}
}

test_undecided_object_arn_text_lost if {
	inp := _input([_bucket({})], [_policy([_statement({"resources": ["${Reports}", "${Reports}"]})])])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 1 with input as inp
}

test_undecided_condition_unknown if {
	s := object.union(_statement({"conditions": {"Bool": {}}}), {"unknown": ["conditions"]})
	inp := _input([_bucket({})], [_policy([s])])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 1 with input as inp
}

test_deny_only_a_prefix_message if {
	inp := _input([_bucket({})], [_policy([_statement({"resources": ["${Reports}/exports/*"]})])])
	_deny_message(inp) == {"the bucket policy denies requests without TLS on neither the bucket (its ARN) nor all its objects (<bucket ARN>/*)"}
}
