# METADATA
# title: ECR repository does not scan images on push
# description: |
#   An image with a known-vulnerable library or base layer is deployed as readily as a
#   clean one unless something looks at it. Scanning on push reports the image's CVEs
#   the moment CI pushes it, before any service runs it, so a pipeline or a reviewer
#   can stop it. ECR leaves scanning off unless the repository or a registry-wide
#   scanning rule asks for it; a registry rule in the same scan unit whose filter
#   matches the repository and scans on push (or continuously) counts.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
#     description: Scan images for software vulnerabilities in Amazon ECR
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-1
#     description: "Security Hub ECR.1: ECR private repositories should have image scanning configured"
# custom:
#   id: PAL-ECR-001
#   severity: medium
#   remediation: >-
#     Set `image_scanning_configuration { scan_on_push = true }` on
#     `aws_ecr_repository` (CloudFormation: `ImageScanningConfiguration: {ScanOnPush:
#     true}`), or declare `aws_ecr_registry_scanning_configuration` with a
#     `SCAN_ON_PUSH` or `CONTINUOUS_SCAN` rule whose filter matches the repository.
#   family: container
#   reads: [data_stores]
#   evaluates: {data_stores: [ecr_repository]}
#   formats: [plan, cfn, hcl, state, cli]
#   frameworks:
#     aws-fsbp: ["ECR.1"]
#     aws-security-hub: ["ECR.1"]
#     nist-800-53-r5: ["RA-5"]
package palisade.ecr.ecr_repository_scan_on_push_disabled

import data.palisade.lib.result

deny contains finding if {
	some store in input.aws.data_stores
	store.kind == "ecr_repository"
	not "scan_on_push" in store.unknown
	not store.scan_on_push == true
	finding := result.field(store, "scan_on_push", _message(store))
}

undecided contains finding if {
	some store in input.aws.data_stores
	store.kind == "ecr_repository"
	"scan_on_push" in store.unknown
	finding := result.of(store, "cannot decide whether images are scanned on push: the scanning setting is unknown (until apply, or not in a live export)")
}

_message(store) := "scan on push is switched off, so pushed images are not scanned for vulnerabilities" if {
	store.scan_on_push == false
} else := "images are not scanned on push: neither the repository nor a registry scanning rule asks for it, and ECR leaves scanning off by default"
