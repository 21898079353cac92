# METADATA
# title: Internet-facing load balancer serves plain HTTP without redirecting to HTTPS
# description: |
#   An HTTP listener on an internet-facing Application Load Balancer that forwards
#   requests (or answers them) instead of redirecting to HTTPS lets browsers and clients
#   send cookies, tokens and form data in clear text across the internet, where anyone
#   on the path can read or change them. Port 80 should only answer with a redirect to
#   HTTPS. Internal load balancers are not judged by this rule. Listener rules
#   (`aws_lb_listener_rule`) are not read: the default action decides.
# related_resources:
#   - ref: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions
#     description: Redirect actions for Application Load Balancer listeners
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-1
#     description: "Security Hub ELB.1: Application Load Balancer should be configured to redirect all HTTP requests to HTTPS"
# custom:
#   id: PAL-TLS-001
#   severity: high
#   remediation: >-
#     Make the HTTP listener's default action a redirect to HTTPS: in Terraform
#     `default_action { type = "redirect" redirect { protocol = "HTTPS" port = "443"
#     status_code = "HTTP_301" } }`; in CloudFormation `DefaultActions: [{Type: redirect,
#     RedirectConfig: {Protocol: HTTPS, Port: "443", StatusCode: HTTP_301}}]`. Serve the
#     application from an HTTPS listener.
#   family: encryption-in-transit
#   reads: [load_balancers]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["ELB.1"]
#     aws-security-hub: ["ELB.1"]
#     nist-800-53-r5: ["AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)", "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)"]
package palisade.transit.lb_listener_http_without_redirect

import data.palisade.lib.result

deny contains finding if {
	some lb in input.aws.load_balancers
	_internet_facing(lb)
	some listener in lb.listeners
	_http(lb, listener)
	not _may_redirect(listener)
	finding := result.of(listener, "the HTTP listener does not redirect to HTTPS, so requests are served in clear text")
}

undecided contains finding if {
	some lb in input.aws.load_balancers
	not lb.internal == true
	some listener in lb.listeners
	_may_be_http(lb, listener)
	not _redirects(listener)
	_may_redirect(listener)
	finding := result.of(listener, "cannot decide whether the HTTP listener redirects to HTTPS: its default action is unknown until apply")
}

undecided contains finding if {
	some lb in input.aws.load_balancers
	some listener in lb.listeners
	_may_be_http(lb, listener)
	not _may_redirect(listener)
	not _internet_facing(lb)
	_may_be_internet_facing(lb)
	finding := result.of(listener, _scheme_reason(lb))
}

undecided contains finding if {
	some lb in input.aws.load_balancers
	_internet_facing(lb)
	some listener in lb.listeners
	"protocol" in listener.unknown
	not _may_redirect(listener)
	finding := result.field(listener, "protocol", "cannot decide whether the listener serves plain HTTP: its protocol is unknown until apply")
}

_scheme_reason(lb) := "cannot decide whether the load balancer is internet-facing: it is not declared in this unit" if {
	lb.external
} else := "cannot decide whether the load balancer is internet-facing: its scheme is unknown until apply"

_application(lb) if object.get(lb, "type", "application") == "application"

_http(lb, listener) if listener.protocol == "HTTP"

# An Application Load Balancer listener without a protocol is HTTP.
_http(lb, listener) if {
	_application(lb)
	not listener.protocol
	not "protocol" in listener.unknown
}

_may_be_http(lb, listener) if _http(lb, listener)

_internet_facing(lb) if {
	not lb.external
	not "internal" in lb.unknown
	not lb.internal == true
}

_may_be_internet_facing(lb) if lb.external

_may_be_internet_facing(lb) if "internal" in lb.unknown

_redirects(listener) if {
	some action in listener.default_actions
	action.type == "redirect"
	action.redirect_protocol == "HTTPS"
}

_may_redirect(listener) if _redirects(listener)

_may_redirect(listener) if "default_actions" in listener.unknown

_may_redirect(listener) if {
	some action in listener.default_actions
	"type" in action.unknown
}

_may_redirect(listener) if {
	some action in listener.default_actions
	action.type == "redirect"
	"redirect_protocol" in action.unknown
}
