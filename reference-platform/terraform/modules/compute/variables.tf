variable "name" {
  description = "Name prefix for every resource, e.g. \"acme-prod\"."
  type        = string
}

variable "environment" {
  description = "Environment name (dev, staging, prod), passed to the application."
  type        = string
}

variable "resource_names" {
  description = "Names decided by the caller (the security module scopes its policies to them): ECS cluster, service and task family, ECR repository, application log group, metrics namespace."
  type = object({
    ecs_cluster       = string
    ecs_service       = string
    ecs_task_family   = string
    ecr_repository    = string
    app_log_group     = string
    metrics_namespace = string
  })
}

# --- network -----------------------------------------------------------------------

variable "vpc_id" {
  description = "ID of the VPC."
  type        = string
}

variable "public_subnet_ids" {
  description = "IDs of the public subnets, for the load balancer."
  type        = list(string)
}

variable "app_subnet_ids" {
  description = "IDs of the private application subnets, for the tasks."
  type        = list(string)
}

variable "security_group_ids" {
  description = "IDs of the security groups of the load balancer (alb) and of the tasks (app)."
  type = object({
    alb = string
    app = string
  })
}

variable "app_port" {
  description = "TCP port the application container listens on."
  type        = number
}

# --- load balancer -----------------------------------------------------------------

variable "domain_name" {
  description = "Host name the application is served on; its certificate is issued by ACM and validated in DNS."
  type        = string
}

variable "hosted_zone_name" {
  description = "Route 53 public hosted zone that holds domain_name."
  type        = string
}

variable "tls_policy" {
  description = "Security policy of the HTTPS listener: TLS 1.2 and 1.3 only, forward-secret ciphers."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "health_check_path" {
  description = "Path the load balancer checks the tasks' health on."
  type        = string
  default     = "/healthz"
}

variable "alb_deletion_protection" {
  description = "Refuse to delete the load balancer until this is switched off."
  type        = bool
}

variable "access_logs" {
  description = "Bucket (SSE-S3, with a policy that lets Elastic Load Balancing write) and key prefix of the load balancer's access logs."
  type = object({
    bucket = string
    prefix = string
  })
}

variable "web_acl_arn" {
  description = "ARN of the WAF web ACL associated with the load balancer."
  type        = string
}

# --- tasks -------------------------------------------------------------------------

variable "image_tag" {
  description = "Tag of the application image the service runs (tags are immutable). Deployments from CI register new task definitions; this is the one Terraform creates."
  type        = string
}

variable "task_cpu" {
  description = "CPU units of a task (1024 = one vCPU)."
  type        = number
}

variable "task_memory" {
  description = "Memory of a task in MiB."
  type        = number
}

variable "desired_count" {
  description = "Tasks the service starts with; autoscaling moves it between min_count and max_count."
  type        = number
}

variable "min_count" {
  description = "Fewest tasks autoscaling keeps."
  type        = number
}

variable "max_count" {
  description = "Most tasks autoscaling starts."
  type        = number
}

variable "task_role_arns" {
  description = "ARNs of the task execution role and the task role."
  type = object({
    task_execution = string
    task           = string
  })
}

variable "secret_arns" {
  description = "ARNs of the Secrets Manager secrets injected into the container: db_app_user (JSON with username and password), redis_auth, app_secret_key."
  type = object({
    db_app_user    = string
    redis_auth     = string
    app_secret_key = string
  })
}

variable "database" {
  description = "Where the application finds PostgreSQL: host, port, database name."
  type = object({
    host = string
    port = number
    name = string
  })
}

variable "redis" {
  description = "Where the application finds Redis: primary endpoint host and port."
  type = object({
    host = string
    port = number
  })
}

variable "kms_key_arns" {
  description = "ARNs of the customer managed keys: storage (ECR images), data (Fargate ephemeral storage)."
  type = object({
    storage = string
    data    = string
  })
}

variable "alerts_topic_arn" {
  description = "ARN of the SNS topic the service alarms publish to."
  type        = string
}
