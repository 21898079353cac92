# Backend settings of the dev root module, completed at init with the account's state
# bucket (created by the storage module; see the README for the first apply):
#
#   terraform init -backend-config=backend.hcl \
#     -backend-config="bucket=acme-dev-tfstate-$(aws sts get-caller-identity --query Account --output text)"

key            = "platform/terraform.tfstate"
region         = "eu-west-1"
dynamodb_table = "acme-dev-terraform-locks"
encrypt        = true
kms_key_id     = "alias/acme-dev-storage"
