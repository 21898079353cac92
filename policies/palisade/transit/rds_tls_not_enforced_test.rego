package palisade.transit.rds_tls_not_enforced_test

import data.palisade.transit.rds_tls_not_enforced as policy

_input(stores, groups) := {"format": "cloudformation", "file": "t.yaml", "resources": [], "aws": {"data_stores": stores, "db_parameter_groups": groups}}

_db(fields) := object.union(
	{"id": "Orders", "path": [], "kind": "rds_instance", "engine": "postgres", "unknown": [], "sources": {}},
	fields,
)

_group(fields) := object.union(
	{"id": "OrdersParams", "path": [], "name": "orders-pg", "family": "postgres14", "cluster": false, "parameters": [], "unknown": []},
	fields,
)

_param(name, value) := {"id": "OrdersParams", "path": ["Parameters", name], "name": name, "value": value, "unknown": []}

_linked := {"sources": {"parameter_group": {"id": "Orders", "path": ["DBParameterGroupName"]}}}

test_deny_default_group_old_postgres if {
	inp := _input([_db({"engine_version": "14.12"})], [])
	findings := policy.deny with input as inp
	findings == {{"resource": "Orders", "path": [], "message": "the database uses the default parameter group, where rds.force_ssl does not force TLS"}}
}

test_deny_named_default_group_takes_its_family_version if {
	store := _db(object.union(_linked, {"engine_version": "16.4", "parameter_group": "default.postgres14"}))
	findings := policy.deny with input as _input([store], [])
	findings == {{"resource": "Orders", "path": ["DBParameterGroupName"], "message": "the database uses the default parameter group, where rds.force_ssl does not force TLS"}}
}

test_deny_default_mysql if {
	findings := policy.deny with input as _input([_db({"engine": "mysql", "engine_version": "8.0.39"})], [])
	count(findings) == 1
}

test_deny_default_mariadb_before_11_8 if {
	findings := policy.deny with input as _input([_db({"engine": "mariadb", "engine_version": "11.4.5"})], [])
	count(findings) == 1
}

test_allow_default_mariadb_11_8 if {
	inp := _input([_db({"engine": "mariadb", "engine_version": "11.8.2"})], [])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_deny_custom_group_turns_it_off if {
	group := _group({"parameters": [_param("rds.force_ssl", "0")]})
	inp := _input([_db(object.union(_linked, {"parameter_group": "OrdersParams"}))], [group])
	findings := policy.deny with input as inp
	findings == {{"resource": "OrdersParams", "path": ["Parameters", "rds.force_ssl"], "message": "rds.force_ssl is 0, which does not force TLS"}}
}

test_deny_custom_group_without_the_parameter if {
	inp := _input([_db({"parameter_group": "OrdersParams"})], [_group({})])
	findings := policy.deny with input as inp
	findings == {{"resource": "OrdersParams", "path": [], "message": "the parameter group does not set rds.force_ssl, and its default does not force TLS"}}
}

test_deny_cluster_parameter_group_aurora_mysql if {
	cluster := _db({"id": "Ledger", "kind": "rds_cluster", "engine": "aurora-mysql", "parameter_group": "LedgerParams"})
	group := _group({"id": "LedgerParams", "family": "aurora-mysql8.0", "cluster": true, "parameters": [_param("require_secure_transport", "OFF")]})
	findings := policy.deny with input as _input([cluster], [group])
	count(findings) == 1
}

test_allow_default_postgres_16 if {
	inp := _input([_db({"engine_version": "16.4"})], [])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_default_postgres_version_not_declared if {
	inp := _input([_db({})], [])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_custom_group_forces_tls if {
	group := _group({"parameters": [_param("rds.force_ssl", "1")]})
	inp := _input([_db({"parameter_group": "OrdersParams"})], [group])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_custom_group_named_not_referenced if {
	group := _group({"parameters": [_param("rds.force_ssl", "1")]})
	inp := _input([_db({"parameter_group": "Orders-PG"})], [group])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_custom_group_inherits_postgres_15_default if {
	inp := _input([_db({"parameter_group": "OrdersParams"})], [_group({"family": "postgres15"})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_cluster_member_judged_by_cluster if {
	cluster := _db({"id": "Ledger", "kind": "rds_cluster", "engine": "aurora-postgresql", "parameter_group": "LedgerParams"})
	member := _db({"id": "LedgerOne", "engine": "aurora-postgresql", "cluster": "Ledger"})
	group := _group({"id": "LedgerParams", "family": "aurora-postgresql16", "cluster": true, "parameters": [_param("rds.force_ssl", "1")]})
	inp := _input([cluster, member], [group])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_allow_engine_not_judged if {
	inp := _input([_db({"engine": "oracle-ee"})], [])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 0 with input as inp
}

test_undecided_engine_version_unknown if {
	inp := _input([_db({"unknown": ["engine_version"]})], [])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {{"resource": "Orders", "path": [], "message": "cannot decide whether the default parameter group forces TLS: the engine version is unknown until apply"}}
}

test_undecided_parameter_value_unknown if {
	param := object.union(_param("rds.force_ssl", null), {"unknown": ["value"]})
	inp := _input([_db({"parameter_group": "OrdersParams"})], [_group({"parameters": [object.remove(param, ["value"])]})])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 1 with input as inp
}

test_undecided_group_not_in_unit if {
	inp := _input([_db({"parameter_group": "shared-postgres-tls"})], [])
	count(policy.deny) == 0 with input as inp
	findings := policy.undecided with input as inp
	findings == {{"resource": "Orders", "path": [], "message": "cannot decide whether TLS is forced: the parameter group shared-postgres-tls is not declared in this unit"}}
}

test_undecided_group_unknown if {
	inp := _input([_db({"unknown": ["parameter_group"]})], [])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 1 with input as inp
}

test_undecided_engine_unknown if {
	store := object.remove(_db({"unknown": ["engine"]}), ["engine"])
	inp := _input([store], [])
	count(policy.deny) == 0 with input as inp
	count(policy.undecided) == 1 with input as inp
}
