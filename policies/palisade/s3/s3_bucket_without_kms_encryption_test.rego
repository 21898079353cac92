package palisade.s3.s3_bucket_without_kms_encryption_test

import data.palisade.s3.s3_bucket_without_kms_encryption as policy

# --- input builders: the shape of src/model/estate.rs ------------------------------

_input(stores) := {
	"format": "terraform-plan",
	"file": "plan.json",
	"resources": [],
	"aws": {"security_groups": [], "data_stores": stores, "iam": {"policies": []}},
}

_bucket(fields) := object.union(
	{
		"id": "aws_s3_bucket.logs",
		"path": [],
		"kind": "s3_bucket",
		"name": "acme-logs",
		"unknown": [],
		"sources": {},
	},
	fields,
)

_sse_config := {
	"id": "aws_s3_bucket_server_side_encryption_configuration.logs",
	"path": ["rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"],
}

_one(fields) := _input([_bucket(fields)])

# --- violations ------------------------------------------------------------------

test_deny_bucket_without_default_encryption if {
	findings := policy.deny with input as _one({})
	findings == {{
		"resource": "aws_s3_bucket.logs",
		"path": [],
		"message": "no default encryption with a KMS key is declared, so objects are encrypted with SSE-S3 (Amazon S3 managed keys)",
	}}
}

test_deny_sse_s3_set_by_a_separate_resource if {
	findings := policy.deny with input as _one({"sse_algorithm": "AES256", "sources": {"sse_algorithm": _sse_config}})
	findings == {{
		"resource": "aws_s3_bucket_server_side_encryption_configuration.logs",
		"path": ["rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"],
		"message": "default encryption is SSE-S3 (AES256, Amazon S3 managed keys), not a KMS key",
	}}
}

test_deny_sse_s3_without_source_points_at_the_bucket if {
	findings := policy.deny with input as _one({"sse_algorithm": "AES256"})
	findings == {{
		"resource": "aws_s3_bucket.logs",
		"path": [],
		"message": "default encryption is SSE-S3 (AES256, Amazon S3 managed keys), not a KMS key",
	}}
}

test_deny_unrecognised_algorithm if {
	findings := policy.deny with input as _one({"sse_algorithm": "aws:kms:unknown"})
	findings == {{
		"resource": "aws_s3_bucket.logs",
		"path": [],
		"message": "default encryption algorithm \"aws:kms:unknown\" is not aws:kms or aws:kms:dsse",
	}}
}

test_deny_one_finding_per_bucket if {
	stores := [
		_bucket({"id": "aws_s3_bucket.a"}),
		_bucket({"id": "aws_s3_bucket.b", "sse_algorithm": "aws:kms"}),
		_bucket({"id": "aws_s3_bucket.c", "sse_algorithm": "AES256"}),
	]
	findings := policy.deny with input as _input(stores)
	{f.resource | some f in findings} == {"aws_s3_bucket.a", "aws_s3_bucket.c"}
	count(findings) == 2
}

# --- passes ------------------------------------------------------------------------

test_allow_sse_kms if {
	count(policy.deny) == 0 with input as _one({"sse_algorithm": "aws:kms", "kms_key": "aws_kms_key.data"})
	count(policy.undecided) == 0 with input as _one({"sse_algorithm": "aws:kms", "kms_key": "aws_kms_key.data"})
}

test_allow_sse_kms_with_the_aws_managed_key if {
	count(policy.deny) == 0 with input as _one({"sse_algorithm": "aws:kms"})
}

test_allow_dsse_kms if {
	count(policy.deny) == 0 with input as _one({"sse_algorithm": "aws:kms:dsse", "sources": {"sse_algorithm": _sse_config}})
}

test_allow_sse_kms_with_unknown_key if {
	# the key is unknown until apply, the algorithm is not: the bucket uses KMS
	count(policy.deny) == 0 with input as _one({"sse_algorithm": "aws:kms", "unknown": ["kms_key"]})
	count(policy.undecided) == 0 with input as _one({"sse_algorithm": "aws:kms", "unknown": ["kms_key"]})
}

test_allow_other_data_stores if {
	stores := [
		_bucket({"id": "aws_db_instance.main", "kind": "rds_instance", "encrypted_at_rest": false}),
		_bucket({"id": "aws_rds_cluster.main", "kind": "rds_cluster"}),
	]
	count(policy.deny) == 0 with input as _input(stores)
	count(policy.undecided) == 0 with input as _input(stores)
}

# --- undecided ---------------------------------------------------------------------

test_undecided_algorithm_unknown if {
	bucket := {"unknown": ["sse_algorithm"], "sources": {"sse_algorithm": _sse_config}}
	count(policy.deny) == 0 with input as _one(bucket)
	findings := policy.undecided with input as _one(bucket)
	findings == {{
		"resource": "aws_s3_bucket_server_side_encryption_configuration.logs",
		"path": ["rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"],
		"message": "cannot decide whether the bucket uses a KMS key: its default encryption algorithm is unknown until apply",
	}}
}

test_undecided_algorithm_unknown_without_source if {
	findings := policy.undecided with input as _one({"unknown": ["sse_algorithm"]})
	{f.resource | some f in findings} == {"aws_s3_bucket.logs"}
	count(policy.deny) == 0 with input as _one({"unknown": ["sse_algorithm"]})
}

# --- load balancer access log buckets ------------------------------------------------

_with_load_balancers(stores, balancers) := object.union(_input(stores), {"aws": object.union(
	_input(stores).aws,
	{"load_balancers": balancers},
)})

_alb(fields) := object.union(
	{
		"id": "aws_lb.web",
		"path": [],
		"subnets": [],
		"security_groups": [],
		"external": false,
		"listeners": [],
		"access_logs": true,
		"access_logs_bucket": "aws_s3_bucket.logs",
		"web_acls": [],
		"unknown": [],
		"sources": {},
	},
	fields,
)

test_allow_sse_s3_bucket_receiving_alb_access_logs if {
	count(policy.deny) == 0 with input as _with_load_balancers([_bucket({"sse_algorithm": "AES256"})], [_alb({})])
}

test_allow_alb_log_bucket_named_by_its_bucket_name if {
	inp := _with_load_balancers([_bucket({})], [_alb({"access_logs_bucket": "acme-logs", "type": "application"})])
	count(policy.deny) == 0 with input as inp
}

test_allow_classic_load_balancer_log_bucket if {
	inp := _with_load_balancers([_bucket({"sse_algorithm": "AES256"})], [_alb({"type": "classic"})])
	count(policy.deny) == 0 with input as inp
}

test_allow_unknown_algorithm_of_alb_log_bucket_is_not_undecided if {
	inp := _with_load_balancers([_bucket({"unknown": ["sse_algorithm"]})], [_alb({})])
	count(policy.undecided) == 0 with input as inp
}

test_deny_sse_s3_bucket_of_network_load_balancer_logs if {
	# NLB access logs may use SSE-KMS: the bucket is judged.
	inp := _with_load_balancers([_bucket({"sse_algorithm": "AES256"})], [_alb({"type": "network"})])
	count(policy.deny) == 1 with input as inp
}

test_deny_sse_s3_bucket_when_access_logs_are_off if {
	inp := _with_load_balancers([_bucket({"sse_algorithm": "AES256"})], [_alb({"access_logs": false})])
	count(policy.deny) == 1 with input as inp
}

test_deny_sse_s3_bucket_other_than_the_log_bucket if {
	inp := _with_load_balancers([_bucket({"sse_algorithm": "AES256"})], [_alb({"access_logs_bucket": "aws_s3_bucket.other"})])
	count(policy.deny) == 1 with input as inp
}
