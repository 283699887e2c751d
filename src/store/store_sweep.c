/*
 * store_sweep.c - the sweeper's queues over the partial indexes, its mark
 * on a request, per-request savepoints, and the open-work counts;
 * see store_sweep.h.
 *
 * Parameters shared by the queue statements: ?1 now, ?2 cursor due,
 * ?3 cursor id, ?4 repeat or window seconds, ?5 limit, ?6 reminder
 * percent; the count
 * statements: ?1 now, ?2 and ?3 the path range. A statement that does not
 * use a parameter leaves it unbound. The cursor test is
 * written as "due >= ?2 AND (due > ?2 OR id > ?3)" so the index range
 * starts at the cursor.
 */
#include "store/store_sweep.h"

#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_plans.h"

/* Columns every queue returns, in store_sweep_row's order after the due. */
#define ROW_TAIL "coalesce(dispatched_at, created_at), coalesce(reminded_at, 0), level," \
		 " ext_state = 'pending'"

/* A row's reminder window before deadline column d, as the sweeper
 * computes it (sweep_remind_window): ?6 percent of the limit, at most ?4. */
#define WINDOW(d) "min((" d " - coalesce(dispatched_at, created_at)) * ?6 / 100, ?4)"

static const char SQL_Q_ACCEPT_OVERDUE[] =
	"SELECT id, accept_due, " ROW_TAIL " FROM requests INDEXED BY requests_accept_due"
	" WHERE state = 'dispatched' AND accept_due < ?1"
	" AND accept_due >= ?2 AND (accept_due > ?2 OR id > ?3)"
	" AND (level < 4 OR reminded_at IS NULL OR reminded_at <= ?1 - ?4)"
	" ORDER BY accept_due, id LIMIT ?5";

static const char SQL_Q_RESOLVE_OVERDUE[] =
	"SELECT id, resolve_due, " ROW_TAIL " FROM requests INDEXED BY requests_resolve_due"
	" WHERE state = 'accepted' AND resolve_due < ?1"
	" AND resolve_due >= ?2 AND (resolve_due > ?2 OR id > ?3)"
	" AND (level < 4 OR ext_state = 'pending' OR reminded_at IS NULL"
	"      OR reminded_at <= ?1 - ?4)"
	" ORDER BY resolve_due, id LIMIT ?5";

static const char SQL_Q_FOLLOWUP_OVER[] =
	"SELECT id, followup_due, " ROW_TAIL
	" FROM requests INDEXED BY requests_followup_due"
	" WHERE state = 'resolved' AND followup_due < ?1"
	" AND followup_due >= ?2 AND (followup_due > ?2 OR id > ?3)"
	" ORDER BY followup_due, id LIMIT ?5";

static const char SQL_Q_CARD_OVERDUE[] =
	"SELECT id, card_due, " ROW_TAIL " FROM requests INDEXED BY requests_card_due"
	" WHERE card != 'none' AND state IN ('dispatched','accepted') AND card_due < ?1"
	" AND card_due >= ?2 AND (card_due > ?2 OR id > ?3)"
	" AND (reminded_at IS NULL OR reminded_at < card_due OR reminded_at <= ?1 - ?4)"
	" ORDER BY card_due, id LIMIT ?5";

static const char SQL_Q_ACCEPT_SOON[] =
	"SELECT id, accept_due, " ROW_TAIL " FROM requests INDEXED BY requests_accept_due"
	" WHERE state = 'dispatched' AND accept_due >= ?1 AND accept_due <= ?1 + ?4"
	" AND accept_due >= ?2 AND (accept_due > ?2 OR id > ?3)"
	" AND accept_due - ?1 <= " WINDOW("accept_due")
	" AND (reminded_at IS NULL"
	"      OR reminded_at < accept_due - " WINDOW("accept_due") ")"
	" ORDER BY accept_due, id LIMIT ?5";

static const char SQL_Q_RESOLVE_SOON[] =
	"SELECT id, resolve_due, " ROW_TAIL " FROM requests INDEXED BY requests_resolve_due"
	" WHERE state = 'accepted' AND resolve_due >= ?1 AND resolve_due <= ?1 + ?4"
	" AND resolve_due >= ?2 AND (resolve_due > ?2 OR id > ?3)"
	" AND resolve_due - ?1 <= " WINDOW("resolve_due")
	" AND (reminded_at IS NULL"
	"      OR reminded_at < resolve_due - " WINDOW("resolve_due") ")"
	" ORDER BY resolve_due, id LIMIT ?5";

static const char *const QUEUE_SQL[STORE_SWEEP_QUEUE_COUNT] = {
	[STORE_SWEEP_ACCEPT_OVERDUE] = SQL_Q_ACCEPT_OVERDUE,
	[STORE_SWEEP_RESOLVE_OVERDUE] = SQL_Q_RESOLVE_OVERDUE,
	[STORE_SWEEP_FOLLOWUP_OVER] = SQL_Q_FOLLOWUP_OVER,
	[STORE_SWEEP_CARD_OVERDUE] = SQL_Q_CARD_OVERDUE,
	[STORE_SWEEP_ACCEPT_SOON] = SQL_Q_ACCEPT_SOON,
	[STORE_SWEEP_RESOLVE_SOON] = SQL_Q_RESOLVE_SOON,
};

static void read_row(sqlite3_stmt *st, store_sweep_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->due = sqlite3_column_int64(st, 1);
	r->started = sqlite3_column_int64(st, 2);
	r->reminded_at = sqlite3_column_int64(st, 3);
	r->level = sqlite3_column_int(st, 4);
	r->ext_pending = sqlite3_column_int(st, 5) != 0;
}

/* The seconds the queue's ?4 stands for. */
static int64_t param4(store_sweep_queue queue, const store_sweep_query *q)
{
	return queue == STORE_SWEEP_ACCEPT_SOON || queue == STORE_SWEEP_RESOLVE_SOON ? q->window_s
										    : q->repeat_s;
}

fq_status store_sweep_list(store_conn *c, store_sweep_queue queue, const store_sweep_query *q,
			   store_sweep_row *rows, size_t *n, fq_err *err)
{
	if (q->limit < 1 || q->limit > STORE_SWEEP_ROWS_MAX)
		return fq_fail(err, FQ_EINVAL, "limit", "limit must be from 1 to %d",
		               STORE_SWEEP_ROWS_MAX);
	if ((int)queue < 0 || queue >= STORE_SWEEP_QUEUE_COUNT)
		return fq_fail(err, FQ_EINVAL, "queue", "no such queue");
	sqlite3_stmt *st = stmt_bound(c, QUEUE_SQL[queue], ARG_I64(q->now), ARG_I64(q->after_due),
	                              ARG_I64(q->after_id), ARG_I64(param4(queue, q)),
	                              ARG_I64((sqlite3_int64)q->limit), ARG_INT(q->remind_pct));
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	size_t got = 0;
	int rc;
	while (got < q->limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_row(st, &rows[got++]);
	if (got < q->limit && rc != SQLITE_DONE)
		res = stmt_fail(c, rc, err);
	sqlite3_reset(st);
	if (res == FQ_OK)
		*n = got;
	return res;
}

fq_status store_sweep_mark_late(store_conn *c, int64_t id, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, "UPDATE requests SET accepted_late = 1 WHERE id = ?", ARG_I64(id));
	return stmt_exec(c, st, err);
}

fq_status store_sweep_item_begin(store_conn *c, fq_err *err)
{
	c->counts_item_mark = metrics_mark(c);
	return conn_exec(c, "SAVEPOINT sweep_item", err);
}

fq_status store_sweep_item_release(store_conn *c, fq_err *err)
{
	return conn_exec(c, "RELEASE sweep_item", err);
}

void store_sweep_item_undo(store_conn *c)
{
	conn_exec(c, "ROLLBACK TO sweep_item", NULL);
	conn_exec(c, "RELEASE sweep_item", NULL);
	metrics_undo(c, c->counts_item_mark);
}

/* ---- open-work counts ------------------------------------------------ */

/* Bytes of a unit path this module copies to build its upper bound. */
#define PATH_MAX_BYTES 256

static const char SQL_OVERDUE_ACCEPT[] =
	"SELECT count(*) FROM requests INDEXED BY requests_accept_due"
	" WHERE state = 'dispatched' AND accept_due < ?1 AND unit_path >= ?2 AND unit_path < ?3";
static const char SQL_OVERDUE_RESOLVE[] =
	"SELECT count(*) FROM requests INDEXED BY requests_resolve_due"
	" WHERE state = 'accepted' AND resolve_due < ?1 AND unit_path >= ?2 AND unit_path < ?3";
static const char SQL_SUPERVISED[] =
	"SELECT count(*) FROM requests INDEXED BY requests_card_due"
	" WHERE card != 'none' AND state IN ('dispatched','accepted')"
	" AND unit_path >= ?2 AND unit_path < ?3";
/* The partial index of open requests by unit_path (migrations 3 and 13): a
 * covering range scan of the unit's open requests ("/" .. "0" is all of
 * them). */
static const char SQL_OPEN[] = "SELECT count(*) FROM requests INDEXED BY requests_open_scope"
			       " WHERE " SQL_REQ_OPEN " AND unit_path >= ?2 AND unit_path < ?3";

/* Run a count statement bound with now and the path range [lo, hi). */
static fq_status count(store_conn *c, const char *sql, int64_t now, const char *lo,
		       const char *hi, int64_t *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, sql, ARG_I64(now), ARG_TEXT(lo), ARG_TEXT(hi));
	return stmt_int(c, st, out, err);
}

fq_status store_sweep_open_counts(store_conn *c, const char *path, int64_t now,
				  store_open_counts *out, fq_err *err)
{
	size_t len = path ? strlen(path) : 0;
	if (len == 0 || len >= PATH_MAX_BYTES || path[len - 1] != '/')
		return fq_fail(err, FQ_EINVAL, "path", "a unit path ends with '/'");
	char hi[PATH_MAX_BYTES];
	memcpy(hi, path, len + 1);
	hi[len - 1] = '0'; /* the character after '/': the end of the prefix range */
	store_open_counts o = {0};
	int64_t late_resolve = 0;
	fq_status res = count(c, SQL_OPEN, now, path, hi, &o.open, err);
	if (res == FQ_OK)
		res = count(c, SQL_OVERDUE_ACCEPT, now, path, hi, &o.overdue, err);
	if (res == FQ_OK)
		res = count(c, SQL_OVERDUE_RESOLVE, now, path, hi, &late_resolve, err);
	if (res == FQ_OK)
		res = count(c, SQL_SUPERVISED, now, path, hi, &o.supervised, err);
	if (res != FQ_OK)
		return res;
	o.overdue += late_resolve;
	*out = o;
	return FQ_OK;
}

/* ---- hot statements (store_plans.h) ---------------------------------------- */

const store_plan_entry store_sweep_plans[] = {
	{"sweep.accept_overdue", SQL_Q_ACCEPT_OVERDUE, "requests_accept_due", NULL},
	{"sweep.resolve_overdue", SQL_Q_RESOLVE_OVERDUE, "requests_resolve_due", NULL},
	{"sweep.followup_over", SQL_Q_FOLLOWUP_OVER, "requests_followup_due", NULL},
	{"sweep.card_overdue", SQL_Q_CARD_OVERDUE, "requests_card_due", NULL},
	{"sweep.accept_soon", SQL_Q_ACCEPT_SOON, "requests_accept_due", NULL},
	{"sweep.resolve_soon", SQL_Q_RESOLVE_SOON, "requests_resolve_due", NULL},
	{"sweep.count_overdue_accept", SQL_OVERDUE_ACCEPT, "requests_accept_due", NULL},
	{"sweep.count_overdue_resolve", SQL_OVERDUE_RESOLVE, "requests_resolve_due", NULL},
	/* the supervised are few: the whole partial index is read */
	{"sweep.count_supervised", SQL_SUPERVISED, "requests_card_due", "requests"},
	{"sweep.count_open", SQL_OPEN, "requests_open_scope", NULL},
	{NULL, NULL, NULL, NULL},
};
