# METADATA
# title: IAM user has an inline policy
# description: |
#   Permissions written inline on a user live with that user alone: they are not
#   reviewed with the group or role they should belong to, are forgotten when the person
#   changes job, and make access reviews per user instead of per function. Give users
#   permissions through groups (or, better, roles they assume), never inline.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2
#     description: "Security Hub IAM.2: IAM users should not have IAM policies attached"
# custom:
#   id: PAL-IAM-012
#   severity: low
#   remediation: >-
#     Move the statements to a group policy and add the user to the group. Terraform:
#     replace `aws_iam_user_policy` with `aws_iam_group_policy` and
#     `aws_iam_user_group_membership`; CloudFormation: move Policies from the
#     AWS::IAM::User to an AWS::IAM::Group listed in the user's Groups.
#   family: iam
#   reads: [iam.users]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["1.15"]
#     cis-aws-foundations-v5.0: ["1.14"]
#     aws-fsbp: ["IAM.2"]
#     aws-security-hub: ["IAM.2"]
#     nist-800-53-r5: ["AC-2", "AC-2(1)", "AC-3", "AC-3(7)", "AC-3(15)", "AC-6", "AC-6(3)"]
package palisade.iam.iam_user_inline_policy

import data.palisade.lib.result

deny contains finding if {
	some user in input.aws.iam.users
	some attachment in user.policies
	attachment.inline
	finding := result.of(attachment, sprintf("inline policy on user %s: grant it through a group", [_who(user)]))
}

_who(user) := user.name if user.name
else := user.id
