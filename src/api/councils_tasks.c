/*
 * councils_tasks.c - resolutions and their follow-up tasks over HTTP
 * (docs/councils.md): the list of resolutions with their tasks, staff
 * adding a task (with an owner account or unit, a deadline, and perhaps a
 * parent task), the owner reporting progress, supervisors putting a card
 * on a task (督办), the list of overdue and supervised tasks, and the
 * public results page (no login).
 *
 * A parent's progress is never set by hand: every change of a child's
 * progress, and every new child, recomputes each ancestor in the same
 * transaction (the mean of its children, rounded down).
 */
#include "api/handlers.h"

#include <string.h>

#include "api/councils_int.h"
#include "core/timeutil.h"
#include "store/store_org.h"

/* Tasks in one list of overdue tasks, and rows of each part of the
 * public page. */
#define COUNCIL_OVERDUE_MAX 200
#define COUNCIL_PUBLIC_MAX 50

/* ---- resolutions --------------------------------------------------------------- */

static json_t *tasks_json(const store_council_task *t, size_t n, int64_t now)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, council_json_task(&t[i], now));
	return arr;
}

/* Resolutions of the scope with their tasks, newest first. */
static fq_status resolutions_json(store_conn *c, fq_arena *ar, const store_council_filter *f,
				  int64_t now, json_t *items, fq_err *err)
{
	store_council_resolution *rows = NULL;
	size_t n = 0;
	fq_status st = store_council_resolution_list(c, ar, f, &rows, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++) {
		store_council_task *t = NULL;
		size_t nt = 0;
		st = store_council_tasks_of(c, ar, rows[i].id, &t, &nt, err);
		json_t *j = council_json_resolution(&rows[i]);
		json_object_set_new(j, "tasks", tasks_json(t, st == FQ_OK ? nt : 0, now));
		json_array_append_new(items, j);
	}
	return st;
}

void api_council_resolutions(app *a, http_req *r)
{
	fq_err err = {0};
	const caller *who = api_caller(r);
	store_council_filter f = {0};
	int64_t limit = 0, cursor = 0;
	fq_status st = council_api_scope(a, r, who, &f, &err);
	if (st == FQ_OK)
		st = api_query_int(r, "limit", 1, COUNCIL_LIST_MAX, COUNCIL_LIST_DEFAULT, &limit,
				   &err);
	if (st == FQ_OK)
		st = api_query_int(r, "cursor", 0, INT64_MAX, 0, &cursor, &err);
	f.after_id = cursor;
	f.limit = (int)limit;
	store_conn *c = NULL;
	json_t *items = json_array();
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = resolutions_json(c, http_arena(r), &f, fq_now_ms() / 1000, items, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		json_decref(items);
		api_reply_error(r, st, &err);
		return;
	}
	size_t n = json_array_size(items);
	json_t *next = n == (size_t)limit
			       ? json_sprintf("%lld", (long long)json_integer_value(json_object_get(
							      json_array_get(items, n - 1), "id")))
			       : json_null();
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

/* ---- roll-up ------------------------------------------------------------------------ */

/* Recompute each ancestor of the task whose parent is parent_id. */
static fq_status roll_up(council_ctx *x, store_conn *c, int64_t parent_id, fq_err *err)
{
	fq_status st = FQ_OK;
	for (int depth = 0; st == FQ_OK && parent_id && depth < COUNCIL_TASK_DEPTH_MAX; depth++) {
		int *kids = NULL;
		size_t n = 0;
		store_council_task p;
		st = store_council_task_children(c, http_arena(x->p.r), parent_id, &kids, &n, err);
		if (st == FQ_OK)
			st = store_council_task_get(c, http_arena(x->p.r), parent_id, &p, err);
		int progress = council_progress_rollup(kids, n);
		if (st == FQ_OK && progress != p.progress)
			st = store_council_task_note(c, parent_id, 0, "rollup", progress, "", x->now,
						     err);
		if (st == FQ_OK)
			st = store_council_task_set_progress(
				c, parent_id, progress,
				progress == COUNCIL_PROGRESS_MAX ? "done" : "open", x->now, err);
		parent_id = p.parent_id;
	}
	return st;
}

/* ---- adding a task ---------------------------------------------------------------------- */

static const api_field task_spec[] = {
	{"title", JF_LINE, JF_REQUIRED, COUNCIL_TITLE_MAX, 0, 0},
	{"deadline", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"owner_account_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
	{"owner_unit_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
	{"parent_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
};

/* The parent named in the body: of the same resolution, not too deep. */
static fq_status task_parent(council_ctx *x, store_conn *c, int64_t parent_id, fq_err *err)
{
	int depth = 1;
	while (parent_id) {
		store_council_task p;
		fq_status st = store_council_task_get(c, http_arena(x->p.r), parent_id, &p, err);
		if (st == FQ_ENOTFOUND || (st == FQ_OK && p.resolution_id != x->id))
			return fq_fail(err, FQ_EINVAL, "parent_id", "no such task of this resolution");
		if (st != FQ_OK)
			return st;
		if (++depth > COUNCIL_TASK_DEPTH_MAX)
			return fq_fail(err, FQ_EINVAL, "parent_id", "tasks nest at most %d deep",
				       COUNCIL_TASK_DEPTH_MAX);
		parent_id = p.parent_id;
	}
	return FQ_OK;
}

/* The owner: an account that exists, a unit that exists, at least one. */
static fq_status task_owner(council_ctx *x, store_conn *c, store_council_task *t, fq_err *err)
{
	t->owner_account_id = council_api_int(x->body, "owner_account_id", 0);
	t->owner_unit_id = council_api_int(x->body, "owner_unit_id", 0);
	if (!t->owner_account_id && !t->owner_unit_id)
		return fq_fail(err, FQ_EINVAL, "owner_account_id", "a task has an owner account or unit");
	const char *name = NULL;
	store_unit u;
	fq_status st = t->owner_account_id ? store_council_account_name(c, http_arena(x->p.r),
									 t->owner_account_id, &name,
									 err)
					   : FQ_OK;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EINVAL, "owner_account_id", "no such account");
	if (st == FQ_OK && t->owner_unit_id)
		st = store_unit_get(c, http_arena(x->p.r), t->owner_unit_id, &u, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EINVAL, "owner_unit_id", "no such unit");
	return st;
}

static fq_status task_create_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_resolution res;
	store_council_task t = {.resolution_id = x->id,
				.parent_id = council_api_int(x->body, "parent_id", 0),
				.title = api_json_str(x->body, "title")};
	int count = 0;
	fq_status st = council_api_time(x->body, "deadline", &t.deadline, err);
	if (st == FQ_OK)
		st = store_council_resolution_get(c, http_arena(x->p.r), x->id, &res, err);
	if (st == FQ_OK && !council_api_staff(x->who, res.unit_path))
		st = council_api_sees(x->who, res.unit_path)
			     ? fq_fail(err, FQ_EFORBIDDEN, "", "only staff of the unit add tasks")
			     : fq_fail(err, FQ_ENOTFOUND, "id", "no such resolution");
	if (st == FQ_OK)
		st = store_council_task_count(c, x->id, &count, err);
	if (st == FQ_OK && count >= COUNCIL_TASKS_MAX)
		st = fq_fail(err, FQ_ETOOBIG, "tasks", "a resolution has at most %d tasks",
			     COUNCIL_TASKS_MAX);
	if (st == FQ_OK)
		st = task_parent(x, c, t.parent_id, err);
	if (st == FQ_OK)
		st = task_owner(x, c, &t, err);
	t.unit_path = st == FQ_OK ? res.unit_path : NULL;
	if (st == FQ_OK)
		st = store_council_task_insert(c, &t, x->now, &x->new_id, err);
	if (st == FQ_OK)
		st = store_council_task_note(c, x->new_id, x->who->account_id, "create", 0, "",
					     x->now, err);
	if (st == FQ_OK)
		st = roll_up(x, c, t.parent_id, err);
	return st;
}

static void task_written(app *a, http_req *r)
{
	council_ctx *x = http_user(r);
	if (council_api_failed(x))
		return;
	council_reply_task(a, r, x->new_id ? x->new_id : x->id, x->new_id ? 201 : 200);
}

void api_council_task_create(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, task_spec, sizeof task_spec / sizeof *task_spec);
	if (x)
		council_api_park(x, task_written, task_create_tx);
}

/* ---- progress ------------------------------------------------------------------------------ */

static const api_field progress_spec[] = {
	{"progress", JF_INT, JF_REQUIRED, 0, 0, COUNCIL_PROGRESS_MAX},
	{"note", JF_TEXT, 0, COUNCIL_NOTE_MAX, 0, 0},
};

/* The owner account, anyone whose roles cover the owner unit, and staff
 * of the resolution's unit report progress. */
static int may_report(const caller *who, const store_council_task *t)
{
	if (t->owner_account_id && t->owner_account_id == who->account_id)
		return 1;
	if (t->owner_unit_id && access_covers(who, WHO_ANY & ~(unsigned)ROLE_RESIDENT,
					      t->owner_unit_path))
		return 1;
	return council_api_staff(who, t->unit_path);
}

static fq_status progress_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_task t;
	fq_status st = store_council_task_get(c, http_arena(x->p.r), x->id, &t, err);
	if (st == FQ_OK && !may_report(x->who, &t))
		st = council_api_sees(x->who, t.unit_path)
			     ? fq_fail(err, FQ_EFORBIDDEN, "", "only the task's owner reports progress")
			     : fq_fail(err, FQ_ENOTFOUND, "id", "no such task");
	if (st == FQ_OK && t.children)
		st = fq_fail(err, FQ_ECONFLICT, "progress",
			     "a parent's progress comes from its children");
	int progress = (int)council_api_int(x->body, "progress", 0);
	if (st == FQ_OK)
		st = store_council_task_set_progress(
			c, x->id, progress, progress == COUNCIL_PROGRESS_MAX ? "done" : "open",
			x->now, err);
	if (st == FQ_OK)
		st = store_council_task_note(c, x->id, x->who->account_id, "progress", progress,
					     api_json_str(x->body, "note"), x->now, err);
	if (st == FQ_OK)
		st = roll_up(x, c, t.parent_id, err);
	return st;
}

void api_council_task_progress(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, progress_spec, sizeof progress_spec / sizeof *progress_spec);
	if (x)
		council_api_park(x, task_written, progress_tx);
}

/* ---- supervision (督办) ---------------------------------------------------------------------- */

static const api_field supervise_spec[] = {
	{"card", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"due", JF_STRING, 0, COUNCIL_CODE_MAX, 0, 0},
	{"note", JF_TEXT, 0, COUNCIL_NOTE_MAX, 0, 0},
};

static fq_status supervise_tx(store_conn *c, void *arg, fq_err *err)
{
	council_ctx *x = arg;
	store_council_task t;
	const char *card = api_json_str(x->body, "card");
	int64_t due = 0;
	fq_status st = council_api_time(x->body, "due", &due, err);
	if (st == FQ_OK && !council_card_valid(card))
		st = fq_fail(err, FQ_EINVAL, "card", "must be none, normal, yellow or red");
	if (st == FQ_OK && strcmp(card, "none") != 0 && !due)
		st = fq_fail(err, FQ_EINVAL, "due", "a card has its own deadline");
	if (st == FQ_OK)
		st = store_council_task_get(c, http_arena(x->p.r), x->id, &t, err);
	if (st == FQ_OK && !access_covers(x->who, COUNCIL_SUPERVISORS, t.unit_path))
		st = council_api_sees(x->who, t.unit_path)
			     ? fq_fail(err, FQ_EFORBIDDEN, "", "only supervisors put cards on tasks")
			     : fq_fail(err, FQ_ENOTFOUND, "id", "no such task");
	if (st == FQ_OK && strcmp(t.state, "open") != 0)
		st = fq_fail(err, FQ_ECONFLICT, "state", "the task is %s", t.state);
	if (st == FQ_OK)
		st = store_council_task_set_card(c, x->id, card, strcmp(card, "none") ? due : 0,
						 api_json_str(x->body, "note"), x->now, err);
	if (st == FQ_OK)
		st = store_council_task_note(c, x->id, x->who->account_id, "supervise", -1, card,
					     x->now, err);
	return st;
}

void api_council_task_supervise(app *a, http_req *r)
{
	council_ctx *x = council_api_ctx(a, r, supervise_spec,
					 sizeof supervise_spec / sizeof *supervise_spec);
	if (x)
		council_api_park(x, task_written, supervise_tx);
}

void api_council_tasks_overdue(app *a, http_req *r)
{
	fq_err err = {0};
	const caller *who = api_caller(r);
	store_council_filter f = {0};
	fq_status st = council_api_scope(a, r, who, &f, &err);
	const char *path = f.below ? f.below : council_api_staff_path(who);
	if (st == FQ_OK && (!path || !council_api_staff(who, path)))
		st = fq_fail(&err, FQ_EFORBIDDEN, "", "the overdue list is for staff");
	store_conn *c = NULL;
	store_council_task *rows = NULL;
	size_t n = 0;
	int64_t now = fq_now_ms() / 1000;
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK)
		st = store_council_tasks_overdue(c, http_arena(r), path, now, COUNCIL_OVERDUE_MAX,
						 &rows, &n, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, json_pack("{s:o}", "items", tasks_json(rows, n, now)));
}

/* ---- the public results page ----------------------------------------------------------------- */

/* Closed meetings with their participants (display name and role only)
 * and their votes' totals. */
static fq_status public_meetings(store_conn *c, fq_arena *ar, const char *path, json_t *out,
				 fq_err *err)
{
	store_council_filter f = {.below = path, .state = "closed", .limit = COUNCIL_PUBLIC_MAX};
	store_council_meeting *m = NULL;
	size_t n = 0;
	fq_status st = store_council_meeting_list(c, ar, &f, &m, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++) {
		store_council_participant *p = NULL;
		store_council_vote *v = NULL;
		size_t np = 0, nv = 0;
		st = store_council_participants(c, ar, m[i].id, &p, &np, err);
		if (st == FQ_OK)
			st = store_council_votes(c, ar, m[i].id, &v, &nv, err);
		json_t *j = council_json_meeting(&m[i]), *parts = json_array(), *votes = json_array();
		for (size_t k = 0; st == FQ_OK && k < np; k++)
			json_array_append_new(parts, json_pack("{s:s, s:s}", "name", p[k].name,
							       "kind", p[k].kind));
		for (size_t k = 0; st == FQ_OK && k < nv; k++)
			json_array_append_new(votes, council_json_vote(&v[k]));
		json_object_set_new(j, "participants", parts);
		json_object_set_new(j, "votes", votes);
		json_array_append_new(out, j);
	}
	return st;
}

/* The owner shown in public: the owning unit's name, never an account. */
static void public_task_owners(json_t *resolutions)
{
	size_t i, k;
	json_t *res, *task;
	json_array_foreach(resolutions, i, res)
		json_array_foreach(json_object_get(res, "tasks"), k, task) {
		json_object_del(task, "owner_account_id");
		json_object_del(task, "owner_name");
	}
}

static fq_status public_page(store_conn *c, fq_arena *ar, const char *path, json_t *page,
			     fq_err *err)
{
	store_council_filter tf = {.below = path, .state = "decided", .limit = COUNCIL_PUBLIC_MAX};
	store_council_filter rf = {.below = path, .limit = COUNCIL_PUBLIC_MAX};
	store_council_topic *t = NULL;
	size_t nt = 0;
	json_t *topics = json_array(), *meetings = json_array(), *res = json_array();
	json_object_set_new(page, "decided_topics", topics);
	json_object_set_new(page, "meetings", meetings);
	json_object_set_new(page, "resolutions", res);
	fq_status st = store_council_topic_list(c, ar, &tf, 0, &t, &nt, err);
	for (size_t i = 0; st == FQ_OK && i < nt; i++)
		json_array_append_new(topics, json_pack("{s:I, s:s, s:s, s:s, s:o}", "id",
							(json_int_t)t[i].id, "title", t[i].title,
							"unit_name", t[i].unit_name, "source",
							t[i].source, "decided_at",
							council_json_time(t[i].updated_at)));
	if (st == FQ_OK)
		st = public_meetings(c, ar, path, meetings, err);
	if (st == FQ_OK)
		st = resolutions_json(c, ar, &rf, fq_now_ms() / 1000, res, err);
	public_task_owners(res);
	return st;
}

void api_council_public(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t unit = 0;
	store_conn *c = NULL;
	store_unit u = {.path = "/", .name = ""};
	fq_status st = api_query_int(r, "unit", 1, INT64_MAX, 0, &unit, &err);
	if (st == FQ_OK)
		st = store_read_begin(a->db, &c);
	if (st == FQ_OK && unit)
		st = store_unit_get(c, http_arena(r), unit, &u, &err);
	json_t *page = json_pack("{s:o, s:s}", "unit_id", council_json_id(unit), "unit_name",
				 u.name ? u.name : "");
	if (st == FQ_OK)
		st = public_page(c, http_arena(r), u.path, page, &err);
	store_read_end(a->db, c);
	if (st != FQ_OK) {
		json_decref(page);
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, page);
}
