output "alerts_topic_arn" {
  description = "ARN of the SNS topic alarms publish to."
  value       = aws_sns_topic.alerts.arn
}

output "log_group_names" {
  description = "Names of the log groups: app, rotation, cloudtrail."
  value = {
    app        = aws_cloudwatch_log_group.app.name
    rotation   = aws_cloudwatch_log_group.rotation.name
    cloudtrail = aws_cloudwatch_log_group.cloudtrail.name
  }
}

output "cloudtrail_log_group_arn" {
  description = "ARN of the log group CloudTrail delivers events to."
  value       = aws_cloudwatch_log_group.cloudtrail.arn
}
