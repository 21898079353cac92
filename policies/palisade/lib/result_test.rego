package palisade.lib.result_test

import data.palisade.lib.result

_rule := {"id": "aws_security_group.web", "path": ["ingress", 0], "unknown": []}

_bucket := {
	"id": "aws_s3_bucket.logs",
	"path": [],
	"kind": "s3_bucket",
	"unknown": [],
	"sources": {"sse_algorithm": {
		"id": "aws_s3_bucket_server_side_encryption_configuration.logs",
		"path": ["rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"],
	}},
}

test_at_builds_the_finding_object if {
	result.at("Bucket", ["BucketEncryption"], "m") == {"resource": "Bucket", "path": ["BucketEncryption"], "message": "m"}
}

test_of_points_at_the_element if {
	result.of(_rule, "m") == {"resource": "aws_security_group.web", "path": ["ingress", 0], "message": "m"}
}

test_field_points_at_the_source_when_present if {
	result.field(_bucket, "sse_algorithm", "m") == {
		"resource": "aws_s3_bucket_server_side_encryption_configuration.logs",
		"path": ["rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"],
		"message": "m",
	}
}

test_field_falls_back_to_the_element_without_that_source if {
	result.field(_bucket, "kms_key", "m") == {"resource": "aws_s3_bucket.logs", "path": [], "message": "m"}
}

test_field_falls_back_to_the_element_without_sources if {
	result.field(_rule, "cidr_ipv4", "m") == {"resource": "aws_security_group.web", "path": ["ingress", 0], "message": "m"}
}
