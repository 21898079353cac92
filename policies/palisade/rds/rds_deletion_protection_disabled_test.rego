package palisade.rds.rds_deletion_protection_disabled_test

import data.palisade.rds.rds_deletion_protection_disabled as policy

_db(fields) := object.union({"id": "aws_rds_cluster.main", "path": [], "kind": "rds_cluster", "tags": {"Environment": "prod"}, "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}


test_deny_switched_off_at_the_setting if {
	s := _db({"deletion_protection": false, "sources": {"deletion_protection": {"id": "aws_rds_cluster.main", "path": ["deletion_protection"]}}})
	d := policy.deny with input as _input(s)
	d == {{"resource": "aws_rds_cluster.main", "path": ["deletion_protection"], "message": "deletion protection is switched off on a production database"}}
}

test_deny_default if {
	d := policy.deny with input as _input(_db({"deletion_protection": false}))
	d == {{"resource": "aws_rds_cluster.main", "path": [], "message": "deletion protection is not switched on (RDS's default is off) on a production database"}}
}

test_allow_on_and_non_production if {
	d1 := policy.deny with input as _input(_db({"deletion_protection": true}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_db({"deletion_protection": false, "tags": {"Environment": "staging"}}))
	count(d2) == 0
}

test_undecided_when_unknown if {
	s := _db({"unknown": ["deletion_protection"]})
	u := policy.undecided with input as _input(s)
	count(u) == 1
	d := policy.deny with input as _input(s)
	count(d) == 0
}
