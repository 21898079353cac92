# METADATA
# title: Application or Classic Load Balancer does not write access logs
# description: |
#   Access logs are the only record of the requests a load balancer served: client
#   address, request line, TLS protocol, target, status code and timing. Without them
#   an investigation cannot tell which addresses probed or exploited the application,
#   which paths they hit, or when an attack started, and the record cannot be rebuilt
#   after the fact. Application Load Balancers (the default type of `aws_lb`/`aws_alb`)
#   and Classic Load Balancers (`aws_elb`) are judged, internal ones too; Network and
#   Gateway Load Balancers are not (NLBs log TLS listeners only, GWLBs have no access
#   logs). Terraform's `access_logs` block on `aws_lb` leaves logging off unless it sets
#   `enabled = true`; on `aws_elb` the block is enabled by default.
# related_resources:
#   - ref: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
#     description: Access logs for your Application Load Balancer
#   - ref: https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/access-log-collection.html
#     description: Access logs for your Classic Load Balancer
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-5
#     description: "Security Hub ELB.5: Application and Classic Load Balancers logging should be enabled"
# custom:
#   id: PAL-ELB-001
#   severity: medium
#   remediation: >-
#     Deliver access logs to an S3 bucket whose policy lets Elastic Load Balancing write
#     to it. Terraform: `access_logs { bucket = aws_s3_bucket.lb_logs.id, prefix = "web",
#     enabled = true }` on the `aws_lb` (on `aws_elb`, an `access_logs` block without
#     `enabled = false`). CloudFormation: `LoadBalancerAttributes: [{Key:
#     access_logs.s3.enabled, Value: "true"}, {Key: access_logs.s3.bucket, Value: !Ref
#     LogBucket}]` on an `AWS::ElasticLoadBalancingV2::LoadBalancer`, or
#     `AccessLoggingPolicy: {Enabled: true, S3BucketName: !Ref LogBucket}` on an
#     `AWS::ElasticLoadBalancing::LoadBalancer`.
#   family: logging
#   reads: [load_balancers]
#   formats: [plan, cfn, hcl, state, cli]
#   frameworks:
#     aws-fsbp: ["ELB.5"]
#     aws-security-hub: ["ELB.5"]
#     nist-800-53-r5: ["AC-4(26)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)", "AU-6(4)", "CA-7", "SC-7(9)", "SI-7(8)"]
package palisade.elb.lb_access_logs_disabled

import data.palisade.lib.result

# The types that have access logs to judge (AWS Config's elb-logging-enabled scope).
_logged := {"application", "classic"}

deny contains finding if {
	some lb in input.aws.load_balancers
	_judged(lb)
	not "access_logs" in lb.unknown
	not lb.access_logs == true
	finding := result.field(lb, "access_logs", _message(lb))
}

undecided contains finding if {
	some lb in input.aws.load_balancers
	_judged(lb)
	"access_logs" in lb.unknown
	finding := result.field(lb, "access_logs", "cannot decide whether the load balancer writes access logs: their setting is unknown until apply")
}

undecided contains finding if {
	some lb in input.aws.load_balancers
	not lb.external
	"type" in lb.unknown
	not lb.access_logs == true
	finding := result.of(lb, "cannot decide whether the load balancer must write access logs: its type is unknown until apply")
}

_judged(lb) if {
	not lb.external
	not "type" in lb.unknown
	object.get(lb, "type", "application") in _logged
}

_message(lb) := "access logs are switched off, so the requests the load balancer serves leave no record to investigate" if {
	lb.access_logs == false
} else := "no access logs are configured, so the requests the load balancer serves leave no record to investigate"
