/*
 * workdays.c - the working-day calendar of the database, for every
 * deadline in working days (requests, disputes): read on every deadline
 * computation, rebuilt only when the calendar_days table has changed (one
 * small aggregate query tells), and otherwise taken from the connection's
 * cache slot STORE_CACHE_CALENDAR.
 */
#include "domain/workdays.h"

#include <stdlib.h>

#include "store/store_requests.h"

/* The calendar kept in the connection's cache slot, with the table
 * signature it was built from. */
typedef struct cached_cal {
	int64_t sig;
	cal_calendar *cal;
} cached_cal;

static void cached_cal_free(void *p)
{
	cached_cal *cc = p;
	if (!cc)
		return;
	cal_free(cc->cal);
	free(cc);
}

static fq_status build_calendar(store_conn *c, fq_arena *a, cal_calendar **out, fq_err *err)
{
	store_req_calendar_day *rows = NULL;
	size_t n = 0;
	fq_status st = store_req_calendar(c, a, &rows, &n, err);
	if (st != FQ_OK)
		return st;
	if (n == 0) {
		const cal_entry *seed = cal_seed_entries(&n);
		return cal_new(seed, n, out, err);
	}
	cal_entry *entries = fq_arena_alloc(a, n * sizeof *entries);
	if (!entries)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++)
		entries[i] = (cal_entry){.date = rows[i].day, .kind = cal_kind_parse(rows[i].kind),
					 .name = rows[i].name};
	fq_err why = {0};
	st = cal_new(entries, n, out, &why);
	if (st == FQ_ENOMEM)
		return fq_fail(err, st, "", "out of memory");
	if (st != FQ_OK)
		return fq_fail(err, FQ_ESTORE, "", "the calendar table is inconsistent: %s",
			       why.message);
	return FQ_OK;
}

fq_status workdays_calendar(store_conn *c, fq_arena *a, const cal_calendar **out, fq_err *err)
{
	int64_t sig = 0;
	fq_status st = store_req_calendar_sig(c, &sig, err);
	if (st != FQ_OK)
		return st;
	cached_cal *cc = store_conn_cache(c, STORE_CACHE_CALENDAR);
	if (cc && cc->sig == sig) {
		*out = cc->cal;
		return FQ_OK;
	}
	cached_cal *fresh = calloc(1, sizeof *fresh);
	if (!fresh)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fresh->sig = sig;
	st = build_calendar(c, a, &fresh->cal, err);
	if (st != FQ_OK) {
		free(fresh);
		return st;
	}
	store_conn_cache_set(c, STORE_CACHE_CALENDAR, fresh, cached_cal_free);
	*out = fresh->cal;
	return FQ_OK;
}
