# Every EBS volume created in this account and Region is encrypted with the data key,
# whoever creates it and however.

resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_ebs_default_kms_key" "this" {
  key_arn = aws_kms_key.this["data"].arn
}
