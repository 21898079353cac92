variable "project" {
  description = "Short project name, the first part of every resource name."
  type        = string
}

variable "environment" {
  description = "Environment name: dev, staging or prod. Each environment is its own AWS account."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment is dev, staging or prod."
  }
}

variable "owner" {
  description = "Team that owns the platform, for the Owner tag."
  type        = string
}

variable "infrastructure_repository" {
  description = "Repository this configuration lives in, for the Repository tag."
  type        = string
}

variable "region" {
  description = "AWS Region of the environment."
  type        = string
}

variable "availability_zones" {
  description = "The three Availability Zones the platform spans."
  type        = list(string)
}

# --- network -----------------------------------------------------------------------

variable "vpc_cidr" {
  description = "IPv4 CIDR block of the VPC."
  type        = string
}

variable "public_subnet_cidrs" {
  description = "CIDR blocks of the public subnets (x.x.1-3.0/24), one per Availability Zone."
  type        = list(string)
}

variable "app_subnet_cidrs" {
  description = "CIDR blocks of the private application subnets (x.x.11-13.0/24), one per Availability Zone."
  type        = list(string)
}

variable "data_subnet_cidrs" {
  description = "CIDR blocks of the data subnets (x.x.21-23.0/24), one per Availability Zone."
  type        = list(string)
}

variable "nat_gateway_count" {
  description = "NAT gateways: 1, or 3 for one per Availability Zone."
  type        = number
}

variable "app_port" {
  description = "TCP port the application listens on."
  type        = number
}

# --- application -------------------------------------------------------------------

variable "github_repository" {
  description = "GitHub repository (\"owner/name\") of the application, whose Actions workflows deploy it."
  type        = string
}

variable "domain_name" {
  description = "Host name the application is served on."
  type        = string
}

variable "hosted_zone_name" {
  description = "Route 53 public hosted zone of domain_name."
  type        = string
}

variable "app_image_tag" {
  description = "Image tag of the first task definition; CI deploys later ones."
  type        = string
}

variable "app_task_cpu" {
  description = "CPU units of an application task."
  type        = number
}

variable "app_task_memory" {
  description = "Memory of an application task in MiB."
  type        = number
}

variable "app_desired_count" {
  description = "Application tasks at creation."
  type        = number
}

variable "app_min_count" {
  description = "Fewest application tasks autoscaling keeps."
  type        = number
}

variable "app_max_count" {
  description = "Most application tasks autoscaling starts."
  type        = number
}

variable "alb_deletion_protection" {
  description = "Protect the load balancer against deletion."
  type        = bool
}

variable "waf_rate_limit" {
  description = "Requests per five minutes from one address above which the WAF blocks it."
  type        = number
}

# --- data --------------------------------------------------------------------------

variable "postgres_major_version" {
  description = "PostgreSQL major version."
  type        = string
}

variable "database_name" {
  description = "Name of the application database."
  type        = string
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
}

variable "db_allocated_storage_gb" {
  description = "Initial database storage in GiB."
  type        = number
}

variable "db_max_allocated_storage_gb" {
  description = "Ceiling of database storage autoscaling in GiB."
  type        = number
}

variable "db_multi_az" {
  description = "Run the database with a standby in a second Availability Zone."
  type        = bool
}

variable "db_backup_retention_days" {
  description = "Days of automated database backups."
  type        = number
}

variable "db_deletion_protection" {
  description = "Protect the database against deletion."
  type        = bool
}

variable "redis_engine_version" {
  description = "Redis OSS engine version."
  type        = string
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
}

variable "redis_num_cache_clusters" {
  description = "Redis nodes: a primary and replicas."
  type        = number
}

variable "redis_snapshot_retention_days" {
  description = "Days of Redis snapshots."
  type        = number
}

# --- retention and alerts ----------------------------------------------------------

variable "app_log_retention_days" {
  description = "Days to keep application, database, flow and WAF logs in CloudWatch Logs."
  type        = number
}

variable "cloudtrail_log_retention_days" {
  description = "Days to keep CloudTrail events in CloudWatch Logs, where the security alarms read them."
  type        = number
}

variable "audit_log_retention_days" {
  description = "Days to keep CloudTrail and AWS Config records in S3."
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

variable "alert_email_addresses" {
  description = "E-mail addresses that receive alarms and security findings."
  type        = list(string)
}
