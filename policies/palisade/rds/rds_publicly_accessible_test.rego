package palisade.rds.rds_publicly_accessible_test

import data.palisade.rds.rds_publicly_accessible as policy

_db(fields) := object.union({"id": "Database", "path": [], "kind": "rds_instance", "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}

test_deny_public_instance_at_the_setting if {
	s := _db({"publicly_accessible": true, "sources": {"publicly_accessible": {"id": "Database", "path": ["PubliclyAccessible"]}}})
	d := policy.deny with input as _input(s)
	d == {{"resource": "Database", "path": ["PubliclyAccessible"], "message": "the instance is publicly accessible: its endpoint resolves to a public address"}}
}

test_allow_private_instance if {
	d := policy.deny with input as _input(_db({"publicly_accessible": false}))
	count(d) == 0
}

test_clusters_are_not_judged if {
	d := policy.deny with input as _input(_db({"kind": "rds_cluster", "publicly_accessible": true}))
	count(d) == 0
}

test_undecided_when_undeclared_in_a_template if {
	u := policy.undecided with input as _input(_db({"unknown": ["publicly_accessible"]}))
	u == {{"resource": "Database", "path": [], "message": "cannot decide whether the instance is publicly accessible: PubliclyAccessible is not declared, and RDS then makes it public if its VPC has an internet gateway"}}
	d := policy.deny with input as _input(_db({"unknown": ["publicly_accessible"]}))
	count(d) == 0
}

test_undecided_when_unknown_until_apply if {
	s := _db({"unknown": ["publicly_accessible"], "sources": {"publicly_accessible": {"id": "Database", "path": ["publicly_accessible"]}}})
	u := policy.undecided with input as _input(s)
	u == {{"resource": "Database", "path": ["publicly_accessible"], "message": "cannot decide whether the instance is publicly accessible: the setting is unknown until apply"}}
}
