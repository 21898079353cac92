# METADATA
# title: EBS volume or instance block device is not encrypted
# description: |
#   An unencrypted EBS volume keeps its data, and every snapshot taken of it, in clear
#   text: anyone who can share or copy a snapshot, or attach the volume elsewhere, can
#   read it, and nothing in KMS records the access. EBS leaves volumes unencrypted unless
#   asked, and an instance whose code declares no root device gets whatever the AMI's
#   snapshot has, which the code does not control. The rule judges standalone volumes
#   and the block devices an instance declares (including an undeclared root device,
#   reported at the instance). Switching on EBS encryption by default
#   (`aws_ebs_encryption_by_default`) in the same scan unit covers every new volume. An
#   instance started from a launch template takes its devices from the template, which
#   PAL-EBS-002 judges; a volume restored from a snapshot inherits the snapshot's
#   encryption and is undecided unless it asks for encryption itself.
# related_resources:
#   - ref: https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
#     description: Amazon EBS encryption
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-3
#     description: "Security Hub EC2.3: Attached Amazon EBS volumes should be encrypted at-rest"
# custom:
#   id: PAL-EBS-001
#   severity: high
#   remediation: >-
#     Set `encrypted = true` with a customer managed `kms_key_id` on `aws_ebs_volume`
#     and on the instance's `root_block_device` and `ebs_block_device` blocks
#     (CloudFormation: `Encrypted: true` and `KmsKeyId` on `AWS::EC2::Volume` and in
#     each `BlockDeviceMappings[].Ebs`), or turn on `aws_ebs_encryption_by_default`
#     for the account and region.
#   family: encryption
#   reads: [data_stores]
#   evaluates: {data_stores: [ebs_volume, instance_volume]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["EC2.3"]
#     aws-security-hub: ["EC2.3"]
#     nist-800-53-r5: ["CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)"]
package palisade.ebs.ebs_volume_unencrypted

import data.palisade.lib.at_rest
import data.palisade.lib.result

deny contains finding if {
	some store in _judged
	at_rest.unencrypted(store)
	finding := result.field(store, "encrypted_at_rest", _message(store))
}

undecided contains finding if {
	some store in _judged
	"encrypted_at_rest" in store.unknown
	finding := result.field(store, "encrypted_at_rest", sprintf("cannot decide whether %s is encrypted: the setting is unknown until apply", [_subject(store)]))
}

undecided contains finding if {
	some store in _judged
	at_rest.from_snapshot(store)
	finding := result.of(store, sprintf("cannot decide whether %s is encrypted: it is created from a snapshot and takes the snapshot's encryption", [_subject(store)]))
}

_judged contains store if {
	some store in input.aws.data_stores
	store.kind in {"ebs_volume", "instance_volume"}
}

_subject(store) := "the EBS volume" if {
	store.kind == "ebs_volume"
} else := "the instance's root volume" if {
	store.name == "root"
} else := sprintf("the instance's volume %s", [store.name]) if {
	store.name
} else := "the instance's volume"

_message(store) := sprintf("%s is not encrypted: encryption is turned off", [_subject(store)]) if {
	store.encrypted_at_rest == false
} else := "the instance declares no root block device, so its root volume is encrypted only if the AMI's snapshot is" if {
	store.kind == "instance_volume"
	store.path == []
} else := sprintf("%s is not encrypted: encryption is not turned on, and EBS leaves volumes unencrypted by default", [_subject(store)])
