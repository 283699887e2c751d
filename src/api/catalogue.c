/*
 * catalogue.c - the request categories and the working-day calendar over
 * HTTP: GET /api/v1/categories (the tree with start levels, priorities,
 * icons, time limits and danger warnings with their numbers; any
 * logged-in caller), the administrator's
 * POST /api/v1/categories and PUT /api/v1/categories/{id}; and GET
 * /api/v1/calendar?year=, PUT and DELETE /api/v1/calendar/{day}.
 *
 * Edits are checked here for their shape and again by the service inside
 * the write (domain/catalogue_svc.h, against the row as it is then), which
 * audits them in the same transaction; the request is parked meanwhile.
 */
#include "api/handlers.h"

#include <stdio.h>
#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/park.h"
#include "core/timeutil.h"
#include "domain/catalogue_svc.h"

/* Bytes of a field name such as "limits[4].resolve", and of an audit
 * detail (the request body, cut). */
#define CAT_FIELD_MAX 48
#define CAT_DETAIL_MAX 2048

/* Characters of a calendar kind ("holiday", "workday"), and the largest id
 * a body may name (2^53 - 1, exact in a JSON number). */
#define CAL_KIND_FIELD_MAX 16
#define CAT_ID_MAX 9007199254740991.0

/* The audit of r: the caller, its address, and the body as sent, cut to
 * CAT_DETAIL_MAX bytes. */
static catsvc_audit audit_of(http_req *r)
{
	const caller *who = api_caller(r);
	catsvc_audit by = {.account_id = who ? who->account_id : 0, .peer = http_peer(r)};
	size_t len = 0;
	const char *body = http_body(r, &len);
	if (body && len)
		by.detail = fq_arena_strndup(http_arena(r), body,
					     len < CAT_DETAIL_MAX ? len : CAT_DETAIL_MAX);
	return by;
}

/* ---- JSON of categories -------------------------------------------------- */

static json_t *limit_json(const sla_limit *l)
{
	return json_pack("{s:i, s:s?}", "amount", l->amount, "unit", sla_unit_name(l->unit));
}

static json_t *limits_json(const store_category *c)
{
	json_t *arr = json_array();
	for (int lv = 1; c->has_limits && lv <= LADDER_LEVEL_MAX; lv++) {
		const sla_level_limits *x = sla_limits_at(&c->limits, lv);
		json_array_append_new(arr, json_pack("{s:i, s:s, s:o, s:o}", "level", lv,
						     "level_name", ladder_level_label(lv, "zh"),
						     "accept", limit_json(&x->accept), "resolve",
						     limit_json(&x->resolve)));
	}
	return arr;
}

/* The numbers to call as [{number, label}]; a stored text that no longer
 * parses (edited outside Fengqiao) gives none. */
static json_t *calls_json(const store_category *c)
{
	cat_call calls[CAT_CALLS_MAX];
	size_t n = 0;
	json_t *arr = json_array();
	if (catalogue_calls_parse(c->danger_calls, calls, &n, NULL) != FQ_OK)
		n = 0;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "number", calls[i].number,
						     "label", calls[i].label));
	return arr;
}

static json_t *category_json(const store_category *c)
{
	json_t *parent = c->parent_id ? json_integer(c->parent_id) : json_null();
	return json_pack("{s:I, s:s, s:o, s:s, s:s, s:s, s:i, s:i, s:b, s:i, s:o, s:b, s:o}",
			 "id", (json_int_t)c->id, "code", c->code, "parent_id", parent, "name",
			 c->name, "name_en", c->name_en, "icon", c->icon, "start_level",
			 c->start_level, "priority", c->priority, "active", c->active, "sort",
			 c->sort, "limits", limits_json(c), "danger", c->danger, "danger_calls",
			 calls_json(c));
}

/* The top classes, each with "children": its sub-categories. The store
 * lists top classes first, so every parent is placed before its children. */
static json_t *tree_json(const store_category *rows, size_t n)
{
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		if (rows[i].parent_id)
			continue;
		json_t *top = category_json(&rows[i]);
		json_t *kids = json_array();
		for (size_t k = 0; k < n; k++)
			if (rows[k].parent_id == rows[i].id)
				json_array_append_new(kids, category_json(&rows[k]));
		json_object_set_new(top, "children", kids);
		json_array_append_new(items, top);
	}
	return json_pack("{s:o}", "items", items);
}

void api_categories_list(app *a, http_req *r)
{
	fq_err err = {0};
	store_category *rows = NULL;
	size_t n = 0;
	fq_status st = catsvc_categories(a->db, http_arena(r), &rows, &n, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, tree_json(rows, n));
}

/* ---- parsing a category ---------------------------------------------------- */

/* One limit {"amount": 2, "unit": "hours"}; field names the limit. */
static fq_status parse_limit(const json_t *v, const char *field, sla_limit *out, fq_err *err)
{
	json_t *amount = json_object_get(v, "amount");
	const char *unit = json_string_value(json_object_get(v, "unit"));
	if (!json_is_object(v) || json_object_size(v) != 2 || !json_is_integer(amount) || !unit)
		return fq_fail(err, FQ_EINVAL, field,
			       "a limit is {\"amount\": N, \"unit\": \"hours\"|\"workdays\"}");
	json_int_t n = json_integer_value(amount);
	out->amount = n > SLA_HOURS_MAX || n < 0 ? -1 : (int)n;
	out->unit = sla_unit_parse(unit);
	return sla_limit_valid(out, field, err);
}

/* "limits": one {accept, resolve} object per level, levels 1..4 in order. */
static fq_status parse_limits(const json_t *arr, sla_limits *out, fq_err *err)
{
	if (json_array_size(arr) != LADDER_LEVEL_MAX)
		return fq_failr(err, FQ_EINVAL, "limits", "category.limits_levels",
				"limits holds one entry per level, %d in all",
				LADDER_LEVEL_MAX);
	char field[CAT_FIELD_MAX];
	for (int i = 0; i < LADDER_LEVEL_MAX; i++) {
		const json_t *lv = json_array_get(arr, (size_t)i);
		json_t *level = json_object_get(lv, "level");
		size_t want = 2 + (level ? 1 : 0);
		snprintf(field, sizeof field, "limits[%d]", i + 1);
		if (!json_is_object(lv) || json_object_size(lv) != want ||
		    (level && (!json_is_integer(level) || json_integer_value(level) != i + 1)))
			return fq_fail(err, FQ_EINVAL, field,
				       "each level is {\"level\": %d, \"accept\": {...}, "
				       "\"resolve\": {...}}", i + 1);
		snprintf(field, sizeof field, "limits[%d].accept", i + 1);
		fq_status st = parse_limit(json_object_get(lv, "accept"), field,
					   &out->level[i].accept, err);
		snprintf(field, sizeof field, "limits[%d].resolve", i + 1);
		if (st == FQ_OK)
			st = parse_limit(json_object_get(lv, "resolve"), field,
					 &out->level[i].resolve, err);
		if (st != FQ_OK)
			return st;
	}
	return FQ_OK;
}

static const api_field edit_spec[] = {
	{"code", JF_STRING, 0, CAT_CODE_MAX, 0, 0},
	{"parent_id", JF_INT, 0, 0, 1, CAT_ID_MAX},
	{"name", JF_LINE, 0, CAT_NAME_MAX, 0, 0},
	{"name_en", JF_LINE, 0, CAT_NAME_EN_MAX, 0, 0},
	{"icon", JF_STRING, 0, CAT_ICON_MAX, 0, 0},
	{"start_level", JF_INT, 0, 0, LADDER_LEVEL_MIN, LADDER_LEVEL_MAX},
	{"priority", JF_INT, 0, 0, CAT_PRIORITY_URGENT, CAT_PRIORITY_LOW},
	{"active", JF_BOOL, 0, 0, 0, 0},
	{"limits", JF_ARRAY, 0, 0, 0, 0},
	{"danger", JF_BOOL, 0, 0, 0, 0},
	{"danger_calls", JF_ARRAY, 0, 0, 0, 0},
};

/* Index of the first field of edit_spec a PUT may carry. */
#define EDIT_SPEC_PUT_FIRST 2

/* "danger_calls": [{"number": "119", "label": "消防"}, ...], each checked
 * (catalogue_call_check), as the stored text: one "number label" a line. */
static fq_status parse_calls(http_req *r, const json_t *arr, const char **out, fq_err *err)
{
	size_t n = json_array_size(arr);
	if (n > CAT_CALLS_MAX)
		return fq_failr(err, FQ_EINVAL, "danger_calls", "category.calls_max",
				"at most %d numbers", CAT_CALLS_MAX);
	char text[CAT_CALLS_TEXT_MAX + 1] = "";
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *c = json_array_get(arr, i);
		const char *num = json_string_value(json_object_get(c, "number"));
		const char *label = json_string_value(json_object_get(c, "label"));
		if (!json_is_object(c) || json_object_size(c) != 2 || !num || !label)
			return fq_fail(err, FQ_EINVAL, "danger_calls",
				       "each is {\"number\": \"119\", \"label\": \"...\"}");
		fq_status st = catalogue_call_check(num, label, (int)i + 1, err);
		if (st != FQ_OK)
			return st;
		int k = snprintf(text + used, sizeof text - used, "%s%s %s", i ? "\n" : "", num,
				 label);
		if (k < 0 || (size_t)k >= sizeof text - used)
			return fq_failr(err, FQ_EINVAL, "danger_calls", "category.calls_bytes",
					"at most %d bytes in all",
					CAT_CALLS_TEXT_MAX);
		used += (size_t)k;
	}
	*out = fq_arena_strdup(http_arena(r), text);
	return FQ_OK;
}

static const char *dup_str(http_req *r, const json_t *body, const char *name)
{
	const char *s = api_json_str(body, name);
	return s ? fq_arena_strdup(http_arena(r), s) : NULL;
}

/* Parse the body into e. create selects the POST fields (code and
 * parent_id required). */
static fq_status parse_edit(http_req *r, int create, catsvc_edit *e, fq_err *err)
{
	json_t *body = NULL;
	memset(e, 0, sizeof *e);
	e->start_level = e->priority = e->active = e->danger = -1;
	const api_field *spec = create ? edit_spec : edit_spec + EDIT_SPEC_PUT_FIRST;
	size_t n = sizeof edit_spec / sizeof edit_spec[0] - (create ? 0 : EDIT_SPEC_PUT_FIRST);
	fq_status st = api_body_checked(r, spec, n, &body, err);
	if (st == FQ_OK && create && !api_json_str(body, "code"))
		st = fq_failr(err, FQ_EINVAL, "code", "field.required", "code is required");
	if (st == FQ_OK && create && !json_object_get(body, "parent_id"))
		st = fq_failr(err, FQ_EINVAL, "parent_id", "field.required",
			      "parent_id is required");
	if (st == FQ_OK && create && !api_json_str(body, "name"))
		st = fq_failr(err, FQ_EINVAL, "name", "field.required", "name is required");
	json_t *limits = json_object_get(body, "limits");
	if (st == FQ_OK && limits && !json_is_null(limits)) {
		st = parse_limits(limits, &e->limits, err);
		e->has_limits = 1;
	}
	json_t *calls = json_object_get(body, "danger_calls");
	if (st == FQ_OK && calls && !json_is_null(calls))
		st = parse_calls(r, calls, &e->danger_calls, err);
	if (st == FQ_OK) {
		e->code = dup_str(r, body, "code");
		e->parent_id = json_integer_value(json_object_get(body, "parent_id"));
		e->name = dup_str(r, body, "name");
		e->name_en = dup_str(r, body, "name_en");
		e->icon = dup_str(r, body, "icon");
		json_t *v;
		if ((v = json_object_get(body, "start_level")) && json_is_integer(v))
			e->start_level = (int)json_integer_value(v);
		if ((v = json_object_get(body, "priority")) && json_is_integer(v))
			e->priority = (int)json_integer_value(v);
		if ((v = json_object_get(body, "active")) && json_is_boolean(v))
			e->active = json_is_true(v);
		if ((v = json_object_get(body, "danger")) && json_is_boolean(v))
			e->danger = json_is_true(v);
	}
	json_decref(body);
	return st;
}

/* ---- POST and PUT /api/v1/categories --------------------------------------- */

static void category_written(app *a, http_req *r)
{
	(void)a;
	catsvc_category_job *x = api_job_done(r);
	if (!x)
		return;
	api_reply_json(r, x->edit.code ? 201 : 200, category_json(&x->result));
}

/* POST creates, PUT updates the category of the path. */
static fq_status category_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	catsvc_category_job *x = ctx;
	int create = strcmp(http_method(r), "POST") == 0;
	catsvc_category_job_init(x, create);
	x->arena = http_arena(r);
	x->by = audit_of(r);
	fq_status st = create ? FQ_OK : api_param_id(r, 0, &x->id, err);
	return st == FQ_OK ? parse_edit(r, create, &x->edit, err) : st;
}

void api_category_write(app *a, http_req *r)
{
	api_write(a, r, sizeof(catsvc_category_job), category_fill, category_written);
}

/* ---- GET /api/v1/calendar?year= -------------------------------------------- */

/* A day of the calendar (an api_row_fn). */
static json_t *day_json(fq_arena *a, const void *row)
{
	(void)a;
	const cal_entry *e = row;
	char day[CAL_DATE_STR];
	return json_pack("{s:s, s:s?, s:s, s:i}", "day", cal_date_format(e->date, day, sizeof day),
			 "kind", cal_kind_name(e->kind), "name", e->name ? e->name : "",
			 "weekday", cal_weekday(e->date));
}

static const api_rows day_rows = {sizeof(cal_entry), 0, day_json};

void api_calendar_list(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t year;
	int this_year = cal_date_of(fq_now_ms() / 1000) / 10000;
	fq_status st = api_query_int(r, "year", CAL_YEAR_MIN, CAL_YEAR_MAX, this_year, &year, &err);
	cal_entry *rows = NULL;
	size_t n = 0;
	if (st == FQ_OK)
		st = catsvc_calendar(a->db, http_arena(r), (int)year, &rows, &n, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = api_rows_json(http_arena(r), rows, n, &day_rows);
	api_reply_json(r, 200, json_pack("{s:I, s:o}", "year", (json_int_t)year, "items", items));
}

/* ---- PUT and DELETE /api/v1/calendar/{day} ----------------------------------- */

static void day_written(app *a, http_req *r)
{
	(void)a;
	catsvc_day_job *x = api_job_done(r);
	if (!x)
		return;
	if (x->remove)
		http_reply(r, 204, "application/json; charset=utf-8", "", 0);
	else
		api_reply_json(r, 200, day_json(NULL, &x->entry));
}

static const api_field day_spec[] = {
	{"kind", JF_STRING, JF_REQUIRED, CAL_KIND_FIELD_MAX, 0, 0},
	{"name", JF_LINE, 0, CAL_NAME_MAX, 0, 0},
};

static fq_status parse_day(http_req *r, catsvc_day_job *x, fq_err *err)
{
	json_t *body = NULL;
	fq_status st = api_body_checked(r, day_spec, sizeof day_spec / sizeof day_spec[0],
					&body, err);
	if (st == FQ_OK) {
		x->entry.kind = cal_kind_parse(api_json_str(body, "kind"));
		const char *name = api_json_str(body, "name");
		x->entry.name = fq_arena_strdup(http_arena(r), name ? name : "");
		if (!x->entry.kind)
			st = fq_failr(err, FQ_EINVAL, "kind", "calendar.kind_unknown",
				      "kind must be holiday or workday");
	}
	json_decref(body);
	return st;
}

/* PUT sets, DELETE removes the override of the day of the path. */
static fq_status day_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	catsvc_day_job *x = ctx;
	catsvc_day_job_init(x);
	x->remove = strcmp(http_method(r), "DELETE") == 0;
	x->by = audit_of(r);
	fq_status st = cal_date_parse(http_param(r, 0), "day", &x->entry.date, err);
	return st == FQ_OK && !x->remove ? parse_day(r, x, err) : st;
}

void api_calendar_write(app *a, http_req *r)
{
	api_write(a, r, sizeof(catsvc_day_job), day_fill, day_written);
}
