# Execution role of the Lambda function that rotates the Redis AUTH token for Secrets
# Manager: it writes the new token to the secret and applies it to the replication group
# with ElastiCache's ROTATE strategy (old and new token both valid until the next
# rotation). It calls AWS APIs only, so it runs outside the VPC. The function's code ships
# with the application; this role is all it may do.

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    sid     = "TheRotationFunctionOfThisAccount"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.arns.rotation_function]
    }
  }
}

resource "aws_iam_role" "redis_auth_rotation" {
  name                 = "${var.name}-redis-auth-rotation"
  description          = "Lambda ${var.resource_names.rotation_function}: rotates the Redis AUTH token"
  assume_role_policy   = data.aws_iam_policy_document.lambda_trust.json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "redis_auth_rotation" {
  statement {
    sid = "WriteOwnLogs"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["${local.arns.rotation_log_group}:log-stream:*"]
  }

  statement {
    sid = "RotateTheAuthTokenSecret"
    actions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecretVersionStage",
    ]
    resources = [aws_secretsmanager_secret.redis_auth.arn]
  }

  statement {
    # GetRandomPassword touches no secret and has no resource-level permissions.
    sid       = "GenerateTokens"
    actions   = ["secretsmanager:GetRandomPassword"]
    resources = ["*"]
  }

  statement {
    sid = "UseTheSecretsKeyThroughSecretsManager"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]
    resources = [aws_kms_key.this["secrets"].arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid = "ApplyTheTokenToTheReplicationGroup"
    actions = [
      "elasticache:DescribeReplicationGroups",
      "elasticache:ModifyReplicationGroup",
    ]
    resources = [local.arns.redis_group]
  }
}

resource "aws_iam_role_policy" "redis_auth_rotation" {
  name   = "rotate-redis-auth-token"
  role   = aws_iam_role.redis_auth_rotation.id
  policy = data.aws_iam_policy_document.redis_auth_rotation.json
}
