package palisade.ecr.ecr_repository_tags_mutable_test

import data.palisade.ecr.ecr_repository_tags_mutable as policy

_repo(fields) := object.union({"id": "AppRepository", "path": [], "kind": "ecr_repository", "name": "acme/api", "unknown": [], "sources": {}}, fields)

_input(store) := {"aws": {"data_stores": [store]}}

test_deny_default_mutable if {
	d := policy.deny with input as _input(_repo({}))
	d == {{"resource": "AppRepository", "path": [], "message": "image tags are mutable (ECR's default), so a push can replace the image behind an existing tag"}}
}

test_deny_declared_mutable_at_the_setting if {
	s := _repo({"tag_mutability": "MUTABLE_WITH_EXCLUSION", "sources": {"tag_mutability": {"id": "AppRepository", "path": ["ImageTagMutability"]}}})
	d := policy.deny with input as _input(s)
	d == {{"resource": "AppRepository", "path": ["ImageTagMutability"], "message": "image tags are MUTABLE_WITH_EXCLUSION, so a push can replace the image behind an existing tag"}}
}

test_allow_immutable if {
	d1 := policy.deny with input as _input(_repo({"tag_mutability": "IMMUTABLE"}))
	count(d1) == 0
	d2 := policy.deny with input as _input(_repo({"tag_mutability": "IMMUTABLE_WITH_EXCLUSION"}))
	count(d2) == 0
}

test_undecided_when_unknown if {
	s := _repo({"unknown": ["tag_mutability"]})
	u := policy.undecided with input as _input(s)
	count(u) == 1
	d := policy.deny with input as _input(s)
	count(d) == 0
}
