# METADATA
# title: Log group or table is not encrypted with a customer managed key
# description: |
#   CloudWatch Logs and DynamoDB always encrypt, by default with a key the service owns.
#   That protects the disks, but not the data from principals in the account: anyone
#   allowed to read the logs or the table reads them in clear text, and no key policy
#   or KMS audit trail stands in between. Application logs routinely carry tokens,
#   e-mail addresses and request bodies; tables carry the product's data. A customer
#   managed key lets the platform limit decryption to the roles that need it and revoke
#   it in an incident. This is advice rather than a requirement, so it is low; which
#   store kinds it covers is data (`advisory_cmk_kinds`), and kinds removed from that
#   list are judged by PAL-ENC-001 instead.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
#     description: Encrypt log data in CloudWatch Logs using AWS KMS
#   - ref: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
#     description: DynamoDB encryption at rest
# custom:
#   id: PAL-ENC-002
#   severity: low
#   remediation: >-
#     Set `kms_key_id` on `aws_cloudwatch_log_group` (CloudFormation: `KmsKeyId` on
#     `AWS::Logs::LogGroup`; the key policy must let `logs.<region>.amazonaws.com` use
#     it), and `server_side_encryption { enabled = true, kms_key_arn = … }` on
#     `aws_dynamodb_table` (`SSESpecification: {SSEEnabled: true, SSEType: KMS,
#     KMSMasterKeyId: …}`), pointing at a customer managed key.
#   family: encryption
#   reads: [data_stores]
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.encryption.data_store_without_customer_key

import data.palisade.lib.result

deny contains finding if {
	some store in _judged
	store.encryption == "service"
	finding := result.of(store, sprintf("the %s is encrypted only with a key %s owns, not a customer managed key", [_noun[store.kind], _service[store.kind]]))
}

deny contains finding if {
	some store in _judged
	store.key_is_customer_managed == false
	finding := result.field(store, "kms_key", _managed_message(store))
}

undecided contains finding if {
	some store in _judged
	some field in ["encryption", "encrypted_at_rest", "key_is_customer_managed"]
	field in store.unknown
	finding := result.of(store, sprintf("cannot decide whether the %s uses a customer managed key: %s", [_noun[store.kind], _why(store)]))
}

_judged contains store if {
	some store in input.aws.data_stores
	store.kind in data.palisade.encryption.advisory_cmk_kinds
}

_noun := {"cloudwatch_log_group": "log group", "dynamodb_table": "table"}

_service := {"cloudwatch_log_group": "CloudWatch Logs", "dynamodb_table": "DynamoDB"}

_managed_message(store) := sprintf("the %s is encrypted with the AWS managed key %s, not a customer managed key", [_noun[store.kind], store.kms_key]) if {
	store.kms_key
} else := sprintf("the %s is encrypted with KMS but names no key, so the AWS managed key is used", [_noun[store.kind]])

_why(store) := "its KMS key reference is unknown until apply" if {
	"kms_key" in store.unknown
} else := sprintf("its KMS key %s is not declared in this scan unit", [store.kms_key]) if {
	"key_is_customer_managed" in store.unknown
} else := "its encryption settings are unknown until apply"
