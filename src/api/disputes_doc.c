/*
 * disputes_doc.c - what a dispute case produces beyond JSON: the printable
 * mediation agreement (GET /api/v1/disputes/{id}/agreement.html, Chinese,
 * every value escaped, no inline script or style: it links
 * /disputes/print.css) and the dispute metrics (GET /api/v1/disputes/stats:
 * 化解率 and counts per unit and per day, week or month, from the counters
 * kept with the events).
 */
#include "api/handlers.h"

#include <stdio.h>
#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/dispute_svc.h"

#define AGREEMENT_PAGE_MAX (256 * 1024) /* bytes of the printed agreement */
#define AGREEMENT_CSP                                                                        \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "    \
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
/* Bytes of a formatted date or time on the page. */
#define DOC_TIME_MAX 40
/* Default and largest stretch of the statistics, in days. */
#define STATS_DAYS_DEFAULT 365
#define STATS_DAYS_MAX 1100
/* Most buckets (days, weeks or months) in one answer. */
#define STATS_BUCKETS_MAX 1100
/* Per mille of a rate. */
#define PERMILLE 1000

/* ---- the printable agreement ----------------------------------------------------- */

static const char *day_text(char *buf, size_t n, int64_t t)
{
	if (!t)
		return "    年  月  日";
	cal_date d = cal_date_of(t);
	snprintf(buf, n, "%d年%d月%d日", (int)(d / 10000), (int)(d / 100 % 100), (int)(d % 100));
	return buf;
}

static fq_status doc_head(fq_buf *out, const store_dispute_case *k)
{
	const char *p[] = {
		"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>人民调解协议书 ", k->d.number,
		"</title>\n<link rel=\"stylesheet\" href=\"/disputes/print.css\">\n</head>\n"
		"<body>\n<main class=\"doc\">\n<h1>人民调解协议书</h1>\n<p class=\"doc-no\">编号:",
		k->d.number, "</p>\n<p class=\"doc-unit\">调解组织:", k->d.unit_name,
		"人民调解委员会</p>\n<h2>当事人</h2>\n<table class=\"parties\">\n", NULL};
	fq_status st = fq_buf_html_pieces(out, p);
	for (size_t i = 0; st == FQ_OK && i < k->n_parties; i++) {
		const store_dispute_party *x = &k->parties[i];
		const char *row[] = {"<tr><th>", dsp_party_role_label(x->role), "</th><td>", x->name,
				     "</td><td>", x->address, "</td></tr>\n", NULL};
		st = fq_buf_html_pieces(out, row);
	}
	return st == FQ_OK ? fq_buf_puts(out, "</table>\n") : st;
}

static fq_status doc_body(fq_buf *out, const store_dispute_case *k)
{
	const char *p[] = {"<h2>纠纷主要事实</h2>\n<p class=\"text\">", k->ag_facts,
			   "</p>\n<h2>争议事项</h2>\n<p class=\"text\">", k->ag_points,
			   "</p>\n<h2>各方责任</h2>\n<p class=\"text\">", k->ag_responsibilities,
			   "</p>\n<h2>经调解,自愿达成如下协议</h2>\n<ol class=\"terms\">\n", NULL};
	fq_status st = fq_buf_html_pieces(out, p);
	for (size_t i = 0; st == FQ_OK && i < k->n_terms; i++) {
		char dl[CAL_DATE_STR];
		const store_dispute_term *t = &k->terms[i];
		const char *row[] = {"<li>", t->text,
				     t->deadline ? "<span class=\"deadline\">(履行期限:" : "",
				     t->deadline ? cal_date_format(t->deadline, dl, sizeof dl) : "",
				     t->deadline ? ")</span></li>\n" : "</li>\n", NULL};
		st = fq_buf_html_pieces(out, row);
	}
	char copies[DOC_TIME_MAX];
	snprintf(copies, sizeof copies, "%zu", k->n_parties + 1);
	const char *tail[] = {
		"</ol>\n<p class=\"text\">本协议一式", copies, "份,当事人各执一份,调解委员会留存一份。"
		"本协议自各方当事人签名、盖章或者按指印,人民调解员签名并加盖人民调解委员会印章之日起生效。"
		"双方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。</p>\n",
		NULL};
	return st == FQ_OK ? fq_buf_html_pieces(out, tail) : st;
}

static const store_dispute_signature *signature_of(const store_dispute_case *k, const char *signer,
						   int64_t party_id)
{
	for (size_t i = 0; i < k->n_signatures; i++)
		if (strcmp(k->signatures[i].signer, signer) == 0 &&
		    k->signatures[i].party_id == party_id)
			return &k->signatures[i];
	return NULL;
}

static fq_status doc_sign_row(fq_buf *out, const char *who, const char *name,
			      const store_dispute_signature *s)
{
	char when[DOC_TIME_MAX];
	const char *row[] = {"<tr><th>", who, "</th><td class=\"sig\">", name, "</td><td>",
			     s ? dsp_sign_method_label(s->method) : "(未签)", "</td><td>",
			     day_text(when, sizeof when, s ? s->at : 0), "</td></tr>\n", NULL};
	return fq_buf_html_pieces(out, row);
}

static fq_status doc_signatures(fq_buf *out, const store_dispute_case *k)
{
	fq_status st = fq_buf_puts(out, "<h2>签署</h2>\n<table class=\"signatures\">\n");
	for (size_t i = 0; st == FQ_OK && i < k->n_parties; i++)
		st = doc_sign_row(out, dsp_party_role_label(k->parties[i].role), k->parties[i].name,
				  signature_of(k, "party", k->parties[i].id));
	const store_dispute_signature *m = signature_of(k, "mediator", 0);
	if (st == FQ_OK)
		st = doc_sign_row(out, "人民调解员", m ? m->name : "", m);
	char eff[DOC_TIME_MAX], end[CAL_DATE_STR];
	const char *p[] = {
		"</table>\n<p class=\"seal\">", k->d.unit_name, "人民调解委员会(印)</p>\n"
		"<p class=\"seal\">", day_text(eff, sizeof eff, k->d.effective_at), "</p>\n", NULL};
	if (st == FQ_OK)
		st = fq_buf_html_pieces(out, p);
	if (st == FQ_OK && k->d.judicial_end) {
		const char *j[] = {"<p class=\"judicial\">申请司法确认的期限截至:",
				   cal_date_format(k->d.judicial_end, end, sizeof end), "</p>\n",
				   NULL};
		st = fq_buf_html_pieces(out, j);
	}
	return st;
}

static fq_status doc_page(fq_buf *out, const store_dispute_case *k)
{
	fq_status st = doc_head(out, k);
	if (st == FQ_OK && k->has_agreement)
		st = doc_body(out, k);
	if (st == FQ_OK && !k->has_agreement) {
		const char *p[] = {"<p class=\"text\">本案尚无调解协议。", "", "</p>\n", NULL};
		st = fq_buf_html_pieces(out, p);
	}
	if (st == FQ_OK && k->has_agreement)
		st = doc_signatures(out, k);
	const char *routes = k->d.outcome && !dsp_outcome_resolved(k->d.outcome)
				     ? dsp_routes_text(k->d.type, "zh")
				     : NULL;
	dsp_state s = dsp_state_parse(k->d.state);
	if (s == DSP_FAILED || s == DSP_REFUSED)
		routes = dsp_routes_text(k->d.type, "zh");
	if (st == FQ_OK && routes) {
		const char *p[] = {"<h2>其他救济途径</h2>\n<p class=\"text\">", routes, "</p>\n", NULL};
		st = fq_buf_html_pieces(out, p);
	}
	if (st == FQ_OK)
		st = fq_buf_puts(out, "</main>\n</body>\n</html>\n");
	return st;
}

void api_dispute_agreement_html(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	store_dispute_case k;
	if (st == FQ_OK)
		st = dspsvc_case(a->db, http_arena(r), api_caller(r), id, &k, &err);
	fq_buf page = {.limit = AGREEMENT_PAGE_MAX};
	if (st == FQ_OK)
		st = doc_page(&page, &k);
	size_t len = 0;
	char *body = api_buf_or_reply(r, st, &err, &page, &len);
	if (!body)
		return;
	http_add_header(r, "Cache-Control", "private, no-cache");
	http_add_header(r, "Content-Security-Policy", AGREEMENT_CSP);
	http_add_header(r, "Cache-Control", "no-store"); /* names, addresses and ID numbers */
	http_reply_take(r, 200, "text/html; charset=utf-8", body, len);
}

/* ---- GET /api/v1/disputes/stats ---------------------------------------------------------- */

/* 化解率 in per mille: resolved ÷ closed; null when nothing closed. */
static json_t *rate(int64_t num, int64_t den)
{
	return den > 0 ? json_real((double)(num * PERMILLE / den) / PERMILLE) : json_null();
}

static json_t *counts_json(const store_dispute_counts *n)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}",
			 "registered", (json_int_t)n->registered, "refused", (json_int_t)n->refused,
			 "escalated", (json_int_t)n->escalated, "signed", (json_int_t)n->signed_,
			 "closed", (json_int_t)n->closed, "resolved", (json_int_t)n->resolved,
			 "failed", (json_int_t)n->failed, "closed_on_time",
			 (json_int_t)n->closed_on_time, "judicial_applied",
			 (json_int_t)n->judicial_applied, "judicial_confirmed",
			 (json_int_t)n->judicial_confirmed, "resolution_rate",
			 rate(n->resolved, n->closed), "on_time_rate",
			 rate(n->closed_on_time, n->closed));
}

static void add_counts(store_dispute_counts *to, const store_dispute_counts *n)
{
	to->registered += n->registered;
	to->refused += n->refused;
	to->escalated += n->escalated;
	to->signed_ += n->signed_;
	to->closed += n->closed;
	to->resolved += n->resolved;
	to->failed += n->failed;
	to->closed_on_time += n->closed_on_time;
	to->judicial_applied += n->judicial_applied;
	to->judicial_confirmed += n->judicial_confirmed;
}

/* The bucket a day falls in: itself, the Monday of its week, or its month. */
static cal_date bucket_of(cal_date d, char period)
{
	if (period == 'm')
		return d / 100 * 100 + 1;
	if (period == 'w') {
		int back = (cal_weekday(d) + 6) % 7;
		return cal_date_of(cal_date_start(d) + CAL_DAY_S / 2 - (int64_t)back * CAL_DAY_S);
	}
	return d;
}

static json_t *series_json(const store_dispute_day *days, size_t n, char period)
{
	json_t *arr = json_array();
	store_dispute_counts acc = {0};
	cal_date cur = 0;
	for (size_t i = 0; i <= n && arr; i++) {
		cal_date b = i < n ? bucket_of(days[i].day, period) : 0;
		if (cur && b != cur && json_array_size(arr) < STATS_BUCKETS_MAX) {
			char key[CAL_DATE_STR];
			cal_date_format(cur, key, sizeof key);
			if (period == 'm')
				key[7] = '\0';
			json_t *o = counts_json(&acc);
			json_object_set_new(o, "period", json_string(key));
			json_array_append_new(arr, o);
			acc = (store_dispute_counts){0};
		}
		if (i < n) {
			cur = b;
			add_counts(&acc, &days[i].n);
		}
	}
	return arr;
}

static json_t *units_json(const store_dispute_unit_counts *u, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++) {
		json_t *o = counts_json(&u[i].n);
		json_object_set_new(o, "unit", json_pack("{s:I, s:s}", "id", (json_int_t)u[i].unit_id,
							 "name", u[i].name));
		json_array_append_new(arr, o);
	}
	return arr;
}

typedef struct stats_args {
	int64_t unit_id;
	char period;
	cal_date from, to;
} stats_args;

static fq_status stats_parse(http_req *r, const caller *who, stats_args *s, fq_err *err)
{
	fq_status st = api_query_int(r, "unit_id", 0, INT64_MAX, -1, &s->unit_id, err);
	const char *period = http_query(r, "period");
	const char *from = http_query(r, "from"), *to = http_query(r, "to");
	s->period = !period || !*period || strcmp(period, "month") == 0 ? 'm'
		    : strcmp(period, "week") == 0			    ? 'w'
		    : strcmp(period, "day") == 0			    ? 'd'
									    : 0;
	if (st == FQ_OK && !s->period)
		st = fq_failr(err, FQ_EINVAL, "period", "dispute.report_period",
			      "period must be day, week or month");
	int64_t now = fq_now_ms() / 1000;
	s->to = cal_date_of(now);
	s->from = cal_date_of(now - (int64_t)STATS_DAYS_DEFAULT * CAL_DAY_S);
	if (st == FQ_OK && to && *to)
		st = cal_date_parse(to, "to", &s->to, err);
	if (st == FQ_OK && from && *from)
		st = cal_date_parse(from, "from", &s->from, err);
	if (st == FQ_OK && (s->from > s->to ||
			    dsp_days_left(s->from, s->to) > STATS_DAYS_MAX))
		st = fq_failr(err, FQ_EINVAL, "from", "dispute.report_range",
			      "from must be before to and at most %d days before",
			      STATS_DAYS_MAX);
	for (int i = 0; st == FQ_OK && s->unit_id < 0 && i < who->n_roles; i++)
		if (who->r[i].role & DSP_STAFF_ROLES)
			s->unit_id = who->r[i].unit_id;
	return st;
}

static json_t *stats_json(const stats_args *s, const dspsvc_stats *v)
{
	store_dispute_counts total = {0};
	for (size_t i = 0; i < v->n_days; i++)
		add_counts(&total, &v->days[i].n);
	char f[CAL_DATE_STR], t[CAL_DATE_STR];
	return json_pack("{s:{s:I, s:s}, s:s, s:s, s:s, s:o, s:I, s:I, s:o, s:o}", "unit", "id",
			 (json_int_t)v->unit.id, "name", v->unit.name, "period",
			 s->period == 'm' ? "month" : s->period == 'w' ? "week" : "day", "from",
			 cal_date_format(s->from, f, sizeof f), "to",
			 cal_date_format(s->to, t, sizeof t), "totals", counts_json(&total), "open",
			 (json_int_t)v->open, "overdue", (json_int_t)v->overdue, "series",
			 series_json(v->days, v->n_days, s->period), "units",
			 units_json(v->units, v->n_units));
}

void api_disputes_stats(app *a, http_req *r)
{
	fq_err err = {0};
	stats_args s = {0};
	fq_status st = stats_parse(r, api_caller(r), &s, &err);
	dspsvc_stats v;
	if (st == FQ_OK)
		st = dspsvc_stats_read(a->db, http_arena(r), api_caller(r), s.unit_id, s.from, s.to,
				       fq_now_ms() / 1000, &v, &err);
	api_reply_result(r, st, &err, 200, st == FQ_OK ? stats_json(&s, &v) : NULL);
}
