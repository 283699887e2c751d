/*
 * stats.c - periods, weights and ranking for the statistics
 * API; see stats.h.
 */
#include "domain/stats.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const by_names[STATS_BY_COUNT] = {
	[STATS_BY_DAY] = "day",         [STATS_BY_WEEK] = "week",
	[STATS_BY_MONTH] = "month",     [STATS_BY_CATEGORY] = "category",
	[STATS_BY_CHANNEL] = "channel", [STATS_BY_UNIT] = "unit",
};

#define N_WEIGHTS 3
#define DAYS_PER_WEEK 7

stats_by stats_by_parse(const char *name)
{
	if (!name || !*name)
		return STATS_BY_NONE;
	for (int i = STATS_BY_NONE + 1; i < STATS_BY_COUNT; i++)
		if (strcmp(by_names[i], name) == 0)
			return (stats_by)i;
	return STATS_BY_COUNT;
}

const char *stats_by_name(stats_by by)
{
	return by > STATS_BY_NONE && by < STATS_BY_COUNT ? by_names[by] : NULL;
}

int stats_by_is_period(stats_by by)
{
	return by == STATS_BY_DAY || by == STATS_BY_WEEK || by == STATS_BY_MONTH;
}

/* One weight at s: a finite number 0..STATS_WEIGHT_MAX followed by `sep`
 * (',' or the end); *next is past the separator. */
static int parse_weight(const char *s, char sep, double *out, const char **next)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || errno || !isfinite(v) || v < 0 || v > STATS_WEIGHT_MAX || *end != sep)
		return -1;
	*out = v;
	*next = sep ? end + 1 : end;
	return 0;
}

fq_status stats_weights_parse(const char *text, const char *field, metrics_weights *out,
			      fq_err *err)
{
	double w[N_WEIGHTS];
	const char *p = text ? text : "";
	int ok = strlen(p) < STATS_WEIGHTS_TEXT_MAX;
	for (int i = 0; ok && i < N_WEIGHTS; i++)
		ok = parse_weight(p, i == N_WEIGHTS - 1 ? '\0' : ',', &w[i], &p) == 0;
	if (!ok)
		return fq_fail(err, FQ_EINVAL, field,
			       "%s must be three numbers from 0 to %d separated by commas, "
			       "for response, resolution and satisfaction, e.g. 30,35,35",
			       field, STATS_WEIGHT_MAX);
	if (w[0] + w[1] + w[2] <= 0)
		return fq_fail(err, FQ_EINVAL, field, "%s must not all be zero", field);
	*out = (metrics_weights){w[0], w[1], w[2]};
	return FQ_OK;
}

cal_date stats_next_day(cal_date d)
{
	return cal_date_of(cal_date_start(d) + CAL_DAY_S);
}

cal_date stats_days_before(cal_date d, int n)
{
	return cal_date_of(cal_date_start(d) - (int64_t)n * CAL_DAY_S);
}

fq_status stats_range_check(cal_date from, cal_date to, fq_err *err)
{
	if (!cal_date_valid(from))
		return fq_fail(err, FQ_EINVAL, "from", "from is not a valid date");
	if (!cal_date_valid(to))
		return fq_fail(err, FQ_EINVAL, "to", "to is not a valid date");
	if (from > to)
		return fq_fail(err, FQ_EINVAL, "from", "from must not be after to");
	int64_t days = (cal_date_start(to) - cal_date_start(from)) / CAL_DAY_S + 1;
	if (days > STATS_RANGE_DAYS_MAX)
		return fq_fail(err, FQ_EINVAL, "to", "a range covers at most %d days",
			       STATS_RANGE_DAYS_MAX);
	return FQ_OK;
}

cal_date stats_period_start(cal_date day, stats_by by)
{
	if (by == STATS_BY_MONTH)
		return day / 100 * 100 + 1;
	if (by == STATS_BY_WEEK) {
		int back = (cal_weekday(day) + DAYS_PER_WEEK - 1) % DAYS_PER_WEEK; /* Monday 0 */
		return stats_days_before(day, back);
	}
	return day;
}

cal_date stats_period_next(cal_date start, stats_by by)
{
	if (by == STATS_BY_MONTH) {
		int y = start / 10000, m = start / 100 % 100;
		return m == 12 ? (y + 1) * 10000 + 101 : y * 10000 + (m + 1) * 100 + 1;
	}
	if (by == STATS_BY_WEEK)
		return cal_date_of(cal_date_start(start) + DAYS_PER_WEEK * CAL_DAY_S);
	return stats_next_day(start);
}

char *stats_period_key(cal_date day, stats_by by, char *buf, size_t n)
{
	cal_date s = stats_period_start(day, by);
	if (by == STATS_BY_MONTH)
		snprintf(buf, n, "%04d-%02d", (int)(s / 10000), (int)(s / 100 % 100));
	else
		cal_date_format(s, buf, n);
	return buf;
}

bool stats_rank_ranked(const stats_rank_item *it)
{
	return it->composite >= 0 && it->sample >= STATS_RANK_SAMPLE_MIN;
}

/* 0 ranked, 1 too small a sample, 2 no data. */
static int rank_group(const stats_rank_item *it)
{
	return stats_rank_ranked(it) ? 0 : it->composite >= 0 ? 1 : 2;
}

static int rank_cmp(const void *pa, const void *pb)
{
	const stats_rank_item *a = pa, *b = pb;
	int ga = rank_group(a), gb = rank_group(b);
	if (ga != gb)
		return ga - gb;
	if (ga == 0 && a->composite != b->composite)
		return a->composite > b->composite ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

void stats_rank(stats_rank_item *items, size_t n)
{
	if (n > 1)
		qsort(items, n, sizeof *items, rank_cmp);
}
