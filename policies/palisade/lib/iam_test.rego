package palisade.lib.iam_test

import data.palisade.lib.iam

test_allow_glob_matching if {
	iam.action_matches("s3:*", "s3:GetObject")
	iam.action_matches("iam:Pass*", "iam:passrole")
	iam.action_matches("*", "iam:PassRole")
	iam.action_matches("iam:?assRole", "iam:PassRole")
	not iam.action_matches("iam:Pass", "iam:PassRole")
	not iam.action_matches("s3:*", "s3x:getobject")
	iam.matches("arn:aws:s3:::acme-*/*", "arn:aws:s3:::acme-logs/2024")
	not iam.matches("arn:aws:s3:::acme.logs", "arn:aws:s3:::acmeXlogs")
	not iam.matches("arn:aws:s3:::Acme", "arn:aws:s3:::acme")
}

test_allow_managed_policy_name if {
	iam.managed_policy_name("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess") == "ViewOnlyAccess"
	not iam.managed_policy_name("arn:aws:iam::111122223333:policy/AdministratorAccess")
}

test_allow_account_of if {
	iam.account_of("arn:aws:iam::111122223333:role/x") == "111122223333"
	iam.account_of("999988887777") == "999988887777"
	iam.is_account_root("arn:aws:iam::111122223333:root")
	not iam.is_account_root("arn:aws:iam::111122223333:role/x")
}
