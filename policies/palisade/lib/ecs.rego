# Helpers for the ECS task definition rules.
package palisade.lib.ecs

# label names a container in a message: its name in backticks, or `(unnamed)` when the
# definition gives none.
label(container) := sprintf("`%s`", [container.name]) if container.name
else := "(unnamed)"
