# METADATA
# title: Load balancer HTTPS/TLS listener allows TLS versions older than 1.2
# description: |
#   An HTTPS or TLS listener's security policy decides which protocol versions and
#   ciphers clients may negotiate. Policies such as ELBSecurityPolicy-2016-08 still accept
#   TLS 1.0 and 1.1, which have known weaknesses and are no longer allowed by PCI DSS or
#   NIST guidance; a client or attacker in the middle can push the connection down to
#   them. A listener created through the API, CloudFormation or Terraform without a
#   policy gets ELBSecurityPolicy-2016-08. The acceptable policies are data
#   (`data.palisade.transit.elb_tls_policies`: the TLS 1.3 policies with a TLS 1.2 floor,
#   and the TLS-1-2 and FS-1-2 families).
# related_resources:
#   - ref: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
#     description: Security policies for your Application Load Balancer
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-17
#     description: "Security Hub ELB.17: Application and Network Load Balancers with listeners should use recommended security policies"
# custom:
#   id: PAL-TLS-002
#   severity: medium
#   remediation: >-
#     Set the listener's policy to a TLS 1.2+ policy, preferably
#     `ELBSecurityPolicy-TLS13-1-2-2021-06` (or a newer TLS13-1-2 policy): `ssl_policy`
#     in Terraform, `SslPolicy` in CloudFormation.
#   family: encryption-in-transit
#   reads: [load_balancers]
#   formats: [plan, cfn, hcl, state, config, cli]
#   frameworks:
#     aws-fsbp: ["ELB.17"]
#     aws-security-hub: ["ELB.17"]
#     nist-800-53-r5: ["AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)", "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)"]
package palisade.transit.lb_listener_weak_tls_policy

import data.palisade.lib.result

_acceptable := {p | some p in data.palisade.transit.elb_tls_policies}

_encrypted := {"HTTPS", "TLS"}

deny contains finding if {
	some lb in input.aws.load_balancers
	some listener in lb.listeners
	listener.protocol in _encrypted
	not "ssl_policy" in listener.unknown
	not _policy(listener) in _acceptable
	finding := result.field(listener, "ssl_policy", _message(listener))
}

undecided contains finding if {
	some lb in input.aws.load_balancers
	some listener in lb.listeners
	listener.protocol in _encrypted
	"ssl_policy" in listener.unknown
	finding := result.field(listener, "ssl_policy", "cannot decide which TLS versions the listener accepts: its security policy is unknown until apply")
}

undecided contains finding if {
	some lb in input.aws.load_balancers
	some listener in lb.listeners
	"protocol" in listener.unknown
	not _policy(listener) in _acceptable
	finding := result.field(listener, "protocol", "cannot decide whether the listener uses TLS: its protocol is unknown until apply")
}

_policy(listener) := listener.ssl_policy

_policy(listener) := data.palisade.transit.elb_default_tls_policy if {
	not listener.ssl_policy
	not "ssl_policy" in listener.unknown
}

_message(listener) := sprintf("the security policy %s accepts TLS versions older than 1.2", [listener.ssl_policy]) if {
	listener.ssl_policy
} else := sprintf("no security policy is set, so AWS applies %s, which accepts TLS 1.0 and 1.1", [data.palisade.transit.elb_default_tls_policy])
