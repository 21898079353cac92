# The application on ECS Fargate in the private application subnets. The container runs
# as an unprivileged user with a read-only root filesystem (writable scratch space only at
# /tmp), drops every Linux capability, and gets its credentials from Secrets Manager at
# start, never as plain environment values.

data "aws_region" "current" {}

resource "aws_ecs_cluster" "this" {
  name = var.resource_names.ecs_cluster

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  configuration {
    managed_storage_configuration {
      fargate_ephemeral_storage_kms_key_id = var.kms_key_arns.data
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = 1
    weight            = 1
  }
}

resource "aws_ecs_task_definition" "app" {
  family                   = var.resource_names.ecs_task_family
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = var.task_role_arns.task_execution
  task_role_arn            = var.task_role_arns.task

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # Task-scoped scratch space, the only writable path of the container.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([
    {
      name                   = "app"
      image                  = "${aws_ecr_repository.app.repository_url}:${var.image_tag}"
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
        { name = "DB_HOST", value = var.database.host },
        { name = "DB_NAME", value = var.database.name },
        { name = "DB_PORT", value = tostring(var.database.port) },
        { name = "DB_SSLMODE", value = "verify-full" },
        { name = "METRICS_NAMESPACE", value = var.resource_names.metrics_namespace },
        { name = "PORT", value = tostring(var.app_port) },
        { name = "REDIS_HOST", value = var.redis.host },
        { name = "REDIS_PORT", value = tostring(var.redis.port) },
        { name = "REDIS_TLS", value = "true" },
      ]

      secrets = [
        { name = "APP_SECRET_KEY", valueFrom = var.secret_arns.app_secret_key },
        { name = "DB_PASSWORD", valueFrom = "${var.secret_arns.db_app_user}:password::" },
        { name = "DB_USERNAME", valueFrom = "${var.secret_arns.db_app_user}:username::" },
        { name = "REDIS_AUTH_TOKEN", valueFrom = var.secret_arns.redis_auth },
      ]

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = var.resource_names.app_log_group
          awslogs-region        = data.aws_region.current.name
          awslogs-stream-prefix = "app"
        }
      }
    },
  ])
}

resource "aws_ecs_service" "app" {
  name                               = var.resource_names.ecs_service
  cluster                            = aws_ecs_cluster.this.arn
  task_definition                    = aws_ecs_task_definition.app.arn
  desired_count                      = var.desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  health_check_grace_period_seconds  = 60
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  enable_execute_command             = false
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"

  network_configuration {
    subnets          = var.app_subnet_ids
    security_groups  = [var.security_group_ids.app]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = "app"
    container_port   = var.app_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    # CI rolls out new task definition revisions; autoscaling moves the task count.
    ignore_changes = [task_definition, desired_count]
  }

  depends_on = [aws_lb_listener.https]
}

resource "aws_appautoscaling_target" "app" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.app.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_count
  max_capacity       = var.max_count
}

resource "aws_appautoscaling_policy" "app_cpu" {
  name               = "${var.name}-app-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.app.service_namespace
  resource_id        = aws_appautoscaling_target.app.resource_id
  scalable_dimension = aws_appautoscaling_target.app.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = 60
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
