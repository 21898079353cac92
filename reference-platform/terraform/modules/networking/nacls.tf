# Network ACLs, one per tier. They are stateless, so every tier admits the replies to the
# connections it opens on the ephemeral ports 1024-65535. For the public and application
# tiers those replies come from anywhere on the internet, so their ACLs admit that range
# from 0.0.0.0/0; the security groups (stateful) are what keep those ports closed to new
# connections. The data tier talks to the application subnets only, in both directions.
#
#   public  in:  443, 80, ephemeral from anywhere      out: everything
#   app     in:  the VPC, ephemeral from anywhere      out: the VPC, 443 to anywhere
#   data    in:  5432 and 6379 from the app subnets    out: ephemeral to the app subnets
#
# Anything not allowed falls to the implicit final deny.

locals {
  ephemeral_ports = { from = 1024, to = 65535 }

  public_acl_rules = {
    https_in = {
      rule_number = 100
      egress      = false
      protocol    = "tcp"
      from_port   = 443
      to_port     = 443
      cidr_block  = "0.0.0.0/0"
    }
    http_in = {
      rule_number = 110
      egress      = false
      protocol    = "tcp"
      from_port   = 80
      to_port     = 80
      cidr_block  = "0.0.0.0/0"
    }
    ephemeral_in = {
      rule_number = 120
      egress      = false
      protocol    = "tcp"
      from_port   = local.ephemeral_ports.from
      to_port     = local.ephemeral_ports.to
      cidr_block  = "0.0.0.0/0"
    }
    all_out = {
      rule_number = 100
      egress      = true
      protocol    = "-1"
      from_port   = 0
      to_port     = 0
      cidr_block  = "0.0.0.0/0"
    }
  }

  app_acl_rules = {
    vpc_in = {
      rule_number = 100
      egress      = false
      protocol    = "-1"
      from_port   = 0
      to_port     = 0
      cidr_block  = var.vpc_cidr
    }
    ephemeral_in = {
      rule_number = 110
      egress      = false
      protocol    = "tcp"
      from_port   = local.ephemeral_ports.from
      to_port     = local.ephemeral_ports.to
      cidr_block  = "0.0.0.0/0"
    }
    vpc_out = {
      rule_number = 100
      egress      = true
      protocol    = "-1"
      from_port   = 0
      to_port     = 0
      cidr_block  = var.vpc_cidr
    }
    https_out = {
      rule_number = 110
      egress      = true
      protocol    = "tcp"
      from_port   = 443
      to_port     = 443
      cidr_block  = "0.0.0.0/0"
    }
  }

  # One entry per application subnet and port: PostgreSQL at 100-, Redis at 200-, and the
  # replies to the application subnets at 100- on the way out.
  data_acl_rules = merge(
    {
      for i, cidr in var.app_subnet_cidrs : "postgres_in_${i}" => {
        rule_number = 100 + i
        egress      = false
        protocol    = "tcp"
        from_port   = var.postgres_port
        to_port     = var.postgres_port
        cidr_block  = cidr
      }
    },
    {
      for i, cidr in var.app_subnet_cidrs : "redis_in_${i}" => {
        rule_number = 200 + i
        egress      = false
        protocol    = "tcp"
        from_port   = var.redis_port
        to_port     = var.redis_port
        cidr_block  = cidr
      }
    },
    {
      for i, cidr in var.app_subnet_cidrs : "ephemeral_out_${i}" => {
        rule_number = 100 + i
        egress      = true
        protocol    = "tcp"
        from_port   = local.ephemeral_ports.from
        to_port     = local.ephemeral_ports.to
        cidr_block  = cidr
      }
    },
  )
}

resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.public[*].id

  tags = {
    Name = "${var.name}-public"
    Tier = "public"
  }
}

resource "aws_network_acl_rule" "public" {
  for_each = local.public_acl_rules

  network_acl_id = aws_network_acl.public.id
  rule_number    = each.value.rule_number
  egress         = each.value.egress
  protocol       = each.value.protocol
  rule_action    = "allow"
  cidr_block     = each.value.cidr_block
  from_port      = each.value.from_port
  to_port        = each.value.to_port
}

resource "aws_network_acl" "app" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.app[*].id

  tags = {
    Name = "${var.name}-app"
    Tier = "app"
  }
}

resource "aws_network_acl_rule" "app" {
  for_each = local.app_acl_rules

  network_acl_id = aws_network_acl.app.id
  rule_number    = each.value.rule_number
  egress         = each.value.egress
  protocol       = each.value.protocol
  rule_action    = "allow"
  cidr_block     = each.value.cidr_block
  from_port      = each.value.from_port
  to_port        = each.value.to_port
}

resource "aws_network_acl" "data" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.data[*].id

  tags = {
    Name = "${var.name}-data"
    Tier = "data"
  }
}

resource "aws_network_acl_rule" "data" {
  for_each = local.data_acl_rules

  network_acl_id = aws_network_acl.data.id
  rule_number    = each.value.rule_number
  egress         = each.value.egress
  protocol       = each.value.protocol
  rule_action    = "allow"
  cidr_block     = each.value.cidr_block
  from_port      = each.value.from_port
  to_port        = each.value.to_port
}
