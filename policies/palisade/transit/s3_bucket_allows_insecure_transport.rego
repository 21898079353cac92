# METADATA
# title: S3 bucket policy does not deny requests without TLS
# description: |
#   S3 answers plain-HTTP requests unless the bucket policy denies them. Without a Deny on
#   `aws:SecureTransport = false`, a client, SDK setting or presigned URL that uses
#   `http://` sends objects and request signatures in clear text. palisade accepts bucket
#   policy statements that deny every principal (`*`) all S3 actions (`s3:*` or `*`) when
#   `Bool` (or `BoolIfExists`) `aws:SecureTransport` is `false` and no other condition
#   narrows the deny, and that together cover both the bucket (its ARN) and all its
#   objects (`<bucket ARN>/*`), or `*`. A deny on `s3:TlsVersion` alone does not count:
#   a plain-HTTP request has no TLS version, so `NumericLessThan` never matches it. A
#   Terraform ARN unknown until apply whose text is lost (a plan) is taken as the bucket's
#   ARN, and the objects are then undecided. Bucket policies are read from
#   `aws_s3_bucket_policy` and `AWS::S3::BucketPolicy`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5
#     description: "Security Hub S3.5: S3 general purpose buckets should require requests to use SSL"
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-ssl-requests-only.html
#     description: AWS Config rule s3-bucket-ssl-requests-only
# custom:
#   id: PAL-TLS-005
#   severity: medium
#   remediation: >-
#     Attach a bucket policy (`aws_s3_bucket_policy` / `AWS::S3::BucketPolicy`) with a
#     statement `{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource":
#     [bucket ARN, bucket ARN + "/*"], "Condition": {"Bool": {"aws:SecureTransport":
#     "false"}}}`. To also refuse old TLS versions, add a separate Deny with
#     `NumericLessThan` `s3:TlsVersion`.
#   family: encryption-in-transit
#   reads: [data_stores, iam]
#   evaluates: {data_stores: [s3_bucket]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["2.1.1"]
#     cis-aws-foundations-v5.0: ["2.1.1"]
#     aws-fsbp: ["S3.5"]
#     aws-security-hub: ["S3.5"]
#     nist-800-53-r5: ["AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)", "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)"]
package palisade.transit.s3_bucket_allows_insecure_transport

import data.palisade.lib.result

_buckets contains store if {
	some store in input.aws.data_stores
	store.kind == "s3_bucket"
}

deny contains finding if {
	some store in _buckets
	not _may_enforce(store)
	finding := result.of(_subject(store), _message(store))
}

undecided contains finding if {
	some store in _buckets
	not _enforces(store)
	_may_enforce(store)
	finding := result.of(_subject(store), "cannot decide whether the bucket policy denies requests without TLS: parts of it are unknown until apply")
}

# A finding points at the bucket policy when there is one, else at the bucket.
_subject(store) := policy if {
	some policy in _policies(store)
} else := store

_policies(store) := [policy |
	some policy in _resource_policies
	policy.id in object.get(store, "policies", [])
]

# Sorted out once, not per bucket and call.
_resource_policies := [policy | some policy in input.aws.iam.policies; policy.kind == "resource"]

# --- statements -----------------------------------------------------------------------

# A Deny that refuses every insecure request it covers: everyone, all actions, the
# insecure-transport condition and nothing that narrows it.
_denies_insecure(statement) if {
	statement.effect == "Deny"
	count(statement.unknown) == 0
	_everyone(statement)
	_all_actions(statement)
	_insecure_condition(statement)
}

# Each part either holds or is unknown, and at least one is unknown.
_may_deny_insecure(statement) if {
	count(statement.unknown) > 0
	_effect_may(statement)
	_principals_may(statement)
	_actions_may(statement)
	_conditions_may(statement)
}

_effect_may(statement) if "effect" in statement.unknown

_effect_may(statement) if statement.effect == "Deny"

_principals_may(statement) if "principals" in statement.unknown

_principals_may(statement) if _everyone(statement)

_actions_may(statement) if "actions" in statement.unknown

_actions_may(statement) if _all_actions(statement)

_conditions_may(statement) if "conditions" in statement.unknown

_conditions_may(statement) if _insecure_condition(statement)

_everyone(statement) if statement.principals.all == true

_all_actions(statement) if {
	count(statement.not_actions) == 0
	some action in statement.actions
	action in {"*", "s3:*"}
}

# The only condition is aws:SecureTransport = false: any other key (a NumericLessThan
# s3:TlsVersion, a source VPC) must also match, so it narrows the deny.
_insecure_condition(statement) if {
	count(statement.conditions) == 1
	some operator, block in statement.conditions
	operator in {"Bool", "BoolIfExists"}
	count(block) == 1
	some key, value in block
	lower(key) == "aws:securetransport"
	_is_false(value)
}

_is_false(value) if {
	not is_array(value)
	lower(sprintf("%v", [value])) == "false"
}

_is_false(value) if {
	is_array(value)
	count(value) > 0
	every v in value {
		lower(sprintf("%v", [v])) == "false"
	}
}

# --- what the denies cover --------------------------------------------------------------

# Resource ARNs of a statement: `*`, an ARN as written, or `${<ids>}` (an ARN of this
# unit unknown until apply), possibly followed by its known text (`${<ids>}/*`).
_covers_bucket(resource) if resource == "*"

_covers_bucket(resource) if {
	resource != "*"
	not contains(resource, "/")
}

_covers_objects(resource) if resource == "*"

_covers_objects(resource) if {
	endswith(resource, "/*")
	count(split(resource, "/")) == 2
}

_deny_statements(store) := [statement |
	some policy in _policies(store)
	some statement in policy.statements
	_denies_insecure(statement)
]

# The statements are computed once per call: a function call inside the loop would
# be evaluated again for every statement and resource before it.
_enforces(store) if {
	statements := _deny_statements(store)
	some s1 in statements
	some r1 in s1.resources
	_covers_bucket(r1)
	some s2 in statements
	some r2 in s2.resources
	_covers_objects(r2)
}

_may_enforce(store) if _enforces(store)

_may_enforce(store) if {
	some policy in _policies(store)
	"document" in policy.unknown
}

_may_enforce(store) if {
	some policy in _policies(store)
	some statement in policy.statements
	_may_deny_insecure(statement)
}

# The objects are covered only by an ARN unknown until apply whose text was lost: it may
# be `<bucket ARN>/*`.
_may_enforce(store) if {
	statements := _deny_statements(store)
	some s1 in statements
	some r1 in s1.resources
	_covers_bucket(r1)
	some s2 in statements
	some r2 in s2.resources
	_lost_text(r2)
}

_lost_text(resource) if regex.match(`^\$\{[^}]*\}$`, resource)

# --- messages -----------------------------------------------------------------------------

_message(store) := "the bucket has no bucket policy in this unit, so S3 accepts requests over plain HTTP" if {
	count(_policies(store)) == 0
} else := "the bucket policy denies requests without TLS on the bucket but not on its objects (<bucket ARN>/*)" if {
	some statement in _deny_statements(store)
	some resource in statement.resources
	_covers_bucket(resource)
} else := "the bucket policy denies requests without TLS on the objects but not on the bucket itself (its ARN)" if {
	some statement in _deny_statements(store)
	some resource in statement.resources
	_covers_objects(resource)
} else := "the bucket policy denies requests without TLS on neither the bucket (its ARN) nor all its objects (<bucket ARN>/*)" if {
	count(_deny_statements(store)) > 0
} else := "no statement of the bucket policy denies every principal all S3 actions when aws:SecureTransport is false"
