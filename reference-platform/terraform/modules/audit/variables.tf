variable "name" {
  description = "Name prefix for every resource, e.g. \"acme-prod\"."
  type        = string
}

variable "cloudtrail_name" {
  description = "Name of the CloudTrail trail."
  type        = string
}

variable "audit_logs_bucket" {
  description = "Name of the bucket CloudTrail and AWS Config deliver to."
  type        = string
}

variable "audit_log_prefixes" {
  description = "Key prefixes in the audit log bucket: cloudtrail, config."
  type = object({
    cloudtrail = string
    config     = string
  })
}

variable "storage_kms_key_arn" {
  description = "ARN of the customer managed key that encrypts CloudTrail log files and AWS Config snapshots."
  type        = string
}

variable "cloudtrail_log_group_arn" {
  description = "ARN of the CloudWatch log group CloudTrail also delivers events to (for the security alarms)."
  type        = string
}

variable "state_bucket_arn" {
  description = "ARN of the Terraform state bucket, whose object reads and writes the trail records."
  type        = string
}
