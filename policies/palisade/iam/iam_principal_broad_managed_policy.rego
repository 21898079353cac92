# METADATA
# title: IAM principal has a broad AWS managed policy attached
# description: |
#   AdministratorAccess allows every action on every resource; PowerUserAccess every
#   action outside IAM and Organizations; IAMFullAccess lets its holder grant itself
#   the rest. Attached to a workload, CI or everyday human identity they defeat least
#   privilege at once, and they change whenever AWS changes them. The list of policy
#   names is data (`data.palisade.iam.broad_managed_policies`).
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html
#     description: AWS managed policies for job functions
# custom:
#   id: PAL-IAM-007
#   severity: high
#   remediation: >-
#     Replace the managed policy with a customer managed policy that lists the actions
#     and resources the principal needs. Terraform: remove the ARN from
#     `managed_policy_arns` or the `aws_iam_role_policy_attachment`; CloudFormation:
#     from ManagedPolicyArns.
#   family: iam
#   reads: [iam.roles, iam.users, iam.groups]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     cis-aws-foundations-v3.0: ["1.16"]
#     cis-aws-foundations-v5.0: ["1.15"]
package palisade.iam.iam_principal_broad_managed_policy

import data.palisade.lib.iam
import data.palisade.lib.result

# Data read through a rule: a `data.` path is looked up again at every use (regorus
# scans the modules for it), a rule's value only once.
_broad_policies := data.palisade.iam.broad_managed_policies

deny contains finding if {
	some principal in iam.principals
	some attachment in principal.policies
	name := iam.managed_policy_name(attachment.arn)
	name in _broad_policies
	finding := result.of(attachment, sprintf("%s is attached to %s", [name, _who(principal)]))
}

undecided contains finding if {
	some principal in iam.principals
	some attachment in principal.policies
	"policy" in attachment.unknown
	finding := result.of(attachment, sprintf("cannot decide which policy is attached to %s: it is unknown until apply", [_who(principal)]))
}

_who(principal) := principal.name if principal.name
else := principal.id
