/*
 * sla.h - the values of a request's time limits (domain/sla.h) that the
 * store keeps with each category: a limit is an amount of hours or of
 * working days, and a category has an accept and a resolve limit per level
 * of the ladder. With the wire names of the units.
 */
#ifndef FQ_MODEL_SLA_H
#define FQ_MODEL_SLA_H

#include "model/ladder.h"

/* Largest amount of one limit: a year of hours, a year of working days. */
#define SLA_HOURS_MAX 8760
#define SLA_WORKDAYS_MAX 250

/* What a limit's amount counts. */
typedef enum sla_unit {
	SLA_HOURS = 1,    /* "hours": elapsed hours */
	SLA_WORKDAYS = 2, /* "workdays": working days of the calendar */
} sla_unit;

/* A time limit, e.g. {3, SLA_WORKDAYS}. */
typedef struct sla_limit {
	int amount;    /* 1..SLA_HOURS_MAX or 1..SLA_WORKDAYS_MAX */
	sla_unit unit;
} sla_limit;

/* The limits of one level of the ladder. */
typedef struct sla_level_limits {
	sla_limit accept;  /* dispatch to 签收 */
	sla_limit resolve; /* dispatch to 办结 */
} sla_level_limits;

/* A category's limits, level[0] for level 1 ... level[3] for level 4. */
typedef struct sla_limits {
	sla_level_limits level[LADDER_LEVEL_MAX];
} sla_limits;

/* Wire name of a unit ("hours", "workdays"), or NULL when unknown. */
const char *sla_unit_name(sla_unit unit);

/* The unit with that wire name; 0 when unknown or NULL. */
sla_unit sla_unit_parse(const char *name);

#endif
