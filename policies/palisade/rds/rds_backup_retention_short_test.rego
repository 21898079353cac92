package palisade.rds.rds_backup_retention_short_test

import data.palisade.rds.rds_backup_retention_short as policy

_db(fields) := object.union({"id": "aws_db_instance.orders", "path": [], "kind": "rds_instance", "tags": {"Environment": "prod"}, "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}


test_deny_short_retention_at_the_setting if {
	s := _db({"backup_retention_days": 3, "sources": {"backup_retention_days": {"id": "aws_db_instance.orders", "path": ["backup_retention_period"]}}})
	d := policy.deny with input as _input(s)
	d == {{"resource": "aws_db_instance.orders", "path": ["backup_retention_period"], "message": "automated backups are kept for 3 day(s) on a production database; the minimum is 7"}}
}

test_deny_default_and_zero if {
	d1 := policy.deny with input as _input(_db({"backup_retention_days": 1}))
	d1 == {{"resource": "aws_db_instance.orders", "path": [], "message": "automated backups are kept for 1 day (RDS's default, nothing is declared) on a production database; the minimum is 7"}}
	d2 := policy.deny with input as _input(_db({"backup_retention_days": 0}))
	d2 == {{"resource": "aws_db_instance.orders", "path": [], "message": "automated backups are switched off (retention 0 days) on a production database"}}
}

test_allow_week_and_non_production if {
	d1 := policy.deny with input as _input(_db({"backup_retention_days": 7}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_db({"backup_retention_days": 1, "tags": {"Environment": "dev"}}))
	count(d2) == 0
	d3 := policy.deny with input as _input(object.remove(_db({"backup_retention_days": 1}), ["tags"]))
	count(d3) == 0
}

test_production_value_is_case_insensitive if {
	d := policy.deny with input as _input(_db({"backup_retention_days": 1, "tags": {"Environment": "Production"}}))
	count(d) == 1
}

test_replicas_and_members_are_not_judged if {
	d1 := policy.deny with input as _input(_db({"backup_retention_days": 0, "encryption_inherited_from": "replica"}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_db({"cluster": "aws_rds_cluster.main"}))
	count(d2) == 0
}

test_undecided_when_unknown if {
	s := _db({"unknown": ["backup_retention_days"]})
	u := policy.undecided with input as _input(s)
	count(u) == 1
	d := policy.deny with input as _input(s)
	count(d) == 0
}
