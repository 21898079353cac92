variable "name" {
  description = "Name prefix for every resource of the network, e.g. \"acme-prod\"."
  type        = string
}

variable "vpc_cidr" {
  description = "IPv4 CIDR block of the VPC (a /16)."
  type        = string
}

variable "availability_zones" {
  description = "Availability Zones to spread the subnets over, one subnet of each tier per zone."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) == 3
    error_message = "The platform runs in exactly three Availability Zones."
  }
}

variable "public_subnet_cidrs" {
  description = "CIDR blocks of the public subnets (load balancer, NAT gateways), one per Availability Zone."
  type        = list(string)
}

variable "app_subnet_cidrs" {
  description = "CIDR blocks of the private application subnets (ECS tasks, VPC interface endpoints), one per Availability Zone."
  type        = list(string)
}

variable "data_subnet_cidrs" {
  description = "CIDR blocks of the data subnets (RDS, ElastiCache), one per Availability Zone. They have no route to the internet."
  type        = list(string)
}

variable "nat_gateway_count" {
  description = "Number of NAT gateways: 1 (cheaper, one zone's outage cuts the others' egress) or one per Availability Zone."
  type        = number

  validation {
    condition     = var.nat_gateway_count >= 1 && var.nat_gateway_count <= 3
    error_message = "Use between one NAT gateway and one per Availability Zone (3)."
  }
}

variable "app_port" {
  description = "TCP port the application containers listen on; the load balancer forwards to it."
  type        = number
}

variable "postgres_port" {
  description = "TCP port of the PostgreSQL database."
  type        = number
  default     = 5432
}

variable "redis_port" {
  description = "TCP port of the Redis replication group."
  type        = number
  default     = 6379
}

variable "interface_endpoint_services" {
  description = "AWS services reached through VPC interface endpoints in the application subnets (the short service name, e.g. \"ecr.api\")."
  type        = set(string)
  default     = ["ecr.api", "ecr.dkr", "kms", "logs", "secretsmanager", "sts"]
}

variable "logs_kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the flow log group."
  type        = string
}

variable "flow_log_retention_days" {
  description = "Days to keep VPC flow logs in CloudWatch Logs."
  type        = number
}
