/*
 * store_metrics.c - upserts into metric_counters and sums over it; see
 * store_metrics.h.
 */
#include "store/store_metrics.h"

#include <stdio.h>

#include "store/sqlite_int.h"

static const char *UPSERT_SQL =
	"INSERT INTO metric_counters(unit_id, dim, day, intake, dispatched, accepted,"
	" accepted_on_time, resolved, resolved_on_time, followups, followups_resolved, ratings,"
	" ratings_good, closed, escalated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
	" ON CONFLICT(unit_id, dim, day) DO UPDATE SET"
	" intake = intake + excluded.intake, dispatched = dispatched + excluded.dispatched,"
	" accepted = accepted + excluded.accepted,"
	" accepted_on_time = accepted_on_time + excluded.accepted_on_time,"
	" resolved = resolved + excluded.resolved,"
	" resolved_on_time = resolved_on_time + excluded.resolved_on_time,"
	" followups = followups + excluded.followups,"
	" followups_resolved = followups_resolved + excluded.followups_resolved,"
	" ratings = ratings + excluded.ratings, ratings_good = ratings_good + excluded.ratings_good,"
	" closed = closed + excluded.closed, escalated = escalated + excluded.escalated";

static fq_status upsert(store_conn *c, int64_t unit, const char *dim, int day,
			const metrics_counts *d, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, UPSERT_SQL);
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the counter upsert");
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_text(st, 2, dim, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, day);
	metrics_counts copy = *d;
	for (int i = 0; i < METRICS_N_COUNTS; i++)
		sqlite3_bind_int64(st, 4 + i, *metrics_at(&copy, i));
	return stmt_exec(c, st, err);
}

fq_status store_metrics_add(store_conn *c, const int64_t *units, int n_units,
			    int64_t category_id, const char *channel, int day,
			    const metrics_counts *d, fq_err *err)
{
	if (!metrics_nonzero(d))
		return FQ_OK;
	char cat[32], ch[32];
	snprintf(cat, sizeof cat, "c:%lld", (long long)category_id);
	snprintf(ch, sizeof ch, "ch:%s", channel ? channel : "");
	const char *dims[3] = {"", cat, ch};
	for (int u = 0; u < n_units && u < STORE_METRICS_UNITS_MAX; u++)
		for (int k = 0; k < 3; k++) {
			fq_status st = upsert(c, units[u], dims[k], day, d, err);
			if (st != FQ_OK)
				return st;
		}
	return FQ_OK;
}

fq_status store_metrics_sum(store_conn *c, int64_t unit, const char *dim, int from, int to,
			    metrics_counts *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(
		c, "SELECT total(intake), total(dispatched), total(accepted), total(accepted_on_time),"
		   " total(resolved), total(resolved_on_time), total(followups),"
		   " total(followups_resolved), total(ratings), total(ratings_good), total(closed),"
		   " total(escalated) FROM metric_counters"
		   " WHERE unit_id = ? AND dim = ? AND day BETWEEN ? AND ?");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the counter sum");
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_text(st, 2, dim ? dim : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, from);
	sqlite3_bind_int(st, 4, to);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		fq_status s = stmt_fail(c, rc, err);
		sqlite3_reset(st);
		return s;
	}
	metrics_counts m = {0};
	for (int i = 0; i < METRICS_N_COUNTS; i++)
		*metrics_at(&m, i) = (int64_t)sqlite3_column_double(st, i);
	sqlite3_reset(st);
	*out = m;
	return FQ_OK;
}
