# METADATA
# title: Production database runs in a single Availability Zone
# description: |
#   A single-AZ database goes down with its zone, and with every maintenance reboot or
#   instance failure, until RDS replaces it — minutes to hours of outage for everything
#   that depends on it. Multi-AZ keeps a synchronous standby in another zone and fails
#   over automatically. For an Aurora cluster, availability comes from its instances:
#   a cluster with fewer than two instances declared in the scan unit has no replica to
#   fail over to. Only databases tagged as production (`environment_tag_key` /
#   `production_values` in the RDS data) are judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html
#     description: Configuring and managing a Multi-AZ deployment
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-5
#     description: "Security Hub RDS.5: RDS DB instances should be configured with multiple Availability Zones"
# custom:
#   id: PAL-RDS-005
#   severity: medium
#   remediation: >-
#     Set `multi_az = true` on `aws_db_instance` (CloudFormation: `MultiAZ: true`); for
#     Aurora, declare at least two `aws_rds_cluster_instance` (`AWS::RDS::DBInstance`
#     with `DBClusterIdentifier`) in the cluster.
#   family: resilience
#   reads: [data_stores]
#   evaluates: {data_stores: [rds_instance, rds_cluster]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v5.0: ["2.2.4"]
#     aws-fsbp: ["RDS.5", "RDS.15"]
#     aws-security-hub: ["RDS.5", "RDS.15"]
#     nist-800-53-r5: ["CP-10", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)"]
package palisade.rds.rds_single_az

import data.palisade.lib.environment
import data.palisade.lib.result

deny contains finding if {
	some store in _judged
	store.multi_az == false
	finding := result.field(store, "multi_az", _message(store))
}

undecided contains finding if {
	some store in _judged
	"multi_az" in store.unknown
	finding := result.field(store, "multi_az", "cannot decide whether the database is Multi-AZ: the setting is unknown until apply")
}

_judged contains store if {
	some store in input.aws.data_stores
	store.kind in {"rds_instance", "rds_cluster"}
	not store.cluster
	not store.encryption_inherited_from == "replica"
	environment.production(store)
}

_message(store) := "the production cluster has fewer than two instances in this scan unit, so nothing can take over when its writer fails" if {
	store.kind == "rds_cluster"
} else := "Multi-AZ is switched off on a production database" if {
	store.sources.multi_az
} else := "Multi-AZ is not switched on (RDS's default is off) on a production database"
