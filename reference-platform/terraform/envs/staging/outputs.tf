output "app_url" {
  description = "URL of the application."
  value       = module.compute.app_url
}

output "alb_dns_name" {
  description = "DNS name of the public load balancer."
  value       = module.compute.alb_dns_name
}

output "ecr_repository_url" {
  description = "Repository CI pushes the application image to."
  value       = module.compute.ecr_repository_url
}

output "github_deploy_role_arn" {
  description = "Role the application's GitHub Actions workflows assume (aws-actions/configure-aws-credentials role-to-assume)."
  value       = module.security.role_arns.github_deploy
}

output "ecs_cluster_name" {
  description = "ECS cluster of the application."
  value       = module.compute.ecs_cluster_name
}

output "ecs_service_name" {
  description = "ECS service of the application."
  value       = module.compute.ecs_service_name
}

output "task_definition_family" {
  description = "Task definition family CI registers new revisions of."
  value       = module.compute.task_definition_family
}

output "nat_public_ips" {
  description = "Addresses the application's outbound traffic leaves from."
  value       = module.networking.nat_public_ips
}

output "state_bucket" {
  description = "Bucket of this environment's Terraform state (the backend's bucket)."
  value       = module.storage.bucket_ids.state
}

output "lock_table" {
  description = "DynamoDB table that locks this environment's Terraform state."
  value       = module.storage.lock_table_name
}

output "postgres_master_user_secret_arn" {
  description = "Secret holding the database master password (RDS rotates it)."
  value       = module.data.postgres_master_user_secret_arn
}
