/*
 * talents.c - the talent pool (群英库) over HTTP: pools per community or
 * village (GET/POST /api/v1/talents/pools), members (GET/POST
 * /api/v1/talents, GET /api/v1/talents/me, GET/PUT /api/v1/talents/{id}),
 * enrolment decisions (POST .../{id}/approve, reject, withdraw), declared
 * relations (POST .../{id}/relations) and a member's workload (GET
 * .../{id}/workload). Who may do what is domain/talent_svc.h's; anything
 * outside the caller's reach is 404. Writes are talsvc_job jobs, parked
 * for the group commit and audited in the same transaction.
 */
#include "api/handlers.h"

#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/park.h"
#include "api/talents_int.h"
#include "core/timeutil.h"
#include "domain/org.h"

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
		return fq_failr(err, FQ_ETOOBIG, name, "talent.list_max",
				"%s holds at most %d entries", name,
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
	return fq_arena_strdup(http_arena(r), api_json_str(body, name));
}

static int64_t int_field(const json_t *body, const char *name)
{
	return (int64_t)json_integer_value(json_object_get(body, name));
}

/* A job for op on the member in the path, or NULL (reply sent). */
static talsvc_job *member_job(http_req *r, talsvc_op op)
{
	fq_err err = {0};
	int64_t id = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return NULL;
	}
	talsvc_job *x = talent_job_new(r, op);
	if (x)
		x->id = id;
	return x;
}

/* ---- pools -------------------------------------------------------------------------- */

/* A pool (an api_row_fn). */
static json_t *pool_json(fq_arena *a, const void *row)
{
	(void)a;
	const store_talent_pool *p = row;
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:o}", "id", (json_int_t)p->id,
			 "unit_id", (json_int_t)p->unit_id, "unit_name", p->unit_name, "unit_kind",
			 p->unit_kind, "unit_path", p->unit_path, "name", p->name, "approved",
			 (json_int_t)p->approved, "pending", (json_int_t)p->pending, "created_at",
			 api_time(p->created_at));
}

static const api_rows pool_rows = {sizeof(store_talent_pool), 0, pool_json};

void api_talent_pools(app *a, http_req *r)
{
	fq_err err = {0};
	store_talent_pool *rows = NULL;
	size_t n = 0;
	fq_status st = talsvc_pools(a->db, http_arena(r), api_caller(r), &rows, &n, &err);
	api_reply_items(r, st, &err, rows, n, &pool_rows);
}

static void pool_created(app *a, http_req *r)
{
	talsvc_job *x = http_user(r);
	store_talent_pool p;
	fq_err err = {0};
	fq_status st = x->job.st;
	if (st != FQ_OK) {
		api_reply_error(r, st, &x->job.err);
		return;
	}
	st = talsvc_pool_get(a->db, http_arena(r), x->id, &p, &err);
	if (st != FQ_OK)
		api_reply_error(r, st, &err);
	else
		api_reply_json(r, 201, pool_json(NULL, &p));
}

static const api_field pool_spec[] = {
	{"unit_id", JF_INT, JF_REQUIRED, 0, 1, TALENT_ID_MAX},
	{"name", JF_LINE, 0, TALENT_POOL_NAME_MAX, 0, 0},
};

void api_talent_pool_create(app *a, http_req *r)
{
	fq_err err = {0};
	json_t *body = NULL;
	talsvc_job *x = talent_job_new(r, TALSVC_POOL_CREATE);
	if (!x)
		return;
	fq_status st = talent_body(r, pool_spec, sizeof pool_spec / sizeof pool_spec[0], 0, &body,
				  &err);
	if (st == FQ_OK) {
		x->in.pool.unit_id = int_field(body, "unit_id");
		x->in.pool.name = dup_str(r, body, "name");
	}
	json_decref(body);
	talent_submit(a, r, x, st, &err, pool_created);
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
	return st;
}

void api_talents_list(app *a, http_req *r)
{
	fq_err err = {0};
	store_talent_filter f;
	talsvc_page page;
	fq_status st = list_filter(r, &f, &err);
	if (st == FQ_OK)
		st = talsvc_list(a->db, http_arena(r), api_caller(r), &f, &page, &err);
	talent_reply_page(r, st, &err, &page, &talent_rows);
}

/* The member JSON with its relations. */
static json_t *member_json(fq_arena *ar, const talsvc_member_view *v)
{
	json_t *j = talent_json(ar, &v->t);
	json_t *arr = json_array();
	for (size_t i = 0; i < v->n_rel; i++) {
		const store_talent_relation *rel = &v->rel[i];
		json_array_append_new(
			arr, json_pack("{s:I, s:o, s:o, s:o, s:s, s:o}", "id", (json_int_t)rel->id,
				       "person_id", api_jid(rel->person_id), "household_id",
				       api_jid(rel->household_id), "person_name",
				       api_jstr(rel->person_name), "relation", rel->relation,
				       "created_at", api_time(rel->created_at)));
	}
	json_object_set_new(j, "relations", arr);
	return j;
}

/* Answer with member id when who may see it. */
static void reply_member(app *a, http_req *r, const caller *who, int64_t id, int status)
{
	fq_err err = {0};
	talsvc_member_view v;
	fq_status st = talsvc_member(a->db, http_arena(r), who, id, &v, &err);
	if (st != FQ_OK)
		api_reply_error(r, st, &err);
	else
		api_reply_json(r, status, member_json(http_arena(r), &v));
}

void api_talent_get(app *a, http_req *r)
{
	int64_t id = 0;
	if (api_param_id_or_reply(r, 0, &id))
		reply_member(a, r, api_caller(r), id, 200);
}

/* 204 rather than 404 when the caller is not a member: a page asks this
 * of every account, and a 404 would be logged by the browser as an error. */
void api_talent_me(app *a, http_req *r)
{
	fq_err err = {0};
	talsvc_member_view v;
	fq_status st = talsvc_me(a->db, http_arena(r), api_caller(r), &v, &err);
	if (st == FQ_ENOTFOUND)
		http_reply(r, 204, "application/json; charset=utf-8", "", 0);
	else if (st != FQ_OK)
		api_reply_error(r, st, &err);
	else
		api_reply_json(r, 200, member_json(http_arena(r), &v));
}

static json_t *workload_json(const talsvc_workload *w)
{
	json_t *by = json_object();
	for (int i = 0; i < TALENT_TASK_STATE_COUNT; i++)
		json_object_set_new(by, talent_task_state_name((talent_task_state)i),
				    json_integer(w->counts[i]));
	json_t *items = json_array();
	for (size_t i = 0; i < w->n_recent; i++)
		json_array_append_new(items, talent_task_json(&w->recent[i]));
	return json_pack("{s:I, s:s, s:i, s:i, s:i, s:o, s:I, s:o, s:o}", "talent_id",
			 (json_int_t)w->t.id, "name", w->t.name, "open_tasks", w->t.open_tasks,
			 "capacity", w->t.capacity, "done_tasks", w->t.done_tasks, "rating",
			 talent_rating_json(w->t.rating_sum, w->t.rating_count), "rating_count",
			 (json_int_t)w->t.rating_count, "by_state", by, "recent", items);
}

void api_talent_workload(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id = 0;
	talsvc_workload w;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = talsvc_workload_get(a->db, http_arena(r), api_caller(r), id, &w, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, workload_json(&w));
}

/* ---- members: writes --------------------------------------------------------------------- */

static void member_written(app *a, http_req *r)
{
	talsvc_job *x = api_job_done(r);
	if (!x)
		return;
	reply_member(a, r, x->who, x->id, x->op == TALSVC_ENROL || x->op == TALSVC_RELATION ? 201
											     : 200);
}

static const api_field enrol_spec[] = {
	{"pool_id", JF_INT, JF_REQUIRED, 0, 1, TALENT_ID_MAX},
	{"person_id", JF_INT, 0, 0, 1, TALENT_ID_MAX},
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
	fq_status st = talent_body(r, enrol_spec, sizeof enrol_spec / sizeof enrol_spec[0], 0,
				  &body, err);
	int e = st == FQ_OK ? talent_enrolment_parse(api_json_str(body, "enrolment")) : 0;
	if (st == FQ_OK && e < 0)
		st = fq_failr(err, FQ_EINVAL, "enrolment", "talent.enrolment_unknown",
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

void api_talent_enrol(app *a, http_req *r)
{
	fq_err err = {0};
	talsvc_job *x = talent_job_new(r, TALSVC_ENROL);
	if (x)
		talent_submit(a, r, x, parse_enrol(r, &x->in.enrol, &err), &err, member_written);
}

static const api_field decide_spec[] = {
	{"note", JF_TEXT, 0, TALENT_NOTE_MAX, 0, 0},
};

/* Each decision's verb, the last segment of its path. */
static const char *const decide_verbs[] = {[TALENT_APPROVE] = "approve",
					   [TALENT_REJECT] = "reject",
					   [TALENT_WITHDRAW] = "withdraw"};

void api_talent_decide(app *a, http_req *r)
{
	fq_err err = {0};
	json_t *body = NULL;
	const char *verb = strrchr(http_path(r), '/') + 1;
	talsvc_job *x = member_job(r, TALSVC_DECIDE);
	if (!x)
		return;
	fq_status st = talent_body(r, decide_spec, 1, 1, &body, &err);
	x->in.decide.note = st == FQ_OK ? dup_str(r, body, "note") : NULL;
	x->in.decide.d = TALENT_WITHDRAW;
	for (int d = TALENT_APPROVE; d < TALENT_WITHDRAW; d++)
		if (strcmp(verb, decide_verbs[d]) == 0)
			x->in.decide.d = (talent_decision)d;
	json_decref(body);
	talent_submit(a, r, x, st, &err, member_written);
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
		return fq_failr(err, FQ_EINVAL, "availability", "talent.availability_unknown",
				"availability must be available, busy or away");
	if (until && !av)
		return fq_failr(err, FQ_EINVAL, "available_until",
				"talent.until_needs_availability",
				"available_until goes with availability");
	if (until && *until && fq_time_parse(until, &e->available_until) != 0)
		return fq_failr(err, FQ_EINVAL, "available_until", "field.time",
				"available_until must be an RFC 3339 time");
	return FQ_OK;
}

static fq_status parse_update(http_req *r, talsvc_edit *e, fq_err *err)
{
	json_t *body = NULL;
	*e = (talsvc_edit){.availability = -1};
	fq_status st = talent_body(r, update_spec, sizeof update_spec / sizeof update_spec[0], 0,
				  &body, err);
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

void api_talent_update(app *a, http_req *r)
{
	fq_err err = {0};
	talsvc_job *x = member_job(r, TALSVC_UPDATE);
	if (x)
		talent_submit(a, r, x, parse_update(r, &x->in.edit, &err), &err, member_written);
}

static const api_field relation_spec[] = {
	{"person_id", JF_INT, 0, 0, 1, TALENT_ID_MAX},
	{"household_id", JF_INT, 0, 0, 1, TALENT_ID_MAX},
	{"relation", JF_LINE, JF_REQUIRED, TALENT_RELATION_MAX, 0, 0},
};

void api_talent_relation_add(app *a, http_req *r)
{
	fq_err err = {0};
	json_t *body = NULL;
	talsvc_job *x = member_job(r, TALSVC_RELATION);
	if (!x)
		return;
	fq_status st = talent_body(r, relation_spec, sizeof relation_spec / sizeof relation_spec[0],
				  0, &body, &err);
	if (st == FQ_OK) {
		x->in.relation.person_id = int_field(body, "person_id");
		x->in.relation.household_id = int_field(body, "household_id");
		x->in.relation.relation = dup_str(r, body, "relation");
	}
	json_decref(body);
	talent_submit(a, r, x, st, &err, member_written);
}
