package palisade.rds.rds_single_az_test

import data.palisade.rds.rds_single_az as policy

_db(fields) := object.union({"id": "aws_db_instance.orders", "path": [], "kind": "rds_instance", "tags": {"Environment": "prod"}, "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}


test_deny_single_az_instance if {
	s := _db({"multi_az": false, "sources": {"multi_az": {"id": "aws_db_instance.orders", "path": ["multi_az"]}}})
	d := policy.deny with input as _input(s)
	d == {{"resource": "aws_db_instance.orders", "path": ["multi_az"], "message": "Multi-AZ is switched off on a production database"}}
}

test_deny_cluster_with_one_instance if {
	s := _db({"id": "aws_rds_cluster.main", "kind": "rds_cluster", "multi_az": false})
	d := policy.deny with input as _input(s)
	d == {{"resource": "aws_rds_cluster.main", "path": [], "message": "the production cluster has fewer than two instances in this scan unit, so nothing can take over when its writer fails"}}
}

test_allow_multi_az_and_non_production if {
	d1 := policy.deny with input as _input(_db({"multi_az": true}))
	count(d1) == 0
	d2 := policy.deny with input as _input(object.remove(_db({"multi_az": false}), ["tags"]))
	count(d2) == 0
}

test_undecided_when_unknown if {
	s := _db({"unknown": ["multi_az"]})
	u := policy.undecided with input as _input(s)
	count(u) == 1
	d := policy.deny with input as _input(s)
	count(d) == 0
}
