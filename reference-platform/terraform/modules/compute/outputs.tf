output "app_url" {
  description = "URL the application is served on."
  value       = "https://${var.domain_name}"
}

output "alb_dns_name" {
  description = "DNS name of the public load balancer."
  value       = aws_lb.this.dns_name
}

output "ecr_repository_url" {
  description = "URL CI pushes the application image to."
  value       = aws_ecr_repository.app.repository_url
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "ecs_service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.app.name
}

output "task_definition_family" {
  description = "Family of the application's task definition; CI registers new revisions of it."
  value       = aws_ecs_task_definition.app.family
}
