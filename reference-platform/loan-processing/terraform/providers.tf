provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = var.project
      Environment = var.environment
      Owner       = var.owner
      ManagedBy   = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  name       = "${var.project}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  account_root = "arn:${local.partition}:iam::${local.account_id}:root"

  # Names decided here, so that policies can name resources created after them.
  ecs_cluster_name = "${local.name}-loans"
  app_log_group    = "/ecs/${local.name}/loan-api"
  db_cluster_name  = "${local.name}-loans"
}
