/*
 * metrics.c - HTTP counters and their Prometheus rendering; see metrics.h.
 */
#include "http/metrics.h"

#include <stdio.h>
#include <stdlib.h>

static const int tracked_status[METRICS_N_STATUS - 1] = {
	200, 201, 204, 304, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 499, 500, 503};

/* Upper bounds of the latency buckets, in microseconds. */
static const int64_t bucket_us[METRICS_N_BUCKETS - 1] = {
	500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 5000000};

void metrics_init(http_metrics *m, size_t n_routes)
{
	m->n_routes = n_routes;
	m->counts = calloc((n_routes + 1) * METRICS_N_STATUS, sizeof *m->counts);
	for (int i = 0; i < METRICS_N_BUCKETS; i++)
		atomic_init(&m->buckets[i], 0);
	atomic_init(&m->sum_us, 0);
	atomic_init(&m->total, 0);
	atomic_init(&m->open_conns, 0);
}

void metrics_free(http_metrics *m)
{
	if (!m)
		return;
	free(m->counts);
	m->counts = NULL;
}

static int status_index(int status)
{
	for (int i = 0; i < METRICS_N_STATUS - 1; i++)
		if (tracked_status[i] == status)
			return i;
	return METRICS_N_STATUS - 1;
}

void metrics_observe(http_metrics *m, int route, int status, int64_t dur_us)
{
	size_t row = route >= 0 && (size_t)route < m->n_routes ? (size_t)route : m->n_routes;
	if (m->counts)
		atomic_fetch_add_explicit(&m->counts[row * METRICS_N_STATUS + (size_t)status_index(status)],
					  1, memory_order_relaxed);
	int b = 0;
	while (b < METRICS_N_BUCKETS - 1 && dur_us > bucket_us[b])
		b++;
	atomic_fetch_add_explicit(&m->buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->sum_us, (uint64_t)(dur_us > 0 ? dur_us : 0),
				  memory_order_relaxed);
	atomic_fetch_add_explicit(&m->total, 1, memory_order_relaxed);
}

void metrics_connection(http_metrics *m, int delta)
{
	atomic_fetch_add_explicit(&m->open_conns, delta, memory_order_relaxed);
}

static fq_status render_requests(http_metrics *m, const http_route *routes, fq_buf *out)
{
	fq_status st = fq_buf_puts(out, "# HELP fengqiao_http_requests_total HTTP requests by route "
					"and status.\n# TYPE fengqiao_http_requests_total counter\n");
	for (size_t r = 0; r <= m->n_routes && st == FQ_OK; r++) {
		for (int k = 0; k < METRICS_N_STATUS && st == FQ_OK; k++) {
			uint64_t v = atomic_load(&m->counts[r * METRICS_N_STATUS + (size_t)k]);
			if (!v)
				continue;
			char code[8];
			if (k < METRICS_N_STATUS - 1)
				snprintf(code, sizeof code, "%d", tracked_status[k]);
			else
				snprintf(code, sizeof code, "other");
			st = fq_buf_printf(out,
					   "fengqiao_http_requests_total{method=\"%s\",route=\"%s\","
					   "status=\"%s\"} %llu\n",
					   r < m->n_routes ? routes[r].method : "",
					   r < m->n_routes ? routes[r].pattern : "unmatched", code,
					   (unsigned long long)v);
		}
	}
	return st;
}

static fq_status render_latency(http_metrics *m, fq_buf *out)
{
	fq_status st = fq_buf_puts(out, "# HELP fengqiao_http_request_duration_seconds Time from "
					"first byte to reply.\n# TYPE "
					"fengqiao_http_request_duration_seconds histogram\n");
	uint64_t cum = 0;
	for (int b = 0; b < METRICS_N_BUCKETS && st == FQ_OK; b++) {
		cum += atomic_load(&m->buckets[b]);
		if (b < METRICS_N_BUCKETS - 1)
			st = fq_buf_printf(out,
					   "fengqiao_http_request_duration_seconds_bucket{le=\"%g\"} "
					   "%llu\n",
					   (double)bucket_us[b] / 1e6, (unsigned long long)cum);
		else
			st = fq_buf_printf(out,
					   "fengqiao_http_request_duration_seconds_bucket{le=\"+Inf\"} "
					   "%llu\n",
					   (unsigned long long)cum);
	}
	if (st == FQ_OK)
		st = fq_buf_printf(out,
				   "fengqiao_http_request_duration_seconds_sum %.6f\n"
				   "fengqiao_http_request_duration_seconds_count %llu\n",
				   (double)atomic_load(&m->sum_us) / 1e6,
				   (unsigned long long)atomic_load(&m->total));
	return st;
}

fq_status metrics_render(http_metrics *m, const http_route *routes, fq_buf *out)
{
	fq_status st = render_requests(m, routes, out);
	if (st == FQ_OK)
		st = render_latency(m, out);
	if (st == FQ_OK)
		st = fq_buf_printf(out,
				   "# HELP fengqiao_http_open_connections Open client "
				   "connections.\n# TYPE fengqiao_http_open_connections gauge\n"
				   "fengqiao_http_open_connections %lld\n",
				   (long long)atomic_load(&m->open_conns));
	return st;
}
