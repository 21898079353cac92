# METADATA
# title: Network ACL is associated with no subnet
# description: |
#   A network ACL that governs no subnet does nothing: its entries protect nothing, yet
#   readers of the code (and auditors) may believe they do, and the subnets meant to sit
#   behind it fall back to their VPC's default ACL. Usually an association was forgotten
#   or the ACL is left over. The VPC's default ACL is not judged, as AWS keeps it
#   whether used or not.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-16
#     description: "Security Hub EC2.16: Unused Network Access Control Lists should be removed"
# custom:
#   id: PAL-NACL-005
#   severity: info
#   remediation: >-
#     Associate the ACL with the subnets it was written for (Terraform: `subnet_ids` on
#     `aws_network_acl` or an `aws_network_acl_association`; CloudFormation: an
#     `AWS::EC2::SubnetNetworkAclAssociation`), or remove it.
#   family: network-acl
#   reads: [network_acls]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["EC2.16"]
#     aws-security-hub: ["EC2.16"]
#     nist-800-53-r5: ["CM-8(1)"]
package palisade.network.nacl_without_subnets

import data.palisade.lib.result

deny contains finding if {
	some acl in input.aws.network_acls
	not acl.default
	not acl.external
	count(acl.subnets) == 0
	not "subnets" in acl.unknown
	finding := result.of(acl, "no subnet is associated with this network ACL in this configuration")
}

undecided contains finding if {
	some acl in input.aws.network_acls
	not acl.default
	not acl.external
	count(acl.subnets) == 0
	"subnets" in acl.unknown
	finding := result.of(acl, "cannot decide whether any subnet is associated with this network ACL: its associated subnets are unknown until apply")
}
