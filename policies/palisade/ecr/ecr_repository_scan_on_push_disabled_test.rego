package palisade.ecr.ecr_repository_scan_on_push_disabled_test

import data.palisade.ecr.ecr_repository_scan_on_push_disabled as policy

_repo(fields) := object.union({"id": "aws_ecr_repository.api", "path": [], "kind": "ecr_repository", "name": "acme/api", "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}

test_deny_scan_switched_off_at_the_setting if {
	s := _repo({"scan_on_push": false, "sources": {"scan_on_push": {"id": "aws_ecr_repository.api", "path": ["image_scanning_configuration", 0, "scan_on_push"]}}})
	d := policy.deny with input as _input(s)
	d == {{"resource": "aws_ecr_repository.api", "path": ["image_scanning_configuration", 0, "scan_on_push"], "message": "scan on push is switched off, so pushed images are not scanned for vulnerabilities"}}
}

test_deny_scan_not_configured if {
	d := policy.deny with input as _input(_repo({}))
	d == {{"resource": "aws_ecr_repository.api", "path": [], "message": "images are not scanned on push: neither the repository nor a registry scanning rule asks for it, and ECR leaves scanning off by default"}}
}

test_allow_scan_on_push if {
	d := policy.deny with input as _input(_repo({"scan_on_push": true}))
	count(d) == 0
}

test_undecided_when_unknown if {
	s := _repo({"unknown": ["scan_on_push"]})
	u := policy.undecided with input as _input(s)
	count(u) == 1
	d := policy.deny with input as _input(s)
	count(d) == 0
}
