# METADATA
# title: SNS topic is not encrypted at rest
# description: |
#   SNS stores every message it accepts until it is delivered to all subscribers,
#   retrying for hours or days when an endpoint is down. Without server-side encryption
#   those messages — often order events, alerts with customer data, or notifications
#   carrying tokens — rest unencrypted, and nothing in KMS records who read them. SNS
#   encrypts only when a KMS key is set on the topic; there is no default. Severity is
#   medium because the data is in transit between systems, not a long-term store.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
#     description: Encryption at rest in Amazon SNS
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-1
#     description: "Security Hub SNS.1: SNS topics should be encrypted at-rest using AWS KMS"
# custom:
#   id: PAL-SNS-001
#   severity: medium
#   remediation: >-
#     Set `kms_master_key_id` on `aws_sns_topic` (CloudFormation: `KmsMasterKeyId` on
#     `AWS::SNS::Topic`) to a customer managed key whose policy lets the publishing
#     services use it.
#   family: encryption
#   reads: [data_stores]
#   evaluates: {data_stores: [sns_topic]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-security-hub: ["SNS.1"]
#     nist-800-53-r5: ["CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)"]
package palisade.messaging.sns_topic_unencrypted

import data.palisade.lib.at_rest
import data.palisade.lib.result

deny contains finding if {
	some store in input.aws.data_stores
	store.kind == "sns_topic"
	at_rest.unencrypted(store)
	finding := result.of(store, "the topic names no KMS key, so SNS stores its messages unencrypted")
}

undecided contains finding if {
	some store in input.aws.data_stores
	store.kind == "sns_topic"
	"encrypted_at_rest" in store.unknown
	finding := result.of(store, "cannot decide whether the topic is encrypted: its KMS key setting is unknown until apply")
}
