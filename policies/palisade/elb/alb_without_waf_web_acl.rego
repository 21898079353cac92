# METADATA
# title: Internet-facing Application Load Balancer has no WAF web ACL
# description: |
#   An internet-facing Application Load Balancer without a web ACL passes every request
#   to the application as it arrives: SQL injection and cross-site scripting payloads,
#   requests exploiting known CVEs, credential stuffing and request floods reach the
#   targets unfiltered, and there is no place to block an attacking address quickly.
#   A WAF web ACL associated with the load balancer (AWS WAF or WAF Classic regional)
#   filters them before they reach the application. Internal load balancers and Network
#   or Gateway Load Balancers are not judged. The association must be declared in the
#   same unit: one declared in another stack or workspace is not seen, so suppress the
#   finding there. An association whose target cannot be resolved in the unit (a
#   variable without a value, `!ImportValue`) may protect any load balancer: those
#   without one are then undecided, not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html
#     description: Associating or disassociating protection with an AWS resource
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-16
#     description: "Security Hub ELB.16: Application Load Balancers should be associated with an AWS WAF web ACL"
# custom:
#   id: PAL-WAF-001
#   severity: medium
#   remediation: >-
#     Associate a web ACL with the load balancer. Terraform: an
#     `aws_wafv2_web_acl_association` with `resource_arn = aws_lb.web.arn` and
#     `web_acl_arn = aws_wafv2_web_acl.edge.arn` (a `REGIONAL`-scope web ACL, e.g. with
#     the AWS managed common rule set). CloudFormation: an
#     `AWS::WAFv2::WebACLAssociation` with `ResourceArn: !Ref WebLoadBalancer` and
#     `WebACLArn: !GetAtt EdgeWebAcl.Arn`.
#   family: network-exposure
#   reads: [load_balancers]
#   formats: [plan, cfn, hcl, state, cli]
#   frameworks:
#     aws-security-hub: ["ELB.16"]
#     nist-800-53-r5: ["AC-4(21)"]
package palisade.elb.alb_without_waf_web_acl

import data.palisade.lib.result

deny contains finding if {
	some lb in input.aws.load_balancers
	_decided(lb)
	_unprotected(lb)
	finding := result.of(lb, "the internet-facing Application Load Balancer has no WAF web ACL associated in this unit, so requests reach the application unfiltered")
}

undecided contains finding if {
	some lb in input.aws.load_balancers
	not lb.external
	_may_be_application(lb)
	_may_be_internet_facing(lb)
	_unprotected(lb)
	not _decided(lb)
	finding := result.of(lb, _reason(lb))
}

_decided(lb) if {
	not lb.external
	not "type" in lb.unknown
	object.get(lb, "type", "application") == "application"
	not "internal" in lb.unknown
	not lb.internal == true
	not "web_acls" in lb.unknown
}

_unprotected(lb) if count(object.get(lb, "web_acls", [])) == 0

_may_be_application(lb) if "type" in lb.unknown

_may_be_application(lb) if object.get(lb, "type", "application") == "application"

_may_be_internet_facing(lb) if "internal" in lb.unknown

_may_be_internet_facing(lb) if not lb.internal == true

_reason(lb) := "cannot decide whether a WAF web ACL protects the load balancer: which load balancer a web ACL association protects is unknown (until apply, or not in the live export)" if {
	"web_acls" in lb.unknown
} else := "cannot decide whether the load balancer is an Application Load Balancer: its type is unknown until apply" if {
	"type" in lb.unknown
} else := "cannot decide whether the load balancer is internet-facing: its scheme is unknown until apply"
