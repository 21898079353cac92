project                   = "acme"
environment               = "dev"
owner                     = "platform-team"
infrastructure_repository = "acme/platform-infrastructure"
region                    = "eu-west-1"
availability_zones        = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

# Network: 10.0.0.0/16; public .1-.3, application .11-.13, data .21-.23. One NAT gateway:
# dev tolerates losing egress with its zone.
vpc_cidr            = "10.0.0.0/16"
public_subnet_cidrs = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
app_subnet_cidrs    = ["10.0.11.0/24", "10.0.12.0/24", "10.0.13.0/24"]
data_subnet_cidrs   = ["10.0.21.0/24", "10.0.22.0/24", "10.0.23.0/24"]
nat_gateway_count   = 1
app_port            = 8000

# Application.
github_repository       = "acme/orders-api"
domain_name             = "app.dev.acme.example"
hosted_zone_name        = "dev.acme.example"
app_image_tag           = "1.0.0"
app_task_cpu            = 512
app_task_memory         = 1024
app_desired_count       = 1
app_min_count           = 1
app_max_count           = 3
alb_deletion_protection = false
waf_rate_limit          = 2000

# Data: single-AZ and deletable, still encrypted, TLS-only and backed up for a week.
postgres_major_version        = "16"
database_name                 = "orders"
db_instance_class             = "db.t4g.medium"
db_allocated_storage_gb       = 20
db_max_allocated_storage_gb   = 100
db_multi_az                   = false
db_backup_retention_days      = 7
db_deletion_protection        = false
redis_engine_version          = "7.1"
redis_node_type               = "cache.t4g.small"
redis_num_cache_clusters      = 2
redis_snapshot_retention_days = 1

# Retention and alerts.
app_log_retention_days        = 90
cloudtrail_log_retention_days = 365
audit_log_retention_days      = 365
alb_log_retention_days        = 90
backup_retention_days         = 90
alert_email_addresses         = ["platform-alerts@acme.example"]
