variable "name" {
  description = "Name prefix for every resource, e.g. \"acme-prod\"."
  type        = string
}

variable "environment" {
  description = "Environment name (dev, staging, prod); also the GitHub environment whose deployments may assume the deploy role."
  type        = string
}

variable "github_repository" {
  description = "GitHub repository (\"owner/name\") whose Actions workflows deploy the application."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "Give one repository as \"owner/name\", without wildcards."
  }
}

variable "resource_names" {
  description = <<-EOT
    Names of resources other modules create, decided by the caller, so that IAM and key
    policies here can name them exactly without a dependency cycle between modules.
  EOT
  type = object({
    ecs_cluster             = string
    ecs_service             = string
    ecr_repository          = string
    app_log_group           = string
    metrics_namespace       = string
    redis_replication_group = string
    rotation_function       = string
    rotation_log_group      = string
    cloudtrail              = string
  })
}

variable "waf_rate_limit" {
  description = "Requests per five minutes from one IP address above which the web ACL blocks it."
  type        = number
}

variable "log_retention_days" {
  description = "Days to keep the WAF logs."
  type        = number
}
