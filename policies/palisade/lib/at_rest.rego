# Predicates shared by the rules that ask "is this store encrypted at all?". A store is
# judged on its own `encrypted_at_rest` unless something else decides it: a snapshot it
# is restored from (undecided), or a default switched on elsewhere (passes).
package palisade.lib.at_rest

# Known not to be encrypted, and nothing else encrypts it.
unencrypted(store) if {
	not "encrypted_at_rest" in store.unknown
	not store.encrypted_at_rest == true
	not store.encryption_inherited_from
}

# Unencrypted as declared, but restored from a snapshot whose encryption it inherits.
from_snapshot(store) if {
	not "encrypted_at_rest" in store.unknown
	not store.encrypted_at_rest == true
	store.encryption_inherited_from == "snapshot"
}
