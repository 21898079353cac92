# Role RDS Enhanced Monitoring uses to publish OS metrics of this account's instances to
# CloudWatch Logs. The AWS managed policy is scoped to the RDSOSMetrics log group.

data "aws_iam_policy_document" "rds_monitoring_trust" {
  statement {
    sid     = "RdsInstancesOfThisAccount"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:rds:${local.region}:${local.account_id}:db:*"]
    }
  }
}

resource "aws_iam_role" "rds_monitoring" {
  name                 = "${var.name}-rds-enhanced-monitoring"
  description          = "RDS Enhanced Monitoring: publishes OS metrics to CloudWatch Logs"
  assume_role_policy   = data.aws_iam_policy_document.rds_monitoring_trust.json
  max_session_duration = 3600
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  role       = aws_iam_role.rds_monitoring.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}
