# METADATA
# title: Launch template or launch configuration gives instances unencrypted volumes
# description: |
#   Every instance an Auto Scaling group or a fleet launches from this template gets the
#   block devices it declares. A device declared without encryption is created in clear
#   text, over and over, for every instance and every replacement, and each of its
#   snapshots is unencrypted too. The rule judges the EBS devices a launch template
#   declares, and for launch configurations (which always define the whole instance)
#   also an undeclared root device, whose encryption would follow the AMI's snapshot.
#   EBS encryption by default (`aws_ebs_encryption_by_default`) in the same scan unit
#   covers every new volume.
# related_resources:
#   - ref: https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
#     description: Amazon EBS encryption
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-181
#     description: "Security Hub EC2.181: EC2 launch templates should enable encryption for attached EBS volumes"
# custom:
#   id: PAL-EBS-002
#   severity: high
#   remediation: >-
#     Set `encrypted = "true"` and a customer managed `kms_key_id` in each
#     `block_device_mappings { ebs { … } }` of `aws_launch_template` (and
#     `encrypted = true` on `root_block_device`/`ebs_block_device` of
#     `aws_launch_configuration`); in CloudFormation `Encrypted: true` and `KmsKeyId` in
#     each `BlockDeviceMappings[].Ebs`. Or turn on `aws_ebs_encryption_by_default`.
#   family: encryption
#   reads: [data_stores]
#   evaluates: {data_stores: [launch_template_volume]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["EC2.181"]
#     aws-security-hub: ["EC2.181"]
package palisade.ebs.launch_template_volume_unencrypted

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
	store.kind == "launch_template_volume"
}

_subject(store) := "the root volume it launches" if {
	store.name == "root"
} else := sprintf("the volume %s it launches", [store.name]) if {
	store.name
} else := "a volume it launches"

_message(store) := sprintf("%s is not encrypted: encryption is turned off", [_subject(store)]) if {
	store.encrypted_at_rest == false
} else := "no root block device is declared, so the root volume of every instance launched is encrypted only if the AMI's snapshot is" if {
	store.path == []
} else := sprintf("%s is not encrypted: encryption is not turned on, and EBS leaves volumes unencrypted by default", [_subject(store)])
