package palisade.ebs.ebs_volume_unencrypted_test

import data.palisade.ebs.ebs_volume_unencrypted as policy

_volume(fields) := object.union({"id": "aws_ebs_volume.data", "path": [], "kind": "ebs_volume", "unknown": [], "sources": {}}, fields)

_device(fields) := object.union({"id": "aws_instance.bastion", "path": ["root_block_device", 0], "kind": "instance_volume", "name": "root", "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}

test_deny_volume_with_encryption_off if {
	s := _volume({"encrypted_at_rest": false, "sources": {"encrypted_at_rest": {"id": "aws_ebs_volume.data", "path": ["encrypted"]}}})
	d := policy.deny with input as _input(s)
	d == {{"resource": "aws_ebs_volume.data", "path": ["encrypted"], "message": "the EBS volume is not encrypted: encryption is turned off"}}
}

test_deny_volume_that_does_not_ask if {
	d := policy.deny with input as _input(_volume({}))
	d == {{"resource": "aws_ebs_volume.data", "path": [], "message": "the EBS volume is not encrypted: encryption is not turned on, and EBS leaves volumes unencrypted by default"}}
}

test_deny_undeclared_root_device_at_the_instance if {
	d := policy.deny with input as _input(_device({"path": []}))
	d == {{"resource": "aws_instance.bastion", "path": [], "message": "the instance declares no root block device, so its root volume is encrypted only if the AMI's snapshot is"}}
}

test_deny_named_data_device if {
	d := policy.deny with input as _input(_device({"path": ["ebs_block_device", 0], "name": "/dev/sdf", "encrypted_at_rest": false}))
	d == {{"resource": "aws_instance.bastion", "path": ["ebs_block_device", 0], "message": "the instance's volume /dev/sdf is not encrypted: encryption is turned off"}}
}

test_allow_encrypted if {
	d := policy.deny with input as _input(_device({"encrypted_at_rest": true}))
	count(d) == 0
}

test_allow_account_default_and_launch_templates if {
	d1 := policy.deny with input as _input(_volume({"encryption_inherited_from": "account_default"}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_device({"path": [], "encryption_inherited_from": "launch_template"}))
	count(d2) == 0
}

test_launch_template_devices_are_pal_ebs_002s if {
	d := policy.deny with input as _input(_device({"kind": "launch_template_volume"}))
	count(d) == 0
}

test_undecided_when_unknown if {
	s := _volume({"unknown": ["encrypted_at_rest"]})
	u := policy.undecided with input as _input(s)
	u == {{"resource": "aws_ebs_volume.data", "path": [], "message": "cannot decide whether the EBS volume is encrypted: the setting is unknown until apply"}}
	d := policy.deny with input as _input(s)
	count(d) == 0
}

test_undecided_when_restored_from_a_snapshot if {
	s := _volume({"encryption_inherited_from": "snapshot"})
	u := policy.undecided with input as _input(s)
	u == {{"resource": "aws_ebs_volume.data", "path": [], "message": "cannot decide whether the EBS volume is encrypted: it is created from a snapshot and takes the snapshot's encryption"}}
	d := policy.deny with input as _input(s)
	count(d) == 0
}
