# METADATA
# title: Production database can be deleted without first switching off protection
# description: |
#   Without deletion protection, one `terraform destroy`, a resource renamed in code, a
#   stack rollback or a console slip deletes the production database — and, unless a
#   final snapshot is kept, its data. Deletion protection makes deletion a deliberate
#   two-step act. RDS leaves it off unless asked. Only databases tagged as production
#   (`environment_tag_key` / `production_values` in the RDS data) are judged; Aurora
#   cluster members take it from their cluster.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection
#     description: Deletion protection for DB instances
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-8
#     description: "Security Hub RDS.8: RDS DB instances should have deletion protection enabled"
# custom:
#   id: PAL-RDS-004
#   severity: medium
#   remediation: >-
#     Set `deletion_protection = true` on `aws_db_instance` / `aws_rds_cluster`
#     (CloudFormation: `DeletionProtection: true`), and keep a final snapshot
#     (`skip_final_snapshot = false`, `DeletionPolicy: Snapshot`).
#   family: resilience
#   reads: [data_stores]
#   evaluates: {data_stores: [rds_instance, rds_cluster]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["RDS.7", "RDS.8"]
#     aws-security-hub: ["RDS.7", "RDS.8"]
#     nist-800-53-r5: ["CM-3", "SC-5(2)", "SI-13(5)"]
package palisade.rds.rds_deletion_protection_disabled

import data.palisade.lib.environment
import data.palisade.lib.result

deny contains finding if {
	some store in _judged
	store.deletion_protection == false
	finding := result.field(store, "deletion_protection", _message(store))
}

undecided contains finding if {
	some store in _judged
	"deletion_protection" in store.unknown
	finding := result.field(store, "deletion_protection", "cannot decide whether deletion protection is on: the setting is unknown until apply")
}

_judged contains store if {
	some store in input.aws.data_stores
	store.kind in {"rds_instance", "rds_cluster"}
	not store.cluster
	environment.production(store)
}

_message(store) := "deletion protection is switched off on a production database" if {
	store.sources.deletion_protection
} else := "deletion protection is not switched on (RDS's default is off) on a production database"
