# METADATA
# title: ECR repository allows image tags to be overwritten
# description: |
#   With mutable tags, pushing an image under an existing tag (`v1.4.2`, `prod`) silently
#   replaces what every task definition and deployment referring to that tag will pull
#   next. A compromised CI job or a careless push swaps the code that runs without any
#   change to the infrastructure a reviewer would see, and a rollback to "the same tag"
#   may not be the same image. Immutable tags make a tag name one image forever. ECR
#   makes tags mutable unless asked.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
#     description: Preventing image tags from being overwritten in Amazon ECR
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-2
#     description: "Security Hub ECR.2: ECR private repositories should have tag immutability configured"
# custom:
#   id: PAL-ECR-002
#   severity: medium
#   remediation: >-
#     Set `image_tag_mutability = "IMMUTABLE"` on `aws_ecr_repository`
#     (CloudFormation: `ImageTagMutability: IMMUTABLE`), and deploy by tag or digest.
#   family: container
#   reads: [data_stores]
#   evaluates: {data_stores: [ecr_repository]}
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["ECR.2"]
#     aws-security-hub: ["ECR.2"]
#     nist-800-53-r5: ["CA-9(1)", "CM-2", "CM-8(1)"]
package palisade.ecr.ecr_repository_tags_mutable

import data.palisade.lib.result

deny contains finding if {
	some store in input.aws.data_stores
	store.kind == "ecr_repository"
	not "tag_mutability" in store.unknown
	not startswith(object.get(store, "tag_mutability", "MUTABLE"), "IMMUTABLE")
	finding := result.field(store, "tag_mutability", _message(store))
}

undecided contains finding if {
	some store in input.aws.data_stores
	store.kind == "ecr_repository"
	"tag_mutability" in store.unknown
	finding := result.of(store, "cannot decide whether image tags are immutable: the setting is unknown until apply")
}

_message(store) := sprintf("image tags are %s, so a push can replace the image behind an existing tag", [store.tag_mutability]) if {
	store.tag_mutability
} else := "image tags are mutable (ECR's default), so a push can replace the image behind an existing tag"
