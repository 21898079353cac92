# METADATA
# title: IAM role trusts an AWS service without aws:SourceAccount or aws:SourceArn
# description: |
#   Services such as ECS and Lambda assume roles on behalf of resources in any account.
#   A trust policy that names the service principal with no aws:SourceAccount or
#   aws:SourceArn condition lets the service assume the role for a resource that is not
#   yours (the cross-service confused deputy). The reference platform conditions every
#   service trust on aws:SourceAccount. The services are data
#   (`data.palisade.iam.confused_deputy_services`).
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
#     description: The confused deputy problem
# custom:
#   id: PAL-IAM-010
#   severity: medium
#   remediation: >-
#     Add `StringEquals aws:SourceAccount <account id>` (or `ArnLike aws:SourceArn` with
#     the resources that may use the role) to the trust statement. Terraform: a `condition`
#     block with `variable = "aws:SourceAccount"` and
#     `values = [data.aws_caller_identity.current.account_id]`; CloudFormation:
#     `Condition: {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}`.
#   family: iam
#   reads: [iam.policies]
#   evaluates: {iam.policies: [trust]}
#   formats: [plan, cfn, hcl, state, config, cli]
package palisade.iam.iam_role_trust_service_confused_deputy

import data.palisade.lib.iam
import data.palisade.lib.result

undecided contains finding if {
	some policy in iam.unknown_trust_documents
	finding := result.of(policy, "cannot decide whether the trust policy names a service without aws:SourceAccount: its document is unknown until apply")
}

_source_keys := {"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"}

deny contains finding if {
	some statement in iam.trust_statements
	statement.effect == "Allow"
	services := _services(statement)
	count(services) > 0
	not "conditions" in statement.unknown
	not _scoped(statement)
	finding := result.of(statement, sprintf("the trust policy lets %s assume the role for any account's resources: no aws:SourceAccount or aws:SourceArn condition", [concat(", ", sort(services))]))
}

undecided contains finding if {
	some statement in iam.trust_statements
	statement.effect == "Allow"
	count(_services(statement)) > 0
	"conditions" in statement.unknown
	not _scoped(statement)
	finding := result.of(statement, "cannot decide whether the service trust is scoped to this account: its conditions are unknown until apply")
}

undecided contains finding if {
	some statement in iam.trust_statements
	statement.effect == "Allow"
	count(_services(statement)) == 0
	"principals" in statement.unknown
	not _scoped(statement)
	finding := result.of(statement, "cannot decide whether the trust names a service without aws:SourceAccount: its principals are unknown until apply")
}

_services(statement) := {service |
	some service in statement.principals.service
	lower(service) in _deputy_services
}

# Lower-cased once here: inside the comprehension above it was rebuilt per service.
_deputy_services := {lower(s) | some s in data.palisade.iam.confused_deputy_services}

_scoped(statement) if {
	some key in iam.condition_keys(statement)
	key in _source_keys
}
