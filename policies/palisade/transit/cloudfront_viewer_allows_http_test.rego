package palisade.transit.cloudfront_viewer_allows_http_test

import data.palisade.transit.cloudfront_viewer_allows_http as policy

_input(behaviors, unknown) := {"format": "cloudformation", "file": "t.yaml", "resources": [], "aws": {"cloudfront_distributions": [{"id": "Cdn", "path": [], "behaviors": behaviors, "unknown": unknown}]}}

_default(fields) := object.union({"id": "Cdn", "path": ["DistributionConfig", "DefaultCacheBehavior", "ViewerProtocolPolicy"], "default": true, "unknown": []}, fields)

test_deny_default_allow_all if {
	findings := policy.deny with input as _input([_default({"viewer_protocol_policy": "allow-all"})], [])
	findings == {{"resource": "Cdn", "path": ["DistributionConfig", "DefaultCacheBehavior", "ViewerProtocolPolicy"], "message": "the default cache behaviour lets viewers use plain HTTP (allow-all)"}}
}

test_deny_ordered_allow_all if {
	b := {"id": "Cdn", "path": ["x"], "default": false, "path_pattern": "/legacy/*", "viewer_protocol_policy": "allow-all", "unknown": []}
	findings := policy.deny with input as _input([_default({"viewer_protocol_policy": "https-only"}), b], [])
	findings == {{"resource": "Cdn", "path": ["x"], "message": "the cache behaviour for /legacy/* lets viewers use plain HTTP (allow-all)"}}
}

test_allow_redirect if {
	inp := _input([_default({"viewer_protocol_policy": "redirect-to-https"})], [])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_undecided_policy_unknown if {
	inp := _input([_default({"unknown": ["viewer_protocol_policy"]})], [])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {{"resource": "Cdn", "path": ["DistributionConfig", "DefaultCacheBehavior", "ViewerProtocolPolicy"], "message": "cannot decide whether the default cache behaviour allows plain HTTP: its viewer protocol policy is unknown until apply"}}
}

test_undecided_behaviours_unknown if {
	count(policy.undecided) == 1 with input as _input([], ["behaviors"])
}
