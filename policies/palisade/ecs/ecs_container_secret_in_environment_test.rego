package palisade.ecs.ecs_container_secret_in_environment_test

import data.palisade.ecs.ecs_container_secret_in_environment as policy

_env(name, fields) := object.union({"id": "AppTask", "path": ["ContainerDefinitions", 0, "Environment", 0], "name": name, "unknown": []}, fields)

_input(envs) := {"aws": {"ecs_task_definitions": [{"id": "AppTask", "path": [], "unknown": [], "containers": [{"id": "AppTask", "path": ["ContainerDefinitions", 0], "name": "app", "environment": envs, "secrets": [], "unknown": [], "sources": {}}]}]}}

test_deny_password_in_environment if {
	d := policy.deny with input as _input([_env("DB_PASSWORD", {"value": "hunter2"})])
	d == {{"resource": "AppTask", "path": ["ContainerDefinitions", 0, "Environment", 0], "message": "environment variable `DB_PASSWORD` of container `app` holds a secret in plain text in the task definition"}}
}

test_deny_other_secret_shapes if {
	d := policy.deny with input as _input([
		_env("stripe-api-key", {"value": "sk_live_x"}),
		_env("GITHUB_TOKEN", {"value": "ghp_x"}),
		_env("AWS_ACCESS_KEY_ID", {"value": "AKIAEXAMPLE"}),
		_env("OAUTH_CLIENT_SECRET", {"value": "x"}),
	])
	count(d) == 4
}

test_allow_pointers_and_plain_settings if {
	d := policy.deny with input as _input([
		_env("DB_PASSWORD_ARN", {"value": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"}),
		_env("TOKEN_URL", {"value": "https://auth.example.com/token"}),
		_env("SECRET_NAME", {"value": "prod/db"}),
		_env("LOG_LEVEL", {"value": "info"}),
		_env("TOKENIZER", {"value": "bpe"}),
		_env("DB_PASSWORD", {"value": ""}),
	])
	count(d) == 0
}

test_undecided_when_value_unknown if {
	e := _env("DB_PASSWORD", {"unknown": ["value"]})
	u := policy.undecided with input as _input([e])
	u == {{"resource": "AppTask", "path": ["ContainerDefinitions", 0, "Environment", 0], "message": "cannot decide whether an environment variable of container `app` holds a secret: its name or value is unknown until apply"}}
	d := policy.deny with input as _input([e])
	count(d) == 0
}

test_allow_unknown_value_of_plain_setting if {
	u := policy.undecided with input as _input([_env("LOG_LEVEL", {"unknown": ["value"]})])
	count(u) == 0
}
