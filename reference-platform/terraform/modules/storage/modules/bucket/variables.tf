variable "name" {
  description = "Globally unique bucket name."
  type        = string
}

variable "purpose" {
  description = "What the bucket holds, for its Purpose tag."
  type        = string
}

variable "sse_algorithm" {
  description = "Default encryption: \"aws:kms\" with the customer managed key, or \"AES256\" (SSE-S3) only for a bucket that a service can deliver to with SSE-S3 alone (Elastic Load Balancing access logs)."
  type        = string
  default     = "aws:kms"

  validation {
    condition     = contains(["aws:kms", "AES256"], var.sse_algorithm)
    error_message = "Use \"aws:kms\", or \"AES256\" where the writing service supports nothing else."
  }
}

variable "kms_key_arn" {
  description = "Customer managed key of the SSE-KMS default encryption (with sse_algorithm \"aws:kms\")."
  type        = string
  default     = null
}

variable "policy_documents" {
  description = "Further bucket policy documents (JSON), merged with the bucket's own statements: grants to the AWS services that deliver into the bucket."
  type        = list(string)
  default     = []
}

variable "transition_to_archive_days" {
  description = "Days after which current objects move to S3 Glacier Flexible Retrieval; null keeps them in S3 Standard."
  type        = number
  default     = null
}

variable "expiration_days" {
  description = "Days after which current objects expire; null keeps them."
  type        = number
  default     = null
}

variable "noncurrent_version_expiration_days" {
  description = "Days a version is kept once it has been overwritten or deleted."
  type        = number
}
