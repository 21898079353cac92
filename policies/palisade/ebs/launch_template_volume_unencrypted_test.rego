package palisade.ebs.launch_template_volume_unencrypted_test

import data.palisade.ebs.launch_template_volume_unencrypted as policy

_device(fields) := object.union({"id": "aws_launch_template.app", "path": ["block_device_mappings", 0, "ebs", 0], "kind": "launch_template_volume", "name": "/dev/xvda", "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}

_finding(message) := {"resource": "aws_launch_template.app", "path": ["block_device_mappings", 0, "ebs", 0], "message": message}

test_deny_device_with_encryption_off if {
	d := policy.deny with input as _input(_device({"encrypted_at_rest": false}))
	d == {_finding("the volume /dev/xvda it launches is not encrypted: encryption is turned off")}
}

test_deny_device_that_does_not_ask if {
	d := policy.deny with input as _input(_device({}))
	d == {_finding("the volume /dev/xvda it launches is not encrypted: encryption is not turned on, and EBS leaves volumes unencrypted by default")}
}

test_deny_launch_configuration_without_root_device if {
	d := policy.deny with input as _input(_device({"id": "aws_launch_configuration.app", "path": [], "name": "root"}))
	d == {{"resource": "aws_launch_configuration.app", "path": [], "message": "no root block device is declared, so the root volume of every instance launched is encrypted only if the AMI's snapshot is"}}
}

test_allow_encrypted_and_account_default if {
	d1 := policy.deny with input as _input(_device({"encrypted_at_rest": true}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_device({"encryption_inherited_from": "account_default"}))
	count(d2) == 0
}

test_instance_devices_are_pal_ebs_001s if {
	d := policy.deny with input as _input(_device({"kind": "instance_volume"}))
	count(d) == 0
}

test_undecided_when_unknown if {
	s := _device({"unknown": ["encrypted_at_rest"]})
	u := policy.undecided with input as _input(s)
	u == {_finding("cannot decide whether the volume /dev/xvda it launches is encrypted: the setting is unknown until apply")}
	d := policy.deny with input as _input(s)
	count(d) == 0
}

test_undecided_from_snapshot if {
	u := policy.undecided with input as _input(_device({"encryption_inherited_from": "snapshot"}))
	u == {_finding("cannot decide whether the volume /dev/xvda it launches is encrypted: it is created from a snapshot and takes the snapshot's encryption")}
}
