# Findings, built one way. A rule never writes the finding object by hand: it names the
# estate element (or the resource and path) the finding is about, and these helpers
# turn that into what palisade expects from `deny` and `undecided`:
#
#     {"resource": <resource id>, "path": [<key or index>, ...], "message": <text>}
#
# `resource` is the id of the resource the element was declared in and `path` the
# attribute path inside it, so the reporter can point at the exact line.
package palisade.lib.result

# at builds a finding on `path` inside the resource `resource_id`.
at(resource_id, path, message) := {"resource": resource_id, "path": path, "message": message}

# of builds a finding on an estate element: the element's own declaration.
of(element, message) := at(element.id, element.path, message)

# field builds a finding on one field of an element. When the element's `sources`
# names where that field was decided (an S3 bucket's encryption set by a separate
# resource, say), the finding points there; otherwise it points at the element.
field(element, name, message) := at(source.id, source.path, message) if {
	source := element.sources[name]
} else := of(element, message)
