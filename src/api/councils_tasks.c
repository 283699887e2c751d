/*
 * councils_tasks.c - resolutions and their follow-up tasks over HTTP
 * (docs/councils.md): the list of resolutions with their tasks, staff
 * adding a task (with an owner account or unit, a deadline, and perhaps a
 * parent task), the owner reporting progress, supervisors putting a card
 * on a task (督办), the list of overdue and supervised tasks, and the
 * public results page (no login). The rules and the transactions (a
 * parent's progress rolled up from its children) are domain/council_svc.h's.
 */
#include "api/handlers.h"

#include "api/councils_int.h"
#include "core/timeutil.h"

/* ---- reads ------------------------------------------------------------------ */

static json_t *tasks_json(const store_council_task *t, size_t n, int64_t now)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, council_json_task(&t[i], now));
	return arr;
}

void api_council_resolutions(app *a, http_req *r)
{
	fq_err err = {0};
	store_council_filter f = {0};
	int64_t unit = 0;
	cnlsvc_resolution_view *rows = NULL;
	size_t n = 0;
	fq_status st = council_api_list(r, &f, &unit, &err);
	if (st == FQ_OK)
		st = cnlsvc_resolutions(a->db, http_arena(r), api_caller(r), unit, &f, &rows, &n,
					&err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *items = council_json_resolutions(rows, n, fq_now_ms() / 1000);
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
					 council_json_next(&f, n, n ? rows[n - 1].r.id : 0)));
}

void api_council_tasks_overdue(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t unit = 0, now = fq_now_ms() / 1000;
	store_council_task *rows = NULL;
	size_t n = 0;
	fq_status st = api_query_int(r, "unit", 1, INT64_MAX, 0, &unit, &err);
	if (st == FQ_OK)
		st = cnlsvc_overdue(a->db, http_arena(r), api_caller(r), unit, now, &rows, &n, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, json_pack("{s:o}", "items", tasks_json(rows, n, now)));
}

/* ---- writes ------------------------------------------------------------------ */

/* A task written: the new one (201) or the one of the path. */
static void task_written(app *a, http_req *r)
{
	cnlsvc_job *x = api_job_done(r);
	if (x)
		council_reply_task(a, r, x->new_id ? x->new_id : x->id, x->new_id ? 201 : 200);
}

static const api_field task_spec[] = {
	{"title", JF_LINE, JF_REQUIRED, COUNCIL_TITLE_MAX, 0, 0},
	{"deadline", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"owner_account_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
	{"owner_unit_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
	{"parent_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
};

void api_council_task_create(app *a, http_req *r)
{
	council_api_submit(a, r, CNLSVC_TASK_CREATE, task_spec, sizeof task_spec / sizeof *task_spec,
			   task_written);
}

static const api_field progress_spec[] = {
	{"progress", JF_INT, JF_REQUIRED, 0, 0, COUNCIL_PROGRESS_MAX},
	{"note", JF_TEXT, 0, COUNCIL_NOTE_MAX, 0, 0},
};

void api_council_task_progress(app *a, http_req *r)
{
	council_api_submit(a, r, CNLSVC_TASK_PROGRESS, progress_spec,
			   sizeof progress_spec / sizeof *progress_spec, task_written);
}

static const api_field supervise_spec[] = {
	{"card", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"due", JF_STRING, 0, COUNCIL_CODE_MAX, 0, 0},
	{"note", JF_TEXT, 0, COUNCIL_NOTE_MAX, 0, 0},
};

void api_council_task_supervise(app *a, http_req *r)
{
	council_api_submit(a, r, CNLSVC_TASK_SUPERVISE, supervise_spec,
			   sizeof supervise_spec / sizeof *supervise_spec, task_written);
}

/* ---- the public results page ----------------------------------------------------------------- */

/* Closed meetings with their participants (display name and role only)
 * and their votes' totals. */
static json_t *public_meetings_json(const cnlsvc_public *p)
{
	json_t *out = json_array();
	for (size_t i = 0; i < p->n_meetings; i++) {
		const cnlsvc_public_meeting *m = &p->meetings[i];
		json_t *j = council_json_meeting(&m->m), *parts = json_array(), *votes = json_array();
		for (size_t k = 0; k < m->n_parts; k++)
			json_array_append_new(parts, json_pack("{s:s, s:s}", "name", m->parts[k].name,
							       "kind", m->parts[k].kind));
		for (size_t k = 0; k < m->n_votes; k++)
			json_array_append_new(votes, council_json_vote(&m->votes[k]));
		json_object_set_new(j, "participants", parts);
		json_object_set_new(j, "votes", votes);
		json_array_append_new(out, j);
	}
	return out;
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

static json_t *public_json(int64_t unit, const cnlsvc_public *p)
{
	json_t *topics = json_array();
	for (size_t i = 0; i < p->n_decided; i++) {
		const store_council_topic *t = &p->decided[i];
		json_array_append_new(topics, json_pack("{s:I, s:s, s:s, s:s, s:o}", "id",
							(json_int_t)t->id, "title", t->title,
							"unit_name", t->unit_name, "source", t->source,
							"decided_at", api_jtime(t->updated_at)));
	}
	json_t *res = council_json_resolutions(p->res, p->n_res, fq_now_ms() / 1000);
	public_task_owners(res);
	return json_pack("{s:o, s:s, s:o, s:o, s:o}", "unit_id", api_jid(unit), "unit_name",
			 p->unit_name, "decided_topics", topics, "meetings", public_meetings_json(p),
			 "resolutions", res);
}

void api_council_public(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t unit = 0;
	cnlsvc_public p;
	fq_status st = api_query_int(r, "unit", 1, INT64_MAX, 0, &unit, &err);
	if (st == FQ_OK)
		st = cnlsvc_public_page(a->db, http_arena(r), unit, &p, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, public_json(unit, &p));
}
