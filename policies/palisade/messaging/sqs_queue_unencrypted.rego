# METADATA
# title: SQS queue has server-side encryption switched off
# description: |
#   A queue keeps each message for up to 14 days. New queues are encrypted with SSE-SQS
#   (a key SQS owns) unless the code switches it off (`sqs_managed_sse_enabled = false`
#   or `SqsManagedSseEnabled: false`) and names no KMS key; such a queue stores its
#   messages in clear text. Queues that keep the default, or name a KMS key, pass this
#   rule; whether the key is customer managed is PAL-ENC-001's question. Severity is
#   medium because the data is in transit between systems, not a long-term store.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
#     description: Encryption at rest in Amazon SQS
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1
#     description: "Security Hub SQS.1: Amazon SQS queues should be encrypted at rest"
# custom:
#   id: PAL-SQS-001
#   severity: medium
#   remediation: >-
#     Remove `sqs_managed_sse_enabled = false` (CloudFormation: `SqsManagedSseEnabled:
#     false`), or better, set `kms_master_key_id` (`KmsMasterKeyId`) to a customer
#     managed key.
#   family: encryption
#   reads: [data_stores]
#   evaluates: {data_stores: [sqs_queue]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["SQS.1"]
#     aws-security-hub: ["SQS.1"]
#     nist-800-53-r5: ["CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)"]
package palisade.messaging.sqs_queue_unencrypted

import data.palisade.lib.at_rest
import data.palisade.lib.result

deny contains finding if {
	some store in input.aws.data_stores
	store.kind == "sqs_queue"
	at_rest.unencrypted(store)
	finding := result.field(store, "encrypted_at_rest", "server-side encryption is switched off and no KMS key is given, so the queue stores its messages unencrypted")
}

undecided contains finding if {
	some store in input.aws.data_stores
	store.kind == "sqs_queue"
	"encrypted_at_rest" in store.unknown
	finding := result.of(store, "cannot decide whether the queue is encrypted: its encryption settings are unknown until apply")
}
