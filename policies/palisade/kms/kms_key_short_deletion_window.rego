# METADATA
# title: KMS key can be deleted after a short waiting period
# description: |
#   Deleting a KMS key destroys its key material, and with it every piece of data the
#   key encrypted: database snapshots, backups, secrets, objects. The only safety net is
#   the waiting period between scheduling the deletion and carrying it out, during which
#   the deletion can be cancelled. A short window (AWS allows 7 days) may not be long
#   enough for anyone to notice a mistaken or malicious deletion. The minimum is data
#   (`data.palisade.kms.min_deletion_window_days`, default 30, the AWS maximum); when
#   no window is declared AWS uses 30 days. The window is an argument of the request
#   that schedules a deletion, not a setting a key keeps: a live key (AWS Config,
#   `aws kms describe-key`) has none unless it is already scheduled for deletion, and
#   then only its deletion date. So the rule does not apply to live exports, has no
#   fixtures in their formats, and never reports a live key.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
#     description: Deleting AWS KMS keys (the waiting period)
# custom:
#   id: PAL-KMS-002
#   severity: low
#   remediation: >-
#     Set `deletion_window_in_days = 30` (Terraform) or `PendingWindowInDays: 30`
#     (CloudFormation), or leave it unset to get the 30-day default.
#   family: encryption
#   reads: [kms_keys]
#   formats: [plan, cfn, hcl, state]
package palisade.kms.kms_key_short_deletion_window

import data.palisade.lib.result

_min := data.palisade.kms.min_deletion_window_days

deny contains finding if {
	some key in input.aws.kms_keys
	key.deletion_window_days < _min
	finding := result.of(key, sprintf("deletion waiting period is %d days; at least %d required", [key.deletion_window_days, _min]))
}

undecided contains finding if {
	some key in input.aws.kms_keys
	"deletion_window_days" in key.unknown
	finding := result.of(key, "cannot decide the deletion waiting period: deletion_window_days unknown until apply")
}
