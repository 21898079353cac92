package palisade.elasticache.elasticache_unencrypted_at_rest_test

import data.palisade.elasticache.elasticache_unencrypted_at_rest as policy

_input(stores) := {"format": "cloudformation", "file": "t.yaml", "resources": [], "aws": {"data_stores": stores}}

_group(fields) := object.union(
	{"id": "Sessions", "path": [], "kind": "elasticache_replication_group", "engine": "redis", "unknown": [], "sources": {}},
	fields,
)

test_deny_encryption_off_points_at_setting if {
	store := _group({"encrypted_at_rest": false, "sources": {"encrypted_at_rest": {"id": "Sessions", "path": ["AtRestEncryptionEnabled"]}}})
	findings := policy.deny with input as _input([store])
	findings == {{"resource": "Sessions", "path": ["AtRestEncryptionEnabled"], "message": "at-rest encryption is turned off"}}
}

test_deny_redis_default if {
	findings := policy.deny with input as _input([_group({})])
	findings == {{"resource": "Sessions", "path": [], "message": "at-rest encryption is not turned on, and ElastiCache leaves Redis OSS replication groups unencrypted by default"}}
}

test_allow_encrypted_group if {
	inp := _input([_group({"encrypted_at_rest": true})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_cache_clusters_are_not_judged if {
	inp := _input([_group({"kind": "elasticache_cluster", "engine": "memcached"})])
	count(policy.deny) == 0 with input as inp
}

test_undecided_setting_unknown if {
	inp := _input([_group({"unknown": ["encrypted_at_rest"]})])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {{"resource": "Sessions", "path": [], "message": "cannot decide whether the group is encrypted at rest: the setting is unknown until apply"}}
}
