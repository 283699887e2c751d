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
#include "model/sla.h"

#define SLA_HOUR_S 3600

/* Where a moment stands against a deadline. */
typedef enum sla_timing {
	SLA_ON_TIME = 1,  /* "on_time": before the reminder window */
	SLA_DUE_SOON = 2, /* "due_soon": inside the window, not yet past */
	SLA_OVERDUE = 3,  /* "overdue": past the deadline */
} sla_timing;

/* Wire name of a timing ("on_time", "due_soon", "overdue"), or NULL. */
const char *sla_timing_name(sla_timing t);

/* Check a limit: a known unit and an amount within its range. FQ_EINVAL
 * naming `field` (e.g. "limit") when not. */
fq_status sla_limit_valid(const sla_limit *limit, const char *field, fq_err *err);

/* Hours a working day lasts at the least, when limits of both units are
 * compared (the same clock time on the next working day: 24 h or more). */
#define SLA_WORKDAY_LEAST_H 24

/* The shortest time a limit can last, in seconds: hours as they are, a
 * working day as SLA_WORKDAY_LEAST_H hours. For comparing limits only. */
int64_t sla_limit_least_s(const sla_limit *limit);

/* Check every limit of a category, then their order: at each level the
 * resolve limit is not shorter than the accept limit, and neither limit
 * is shorter than the same limit of the level below (levels do not shrink
 * as they rise); lengths compared by sla_limit_least_s. FQ_EINVAL with a
 * field such as "<prefix>[2].resolve" (levels counted from 1) for the
 * first bad one; an order error says "must not be shorter than
 * <prefix>[2].accept". */
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

/* The screens call a deadline "due soon" inside the same window as the
 * sweeper's reminder with its default settings: this share of the limit,
 * at most SLA_DUE_SOON_MAX_S. A fixed window would call a new request
 * with a 2-hour limit due soon the moment it came in. */
#define SLA_DUE_SOON_PCT 25
#define SLA_DUE_SOON_MAX_S (24LL * 3600)

/* The reminder window before `due` of a limit that ran from `started`:
 * pct percent of (due - started), at most max_s; 0 when pct <= 0 or the
 * limit is not positive. */
int64_t sla_remind_window(int64_t started, int64_t due, int pct, int64_t max_s);

/* Where `now` stands against a deadline that ran from `started`, with the
 * screens' window (SLA_DUE_SOON_PCT, SLA_DUE_SOON_MAX_S); as sla_state. */
sla_timing sla_standing(int64_t now, int64_t started, int64_t due);

#endif
