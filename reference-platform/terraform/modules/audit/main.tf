# Detective controls of the account: a multi-Region CloudTrail trail with signed digests,
# AWS Config recording every resource, GuardDuty and IAM Access Analyzer. They deliver to
# the audit log bucket and the CloudTrail log group, which the storage and monitoring
# modules create; so they are a module of their own, applied after those.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  trail_arn         = "arn:${local.partition}:cloudtrail:${local.region}:${local.account_id}:trail/${var.cloudtrail_name}"
  audit_logs_arn    = "arn:${local.partition}:s3:::${var.audit_logs_bucket}"
  guardduty_feature = toset(["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "EBS_MALWARE_PROTECTION"])
}

# --- CloudTrail --------------------------------------------------------------------

data "aws_iam_policy_document" "cloudtrail_logs_trust" {
  statement {
    sid     = "ThePlatformTrail"
    actions = ["sts:AssumeRole"]

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
}

resource "aws_iam_role" "cloudtrail_logs" {
  name                 = "${var.name}-cloudtrail-logs"
  description          = "CloudTrail: delivers the trail's events to CloudWatch Logs"
  assume_role_policy   = data.aws_iam_policy_document.cloudtrail_logs_trust.json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "cloudtrail_logs" {
  statement {
    sid = "WriteTrailEvents"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["${var.cloudtrail_log_group_arn}:log-stream:*"]
  }
}

resource "aws_iam_role_policy" "cloudtrail_logs" {
  name   = "write-trail-events"
  role   = aws_iam_role.cloudtrail_logs.id
  policy = data.aws_iam_policy_document.cloudtrail_logs.json
}

resource "aws_cloudtrail" "this" {
  name                          = var.cloudtrail_name
  s3_bucket_name                = var.audit_logs_bucket
  s3_key_prefix                 = var.audit_log_prefixes.cloudtrail
  kms_key_id                    = var.storage_kms_key_arn
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  cloud_watch_logs_group_arn    = "${var.cloudtrail_log_group_arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.cloudtrail_logs.arn

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    # Every read and write of the Terraform state.
    data_resource {
      type   = "AWS::S3::Object"
      values = ["${var.state_bucket_arn}/"]
    }
  }

  depends_on = [aws_iam_role_policy.cloudtrail_logs]
}

# --- AWS Config --------------------------------------------------------------------

data "aws_iam_policy_document" "config_trust" {
  statement {
    sid     = "AwsConfigOfThisAccount"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "config" {
  name                 = "${var.name}-config-recorder"
  description          = "AWS Config: records resource configurations and delivers snapshots"
  assume_role_policy   = data.aws_iam_policy_document.config_trust.json
  max_session_duration = 3600
}

# Read-only access to the resource configurations Config records.
resource "aws_iam_role_policy_attachment" "config" {
  role       = aws_iam_role.config.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWS_ConfigRole"
}

data "aws_iam_policy_document" "config_delivery" {
  statement {
    sid       = "CheckTheBucketAcl"
    actions   = ["s3:GetBucketAcl"]
    resources = [local.audit_logs_arn]
  }

  statement {
    sid       = "DeliverSnapshots"
    actions   = ["s3:PutObject"]
    resources = ["${local.audit_logs_arn}/${var.audit_log_prefixes.config}/AWSLogs/${local.account_id}/Config/*"]
  }

  statement {
    sid = "EncryptSnapshots"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]
    resources = [var.storage_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "config_delivery" {
  name   = "deliver-snapshots"
  role   = aws_iam_role.config.id
  policy = data.aws_iam_policy_document.config_delivery.json
}

resource "aws_config_configuration_recorder" "this" {
  name     = var.name
  role_arn = aws_iam_role.config.arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }

  recording_mode {
    recording_frequency = "CONTINUOUS"
  }
}

resource "aws_config_delivery_channel" "this" {
  name           = var.name
  s3_bucket_name = var.audit_logs_bucket
  s3_key_prefix  = var.audit_log_prefixes.config
  s3_kms_key_arn = var.storage_kms_key_arn

  snapshot_delivery_properties {
    delivery_frequency = "TwentyFour_Hours"
  }

  depends_on = [
    aws_config_configuration_recorder.this,
    aws_iam_role_policy.config_delivery,
  ]
}

resource "aws_config_configuration_recorder_status" "this" {
  name       = aws_config_configuration_recorder.this.name
  is_enabled = true

  depends_on = [aws_config_delivery_channel.this]
}

# --- GuardDuty and IAM Access Analyzer ---------------------------------------------

resource "aws_guardduty_detector" "this" {
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}

resource "aws_guardduty_detector_feature" "this" {
  for_each = local.guardduty_feature

  detector_id = aws_guardduty_detector.this.id
  name        = each.key
  status      = "ENABLED"
}

resource "aws_accessanalyzer_analyzer" "account" {
  analyzer_name = "${var.name}-account"
  type          = "ACCOUNT"
}
