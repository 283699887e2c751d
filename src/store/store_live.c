/*
 * store_live.c - the live_events outbox read side, its purge, webhooks and
 * their delivery queue; see store_live.h.
 */
#include "store/store_live.h"

#include "store/sqlite_int.h"
#include "store/store_plans.h"

static const char SQL_HEAD[] = "SELECT coalesce(max(id), 0) FROM live_events";

static const char SQL_AFTER[] =
	"SELECT e.id, e.at, e.unit_path, coalesce(e.request_id, 0), e.kind, e.payload,"
	" coalesce(r.reporter_account_id, 0), coalesce(r.reporter_person_id, 0),"
	" coalesce(r.household_id, 0), coalesce(r.assignee_account_id, 0), b.path"
	" FROM live_events e LEFT JOIN requests r ON r.id = e.request_id"
	" LEFT JOIN units b ON b.id = r.building_id"
	" WHERE e.id > ?1 AND e.id <= ?2 AND e.at >= ?3 ORDER BY e.id LIMIT ?4";

/* The oldest events before ?1, at most ?2 and never the last, as one range
 * of ids (events are appended in time order): "id IN (...)" let SQLite
 * read the whole table and probe the list. */
static const char SQL_PURGE[] =
	"DELETE FROM live_events WHERE id <= (SELECT max(id) FROM (SELECT id FROM live_events"
	" WHERE at < ?1 AND id < (SELECT max(id) FROM live_events) ORDER BY id LIMIT ?2))";

/* The finished deliveries, by webhook_deliveries_due: "status != 'pending'"
 * read the whole table at every purge. */
static const char SQL_PURGE_DELIVERIES[] =
	"DELETE FROM webhook_deliveries WHERE status IN ('delivered', 'failed')"
	" AND event_id < (SELECT coalesce(min(id), 0) FROM live_events)";

static const char SQL_LEADER_HH[] =
	"SELECT household_id FROM leader_households WHERE leader_id = ?1"
	" ORDER BY household_id LIMIT ?2";

static const char SQL_WEBHOOK_COUNT[] = "SELECT count(*) FROM webhooks WHERE active = 1";

static const char SQL_WEBHOOK_INSERT[] =
	"INSERT INTO webhooks(url, events, secret, active, last_event_id, created_at)"
	" VALUES (?1, ?2, ?3, 1, (SELECT coalesce(max(id), 0) FROM live_events), ?4)";

static const char SQL_WEBHOOK_LIST[] =
	"SELECT w.id, w.url, w.events, w.secret, w.last_event_id, w.created_at,"
	" coalesce(sum(d.status = 'pending'), 0), coalesce(sum(d.status = 'delivered'), 0),"
	" coalesce(sum(d.status = 'failed'), 0)"
	" FROM webhooks w LEFT JOIN webhook_deliveries d ON d.webhook_id = w.id"
	" WHERE w.active = 1 GROUP BY w.id ORDER BY w.id LIMIT ?1";

static const char SQL_WEBHOOK_OFF[] = "UPDATE webhooks SET active = 0 WHERE id = ?1 AND active = 1";

static const char SQL_WEBHOOK_GIVE_UP[] =
	"UPDATE webhook_deliveries SET status = 'failed', next_at = ?2,"
	" last_error = 'the webhook was deleted' WHERE webhook_id = ?1 AND status = 'pending'";

static const char SQL_WEBHOOK_BEHIND[] =
	"SELECT EXISTS (SELECT 1 FROM webhooks WHERE active = 1"
	" AND last_event_id < (SELECT coalesce(max(id), 0) FROM live_events))";

static const char SQL_DELIVERY_INSERT[] =
	"INSERT INTO webhook_deliveries(webhook_id, event_id, attempts, next_at, status)"
	" VALUES (?1, ?2, 0, ?3, 'pending')";

static const char SQL_WEBHOOK_ADVANCE[] = "UPDATE webhooks SET last_event_id = ?2 WHERE id = ?1";

static const char SQL_DELIVERY_DUE[] =
	"SELECT d.id, d.webhook_id, d.attempts, w.url, w.secret, d.event_id, e.id IS NULL,"
	" coalesce(e.at, 0), coalesce(e.kind, ''), coalesce(e.payload, '{}')"
	" FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.active = 1"
	" LEFT JOIN live_events e ON e.id = d.event_id"
	" WHERE d.status = 'pending' AND d.next_at <= ?1 ORDER BY d.next_at, d.id LIMIT ?2";

static const char SQL_DELIVERY_UPDATE[] =
	"UPDATE webhook_deliveries SET attempts = ?2, status = ?3, next_at = ?4,"
	" last_error = coalesce(?5, last_error) WHERE id = ?1";

/* ---- the outbox ------------------------------------------------------ */

fq_status store_live_head(store_conn *c, int64_t *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_HEAD);
	fq_status res = stmt_ready(st, err);
	return res == FQ_OK ? stmt_int(c, st, out, err) : res;
}

ROW_READER(read_row, store_live_row,
	COL(I64, id), COL(I64, at), COL(OPT, unit_path), COL(I64, request_id), COL(OPT, kind),
	COL(OPT, payload), COL(I64, reporter_account_id), COL(I64, reporter_person_id),
	COL(I64, household_id), COL(I64, assignee_account_id), COL(OPT, building_path))

fq_status store_live_after(store_conn *c, fq_arena *a, int64_t after_id, int64_t upto_id,
			   int64_t min_at, int limit, store_live_row **out, size_t *n,
			   fq_err *err)
{
	if (limit < 1 || limit > STORE_LIVE_ROWS_MAX)
		return fq_fail(err, FQ_EINVAL, "limit", "limit must be from 1 to %d",
		               STORE_LIVE_ROWS_MAX);
	sqlite3_stmt *st = stmt_bound(c, SQL_AFTER, ARG_I64(after_id), ARG_I64(upto_id),
	                              ARG_I64(min_at), ARG_INT(limit));
	return stmt_rows(c, a, st, (size_t)limit, sizeof **out, read_row, (void **)out, n, err);
}

fq_status store_live_purge(store_conn *c, int64_t before_at, int max, int *deleted, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_PURGE, ARG_I64(before_at), ARG_INT(max));
	fq_status res = stmt_exec(c, st, err);
	int n = sqlite3_changes(c->db);
	if (res == FQ_OK) {
		st = stmt_get(c, SQL_PURGE_DELIVERIES);
		res = stmt_ready(st, err);
	}
	if (res == FQ_OK)
		res = stmt_exec(c, st, err);
	if (res == FQ_OK && deleted)
		*deleted = n;
	return res;
}

fq_status store_live_leader_households(store_conn *c, int64_t leader_id, int64_t *ids,
				       size_t max, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_LEADER_HH, ARG_I64(leader_id), ARG_I64((int64_t)max));
	size_t k = 0;
	fq_status res = stmt_ids(c, st, ids, max, &k, err);
	if (res == FQ_OK)
		*n = k;
	return res;
}

/* ---- webhooks --------------------------------------------------------- */

fq_status store_webhook_insert(store_conn *c, const char *url, const char *events,
			       const char *secret, int64_t now, int64_t *id_out, fq_err *err)
{
	int64_t active = 0;
	sqlite3_stmt *st = stmt_get(c, SQL_WEBHOOK_COUNT);
	fq_status res = stmt_ready(st, err);
	if (res == FQ_OK)
		res = stmt_int(c, st, &active, err);
	if (res != FQ_OK)
		return res;
	if (active >= STORE_WEBHOOKS_MAX)
		return fq_fail(err, FQ_ETOOBIG, "url", "at most %d webhooks may be registered",
		               STORE_WEBHOOKS_MAX);
	st = stmt_bound(c, SQL_WEBHOOK_INSERT, ARG_TEXT(url), ARG_TEXT(events), ARG_TEXT(secret),
	                ARG_I64(now));
	return stmt_insert(c, st, id_out, err);
}

ROW_READER(read_webhook, store_webhook,
	COL(I64, id), COL(OPT, url), COL(OPT, events), COL(OPT, secret), COL(I64, last_event_id),
	COL(I64, created_at), COL(I64, pending), COL(I64, delivered), COL(I64, failed))

fq_status store_webhook_list(store_conn *c, fq_arena *a, store_webhook **out, size_t *n,
			     fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_WEBHOOK_LIST, ARG_INT(STORE_WEBHOOKS_MAX));
	return stmt_rows(c, a, st, STORE_WEBHOOKS_MAX, sizeof **out, read_webhook, (void **)out, n,
	                 err);
}

fq_status store_webhook_delete(store_conn *c, int64_t id, int64_t now, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_WEBHOOK_OFF, ARG_I64(id));
	fq_status res = stmt_exec(c, st, err);
	if (res != FQ_OK)
		return res;
	if (sqlite3_changes(c->db) == 0)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such webhook");
	st = stmt_bound(c, SQL_WEBHOOK_GIVE_UP, ARG_I64(id), ARG_I64(now));
	return stmt_exec(c, st, err);
}

fq_status store_webhook_behind(store_conn *c, int *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_WEBHOOK_BEHIND);
	fq_status res = stmt_ready(st, err);
	int64_t v = 0;
	if (res == FQ_OK)
		res = stmt_int(c, st, &v, err);
	if (res == FQ_OK)
		*out = v != 0;
	return res;
}

fq_status store_delivery_insert(store_conn *c, int64_t webhook_id, int64_t event_id, int64_t now,
				fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_DELIVERY_INSERT, ARG_I64(webhook_id),
	                              ARG_I64(event_id), ARG_I64(now));
	return stmt_exec(c, st, err);
}

fq_status store_webhook_advance(store_conn *c, int64_t id, int64_t last_event_id, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_WEBHOOK_ADVANCE, ARG_I64(id), ARG_I64(last_event_id));
	return stmt_exec(c, st, err);
}

ROW_READER(read_delivery, store_delivery,
	COL(I64, id), COL(I64, webhook_id), COL(INT, attempts), COL(OPT, url), COL(OPT, secret),
	COL(I64, event.id), COL(INT, event_missing), COL(I64, event.at), COL(OPT, event.kind),
	COL(OPT, event.payload))

fq_status store_delivery_due(store_conn *c, fq_arena *a, int64_t now, int limit,
			     store_delivery **out, size_t *n, fq_err *err)
{
	if (limit < 1 || limit > STORE_DELIVERIES_MAX)
		return fq_fail(err, FQ_EINVAL, "limit", "limit must be from 1 to %d",
		               STORE_DELIVERIES_MAX);
	sqlite3_stmt *st = stmt_bound(c, SQL_DELIVERY_DUE, ARG_I64(now), ARG_INT(limit));
	return stmt_rows(c, a, st, (size_t)limit, sizeof **out, read_delivery, (void **)out, n,
	                 err);
}

fq_status store_delivery_update(store_conn *c, int64_t id, int attempts, const char *status,
				int64_t next_at, const char *last_error, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_DELIVERY_UPDATE, ARG_I64(id), ARG_INT(attempts),
	                              ARG_TEXT(status), ARG_I64(next_at), ARG_TEXT(last_error));
	return stmt_exec(c, st, err);
}

/* ---- hot statements (store_plans.h) ---------------------------------------- */

const store_plan_entry store_live_plans[] = {
	{"live.head", SQL_HEAD, "", NULL},
	{"live.after", SQL_AFTER, "rowid", NULL},
	{"live.purge", SQL_PURGE, "rowid", NULL},
	{NULL, NULL, NULL, NULL},
};
