variable "name" {
  description = "Name prefix for every resource, e.g. \"acme-prod\"."
  type        = string
}

variable "environment" {
  description = "Environment name (dev, staging, prod). The database carries it as its Environment tag, which marks production databases for the resilience controls."
  type        = string
}

variable "subnet_ids" {
  description = "IDs of the data subnets, one per Availability Zone."
  type        = list(string)
}

variable "security_group_ids" {
  description = "IDs of the data-tier security groups: rds, redis."
  type = object({
    rds   = string
    redis = string
  })
}

variable "kms_key_arns" {
  description = "ARNs of the customer managed keys: data (storage, snapshots, Performance Insights), secrets (the master user secret), logs (database log groups)."
  type = object({
    data    = string
    secrets = string
    logs    = string
  })
}

variable "monitoring_role_arn" {
  description = "ARN of the role RDS Enhanced Monitoring publishes OS metrics with."
  type        = string
}

variable "alerts_topic_arn" {
  description = "ARN of the SNS topic the data-tier alarms publish to."
  type        = string
}

variable "log_retention_days" {
  description = "Days to keep the database and cache logs."
  type        = number
}

# --- PostgreSQL --------------------------------------------------------------------

variable "postgres_major_version" {
  description = "PostgreSQL major version; RDS applies minor versions in the maintenance window."
  type        = string
}

variable "postgres_port" {
  description = "TCP port of the database."
  type        = number
  default     = 5432
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
  description = "Initial storage in GiB."
  type        = number
}

variable "db_max_allocated_storage_gb" {
  description = "Ceiling of storage autoscaling in GiB."
  type        = number
}

variable "db_multi_az" {
  description = "Keep a synchronous standby in a second Availability Zone."
  type        = bool
}

variable "db_backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number

  validation {
    condition     = var.db_backup_retention_days >= 7 && var.db_backup_retention_days <= 35
    error_message = "Keep at least a week of backups (RDS allows up to 35 days)."
  }
}

variable "db_deletion_protection" {
  description = "Refuse to delete the database until this is switched off."
  type        = bool
}

# --- Redis -------------------------------------------------------------------------

variable "redis_replication_group_id" {
  description = "ID of the Redis replication group."
  type        = string
}

variable "redis_engine_version" {
  description = "Redis OSS engine version."
  type        = string
}

variable "redis_port" {
  description = "TCP port of the replication group."
  type        = number
  default     = 6379
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
}

variable "redis_num_cache_clusters" {
  description = "Nodes in the replication group: one primary and replicas in other Availability Zones."
  type        = number
}

variable "redis_auth_token" {
  description = "Initial AUTH token; rotated afterwards through its Secrets Manager secret."
  type        = string
  sensitive   = true
}

variable "redis_snapshot_retention_days" {
  description = "Days of daily snapshots to keep."
  type        = number
}
