variable "name" {
  description = "Name prefix for every resource, e.g. \"acme-prod\"."
  type        = string
}

variable "kms_key_arn" {
  description = "ARN of the customer managed key that encrypts the buckets and the lock table."
  type        = string
}

variable "cloudtrail_name" {
  description = "Name of the CloudTrail trail that delivers to the audit log bucket."
  type        = string
}

variable "audit_log_retention_days" {
  description = "Days to keep CloudTrail log files and AWS Config snapshots."
  type        = number
}

variable "alb_log_retention_days" {
  description = "Days to keep load balancer access logs."
  type        = number
}

variable "backup_retention_days" {
  description = "Days to keep objects in the backups bucket."
  type        = number
}
