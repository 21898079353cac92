# Customer managed keys, one per kind of data, so that access to one kind can be granted,
# audited and revoked on its own. Every key rotates yearly and waits the longest period
# AWS allows (30 days) before it is deleted.
#
# Key policies follow AWS's model: the account root holds kms:* so that IAM policies can
# delegate use of the key (the roles below each get the few actions they need, on the one
# key they need); AWS services that encrypt on their own behalf are named in the key policy
# with conditions that tie them to this account's resources.

locals {
  keys = {
    logs    = "CloudWatch Logs: VPC flow logs, application, Lambda, WAF and CloudTrail log groups"
    data    = "RDS storage and Performance Insights, ElastiCache, EBS volumes and Fargate ephemeral storage"
    secrets = "Secrets Manager secrets, including the RDS master user secret"
    storage = "S3 buckets, the Terraform lock table, ECR images and CloudTrail log files"
    alerts  = "The SNS topic of alarms and security findings"
  }

  key_policies = {
    logs    = data.aws_iam_policy_document.logs_key.json
    data    = data.aws_iam_policy_document.data_key.json
    secrets = data.aws_iam_policy_document.key_administration.json
    storage = data.aws_iam_policy_document.storage_key.json
    alerts  = data.aws_iam_policy_document.alerts_key.json
  }
}

resource "aws_kms_key" "this" {
  for_each = local.keys

  description             = "${var.name} ${each.key}: ${each.value}"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = 30
  policy                  = local.key_policies[each.key]

  tags = {
    Name = "${var.name}-${each.key}"
  }
}

resource "aws_kms_alias" "this" {
  for_each = local.keys

  name          = "alias/${var.name}-${each.key}"
  target_key_id = aws_kms_key.this[each.key].key_id
}

# The statement every key policy starts with: the account administers the key, and IAM
# policies decide who else may use it.
data "aws_iam_policy_document" "key_administration" {
  statement {
    sid       = "AccountAdministersTheKey"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }
}

data "aws_iam_policy_document" "logs_key" {
  source_policy_documents = [data.aws_iam_policy_document.key_administration.json]

  statement {
    sid = "CloudWatchLogsEncryptsThisAccountsLogGroups"
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:Encrypt",
      "kms:GenerateDataKey*",
      "kms:ReEncrypt*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
    }
  }
}

# Fargate encrypts the tasks' ephemeral storage with this key, for the platform's cluster
# only (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-storage-encryption.html).
data "aws_iam_policy_document" "data_key" {
  source_policy_documents = [data.aws_iam_policy_document.key_administration.json]

  statement {
    sid       = "FargateEphemeralStorageDataKeys"
    actions   = ["kms:GenerateDataKeyWithoutPlaintext"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["fargate.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:aws:ecs:clusterAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:aws:ecs:clusterName"
      values   = [var.resource_names.ecs_cluster]
    }
  }

  statement {
    sid       = "FargateEphemeralStorageGrants"
    actions   = ["kms:CreateGrant"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["fargate.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:aws:ecs:clusterAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:aws:ecs:clusterName"
      values   = [var.resource_names.ecs_cluster]
    }

    condition {
      test     = "ForAllValues:StringEquals"
      variable = "kms:GrantOperations"
      values   = ["Decrypt"]
    }
  }
}

# CloudTrail encrypts the log files of the platform's trail.
data "aws_iam_policy_document" "storage_key" {
  source_policy_documents = [data.aws_iam_policy_document.key_administration.json]

  statement {
    sid       = "CloudTrailEncryptsTheTrailsLogFiles"
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.arns.cloudtrail]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"]
    }
  }

  statement {
    sid       = "CloudTrailDescribesTheKey"
    actions   = ["kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.arns.cloudtrail]
    }
  }
}

# CloudWatch alarms and EventBridge (GuardDuty findings) publish to the encrypted topic.
data "aws_iam_policy_document" "alerts_key" {
  source_policy_documents = [data.aws_iam_policy_document.key_administration.json]

  statement {
    sid = "AlarmsAndEventsPublishToTheTopic"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey*",
    ]
    resources = ["*"]

    principals {
      type = "Service"
      identifiers = [
        "cloudwatch.amazonaws.com",
        "events.amazonaws.com",
      ]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}
