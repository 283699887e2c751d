/*
 * metrics.c - counter deltas per timeline event and rates from counters;
 * see metrics.h for the definitions.
 */
#include "domain/metrics.h"

#include <string.h>

static int is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* An accept clock starts whenever a request lands in "dispatched", unless
 * it was already waiting there at the same level. */
static int starts_accept_clock(const metrics_event *ev)
{
	if (!is(ev->new_state, "dispatched"))
		return 0;
	return !is(ev->old_state, "dispatched") || ev->old_level != ev->new_level;
}

void metrics_delta(const metrics_event *ev, metrics_counts *d)
{
	memset(d, 0, sizeof *d);
	if (is(ev->event, "submitted"))
		d->intake = 1;
	if (starts_accept_clock(ev))
		d->dispatched = 1;
	if (is(ev->event, "accepted")) {
		d->accepted = 1;
		d->accepted_on_time = ev->accept_due > 0 && ev->at <= ev->accept_due;
	}
	if (is(ev->event, "resolved")) {
		d->resolved = 1;
		d->resolved_on_time = ev->resolve_due > 0 && ev->at <= ev->resolve_due;
	}
	if (is(ev->event, "rated") || is(ev->event, "rated_redo") || is(ev->event, "rated_final")) {
		d->followups = 1;
		d->followups_resolved = ev->rating_resolved == 1;
		d->ratings = ev->satisfaction >= 1;
		d->ratings_good = ev->satisfaction >= 4;
	}
	if (is(ev->new_state, "closed") && !is(ev->old_state, "closed"))
		d->closed = 1;
	if (is(ev->event, "escalated"))
		d->escalated = 1;
}

static double rate(int64_t num, int64_t den)
{
	return den > 0 ? 100.0 * (double)num / (double)den : -1;
}

void metrics_rates_of(const metrics_counts *c, const metrics_weights *w, metrics_rates *out)
{
	out->response = rate(c->accepted_on_time, c->dispatched);
	out->resolution = rate(c->followups_resolved, c->followups);
	out->satisfaction = rate(c->ratings_good, c->ratings);
	out->on_time = rate(c->resolved_on_time, c->resolved);
	double parts[3] = {out->response, out->resolution, out->satisfaction};
	double ws[3] = {w->response, w->resolution, w->satisfaction};
	double sum = 0, wsum = 0;
	for (int i = 0; i < 3; i++) {
		if (parts[i] < 0)
			continue;
		sum += parts[i] * ws[i];
		wsum += ws[i];
	}
	out->composite = wsum > 0 ? sum / wsum : -1;
}
