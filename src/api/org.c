/*
 * org.c - the org tree's read side over HTTP: units and their boundaries,
 * locating a point in a grid, the households and people below a unit, the
 * unmasked reveal of a phone or ID number (audited before it is sent), and
 * the 邻长 lookup. Each handler parses its query, calls the org service
 * (domain/org_svc.h: one snapshot, and who may see what), and writes JSON.
 *
 * Phone and ID numbers are always masked here (domain/person.h); the only
 * way to an unmasked value is POST /api/v1/persons/{id}/reveal.
 */
#include "api/handlers.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/auth.h"
#include "api/geojson.h"
#include "api/json.h"
#include "api/park.h"
#include "api/search.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "domain/org_svc.h"
#include "domain/person.h"

/* Characters of a q search argument. */
#define ORG_Q_MAX 100

/* Entries in a reveal's "fields" array. */
#define ORG_REVEAL_FIELDS_MAX 8

typedef fq_status (*mask_fn)(const char *value, char *out, size_t out_size);

/* ---- JSON building --------------------------------------------------- */

/* Reply with j (stolen). Numbers keep GEOJSON_REAL_DIGITS significant
 * digits, so coordinates read back as they were stored. */
static void reply(http_req *r, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(GEOJSON_REAL_DIGITS)) : NULL;
	json_decref(j);
	if (!s) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	http_reply_take(r, 200, "application/json; charset=utf-8", s, strlen(s));
}

static json_t *jint_null(int64_t v)
{
	return v == STORE_INT_NULL ? json_null() : json_integer(v);
}

/* The masked form of value (a string), or null when there is no value. */
static json_t *jmasked(fq_arena *a, const char *value, mask_fn mask)
{
	if (!value)
		return json_null();
	size_t size = strlen(value) + 1;
	char *out = fq_arena_alloc(a, size);
	if (!out)
		return NULL;
	mask(value, out, size);
	return json_string(out);
}

/* {id, kind, code, name}: a unit named in another object. */
static json_t *unit_ref(const store_unit *u)
{
	return json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)u->id, "kind", api_jstr(u->kind),
			 "code", api_jstr(u->code), "name", api_jstr(u->name));
}

/* The stored GeoJSON boundary as a JSON value, or null when absent or
 * unreadable. */
static json_t *boundary_json(const store_unit *u)
{
	if (!u->boundary)
		return json_null();
	json_error_t je;
	json_t *g = json_loads(u->boundary, 0, &je);
	if (!g) {
		fq_warn("unit %lld: stored boundary is not JSON: %s", (long long)u->id, je.text);
		return json_null();
	}
	return g;
}

/* {id, parent_id, kind, code, name}, address where the unit has one (a
 * building: its road and number tell two of one name apart) and, for
 * grids, boundary. */
static json_t *unit_json(const store_unit *u)
{
	json_t *j = json_pack("{s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)u->id, "parent_id",
			      api_jid(u->parent_id), "kind", api_jstr(u->kind), "code", api_jstr(u->code),
			      "name", api_jstr(u->name));
	if (j && u->address && *u->address)
		json_object_set_new(j, "address", json_string(u->address));
	if (j && u->kind && strcmp(u->kind, "grid") == 0)
		json_object_set_new(j, "boundary", boundary_json(u));
	return j;
}

/* What a household list shows of one household. */
static json_t *household_json(fq_arena *a, const store_household *h)
{
	json_t *head = json_null();
	if (h->head_id > 0)
		head = json_pack("{s:I, s:o, s:o}", "id", (json_int_t)h->head_id, "name",
				 api_jstr(h->head_name), "phone",
				 jmasked(a, h->head_phone, person_mask_phone));
	return json_pack("{s:I, s:o, s:o, s:{s:I, s:o}, s:{s:I, s:o, s:o}, s:o, s:o, s:o, s:I, "
			 "s:o}",
			 "id", (json_int_t)h->id, "code", api_jstr(h->code), "address",
			 api_jstr(h->address), "building", "id", (json_int_t)h->building_id, "name",
			 api_jstr(h->building_name), "grid", "id", (json_int_t)h->grid_id, "code",
			 api_jstr(h->grid_code), "name", api_jstr(h->grid_name), "entrance",
			 jint_null(h->entrance), "floor", jint_null(h->floor), "room",
			 api_jstr(h->room),
			 "members", (json_int_t)h->members, "head", head);
}

/* A person with phone and ID number masked. */
static json_t *person_json(fq_arena *a, const store_person *p)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)p->id, "name",
			 api_jstr(p->name), "relation", api_jstr(p->relation), "gender", api_jstr(p->gender),
			 "birth_year", jint_null(p->birth_year), "phone",
			 jmasked(a, p->phone, person_mask_phone), "id_number",
			 jmasked(a, p->id_number, person_mask_id));
}

/* {"items": items, "next_cursor": ...}: rows holds the limit + 1 rows
 * fetched, so a full extra row means there is a next page after the row
 * with last_id. */
static json_t *page_json(json_t *items, size_t fetched, size_t limit, int64_t last_id)
{
	json_t *next = json_null();
	if (fetched > limit) {
		char cur[ORG_CURSOR_MAX];
		org_cursor_encode(last_id, cur);
		next = json_string(cur);
	}
	return json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
}

/* ---- query arguments ------------------------------------------------- */

/* The q argument, NULL when absent or empty; 422 past ORG_Q_MAX characters. */
static fq_status parse_q(http_req *r, const char **out, fq_err *err)
{
	const char *q = http_query(r, "q");
	if (q && utf8_char_count(q, strlen(q)) > ORG_Q_MAX)
		return fq_fail(err, FQ_EINVAL, "q", "q is longer than %d characters", ORG_Q_MAX);
	*out = q && *q ? q : NULL;
	return FQ_OK;
}

/* The page a list asks for: limit (1..ORG_LIMIT_MAX, default
 * ORG_LIMIT_DEFAULT), cursor and q. *ask is one row more than the limit,
 * so that reply_page knows whether a next page follows. */
static fq_status parse_page(http_req *r, int *ask, int64_t *after, const char **q, fq_err *err)
{
	int64_t lim;
	fq_status st = api_query_int(r, "limit", 1, ORG_LIMIT_MAX, ORG_LIMIT_DEFAULT, &lim, err);
	if (st == FQ_OK)
		st = org_cursor_decode(http_query(r, "cursor"), after, err);
	if (st == FQ_OK)
		st = parse_q(r, q, err);
	if (st == FQ_OK)
		*ask = (int)lim + 1;
	return st;
}

/* Reply with the error of st, or with j when st is FQ_OK. */
static void finish(http_req *r, fq_status st, const fq_err *err, json_t *j)
{
	if (st != FQ_OK) {
		json_decref(j);
		api_reply_error(r, st, err);
		return;
	}
	reply(r, j);
}

/* Reply with the page of the n rows read, ask (parse_page's) having been
 * asked for (page_json), or with the error of st. */
static void reply_page(http_req *r, fq_status st, const fq_err *err, const void *rows, size_t n,
		       int ask, const api_rows *k)
{
	if (st != FQ_OK) {
		api_reply_error(r, st, err);
		return;
	}
	int limit = ask - 1;
	size_t shown = n > (size_t)limit ? (size_t)limit : n;
	json_t *items = api_rows_json(http_arena(r), rows, shown, k);
	reply(r, page_json(items, n, (size_t)limit, api_rows_last_id(rows, shown, k)));
}

/* ---- GET /api/v1/org/units ------------------------------------------------ */

static fq_status units_filter(http_req *r, store_unit_filter *f, fq_err *err)
{
	fq_status st = parse_page(r, &f->limit, &f->after_id, &f->q, err);
	if (st == FQ_OK)
		st = api_query_int(r, "parent", 1, INT64_MAX, 0, &f->parent_id, err);
	const char *kind = http_query(r, "kind");
	if (st == FQ_OK && kind && *kind && !org_unit_kind_valid(kind))
		st = fq_fail(err, FQ_EINVAL, "kind", "kind must be street, community, village, "
						     "grid, building or department");
	f->kind = kind && *kind ? kind : NULL;
	return st;
}

static json_t *unit_row(fq_arena *a, const void *row)
{
	(void)a;
	return unit_json(row);
}

static const api_rows unit_rows = {sizeof(store_unit), offsetof(store_unit, id), unit_row};

void api_org_units(app *a, http_req *r)
{
	fq_err err = {0};
	store_unit_filter f = {0};
	store_unit *rows = NULL;
	size_t n = 0;
	fq_status st = units_filter(r, &f, &err);
	if (st == FQ_OK)
		st = orgsvc_units(a->db, http_arena(r), &f, &rows, &n, &err);
	reply_page(r, st, &err, rows, n, f.limit, &unit_rows);
}

/* ---- GET /api/v1/org/units/{id} --------------------------------------------- */

/* The unit's detail: itself, its ancestors, its children by kind and the
 * households below it. */
static json_t *unit_detail_json(const orgsvc_unit *d)
{
	json_t *j = unit_json(&d->u);
	json_t *anc = json_array();
	for (size_t i = 0; i + 1 < d->depth; i++)
		json_array_append_new(anc, unit_ref(&d->chain[i]));
	json_t *children = json_object();
	for (size_t i = 0; i < d->n_kinds; i++)
		json_object_set_new(children, d->kinds[i].kind, json_integer(d->kinds[i].count));
	json_object_set_new(j, "ancestors", anc);
	json_object_set_new(j, "children", children);
	json_object_set_new(j, "households", json_integer(d->households));
	return j;
}

void api_org_unit(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id;
	orgsvc_unit d;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = orgsvc_unit_get(a->db, http_arena(r), id, &d, &err);
	finish(r, st, &err, st == FQ_OK ? unit_detail_json(&d) : NULL);
}

/* ---- GET /api/v1/org/locate --------------------------------------------------- */

static json_t *unit_ref_or_null(const store_unit *u)
{
	return u ? unit_ref(u) : json_null();
}

void api_org_locate(app *a, http_req *r)
{
	fq_err err = {0};
	geo_point pt = {0};
	orgsvc_place p;
	fq_status st = api_query_double(r, "lat", GEO_LAT_MIN, GEO_LAT_MAX, 1, &pt.lat, &err);
	if (st == FQ_OK)
		st = api_query_double(r, "lon", GEO_LON_MIN, GEO_LON_MAX, 1, &pt.lon, &err);
	if (st == FQ_OK)
		st = orgsvc_locate(a->db, http_arena(r), pt, geojson_parse, &p, &err);
	json_t *j = NULL;
	if (st == FQ_OK)
		j = json_pack("{s:o, s:o, s:o}", "grid", unit_ref(&p.grid), "community",
			      unit_ref_or_null(p.community), "street", unit_ref_or_null(p.street));
	finish(r, st, &err, j);
}

/* ---- GET /api/v1/org/units/{id}/households ----------------------------------- */

static json_t *household_row(fq_arena *a, const void *row)
{
	return household_json(a, row);
}

static const api_rows household_rows = {sizeof(store_household), offsetof(store_household, id),
					 household_row};

void api_org_unit_households(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id;
	store_household_filter f = {0};
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = parse_page(r, &f.limit, &f.after_id, &f.q, &err);
	store_household *rows = NULL;
	size_t n = 0;
	if (st == FQ_OK)
		st = orgsvc_households(a->db, http_arena(r), api_caller(r), id, &f, &rows, &n, &err);
	reply_page(r, st, &err, rows, n, f.limit, &household_rows);
}

/* ---- GET /api/v1/households/{id} ---------------------------------------------- */

/* The household with its members. */
static json_t *household_detail_json(fq_arena *a, const orgsvc_household *d)
{
	json_t *j = household_json(a, &d->h);
	json_t *persons = json_array();
	for (size_t i = 0; i < d->n_persons; i++)
		json_array_append_new(persons, person_json(a, &d->persons[i]));
	json_object_set_new(j, "persons", persons);
	return j;
}

void api_household_get(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id;
	orgsvc_household d;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = orgsvc_household_get(a->db, http_arena(r), api_caller(r), id, &d, &err);
	finish(r, st, &err, st == FQ_OK ? household_detail_json(http_arena(r), &d) : NULL);
}

/* ---- GET /api/v1/leaders ------------------------------------------------------- */

static json_t *leader_json(fq_arena *a, const store_leader *l)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:{s:I, s:o, s:o, s:o}, s:I}", "id",
			 (json_int_t)l->id, "kind", api_jstr(l->kind), "name", api_jstr(l->name),
			 "phone", jmasked(a, l->phone, person_mask_phone), "grid", "id",
			 (json_int_t)l->unit_id, "kind", api_jstr(l->unit_kind), "code",
			 api_jstr(l->unit_code), "name", api_jstr(l->unit_name), "households",
			 (json_int_t)l->households);
}

static json_t *leader_row(fq_arena *a, const void *row)
{
	return leader_json(a, row);
}

static const api_rows leader_rows = {sizeof(store_leader), offsetof(store_leader, id), leader_row};

void api_leaders(app *a, http_req *r)
{
	fq_err err = {0};
	store_leader_filter f = {0};
	int64_t unit_id = 0;
	fq_status st = parse_page(r, &f.limit, &f.after_id, &f.q, &err);
	if (st == FQ_OK)
		st = api_query_int(r, "unit", 1, INT64_MAX, 0, &unit_id, &err);
	store_leader *rows = NULL;
	size_t n = 0;
	if (st == FQ_OK)
		st = orgsvc_leaders(a->db, http_arena(r), api_caller(r), unit_id, &f, &rows, &n,
				    &err);
	reply_page(r, st, &err, rows, n, f.limit, &leader_rows);
}

/* ---- GET /api/v1/leaders/{id}/households ---------------------------------------- */

/* The leader with each household and its recent requests. */
static json_t *leader_detail_json(fq_arena *a, const orgsvc_leader *d)
{
	int64_t now = fq_now_ms() / 1000;
	json_t *list = json_array();
	for (size_t i = 0; i < d->n_households; i++) {
		json_t *h = household_json(a, &d->households[i]);
		json_object_set_new(h, "requests",
				    api_household_requests_json(d->requests, d->n_requests,
								d->households[i].id, now));
		json_array_append_new(list, h);
	}
	json_t *leader = leader_json(a, &d->l);
	json_object_del(leader, "households");
	return json_pack("{s:o, s:o}", "leader", leader, "households", list);
}

void api_leader_households(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id;
	orgsvc_leader d;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = orgsvc_leader_get(a->db, http_arena(r), api_caller(r), id, &d, &err);
	finish(r, st, &err, st == FQ_OK ? leader_detail_json(http_arena(r), &d) : NULL);
}

/* ---- POST /api/v1/persons/{id}/reveal --------------------------------------------- */

/* The fields named by the body {"fields": ["phone", "id_number"]}. */
static fq_status reveal_fields(http_req *r, unsigned *out, fq_err *err)
{
	static const api_field spec[] = {{"fields", JF_ARRAY, JF_REQUIRED, 0, 0, 0}};
	json_t *body = NULL;
	fq_status st = api_body_checked(r, spec, sizeof spec / sizeof spec[0], &body, err);
	json_t *list = json_object_get(body, "fields");
	size_t n = json_array_size(list);
	if (st == FQ_OK && (n == 0 || n > ORG_REVEAL_FIELDS_MAX))
		st = fq_fail(err, FQ_EINVAL, "fields",
			     "fields must list \"phone\", \"id_number\" or both");
	unsigned fields = 0;
	for (size_t i = 0; st == FQ_OK && i < n; i++) {
		org_field f = org_field_parse(json_string_value(json_array_get(list, i)));
		if (!f)
			st = fq_fail(err, FQ_EINVAL, "fields",
				     "fields[%zu] must be \"phone\" or \"id_number\"", i);
		fields |= (unsigned)f;
	}
	json_decref(body);
	if (st == FQ_OK)
		*out = fields;
	return st;
}

/* Runs once the audit row is durable (or failed): only then the values go out. */
static void reveal_reply(app *a, http_req *r)
{
	(void)a;
	orgsvc_reveal_job *x = api_job_done(r);
	if (!x)
		return;
	json_t *j = json_pack("{s:I}", "id", (json_int_t)x->person_id);
	if (x->fields & ORG_FIELD_PHONE)
		json_object_set_new(j, "phone", api_jstr(x->phone));
	if (x->fields & ORG_FIELD_ID_NUMBER)
		json_object_set_new(j, "id_number", api_jstr(x->id_number));
	reply(r, j);
}

void api_person_reveal(app *a, http_req *r)
{
	fq_err err = {0};
	/* an unmasked number must not stay in a browser's or a proxy's cache */
	http_add_header(r, "Cache-Control", "no-store");
	fq_arena *arena = http_arena(r);
	orgsvc_reveal_job *x = fq_arena_alloc(arena, sizeof *x);
	if (!x) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	int64_t id = 0;
	unsigned fields = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = reveal_fields(r, &fields, &err);
	if (st == FQ_OK)
		st = orgsvc_reveal(a->db, arena, api_caller(r), id, fields,
				   fq_arena_strdup(arena, http_peer(r)), x, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_submit(a, r, &x->job, reveal_reply);
}
