# METADATA
# title: RDS instance is publicly accessible
# description: |
#   A publicly accessible database gets a DNS name that resolves to a public address,
#   so once a security group or NACL lets traffic through — today, or after the next
#   careless change — anyone on the internet can reach the database port and try
#   credentials, exploit the engine, or flood it. Databases belong in private subnets,
#   reached only by the application tier. Terraform's provider makes instances private
#   unless told otherwise; CloudFormation leaves it to RDS, which makes the instance
#   public when its VPC has an internet gateway, so an undeclared `PubliclyAccessible`
#   in a template is undecided — declare `false`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding
#     description: Hiding a DB instance in a VPC from the internet
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2
#     description: "Security Hub RDS.2: RDS DB instances should prohibit public access"
# custom:
#   id: PAL-RDS-002
#   severity: high
#   remediation: >-
#     Set `publicly_accessible = false` (CloudFormation: `PubliclyAccessible: false`)
#     and place the instance in a DB subnet group of private subnets.
#   family: network-exposure
#   reads: [data_stores]
#   evaluates: {data_stores: [rds_instance]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["2.3.3"]
#     cis-aws-foundations-v5.0: ["2.2.3"]
#     aws-fsbp: ["RDS.2"]
#     aws-security-hub: ["RDS.2"]
#     nist-800-53-r5: ["AC-4", "AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(4)", "SC-7(5)"]
package palisade.rds.rds_publicly_accessible

import data.palisade.lib.result

deny contains finding if {
	some store in input.aws.data_stores
	store.kind == "rds_instance"
	store.publicly_accessible == true
	finding := result.field(store, "publicly_accessible", "the instance is publicly accessible: its endpoint resolves to a public address")
}

undecided contains finding if {
	some store in input.aws.data_stores
	store.kind == "rds_instance"
	"publicly_accessible" in store.unknown
	finding := result.field(store, "publicly_accessible", _why(store))
}

_why(store) := "cannot decide whether the instance is publicly accessible: the setting is unknown until apply" if {
	store.sources.publicly_accessible
} else := "cannot decide whether the instance is publicly accessible: PubliclyAccessible is not declared, and RDS then makes it public if its VPC has an internet gateway"
