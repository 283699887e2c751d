/*
 * talents.c - the talent pool (群英库) over HTTP: pools per community or
 * village (GET/POST /api/v1/talents/pools), members (GET/POST
 * /api/v1/talents, GET /api/v1/talents/me, GET/PUT /api/v1/talents/{id}),
 * enrolment decisions (POST .../{id}/approve, reject, withdraw), declared
 * relations (POST .../{id}/relations) and a member's workload (GET
 * .../{id}/workload). Who may do what is domain/talent_svc.h's; anything
 * outside the caller's reach is 404. Writes are parked for the group
 * commit and audited in the same transaction.
 */
#include "api/handlers.h"

#include <stdio.h>
#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/talents_int.h"
#include "core/timeutil.h"
#include "domain/org.h"
#include "domain/person.h"
#include "domain/talent_svc.h"
#include "store/store_auth.h"

/* Bytes of an audit subject ("talent:123"). */
#define TALENT_SUBJECT_MAX 48
/* Recent tasks a workload shows. */
#define TALENT_WORKLOAD_RECENT 20

/* ---- shared JSON (talents_int.h) ------------------------------------------------- */

json_t *talent_jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *talent_jid(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

json_t *talent_jtime(int64_t t)
{
	return t ? api_time(t) : json_null();
}

json_t *talent_tags_json(unsigned mask, int roles)
{
	json_t *arr = json_array();
	int n = roles ? TALENT_ROLE_COUNT : TALENT_SKILL_COUNT;
	for (int i = 0; i < n; i++) {
		if (!(mask & (1u << i)))
			continue;
		const char *code = roles ? talent_role_name((talent_role)i)
					 : talent_skill_name((talent_skill)i);
		const char *label = roles ? talent_role_label((talent_role)i)
					  : talent_skill_label((talent_skill)i);
		json_array_append_new(arr, json_pack("{s:s, s:s}", "code", code, "label", label));
	}
	return arr;
}

static json_t *masked_phone(fq_arena *a, const char *phone)
{
	if (!phone || !*phone)
		return json_null();
	size_t size = strlen(phone) + 1;
	char *out = fq_arena_alloc(a, size);
	if (!out || person_mask_phone(phone, out, size) != FQ_OK)
		return json_null();
	return json_string(out);
}

static json_t *rating_json(int64_t sum, int64_t count)
{
	return count > 0 ? json_real((double)sum / (double)count) : json_null();
}

json_t *talent_json(fq_arena *a, const store_talent *t)
{
	json_t *j = json_pack(
		"{s:I, s:I, s:s, s:I, s:s, s:o, s:o, s:o, s:b, s:s, s:s, s:s, s:s, s:s, s:o}", "id",
		(json_int_t)t->id, "pool_id", (json_int_t)t->pool_id, "pool_name", t->pool_name,
		"person_id", (json_int_t)t->person_id, "name", t->name, "phone",
		masked_phone(a, t->phone), "gender", talent_jstr(t->gender), "birth_year",
		t->birth_year ? json_integer(t->birth_year) : json_null(), "has_account",
		t->account_id != 0, "enrolment", t->enrolment, "status", t->status, "title",
		t->title ? t->title : "", "note", t->note ? t->note : "", "availability",
		t->availability, "available_until", talent_jtime(t->available_until));
	json_object_set_new(j, "capacity", json_integer(t->capacity));
	json_object_set_new(j, "open_tasks", json_integer(t->open_tasks));
	json_object_set_new(j, "done_tasks", json_integer(t->done_tasks));
	json_object_set_new(j, "rating", rating_json(t->rating_sum, t->rating_count));
	json_object_set_new(j, "rating_count", json_integer(t->rating_count));
	json_object_set_new(j, "skills", talent_tags_json(t->skill_mask, 0));
	json_object_set_new(j, "roles", talent_tags_json(t->role_mask, 1));
	json_object_set_new(j, "decided_at", talent_jtime(t->decided_at));
	json_object_set_new(j, "decision_note", json_string(t->decision_note ? t->decision_note
									       : ""));
	json_object_set_new(j, "created_at", api_time(t->created_at));
	return j;
}

/* ---- the parked write (talents_int.h) ---------------------------------------------- */

talent_write *talent_write_new(http_req *r, void *in)
{
	talent_write *x = fq_arena_alloc(http_arena(r), sizeof *x);
	if (!x || access_caller_copy(http_arena(r), api_caller(r), &x->who) != 0) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return NULL;
	}
	x->p.r = r;
	x->arena = http_arena(r);
	x->now = fq_now_ms() / 1000;
	x->in = in;
	return x;
}

static fq_status audit(store_conn *c, talent_write *x, const char *action, const char *kind,
		       int64_t id, fq_err *err)
{
	char subject[TALENT_SUBJECT_MAX];
	snprintf(subject, sizeof subject, "%s:%lld", kind, (long long)id);
	return store_audit_insert(c, x->who.account_id, action, subject, NULL,
				  http_peer(x->p.r), err);
}

/* ---- body helpers ------------------------------------------------------------------- */

/* An array of strings field of body into the arena; absent is n = 0 and
 * *present = 0. 413 past STORE_TALENT_TAGS_MAX entries. */
static fq_status str_array(http_req *r, const json_t *body, const char *name,
			   const char *const **out, size_t *n, int *present, fq_err *err)
{
	json_t *arr = json_object_get(body, name);
	*out = NULL;
	*n = 0;
	*present = arr != NULL;
	if (!arr)
		return FQ_OK;
	size_t len = json_array_size(arr);
	if (len > STORE_TALENT_TAGS_MAX)
		return fq_fail(err, FQ_ETOOBIG, name, "%s holds at most %d entries", name,
			       STORE_TALENT_TAGS_MAX);
	const char **v = fq_arena_alloc(http_arena(r), (len ? len : 1) * sizeof *v);
	if (!v)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < len; i++) {
		const char *s = json_string_value(json_array_get(arr, i));
		if (!s)
			return fq_fail(err, FQ_EINVAL, name, "%s must be a list of names", name);
		v[i] = fq_arena_strdup(http_arena(r), s);
	}
	*out = v;
	*n = len;
	return FQ_OK;
}

static const char *dup_str(http_req *r, const json_t *body, const char *name)
{
	const char *s = api_json_str(body, name);
	return s ? fq_arena_strdup(http_arena(r), s) : NULL;
}

static int64_t int_field(const json_t *body, const char *name)
{
	return (int64_t)json_integer_value(json_object_get(body, name));
}

/* ---- pools -------------------------------------------------------------------------- */

/* Whether the caller sees pool p: staff over it, or a role bound under it
 * (a resident of the community). */
static int pool_visible(const caller *who, const store_talent_pool *p)
{
	if (access_covers(who, TALENT_WHO_READ, p->unit_path))
		return 1;
	for (int i = 0; who && i < who->n_roles; i++)
		if (who->r[i].path && strncmp(who->r[i].path, p->unit_path,
					      strlen(p->unit_path)) == 0)
			return 1;
	return 0;
}

static json_t *pool_json(const store_talent_pool *p)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:o}", "id", (json_int_t)p->id,
			 "unit_id", (json_int_t)p->unit_id, "unit_name", p->unit_name, "unit_kind",
			 p->unit_kind, "unit_path", p->unit_path, "name", p->name, "approved",
			 (json_int_t)p->approved, "pending", (json_int_t)p->pending, "created_at",
			 api_time(p->created_at));
}

void api_talent_pools(app *a, http_req *r)
{
	fq_err err = {0};
	store_conn *c = NULL;
	store_talent_pool *rows = NULL;
	size_t n = 0;
	fq_status st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_talent_pools(c, http_arena(r), &rows, &n, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		if (pool_visible(api_caller(r), &rows[i]))
			json_array_append_new(items, pool_json(&rows[i]));
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

typedef struct pool_in {
	int64_t unit_id;
	const char *name;
} pool_in;

static fq_status pool_create_tx(store_conn *c, void *arg, fq_err *err)
{
	talent_write *x = arg;
	pool_in *in = x->in;
	fq_status st = talsvc_pool_create(c, x->arena, &x->who, in->unit_id, in->name, x->now,
					  &x->id, err);
	return st == FQ_OK ? audit(c, x, "talent.pool.create", "talent_pool", x->id, err) : st;
}

static void pool_created(app *a, http_req *r)
{
	talent_write *x = http_user(r);
	store_talent_pool p;
	fq_err err = {0};
	store_conn *c = NULL;
	fq_status st = x->p.st;
	if (st != FQ_OK) {
		api_reply_error(r, st, &x->p.err);
		return;
	}
	st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_talent_pool_get(c, http_arena(r), x->id, &p, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK)
		api_reply_error(r, st, &err);
	else
		api_reply_json(r, 201, pool_json(&p));
}

static const api_field pool_spec[] = {
	{"unit_id", JF_INT, JF_REQUIRED, 0, 1, 9007199254740991.0},
	{"name", JF_LINE, 0, TALENT_POOL_NAME_MAX, 0, 0},
};

void api_talent_pool_create(app *a, http_req *r)
{
	fq_err err = {0};
	json_t *body = NULL;
	pool_in *in = fq_arena_alloc(http_arena(r), sizeof *in);
	fq_status st = in ? api_body_json(r, &body, &err) : FQ_ENOMEM;
	if (st == FQ_OK)
		st = api_json_check(body, pool_spec, sizeof pool_spec / sizeof pool_spec[0], &err);
	if (st == FQ_OK) {
		in->unit_id = int_field(body, "unit_id");
		in->name = dup_str(r, body, "name");
	}
	json_decref(body);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	talent_write *x = talent_write_new(r, in);
	if (x)
		api_park(a, &x->p, pool_created, pool_create_tx);
}

/* ---- members: reads ----------------------------------------------------------------- */

static fq_status list_filter(http_req *r, store_talent_filter *f, fq_err *err)
{
	int64_t lim = 0, pool = 0;
	*f = (store_talent_filter){0};
	fq_status st = api_query_int(r, "limit", 1, STORE_TALENT_ROWS_MAX, TALENT_LIST_DEFAULT,
				     &lim, err);
	if (st == FQ_OK)
		st = api_query_int(r, "pool", 1, INT64_MAX, 0, &pool, err);
	if (st == FQ_OK)
		st = org_cursor_decode(http_query(r, "cursor"), &f->after_id, err);
	f->limit = (int)lim;
	f->pool_id = pool;
	f->skill = http_query(r, "skill");
	f->role = http_query(r, "role");
	f->status = http_query(r, "status");
	if (st == FQ_OK && f->skill && *f->skill && talent_skill_parse(f->skill) < 0)
		st = fq_fail(err, FQ_EINVAL, "skill", "unknown skill");
	if (st == FQ_OK && f->role && *f->role && talent_role_parse(f->role) < 0)
		st = fq_fail(err, FQ_EINVAL, "role", "unknown role");
	if (st == FQ_OK && f->status && *f->status && talent_status_parse(f->status) < 0)
		st = fq_fail(err, FQ_EINVAL, "status", "unknown status");
	f->skill = f->skill && *f->skill ? f->skill : NULL;
	f->role = f->role && *f->role ? f->role : NULL;
	f->status = f->status && *f->status ? f->status : NULL;
	f->path = org_scope_root(api_caller(r), TALENT_WHO_READ);
	return st;
}

void api_talents_list(app *a, http_req *r)
{
	fq_err err = {0};
	store_talent_filter f;
	store_conn *c = NULL;
	store_talent *rows = NULL;
	size_t n = 0;
	fq_status st = list_filter(r, &f, &err);
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_talent_list(c, http_arena(r), &f, &rows, &n, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		if (talsvc_member_visible(api_caller(r), &rows[i]))
			json_array_append_new(items, talent_json(http_arena(r), &rows[i]));
	char cursor[ORG_CURSOR_MAX];
	json_t *next = json_null();
	if (n == (size_t)f.limit) {
		org_cursor_encode(rows[n - 1].id, cursor);
		next = json_string(cursor);
	}
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

/* The member JSON with its relations. */
static json_t *member_full(store_conn *c, fq_arena *ar, const store_talent *t, fq_err *err,
			   fq_status *st)
{
	store_talent_relation *rel = NULL;
	size_t n = 0;
	*st = store_talent_relations(c, ar, t->id, &rel, &n, err);
	if (*st != FQ_OK)
		return NULL;
	json_t *j = talent_json(ar, t);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:o, s:o, s:o, s:s, s:o}", "id", (json_int_t)rel[i].id,
				       "person_id", talent_jid(rel[i].person_id), "household_id",
				       talent_jid(rel[i].household_id), "person_name",
				       talent_jstr(rel[i].person_name), "relation", rel[i].relation,
				       "created_at", api_time(rel[i].created_at)));
	json_object_set_new(j, "relations", arr);
	return j;
}

/* Answer with member id when who may see it. */
static void reply_member(app *a, http_req *r, const caller *who, int64_t id, int status)
{
	fq_err err = {0};
	store_conn *c = NULL;
	store_talent t;
	json_t *j = NULL;
	fq_status st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_talent_get(c, http_arena(r), id, &t, &err);
	if (st == FQ_OK && !talsvc_member_visible(who, &t))
		st = fq_fail(&err, FQ_ENOTFOUND, "id", "no such talent");
	if (st == FQ_OK)
		j = member_full(c, http_arena(r), &t, &err, &st);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, status, j);
}

void api_talent_get(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	reply_member(a, r, api_caller(r), id, 200);
}

/* 204 rather than 404 when the caller is not a member: a page asks this
 * of every account, and a 404 would be logged by the browser as an error. */
void api_talent_me(app *a, http_req *r)
{
	fq_err err = {0};
	store_conn *c = NULL;
	store_talent t;
	fq_status st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_talent_by_account(c, http_arena(r), api_caller(r)->account_id, &t, &err);
	store_read_end(a->db, c);
	if (st == FQ_ENOTFOUND) {
		http_reply(r, 204, "application/json; charset=utf-8", "", 0);
		return;
	}
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	reply_member(a, r, api_caller(r), t.id, 200);
}

static const char *const workload_states[] = {"offered",	"accepted", "declined", "expired",
					      "done",		"cancelled", NULL};

static json_t *workload_json(fq_arena *ar, const store_talent *t, const int64_t *counts,
			     const store_talent_task *recent, size_t n)
{
	json_t *by = json_object();
	for (int i = 0; workload_states[i]; i++)
		json_object_set_new(by, workload_states[i], json_integer(counts[i]));
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, talent_task_json(ar, &recent[i]));
	return json_pack("{s:I, s:s, s:i, s:i, s:i, s:o, s:I, s:o, s:o}", "talent_id",
			 (json_int_t)t->id, "name", t->name, "open_tasks", t->open_tasks,
			 "capacity", t->capacity, "done_tasks", t->done_tasks, "rating",
			 rating_json(t->rating_sum, t->rating_count), "rating_count",
			 (json_int_t)t->rating_count, "by_state", by, "recent", items);
}

void api_talent_workload(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id = 0;
	store_conn *c = NULL;
	store_talent t;
	int64_t counts[sizeof workload_states / sizeof workload_states[0]];
	store_talent_task *recent = NULL;
	size_t n = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_talent_get(c, http_arena(r), id, &t, &err);
	if (st == FQ_OK && !talsvc_member_visible(api_caller(r), &t))
		st = fq_fail(&err, FQ_ENOTFOUND, "id", "no such talent");
	if (st == FQ_OK)
		st = store_talent_task_counts(c, id, workload_states, counts, &err);
	store_talent_task_filter f = {.path = "/", .talent_id = id,
				      .limit = TALENT_WORKLOAD_RECENT};
	if (st == FQ_OK)
		st = store_talent_task_list(c, http_arena(r), &f, &recent, &n, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, workload_json(http_arena(r), &t, counts, recent, n));
}

/* ---- members: writes --------------------------------------------------------------------- */

static void member_written(app *a, http_req *r)
{
	talent_write *x = http_user(r);
	if (x->p.st != FQ_OK) {
		api_reply_error(r, x->p.st, &x->p.err);
		return;
	}
	reply_member(a, r, &x->who, x->id, x->created ? 201 : 200);
}

static const api_field enrol_spec[] = {
	{"pool_id", JF_INT, JF_REQUIRED, 0, 1, 9007199254740991.0},
	{"person_id", JF_INT, 0, 0, 1, 9007199254740991.0},
	{"enrolment", JF_STRING, JF_REQUIRED, 20, 0, 0},
	{"title", JF_LINE, 0, TALENT_TITLE_MAX, 0, 0},
	{"note", JF_TEXT, 0, TALENT_NOTE_MAX, 0, 0},
	{"skills", JF_ARRAY, 0, 0, 0, 0},
	{"roles", JF_ARRAY, 0, 0, 0, 0},
	{"capacity", JF_INT, 0, 0, TALENT_CAPACITY_MIN, TALENT_CAPACITY_MAX},
};

static fq_status parse_enrol(http_req *r, talsvc_enrol_in *in, fq_err *err)
{
	json_t *body = NULL;
	int present;
	fq_status st = api_body_json(r, &body, err);
	if (st == FQ_OK)
		st = api_json_check(body, enrol_spec, sizeof enrol_spec / sizeof enrol_spec[0], err);
	int e = st == FQ_OK ? talent_enrolment_parse(api_json_str(body, "enrolment")) : 0;
	if (st == FQ_OK && e < 0)
		st = fq_fail(err, FQ_EINVAL, "enrolment",
			     "enrolment must be self_nomination, recommendation or election");
	if (st == FQ_OK)
		st = str_array(r, body, "skills", &in->skills, &in->n_skills, &present, err);
	if (st == FQ_OK)
		st = str_array(r, body, "roles", &in->roles, &in->n_roles, &present, err);
	if (st == FQ_OK) {
		in->pool_id = int_field(body, "pool_id");
		in->person_id = int_field(body, "person_id");
		in->enrolment = (talent_enrolment)e;
		in->title = dup_str(r, body, "title");
		in->note = dup_str(r, body, "note");
		in->capacity = (int)int_field(body, "capacity");
	}
	json_decref(body);
	return st;
}

static fq_status enrol_tx(store_conn *c, void *arg, fq_err *err)
{
	talent_write *x = arg;
	fq_status st = talsvc_enrol(c, x->arena, &x->who, x->in, x->now, &x->id, err);
	x->created = 1;
	return st == FQ_OK ? audit(c, x, "talent.enrol", "talent", x->id, err) : st;
}

void api_talent_enrol(app *a, http_req *r)
{
	fq_err err = {0};
	talsvc_enrol_in *in = fq_arena_alloc(http_arena(r), sizeof *in);
	fq_status st = in ? parse_enrol(r, in, &err) : FQ_ENOMEM;
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	talent_write *x = talent_write_new(r, in);
	if (x)
		api_park(a, &x->p, member_written, enrol_tx);
}

typedef struct decide_in {
	talent_decision d;
	const char *note;
} decide_in;

static fq_status decide_tx(store_conn *c, void *arg, fq_err *err)
{
	talent_write *x = arg;
	decide_in *in = x->in;
	static const char *const actions[] = {"talent.approve", "talent.reject", "talent.withdraw"};
	fq_status st = talsvc_decide(c, x->arena, &x->who, x->id, in->d, in->note, x->now, err);
	return st == FQ_OK ? audit(c, x, actions[in->d], "talent", x->id, err) : st;
}

static const api_field decide_spec[] = {
	{"note", JF_TEXT, 0, TALENT_NOTE_MAX, 0, 0},
};

/* An optional JSON body with only "note"; an empty body is no note. */
static fq_status parse_note(http_req *r, const char **note, fq_err *err)
{
	size_t len = 0;
	http_body(r, &len);
	*note = NULL;
	if (len == 0)
		return FQ_OK;
	json_t *body = NULL;
	fq_status st = api_body_json(r, &body, err);
	if (st == FQ_OK)
		st = api_json_check(body, decide_spec, 1, err);
	if (st == FQ_OK)
		*note = dup_str(r, body, "note");
	json_decref(body);
	return st;
}

void api_talent_decide(app *a, http_req *r)
{
	fq_err err = {0};
	decide_in *in = fq_arena_alloc(http_arena(r), sizeof *in);
	int64_t id = 0;
	const char *path = http_path(r);
	const char *verb = strrchr(path, '/') + 1;
	fq_status st = in ? api_param_id(r, 0, &id, &err) : FQ_ENOMEM;
	if (st == FQ_OK)
		st = parse_note(r, &in->note, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	in->d = strcmp(verb, "approve") == 0 ? TALENT_APPROVE
		: strcmp(verb, "reject") == 0 ? TALENT_REJECT
					      : TALENT_WITHDRAW;
	talent_write *x = talent_write_new(r, in);
	if (!x)
		return;
	x->id = id;
	api_park(a, &x->p, member_written, decide_tx);
}

static const api_field update_spec[] = {
	{"availability", JF_STRING, 0, 16, 0, 0},
	{"available_until", JF_STRING, 0, 40, 0, 0},
	{"capacity", JF_INT, 0, 0, TALENT_CAPACITY_MIN, TALENT_CAPACITY_MAX},
	{"title", JF_LINE, 0, TALENT_TITLE_MAX, 0, 0},
	{"skills", JF_ARRAY, 0, 0, 0, 0},
	{"roles", JF_ARRAY, 0, 0, 0, 0},
};

static fq_status parse_availability(const json_t *body, talsvc_edit *e, fq_err *err)
{
	const char *av = api_json_str(body, "availability");
	const char *until = api_json_str(body, "available_until");
	e->availability = av ? talent_availability_parse(av) : -1;
	if (av && e->availability < 0)
		return fq_fail(err, FQ_EINVAL, "availability",
			       "availability must be available, busy or away");
	if (until && !av)
		return fq_fail(err, FQ_EINVAL, "available_until",
			       "available_until goes with availability");
	if (until && *until && fq_time_parse(until, &e->available_until) != 0)
		return fq_fail(err, FQ_EINVAL, "available_until",
			       "available_until must be an RFC 3339 time");
	return FQ_OK;
}

static fq_status parse_update(http_req *r, talsvc_edit *e, fq_err *err)
{
	json_t *body = NULL;
	*e = (talsvc_edit){.availability = -1};
	fq_status st = api_body_json(r, &body, err);
	if (st == FQ_OK)
		st = api_json_check(body, update_spec, sizeof update_spec / sizeof update_spec[0], err);
	if (st == FQ_OK)
		st = parse_availability(body, e, err);
	if (st == FQ_OK)
		st = str_array(r, body, "skills", &e->skills, &e->n_skills, &e->has_skills, err);
	if (st == FQ_OK)
		st = str_array(r, body, "roles", &e->roles, &e->n_roles, &e->has_roles, err);
	if (st == FQ_OK) {
		e->capacity = (int)int_field(body, "capacity");
		e->title = dup_str(r, body, "title");
	}
	json_decref(body);
	return st;
}

static fq_status update_tx(store_conn *c, void *arg, fq_err *err)
{
	talent_write *x = arg;
	fq_status st = talsvc_update(c, x->arena, &x->who, x->id, x->in, x->now, err);
	return st == FQ_OK ? audit(c, x, "talent.update", "talent", x->id, err) : st;
}

void api_talent_update(app *a, http_req *r)
{
	fq_err err = {0};
	talsvc_edit *e = fq_arena_alloc(http_arena(r), sizeof *e);
	int64_t id = 0;
	fq_status st = e ? api_param_id(r, 0, &id, &err) : FQ_ENOMEM;
	if (st == FQ_OK)
		st = parse_update(r, e, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	talent_write *x = talent_write_new(r, e);
	if (!x)
		return;
	x->id = id;
	api_park(a, &x->p, member_written, update_tx);
}

typedef struct relation_in {
	int64_t person_id;
	int64_t household_id;
	const char *relation;
} relation_in;

static const api_field relation_spec[] = {
	{"person_id", JF_INT, 0, 0, 1, 9007199254740991.0},
	{"household_id", JF_INT, 0, 0, 1, 9007199254740991.0},
	{"relation", JF_LINE, JF_REQUIRED, TALENT_RELATION_MAX, 0, 0},
};

static fq_status relation_tx(store_conn *c, void *arg, fq_err *err)
{
	talent_write *x = arg;
	relation_in *in = x->in;
	int64_t rel = 0;
	fq_status st = talsvc_relation_add(c, x->arena, &x->who, x->id, in->person_id,
					   in->household_id, in->relation, x->now, &rel, err);
	x->created = 1;
	return st == FQ_OK ? audit(c, x, "talent.relation", "talent", x->id, err) : st;
}

void api_talent_relation_add(app *a, http_req *r)
{
	fq_err err = {0};
	json_t *body = NULL;
	int64_t id = 0;
	relation_in *in = fq_arena_alloc(http_arena(r), sizeof *in);
	fq_status st = in ? api_param_id(r, 0, &id, &err) : FQ_ENOMEM;
	if (st == FQ_OK)
		st = api_body_json(r, &body, &err);
	if (st == FQ_OK)
		st = api_json_check(body, relation_spec,
				    sizeof relation_spec / sizeof relation_spec[0], &err);
	if (st == FQ_OK) {
		in->person_id = int_field(body, "person_id");
		in->household_id = int_field(body, "household_id");
		in->relation = dup_str(r, body, "relation");
	}
	json_decref(body);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	talent_write *x = talent_write_new(r, in);
	if (!x)
		return;
	x->id = id;
	api_park(a, &x->p, member_written, relation_tx);
}
