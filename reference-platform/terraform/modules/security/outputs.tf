output "kms_key_arns" {
  description = "ARNs of the customer managed keys, by purpose: logs, data, secrets, storage, alerts."
  value       = { for purpose, key in aws_kms_key.this : purpose => key.arn }
}

output "secret_arns" {
  description = "ARNs of the application's Secrets Manager secrets: db_app_user, redis_auth, app_secret_key."
  value = {
    db_app_user    = aws_secretsmanager_secret.db_app_user.arn
    redis_auth     = aws_secretsmanager_secret.redis_auth.arn
    app_secret_key = aws_secretsmanager_secret.app_secret_key.arn
  }
}

output "redis_auth_token" {
  description = "Initial AUTH token of the Redis replication group (also in the redis_auth secret)."
  value       = random_password.redis_auth.result
  sensitive   = true
}

output "role_arns" {
  description = "ARNs of the IAM roles: task_execution, task, github_deploy, redis_auth_rotation, rds_monitoring."
  value = {
    task_execution      = aws_iam_role.task_execution.arn
    task                = aws_iam_role.task.arn
    github_deploy       = aws_iam_role.github_deploy.arn
    redis_auth_rotation = aws_iam_role.redis_auth_rotation.arn
    rds_monitoring      = aws_iam_role.rds_monitoring.arn
  }
}

output "web_acl_arn" {
  description = "ARN of the WAF web ACL for the public load balancer."
  value       = aws_wafv2_web_acl.this.arn
}
