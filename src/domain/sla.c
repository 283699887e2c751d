/*
 * sla.c - time limits, deadlines and their standing; see sla.h.
 */
#include "domain/sla.h"

#include <stdio.h>
#include <string.h>

/* Length of a field name built by sla_limits_valid. */
#define FIELD_BUF 64

const char *sla_timing_name(sla_timing t)
{
	static const char *const names[] = {
		[SLA_ON_TIME] = "on_time", [SLA_DUE_SOON] = "due_soon", [SLA_OVERDUE] = "overdue"};
	return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : NULL;
}

fq_status sla_limit_valid(const sla_limit *limit, const char *field, fq_err *err)
{
	if (!limit)
		return fq_fail(err, FQ_EINVAL, field, "is required");
	switch (limit->unit) {
	case SLA_HOURS:
		if (limit->amount < 1 || limit->amount > SLA_HOURS_MAX)
			return fq_fail(err, FQ_EINVAL, field,
				       "must be between 1 and %d hours", SLA_HOURS_MAX);
		return FQ_OK;
	case SLA_WORKDAYS:
		if (limit->amount < 1 || limit->amount > SLA_WORKDAYS_MAX)
			return fq_fail(err, FQ_EINVAL, field,
				       "must be between 1 and %d working days",
				       SLA_WORKDAYS_MAX);
		return FQ_OK;
	}
	return fq_fail(err, FQ_EINVAL, field, "unit must be hours or workdays");
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
