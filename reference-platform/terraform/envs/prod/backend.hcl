# Backend settings of the prod root module, completed at init with the account's state
# bucket (created by the storage module; see the README for the first apply):
#
#   terraform init -backend-config=backend.hcl \
#     -backend-config="bucket=acme-prod-tfstate-$(aws sts get-caller-identity --query Account --output text)"

key            = "platform/terraform.tfstate"
region         = "eu-west-1"
dynamodb_table = "acme-prod-terraform-locks"
encrypt        = true
kms_key_id     = "alias/acme-prod-storage"
