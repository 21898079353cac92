output "postgres_address" {
  description = "DNS name of the PostgreSQL endpoint."
  value       = aws_db_instance.postgres.address
}

output "postgres_port" {
  description = "TCP port of the PostgreSQL endpoint."
  value       = aws_db_instance.postgres.port
}

output "postgres_instance_id" {
  description = "Identifier of the RDS instance."
  value       = aws_db_instance.postgres.identifier
}

output "postgres_master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret RDS keeps the master user's password in."
  value       = aws_db_instance.postgres.master_user_secret[0].secret_arn
}

output "redis_primary_endpoint" {
  description = "DNS name of the Redis primary endpoint (TLS)."
  value       = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "redis_reader_endpoint" {
  description = "DNS name of the Redis reader endpoint (TLS)."
  value       = aws_elasticache_replication_group.redis.reader_endpoint_address
}

output "redis_port" {
  description = "TCP port of the Redis endpoints."
  value       = aws_elasticache_replication_group.redis.port
}
