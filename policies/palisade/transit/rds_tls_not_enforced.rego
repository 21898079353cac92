# METADATA
# title: RDS database does not force TLS for client connections
# description: |
#   RDS accepts unencrypted client connections unless the database's parameter group
#   forces TLS: `rds.force_ssl` for PostgreSQL and SQL Server, `require_secure_transport`
#   for MySQL and MariaDB (the cluster parameter group for Aurora). Without it, one
#   misconfigured client or driver default (`sslmode=prefer`) sends credentials and query
#   results in clear text through the VPC. The default parameter groups do not force TLS,
#   except those of RDS for PostgreSQL 15 and later (`rds.force_ssl` defaults to 1) and
#   RDS for MariaDB 11.8 and later (`require_secure_transport` defaults to ON); a custom
#   group that leaves the parameter out inherits that default from its family. Aurora
#   PostgreSQL still defaults `rds.force_ssl` to 0. Engines, parameters and those version
#   thresholds are data (`data.palisade.transit.rds_tls_parameters`); Oracle and Db2
#   (which force TLS through an option group or listener) are not judged. Instances that
#   belong to a cluster are judged by the cluster, whose cluster parameter group holds
#   these parameters. A version that is not declared is AWS's current default, which is
#   past every threshold.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html
#     description: Using SSL with a PostgreSQL DB instance (rds.force_ssl)
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/ssl-certificate-rotation-postgresql.html
#     description: "rds.force_ssl defaults to 1 for RDS for PostgreSQL 15 and later, 0 before"
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html
#     description: Requiring SSL/TLS for all connections to a MySQL DB instance
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mariadb-ssl-connections.require-ssl.html
#     description: "MariaDB: require_secure_transport defaults to ON from 11.8"
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/ssl-certificate-rotation-aurora-postgresql.html
#     description: "Aurora PostgreSQL: rds.force_ssl defaults to 0"
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html
#     description: "Security Hub RDS.38, RDS.39, RDS.41, RDS.44: RDS DB instances should be encrypted in transit"
# custom:
#   id: PAL-TLS-004
#   severity: medium
#   remediation: >-
#     Give the database a custom parameter group (`aws_db_parameter_group`,
#     `aws_rds_cluster_parameter_group`, `AWS::RDS::DBParameterGroup`,
#     `AWS::RDS::DBClusterParameterGroup`) that sets `rds.force_ssl = 1` (PostgreSQL,
#     SQL Server) or `require_secure_transport = ON` (MySQL, MariaDB, Aurora MySQL), and
#     reference it from `parameter_group_name` / `db_cluster_parameter_group_name` /
#     `DBParameterGroupName` / `DBClusterParameterGroupName`.
#   family: encryption-in-transit
#   reads: [data_stores, db_parameter_groups]
#   evaluates: {data_stores: [rds_instance, rds_cluster]}
#   formats: [plan, cfn, hcl, state, cli]
#   frameworks:
#     aws-fsbp: ["RDS.41", "RDS.44"]
#     aws-security-hub: ["RDS.38", "RDS.39", "RDS.41", "RDS.44"]
package palisade.transit.rds_tls_not_enforced

import data.palisade.lib.result

_engines := data.palisade.transit.rds_tls_parameters

# RDS stores this rule judges: clusters, and instances that are not cluster members.
_stores contains store if {
	some store in input.aws.data_stores
	store.kind in {"rds_instance", "rds_cluster"}
	object.get(store, "cluster", null) == null
}

# ... whose engine forces TLS through a parameter.
_judged contains store if {
	some store in _stores
	_engines[store.engine]
}

undecided contains finding if {
	some store in _stores
	"engine" in store.unknown
	finding := result.of(store, "cannot decide whether TLS is forced: the engine is unknown until apply")
}

# --- the engine's default parameter group -----------------------------------------

deny contains finding if {
	some store in _judged
	_default_group(store)
	version := _default_version(store)
	not _forced_by_default(store, version)
	finding := result.field(store, "parameter_group", sprintf("the database uses the default parameter group, where %s does not force TLS", [_parameter_name(store)]))
}

undecided contains finding if {
	some store in _judged
	_default_group(store)
	not _default_version(store)
	_engines[store.engine].forced_by_default_from
	finding := result.field(store, "parameter_group", "cannot decide whether the default parameter group forces TLS: the engine version is unknown until apply")
}

# --- a parameter group declared in this unit --------------------------------------

deny contains finding if {
	some store in _judged
	group := _group(store)
	parameter := _parameter(store, group)
	not "value" in parameter.unknown
	not lower(parameter.value) in _values(store)
	finding := result.of(parameter, sprintf("%s is %s, which does not force TLS", [parameter.name, parameter.value]))
}

deny contains finding if {
	some store in _judged
	group := _group(store)
	not _parameter(store, group)
	not "parameters" in group.unknown
	version := _group_version(store, group)
	not _forced_by_default(store, version)
	finding := result.of(group, sprintf("the parameter group does not set %s, and its default does not force TLS", [_parameter_name(store)]))
}

undecided contains finding if {
	some store in _judged
	group := _group(store)
	parameter := _parameter(store, group)
	"value" in parameter.unknown
	finding := result.of(parameter, sprintf("cannot decide whether TLS is forced: %s is unknown until apply", [parameter.name]))
}

undecided contains finding if {
	some store in _judged
	group := _group(store)
	not _parameter(store, group)
	"parameters" in group.unknown
	finding := result.of(group, "cannot decide whether TLS is forced: the group's parameters are unknown until apply")
}

undecided contains finding if {
	some store in _judged
	group := _group(store)
	not _parameter(store, group)
	not "parameters" in group.unknown
	not _group_version(store, group)
	_engines[store.engine].forced_by_default_from
	finding := result.of(group, sprintf("cannot decide whether TLS is forced: the group does not set %s, and its family and the engine version are unknown until apply", [_parameter_name(store)]))
}

# --- a group that cannot be read ----------------------------------------------------

undecided contains finding if {
	some store in _judged
	"parameter_group" in store.unknown
	finding := result.field(store, "parameter_group", "cannot decide whether TLS is forced: the parameter group is unknown until apply")
}

undecided contains finding if {
	some store in _judged
	name := store.parameter_group
	not _default_name(name)
	not _group(store)
	finding := result.field(store, "parameter_group", sprintf("cannot decide whether TLS is forced: the parameter group %s is not declared in this unit", [name]))
}

# --- helpers ------------------------------------------------------------------------

_parameter_name(store) := _engines[store.engine].parameter

_default_name(name) if startswith(lower(name), "default.")

_default_group(store) if {
	not store.parameter_group
	not "parameter_group" in store.unknown
}

_default_group(store) if _default_name(store.parameter_group)

# The group a store names: by its resource id, or by the name it is declared with.
_group(store) := group if {
	some group in input.aws.db_parameter_groups
	group.id == store.parameter_group
} else := group if {
	some group in input.aws.db_parameter_groups
	lower(group.name) == lower(store.parameter_group)
}

_parameter(store, group) := parameter if {
	some parameter in group.parameters
	parameter.name == _parameter_name(store)
}

_values(store) := {lower(v) | some v in _engines[store.engine].values}

# The version whose defaults a default group has: a named group's family
# (`default.postgres14`), else the engine version; "" when neither is declared.
# Undefined when it is unknown until apply.
_default_version(store) := _version_in(store.parameter_group)

_default_version(store) := version if {
	not store.parameter_group
	not "engine_version" in store.unknown
	version := object.get(store, "engine_version", "")
}

# A custom group inherits the defaults of its family; else of the engine version.
_group_version(store, group) := _version_in(group.family)

_group_version(store, group) := version if {
	not group.family
	not "family" in group.unknown
	not "engine_version" in store.unknown
	version := object.get(store, "engine_version", "")
}

_group_version(store, group) := store.engine_version if {
	not group.family
	"family" in group.unknown
}

# `postgres14` → `14`; `aurora-mysql8.0` → `8.0`; `mariadb11.8` → `11.8`.
_version_in(text) := found[0] if {
	found := regex.find_n(`[0-9]+(\.[0-9]+)?`, text, 1)
	count(found) == 1
}

# `16.4` → 16004; `11.8.2` → 11008; `""` (not declared) → "": AWS's current default.
_rank(version) := (to_number(parts[0]) * 1000) + _minor(parts) if {
	regex.match(`^[0-9]+(\.[0-9]+)*`, version)
	parts := split(version, ".")
}

_minor(parts) := to_number(parts[1]) if {
	count(parts) > 1
	regex.match(`^[0-9]+$`, parts[1])
} else := 0

_forced_by_default(store, version) if {
	_engines[store.engine].forced_by_default_from
	version == ""
}

_forced_by_default(store, version) if {
	from := _engines[store.engine].forced_by_default_from
	_rank(version) >= _rank(sprintf("%v", [from]))
}
