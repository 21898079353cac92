# The loan API on ECS Fargate in the application subnets, three tasks over three zones.
# The container runs as an unprivileged user with a read-only root filesystem (scratch
# space only at /tmp) and drops every Linux capability. It holds no database password:
# it signs in to Aurora as `loan_api` with IAM authentication tokens of its task role.

resource "aws_ecr_repository" "app" {
  name                 = "${local.name}/loan-api"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.data.arn
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = local.app_log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_ecs_cluster" "this" {
  name = local.ecs_cluster_name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_task_definition" "app" {
  family                   = "${local.name}-loan-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.app_task_cpu
  memory                   = var.app_task_memory
  execution_role_arn       = aws_iam_role.task_execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }

  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([
    {
      name                   = "loan-api"
      image                  = "${aws_ecr_repository.app.repository_url}:${var.app_image_tag}"
      essential              = true
      user                   = "10001:10001"
      privileged             = false
      readonlyRootFilesystem = true

      linuxParameters = {
        initProcessEnabled = true
        capabilities = {
          drop = ["ALL"]
        }
      }

      portMappings = [
        {
          name          = "http"
          containerPort = var.app_port
          protocol      = "tcp"
        },
      ]

      mountPoints = [
        {
          sourceVolume  = "tmp"
          containerPath = "/tmp"
          readOnly      = false
        },
      ]

      environment = [
        { name = "APP_ENV", value = var.environment },
        { name = "DB_AUTH", value = "iam" },
        { name = "DB_HOST", value = aws_rds_cluster.this.endpoint },
        { name = "DB_NAME", value = var.database_name },
        { name = "DB_PORT", value = "3306" },
        { name = "DB_TLS", value = "VERIFY_IDENTITY" },
        { name = "DB_USER", value = "loan_api" },
        { name = "PORT", value = tostring(var.app_port) },
      ]

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.app.name
          awslogs-region        = local.region
          awslogs-stream-prefix = "loan-api"
        }
      }
    },
  ])
}

resource "aws_ecs_service" "app" {
  name                               = "loan-api"
  cluster                            = aws_ecs_cluster.this.arn
  task_definition                    = aws_ecs_task_definition.app.arn
  desired_count                      = var.app_desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  health_check_grace_period_seconds  = 60
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  enable_execute_command             = false

  network_configuration {
    subnets          = aws_subnet.app[*].id
    security_groups  = [aws_security_group.app.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = "loan-api"
    container_port   = var.app_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  depends_on = [aws_lb_listener.https]
}
