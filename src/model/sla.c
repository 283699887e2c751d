/*
 * sla.c - the wire names of a limit's units; see sla.h.
 */
#include "model/sla.h"

#include <string.h>

const char *sla_unit_name(sla_unit unit)
{
	switch (unit) {
	case SLA_HOURS:
		return "hours";
	case SLA_WORKDAYS:
		return "workdays";
	}
	return NULL;
}

sla_unit sla_unit_parse(const char *name)
{
	if (!name)
		return 0;
	if (strcmp(name, "hours") == 0)
		return SLA_HOURS;
	if (strcmp(name, "workdays") == 0)
		return SLA_WORKDAYS;
	return 0;
}
