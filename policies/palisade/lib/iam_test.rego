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

# Each way `matches` compares: literal, a trailing `*`, and the general glob.
test_allow_matches_each_pattern_shape if {
	iam.matches("iam:PassRole", "iam:PassRole")
	not iam.matches("iam:PassRole", "iam:PassRoles")
	iam.matches("*", "")
	iam.matches("*", "anything:at all")
	iam.matches("s3:Get*", "s3:Get")
	not iam.matches("s3:Get*", "s3:Put")
	iam.matches("s3:*Object", "s3:GetObject")
	not iam.matches("s3:*Object", "s3:GetObjectAcl")
	iam.matches("a*b*", "aXbY")
	not iam.matches("a*b*", "aXcY")
	iam.matches("s3:Get?bject", "s3:GetObject")
	not iam.matches("s3:Get?", "s3:Get")
	iam.matches("s3:Get?*", "s3:GetObject")
	not iam.matches("s3:Get?*", "s3:Get")
	iam.matches("arn:aws:s3:::a.b/(x)", "arn:aws:s3:::a.b/(x)")
	iam.matches("arn:aws:s3:::a.b/*", "arn:aws:s3:::a.b/(x)")
	not iam.matches("arn:aws:s3:::a.*/x", "arn:aws:s3:::aXb/y")
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

# actions_matched and named_actions agree with action_matches and names_action.
test_allow_actions_matched_as_action_matches if {
	actions := {"iam:PassRole", "iam:CreateUser", "s3:GetObject"}
	iam.actions_matched("iam:passrole", actions) == {"iam:PassRole"}
	iam.actions_matched("IAM:*", actions) == {"iam:PassRole", "iam:CreateUser"}
	iam.actions_matched("*", actions) == actions
	iam.actions_matched("iam:?assRole", actions) == {"iam:PassRole"}
	iam.actions_matched("s3:*Object", actions) == {"s3:GetObject"}
	iam.actions_matched("ec2:RunInstances", actions) == set()
}

test_allow_named_actions_as_names_action if {
	actions := {"iam:PassRole", "iam:CreateUser", "s3:GetObject"}
	iam.named_actions({"actions": ["iam:Pass*"], "not_actions": [], "unknown": []}, actions) == {"iam:PassRole"}
	iam.named_actions({"actions": [], "not_actions": ["iam:*"], "unknown": []}, actions) == {"s3:GetObject"}
	iam.named_actions({"actions": [], "not_actions": ["iam:*"], "unknown": ["not_actions"]}, actions) == set()
}
