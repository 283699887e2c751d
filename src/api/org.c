/*
 * org.c - the org tree's read side over HTTP: units and their boundaries,
 * locating a point in a grid, the households and people below a unit, the
 * unmasked reveal of a phone or ID number (audited before it is sent), and
 * the 邻长 lookup. Each handler parses its query, reads one snapshot from
 * the store, asks domain/org.c who may see what, and writes JSON.
 *
 * Phone and ID numbers are always masked here (domain/person.h); the only
 * way to an unmasked value is POST /api/v1/persons/{id}/reveal.
 */
#include "api/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/geojson.h"
#include "api/json.h"
#include "api/search.h"
#include "core/log.h"
#include "core/utf8.h"
#include "domain/org.h"
#include "domain/person.h"
#include "store/store_auth.h"
#include "store/store_org.h"

/* Characters of a q search argument. */
#define ORG_Q_MAX 100

/* Persons shown with one household. */
#define ORG_HOUSEHOLD_PERSONS_MAX 50

/* Households shown with one leader (a 邻长 has 10 to 15). */
#define ORG_LEADER_HOUSEHOLDS_MAX 100

/* Entries in a reveal's "fields" array. */
#define ORG_REVEAL_FIELDS_MAX 8

/* Bytes of the audit detail of a reveal ("phone,id_number"). */
#define ORG_REVEAL_DETAIL_MAX 64

/* Bytes of an audit subject ("person:<id>"). */
#define ORG_SUBJECT_MAX 40

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

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jint_null(int64_t v)
{
	return v == STORE_INT_NULL ? json_null() : json_integer(v);
}

static json_t *jid_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
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
	return json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)u->id, "kind", jstr(u->kind),
			 "code", jstr(u->code), "name", jstr(u->name));
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

/* {id, parent_id, kind, code, name} and, for grids, boundary. */
static json_t *unit_json(const store_unit *u)
{
	json_t *j = json_pack("{s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)u->id, "parent_id",
			      jid_null(u->parent_id), "kind", jstr(u->kind), "code", jstr(u->code),
			      "name", jstr(u->name));
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
				 jstr(h->head_name), "phone",
				 jmasked(a, h->head_phone, person_mask_phone));
	return json_pack("{s:I, s:o, s:o, s:{s:I, s:o}, s:{s:I, s:o, s:o}, s:o, s:o, s:o, s:I, "
			 "s:o}",
			 "id", (json_int_t)h->id, "code", jstr(h->code), "address",
			 jstr(h->address), "building", "id", (json_int_t)h->building_id, "name",
			 jstr(h->building_name), "grid", "id", (json_int_t)h->grid_id, "code",
			 jstr(h->grid_code), "name", jstr(h->grid_name), "entrance",
			 jint_null(h->entrance), "floor", jint_null(h->floor), "room",
			 jstr(h->room),
			 "members", (json_int_t)h->members, "head", head);
}

/* A person with phone and ID number masked. */
static json_t *person_json(fq_arena *a, const store_person *p)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)p->id, "name",
			 jstr(p->name), "relation", jstr(p->relation), "gender", jstr(p->gender),
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

/* limit (1..ORG_LIMIT_MAX, default ORG_LIMIT_DEFAULT) and cursor. */
static fq_status parse_page(http_req *r, int *limit, int64_t *after, fq_err *err)
{
	int64_t lim;
	fq_status st = api_query_int(r, "limit", 1, ORG_LIMIT_MAX, ORG_LIMIT_DEFAULT, &lim, err);
	if (st == FQ_OK)
		st = org_cursor_decode(http_query(r, "cursor"), after, err);
	if (st == FQ_OK)
		*limit = (int)lim;
	return st;
}

/* The q argument, NULL when absent or empty; 422 past ORG_Q_MAX characters. */
static fq_status parse_q(http_req *r, const char **out, fq_err *err)
{
	const char *q = http_query(r, "q");
	if (q && utf8_char_count(q, strlen(q)) > ORG_Q_MAX)
		return fq_fail(err, FQ_EINVAL, "q", "q is longer than %d characters", ORG_Q_MAX);
	*out = q && *q ? q : NULL;
	return FQ_OK;
}

/* ---- reading helpers --------------------------------------------------- */

/* The units on path, top first, self included, into chain (room for
 * ORG_DEPTH_MAX). */
static fq_status load_chain(store_conn *c, fq_arena *a, const char *path, store_unit *chain,
			    size_t *n, fq_err *err)
{
	int64_t ids[ORG_DEPTH_MAX];
	size_t nid = 0;
	fq_status st = org_path_ids(path, ids, ORG_DEPTH_MAX, &nid, err);
	for (size_t i = 0; i < nid && st == FQ_OK; i++)
		st = store_unit_get(c, a, ids[i], &chain[i], err);
	if (st == FQ_ENOTFOUND || st == FQ_EINVAL || st == FQ_ETOOBIG)
		st = fq_fail(err, FQ_ESTORE, "", "the org tree's paths are inconsistent");
	if (st == FQ_OK)
		*n = nid;
	return st;
}

/* Fill the scope of household (or person's household) for the caller,
 * asking the store about a 邻长 link only when it matters. */
static fq_status household_scope(store_conn *c, const caller *who, int64_t hh,
				 const char *grid_path, const char *building_path,
				 org_household_scope *out, fq_err *err)
{
	org_household_scope s = {.household_id = hh, .grid_path = grid_path,
				 .building_path = building_path};
	int linked = 0;
	fq_status st = FQ_OK;
	if (hh > 0 && org_needs_link(who))
		st = store_leader_linked(c, who->leader_id, hh, &linked, err);
	s.linked = linked != 0;
	if (st == FQ_OK)
		*out = s;
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

/* ---- GET /api/v1/org/units ------------------------------------------------ */

static fq_status units_filter(http_req *r, store_unit_filter *f, fq_err *err)
{
	fq_status st = parse_page(r, &f->limit, &f->after_id, err);
	if (st == FQ_OK)
		st = parse_q(r, &f->q, err);
	if (st == FQ_OK)
		st = api_query_int(r, "parent", 1, INT64_MAX, 0, &f->parent_id, err);
	const char *kind = http_query(r, "kind");
	if (st == FQ_OK && kind && *kind && !org_unit_kind_valid(kind))
		st = fq_fail(err, FQ_EINVAL, "kind", "kind must be street, community, village, "
						     "grid, building or department");
	f->kind = kind && *kind ? kind : NULL;
	return st;
}

void api_org_units(app *a, http_req *r)
{
	fq_err err = {0};
	store_unit_filter f = {0};
	fq_status st = units_filter(r, &f, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	int limit = f.limit;
	f.limit = limit + 1;
	store_conn *c = NULL;
	store_unit *rows = NULL;
	size_t n = 0;
	st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_unit_list(c, http_arena(r), &f, &rows, &n, &err);
	store_read_end(a->db, c);
	json_t *items = json_array();
	size_t shown = n > (size_t)limit ? (size_t)limit : n;
	for (size_t i = 0; st == FQ_OK && i < shown; i++)
		json_array_append_new(items, unit_json(&rows[i]));
	json_t *j = page_json(items, n, (size_t)limit, shown ? rows[shown - 1].id : 0);
	finish(r, st, &err, j);
}

/* ---- GET /api/v1/org/units/{id} --------------------------------------------- */

/* The unit's detail: itself, its ancestors, its children by kind and the
 * households below it. */
static fq_status unit_detail(store_conn *c, fq_arena *a, int64_t id, json_t **out, fq_err *err)
{
	store_unit u, chain[ORG_DEPTH_MAX];
	size_t depth = 0, nk = 0;
	store_kind_count *kinds = NULL;
	int64_t households = 0;
	fq_status st = store_unit_get(c, a, id, &u, err);
	if (st == FQ_OK)
		st = load_chain(c, a, u.path, chain, &depth, err);
	if (st == FQ_OK)
		st = store_unit_child_counts(c, a, id, &kinds, &nk, err);
	if (st == FQ_OK)
		st = store_unit_household_count(c, &u, &households, err);
	if (st != FQ_OK)
		return st;
	json_t *j = unit_json(&u);
	json_t *anc = json_array();
	for (size_t i = 0; i + 1 < depth; i++)
		json_array_append_new(anc, unit_ref(&chain[i]));
	json_t *children = json_object();
	for (size_t i = 0; i < nk; i++)
		json_object_set_new(children, kinds[i].kind, json_integer(kinds[i].count));
	json_object_set_new(j, "ancestors", anc);
	json_object_set_new(j, "children", children);
	json_object_set_new(j, "households", json_integer(households));
	*out = j;
	return FQ_OK;
}

void api_org_unit(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id;
	fq_status st = api_param_id(r, 0, &id, &err);
	store_conn *c = NULL;
	json_t *j = NULL;
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = unit_detail(c, http_arena(r), id, &j, &err);
	store_read_end(a->db, c);
	if (st == FQ_ENOTFOUND)
		fq_fail(&err, st, "id", "no such unit");
	finish(r, st, &err, j);
}

/* ---- GET /api/v1/org/locate --------------------------------------------------- */

/* Parse the candidates' boundaries and pick the grid holding pt; *shapes
 * receives the parsed shapes (the caller frees each). Unreadable
 * boundaries are logged and skipped. */
static fq_status pick_grid(const store_unit *cands, size_t n, geo_point pt,
			   org_grid_shape *shapes, size_t *index)
{
	for (size_t i = 0; i < n; i++) {
		geo_multipolygon *mp = NULL;
		fq_err perr = {0};
		const char *text = cands[i].boundary ? cands[i].boundary : "";
		if (geojson_parse(text, strlen(text), &mp, &perr) != FQ_OK)
			fq_warn("grid %lld: boundary unusable: %s", (long long)cands[i].id,
				perr.message);
		shapes[i] = (org_grid_shape){.id = cands[i].id, .shape = mp};
	}
	return org_locate_pick(shapes, n, pt, index);
}

static void free_shapes(org_grid_shape *shapes, size_t n)
{
	for (size_t i = 0; shapes && i < n; i++)
		geo_multipolygon_free((geo_multipolygon *)shapes[i].shape);
	free(shapes);
}

/* The grid holding pt with its community and street. */
static fq_status locate(store_conn *c, fq_arena *a, geo_point pt, json_t **out, fq_err *err)
{
	static const char *const communities[] = {"community", "village", NULL};
	static const char *const streets[] = {"street", NULL};
	store_unit *cands = NULL, chain[ORG_DEPTH_MAX];
	size_t n = 0, pick = 0, depth = 0;
	org_grid_shape *shapes = NULL;
	fq_status st = store_grid_candidates(c, a, pt.lon, pt.lat, &cands, &n, err);
	if (st != FQ_OK)
		goto out;
	shapes = calloc(n ? n : 1, sizeof *shapes);
	if (!shapes) {
		st = fq_fail(err, FQ_ENOMEM, "", "out of memory");
		goto out;
	}
	st = pick_grid(cands, n, pt, shapes, &pick);
	if (st == FQ_ENOTFOUND) {
		st = fq_fail(err, FQ_ENOTFOUND, "", "the point lies outside every grid");
		goto out;
	}
	st = load_chain(c, a, cands[pick].path, chain, &depth, err);
	if (st != FQ_OK)
		goto out;
	int ci = org_chain_find(chain, depth, communities);
	int si = org_chain_find(chain, depth, streets);
	*out = json_pack("{s:o, s:o, s:o}", "grid", unit_ref(&cands[pick]), "community",
			 ci >= 0 ? unit_ref(&chain[ci]) : json_null(), "street",
			 si >= 0 ? unit_ref(&chain[si]) : json_null());
out:
	free_shapes(shapes, n);
	return st;
}

void api_org_locate(app *a, http_req *r)
{
	fq_err err = {0};
	geo_point pt = {0};
	fq_status st = api_query_double(r, "lat", GEO_LAT_MIN, GEO_LAT_MAX, 1, &pt.lat, &err);
	if (st == FQ_OK)
		st = api_query_double(r, "lon", GEO_LON_MIN, GEO_LON_MAX, 1, &pt.lon, &err);
	store_conn *c = NULL;
	json_t *j = NULL;
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = locate(c, http_arena(r), pt, &j, &err);
	store_read_end(a->db, c);
	finish(r, st, &err, j);
}

/* ---- GET /api/v1/org/units/{id}/households ----------------------------------- */

/* The page of households below unit id, if the caller's scope covers it. */
static fq_status unit_households(store_conn *c, http_req *r, int64_t id,
				 store_household_filter *f, store_household **rows, size_t *n,
				 fq_err *err)
{
	fq_arena *a = http_arena(r);
	store_unit *u = fq_arena_alloc(a, sizeof *u);
	if (!u)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fq_status st = store_unit_get(c, a, id, u, err);
	if (st == FQ_OK && !org_households_listable(api_caller(r), u->path))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such unit");
	if (st != FQ_OK)
		return st;
	f->unit = u;
	return store_household_list(c, a, f, rows, n, err);
}

void api_org_unit_households(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id;
	store_household_filter f = {0};
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = parse_page(r, &f.limit, &f.after_id, &err);
	if (st == FQ_OK)
		st = parse_q(r, &f.q, &err);
	int limit = f.limit;
	f.limit = limit + 1;
	store_conn *c = NULL;
	store_household *rows = NULL;
	size_t n = 0;
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = unit_households(c, r, id, &f, &rows, &n, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = json_array();
	size_t shown = n > (size_t)limit ? (size_t)limit : n;
	for (size_t i = 0; i < shown; i++)
		json_array_append_new(items, household_json(http_arena(r), &rows[i]));
	reply(r, page_json(items, n, (size_t)limit, shown ? rows[shown - 1].id : 0));
}

/* ---- GET /api/v1/households/{id} ---------------------------------------------- */

/* The household with its members, if the caller may see it. */
static fq_status household_detail(store_conn *c, http_req *r, int64_t id, json_t **out,
				  fq_err *err)
{
	fq_arena *a = http_arena(r);
	const caller *who = api_caller(r);
	store_household h;
	org_household_scope s;
	store_person *ps = NULL;
	size_t np = 0;
	fq_status st = store_household_get(c, a, id, &h, err);
	if (st == FQ_OK)
		st = household_scope(c, who, h.id, h.grid_path, h.building_path, &s, err);
	if (st == FQ_OK && !org_household_visible(who, &s))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such household");
	if (st == FQ_OK)
		st = store_household_persons(c, a, h.id, ORG_HOUSEHOLD_PERSONS_MAX, &ps, &np, err);
	if (st != FQ_OK)
		return st;
	json_t *j = household_json(a, &h);
	json_t *persons = json_array();
	for (size_t i = 0; i < np; i++)
		json_array_append_new(persons, person_json(a, &ps[i]));
	json_object_set_new(j, "persons", persons);
	*out = j;
	return FQ_OK;
}

void api_household_get(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id;
	fq_status st = api_param_id(r, 0, &id, &err);
	store_conn *c = NULL;
	json_t *j = NULL;
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = household_detail(c, r, id, &j, &err);
	store_read_end(a->db, c);
	finish(r, st, &err, j);
}

/* ---- GET /api/v1/leaders ------------------------------------------------------- */

/* The path under which to look: the unit argument's (which the caller's
 * staff scope must cover), else the widest unit of that scope. */
static fq_status leaders_path(store_conn *c, http_req *r, const char **path, fq_err *err)
{
	int64_t unit_id = 0;
	fq_status st = api_query_int(r, "unit", 1, INT64_MAX, 0, &unit_id, err);
	if (st != FQ_OK)
		return st;
	const caller *who = api_caller(r);
	if (unit_id == 0) {
		*path = org_scope_root(who, ORG_LEADER_LIST_ROLES);
		return *path ? FQ_OK : fq_fail(err, FQ_ENOTFOUND, "unit", "no such unit");
	}
	store_unit u;
	st = store_unit_get(c, http_arena(r), unit_id, &u, err);
	if (st == FQ_OK && !org_leaders_listable(who, u.path))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "unit", "no such unit");
	if (st == FQ_OK)
		*path = u.path;
	return st;
}

static json_t *leader_json(fq_arena *a, const store_leader *l)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:{s:I, s:o, s:o, s:o}, s:I}", "id",
			 (json_int_t)l->id, "kind", jstr(l->kind), "name", jstr(l->name), "phone",
			 jmasked(a, l->phone, person_mask_phone), "grid", "id",
			 (json_int_t)l->unit_id, "kind", jstr(l->unit_kind), "code",
			 jstr(l->unit_code), "name", jstr(l->unit_name), "households",
			 (json_int_t)l->households);
}

void api_leaders(app *a, http_req *r)
{
	fq_err err = {0};
	store_leader_filter f = {0};
	fq_status st = parse_page(r, &f.limit, &f.after_id, &err);
	if (st == FQ_OK)
		st = parse_q(r, &f.q, &err);
	int limit = f.limit;
	f.limit = limit + 1;
	store_conn *c = NULL;
	store_leader *rows = NULL;
	size_t n = 0;
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = leaders_path(c, r, &f.path, &err);
	if (st == FQ_OK)
		st = store_leader_list(c, http_arena(r), &f, &rows, &n, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = json_array();
	size_t shown = n > (size_t)limit ? (size_t)limit : n;
	for (size_t i = 0; i < shown; i++)
		json_array_append_new(items, leader_json(http_arena(r), &rows[i]));
	reply(r, page_json(items, n, (size_t)limit, shown ? rows[shown - 1].id : 0));
}

/* ---- GET /api/v1/leaders/{id}/households ---------------------------------------- */

static fq_status leader_detail(store_conn *c, http_req *r, int64_t id, json_t **out,
			       fq_err *err)
{
	fq_arena *a = http_arena(r);
	store_leader l;
	store_household *hs = NULL;
	size_t n = 0;
	fq_status st = store_leader_get(c, a, id, &l, err);
	if (st == FQ_OK && !org_leader_visible(api_caller(r), &l))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such leader");
	if (st == FQ_OK)
		st = store_leader_households(c, a, id, ORG_LEADER_HOUSEHOLDS_MAX, &hs, &n, err);
	/* search.c: each household's recent requests */
	int64_t ids[ORG_LEADER_HOUSEHOLDS_MAX];
	json_t *reqs[ORG_LEADER_HOUSEHOLDS_MAX];
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		ids[i] = hs[i].id;
	if (st == FQ_OK)
		st = api_households_requests(c, a, ids, n, reqs, err);
	/* end search.c */
	if (st != FQ_OK)
		return st;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *h = household_json(a, &hs[i]);
		json_object_set_new(h, "requests", reqs[i]);
		json_array_append_new(list, h);
	}
	json_t *leader = leader_json(a, &l);
	json_object_del(leader, "households");
	*out = json_pack("{s:o, s:o}", "leader", leader, "households", list);
	return FQ_OK;
}

void api_leader_households(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id;
	fq_status st = api_param_id(r, 0, &id, &err);
	store_conn *c = NULL;
	json_t *j = NULL;
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = leader_detail(c, r, id, &j, &err);
	store_read_end(a->db, c);
	finish(r, st, &err, j);
}

/* ---- POST /api/v1/persons/{id}/reveal --------------------------------------------- */

/* A reveal waiting for its audit row to be durable. */
typedef struct reveal_ctx {
	http_req *r;
	int64_t account_id;                  /* who reveals */
	int64_t person_id;
	unsigned fields;                     /* org_field bits asked for */
	const char *phone;                   /* unmasked values (arena), NULL when unknown */
	const char *id_number;
	const char *address;                 /* the caller's address, for the audit row */
	char subject[ORG_SUBJECT_MAX];       /* "person:<id>" */
	char detail[ORG_REVEAL_DETAIL_MAX];  /* "phone,id_number" */
	fq_status st;                        /* of the audit write */
	fq_err err;
} reveal_ctx;

/* The fields named by the body {"fields": ["phone", "id_number"]}. */
static fq_status reveal_fields(http_req *r, unsigned *out, fq_err *err)
{
	static const api_field spec[] = {{"fields", JF_ARRAY, JF_REQUIRED, 0, 0, 0}};
	json_t *body = NULL;
	fq_status st = api_body_json(r, &body, err);
	if (st == FQ_OK)
		st = api_json_check(body, spec, sizeof spec / sizeof spec[0], err);
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

/* Read the person and decide: 404 outside the caller's scope, 403 for a
 * field their roles may not see unmasked. */
static fq_status reveal_read(store_conn *c, http_req *r, reveal_ctx *x, fq_err *err)
{
	const caller *who = api_caller(r);
	store_person p;
	org_household_scope s;
	fq_status st = store_person_get(c, http_arena(r), x->person_id, &p, err);
	if (st == FQ_OK)
		st = household_scope(c, who, p.household_id, p.grid_path, p.building_path, &s, err);
	if (st == FQ_OK)
		st = org_reveal_check(who, &s, x->fields, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such person");
	if (st != FQ_OK)
		return st;
	x->phone = p.phone;
	x->id_number = p.id_number;
	return FQ_OK;
}

/* "phone,id_number": the revealed fields, for the audit row. */
static void reveal_detail(unsigned fields, char *out, size_t size)
{
	static const org_field order[] = {ORG_FIELD_PHONE, ORG_FIELD_ID_NUMBER};
	out[0] = '\0';
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (!(fields & order[i]))
			continue;
		size_t len = strlen(out);
		snprintf(out + len, size - len, "%s%s", len ? "," : "", org_field_name(order[i]));
	}
}

static fq_status reveal_tx(store_conn *c, void *arg, fq_err *err)
{
	reveal_ctx *x = arg;
	return store_audit_insert(c, x->account_id, "reveal", x->subject, x->detail, x->address,
				  err);
}

static void reveal_done(void *arg, fq_status st, const fq_err *err)
{
	reveal_ctx *x = arg;
	x->st = st;
	if (st != FQ_OK && err)
		x->err = *err;
	http_resume(x->r);
}

/* Runs once the audit row is durable (or failed): only then the values go out. */
static void reveal_reply(app *a, http_req *r)
{
	(void)a;
	reveal_ctx *x = http_user(r);
	if (x->st != FQ_OK) {
		api_reply_error(r, x->st, &x->err);
		return;
	}
	json_t *j = json_pack("{s:I}", "id", (json_int_t)x->person_id);
	if (x->fields & ORG_FIELD_PHONE)
		json_object_set_new(j, "phone", jstr(x->phone));
	if (x->fields & ORG_FIELD_ID_NUMBER)
		json_object_set_new(j, "id_number", jstr(x->id_number));
	reply(r, j);
}

void api_person_reveal(app *a, http_req *r)
{
	fq_err err = {0};
	/* an unmasked number must not stay in a browser's or a proxy's cache */
	http_add_header(r, "Cache-Control", "no-store");
	reveal_ctx *x = fq_arena_alloc(http_arena(r), sizeof *x);
	if (!x) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	x->r = r;
	x->account_id = api_caller(r)->account_id;
	x->address = fq_arena_strdup(http_arena(r), http_peer(r));
	fq_status st = api_param_id(r, 0, &x->person_id, &err);
	if (st == FQ_OK)
		st = reveal_fields(r, &x->fields, &err);
	store_conn *c = NULL;
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = reveal_read(c, r, x, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	snprintf(x->subject, sizeof x->subject, "person:%lld", (long long)x->person_id);
	reveal_detail(x->fields, x->detail, sizeof x->detail);
	/* the caller has been read: the request's user slot now holds x */
	http_set_user(r, x);
	http_suspend(r, reveal_reply);
	st = store_write_async(a->db, reveal_tx, x, reveal_done);
	if (st != FQ_OK) {
		x->st = fq_fail(&x->err, st, "", "the store is not accepting writes");
		http_resume(r);
	}
}
