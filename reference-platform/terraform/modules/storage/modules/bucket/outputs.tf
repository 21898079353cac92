output "id" {
  description = "Name of the bucket, once its policy is in place (services that deliver into the bucket check the policy when they are configured)."
  value       = aws_s3_bucket.this.id

  depends_on = [aws_s3_bucket_policy.this]
}

output "arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}
