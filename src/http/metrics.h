/*
 * metrics.h - the HTTP counters behind /metrics: requests by route and
 * status, a latency histogram, and open connections. Lock-free (atomic
 * increments), rendered in Prometheus text format.
 */
#ifndef FQ_HTTP_METRICS_H
#define FQ_HTTP_METRICS_H

#include <stdatomic.h>
#include <stdint.h>

#include "core/buf.h"
#include "http/http.h"

#define METRICS_N_STATUS 18  /* tracked status codes, plus "other" */
#define METRICS_N_BUCKETS 13 /* latency buckets in seconds, plus +Inf */

typedef struct http_metrics {
	size_t n_routes;               /* rows; row n_routes counts unmatched paths */
	atomic_uint_fast64_t *counts;  /* (n_routes + 1) x METRICS_N_STATUS */
	atomic_uint_fast64_t buckets[METRICS_N_BUCKETS];
	atomic_uint_fast64_t sum_us;   /* total latency */
	atomic_uint_fast64_t total;    /* requests observed */
	atomic_int_fast64_t open_conns;
} http_metrics;

void metrics_init(http_metrics *m, size_t n_routes);
void metrics_free(http_metrics *m);

/* Count one finished request: route index (-1 unmatched), status, time. */
void metrics_observe(http_metrics *m, int route, int status, int64_t dur_us);

/* A connection opened (+1) or closed (-1). */
void metrics_connection(http_metrics *m, int delta);

/* Append the Prometheus text for these counters. */
fq_status metrics_render(http_metrics *m, const http_route *routes, fq_buf *out);

#endif
