/*
 * sla.c - time limits, deadlines and their standing; see sla.h.
 */
#include "domain/sla.h"

#include <stdio.h>
#include <string.h>

/* Length of a field name built by sla_limits_valid. */
#define FIELD_BUF 64
/* A whole, in percent. */
#define PCT 100

const char *sla_timing_name(sla_timing t)
{
	static const char *const names[] = {
		[SLA_ON_TIME] = "on_time", [SLA_DUE_SOON] = "due_soon", [SLA_OVERDUE] = "overdue"};
	return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : NULL;
}

fq_status sla_limit_valid(const sla_limit *limit, const char *field, fq_err *err)
{
	if (!limit)
		return fq_failr(err, FQ_EINVAL, field, "field.required", "is required");
	switch (limit->unit) {
	case SLA_HOURS:
		if (limit->amount < 1 || limit->amount > SLA_HOURS_MAX)
			return fq_failr(err, FQ_EINVAL, field, "sla.hours_range",
					"must be between 1 and %d hours", SLA_HOURS_MAX);
		return FQ_OK;
	case SLA_WORKDAYS:
		if (limit->amount < 1 || limit->amount > SLA_WORKDAYS_MAX)
			return fq_failr(err, FQ_EINVAL, field, "sla.workdays_range",
					"must be between 1 and %d working days",
					SLA_WORKDAYS_MAX);
		return FQ_OK;
	}
	return fq_failr(err, FQ_EINVAL, field, "sla.unit_unknown",
			"unit must be hours or workdays");
}

int64_t sla_limit_least_s(const sla_limit *limit)
{
	int64_t hours = limit->unit == SLA_WORKDAYS ? (int64_t)limit->amount * SLA_WORKDAY_LEAST_H
						    : limit->amount;
	return hours * SLA_HOUR_S;
}

/* FQ_EINVAL naming `field` when limit is shorter than `floor`, which is
 * the limit named by `floor_field`. */
static fq_status not_shorter(const sla_limit *limit, const char *field, const sla_limit *floor,
			     const char *floor_field, fq_err *err)
{
	if (sla_limit_least_s(limit) >= sla_limit_least_s(floor))
		return FQ_OK;
	return fq_failr(err, FQ_EINVAL, field, "sla.limit_order", "must not be shorter than %s",
			floor_field);
}

/* The order of one level i (0-based) against itself and the level below:
 * resolve not shorter than accept; each not shorter than the level below's. */
static fq_status level_ordered(const sla_limits *limits, int i, const char *prefix, fq_err *err)
{
	const sla_level_limits *x = &limits->level[i];
	char field[FIELD_BUF], floor[FIELD_BUF];
	snprintf(field, sizeof field, "%s[%d].resolve", prefix, i + 1);
	snprintf(floor, sizeof floor, "%s[%d].accept", prefix, i + 1);
	fq_status st = not_shorter(&x->resolve, field, &x->accept, floor, err);
	if (st != FQ_OK || i == 0)
		return st;
	const sla_level_limits *below = &limits->level[i - 1];
	snprintf(field, sizeof field, "%s[%d].accept", prefix, i + 1);
	snprintf(floor, sizeof floor, "%s[%d].accept", prefix, i);
	st = not_shorter(&x->accept, field, &below->accept, floor, err);
	snprintf(field, sizeof field, "%s[%d].resolve", prefix, i + 1);
	snprintf(floor, sizeof floor, "%s[%d].resolve", prefix, i);
	return st != FQ_OK ? st : not_shorter(&x->resolve, field, &below->resolve, floor, err);
}

fq_status sla_limits_valid(const sla_limits *limits, const char *prefix, fq_err *err)
{
	char field[FIELD_BUF];
	for (int i = 0; i < LADDER_LEVEL_MAX; i++) {
		snprintf(field, sizeof field, "%s[%d].accept", prefix, i + 1);
		fq_status st = sla_limit_valid(&limits->level[i].accept, field, err);
		if (st != FQ_OK)
			return st;
		snprintf(field, sizeof field, "%s[%d].resolve", prefix, i + 1);
		st = sla_limit_valid(&limits->level[i].resolve, field, err);
		if (st != FQ_OK)
			return st;
	}
	for (int i = 0; i < LADDER_LEVEL_MAX; i++) {
		fq_status st = level_ordered(limits, i, prefix, err);
		if (st != FQ_OK)
			return st;
	}
	return FQ_OK;
}

const sla_level_limits *sla_limits_at(const sla_limits *limits, int level)
{
	if (!ladder_level_valid(level))
		return NULL;
	return &limits->level[level - 1];
}

fq_status sla_deadline(const cal_calendar *cal, int64_t start, const sla_limit *limit,
		       int64_t *due, fq_err *err)
{
	fq_status st = sla_limit_valid(limit, "limit", err);
	if (st != FQ_OK)
		return st;
	if (limit->unit == SLA_HOURS) {
		if (start > INT64_MAX - (int64_t)SLA_HOURS_MAX * SLA_HOUR_S)
			return fq_fail(err, FQ_EINVAL, "start", "is out of range");
		*due = start + (int64_t)limit->amount * SLA_HOUR_S;
		return FQ_OK;
	}
	return cal_add_workdays(cal, start, limit->amount, due, err);
}

fq_status sla_extend(const cal_calendar *cal, int64_t due, const sla_limit *limit,
		     int64_t *new_due, fq_err *err)
{
	return sla_deadline(cal, due, limit, new_due, err);
}

sla_timing sla_state(int64_t now, int64_t due, int64_t remind_before_s)
{
	if (now > due)
		return SLA_OVERDUE;
	/* now <= due, so the unsigned difference is exact */
	uint64_t left = (uint64_t)due - (uint64_t)now;
	if (remind_before_s > 0 && left <= (uint64_t)remind_before_s)
		return SLA_DUE_SOON;
	return SLA_ON_TIME;
}

int64_t sla_remind_window(int64_t started, int64_t due, int pct, int64_t max_s)
{
	int64_t limit = due - started;
	if (pct <= 0 || limit <= 0)
		return 0;
	int64_t w = limit * pct / PCT;
	return w < max_s ? w : max_s;
}

sla_timing sla_standing(int64_t now, int64_t started, int64_t due)
{
	return sla_state(now, due, sla_remind_window(started, due, SLA_DUE_SOON_PCT, SLA_DUE_SOON_MAX_S));
}
