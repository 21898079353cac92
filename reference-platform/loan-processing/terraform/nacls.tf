# Network ACLs, one per layer. They are stateless: the public and application ACLs admit
# the ephemeral range 1024-65535 from anywhere for the replies to the connections their
# subnets open; the security groups close it.

locals {
  public_acl_rules = {
    https_in   = { rule_number = 100, egress = false, protocol = "tcp", cidr_block = "0.0.0.0/0", from_port = 443, to_port = 443 }
    replies_in = { rule_number = 200, egress = false, protocol = "tcp", cidr_block = "0.0.0.0/0", from_port = 1024, to_port = 65535 }
    all_out    = { rule_number = 100, egress = true, protocol = "-1", cidr_block = "0.0.0.0/0", from_port = 0, to_port = 0 }
  }

  app_acl_rules = {
    vpc_in     = { rule_number = 100, egress = false, protocol = "-1", cidr_block = var.vpc_cidr, from_port = 0, to_port = 0 }
    replies_in = { rule_number = 200, egress = false, protocol = "tcp", cidr_block = "0.0.0.0/0", from_port = 1024, to_port = 65535 }
    vpc_out    = { rule_number = 100, egress = true, protocol = "-1", cidr_block = var.vpc_cidr, from_port = 0, to_port = 0 }
    https_out  = { rule_number = 200, egress = true, protocol = "tcp", cidr_block = "0.0.0.0/0", from_port = 443, to_port = 443 }
  }

  # MySQL in from each application subnet, the replies back to it; nothing else.
  database_acl_rules = merge(
    {
      for i, cidr in var.app_subnet_cidrs : "mysql_in_${i}" => {
        rule_number = 100 + i, egress = false, protocol = "tcp", cidr_block = cidr, from_port = 3306, to_port = 3306
      }
    },
    {
      for i, cidr in var.app_subnet_cidrs : "replies_out_${i}" => {
        rule_number = 100 + i, egress = true, protocol = "tcp", cidr_block = cidr, from_port = 1024, to_port = 65535
      }
    },
  )
}

resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.public[*].id

  tags = {
    Name = "${local.name}-public"
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
    Name = "${local.name}-app"
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

resource "aws_network_acl" "database" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.database[*].id

  tags = {
    Name = "${local.name}-database"
  }
}

resource "aws_network_acl_rule" "database" {
  for_each = local.database_acl_rules

  network_acl_id = aws_network_acl.database.id
  rule_number    = each.value.rule_number
  egress         = each.value.egress
  protocol       = each.value.protocol
  rule_action    = "allow"
  cidr_block     = each.value.cidr_block
  from_port      = each.value.from_port
  to_port        = each.value.to_port
}
