# The two roles of the loan API's tasks. ECS assumes them only for tasks of this account
# (aws:SourceAccount, aws:SourceArn: the confused-deputy guard).

data "aws_iam_policy_document" "ecs_tasks_trust" {
  statement {
    sid     = "EcsTasksOfThisAccount"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

# The ECS agent: pulls the image and writes the log stream.
resource "aws_iam_role" "task_execution" {
  name                 = "${local.name}-loan-api-task-execution"
  description          = "ECS agent: pulls the loan API image, writes its logs"
  assume_role_policy   = data.aws_iam_policy_document.ecs_tasks_trust.json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "task_execution" {
  statement {
    # GetAuthorizationToken has no resource-level permissions.
    sid       = "EcrAuthorizationToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "PullTheImage"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
    ]
    resources = [aws_ecr_repository.app.arn]
  }

  statement {
    sid       = "DecryptTheImage"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.data.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ecr.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid = "WriteTheLogs"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["${aws_cloudwatch_log_group.app.arn}:log-stream:*"]
  }
}

resource "aws_iam_role_policy" "task_execution" {
  name   = "start-loan-api-tasks"
  role   = aws_iam_role.task_execution.id
  policy = data.aws_iam_policy_document.task_execution.json
}

# The application: signs in to the loan database as `loan_api`, and nothing else.
resource "aws_iam_role" "task" {
  name                 = "${local.name}-loan-api-task"
  description          = "Loan API: connects to Aurora with IAM database authentication"
  assume_role_policy   = data.aws_iam_policy_document.ecs_tasks_trust.json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "task" {
  statement {
    sid       = "ConnectAsLoanApi"
    actions   = ["rds-db:connect"]
    resources = ["arn:${local.partition}:rds-db:${local.region}:${local.account_id}:dbuser:${aws_rds_cluster.this.cluster_resource_id}/loan_api"]
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "connect-to-the-loan-database"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}
