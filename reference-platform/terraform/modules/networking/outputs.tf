output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "IPv4 CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "IDs of the public subnets, one per Availability Zone."
  value       = aws_subnet.public[*].id
}

output "app_subnet_ids" {
  description = "IDs of the private application subnets, one per Availability Zone."
  value       = aws_subnet.app[*].id
}

output "data_subnet_ids" {
  description = "IDs of the data subnets, one per Availability Zone."
  value       = aws_subnet.data[*].id
}

output "security_group_ids" {
  description = "IDs of the tier security groups: alb, app, rds, redis, endpoints."
  value = {
    alb       = aws_security_group.alb.id
    app       = aws_security_group.app.id
    rds       = aws_security_group.rds.id
    redis     = aws_security_group.redis.id
    endpoints = aws_security_group.endpoints.id
  }
}

output "nat_public_ips" {
  description = "Public IPv4 addresses the application tier's internet traffic leaves from (for partners' allow lists)."
  value       = aws_eip.nat[*].public_ip
}

output "flow_log_group_name" {
  description = "CloudWatch log group of the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}
