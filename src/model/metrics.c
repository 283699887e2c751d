/*
 * metrics.c - the counters by index and name, and their sum; see
 * metrics.h.
 */
#include "model/metrics.h"

#include <stddef.h>

static const char *const names[METRICS_N_COUNTS] = {
	"intake",    "dispatched", "accepted",  "accepted_on_time",
	"resolved",  "resolved_on_time", "followups", "followups_resolved",
	"ratings",   "ratings_good", "closed",    "escalated",
};

int64_t *metrics_at(metrics_counts *c, int i)
{
	int64_t *fields[METRICS_N_COUNTS] = {
		&c->intake,    &c->dispatched,       &c->accepted,  &c->accepted_on_time,
		&c->resolved,  &c->resolved_on_time, &c->followups, &c->followups_resolved,
		&c->ratings,   &c->ratings_good,     &c->closed,    &c->escalated,
	};
	return i >= 0 && i < METRICS_N_COUNTS ? fields[i] : NULL;
}

const char *metrics_name(int i)
{
	return i >= 0 && i < METRICS_N_COUNTS ? names[i] : NULL;
}

int metrics_nonzero(const metrics_counts *c)
{
	metrics_counts copy = *c;
	for (int i = 0; i < METRICS_N_COUNTS; i++)
		if (*metrics_at(&copy, i))
			return 1;
	return 0;
}

void metrics_add(metrics_counts *a, const metrics_counts *b)
{
	metrics_counts bb = *b;
	for (int i = 0; i < METRICS_N_COUNTS; i++)
		*metrics_at(a, i) += *metrics_at(&bb, i);
}
