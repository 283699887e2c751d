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

/* ---- grouped sums ---------------------------------------------------- */

/* The twelve counter sums, in metrics_counts order, as SQL. */
#define SUMS(t)                                                                        \
	"total(" t "intake), total(" t "dispatched), total(" t "accepted),"            \
	" total(" t "accepted_on_time), total(" t "resolved), total(" t "resolved_on_time)," \
	" total(" t "followups), total(" t "followups_resolved), total(" t "ratings),"  \
	" total(" t "ratings_good), total(" t "closed), total(" t "escalated)"

/* Columns before the sums in a grouped query: id, code, name, kind. */
#define GROUP_KEYS 4

static const char *const SQL_BY_DAY =
	"SELECT day, NULL, NULL, NULL, " SUMS("") " FROM metric_counters"
	" WHERE unit_id = ?1 AND dim = ?2 AND day BETWEEN ?3 AND ?4 GROUP BY day ORDER BY day";

/* 'c:' .. 'c;' and 'ch:' .. 'ch;' are the key ranges of the two prefixes
 * (';' follows ':'), so both read the primary key in order. */
static const char *const SQL_BY_CATEGORY =
	"SELECT CAST(substr(m.dim, 3) AS INTEGER) AS cid, c.code, c.name, NULL, " SUMS("m.")
	" FROM metric_counters m LEFT JOIN categories c ON c.id = CAST(substr(m.dim, 3) AS INTEGER)"
	" WHERE m.unit_id = ?1 AND m.dim >= 'c:' AND m.dim < 'c;' AND m.day BETWEEN ?3 AND ?4"
	" GROUP BY m.dim ORDER BY cid";

static const char *const SQL_BY_CHANNEL =
	"SELECT 0, substr(dim, 4), NULL, NULL, " SUMS("") " FROM metric_counters"
	" WHERE unit_id = ?1 AND dim >= 'ch:' AND dim < 'ch;' AND day BETWEEN ?3 AND ?4"
	" GROUP BY dim ORDER BY dim";

#define CHILD_SQL(parent_test)                                                          \
	"SELECT u.id, u.code, u.name, u.kind, " SUMS("m.") " FROM units u"             \
	" LEFT JOIN metric_counters m ON m.unit_id = u.id AND m.dim = ?2"             \
	" AND m.day BETWEEN ?3 AND ?4"                                                 \
	" WHERE " parent_test " AND u.kind IN ('street','community','village','grid')" \
	" GROUP BY u.id ORDER BY u.id"

static const char *const SQL_CHILDREN = CHILD_SQL("u.parent_id = ?1");
static const char *const SQL_TOP_UNITS = CHILD_SQL("u.parent_id IS NULL");

static void read_group(fq_arena *a, sqlite3_stmt *st, store_metrics_group *g)
{
	g->id = sqlite3_column_int64(st, 0);
	g->code = col_text(a, st, 1);
	g->name = col_text(a, st, 2);
	g->kind = col_text(a, st, 3);
	metrics_counts m = {0};
	for (int i = 0; i < METRICS_N_COUNTS; i++)
		*metrics_at(&m, i) = (int64_t)sqlite3_column_double(st, GROUP_KEYS + i);
	g->counts = m;
}

/* Bind (unit, dim, from, to) as ?1..?4, step st into an arena array, and
 * reset it. */
static fq_status groups(store_conn *c, fq_arena *a, const char *sql, int64_t unit,
			const char *dim, int from, int to, store_metrics_group **out, size_t *n,
			fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, sql);
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the grouped counter sum");
	fq_status res = FQ_OK;
	store_metrics_group *rows = fq_arena_alloc(a, STORE_METRICS_GROUPS_MAX * sizeof *rows);
	size_t got = 0;
	int rc = SQLITE_DONE;
	if (!rows) {
		res = fq_fail(err, FQ_ENOMEM, "", "out of memory");
		goto out;
	}
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_text(st, 2, dim ? dim : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, from);
	sqlite3_bind_int(st, 4, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && got < STORE_METRICS_GROUPS_MAX)
		read_group(a, st, &rows[got++]);
	if (rc == SQLITE_ROW)
		res = fq_fail(err, FQ_ETOOBIG, "", "more than %d groups", STORE_METRICS_GROUPS_MAX);
	else if (rc != SQLITE_DONE)
		res = stmt_fail(c, rc, err);
	if (res == FQ_OK) {
		*out = rows;
		*n = got;
	}
out:
	sqlite3_reset(st);
	return res;
}

fq_status store_metrics_by_day(store_conn *c, fq_arena *a, int64_t unit, const char *dim,
			       int from, int to, store_metrics_group **out, size_t *n,
			       fq_err *err)
{
	return groups(c, a, SQL_BY_DAY, unit, dim, from, to, out, n, err);
}

fq_status store_metrics_by_category(store_conn *c, fq_arena *a, int64_t unit, int from, int to,
				    store_metrics_group **out, size_t *n, fq_err *err)
{
	return groups(c, a, SQL_BY_CATEGORY, unit, NULL, from, to, out, n, err);
}

fq_status store_metrics_by_channel(store_conn *c, fq_arena *a, int64_t unit, int from, int to,
				   store_metrics_group **out, size_t *n, fq_err *err)
{
	return groups(c, a, SQL_BY_CHANNEL, unit, NULL, from, to, out, n, err);
}

fq_status store_metrics_children(store_conn *c, fq_arena *a, int64_t parent, const char *dim,
				 int from, int to, store_metrics_group **out, size_t *n,
				 fq_err *err)
{
	return groups(c, a, parent > 0 ? SQL_CHILDREN : SQL_TOP_UNITS, parent, dim, from, to, out,
		      n, err);
}

fq_status store_metrics_category(store_conn *c, fq_arena *a, int64_t id, const char **code,
				 const char **name, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, "SELECT code, name FROM categories WHERE id = ?");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the category lookup");
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	fq_status res = FQ_OK;
	if (rc == SQLITE_ROW) {
		*code = col_text(a, st, 0);
		*name = col_text(a, st, 1);
	} else if (rc == SQLITE_DONE) {
		res = fq_fail(err, FQ_ENOTFOUND, "category", "no such category");
	} else {
		res = stmt_fail(c, rc, err);
	}
	sqlite3_reset(st);
	return res;
}
