# Keys, secrets, identities and the web ACL of one environment (one AWS account).
#
# The policies here name the resources they cover exactly. Those resources are created by
# other modules that themselves need this module's keys and roles, so their ARNs are built
# from names the caller decides (var.resource_names) rather than taken from the modules'
# outputs, which would make the module graph circular.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  account_root = "arn:${local.partition}:iam::${local.account_id}:root"

  arns = {
    ecs_service        = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:service/${var.resource_names.ecs_cluster}/${var.resource_names.ecs_service}"
    ecr_repository     = "arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${var.resource_names.ecr_repository}"
    app_log_group      = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${var.resource_names.app_log_group}"
    rotation_function  = "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${var.resource_names.rotation_function}"
    rotation_log_group = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${var.resource_names.rotation_log_group}"
    redis_group        = "arn:${local.partition}:elasticache:${local.region}:${local.account_id}:replicationgroup:${var.resource_names.redis_replication_group}"
    cloudtrail         = "arn:${local.partition}:cloudtrail:${local.region}:${local.account_id}:trail/${var.resource_names.cloudtrail}"
  }
}
