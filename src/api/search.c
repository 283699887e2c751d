/*
 * search.c - the request list over HTTP: GET /api/v1/requests (filters,
 * text search, cursor pages, within the caller's reach) and GET
 * /api/v1/requests/export (the same filters as a CSV or XLSX file, staff
 * only, at most SEARCH_EXPORT_MAX rows). docs/search.md describes both.
 *
 * Every filter is checked before the store is asked: an unknown state,
 * category, channel or unit, a malformed date or flag is a 422 naming the
 * argument; a unit outside a staff caller's reach is a 404.
 */
#include "api/handlers.h"

#include <stdio.h>
#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/search.h"
#include "core/sheet.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "domain/lifecycle.h"
#include "domain/org.h"
#include "domain/search_svc.h"

/* Characters of a plain date argument, "2026-11-23". */
#define DATE_ONLY_LEN 10

/* Bytes of the Content-Disposition value. */
#define DISPOSITION_MAX 160

/* ---- the filter ------------------------------------------------------------ */

static fq_status parse_state(http_req *r, store_search_filter *f, fq_err *err)
{
	const char *s = http_query(r, "state");
	if (!s || !*s)
		return FQ_OK;
	req_state st = req_state_parse(s);
	if (st == REQ_STATE_NONE)
		return fq_fail(err, FQ_EINVAL, "state", "unknown state %s", s);
	f->state = req_state_name(st);
	return FQ_OK;
}

static fq_status parse_channel(http_req *r, store_search_filter *f, fq_err *err)
{
	const char *s = http_query(r, "channel");
	if (!s || !*s)
		return FQ_OK;
	if (!search_channel_valid(s))
		return fq_fail(err, FQ_EINVAL, "channel",
			       "channel must be self, proxy, hotline, visit, inspection or open311");
	f->channel = s;
	return FQ_OK;
}

/* A date or time argument; a plain date as `to` means the end of that day
 * (to is inclusive). */
static fq_status parse_time(http_req *r, const char *name, int end_of_day, int64_t *out,
			    fq_err *err)
{
	const char *s = http_query(r, name);
	if (!s || !*s)
		return FQ_OK;
	if (fq_time_parse(s, out) != 0)
		return fq_failr(err, FQ_EINVAL, name, "field.date",
				"%s must be a date (2026-11-23) or an RFC 3339 time", name);
	if (end_of_day && strlen(s) == DATE_ONLY_LEN)
		*out += CAL_DAY_S - 1;
	return FQ_OK;
}

static fq_status parse_q(http_req *r, store_search_filter *f, fq_err *err)
{
	const char *q = NULL;
	fq_status st = api_query_text(r, "q", SEARCH_Q_MAX, &q, err);
	if (st == FQ_OK && q)
		search_set_text(f, q);
	return st;
}

/* Flags and bounds that need no store. */
static fq_status parse_plain(http_req *r, store_search_filter *f, fq_err *err)
{
	int64_t level = 0, overdue = 0, supervised = 0;
	fq_status st = parse_state(r, f, err);
	if (st == FQ_OK)
		st = api_query_int(r, "level", LADDER_LEVEL_MIN, LADDER_LEVEL_MAX, 0, &level, err);
	if (st == FQ_OK)
		st = parse_channel(r, f, err);
	if (st == FQ_OK)
		st = parse_time(r, "from", 0, &f->from, err);
	if (st == FQ_OK)
		st = parse_time(r, "to", 1, &f->to, err);
	if (st == FQ_OK && f->from && f->to && f->to < f->from)
		st = fq_failr(err, FQ_EINVAL, "to", "search.range_order", "to is before from");
	if (st == FQ_OK)
		st = api_query_int(r, "overdue", 0, 1, 0, &overdue, err);
	if (st == FQ_OK)
		st = api_query_int(r, "supervised", 0, 1, 0, &supervised, err);
	if (st == FQ_OK)
		st = parse_q(r, f, err);
	f->level = (int)level;
	f->overdue = (int)overdue;
	f->supervised = (int)supervised;
	f->now = fq_now_ms() / 1000;
	return st;
}

/* The whole filter: the plain arguments into f, and the references the
 * service resolves into refs. */
static fq_status parse_filter(http_req *r, store_search_filter *f, srchsvc_refs *refs,
			      fq_err *err)
{
	memset(f, 0, sizeof *f);
	memset(refs, 0, sizeof *refs);
	fq_status st = parse_plain(r, f, err);
	refs->category = http_query(r, "category");
	if (st == FQ_OK)
		st = api_query_int(r, "unit", 1, INT64_MAX, 0, &refs->unit_id, err);
	return st;
}

static fq_status parse_page(http_req *r, store_search_filter *f, fq_err *err)
{
	int64_t limit = 0;
	fq_status st = api_query_int(r, "limit", 1, SEARCH_LIMIT_MAX, SEARCH_LIMIT_DEFAULT, &limit,
				     err);
	if (st == FQ_OK)
		st = org_cursor_decode(http_query(r, "cursor"), &f->before_id, err);
	f->limit = (int)limit;
	return st;
}

/* ---- GET /api/v1/requests --------------------------------------------------- */

static json_t *time_or_null(int64_t t)
{
	return t > 0 ? api_time(t) : json_null();
}

/* The building of a list item: {id, name, address}, or null. */
static json_t *building_ref(const store_search_row *row)
{
	if (!row->building_id || !row->building_name)
		return json_null();
	return json_pack("{s:I, s:s, s:o}", "id", (json_int_t)row->building_id, "name",
			 row->building_name, "address", api_jstr(row->building_address));
}

json_t *api_request_item_json(const store_search_row *row, int64_t now)
{
	sla_timing t = search_timing(row, now);
	json_t *grid = row->grid_id ? json_pack("{s:I, s:s?}", "id", (json_int_t)row->grid_id,
						"name", row->grid_name)
				    : json_null();
	json_t *cat = json_pack("{s:I, s:s?, s:s?}", "id", (json_int_t)row->category_id, "code",
				row->category_code, "name", row->category_name);
	return json_pack("{s:I, s:s, s:s, s:o, s:s?, s:s, s:i, s:i, s:o, s:o, s:o, s:o, s:s?, "
			 "s:s, s:s, s:o, s:o, s:o}",
			 "id", (json_int_t)row->id, "number", row->number, "title", row->title,
			 "category", cat, "channel", row->channel, "state", row->state, "level",
			 row->level, "priority", row->priority, "grid", grid, "created_at",
			 api_time(row->created_at), "accept_due", time_or_null(row->accept_due),
			 "resolve_due", time_or_null(row->resolve_due), "sla",
			 t ? sla_timing_name(t) : NULL, "card", row->card, "address",
			 row->address ? row->address : "", "building", building_ref(row),
			 "lat", row->has_point ? json_real(row->lat) : json_null(), "lon",
			 row->has_point ? json_real(row->lon) : json_null());
}

void api_requests_list(app *a, http_req *r)
{
	fq_err err = {0};
	store_search_filter f;
	srchsvc_refs refs;
	store_search_row *rows = NULL;
	size_t n = 0;
	int more = 0;
	fq_status st = parse_filter(r, &f, &refs, &err);
	if (st == FQ_OK)
		st = parse_page(r, &f, &err);
	if (st == FQ_OK)
		st = srchsvc_requests(a->db, http_arena(r), api_caller(r), &refs, &f, &rows, &n,
				      &more, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, api_request_item_json(&rows[i], f.now));
	json_t *next = json_null();
	if (more && n) {
		char cur[ORG_CURSOR_MAX];
		org_cursor_encode(rows[n - 1].id, cur);
		next = json_string(cur);
	}
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

json_t *api_household_requests_json(const store_search_row *rows, size_t n, int64_t household_id,
				    int64_t now)
{
	json_t *out = json_array();
	for (size_t k = 0; out && k < n; k++)
		if (rows[k].household_id == household_id)
			json_array_append_new(out, api_request_item_json(&rows[k], now));
	return out;
}

/* ---- GET /api/v1/requests/export ---------------------------------------------- */

void api_requests_export(app *a, http_req *r)
{
	fq_err err = {0};
	store_search_filter f;
	srchsvc_refs refs;
	char *data = NULL;
	size_t len = 0;
	const char *fmt_name = http_query(r, "format");
	sheet_format fmt = sheet_format_parse(fmt_name && *fmt_name ? fmt_name : "csv");
	fq_status st = fmt ? FQ_OK : fq_fail(&err, FQ_EINVAL, "format", "format must be csv or xlsx");
	if (st == FQ_OK)
		st = parse_filter(r, &f, &refs, &err);
	if (st == FQ_OK)
		st = srchsvc_export(a->db, http_arena(r), api_caller(r), &refs, &f, fmt, &data, &len,
				    &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	char disposition[DISPOSITION_MAX], day[CAL_DATE_STR];
	snprintf(disposition, sizeof disposition,
		 "attachment; filename=\"requests-%s.%s\"; filename*=UTF-8''%%E8%%AF%%89%%E6%%B1%%82-%s.%s",
		 cal_date_format(cal_date_of(f.now), day, sizeof day), sheet_format_ext(fmt), day,
		 sheet_format_ext(fmt));
	http_add_header(r, "Content-Disposition", disposition);
	http_reply_take(r, 200, sheet_format_mime(fmt), data, len);
}
