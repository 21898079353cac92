project            = "loans"
environment        = "prod"
owner              = "lending-platform-team"
region             = "eu-west-1"
availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

# Network: 10.40.0.0/16; public .1-.3, application .11-.13, database .21-.23.
vpc_cidr              = "10.40.0.0/16"
public_subnet_cidrs   = ["10.40.1.0/24", "10.40.2.0/24", "10.40.3.0/24"]
app_subnet_cidrs      = ["10.40.11.0/24", "10.40.12.0/24", "10.40.13.0/24"]
database_subnet_cidrs = ["10.40.21.0/24", "10.40.22.0/24", "10.40.23.0/24"]
app_port              = 8080

# Application.
certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/4d2a9c1e-7b3f-4e8a-9c51-0f6e2b8d7a13"
app_image_tag     = "2.4.1"
app_task_cpu      = 1024
app_task_memory   = 2048
app_desired_count = 3

# Database: Aurora MySQL 3 (MySQL 8.0), Serverless v2, a writer and two readers.
database_name            = "loans"
aurora_engine_version    = "8.0.mysql_aurora.3.08.0"
aurora_min_capacity      = 0.5
aurora_max_capacity      = 16
aurora_instance_count    = 3
db_backup_retention_days = 35

# Retention.
log_retention_days     = 365
alb_log_retention_days = 365
waf_rate_limit         = 2000
