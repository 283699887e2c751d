/*
 * stats.c - the metrics of DESIGN.md section 3 over HTTP:
 *
 *   GET /api/v1/stats?unit=&from=&to=&by=&category=&channel=&weights=
 *   GET /api/v1/stats/overview?unit=
 *
 * Everything is read through domain/stats_svc.h from the metric counters
 * (store_metrics.h), which the requests module keeps in the same transaction as each timeline event, so
 * a query costs one row per (day, group) and never a scan of requests; the
 * overview's open work reads the sweeper's partial indexes
 * (store_sweep.h). Rates and the composite are metrics.h's, rounded to
 * STATS_RATE_DECIMALS; a rate without data is null, never 0.
 *
 * Scope: staff see the units within their roles' units; a unit outside is
 * a 404. Without ?unit= the caller's widest unit is used.
 */
#include "api/handlers.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/jsonw.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/requests.h"
#include "domain/stats_svc.h"

/* Decimals rates are rounded to. */
#define STATS_RATE_DECIMALS 2
/* Characters of a channel argument. */
#define STATS_CHANNEL_MAX 16
/* Bytes of a date "YYYY-MM-DD". */
#define STATS_DATE_MAX CAL_DATE_STR

/* ---- JSON ----------------------------------------------------------- */

/* GET /api/v1/stats is written with a jsonw (a year by day is 365 entries
 * of 17 values); the overview is small and built with jansson. */

static json_t *unit_json(const statsvc_unit *u)
{
	return json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)u->id, "code", api_jstr(u->code),
			 "name", api_jstr(u->name), "kind", api_jstr(u->kind));
}

static json_t *date_json(cal_date d)
{
	char buf[STATS_DATE_MAX];
	return json_string(cal_date_format(d, buf, sizeof buf));
}

static void w_rate(jsonw *w, const char *key, double v)
{
	jsonw_key(w, key);
	if (v < 0) {
		jsonw_null(w);
		return;
	}
	double scale = pow(10, STATS_RATE_DECIMALS);
	jsonw_real(w, round(v * scale) / scale);
}

static void w_counts(jsonw *w, const metrics_counts *m)
{
	metrics_counts copy = *m;
	jsonw_object(w);
	for (int i = 0; i < METRICS_N_COUNTS; i++) {
		jsonw_key(w, metrics_name(i));
		jsonw_int(w, *metrics_at(&copy, i));
	}
	jsonw_close(w);
}

static void w_rates(jsonw *w, const metrics_counts *m, const metrics_weights *wt)
{
	metrics_rates r;
	metrics_rates_of(m, wt, &r);
	jsonw_object(w);
	w_rate(w, "response", r.response);
	w_rate(w, "resolution", r.resolution);
	w_rate(w, "satisfaction", r.satisfaction);
	w_rate(w, "on_time", r.on_time);
	w_rate(w, "composite", r.composite);
	jsonw_close(w);
}

/* The members "counts" and "rates" of m. */
static void w_figures(jsonw *w, const metrics_counts *m, const metrics_weights *wt)
{
	jsonw_key(w, "counts");
	w_counts(w, m);
	jsonw_key(w, "rates");
	w_rates(w, m, wt);
}

/* Open one entry of a series, {key, counts, rates, ...}; the caller adds
 * its own members and closes it. */
static void w_entry(jsonw *w, const char *key, const metrics_counts *m, const metrics_weights *wt)
{
	jsonw_object(w);
	jsonw_key(w, "key");
	jsonw_str(w, key);
	w_figures(w, m, wt);
}

static void w_unit(jsonw *w, const statsvc_unit *u)
{
	jsonw_object(w);
	jsonw_key(w, "id");
	jsonw_int(w, u->id);
	jsonw_key(w, "code");
	jsonw_str(w, u->code);
	jsonw_key(w, "name");
	jsonw_str(w, u->name);
	jsonw_key(w, "kind");
	jsonw_str(w, u->kind);
	jsonw_close(w);
}

static void w_date(jsonw *w, cal_date d)
{
	char buf[STATS_DATE_MAX];
	jsonw_str(w, cal_date_format(d, buf, sizeof buf));
}

/* ---- query arguments ------------------------------------------------------ */

/* ?unit=: -1 when absent (the caller's widest unit), 0 the deployment. */
static fq_status parse_unit(http_req *r, int64_t *id, fq_err *err)
{
	return api_query_int(r, "unit", 0, INT64_MAX, -1, id, err);
}

static cal_date today(void)
{
	return cal_date_of(fq_now_ms() / 1000);
}

static fq_status parse_date(http_req *r, const char *name, cal_date dflt, cal_date *out,
			    fq_err *err)
{
	const char *v = http_query(r, name);
	if (!v || !*v) {
		*out = dflt;
		return FQ_OK;
	}
	return cal_date_parse(v, name, out, err);
}

/* from and to: default the last STATS_RANGE_DAYS_DEFAULT days to today. */
static fq_status parse_range(http_req *r, statsvc_query *q, fq_err *err)
{
	fq_status st = parse_date(r, "to", today(), &q->to, err);
	if (st == FQ_OK && cal_date_valid(q->to))
		st = parse_date(r, "from", stats_days_before(q->to, STATS_RANGE_DAYS_DEFAULT - 1),
				&q->from, err);
	return st == FQ_OK ? stats_range_check(q->from, q->to, err) : st;
}

static fq_status parse_channel(http_req *r, statsvc_query *q, fq_err *err)
{
	const char *ch = http_query(r, "channel");
	q->channel = NULL;
	if (!ch || !*ch)
		return FQ_OK;
	if (strlen(ch) > STATS_CHANNEL_MAX || reqsvc_channel_parse(ch) == REQSVC_CH_NONE)
		return fq_fail(err, FQ_EINVAL, "channel", "channel must be self, proxy, hotline, "
							  "visit, inspection or open311");
	q->channel = ch;
	return FQ_OK;
}

/* The dimension the filters select, refusing the combinations the
 * counters do not hold (they are kept per category and per channel, not
 * per both). */
static fq_status pick_dim(statsvc_query *q, fq_err *err)
{
	if (q->category && q->channel)
		return fq_fail(err, FQ_EINVAL, "channel",
			       "category and channel cannot be combined");
	bool by_dim = q->by == STATS_BY_CATEGORY || q->by == STATS_BY_CHANNEL;
	if (by_dim && (q->category || q->channel))
		return fq_fail(err, FQ_EINVAL, q->category ? "category" : "channel",
			       "by=%s cannot be combined with a category or channel filter",
			       stats_by_name(q->by));
	if (q->category)
		snprintf(q->dim, sizeof q->dim, "c:%lld", (long long)q->category);
	else if (q->channel)
		snprintf(q->dim, sizeof q->dim, "ch:%s", q->channel);
	else
		q->dim[0] = '\0';
	return FQ_OK;
}

static fq_status parse_weights(app *a, http_req *r, metrics_weights *w, fq_err *err)
{
	const char *v = http_query(r, "weights");
	if (v && *v)
		return stats_weights_parse(v, "weights", w, err);
	return stats_weights_parse(a->cfg.score_weights, "score_weights", w, err);
}

static fq_status parse_query(app *a, http_req *r, statsvc_query *q, fq_err *err)
{
	fq_status st = parse_range(r, q, err);
	q->by = stats_by_parse(http_query(r, "by"));
	if (st == FQ_OK && q->by == STATS_BY_COUNT)
		st = fq_fail(err, FQ_EINVAL, "by",
			     "by must be day, week, month, category, channel or unit");
	if (st == FQ_OK)
		st = api_query_int(r, "category", 1, INT64_MAX, 0, &q->category, err);
	if (st == FQ_OK)
		st = parse_channel(r, q, err);
	if (st == FQ_OK)
		st = pick_dim(q, err);
	if (st == FQ_OK)
		st = parse_weights(a, r, &q->weights, err);
	return st;
}

/* ---- series ------------------------------------------------------------ */

/* One entry per period of the range, empty periods included. */
static void period_series(const statsvc_query *q, const statsvc_report *rep, jsonw *w)
{
	const store_metrics_group *days = rep->groups;
	size_t n = rep->n, k = 0;
	for (cal_date p = stats_period_start(q->from, q->by); p <= q->to;
	     p = stats_period_next(p, q->by)) {
		cal_date next = stats_period_next(p, q->by);
		metrics_counts sum = {0};
		for (; k < n && days[k].id < next; k++)
			metrics_add(&sum, &days[k].counts);
		char key[STATS_KEY_MAX];
		stats_period_key(p, q->by, key, sizeof key);
		w_entry(w, key, &sum, &q->weights);
		jsonw_close(w);
	}
}

/* One entry per category or channel with counters in the range. */
static void dim_series(const statsvc_query *q, const statsvc_report *rep, jsonw *w)
{
	const store_metrics_group *g = rep->groups;
	for (size_t i = 0; i < rep->n; i++) {
		w_entry(w, g[i].code, &g[i].counts, &q->weights);
		if (q->by == STATS_BY_CATEGORY) {
			jsonw_key(w, "id");
			jsonw_int(w, g[i].id);
			jsonw_key(w, "name");
			jsonw_str(w, g[i].name);
		}
		jsonw_close(w);
	}
}

/* The unit's children, best composite first, each with its rank; those
 * with too small a sample or no data after them, without one
 * (stats_rank). */
static fq_status unit_series(fq_arena *ar, const statsvc_query *q, const statsvc_report *rep,
			     jsonw *w, fq_err *err)
{
	const store_metrics_group *g = rep->groups;
	size_t n = rep->n;
	stats_rank_item *items = fq_arena_alloc(ar, (n ? n : 1) * sizeof *items);
	if (!items)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		metrics_rates rt;
		metrics_rates_of(&g[i].counts, &q->weights, &rt);
		items[i] = (stats_rank_item){g[i].id, rt.composite, i, g[i].counts.intake};
	}
	stats_rank(items, n);
	for (size_t i = 0; i < n; i++) {
		const store_metrics_group *u = &g[items[i].index];
		int ranked = stats_rank_ranked(&items[i]);
		w_entry(w, u->code, &u->counts, &q->weights);
		jsonw_key(w, "rank");
		if (ranked)
			jsonw_int(w, (int64_t)i + 1);
		else
			jsonw_null(w);
		jsonw_key(w, "sample_too_small");
		jsonw_bool(w, !ranked && items[i].composite >= 0);
		jsonw_key(w, "id");
		jsonw_int(w, u->id);
		jsonw_key(w, "name");
		jsonw_str(w, u->name);
		jsonw_key(w, "kind");
		jsonw_str(w, u->kind);
		jsonw_close(w);
	}
	return FQ_OK;
}

static fq_status series_of(fq_arena *ar, const statsvc_query *q, const statsvc_report *rep,
			   jsonw *w, fq_err *err)
{
	if (stats_by_is_period(q->by))
		period_series(q, rep, w);
	else if (q->by == STATS_BY_CATEGORY || q->by == STATS_BY_CHANNEL)
		dim_series(q, rep, w);
	else if (q->by == STATS_BY_UNIT)
		return unit_series(ar, q, rep, w, err);
	return FQ_OK;
}

/* ---- GET /api/v1/stats ------------------------------------------------------ */

/* Everything before the series: the query and the totals. */
static void w_head(jsonw *w, const statsvc_query *q, const metrics_counts *total)
{
	jsonw_key(w, "unit");
	w_unit(w, &q->unit);
	jsonw_key(w, "from");
	w_date(w, q->from);
	jsonw_key(w, "to");
	w_date(w, q->to);
	jsonw_key(w, "by");
	jsonw_str(w, stats_by_name(q->by));
	jsonw_key(w, "filters");
	jsonw_object(w);
	jsonw_key(w, "category");
	if (q->category)
		jsonw_int(w, q->category);
	else
		jsonw_null(w);
	jsonw_key(w, "channel");
	jsonw_str(w, q->channel);
	jsonw_close(w);
	jsonw_key(w, "weights");
	jsonw_object(w);
	jsonw_key(w, "response");
	jsonw_real(w, q->weights.response);
	jsonw_key(w, "resolution");
	jsonw_real(w, q->weights.resolution);
	jsonw_key(w, "satisfaction");
	jsonw_real(w, q->weights.satisfaction);
	jsonw_close(w);
	w_figures(w, total, &q->weights);
}

/* The body into out: on failure out may hold part of it. */
static fq_status stats_body(fq_arena *ar, const statsvc_query *q, const statsvc_report *rep,
			    fq_buf *out, fq_err *err)
{
	jsonw w;
	jsonw_begin(&w, out);
	jsonw_object(&w);
	w_head(&w, q, &rep->total);
	jsonw_key(&w, "series");
	jsonw_array(&w);
	fq_status st = series_of(ar, q, rep, &w, err);
	if (st != FQ_OK)
		return st;
	jsonw_close(&w);
	jsonw_close(&w);
	st = jsonw_end(&w);
	if (st == FQ_ENOMEM)
		return fq_fail(err, st, "", "out of memory");
	if (st != FQ_OK) /* a name in the store that is not UTF-8 */
		return fq_fail(err, FQ_ESTORE, "", "cannot write the statistics as JSON");
	return FQ_OK;
}

void api_stats(app *a, http_req *r)
{
	fq_err err = {0};
	const caller *who = api_caller(r);
	statsvc_query q = {0};
	statsvc_report rep;
	int64_t unit_id = -1;
	fq_buf body = {0};
	fq_status st = parse_query(a, r, &q, &err);
	if (st == FQ_OK)
		st = parse_unit(r, &unit_id, &err);
	if (st == FQ_OK)
		st = statsvc_query_run(a->db, http_arena(r), who, unit_id, &q, &rep, &err);
	if (st == FQ_OK)
		st = stats_body(http_arena(r), &q, &rep, &body, &err);
	size_t len = 0;
	char *text = api_buf_or_reply(r, st, &err, &body, &len);
	if (text)
		api_reply_json_text(r, 200, text, len);
}

/* ---- GET /api/v1/stats/overview ------------------------------------------- */

static json_t *overview_json(const statsvc_overview *v, int64_t now)
{
	const statsvc_unit *u = &v->unit;
	const metrics_counts *t = &v->today;
	const store_open_counts *o = &v->open;
	return json_pack("{s:o, s:o, s:o, s:{s:I, s:I, s:I}, s:I, s:I, s:I}", "unit",
			 unit_json(u), "at", api_time(now), "day", date_json(v->day), "today",
			 "intake", (json_int_t)t->intake, "closed", (json_int_t)t->closed,
			 "escalated", (json_int_t)t->escalated, "open", (json_int_t)o->open,
			 "overdue", (json_int_t)o->overdue, "supervised", (json_int_t)o->supervised);
}

void api_stats_overview(app *a, http_req *r)
{
	fq_err err = {0};
	const caller *who = api_caller(r);
	statsvc_overview v;
	int64_t unit_id = -1, now = fq_now_ms() / 1000;
	fq_status st = parse_unit(r, &unit_id, &err);
	if (st == FQ_OK)
		st = statsvc_overview_get(a->db, http_arena(r), who, unit_id, now, &v, &err);
	api_reply_result(r, st, &err, 200, st == FQ_OK ? overview_json(&v, now) : NULL);
}
