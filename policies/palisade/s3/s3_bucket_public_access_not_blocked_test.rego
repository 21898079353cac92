package palisade.s3.s3_bucket_public_access_not_blocked_test

import data.palisade.s3.s3_bucket_public_access_not_blocked as policy

_bucket(fields) := object.union({"id": "aws_s3_bucket.assets", "path": [], "kind": "s3_bucket", "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}

_all_on := {"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true}

test_deny_switches_off_at_the_first_of_them if {
	s := _bucket({
		"public_access_block": object.union(_all_on, {"block_public_policy": false, "restrict_public_buckets": false}),
		"sources": {
			"block_public_policy": {"id": "aws_s3_bucket_public_access_block.assets", "path": ["block_public_policy"]},
			"restrict_public_buckets": {"id": "aws_s3_bucket_public_access_block.assets", "path": ["restrict_public_buckets"]},
		},
	})
	d := policy.deny with input as _input(s)
	d == {{"resource": "aws_s3_bucket_public_access_block.assets", "path": ["block_public_policy"], "message": "public access block leaves block_public_policy, restrict_public_buckets off, so a public ACL or bucket policy would expose the bucket"}}
}

test_allow_all_on_and_undeclared if {
	d1 := policy.deny with input as _input(_bucket({"public_access_block": _all_on}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_bucket({}))
	count(d2) == 0
}

test_undecided_when_a_switch_is_unknown if {
	s := _bucket({"public_access_block": {"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true}, "unknown": ["restrict_public_buckets"]})
	u := policy.undecided with input as _input(s)
	u == {{"resource": "aws_s3_bucket.assets", "path": [], "message": "cannot decide whether public access is blocked: restrict_public_buckets unknown until apply"}}
	d := policy.deny with input as _input(s)
	count(d) == 0
}
