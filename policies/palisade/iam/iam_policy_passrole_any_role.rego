# METADATA
# title: IAM policy allows passing any role
# description: |
#   iam:PassRole lets a principal hand a role to a service — an EC2 instance, a Lambda
#   function, an ECS task, a CloudFormation stack — which then acts with that role's
#   permissions. Granted on Resource "*" (or NotResource), the principal can pass the
#   most privileged role in the account to compute it controls and so gain everything
#   that role can do. Scope PassRole to the roles the workload is meant to launch, and
#   to the service with the iam:PassedToService condition. Statements with a whole-service
#   wildcard are reported by PAL-IAM-001/002 instead.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
#     description: Granting a user permissions to pass a role to an AWS service
# custom:
#   id: PAL-IAM-004
#   severity: high
#   remediation: >-
#     Name the roles that may be passed in Resource (e.g.
#     arn:aws:iam::111122223333:role/app-task) and add a condition
#     `StringEquals iam:PassedToService ecs-tasks.amazonaws.com`. Terraform: in the
#     `aws_iam_policy_document` statement set `resources` to the role ARNs
#     (`aws_iam_role.task.arn`); CloudFormation: `Resource: !GetAtt TaskRole.Arn`.
#   family: iam
#   reads: [iam.policies]
#   evaluates: {iam.policies: [identity]}
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.iam.iam_policy_passrole_any_role

import data.palisade.lib.iam
import data.palisade.lib.result

deny contains finding if {
	some statement in iam.identity_statements
	iam.specific_grant_everywhere(statement, "iam:PassRole")
	finding := result.of(statement, "statement allows iam:PassRole on every role")
}

undecided contains finding if {
	some policy in iam.unknown_identity_documents
	finding := result.of(policy, "cannot decide whether the policy allows passing any role: its document is unknown until apply")
}

undecided contains finding if {
	some statement in iam.identity_statements
	fields := iam.unknown_grant_fields(statement) # first: most statements are fully known
	count(fields) > 0
	not iam.specific_grant_everywhere(statement, "iam:PassRole")
	iam.may_specific_grant_everywhere(statement, "iam:PassRole")
	finding := result.of(statement, sprintf("cannot decide whether the statement allows iam:PassRole on every role: %s unknown until apply", [concat(", ", fields)]))
}
