package palisade.elb.lb_access_logs_disabled_test

import data.palisade.elb.lb_access_logs_disabled as policy

_lb(fields) := object.union(
	{"id": "aws_lb.web", "path": [], "external": false, "subnets": [], "security_groups": [], "listeners": [], "web_acls": [], "unknown": [], "sources": {}},
	fields,
)

_input(lbs) := {"aws": {"load_balancers": lbs}}

_logs_source := {"access_logs": {"id": "aws_lb.web", "path": ["access_logs", 0, "enabled"]}}

test_deny_alb_without_access_logs if {
	d := policy.deny with input as _input([_lb({})])
	d == {{"resource": "aws_lb.web", "path": [], "message": "no access logs are configured, so the requests the load balancer serves leave no record to investigate"}}
}

test_deny_switched_off_points_at_the_setting if {
	d := policy.deny with input as _input([_lb({"access_logs": false, "sources": _logs_source})])
	d == {{"resource": "aws_lb.web", "path": ["access_logs", 0, "enabled"], "message": "access logs are switched off, so the requests the load balancer serves leave no record to investigate"}}
}

test_deny_internal_and_classic if {
	d := policy.deny with input as _input([
		_lb({"internal": true}),
		_lb({"id": "aws_elb.legacy", "type": "classic", "access_logs": false}),
	])
	{f.resource | some f in d} == {"aws_lb.web", "aws_elb.legacy"}
}

test_allow_logged_and_out_of_scope if {
	inp := _input([
		_lb({"access_logs": true, "sources": _logs_source}),
		_lb({"id": "aws_lb.nlb", "type": "network"}),
		_lb({"id": "aws_lb.gwlb", "type": "gateway"}),
		_lb({"id": "Listener", "external": true}),
	])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_undecided_setting_unknown if {
	inp := _input([_lb({"unknown": ["access_logs"], "sources": _logs_source})])
	count(policy.deny) == 0 with input as inp
	u := policy.undecided with input as inp
	u == {{"resource": "aws_lb.web", "path": ["access_logs", 0, "enabled"], "message": "cannot decide whether the load balancer writes access logs: their setting is unknown until apply"}}
}

test_undecided_type_unknown if {
	inp := _input([_lb({"unknown": ["type"]})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 1 with input as inp
	count(policy.undecided) == 0 with input as _input([_lb({"unknown": ["type"], "access_logs": true})])
}
