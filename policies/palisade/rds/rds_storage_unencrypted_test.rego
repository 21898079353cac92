package palisade.rds.rds_storage_unencrypted_test

import data.palisade.rds.rds_storage_unencrypted as policy

# --- input builders: the shape of src/model/estate.rs ------------------------------

_input(stores) := {
	"format": "cloudformation",
	"file": "template.yaml",
	"resources": [],
	"aws": {"security_groups": [], "data_stores": stores, "iam": {"policies": []}},
}

_instance(fields) := object.union(
	{
		"id": "Database",
		"path": [],
		"kind": "rds_instance",
		"name": "orders",
		"engine": "postgres",
		"unknown": [],
		"sources": {},
	},
	fields,
)

_cluster(fields) := _instance(object.union({"id": "Cluster", "kind": "rds_cluster", "engine": "aurora-postgresql"}, fields))

_one(store) := _input([store])

# --- violations ------------------------------------------------------------------

test_deny_instance_with_encryption_off if {
	findings := policy.deny with input as _one(_instance({"encrypted_at_rest": false}))
	findings == {{"resource": "Database", "path": [], "message": "storage encryption is turned off"}}
}

test_deny_instance_with_encryption_absent if {
	findings := policy.deny with input as _one(_instance({}))
	findings == {{
		"resource": "Database",
		"path": [],
		"message": "storage encryption is not turned on, and RDS leaves storage unencrypted by default",
	}}
}

test_deny_points_at_the_declared_setting if {
	store := _instance({"encrypted_at_rest": false, "sources": {"encrypted_at_rest": {"id": "Database", "path": ["StorageEncrypted"]}}})
	findings := policy.deny with input as _one(store)
	findings == {{"resource": "Database", "path": ["StorageEncrypted"], "message": "storage encryption is turned off"}}
}

test_deny_cluster_with_encryption_off if {
	findings := policy.deny with input as _one(_cluster({"encrypted_at_rest": false}))
	findings == {{"resource": "Cluster", "path": [], "message": "storage encryption is turned off"}}
}

test_deny_is_not_also_undecided if {
	count(policy.undecided) == 0 with input as _one(_instance({"encrypted_at_rest": false}))
}

# --- passes ------------------------------------------------------------------------

test_allow_encrypted_instance if {
	store := _instance({"encrypted_at_rest": true, "kms_key": "DataKey"})
	count(policy.deny) == 0 with input as _one(store)
	count(policy.undecided) == 0 with input as _one(store)
}

test_allow_encrypted_instance_with_unknown_key if {
	store := _instance({"encrypted_at_rest": true, "unknown": ["kms_key"]})
	count(policy.deny) == 0 with input as _one(store)
	count(policy.undecided) == 0 with input as _one(store)
}

test_allow_encrypted_cluster if {
	count(policy.deny) == 0 with input as _one(_cluster({"encrypted_at_rest": true}))
}

test_allow_cluster_member_judged_by_its_cluster if {
	stores := [
		_cluster({"encrypted_at_rest": true}),
		_instance({"id": "ClusterWriter", "cluster": "Cluster", "engine": "aurora-postgresql"}),
	]
	count(policy.deny) == 0 with input as _input(stores)
	count(policy.undecided) == 0 with input as _input(stores)
}

test_allow_encrypted_replica if {
	store := _instance({"encrypted_at_rest": true, "encryption_inherited_from": "replica"})
	count(policy.deny) == 0 with input as _one(store)
	count(policy.undecided) == 0 with input as _one(store)
}

test_allow_s3_buckets_are_not_judged if {
	store := {"id": "Bucket", "path": [], "kind": "s3_bucket", "unknown": [], "sources": {}}
	count(policy.deny) == 0 with input as _one(store)
	count(policy.undecided) == 0 with input as _one(store)
}

# --- undecided ---------------------------------------------------------------------

test_undecided_encryption_unknown if {
	store := _instance({"unknown": ["encrypted_at_rest"]})
	count(policy.deny) == 0 with input as _one(store)
	findings := policy.undecided with input as _one(store)
	findings == {{
		"resource": "Database",
		"path": [],
		"message": "cannot decide whether storage is encrypted: the setting is unknown until apply",
	}}
}

test_undecided_unknown_setting_points_at_its_declaration if {
	store := _instance({"unknown": ["encrypted_at_rest"], "sources": {"encrypted_at_rest": {"id": "aws_db_instance.x", "path": ["storage_encrypted"]}}})
	findings := policy.undecided with input as _one(store)
	{[f.resource, f.path] | some f in findings} == {["aws_db_instance.x", ["storage_encrypted"]]}
}

test_undecided_read_replica_without_setting if {
	store := _instance({"id": "Replica", "encryption_inherited_from": "replica"})
	count(policy.deny) == 0 with input as _one(store)
	findings := policy.undecided with input as _one(store)
	findings == {{
		"resource": "Replica",
		"path": [],
		"message": "cannot decide whether storage is encrypted: it is inherited from the source database of this read replica",
	}}
}

test_undecided_snapshot_restore_declared_unencrypted if {
	# a restore takes the snapshot's encryption whatever it declares itself, so the finding
	# is on the database, not on the declaration that does not decide it
	store := _instance({
		"id": "Restored",
		"encrypted_at_rest": false,
		"encryption_inherited_from": "snapshot",
		"sources": {"encrypted_at_rest": {"id": "Restored", "path": ["StorageEncrypted"]}},
	})
	count(policy.deny) == 0 with input as _one(store)
	findings := policy.undecided with input as _one(store)
	findings == {{
		"resource": "Restored",
		"path": [],
		"message": "cannot decide whether storage is encrypted: it is inherited from the snapshot it is restored from",
	}}
}

test_undecided_cluster_encryption_unknown if {
	findings := policy.undecided with input as _one(_cluster({"unknown": ["encrypted_at_rest"]}))
	{f.resource | some f in findings} == {"Cluster"}
}
