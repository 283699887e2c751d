/*
 * sla.h - time limits of requests (DESIGN.md section 2): a limit is an
 * amount of hours or of working days; a deadline is a start plus a limit;
 * an approved extension adds a limit to a deadline; and a deadline seen
 * from a moment is on time, due soon (inside the reminder window) or
 * overdue. Categories carry one accept limit (签收) and one resolve limit
 * (办结) per level of the ladder.
 *
 * Hours are elapsed hours: they ignore the calendar, nights and holidays
 * (an emergency is due in 2 hours on 春节 too). Working days follow the
 * calendar and its same-clock-time rule (calendar.h).
 */
#ifndef FQ_DOMAIN_SLA_H
#define FQ_DOMAIN_SLA_H

#include <stdint.h>

#include "core/status.h"
#include "domain/calendar.h"
#include "domain/ladder.h"

/* Largest amount of one limit: a year of hours, a year of working days. */
#define SLA_HOURS_MAX 8760
#define SLA_WORKDAYS_MAX 250

#define SLA_HOUR_S 3600

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

/* Where a moment stands against a deadline. */
typedef enum sla_timing {
	SLA_ON_TIME = 1,  /* "on_time": before the reminder window */
	SLA_DUE_SOON = 2, /* "due_soon": inside the window, not yet past */
	SLA_OVERDUE = 3,  /* "overdue": past the deadline */
} sla_timing;

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

/* Wire name of a timing ("on_time", "due_soon", "overdue"), or NULL. */
const char *sla_timing_name(sla_timing t);

/* Check a limit: a known unit and an amount within its range. FQ_EINVAL
 * naming `field` (e.g. "limit") when not. */
fq_status sla_limit_valid(const sla_limit *limit, const char *field, fq_err *err);

/* Check every limit of a category. FQ_EINVAL with a field such as
 * "<prefix>[2].resolve" (levels counted from 1) for the first bad one. */
fq_status sla_limits_valid(const sla_limits *limits, const char *prefix, fq_err *err);

/* The limits of a level 1..LADDER_LEVEL_MAX, borrowed from limits; NULL
 * when the level is out of range. */
const sla_level_limits *sla_limits_at(const sla_limits *limits, int level);

/*
 * The deadline `limit` after start: start + amount hours, or
 * cal_add_workdays(cal, start, amount) (cal may be NULL: weekends only).
 * FQ_EINVAL with field "limit" for a bad limit, or "start" for a start the
 * calendar cannot count from; *due is then untouched.
 */
fq_status sla_deadline(const cal_calendar *cal, int64_t start, const sla_limit *limit,
		       int64_t *due, fq_err *err);

/* An approved extension: the deadline `limit` after the current due, by
 * the same rules as sla_deadline. Errors as sla_deadline. */
fq_status sla_extend(const cal_calendar *cal, int64_t due, const sla_limit *limit,
		     int64_t *new_due, fq_err *err);

/*
 * Where `now` stands against `due`: SLA_OVERDUE when now > due (the due
 * second itself is still in time); SLA_DUE_SOON when due - now <=
 * remind_before_s and remind_before_s > 0; SLA_ON_TIME otherwise.
 */
sla_timing sla_state(int64_t now, int64_t due, int64_t remind_before_s);

#endif
