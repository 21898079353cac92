output "bucket_ids" {
  description = "Names of the buckets: state, backups, audit_logs, alb_logs."
  value = {
    state      = module.state_bucket.id
    backups    = module.backups_bucket.id
    audit_logs = module.audit_logs_bucket.id
    alb_logs   = module.alb_logs_bucket.id
  }
}

output "bucket_arns" {
  description = "ARNs of the buckets: state, backups, audit_logs, alb_logs."
  value = {
    state      = module.state_bucket.arn
    backups    = module.backups_bucket.arn
    audit_logs = module.audit_logs_bucket.arn
    alb_logs   = module.alb_logs_bucket.arn
  }
}

output "lock_table_name" {
  description = "Name of the DynamoDB table that locks the Terraform state."
  value       = aws_dynamodb_table.terraform_locks.name
}

output "alb_log_prefix" {
  description = "Key prefix under which the load balancer delivers its access logs."
  value       = local.alb_log_prefix
}

output "audit_log_prefixes" {
  description = "Key prefixes of the audit log bucket: cloudtrail, config."
  value       = local.audit_log_prefixes
}
