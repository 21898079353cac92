terraform {
  # 1.6.1: the S3 backend takes a KMS key alias (backend.hcl).
  required_version = ">= 1.6.1"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # Partial configuration: the bucket name holds the account id, so it is given at init
  # (see backend.hcl and the README).
  backend "s3" {}
}
