# Which elements belong to production, by the tag the RDS data names. Elements without
# the tag are not production: rules that hold production to a higher bar leave them be.
package palisade.lib.environment

production(element) if {
	value := element.tags[data.palisade.rds.environment_tag_key]
	lower(value) in {lower(v) | some v in data.palisade.rds.production_values}
}
