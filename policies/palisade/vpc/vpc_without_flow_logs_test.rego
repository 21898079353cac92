package palisade.vpc.vpc_without_flow_logs_test

import data.palisade.vpc.vpc_without_flow_logs as policy

_vpc(fields) := object.union({"id": "aws_vpc.main", "path": [], "cidr": "10.0.0.0/16", "default": false, "tags": {}, "flow_logs": [], "unknown": []}, fields)

_log(fields) := object.union({"id": "aws_flow_log.main", "path": [], "unknown": []}, fields)

_input(vpc) := {"aws": {"vpcs": [vpc]}}

test_deny_vpc_without_flow_log if {
	d := policy.deny with input as _input(_vpc({}))
	d == {{"resource": "aws_vpc.main", "path": [], "message": "no flow log in this unit captures the VPC's traffic, so its connections leave no record"}}
}

test_deny_accept_only_flow_log if {
	v := _vpc({"flow_logs": [_log({"traffic_type": "ACCEPT"})]})
	d := policy.deny with input as _input(v)
	d == {{"resource": "aws_vpc.main", "path": [], "message": "the VPC's only flow logs record accepted traffic, so rejected connections (scans, blocked exfiltration) leave no record"}}
}

test_allow_all_or_reject if {
	d1 := policy.deny with input as _input(_vpc({"flow_logs": [_log({"traffic_type": "ALL"})]}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_vpc({"flow_logs": [_log({"traffic_type": "ACCEPT"}), _log({"id": "aws_flow_log.rejects", "traffic_type": "REJECT"})]}))
	count(d2) == 0
}

test_allow_covered_despite_an_unknown_target_elsewhere if {
	v := _vpc({"unknown": ["flow_logs"], "flow_logs": [_log({"traffic_type": "REJECT"})]})
	d := policy.deny with input as _input(v)
	count(d) == 0
	u := policy.undecided with input as _input(v)
	count(u) == 0
}

test_undecided_when_a_target_is_unknown if {
	v := _vpc({"unknown": ["flow_logs"]})
	u := policy.undecided with input as _input(v)
	u == {{"resource": "aws_vpc.main", "path": [], "message": "cannot decide whether the VPC's rejected traffic is logged: a flow log's target or traffic type is unknown until apply"}}
	d := policy.deny with input as _input(v)
	count(d) == 0
}

test_undecided_when_the_traffic_type_is_unknown if {
	v := _vpc({"flow_logs": [_log({"unknown": ["traffic_type"]})]})
	u := policy.undecided with input as _input(v)
	count(u) == 1
	d := policy.deny with input as _input(v)
	count(d) == 0
}
