# The platform of one environment. The modules are applied in this order, each using what
# the ones before it created:
#
#   security    keys, secrets, IAM roles, WAF web ACL
#   monitoring  log groups, alerts topic, CloudTrail alarms
#   storage     S3 buckets, Terraform lock table
#   networking  VPC, subnets, routing, security groups, NACLs, endpoints, flow logs
#   audit       CloudTrail, AWS Config, GuardDuty, IAM Access Analyzer
#   data        PostgreSQL, Redis
#   compute     ECR, ECS cluster and service, load balancer, DNS

locals {
  name = "${var.project}-${var.environment}"

  # Names of resources that one module creates and another's policies name. Deciding them
  # here keeps the module graph acyclic: the security module scopes its IAM and key
  # policies to these names before the resources exist.
  resource_names = {
    ecs_cluster             = local.name
    ecs_service             = "app"
    ecs_task_family         = "${local.name}-app"
    ecr_repository          = "${local.name}/app"
    app_log_group           = "/ecs/${local.name}/app"
    metrics_namespace       = "${var.project}/app"
    redis_replication_group = "${local.name}-redis"
    rotation_function       = "${local.name}-redis-auth-rotation"
    rotation_log_group      = "/aws/lambda/${local.name}-redis-auth-rotation"
    cloudtrail              = "${local.name}-trail"
  }
}

module "security" {
  source = "../../modules/security"

  name               = local.name
  environment        = var.environment
  github_repository  = var.github_repository
  resource_names     = local.resource_names
  waf_rate_limit     = var.waf_rate_limit
  log_retention_days = var.app_log_retention_days
}

module "monitoring" {
  source = "../../modules/monitoring"

  name               = local.name
  logs_kms_key_arn   = module.security.kms_key_arns.logs
  alerts_kms_key_arn = module.security.kms_key_arns.alerts
  log_group_names = {
    app        = local.resource_names.app_log_group
    rotation   = local.resource_names.rotation_log_group
    cloudtrail = "/aws/cloudtrail/${local.resource_names.cloudtrail}"
  }
  app_log_retention_days        = var.app_log_retention_days
  cloudtrail_log_retention_days = var.cloudtrail_log_retention_days
  alert_email_addresses         = var.alert_email_addresses
}

module "storage" {
  source = "../../modules/storage"

  name                     = local.name
  kms_key_arn              = module.security.kms_key_arns.storage
  cloudtrail_name          = local.resource_names.cloudtrail
  audit_log_retention_days = var.audit_log_retention_days
  alb_log_retention_days   = var.alb_log_retention_days
  backup_retention_days    = var.backup_retention_days
}

module "networking" {
  source = "../../modules/networking"

  name                    = local.name
  vpc_cidr                = var.vpc_cidr
  availability_zones      = var.availability_zones
  public_subnet_cidrs     = var.public_subnet_cidrs
  app_subnet_cidrs        = var.app_subnet_cidrs
  data_subnet_cidrs       = var.data_subnet_cidrs
  nat_gateway_count       = var.nat_gateway_count
  app_port                = var.app_port
  logs_kms_key_arn        = module.security.kms_key_arns.logs
  flow_log_retention_days = var.app_log_retention_days
}

module "audit" {
  source = "../../modules/audit"

  name                     = local.name
  cloudtrail_name          = local.resource_names.cloudtrail
  audit_logs_bucket        = module.storage.bucket_ids.audit_logs
  audit_log_prefixes       = module.storage.audit_log_prefixes
  storage_kms_key_arn      = module.security.kms_key_arns.storage
  cloudtrail_log_group_arn = module.monitoring.cloudtrail_log_group_arn
  state_bucket_arn         = module.storage.bucket_arns.state
}

module "data" {
  source = "../../modules/data"

  name        = local.name
  environment = var.environment
  subnet_ids  = module.networking.data_subnet_ids
  security_group_ids = {
    rds   = module.networking.security_group_ids.rds
    redis = module.networking.security_group_ids.redis
  }
  kms_key_arns = {
    data    = module.security.kms_key_arns.data
    secrets = module.security.kms_key_arns.secrets
    logs    = module.security.kms_key_arns.logs
  }
  monitoring_role_arn = module.security.role_arns.rds_monitoring
  alerts_topic_arn    = module.monitoring.alerts_topic_arn
  log_retention_days  = var.app_log_retention_days

  postgres_major_version      = var.postgres_major_version
  database_name               = var.database_name
  db_instance_class           = var.db_instance_class
  db_allocated_storage_gb     = var.db_allocated_storage_gb
  db_max_allocated_storage_gb = var.db_max_allocated_storage_gb
  db_multi_az                 = var.db_multi_az
  db_backup_retention_days    = var.db_backup_retention_days
  db_deletion_protection      = var.db_deletion_protection

  redis_replication_group_id    = local.resource_names.redis_replication_group
  redis_engine_version          = var.redis_engine_version
  redis_node_type               = var.redis_node_type
  redis_num_cache_clusters      = var.redis_num_cache_clusters
  redis_auth_token              = module.security.redis_auth_token
  redis_snapshot_retention_days = var.redis_snapshot_retention_days
}

module "compute" {
  source = "../../modules/compute"

  name        = local.name
  environment = var.environment
  resource_names = {
    ecs_cluster       = local.resource_names.ecs_cluster
    ecs_service       = local.resource_names.ecs_service
    ecs_task_family   = local.resource_names.ecs_task_family
    ecr_repository    = local.resource_names.ecr_repository
    app_log_group     = module.monitoring.log_group_names.app
    metrics_namespace = local.resource_names.metrics_namespace
  }

  vpc_id            = module.networking.vpc_id
  public_subnet_ids = module.networking.public_subnet_ids
  app_subnet_ids    = module.networking.app_subnet_ids
  security_group_ids = {
    alb = module.networking.security_group_ids.alb
    app = module.networking.security_group_ids.app
  }
  app_port = var.app_port

  domain_name             = var.domain_name
  hosted_zone_name        = var.hosted_zone_name
  alb_deletion_protection = var.alb_deletion_protection
  access_logs = {
    bucket = module.storage.bucket_ids.alb_logs
    prefix = module.storage.alb_log_prefix
  }
  web_acl_arn = module.security.web_acl_arn

  image_tag     = var.app_image_tag
  task_cpu      = var.app_task_cpu
  task_memory   = var.app_task_memory
  desired_count = var.app_desired_count
  min_count     = var.app_min_count
  max_count     = var.app_max_count
  task_role_arns = {
    task_execution = module.security.role_arns.task_execution
    task           = module.security.role_arns.task
  }
  secret_arns = module.security.secret_arns
  database = {
    host = module.data.postgres_address
    port = module.data.postgres_port
    name = var.database_name
  }
  redis = {
    host = module.data.redis_primary_endpoint
    port = module.data.redis_port
  }
  kms_key_arns = {
    storage = module.security.kms_key_arns.storage
    data    = module.security.kms_key_arns.data
  }
  alerts_topic_arn = module.monitoring.alerts_topic_arn
}
