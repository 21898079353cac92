package palisade.elb.alb_without_waf_web_acl_test

import data.palisade.elb.alb_without_waf_web_acl as policy

_lb(fields) := object.union(
	{"id": "WebLoadBalancer", "path": [], "external": false, "subnets": [], "security_groups": [], "listeners": [], "web_acls": [], "unknown": [], "sources": {}},
	fields,
)

_input(lbs) := {"aws": {"load_balancers": lbs}}

_association := {"id": "WebAclAssociation", "path": [], "web_acl": "EdgeWebAcl", "unknown": []}

test_deny_internet_facing_alb_without_web_acl if {
	d := policy.deny with input as _input([_lb({}), _lb({"id": "Api", "type": "application", "internal": false})])
	d == {
		{"resource": "WebLoadBalancer", "path": [], "message": "the internet-facing Application Load Balancer has no WAF web ACL associated in this unit, so requests reach the application unfiltered"},
		{"resource": "Api", "path": [], "message": "the internet-facing Application Load Balancer has no WAF web ACL associated in this unit, so requests reach the application unfiltered"},
	}
}

test_allow_associated_internal_and_other_types if {
	inp := _input([
		_lb({"web_acls": [_association]}),
		_lb({"id": "Internal", "internal": true}),
		_lb({"id": "Nlb", "type": "network"}),
		_lb({"id": "Classic", "type": "classic"}),
		_lb({"id": "Listener", "external": true}),
	])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_associated_despite_an_unresolved_association_elsewhere if {
	inp := _input([_lb({"web_acls": [_association], "unknown": ["web_acls"]})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_undecided_association_target_unknown if {
	inp := _input([_lb({"unknown": ["web_acls"]}), _lb({"id": "Internal", "internal": true, "unknown": ["web_acls"]})])
	count(policy.deny) == 0 with input as inp
	u := policy.undecided with input as inp
	u == {{"resource": "WebLoadBalancer", "path": [], "message": "cannot decide whether a WAF web ACL protects the load balancer: which load balancer a web ACL association protects is unknown (until apply, or not in the live export)"}}
}

test_undecided_scheme_or_type_unknown if {
	inp := _input([_lb({"unknown": ["internal"]}), _lb({"id": "Typed", "unknown": ["type"]})])
	count(policy.deny) == 0 with input as inp
	u := policy.undecided with input as inp
	u == {
		{"resource": "WebLoadBalancer", "path": [], "message": "cannot decide whether the load balancer is internet-facing: its scheme is unknown until apply"},
		{"resource": "Typed", "path": [], "message": "cannot decide whether the load balancer is an Application Load Balancer: its type is unknown until apply"},
	}
}
