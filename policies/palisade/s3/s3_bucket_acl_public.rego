# METADATA
# title: S3 bucket ACL grants access to everyone
# description: |
#   An ACL grant to `AllUsers` lets anyone on the internet read (or write) the bucket
#   without signing a request; a grant to `AuthenticatedUsers` does the same for anyone
#   with any AWS account — not "users of this account", a common misreading. Canned ACLs
#   `public-read`, `public-read-write` and `authenticated-read` make such grants. Where
#   S3's public access block is on, the grant is rejected or ignored, but the code still
#   states an intent to publish the bucket and exposes it the day the block is relaxed.
#   Serve public content through CloudFront instead, and keep ACLs disabled (bucket
#   owner enforced).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups
#     description: Amazon S3 predefined groups
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-2
#     description: "Security Hub S3.2: S3 general purpose buckets should block public read access"
# custom:
#   id: PAL-S3-003
#   severity: high
#   remediation: >-
#     Remove the public canned ACL (`acl` on `aws_s3_bucket` / `aws_s3_bucket_acl`,
#     `AccessControl` in CloudFormation) and any grant to the AllUsers or
#     AuthenticatedUsers group; set object ownership to `BucketOwnerEnforced` so ACLs
#     are disabled, and publish through CloudFront with origin access control.
#   family: network-exposure
#   reads: [data_stores]
#   evaluates: {data_stores: [s3_bucket]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["S3.2", "S3.3"]
#     aws-security-hub: ["S3.2", "S3.3"]
#     nist-800-53-r5: ["AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)"]
package palisade.s3.s3_bucket_acl_public

import data.palisade.lib.result

deny contains finding if {
	some store in input.aws.data_stores
	store.kind == "s3_bucket"
	count(store.public_grants) > 0
	finding := result.field(store, "public_grants", sprintf("the bucket's ACL grants %s", [concat(", ", [_describe(g) | some g in store.public_grants])]))
}

undecided contains finding if {
	some store in input.aws.data_stores
	store.kind == "s3_bucket"
	count(store.public_grants) == 0
	"public_grants" in store.unknown
	finding := result.of(store, "cannot decide whether the bucket's ACL is public: the ACL is unknown until apply")
}

_describe(grant) := sprintf("%s to anyone on the internet", [_permission(grant)]) if {
	startswith(grant, "AllUsers:")
} else := sprintf("%s to any AWS account", [_permission(grant)])

_permission(grant) := lower(substring(grant, indexof(grant, ":") + 1, -1))
