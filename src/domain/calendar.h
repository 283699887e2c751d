/*
 * calendar.h - the working-day calendar that time limits in working days
 * (DESIGN.md section 2) are counted on, in Asia/Shanghai.
 *
 * A day is a working day when it is Monday to Friday, unless the calendar
 * holds an override for it: a holiday (法定节假日, off even on a weekday) or
 * a worked day (调休上班, a Saturday or Sunday that is worked). The
 * overrides are rows of an editable table in the store; this module ships
 * the official schedules of 2025 and 2026 as seed rows (cal_seed_entries)
 * and builds an immutable, thread-safe lookup from whatever rows the store
 * holds (cal_new).
 *
 * Working-day arithmetic (cal_add_workdays) keeps the clock time: N working
 * days after a moment on a working day is the same local clock time on the
 * Nth working day after that day. A moment on a non-working day counts as
 * CAL_DAY_START_S (09:00) on the next working day, so a request raised on a
 * Saturday afternoon is treated as raised at Monday 09:00.
 */
#ifndef FQ_DOMAIN_CALENDAR_H
#define FQ_DOMAIN_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "model/calendar.h"

/* Most working days cal_add_workdays adds in one call (about ten years). */
#define CAL_WORKDAYS_MAX 2500

/* Local time of day a deadline counted from a non-working day starts at. */
#define CAL_DAY_START_S (9 * 3600)

/* Seconds in one day. */
#define CAL_DAY_S 86400

typedef struct cal_calendar cal_calendar;

/* The official schedules of 2025 and 2026 as override rows, one per day,
 * in date order; *n receives the count. The rows are static and live for
 * the whole program. Holidays that fall on a weekend are listed too, so
 * each row carries the festival's name. */
const cal_entry *cal_seed_entries(size_t *n);

/* True when d is a real date (20260229 is not) within CAL_YEAR_MIN..MAX. */
bool cal_date_valid(cal_date d);

/* The local (Asia/Shanghai) date of the moment unix_s. Meaningful for
 * moments within CAL_YEAR_MIN..CAL_YEAR_MAX. */
cal_date cal_date_of(int64_t unix_s);

/* Unix seconds of local midnight at the start of d, which must be valid. */
int64_t cal_date_start(cal_date d);

/* Day of the week of d, which must be valid: 0 Sunday, 1 Monday ... 6
 * Saturday (as struct tm). */
int cal_weekday(cal_date d);

/* Parse "YYYY-MM-DD" (exactly that shape) into *out. FQ_EINVAL naming
 * `field` when malformed or not a valid date; *out is then untouched. */
fq_status cal_date_parse(const char *s, const char *field, cal_date *out,
			 fq_err *err);

/* Write d as "YYYY-MM-DD" into buf of n bytes (CAL_DATE_STR suffices;
 * an invalid d is written as "0000-00-00"); returns buf. */
char *cal_date_format(cal_date d, char *buf, size_t n);

/*
 * Build a calendar from n override rows (copied: entries may be freed
 * afterwards). n may be 0, which gives plain Monday-to-Friday. Errors, with
 * *out untouched: FQ_ETOOBIG (field "entries") past CAL_ENTRIES_MAX;
 * FQ_EINVAL with field "date" for an invalid date or a date listed twice,
 * "kind" for an unknown kind, "name" for a name over CAL_NAME_MAX
 * characters; FQ_ENOMEM. The message names the row's date. Free with
 * cal_free.
 */
fq_status cal_new(const cal_entry *entries, size_t n, cal_calendar **out,
		  fq_err *err);

/* Release a calendar; NULL is allowed. */
void cal_free(cal_calendar *cal);

/* True when date is a working day. A NULL calendar has no overrides. */
bool cal_is_workday(const cal_calendar *cal, cal_date date);

/* The override row for date, borrowed from the calendar (valid until
 * cal_free), or NULL when the day follows the weekday rule. */
const cal_entry *cal_lookup(const cal_calendar *cal, cal_date date);

/*
 * The moment n working days after start_unix_s, by the rule at the top of
 * this file: if start's local day is not a working day, start moves to
 * 09:00 on the next working day; the result is the same local clock time
 * on the nth working day after start's day (n = 0 gives the possibly moved
 * start). A NULL calendar has no overrides. Errors, *out untouched:
 * FQ_EINVAL with field "days" when n is outside 0..CAL_WORKDAYS_MAX, and
 * with field "start" when start is outside CAL_YEAR_MIN..CAL_YEAR_MAX.
 */
fq_status cal_add_workdays(const cal_calendar *cal, int64_t start_unix_s, int n,
			   int64_t *out, fq_err *err);

/*
 * Working days after from_unix_s's local day up to and including
 * to_unix_s's local day; negative (the same count with a minus sign) when
 * to is on an earlier day than from, 0 on the same day. For a start on a
 * working day, cal_workdays_between(start, cal_add_workdays(start, n)) is
 * n. Times of day do not matter. A NULL calendar has no overrides.
 * Both moments must lie within CAL_YEAR_MIN..CAL_YEAR_MAX.
 */
int64_t cal_workdays_between(const cal_calendar *cal, int64_t from_unix_s,
			     int64_t to_unix_s);

#endif
