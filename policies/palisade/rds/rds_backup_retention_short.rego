# METADATA
# title: Production database keeps automated backups for less than a week
# description: |
#   Automated backups are what point-in-time recovery restores from. A production
#   database that keeps them for a day (RDS's default) or not at all (0) cannot be rolled
#   back past yesterday: corruption, a bad migration or a deleted table noticed after a
#   weekend is unrecoverable. The minimum is data (`min_backup_retention_days`, default
#   7); only databases tagged as production (`environment_tag_key` / `production_values`)
#   are judged. Read replicas and Aurora cluster members are not: their source or their
#   cluster keeps the backups.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html
#     description: Introduction to backups (Amazon RDS)
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11
#     description: "Security Hub RDS.11: RDS instances should have automatic backups enabled"
# custom:
#   id: PAL-RDS-003
#   severity: medium
#   remediation: >-
#     Set `backup_retention_period` to 7 or more on `aws_db_instance` / `aws_rds_cluster`
#     (CloudFormation: `BackupRetentionPeriod` on `AWS::RDS::DBInstance` /
#     `AWS::RDS::DBCluster`).
#   family: resilience
#   reads: [data_stores]
#   evaluates: {data_stores: [rds_instance, rds_cluster]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["RDS.11"]
#     aws-security-hub: ["RDS.11"]
#     nist-800-53-r5: ["CP-10", "CP-6", "CP-6(1)", "CP-6(2)", "CP-9", "SC-5(2)", "SI-12", "SI-13(5)"]
package palisade.rds.rds_backup_retention_short

import data.palisade.lib.environment
import data.palisade.lib.result

deny contains finding if {
	some store in _judged
	store.backup_retention_days < data.palisade.rds.min_backup_retention_days
	finding := result.field(store, "backup_retention_days", _message(store))
}

undecided contains finding if {
	some store in _judged
	"backup_retention_days" in store.unknown
	finding := result.field(store, "backup_retention_days", "cannot decide how long backups are kept: the retention period is unknown until apply")
}

_judged contains store if {
	some store in input.aws.data_stores
	store.kind in {"rds_instance", "rds_cluster"}
	not store.cluster
	not store.encryption_inherited_from == "replica"
	environment.production(store)
}

_message(store) := "automated backups are switched off (retention 0 days) on a production database" if {
	store.backup_retention_days == 0
} else := sprintf("automated backups are kept for %d day(s) on a production database; the minimum is %d", [store.backup_retention_days, data.palisade.rds.min_backup_retention_days]) if {
	store.sources.backup_retention_days
} else := sprintf("automated backups are kept for 1 day (RDS's default, nothing is declared) on a production database; the minimum is %d", [data.palisade.rds.min_backup_retention_days])
