package palisade.transit.elasticache_transit_unencrypted_test

import data.palisade.transit.elasticache_transit_unencrypted as policy

_input(stores) := {"format": "cloudformation", "file": "t.yaml", "resources": [], "aws": {"data_stores": stores}}

_group(fields) := object.union(
	{"id": "Sessions", "path": [], "kind": "elasticache_replication_group", "engine": "redis", "unknown": [], "sources": {}},
	fields,
)

test_deny_transit_off if {
	store := _group({"encrypted_in_transit": false, "sources": {"encrypted_in_transit": {"id": "Sessions", "path": ["TransitEncryptionEnabled"]}}})
	findings := policy.deny with input as _input([store])
	findings == {{"resource": "Sessions", "path": ["TransitEncryptionEnabled"], "message": "in-transit encryption is turned off"}}
}

test_deny_standalone_cluster_default if {
	store := _group({"id": "PageCache", "kind": "elasticache_cluster", "engine": "memcached"})
	findings := policy.deny with input as _input([store])
	findings == {{"resource": "PageCache", "path": [], "message": "in-transit encryption is not turned on, and ElastiCache leaves it off by default"}}
}

test_allow_transit_on if {
	inp := _input([_group({"encrypted_in_transit": true})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_member_cluster_judged_by_group if {
	inp := _input([_group({"encrypted_in_transit": true}), _group({"id": "Extra", "kind": "elasticache_cluster", "cluster": "Sessions"})])
	count(policy.deny) == 0 with input as inp
}

test_undecided_transit_unknown if {
	inp := _input([_group({"unknown": ["encrypted_in_transit"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {{"resource": "Sessions", "path": [], "message": "cannot decide whether connections are encrypted: the setting is unknown until apply"}}
}
