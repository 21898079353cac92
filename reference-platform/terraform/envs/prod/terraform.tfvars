project                   = "acme"
environment               = "prod"
owner                     = "platform-team"
infrastructure_repository = "acme/platform-infrastructure"
region                    = "eu-west-1"
availability_zones        = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

# Network: 10.2.0.0/16; public .1-.3, application .11-.13, data .21-.23.
vpc_cidr            = "10.2.0.0/16"
public_subnet_cidrs = ["10.2.1.0/24", "10.2.2.0/24", "10.2.3.0/24"]
app_subnet_cidrs    = ["10.2.11.0/24", "10.2.12.0/24", "10.2.13.0/24"]
data_subnet_cidrs   = ["10.2.21.0/24", "10.2.22.0/24", "10.2.23.0/24"]
nat_gateway_count   = 3
app_port            = 8000

# Application.
github_repository       = "acme/orders-api"
domain_name             = "app.acme.example"
hosted_zone_name        = "acme.example"
app_image_tag           = "1.0.0"
app_task_cpu            = 1024
app_task_memory         = 2048
app_desired_count       = 3
app_min_count           = 3
app_max_count           = 12
alb_deletion_protection = true
waf_rate_limit          = 2000

# Data: Multi-AZ, a fortnight of backups, protected against deletion.
postgres_major_version        = "16"
database_name                 = "orders"
db_instance_class             = "db.m7g.large"
db_allocated_storage_gb       = 100
db_max_allocated_storage_gb   = 1000
db_multi_az                   = true
db_backup_retention_days      = 14
db_deletion_protection        = true
redis_engine_version          = "7.1"
redis_node_type               = "cache.m7g.large"
redis_num_cache_clusters      = 3
redis_snapshot_retention_days = 7

# Retention and alerts.
app_log_retention_days        = 365
cloudtrail_log_retention_days = 365
audit_log_retention_days      = 2557
alb_log_retention_days        = 365
backup_retention_days         = 365
alert_email_addresses         = ["platform-alerts@acme.example"]
