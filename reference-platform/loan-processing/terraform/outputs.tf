output "load_balancer_dns_name" {
  description = "DNS name of the load balancer (the CNAME target of the API's domain)."
  value       = aws_lb.this.dns_name
}

output "repository_url" {
  description = "ECR repository CI pushes the loan API image to."
  value       = aws_ecr_repository.app.repository_url
}

output "database_endpoint" {
  description = "Writer endpoint of the Aurora cluster."
  value       = aws_rds_cluster.this.endpoint
}

output "database_master_user_secret_arn" {
  description = "Secrets Manager secret RDS keeps the master password in."
  value       = aws_rds_cluster.this.master_user_secret[0].secret_arn
}
