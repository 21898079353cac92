# METADATA
# title: RDS storage is not encrypted at rest
# description: |
#   An RDS DB instance or cluster without storage encryption keeps its data files,
#   automated backups, snapshots and read replicas unencrypted, so anyone who gets hold
#   of a copied snapshot or the underlying storage can read the data. RDS leaves storage
#   unencrypted unless encryption is asked for when the database is created, and it
#   cannot be switched on afterwards: the fix is to restore from an encrypted copy of a
#   snapshot, with downtime. Instances that belong to a cluster are judged by the
#   cluster, whose setting decides their storage.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
#     description: Encrypting Amazon RDS resources
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3
#     description: "Security Hub RDS.3: RDS DB instances should have encryption at-rest enabled"
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-27
#     description: "Security Hub RDS.27: RDS DB clusters should be encrypted at rest"
# custom:
#   id: PAL-RDS-001
#   severity: high
#   remediation: >-
#     Enable storage encryption with a customer managed KMS key. For an existing
#     database, copy a snapshot with encryption on and restore from the encrypted copy.
#   family: encryption
#   reads: [data_stores]
#   evaluates: {data_stores: [rds_instance, rds_cluster]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["2.3.1"]
#     cis-aws-foundations-v5.0: ["2.2.1"]
#     aws-fsbp: ["RDS.3", "RDS.27"]
#     aws-security-hub: ["RDS.3", "RDS.27"]
#     nist-800-53-r5: ["CA-9(1)", "CM-3(6)", "SC-7(10)", "SC-13", "SC-28", "SC-28(1)", "SI-7(6)"]
package palisade.rds.rds_storage_unencrypted

import data.palisade.lib.result

_kinds := {"rds_instance", "rds_cluster"}

deny contains finding if {
	some store in _judged
	not "encrypted_at_rest" in store.unknown
	not store.encrypted_at_rest == true
	not _inherited(store)
	finding := result.field(store, "encrypted_at_rest", _message(store))
}

undecided contains finding if {
	some store in _judged
	"encrypted_at_rest" in store.unknown
	finding := result.field(store, "encrypted_at_rest", "cannot decide whether storage is encrypted: the setting is unknown until apply")
}

# A read replica or a snapshot restore takes its encryption from its source; what it
# declares itself does not decide it.
undecided contains finding if {
	some store in _judged
	not "encrypted_at_rest" in store.unknown
	not store.encrypted_at_rest == true
	_inherited(store)
	finding := result.of(store, sprintf("cannot decide whether storage is encrypted: it is inherited from %s", [_source(store.encryption_inherited_from)]))
}

# RDS data stores this rule judges: clusters, and instances that are not cluster members.
_judged contains store if {
	some store in input.aws.data_stores
	store.kind in _kinds
	object.get(store, "cluster", null) == null
}

_inherited(store) if object.get(store, "encryption_inherited_from", null) != null

_message(store) := "storage encryption is turned off" if {
	store.encrypted_at_rest == false
} else := "storage encryption is not turned on, and RDS leaves storage unencrypted by default"

_source("replica") := "the source database of this read replica"

_source("snapshot") := "the snapshot it is restored from"

_source(other) := sprintf("its source (%s)", [other]) if not other in {"replica", "snapshot"}
