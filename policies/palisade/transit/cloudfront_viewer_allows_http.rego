# METADATA
# title: CloudFront distribution serves viewers over plain HTTP
# description: |
#   A cache behaviour whose viewer protocol policy is `allow-all` answers viewers over
#   plain HTTP as well as HTTPS, so pages, cookies and tokens can be read or changed by
#   anyone on the network path, and links or bookmarks that start with `http://` never
#   move to HTTPS. Each cache behaviour (the default one and every ordered one) sets its
#   own policy; every one is judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html
#     description: Require HTTPS for communication between viewers and CloudFront
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-3
#     description: "Security Hub CloudFront.3: CloudFront distributions should require encryption in transit"
# custom:
#   id: PAL-TLS-006
#   severity: high
#   remediation: >-
#     Set the behaviour's viewer protocol policy to `redirect-to-https` (or `https-only`):
#     `viewer_protocol_policy` in Terraform's `default_cache_behavior` /
#     `ordered_cache_behavior`, `ViewerProtocolPolicy` in CloudFormation's
#     `DefaultCacheBehavior` / `CacheBehaviors`.
#   family: encryption-in-transit
#   reads: [cloudfront_distributions]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["CloudFront.3"]
#     aws-security-hub: ["CloudFront.3"]
#     nist-800-53-r5: ["AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)", "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)"]
package palisade.transit.cloudfront_viewer_allows_http

import data.palisade.lib.result

deny contains finding if {
	some distribution in input.aws.cloudfront_distributions
	some behavior in distribution.behaviors
	behavior.viewer_protocol_policy == "allow-all"
	finding := result.of(behavior, sprintf("the %s lets viewers use plain HTTP (allow-all)", [_which(behavior)]))
}

undecided contains finding if {
	some distribution in input.aws.cloudfront_distributions
	some behavior in distribution.behaviors
	"viewer_protocol_policy" in behavior.unknown
	finding := result.of(behavior, sprintf("cannot decide whether the %s allows plain HTTP: its viewer protocol policy is unknown until apply", [_which(behavior)]))
}

undecided contains finding if {
	some distribution in input.aws.cloudfront_distributions
	"behaviors" in distribution.unknown
	finding := result.of(distribution, "cannot decide whether the distribution allows plain HTTP: its cache behaviours are unknown until apply")
}

_which(behavior) := "default cache behaviour" if {
	behavior.default
} else := sprintf("cache behaviour for %s", [behavior.path_pattern]) if {
	behavior.path_pattern
} else := "cache behaviour"
