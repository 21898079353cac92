variable "project" {
  description = "Project name, the prefix of every resource name."
  type        = string
}

variable "environment" {
  description = "Environment name (production databases are recognised by it)."
  type        = string
}

variable "owner" {
  description = "Team that owns the stack (tag)."
  type        = string
}

variable "region" {
  description = "AWS Region of the stack."
  type        = string
}

variable "availability_zones" {
  description = "The three Availability Zones the subnets are spread over."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) == 3
    error_message = "The stack spans exactly three Availability Zones."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
}

variable "public_subnet_cidrs" {
  description = "Public subnets (load balancer, NAT gateways), one per zone."
  type        = list(string)
}

variable "app_subnet_cidrs" {
  description = "Private application subnets (ECS tasks), one per zone."
  type        = list(string)
}

variable "database_subnet_cidrs" {
  description = "Database subnets (Aurora), one per zone, without a route out of the VPC."
  type        = list(string)
}

variable "app_port" {
  description = "Port the loan API listens on inside the VPC."
  type        = number
}

variable "certificate_arn" {
  description = "ACM certificate of the load balancer's HTTPS listener."
  type        = string
}

variable "app_image_tag" {
  description = "Tag of the loan API image in the ECR repository."
  type        = string
}

variable "app_task_cpu" {
  description = "CPU units of a task."
  type        = number
}

variable "app_task_memory" {
  description = "Memory of a task (MiB)."
  type        = number
}

variable "app_desired_count" {
  description = "Number of tasks, spread over the three zones."
  type        = number
}

variable "database_name" {
  description = "Name of the application's database."
  type        = string
}

variable "aurora_engine_version" {
  description = "Aurora MySQL engine version."
  type        = string
}

variable "aurora_min_capacity" {
  description = "Minimum Aurora capacity units of each Serverless v2 instance."
  type        = number
}

variable "aurora_max_capacity" {
  description = "Maximum Aurora capacity units of each Serverless v2 instance."
  type        = number
}

variable "aurora_instance_count" {
  description = "Aurora instances (a writer and readers to fail over to), one per zone."
  type        = number
}

variable "db_backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery)."
  type        = number
}

variable "log_retention_days" {
  description = "Retention of every CloudWatch log group."
  type        = number
}

variable "alb_log_retention_days" {
  description = "Days the load balancer's access logs are kept in S3."
  type        = number
}

variable "waf_rate_limit" {
  description = "Requests per five minutes from one IP address before the WAF blocks it."
  type        = number
}
