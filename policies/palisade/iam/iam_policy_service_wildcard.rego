# METADATA
# title: IAM policy grants every action of a service on every resource
# description: |
#   A statement that allows "service:*" (say "s3:*", "iam:*" or "kms:*") on Resource "*"
#   grants every present and future action of that service on every resource of it in
#   the account: "s3:*" reads, rewrites and deletes every bucket and its policy, "iam:*"
#   is full administrative access by another name. Such grants are rarely needed and
#   grow silently as AWS adds actions. Full "*" on "*" is PAL-IAM-001; this rule judges
#   the service-wide wildcards of identity policies.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21
#     description: "Security Hub IAM.21: IAM customer managed policies should not allow wildcard actions for services"
# custom:
#   id: PAL-IAM-002
#   severity: high
#   remediation: >-
#     List the actions the principal uses (IAM Access Analyzer can generate them from
#     CloudTrail activity) and scope Resource to the ARNs it touches. Terraform: in the
#     `aws_iam_policy_document` statement or the JSON document, replace "s3:*" with
#     actions such as "s3:GetObject"; CloudFormation: the same in PolicyDocument.
#   family: iam
#   reads: [iam.policies]
#   evaluates: {iam.policies: [identity]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["IAM.21"]
#     aws-security-hub: ["IAM.21"]
#     nist-800-53-r5: ["AC-2", "AC-2(1)", "AC-3", "AC-3(7)", "AC-3(15)", "AC-5", "AC-6", "AC-6(2)", "AC-6(3)", "AC-6(10)"]
package palisade.iam.iam_policy_service_wildcard

import data.palisade.lib.iam
import data.palisade.lib.result

deny contains finding if {
	some statement in iam.identity_statements
	statement.effect == "Allow"
	"*" in statement.resources
	wildcards := _service_wildcards(statement)
	count(wildcards) > 0
	finding := result.of(statement, sprintf("statement allows %s on resource \"*\": every action of the service", [
		concat(", ", [sprintf("%q", [a]) | some a in sort(wildcards)]),
	]))
}

undecided contains finding if {
	some policy in input.aws.iam.policies
	policy.kind == "identity"
	"document" in policy.unknown
	finding := result.of(policy, "cannot decide whether the policy grants every action of a service: its document is unknown until apply")
}

undecided contains finding if {
	some statement in iam.identity_statements
	not "*" in statement.resources
	"resources" in statement.unknown
	_may_allow(statement)
	count(_service_wildcards(statement)) > 0
	finding := result.of(statement, "cannot decide whether the statement grants every action of a service on every resource: resources unknown until apply")
}

# "s3:*", "iam:*" (lower-cased in the model).
_service_wildcards(statement) := {action |
	some action in statement.actions
	regex.match(`^[a-z0-9-]+:\*$`, action)
}

_may_allow(statement) if statement.effect == "Allow"

_may_allow(statement) if "effect" in statement.unknown
