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
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/search.h"
#include "core/sheet.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "domain/lifecycle.h"
#include "domain/org.h"
#include "domain/search.h"
#include "store/store_catalogue.h"

/* Bytes of a formatted time or number cell, and of a temporary path. */
#define CELL_MAX 40
#define TMP_PATH_MAX 256

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

/* category=<id> or category=<code>; a top class takes its sub-categories. */
static fq_status parse_category(http_req *r, store_conn *c, store_search_filter *f,
				fq_err *err)
{
	const char *s = http_query(r, "category");
	if (!s || !*s)
		return FQ_OK;
	char *end = NULL;
	long long id = strtoll(s, &end, 10);
	int numeric = end && *end == '\0' && id > 0;
	store_category cat;
	fq_status st = store_category_get(c, numeric ? id : 0, numeric ? NULL : s,
					  http_arena(r), &cat, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EINVAL, "category", "unknown category %s", s);
	if (st == FQ_OK)
		f->category_id = cat.id;
	return st;
}

static fq_status parse_unit(http_req *r, store_conn *c, store_search_filter *f, fq_err *err)
{
	int64_t id = 0;
	const char *kind = NULL, *path = NULL;
	fq_status st = api_query_int(r, "unit", 1, INT64_MAX, 0, &id, err);
	if (st != FQ_OK || id == 0)
		return st;
	st = store_search_unit(c, id, http_arena(r), &kind, &path, err);
	if (st == FQ_OK)
		st = search_unit_allowed(api_caller(r), path, err);
	if (st == FQ_OK)
		f->unit_path = path;
	return st;
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
		return fq_fail(err, FQ_EINVAL, name,
			       "%s must be a date (2026-11-23) or an RFC 3339 time", name);
	if (end_of_day && strlen(s) == DATE_ONLY_LEN)
		*out += CAL_DAY_S - 1;
	return FQ_OK;
}

static fq_status parse_q(http_req *r, store_search_filter *f, fq_err *err)
{
	const char *q = http_query(r, "q");
	if (!q || !*q)
		return FQ_OK;
	size_t len = strlen(q);
	if (!utf8_valid(q, len, NULL))
		return fq_fail(err, FQ_EINVAL, "q", "q is not valid UTF-8");
	if (utf8_char_count(q, len) > SEARCH_Q_MAX)
		return fq_fail(err, FQ_EINVAL, "q", "q is longer than %d characters", SEARCH_Q_MAX);
	search_set_text(f, q);
	return FQ_OK;
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
		st = fq_fail(err, FQ_EINVAL, "to", "to is before from");
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

/* The whole filter: the plain arguments, then those the store resolves,
 * then the caller's reach. */
static fq_status parse_filter(http_req *r, store_conn *c, store_search_filter *f, fq_err *err)
{
	memset(f, 0, sizeof *f);
	fq_status st = parse_plain(r, f, err);
	if (st == FQ_OK)
		st = parse_category(r, c, f, err);
	if (st == FQ_OK)
		st = parse_unit(r, c, f, err);
	search_scope_of(api_caller(r), &f->scope);
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

json_t *api_request_item_json(const store_search_row *row, int64_t now)
{
	sla_timing t = search_timing(row, now);
	json_t *grid = row->grid_id ? json_pack("{s:I, s:s?}", "id", (json_int_t)row->grid_id,
						"name", row->grid_name)
				    : json_null();
	json_t *cat = json_pack("{s:I, s:s?, s:s?}", "id", (json_int_t)row->category_id, "code",
				row->category_code, "name", row->category_name);
	return json_pack("{s:I, s:s, s:s, s:o, s:s?, s:s, s:i, s:i, s:o, s:o, s:o, s:o, s:s?, "
			 "s:s}",
			 "id", (json_int_t)row->id, "number", row->number, "title", row->title,
			 "category", cat, "channel", row->channel, "state", row->state, "level",
			 row->level, "priority", row->priority, "grid", grid, "created_at",
			 api_time(row->created_at), "accept_due", time_or_null(row->accept_due),
			 "resolve_due", time_or_null(row->resolve_due), "sla",
			 t ? sla_timing_name(t) : NULL, "card", row->card);
}

void api_requests_list(app *a, http_req *r)
{
	fq_err err = {0};
	store_search_filter f;
	store_conn *c = NULL;
	store_search_row *rows = NULL;
	size_t n = 0;
	int more = 0;
	fq_status st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = parse_filter(r, c, &f, &err);
	if (st == FQ_OK)
		st = parse_page(r, &f, &err);
	if (st == FQ_OK)
		st = store_search_requests(c, &f, http_arena(r), &rows, &n, &more, &err);
	store_read_end(a->db, c);
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

fq_status api_households_requests(store_conn *c, fq_arena *a, const int64_t *ids, size_t n,
				  json_t **out, fq_err *err)
{
	store_search_row *rows = NULL;
	size_t nr = 0;
	fq_status st = store_requests_of_households(c, ids, (int)n, SEARCH_HOUSEHOLD_REQUESTS, a,
						    &rows, &nr, err);
	if (st != FQ_OK)
		return st;
	int64_t now = fq_now_ms() / 1000;
	for (size_t i = 0; i < n; i++) {
		out[i] = json_array();
		for (size_t k = 0; k < nr; k++)
			if (rows[k].household_id == ids[i])
				json_array_append_new(out[i], api_request_item_json(&rows[k], now));
	}
	return FQ_OK;
}

/* ---- GET /api/v1/requests/export ---------------------------------------------- */

static const sheet_col export_cols[] = {
	{"编号", 20, false},     {"标题", 30, false},     {"分类", 14, false},
	{"渠道", 8, false},      {"状态", 8, false},      {"层级", 8, false},
	{"网格", 16, false},     {"地址", 30, false},     {"内容", 50, false},
	{"创建时间", 26, false}, {"签收时限", 26, false}, {"办结时限", 26, false},
	{"时效", 10, false},     {"督办", 8, false},
};

#define EXPORT_COLS (sizeof export_cols / sizeof export_cols[0])

static const char *timing_label(sla_timing t)
{
	switch (t) {
	case SLA_ON_TIME:
		return "正常";
	case SLA_DUE_SOON:
		return "即将到期";
	case SLA_OVERDUE:
		return "已超时";
	}
	return "";
}

typedef struct export_job {
	sheet *out;
	int64_t now;
} export_job;

static const char *time_cell(int64_t t, char *buf)
{
	return t > 0 ? fq_time_rfc3339(t, buf, CELL_MAX) : "";
}

static fq_status export_row(void *arg, const store_search_row *row, fq_err *err)
{
	export_job *j = arg;
	char created[CELL_MAX], accept[CELL_MAX], resolve[CELL_MAX];
	const char *f[EXPORT_COLS] = {
		row->number,
		row->title,
		row->category_name,
		search_channel_label(row->channel),
		req_state_label(req_state_parse(row->state), "zh"),
		ladder_level_label(row->level, "zh"),
		row->grid_name,
		row->address,
		row->description,
		time_cell(row->created_at, created),
		time_cell(row->accept_due, accept),
		time_cell(row->resolve_due, resolve),
		timing_label(search_timing(row, j->now)),
		req_card_label(req_card_parse(row->card), "zh"),
	};
	return sheet_row(j->out, f, err);
}

/* Read the whole file at path into a malloc'd buffer. */
static fq_status slurp(const char *path, char **out, size_t *len, fq_err *err)
{
	FILE *fp = fopen(path, "rb");
	struct stat sb;
	char *data = NULL;
	fq_status st = FQ_OK;
	if (!fp || fstat(fileno(fp), &sb) != 0)
		st = fq_fail(err, FQ_EIO, "", "cannot read the export back");
	if (st == FQ_OK && !(data = malloc((size_t)sb.st_size + 1)))
		st = FQ_ENOMEM;
	if (st == FQ_OK && fread(data, 1, (size_t)sb.st_size, fp) != (size_t)sb.st_size)
		st = fq_fail(err, FQ_EIO, "", "cannot read the export back");
	if (fp)
		fclose(fp);
	if (st != FQ_OK) {
		free(data);
		return st;
	}
	*out = data;
	*len = (size_t)sb.st_size;
	return FQ_OK;
}

/* A new empty file for the export, in the temporary directory. */
static fq_status temp_file(char *path, size_t n, fq_err *err)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, n, "%s/fengqiao-export-XXXXXX", dir && *dir ? dir : P_tmpdir);
	int fd = mkstemp(path);
	if (fd < 0)
		return fq_fail(err, FQ_EIO, "", "cannot create a temporary file for the export");
	close(fd);
	return FQ_OK;
}

/* Write the rows of f to a file of format fmt and read it back. */
static fq_status export_file(store_conn *c, const store_search_filter *f, sheet_format fmt,
			     char **data, size_t *len, fq_err *err)
{
	char path[TMP_PATH_MAX];
	export_job j = {.now = f->now};
	fq_status st = temp_file(path, sizeof path, err);
	if (st != FQ_OK)
		return st;
	st = sheet_open(fmt, path, "诉求", export_cols, EXPORT_COLS, &j.out, err);
	if (st == FQ_OK)
		st = store_search_each(c, f, SEARCH_EXPORT_MAX, export_row, &j, err);
	fq_status closed = sheet_close(j.out, err);
	if (st == FQ_OK)
		st = closed;
	if (st == FQ_ETOOBIG)
		st = fq_fail(err, FQ_ETOOBIG, "limit",
			     "an export holds at most %d requests; narrow the filters",
			     SEARCH_EXPORT_MAX);
	if (st == FQ_OK)
		st = slurp(path, data, len, err);
	unlink(path);
	return st;
}

void api_requests_export(app *a, http_req *r)
{
	fq_err err = {0};
	store_search_filter f;
	store_conn *c = NULL;
	char *data = NULL;
	size_t len = 0;
	const char *fmt_name = http_query(r, "format");
	sheet_format fmt = sheet_format_parse(fmt_name && *fmt_name ? fmt_name : "csv");
	fq_status st = fmt ? FQ_OK : fq_fail(&err, FQ_EINVAL, "format", "format must be csv or xlsx");
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = parse_filter(r, c, &f, &err);
	if (st == FQ_OK)
		st = export_file(c, &f, fmt, &data, &len, &err);
	store_read_end(a->db, c);
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
