/*
 * system.c - the operator's routes: /healthz for liveness and /metrics in
 * Prometheus text format (HTTP counters plus the store's commit counters).
 * /metrics tells how the server is used and how often logins fail, so it
 * is served to loopback callers and admins only, unless the operator sets
 * metrics_public. /api/v1/ui/config hands the pages the map settings
 * (tile URLs and their coordinate system): public, the same for everyone,
 * and cacheable.
 */
#include "api/handlers.h"

#include <stdlib.h>

#include "api/json.h"
#include "api/origin.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/system_svc.h"

void api_healthz(app *a, http_req *r)
{
	json_t *j = json_pack("{s:s, s:I, s:i}", "status", "ok", "uptime_s",
			      (json_int_t)((fq_now_ms() - a->started_ms) / 1000), "schema",
			      syssvc_schema_version(a->db));
	api_reply_json(r, 200, j);
}

/* Seconds a browser may keep the UI's settings. */
#define UI_CONFIG_MAX_AGE "300"

void api_ui_config(app *a, http_req *r)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "tile_url", a->cfg.tile_url, "tile_label_url",
			      a->cfg.tile_label_url, "tile_crs", a->cfg.tile_crs);
	http_add_header(r, "Cache-Control", "public, max-age=" UI_CONFIG_MAX_AGE);
	api_reply_json(r, 200, j);
}

static fq_status render_store(store *db, fq_buf *b)
{
	syssvc_stats s;
	syssvc_store_stats(db, &s);
	fq_status st = fq_buf_printf(
		b,
		"# HELP fengqiao_store_commits_total Group commits made durable.\n"
		"# TYPE fengqiao_store_commits_total counter\n"
		"fengqiao_store_commits_total %llu\n"
		"# HELP fengqiao_store_transactions_total Write transactions committed.\n"
		"# TYPE fengqiao_store_transactions_total counter\n"
		"fengqiao_store_transactions_total %llu\n"
		"# HELP fengqiao_store_transactions_failed_total Write transactions rolled back.\n"
		"# TYPE fengqiao_store_transactions_failed_total counter\n"
		"fengqiao_store_transactions_failed_total %llu\n"
		"# HELP fengqiao_store_write_queue Write transactions waiting.\n"
		"# TYPE fengqiao_store_write_queue gauge\n"
		"fengqiao_store_write_queue %llu\n"
		"# HELP fengqiao_store_batch_size Transactions per group commit.\n"
		"# TYPE fengqiao_store_batch_size histogram\n",
		(unsigned long long)s.commits, (unsigned long long)s.transactions,
		(unsigned long long)s.failed, (unsigned long long)s.queue_len);
	uint64_t cum = 0;
	for (int i = 0; i < SYSSVC_BATCH_BUCKETS && st == FQ_OK; i++) {
		cum += s.batch_hist[i];
		if (i < SYSSVC_BATCH_BUCKETS - 1)
			st = fq_buf_printf(b, "fengqiao_store_batch_size_bucket{le=\"%d\"} %llu\n",
					   1 << i, (unsigned long long)cum);
		else
			st = fq_buf_printf(b, "fengqiao_store_batch_size_bucket{le=\"+Inf\"} %llu\n",
					   (unsigned long long)cum);
	}
	if (st == FQ_OK)
		st = fq_buf_printf(b, "fengqiao_store_batch_size_count %llu\n",
				   (unsigned long long)s.commits);
	if (st == FQ_OK)
		st = fq_buf_printf(
			b,
			"# HELP fengqiao_store_checkpoints_total WAL checkpoints, by their thread"
			" or by the writer at the WAL's bound.\n"
			"# TYPE fengqiao_store_checkpoints_total counter\n"
			"fengqiao_store_checkpoints_total{by=\"thread\"} %llu\n"
			"fengqiao_store_checkpoints_total{by=\"writer\"} %llu\n",
			(unsigned long long)s.checkpoints, (unsigned long long)s.checkpoints_inline);
	return st;
}

/* FQ_OK when the caller may read /metrics: anyone under metrics_public,
 * else a loopback caller or an admin's session (401/403 otherwise). */
static fq_status metrics_allowed(app *a, http_req *r, fq_err *err)
{
	static const http_route admins = {"GET", "/metrics", api_metrics, ROLE_ADMIN};
	if (a->cfg.metrics_public || api_addr_is_loopback(http_peer(r)))
		return FQ_OK;
	fq_status st = api_before(a, r, &admins, err);
	if (st == FQ_EFORBIDDEN)
		return fq_fail(err, st, "", "/metrics is for loopback callers and admins "
					    "(the operator may set metrics_public = 1)");
	return st;
}

void api_metrics(app *a, http_req *r)
{
	fq_err err = {0};
	fq_status st = metrics_allowed(a, r, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	fq_buf b = {0};
	st = http_metrics_render(a->server, &b);
	if (st == FQ_OK)
		st = render_store(a->db, &b);
	if (st != FQ_OK) {
		fq_buf_free(&b);
		api_reply_error(r, st, NULL);
		return;
	}
	size_t len = b.len;
	http_reply_take(r, 200, "text/plain; version=0.0.4; charset=utf-8", fq_buf_take(&b), len);
}
