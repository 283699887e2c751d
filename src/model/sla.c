/*
 * sla.c - the wire names of a limit's units; see sla.h.
 */
#include "model/sla.h"

#include "model/wire.h"

/* The wire names, by value. */
static const char *const UNIT_NAMES[] = {[SLA_HOURS] = "hours", [SLA_WORKDAYS] = "workdays"};

const char *sla_unit_name(sla_unit unit)
{
	return wire_name(UNIT_NAMES, sizeof UNIT_NAMES / sizeof UNIT_NAMES[0], (int)unit);
}

sla_unit sla_unit_parse(const char *name)
{
	return (sla_unit)wire_parse(UNIT_NAMES, sizeof UNIT_NAMES / sizeof UNIT_NAMES[0], name);
}
