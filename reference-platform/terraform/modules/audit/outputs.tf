output "cloudtrail_arn" {
  description = "ARN of the CloudTrail trail."
  value       = aws_cloudtrail.this.arn
}

output "guardduty_detector_id" {
  description = "ID of the GuardDuty detector."
  value       = aws_guardduty_detector.this.id
}

output "access_analyzer_arn" {
  description = "ARN of the account's IAM Access Analyzer."
  value       = aws_accessanalyzer_analyzer.account.arn
}
