package palisade.s3.s3_bucket_acl_public_test

import data.palisade.s3.s3_bucket_acl_public as policy

_bucket(fields) := object.union({"id": "aws_s3_bucket.site", "path": [], "kind": "s3_bucket", "public_grants": [], "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}

test_deny_public_read_at_the_acl if {
	s := _bucket({"public_grants": ["AllUsers:READ"], "sources": {"public_grants": {"id": "aws_s3_bucket_acl.site", "path": ["acl"]}}})
	d := policy.deny with input as _input(s)
	d == {{"resource": "aws_s3_bucket_acl.site", "path": ["acl"], "message": "the bucket's ACL grants read to anyone on the internet"}}
}

test_deny_authenticated_users if {
	d := policy.deny with input as _input(_bucket({"public_grants": ["AllUsers:WRITE", "AuthenticatedUsers:READ"]}))
	d == {{"resource": "aws_s3_bucket.site", "path": [], "message": "the bucket's ACL grants write to anyone on the internet, read to any AWS account"}}
}

test_allow_private if {
	d := policy.deny with input as _input(_bucket({}))
	count(d) == 0
}

test_undecided_when_the_acl_is_unknown if {
	u := policy.undecided with input as _input(_bucket({"unknown": ["public_grants"]}))
	count(u) == 1
	d := policy.deny with input as _input(_bucket({"unknown": ["public_grants"]}))
	count(d) == 0
}
