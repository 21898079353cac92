# The application's secrets, encrypted with the secrets key. ECS injects them into the
# containers when a task starts (the task definition names them under `secrets`, never
# under `environment`). The RDS master user secret is created and rotated by RDS itself
# (manage_master_user_password in the data module), with the same key.
#
# The generated values pass through Terraform state, which lives in the state bucket,
# encrypted with the storage key and readable only by the platform administrators.

resource "random_password" "db_app_user" {
  length  = 40
  special = false
}

resource "random_password" "redis_auth" {
  # ElastiCache AUTH tokens: 16-128 printable characters; letters and digits avoid the
  # characters it refuses.
  length  = 64
  special = false
}

resource "random_password" "app_secret_key" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "db_app_user" {
  name                    = "${var.name}/db/app-user"
  description             = "PostgreSQL credentials of the application's own database user (created by the schema migrations, not the master user)"
  kms_key_id              = aws_kms_key.this["secrets"].arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "db_app_user" {
  secret_id = aws_secretsmanager_secret.db_app_user.id
  secret_string = jsonencode({
    username = "app"
    password = random_password.db_app_user.result
  })
}

resource "aws_secretsmanager_secret" "redis_auth" {
  name                    = "${var.name}/redis/auth-token"
  description             = "AUTH token of the Redis replication group ${var.resource_names.redis_replication_group}"
  kms_key_id              = aws_kms_key.this["secrets"].arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "redis_auth" {
  secret_id     = aws_secretsmanager_secret.redis_auth.id
  secret_string = random_password.redis_auth.result

  lifecycle {
    # The rotation function (iam_lambda.tf) replaces the value after the first apply.
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret" "app_secret_key" {
  name                    = "${var.name}/app/secret-key"
  description             = "Key the application signs its session cookies with"
  kms_key_id              = aws_kms_key.this["secrets"].arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "app_secret_key" {
  secret_id     = aws_secretsmanager_secret.app_secret_key.id
  secret_string = random_password.app_secret_key.result
}
