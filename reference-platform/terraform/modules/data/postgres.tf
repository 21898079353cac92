# RDS for PostgreSQL in the data subnets: encrypted with the data key, TLS forced by its
# parameter group, reachable only from the app tier's security group, its master password
# kept and rotated by RDS in Secrets Manager.

resource "aws_db_subnet_group" "this" {
  name        = var.name
  description = "Data subnets of ${var.name}"
  subnet_ids  = var.subnet_ids
}

resource "aws_db_parameter_group" "postgres" {
  name_prefix = "${var.name}-postgres${var.postgres_major_version}-"
  family      = "postgres${var.postgres_major_version}"
  description = "PostgreSQL ${var.postgres_major_version} of ${var.name}: TLS 1.2+ only, connections logged"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "ssl_min_protocol_version"
    value = "TLSv1.2"
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "log_disconnections"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# RDS would create these on first export, unencrypted and kept forever.
resource "aws_cloudwatch_log_group" "postgres" {
  for_each = toset(["postgresql", "upgrade"])

  name              = "/aws/rds/instance/${var.name}-postgres/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arns.logs
}

resource "aws_db_instance" "postgres" {
  identifier     = "${var.name}-postgres"
  engine         = "postgres"
  engine_version = var.postgres_major_version
  instance_class = var.db_instance_class
  port           = var.postgres_port
  db_name        = var.database_name

  allocated_storage     = var.db_allocated_storage_gb
  max_allocated_storage = var.db_max_allocated_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arns.data

  username                            = "platform_admin"
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = var.kms_key_arns.secrets
  iam_database_authentication_enabled = true

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [var.security_group_ids.rds]
  parameter_group_name   = aws_db_parameter_group.postgres.name
  publicly_accessible    = false
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  multi_az                  = var.db_multi_az
  backup_retention_period   = var.db_backup_retention_days
  backup_window             = "02:00-03:00"
  maintenance_window        = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot     = true
  delete_automated_backups  = false
  deletion_protection       = var.db_deletion_protection
  skip_final_snapshot       = false
  final_snapshot_identifier = "${var.name}-postgres-final"

  auto_minor_version_upgrade = true
  apply_immediately          = false

  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_arns.data
  performance_insights_retention_period = 7
  monitoring_interval                   = 60
  monitoring_role_arn                   = var.monitoring_role_arn
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]

  tags = {
    Name = "${var.name}-postgres"
    # Also a provider default tag. Repeated on the database because it decides which
    # controls apply (a production database must be Multi-AZ, protected, backed up for a
    # week), and scanners of the source read the resource's own tags, not the provider's.
    Environment = var.environment
  }

  depends_on = [aws_cloudwatch_log_group.postgres]
}
