package palisade.transit.lb_listener_weak_tls_policy_test

import data.palisade.transit.lb_listener_weak_tls_policy as policy


_input(listeners) := {"format": "cloudformation", "file": "t.yaml", "resources": [], "aws": {"load_balancers": [{"id": "Web", "path": [], "external": false, "unknown": [], "listeners": listeners}]}}

_listener(fields) := object.union({"id": "Https", "path": [], "port": 443, "protocol": "HTTPS", "default_actions": [], "unknown": [], "sources": {}}, fields)

test_deny_old_policy_points_at_it if {
	l := _listener({"ssl_policy": "ELBSecurityPolicy-2016-08", "sources": {"ssl_policy": {"id": "Https", "path": ["SslPolicy"]}}})
	findings := policy.deny with input as _input([l])
	findings == {{"resource": "Https", "path": ["SslPolicy"], "message": "the security policy ELBSecurityPolicy-2016-08 accepts TLS versions older than 1.2"}}
}

test_deny_missing_policy_gets_aws_default if {
	findings := policy.deny with input as _input([_listener({"protocol": "TLS"})])
	findings == {{"resource": "Https", "path": [], "message": "no security policy is set, so AWS applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1"}}
}

test_allow_tls12_policy_and_plain_tcp if {
	inp := _input([_listener({"ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}), _listener({"id": "Tcp", "protocol": "TCP"})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_undecided_policy_unknown if {
	inp := _input([_listener({"unknown": ["ssl_policy"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {{"resource": "Https", "path": [], "message": "cannot decide which TLS versions the listener accepts: its security policy is unknown until apply"}}
}
