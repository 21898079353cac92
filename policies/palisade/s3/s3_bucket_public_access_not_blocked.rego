# METADATA
# title: S3 bucket's public access block is switched off
# description: |
#   Block Public Access is the backstop that keeps a bucket private when someone later
#   adds a public ACL or a bucket policy granting `*` — the mistake behind most S3 data
#   leaks. S3 turns all four switches on for new buckets, so a bucket is exposed to this
#   only when code switches one off: a public access block declaration that sets a switch
#   to false or leaves it out (a declaration replaces the whole setting). An account-level
#   block (`aws_s3_account_public_access_block`) in the same scan unit that keeps a
#   switch on covers every bucket.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
#     description: Blocking public access to your Amazon S3 storage
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8
#     description: "Security Hub S3.8: S3 general purpose buckets should block public access"
# custom:
#   id: PAL-S3-002
#   severity: high
#   remediation: >-
#     Set all four of `block_public_acls`, `ignore_public_acls`, `block_public_policy`
#     and `restrict_public_buckets` to true on `aws_s3_bucket_public_access_block`
#     (CloudFormation: `PublicAccessBlockConfiguration` with `BlockPublicAcls`,
#     `IgnorePublicAcls`, `BlockPublicPolicy`, `RestrictPublicBuckets`), or on the
#     account with `aws_s3_account_public_access_block`. Serve public content through
#     CloudFront with origin access control instead.
#   family: network-exposure
#   reads: [data_stores]
#   evaluates: {data_stores: [s3_bucket]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["2.1.4"]
#     cis-aws-foundations-v5.0: ["2.1.4"]
#     aws-fsbp: ["S3.1", "S3.8"]
#     aws-security-hub: ["S3.1", "S3.8"]
#     nist-800-53-r5: ["AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)"]
package palisade.s3.s3_bucket_public_access_not_blocked

import data.palisade.lib.result

_switches := ["block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"]

# One finding per declaration that switches something off, naming the switches.
deny contains finding if {
	some store in input.aws.data_stores
	store.kind == "s3_bucket"
	off := _off(store)
	count(off) > 0
	some name in off
	name == off[0]
	finding := result.field(store, name, sprintf("public access block leaves %s off, so a public ACL or bucket policy would expose the bucket", [concat(", ", off)]))
}

undecided contains finding if {
	some store in input.aws.data_stores
	store.kind == "s3_bucket"
	count(_off(store)) == 0
	unknown := [name | some name in _switches; name in store.unknown]
	count(unknown) > 0
	finding := result.of(store, sprintf("cannot decide whether public access is blocked: %s unknown until apply", [concat(", ", unknown)]))
}

_off(store) := [name | some name in _switches; store.public_access_block[name] == false]
