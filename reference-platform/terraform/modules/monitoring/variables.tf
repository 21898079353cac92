variable "name" {
  description = "Name prefix for every resource, e.g. \"acme-prod\"."
  type        = string
}

variable "logs_kms_key_arn" {
  description = "ARN of the customer managed key that encrypts the log groups."
  type        = string
}

variable "alerts_kms_key_arn" {
  description = "ARN of the customer managed key that encrypts the alerts topic."
  type        = string
}

variable "alert_email_addresses" {
  description = "E-mail addresses subscribed to the alerts topic (each must confirm its subscription)."
  type        = list(string)
}

variable "log_group_names" {
  description = "Names of the log groups to create: the application's (app), the Redis AUTH token rotation function's (rotation) and CloudTrail's (cloudtrail)."
  type = object({
    app        = string
    rotation   = string
    cloudtrail = string
  })
}

variable "app_log_retention_days" {
  description = "Days to keep application and function logs."
  type        = number
}

variable "cloudtrail_log_retention_days" {
  description = "Days to keep the CloudTrail events in CloudWatch Logs (the trail's S3 copy is kept longer)."
  type        = number
}
