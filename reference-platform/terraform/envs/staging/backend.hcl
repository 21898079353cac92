# Backend settings of the staging root module, completed at init with the account's state
# bucket (created by the storage module; see the README for the first apply):
#
#   terraform init -backend-config=backend.hcl \
#     -backend-config="bucket=acme-staging-tfstate-$(aws sts get-caller-identity --query Account --output text)"

key            = "platform/terraform.tfstate"
region         = "eu-west-1"
dynamodb_table = "acme-staging-terraform-locks"
encrypt        = true
kms_key_id     = "alias/acme-staging-storage"
