# Aurora MySQL Serverless v2 in the database subnets: storage, Performance Insights and
# the master user secret encrypted with the data key; TLS required of every client
# (require_secure_transport); IAM database authentication, so the application connects
# with short-lived tokens of its task role instead of a password; RDS keeps and rotates
# the master password in Secrets Manager. A writer and two readers, one per zone.

resource "aws_db_subnet_group" "this" {
  name        = "${local.name}-loans"
  description = "Database subnets of ${local.name}"
  subnet_ids  = aws_subnet.database[*].id
}

resource "aws_rds_cluster_parameter_group" "this" {
  name        = "${local.name}-aurora-mysql8"
  family      = "aurora-mysql8.0"
  description = "Loan database: TLS 1.2+ only"

  parameter {
    name  = "require_secure_transport"
    value = "ON"
  }

  parameter {
    name  = "tls_version"
    value = "TLSv1.2,TLSv1.3"
  }
}

resource "aws_rds_cluster" "this" {
  cluster_identifier                  = local.db_cluster_name
  engine                              = "aurora-mysql"
  engine_mode                         = "provisioned"
  engine_version                      = var.aurora_engine_version
  database_name                       = var.database_name
  master_username                     = "loans_admin"
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = aws_kms_key.data.arn
  iam_database_authentication_enabled = true
  db_subnet_group_name                = aws_db_subnet_group.this.name
  db_cluster_parameter_group_name     = aws_rds_cluster_parameter_group.this.name
  vpc_security_group_ids              = [aws_security_group.database.id]
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.data.arn
  backup_retention_period             = var.db_backup_retention_days
  preferred_backup_window             = "02:00-03:00"
  preferred_maintenance_window        = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot               = true
  deletion_protection                 = true
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "${local.db_cluster_name}-final"
  enabled_cloudwatch_logs_exports     = ["audit", "error", "slowquery"]

  serverlessv2_scaling_configuration {
    min_capacity = var.aurora_min_capacity
    max_capacity = var.aurora_max_capacity
  }

  tags = {
    Name = local.db_cluster_name
    # Also a provider default tag. Repeated on the database because it decides which
    # controls apply (a production database must have replicas, deletion protection and
    # a week of backups), and scanners of the source read the resource's own tags, not
    # the provider's.
    Environment = var.environment
  }

  depends_on = [aws_cloudwatch_log_group.database]
}

resource "aws_rds_cluster_instance" "this" {
  count = var.aurora_instance_count

  identifier                      = "${local.db_cluster_name}-${count.index + 1}"
  cluster_identifier              = aws_rds_cluster.this.id
  engine                          = aws_rds_cluster.this.engine
  engine_version                  = aws_rds_cluster.this.engine_version
  instance_class                  = "db.serverless"
  availability_zone               = var.availability_zones[count.index]
  publicly_accessible             = false
  auto_minor_version_upgrade      = true
  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.data.arn

  tags = {
    Name        = "${local.db_cluster_name}-${count.index + 1}"
    Environment = var.environment
  }
}

# The log groups RDS exports to, created first so they carry the retention and the key.
resource "aws_cloudwatch_log_group" "database" {
  for_each = toset(["audit", "error", "slowquery"])

  name              = "/aws/rds/cluster/${local.db_cluster_name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn
}
