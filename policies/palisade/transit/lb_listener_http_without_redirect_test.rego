package palisade.transit.lb_listener_http_without_redirect_test

import data.palisade.transit.lb_listener_http_without_redirect as policy

_input(lbs) := {"format": "cloudformation", "file": "t.yaml", "resources": [], "aws": {"load_balancers": lbs}}

_lb(fields, listeners) := object.union(
	{"id": "Web", "path": [], "external": false, "subnets": [], "security_groups": [], "unknown": [], "listeners": listeners},
	fields,
)

_listener(fields) := object.union({"id": "Http", "path": [], "port": 80, "protocol": "HTTP", "default_actions": [], "unknown": [], "sources": {}}, fields)

_forward := {"id": "Http", "path": ["DefaultActions", 0], "type": "forward", "unknown": []}

_redirect(protocol) := {"id": "Http", "path": ["DefaultActions", 0], "type": "redirect", "redirect_protocol": protocol, "unknown": []}

test_deny_forwarding_http_listener if {
	findings := policy.deny with input as _input([_lb({}, [_listener({"default_actions": [_forward]})])])
	findings == {{"resource": "Http", "path": [], "message": "the HTTP listener does not redirect to HTTPS, so requests are served in clear text"}}
}

test_deny_redirect_keeping_protocol if {
	inp := _input([_lb({}, [_listener({"default_actions": [_redirect("#{PROTOCOL}")]})])])
	count(policy.deny) == 1 with input as inp
}

test_deny_alb_listener_without_protocol if {
	l := object.remove(_listener({"default_actions": [_forward]}), ["protocol"])
	count(policy.deny) == 1 with input as _input([_lb({}, [l])])
}

test_allow_redirect_to_https if {
	inp := _input([_lb({}, [_listener({"default_actions": [_redirect("HTTPS")]})])])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_internal_and_nlb if {
	inp := _input([
		_lb({"internal": true}, [_listener({"default_actions": [_forward]})]),
		_lb({"id": "Nlb", "type": "network"}, [object.remove(_listener({"id": "Tcp", "default_actions": [_forward]}), ["protocol"])]),
	])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_undecided_scheme_unknown if {
	inp := _input([_lb({"unknown": ["internal"]}, [_listener({"default_actions": [_forward]})])])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {{"resource": "Http", "path": [], "message": "cannot decide whether the load balancer is internet-facing: its scheme is unknown until apply"}}
}

test_undecided_external_load_balancer if {
	inp := _input([_lb({"id": "Http", "external": true}, [_listener({"default_actions": [_forward]})])])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 1 with input as inp
}

test_undecided_actions_unknown if {
	inp := _input([_lb({}, [_listener({"unknown": ["default_actions"]})])])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {{"resource": "Http", "path": [], "message": "cannot decide whether the HTTP listener redirects to HTTPS: its default action is unknown until apply"}}
}
