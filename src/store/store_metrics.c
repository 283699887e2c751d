/*
 * store_metrics.c - upserts into metric_counters and sums over it; see
 * store_metrics.h.
 */
#include "store/store_metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_plans.h"

static const char UPSERT_SQL[] =
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

/* ---- additions waiting for the transaction's end ------------------------- */

#define DIM_MAX 32          /* bytes of a dimension: '', 'c:<id>', 'ch:<channel>' */
#define PENDING_FIRST 256   /* additions allocated first; the list doubles */

typedef struct pending_count {
	int64_t unit;
	int day;
	char dim[DIM_MAX];
	metrics_counts d;
} pending_count;

struct metrics_pending {
	pending_count *v;
	size_t n, cap;
};

static void pending_free(void *arg)
{
	struct metrics_pending *p = arg;
	if (p)
		free(p->v);
	free(p);
}

/* The additions kept on c, made on first use when make is set; NULL when
 * there are none (or out of memory). */
static struct metrics_pending *pending_of(store_conn *c, int make)
{
	struct metrics_pending *p = store_conn_cache(c, STORE_CACHE_METRICS);
	if (!p && make && (p = calloc(1, sizeof *p)))
		store_conn_cache_set(c, STORE_CACHE_METRICS, p, pending_free);
	return p;
}

static fq_status pending_push(store_conn *c, int64_t unit, const char *dim, int day,
			      const metrics_counts *d, fq_err *err)
{
	struct metrics_pending *p = pending_of(c, 1);
	if (!p)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : PENDING_FIRST;
		pending_count *v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return fq_fail(err, FQ_ENOMEM, "", "out of memory");
		p->v = v;
		p->cap = cap;
	}
	pending_count *e = &p->v[p->n++];
	e->unit = unit;
	e->day = day;
	snprintf(e->dim, sizeof e->dim, "%s", dim);
	e->d = *d;
	return FQ_OK;
}

static int by_row(const void *x, const void *y)
{
	const pending_count *a = x, *b = y;
	if (a->unit != b->unit)
		return a->unit < b->unit ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return strcmp(a->dim, b->dim);
}

size_t metrics_mark(store_conn *c)
{
	struct metrics_pending *p = pending_of(c, 0);
	return p ? p->n : 0;
}

void metrics_undo(store_conn *c, size_t mark)
{
	struct metrics_pending *p = pending_of(c, 0);
	if (p && mark < p->n)
		p->n = mark;
}

fq_status metrics_commit(store_conn *c, int busy, fq_err *err)
{
	(void)busy;
	return metrics_flush(c, err);
}

fq_status metrics_flush(store_conn *c, fq_err *err)
{
	struct metrics_pending *p = pending_of(c, 0);
	if (!p || p->n == 0)
		return FQ_OK;
	qsort(p->v, p->n, sizeof p->v[0], by_row);
	fq_status st = FQ_OK;
	size_t i = 0;
	while (i < p->n && st == FQ_OK) {
		metrics_counts sum = p->v[i].d;
		size_t k = i + 1;
		for (; k < p->n && by_row(&p->v[i], &p->v[k]) == 0; k++)
			for (int f = 0; f < METRICS_N_COUNTS; f++)
				*metrics_at(&sum, f) += *metrics_at(&p->v[k].d, f);
		st = upsert(c, p->v[i].unit, p->v[i].dim, p->v[i].day, &sum, err);
		i = k;
	}
	p->n = 0;
	return st;
}

fq_status store_metrics_add(store_conn *c, const int64_t *units, int n_units,
			    int64_t category_id, const char *channel, int day,
			    const metrics_counts *d, fq_err *err)
{
	if (!metrics_nonzero(d))
		return FQ_OK;
	char cat[DIM_MAX], ch[DIM_MAX];
	snprintf(cat, sizeof cat, "c:%lld", (long long)category_id);
	snprintf(ch, sizeof ch, "ch:%s", channel ? channel : "");
	const char *dims[3] = {"", cat, ch};
	for (int u = 0; u < n_units && u < STORE_METRICS_UNITS_MAX; u++)
		for (int k = 0; k < 3; k++) {
			fq_status st = pending_push(c, units[u], dims[k], day, d, err);
			if (st != FQ_OK)
				return st;
		}
	return FQ_OK;
}

/* ---- counts_sum ------------------------------------------------------ */

/*
 * Sums are taken by counts_sum(intake, ..., escalated), an aggregate that
 * adds a group's twelve counters in one call per row and returns them as a
 * blob holding one metrics_counts (in this process's layout; the blob
 * never leaves the statement). Twelve total()s cost twelve calls per row
 * and twelve allocations per group (in a series by day every day is a
 * group), and reading the rows out to add them here costs twelve API calls
 * per row: over a street's year of categories (11,600 rows) either is 40%
 * or more slower.
 */

/* The sum of the twelve counter columns, in metrics_counts order, as SQL. */
#define COUNTS_SUM                                                                         \
	"counts_sum(intake, dispatched, accepted, accepted_on_time, resolved,"             \
	" resolved_on_time, followups, followups_resolved, ratings, ratings_good, closed," \
	" escalated)"

static void counts_sum_step(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	(void)argc; /* METRICS_N_COUNTS, as registered */
	metrics_counts *m = sqlite3_aggregate_context(ctx, sizeof *m);
	if (!m) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	m->intake += sqlite3_value_int64(v[0]);
	m->dispatched += sqlite3_value_int64(v[1]);
	m->accepted += sqlite3_value_int64(v[2]);
	m->accepted_on_time += sqlite3_value_int64(v[3]);
	m->resolved += sqlite3_value_int64(v[4]);
	m->resolved_on_time += sqlite3_value_int64(v[5]);
	m->followups += sqlite3_value_int64(v[6]);
	m->followups_resolved += sqlite3_value_int64(v[7]);
	m->ratings += sqlite3_value_int64(v[8]);
	m->ratings_good += sqlite3_value_int64(v[9]);
	m->closed += sqlite3_value_int64(v[10]);
	m->escalated += sqlite3_value_int64(v[11]);
}

static void counts_sum_final(sqlite3_context *ctx)
{
	static const metrics_counts zero;
	const metrics_counts *m = sqlite3_aggregate_context(ctx, 0);
	sqlite3_result_blob(ctx, m ? m : &zero, sizeof zero, SQLITE_TRANSIENT);
}

int counts_sum_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "counts_sum", METRICS_N_COUNTS,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, NULL,
				       counts_sum_step, counts_sum_final);
}

/* The counts_sum in column i of st's row; zeros for NULL (a unit without
 * counters in a LEFT JOIN). */
static void col_counts(sqlite3_stmt *st, int i, metrics_counts *out)
{
	const void *p = sqlite3_column_blob(st, i);
	if (p && sqlite3_column_bytes(st, i) == (int)sizeof *out)
		memcpy(out, p, sizeof *out);
	else
		memset(out, 0, sizeof *out);
}

static const char SQL_SUM[] = "SELECT " COUNTS_SUM " FROM metric_counters"
			      " WHERE unit_id = ? AND dim = ? AND day BETWEEN ? AND ?";

/* Write what waits (metrics_flush), then give sql with (unit, dim, from,
 * to) bound as ?1..?4 in *out. */
static fq_status range_stmt(store_conn *c, const char *sql, int64_t unit, const char *dim,
			    int from, int to, sqlite3_stmt **out, fq_err *err)
{
	fq_status fl = metrics_flush(c, err);
	if (fl != FQ_OK)
		return fl;
	*out = stmt_bound(c, sql, ARG_I64(unit), ARG_STR(dim), ARG_INT(from), ARG_INT(to));
	return *out ? FQ_OK : fq_fail(err, FQ_ESTORE, "", "cannot prepare the counter sum");
}

fq_status store_metrics_sum(store_conn *c, int64_t unit, const char *dim, int from, int to,
			    metrics_counts *out, fq_err *err)
{
	sqlite3_stmt *st = NULL;
	fq_status s = range_stmt(c, SQL_SUM, unit, dim, from, to, &st, err);
	if (s != FQ_OK)
		return s;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		col_counts(st, 0, out);
	else
		s = stmt_fail(c, rc, err);
	sqlite3_reset(st);
	return s;
}

/* ---- grouped sums ---------------------------------------------------- */

/* Columns before the counts_sum in a grouped query: id, code, name, kind. */
#define GROUP_KEYS 4

/* The kinds of unit that keep counters, as SQL. */
#define COUNTED_KINDS "kind IN ('street','community','village','grid')"

/* Each query reads the primary key in key order, so grouping the rows
 * needs no sort; only the groups are sorted (by category id, by unit id). */
static const char SQL_BY_DAY[] =
	"SELECT day, NULL, NULL, NULL, " COUNTS_SUM " FROM metric_counters"
	" WHERE unit_id = ?1 AND dim = ?2 AND day BETWEEN ?3 AND ?4 GROUP BY day ORDER BY day";

/* 'c:' .. 'c;' and 'ch:' .. 'ch;' are the key ranges of the two prefixes
 * (';' follows ':'). The categories are joined to the groups, not to every
 * row. */
static const char SQL_BY_CATEGORY[] =
	"SELECT s.cid, c.code, c.name, NULL, s.counts FROM"
	" (SELECT CAST(substr(dim, 3) AS INTEGER) AS cid, " COUNTS_SUM " AS counts"
	" FROM metric_counters"
	" WHERE unit_id = ?1 AND dim >= 'c:' AND dim < 'c;' AND day BETWEEN ?3 AND ?4"
	" GROUP BY dim) s"
	" LEFT JOIN categories c ON c.id = s.cid ORDER BY s.cid";

static const char SQL_BY_CHANNEL[] =
	"SELECT 0, substr(dim, 4), NULL, NULL, " COUNTS_SUM " FROM metric_counters"
	" WHERE unit_id = ?1 AND dim >= 'ch:' AND dim < 'ch;' AND day BETWEEN ?3 AND ?4"
	" GROUP BY dim ORDER BY dim";

/* The children's counters are summed per unit first (the IN list is read
 * in id order), then joined to the children: joining first made SQLite
 * sort every counter row to group them. The children are read by
 * units_parent: with the demo street's statistics SQLite chose to read
 * every unit instead. */
#define CHILD_SQL(parent_test)                                                                 \
	"SELECT u.id, u.code, u.name, u.kind, s.counts FROM units u INDEXED BY units_parent"   \
	" LEFT JOIN"                                                                           \
	" (SELECT unit_id, " COUNTS_SUM " AS counts FROM metric_counters"                      \
	" WHERE unit_id IN (SELECT id FROM units WHERE " parent_test " AND " COUNTED_KINDS ")" \
	" AND dim = ?2 AND day BETWEEN ?3 AND ?4 GROUP BY unit_id) s ON s.unit_id = u.id"      \
	" WHERE u." parent_test " AND u." COUNTED_KINDS " ORDER BY u.id"

static const char SQL_CHILDREN[] = CHILD_SQL("parent_id = ?1");
static const char SQL_TOP_UNITS[] = CHILD_SQL("parent_id IS NULL");

static int read_group(fq_arena *a, sqlite3_stmt *st, void *row)
{
	store_metrics_group *g = row;
	int bad = 0;
	g->id = sqlite3_column_int64(st, 0);
	g->code = col_opt(a, st, 1, &bad);
	g->name = col_opt(a, st, 2, &bad);
	g->kind = col_opt(a, st, 3, &bad);
	col_counts(st, GROUP_KEYS, &g->counts);
	return bad ? -1 : 0;
}

/* Bind (unit, dim, from, to) as ?1..?4, step st into an arena array, and
 * reset it. */
static fq_status groups(store_conn *c, fq_arena *a, const char *sql, int64_t unit,
			const char *dim, int from, int to, store_metrics_group **out, size_t *n,
			fq_err *err)
{
	sqlite3_stmt *st = NULL;
	fq_status res = range_stmt(c, sql, unit, dim, from, to, &st, err);
	if (res != FQ_OK)
		return res;
	/* one more than allowed, to tell a full answer from a cut one */
	store_metrics_group *v = NULL;
	size_t got = 0;
	res = stmt_rows(c, a, st, STORE_METRICS_GROUPS_MAX + 1, sizeof *v, read_group, (void **)&v,
			&got, err);
	if (res == FQ_OK && got > STORE_METRICS_GROUPS_MAX)
		res = fq_fail(err, FQ_ETOOBIG, "", "more than %d groups", STORE_METRICS_GROUPS_MAX);
	if (res == FQ_OK) {
		*out = v;
		*n = got;
	}
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

/* A category's code and name. */
typedef struct category_names {
	const char *code, *name;
} category_names;

ROW_READER(read_category, category_names, COL(OPT, code), COL(OPT, name))

fq_status store_metrics_category(store_conn *c, fq_arena *a, int64_t id, const char **code,
				 const char **name, fq_err *err)
{
	sqlite3_stmt *st =
		stmt_bound(c, "SELECT code, name FROM categories WHERE id = ?", ARG_I64(id));
	category_names k;
	fq_status res = stmt_one(c, a, st, read_category, &k, "category", "category", err);
	if (res == FQ_OK) {
		*code = k.code;
		*name = k.name;
	}
	return res;
}

/* ---- hot statements (store_plans.h) ---------------------------------------- */

const store_plan_entry store_metrics_plans[] = {
	{"metrics.upsert", UPSERT_SQL, "", NULL},
	{"metrics.sum", SQL_SUM, "pk", NULL},
	{"metrics.by_day", SQL_BY_DAY, "pk", NULL},
	{"metrics.by_category", SQL_BY_CATEGORY, "pk", NULL},
	{"metrics.by_channel", SQL_BY_CHANNEL, "pk", NULL},
	{"metrics.children", SQL_CHILDREN, "units_parent pk", NULL},
	{"metrics.top_units", SQL_TOP_UNITS, "units_parent pk", NULL},
	{NULL, NULL, NULL, NULL},
};
