/*
 * stats.h - the rules of the statistics API (GET /api/v1/stats) that are
 * neither SQL nor JSON: how a date range is checked and cut into periods
 * (day, week from Monday, calendar month), how the composite weights are
 * written ("30,35,35"), and how units are ranked by their composite
 * score. The metrics themselves are defined in metrics.h.
 */
#ifndef FQ_DOMAIN_STATS_H
#define FQ_DOMAIN_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/calendar.h"
#include "domain/metrics.h"

/* Longest range one query may cover, in days (three years). */
#define STATS_RANGE_DAYS_MAX 1096
/* Range when none is given: the last 30 days, today included. */
#define STATS_RANGE_DAYS_DEFAULT 30
/* Largest single weight, and bytes of a weights text. */
#define STATS_WEIGHT_MAX 1000
#define STATS_WEIGHTS_TEXT_MAX 64
/* Bytes of a period key ("2026-02-09", "2026-02"). */
#define STATS_KEY_MAX 16

/* How a query groups its series. */
typedef enum stats_by {
	STATS_BY_NONE = 0, /* totals only */
	STATS_BY_DAY,      /* "day": one entry per day */
	STATS_BY_WEEK,     /* "week": weeks starting on Monday */
	STATS_BY_MONTH,    /* "month": calendar months */
	STATS_BY_CATEGORY, /* "category": one entry per category with data */
	STATS_BY_CHANNEL,  /* "channel": one entry per channel with data */
	STATS_BY_UNIT,     /* "unit": the unit's children, ranked */
	STATS_BY_COUNT
} stats_by;

/* The grouping with that wire name; STATS_BY_NONE for NULL or "", and
 * STATS_BY_COUNT for an unknown name. */
stats_by stats_by_parse(const char *name);

/* Wire name of a grouping, or NULL (also for STATS_BY_NONE). */
const char *stats_by_name(stats_by by);

/* True for the periods: day, week, month. */
int stats_by_is_period(stats_by by);

/*
 * Parse weights "R,S,T" for response, resolution and satisfaction: three
 * numbers from 0 to STATS_WEIGHT_MAX, not all zero (they need not add up
 * to 100: the composite divides by their sum). FQ_EINVAL naming `field`
 * otherwise; *out is written only on success.
 */
fq_status stats_weights_parse(const char *text, const char *field, metrics_weights *out,
			      fq_err *err);

/* Check a range: valid dates, from <= to, at most STATS_RANGE_DAYS_MAX
 * days. FQ_EINVAL naming "from" or "to". */
fq_status stats_range_check(cal_date from, cal_date to, fq_err *err);

/* The day after d (d must be valid). */
cal_date stats_next_day(cal_date d);

/* The day n days before d (0 <= n <= STATS_RANGE_DAYS_MAX, d valid). */
cal_date stats_days_before(cal_date d, int n);

/* The first day of the period of `by` (a period) that holds day: the day
 * itself, the Monday of its week, or the first of its month. */
cal_date stats_period_start(cal_date day, stats_by by);

/* The first day of the period after the one starting at start. */
cal_date stats_period_next(cal_date start, stats_by by);

/* The key of the period that holds day, into buf of n bytes
 * (STATS_KEY_MAX suffices): "YYYY-MM-DD" of the day, or of the week's
 * Monday (even when a range starts mid-week: the entry then counts only
 * the days inside the range), "YYYY-MM" of the month. Returns buf. */
char *stats_period_key(cal_date day, stats_by by, char *buf, size_t n);

/* Requests a unit must have raised in the period to be ranked: the rates
 * of fewer are too small a sample to compare (样本不足), so such a unit is
 * listed after the ranked ones, without a rank. */
#define STATS_RANK_SAMPLE_MIN 10

/* One unit to rank. */
typedef struct stats_rank_item {
	int64_t id;        /* ties are broken by the lower id */
	double composite;  /* negative: no data, listed after every unit with data */
	size_t index;      /* the caller's: where the unit's data is */
	int64_t sample;    /* requests raised in the period */
} stats_rank_item;

/* Whether it is ranked: it has data, from at least STATS_RANK_SAMPLE_MIN
 * requests. */
bool stats_rank_ranked(const stats_rank_item *it);

/* Sort items best first: the ranked by higher composite, then units with
 * too small a sample, then units without data, each of the last two
 * groups by id. */
void stats_rank(stats_rank_item *items, size_t n);

#endif
