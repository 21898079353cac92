# The platform's buckets and the Terraform lock table.
#
#   state       Terraform state of this environment (the backend of its root module)
#   backups     database exports and application backups
#   audit-logs  CloudTrail log files and AWS Config snapshots
#   alb-logs    access logs of the public load balancer
#
# Every bucket is encrypted with the storage key except alb-logs: Elastic Load Balancing
# delivers access logs only to buckets encrypted with SSE-S3
# (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
#
# The state bucket and the lock table hold the state of the root module that creates
# them: bootstrap with local state, then move it with `terraform init -migrate-state`
# (see the README).

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

# The Elastic Load Balancing account of this Region, which writes the access logs.
data "aws_elb_service_account" "this" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  bucket_names = {
    state      = "${var.name}-tfstate-${local.account_id}"
    backups    = "${var.name}-backups-${local.account_id}"
    audit_logs = "${var.name}-audit-logs-${local.account_id}"
    alb_logs   = "${var.name}-alb-logs-${local.account_id}"
  }

  audit_logs_arn = "arn:${local.partition}:s3:::${local.bucket_names.audit_logs}"
  alb_logs_arn   = "arn:${local.partition}:s3:::${local.bucket_names.alb_logs}"
  trail_arn      = "arn:${local.partition}:cloudtrail:${local.region}:${local.account_id}:trail/${var.cloudtrail_name}"

  audit_log_prefixes = {
    cloudtrail = "cloudtrail"
    config     = "config"
  }
  alb_log_prefix = "alb"
}

module "state_bucket" {
  source = "./modules/bucket"

  name                               = local.bucket_names.state
  purpose                            = "Terraform state of ${var.name}"
  kms_key_arn                        = var.kms_key_arn
  noncurrent_version_expiration_days = 90
}

module "backups_bucket" {
  source = "./modules/bucket"

  name                               = local.bucket_names.backups
  purpose                            = "Database exports and application backups of ${var.name}"
  kms_key_arn                        = var.kms_key_arn
  transition_to_archive_days         = 30
  expiration_days                    = var.backup_retention_days
  noncurrent_version_expiration_days = 30
}

module "audit_logs_bucket" {
  source = "./modules/bucket"

  name                               = local.bucket_names.audit_logs
  purpose                            = "CloudTrail log files and AWS Config snapshots of ${var.name}"
  kms_key_arn                        = var.kms_key_arn
  policy_documents                   = [data.aws_iam_policy_document.audit_log_delivery.json]
  transition_to_archive_days         = 90
  expiration_days                    = var.audit_log_retention_days
  noncurrent_version_expiration_days = 30
}

module "alb_logs_bucket" {
  source = "./modules/bucket"

  name                               = local.bucket_names.alb_logs
  purpose                            = "Access logs of the public load balancer of ${var.name}"
  sse_algorithm                      = "AES256"
  policy_documents                   = [data.aws_iam_policy_document.alb_log_delivery.json]
  expiration_days                    = var.alb_log_retention_days
  noncurrent_version_expiration_days = 7
}

# CloudTrail writes the platform's trail only (aws:SourceArn).
data "aws_iam_policy_document" "audit_log_delivery" {
  statement {
    sid       = "CloudTrailChecksTheBucketAcl"
    actions   = ["s3:GetBucketAcl"]
    resources = [local.audit_logs_arn]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid       = "CloudTrailWritesLogFiles"
    actions   = ["s3:PutObject"]
    resources = ["${local.audit_logs_arn}/${local.audit_log_prefixes.cloudtrail}/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }
}

# Elastic Load Balancing writes this account's access logs under the alb/ prefix.
data "aws_iam_policy_document" "alb_log_delivery" {
  statement {
    sid       = "ElasticLoadBalancingWritesAccessLogs"
    actions   = ["s3:PutObject"]
    resources = ["${local.alb_logs_arn}/${local.alb_log_prefix}/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.this.arn]
    }
  }
}

resource "aws_dynamodb_table" "terraform_locks" {
  name                        = "${var.name}-terraform-locks"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "LockID"
  deletion_protection_enabled = true

  attribute {
    name = "LockID"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  point_in_time_recovery {
    enabled = true
  }

  tags = {
    Name = "${var.name}-terraform-locks"
  }
}
