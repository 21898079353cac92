project                   = "acme"
environment               = "staging"
owner                     = "platform-team"
infrastructure_repository = "acme/platform-infrastructure"
region                    = "eu-west-1"
availability_zones        = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

# Network: 10.1.0.0/16; public .1-.3, application .11-.13, data .21-.23. One NAT gateway
# per zone, as in prod.
vpc_cidr            = "10.1.0.0/16"
public_subnet_cidrs = ["10.1.1.0/24", "10.1.2.0/24", "10.1.3.0/24"]
app_subnet_cidrs    = ["10.1.11.0/24", "10.1.12.0/24", "10.1.13.0/24"]
data_subnet_cidrs   = ["10.1.21.0/24", "10.1.22.0/24", "10.1.23.0/24"]
nat_gateway_count   = 3
app_port            = 8000

# Application.
github_repository       = "acme/orders-api"
domain_name             = "app.staging.acme.example"
hosted_zone_name        = "staging.acme.example"
app_image_tag           = "1.0.0"
app_task_cpu            = 1024
app_task_memory         = 2048
app_desired_count       = 2
app_min_count           = 2
app_max_count           = 6
alb_deletion_protection = true
waf_rate_limit          = 2000

# Data: the shape of prod (Multi-AZ, protected) on smaller instances.
postgres_major_version        = "16"
database_name                 = "orders"
db_instance_class             = "db.t4g.large"
db_allocated_storage_gb       = 50
db_max_allocated_storage_gb   = 500
db_multi_az                   = true
db_backup_retention_days      = 7
db_deletion_protection        = true
redis_engine_version          = "7.1"
redis_node_type               = "cache.t4g.medium"
redis_num_cache_clusters      = 3
redis_snapshot_retention_days = 3

# Retention and alerts.
app_log_retention_days        = 180
cloudtrail_log_retention_days = 365
audit_log_retention_days      = 365
alb_log_retention_days        = 180
backup_retention_days         = 90
alert_email_addresses         = ["platform-alerts@acme.example"]
