# METADATA
# title: S3 bucket is not encrypted with a KMS key by default
# description: |
#   Since January 2023 S3 encrypts every new object with SSE-S3 at least, so a bucket
#   without a KMS default is not stored in plaintext: it is encrypted with keys that
#   Amazon S3 owns and manages, a gap in key control rather than in encryption.
#   With SSE-KMS (or DSSE-KMS) reading an object also needs kms:Decrypt on the key,
#   every use of the key is recorded in CloudTrail, and with a customer managed key
#   its key policy, rotation and the option to disable it are yours; SSE-S3 offers
#   none of that. The reference platform encrypts every bucket with a customer
#   managed KMS key, except the one it cannot: Elastic Load Balancing delivers
#   Application Load Balancer access logs only to buckets encrypted with SSE-S3, so a
#   bucket that an Application Load Balancer of the same unit names as its access-log
#   destination is not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-17
#     description: "Security Hub S3.17: S3 general purpose buckets should be encrypted at rest with AWS KMS keys"
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
#     description: Default encryption FAQ (SSE-S3 applied to all buckets since January 5, 2023)
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
#     description: Using server-side encryption with AWS KMS keys (SSE-KMS)
#   - ref: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
#     description: "ALB access logs: the only server-side encryption supported for the bucket is SSE-S3"
# custom:
#   id: PAL-S3-001
#   severity: medium
#   remediation: >-
#     Set the bucket's default encryption to `aws:kms` (or `aws:kms:dsse`) with a
#     customer managed KMS key, and enable the S3 Bucket Key to keep KMS request costs down.
#   family: encryption
#   reads: [data_stores, load_balancers]
#   evaluates: {data_stores: [s3_bucket]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-security-hub: ["S3.17"]
#     nist-800-53-r5: ["AU-9", "CA-9(1)", "CM-3(6)", "SC-7(10)", "SC-12(2)", "SC-13", "SC-28", "SC-28(1)", "SI-7(6)"]
package palisade.s3.s3_bucket_without_kms_encryption

import data.palisade.lib.result

_kms_algorithms := {"aws:kms", "aws:kms:dsse"}

deny contains finding if {
	some store in input.aws.data_stores
	store.kind == "s3_bucket"
	not "sse_algorithm" in store.unknown
	not store.sse_algorithm in _kms_algorithms
	not _alb_access_log_bucket(store)
	finding := result.field(store, "sse_algorithm", _message(store))
}

# Application Load Balancers write access logs only to SSE-S3 buckets: a KMS default
# would stop the logs, so the bucket an ALB of this unit logs to is not asked for one.
_alb_access_log_bucket(store) if {
	some lb in input.aws.load_balancers
	_application(lb)
	lb.access_logs_bucket in {store.id, object.get(store, "name", store.id)}
}

_application(lb) if not lb.type

_application(lb) if lb.type == "application"

undecided contains finding if {
	some store in input.aws.data_stores
	store.kind == "s3_bucket"
	"sse_algorithm" in store.unknown
	finding := result.field(store, "sse_algorithm", "cannot decide whether the bucket uses a KMS key: its default encryption algorithm is unknown until apply")
}

_message(store) := "no default encryption with a KMS key is declared, so objects are encrypted with SSE-S3 (Amazon S3 managed keys)" if {
	not store.sse_algorithm
} else := "default encryption is SSE-S3 (AES256, Amazon S3 managed keys), not a KMS key" if {
	store.sse_algorithm == "AES256"
} else := sprintf("default encryption algorithm %q is not aws:kms or aws:kms:dsse", [store.sse_algorithm])
