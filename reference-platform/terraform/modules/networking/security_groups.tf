# One security group per tier, tagged with its tier (the `Tier` tag palisade's traffic
# matrix reads), and only the edges of the matrix:
#
#   internet  -> alb        443, 80 (80 only redirects to 443)
#   alb       -> app        app port
#   app       -> rds        5432
#   app       -> redis      6379
#   app       -> endpoints  443
#   app       -> internet   443 (through the NAT gateways and the S3 gateway endpoint)
#
# The data tiers (rds, redis) and the endpoints open no connection, so their groups have no
# egress rule at all (Terraform removes the allow-all rule AWS adds to a new group).
# Every rule is its own resource, so a change to one rule never replaces the others.

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Public Application Load Balancer"
  vpc_id      = aws_vpc.this.id

  tags = {
    Name = "${var.name}-alb"
    Tier = "alb"
  }
}

resource "aws_security_group" "app" {
  name        = "${var.name}-app"
  description = "Application tasks on ECS Fargate"
  vpc_id      = aws_vpc.this.id

  tags = {
    Name = "${var.name}-app"
    Tier = "app"
  }
}

resource "aws_security_group" "rds" {
  name        = "${var.name}-rds"
  description = "PostgreSQL database"
  vpc_id      = aws_vpc.this.id

  tags = {
    Name = "${var.name}-rds"
    Tier = "rds"
  }
}

resource "aws_security_group" "redis" {
  name        = "${var.name}-redis"
  description = "Redis replication group"
  vpc_id      = aws_vpc.this.id

  tags = {
    Name = "${var.name}-redis"
    Tier = "redis"
  }
}

resource "aws_security_group" "endpoints" {
  name        = "${var.name}-endpoints"
  description = "VPC interface endpoints of AWS services"
  vpc_id      = aws_vpc.this.id

  tags = {
    Name = "${var.name}-endpoints"
    Tier = "endpoints"
  }
}

# --- alb ---------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from the internet"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = {
    Name = "${var.name}-alb-https-from-internet"
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTP from the internet, answered only with a redirect to HTTPS"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"

  tags = {
    Name = "${var.name}-alb-http-from-internet"
  }
}

resource "aws_vpc_security_group_egress_rule" "alb_to_app" {
  security_group_id            = aws_security_group.alb.id
  description                  = "Requests and health checks to the application tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.app.id

  tags = {
    Name = "${var.name}-alb-to-app"
  }
}

# --- app ---------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "app_from_alb" {
  security_group_id            = aws_security_group.app.id
  description                  = "Requests and health checks from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.alb.id

  tags = {
    Name = "${var.name}-app-from-alb"
  }
}

resource "aws_vpc_security_group_egress_rule" "app_to_rds" {
  security_group_id            = aws_security_group.app.id
  description                  = "PostgreSQL"
  ip_protocol                  = "tcp"
  from_port                    = var.postgres_port
  to_port                      = var.postgres_port
  referenced_security_group_id = aws_security_group.rds.id

  tags = {
    Name = "${var.name}-app-to-rds"
  }
}

resource "aws_vpc_security_group_egress_rule" "app_to_redis" {
  security_group_id            = aws_security_group.app.id
  description                  = "Redis over TLS"
  ip_protocol                  = "tcp"
  from_port                    = var.redis_port
  to_port                      = var.redis_port
  referenced_security_group_id = aws_security_group.redis.id

  tags = {
    Name = "${var.name}-app-to-redis"
  }
}

resource "aws_vpc_security_group_egress_rule" "app_to_endpoints" {
  security_group_id            = aws_security_group.app.id
  description                  = "HTTPS to the VPC interface endpoints (ECR, Secrets Manager, KMS, CloudWatch Logs, STS)"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.endpoints.id

  tags = {
    Name = "${var.name}-app-to-endpoints"
  }
}

resource "aws_vpc_security_group_egress_rule" "app_https_out" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS to S3 through the gateway endpoint and to external APIs through the NAT gateways"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = {
    Name = "${var.name}-app-https-out"
  }
}

# --- data tiers and endpoints: ingress from the app tier only --------------------------

resource "aws_vpc_security_group_ingress_rule" "rds_from_app" {
  security_group_id            = aws_security_group.rds.id
  description                  = "PostgreSQL from the application tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.postgres_port
  to_port                      = var.postgres_port
  referenced_security_group_id = aws_security_group.app.id

  tags = {
    Name = "${var.name}-rds-from-app"
  }
}

resource "aws_vpc_security_group_ingress_rule" "redis_from_app" {
  security_group_id            = aws_security_group.redis.id
  description                  = "Redis over TLS from the application tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.redis_port
  to_port                      = var.redis_port
  referenced_security_group_id = aws_security_group.app.id

  tags = {
    Name = "${var.name}-redis-from-app"
  }
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_app" {
  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from the application tasks"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.app.id

  tags = {
    Name = "${var.name}-endpoints-from-app"
  }
}
