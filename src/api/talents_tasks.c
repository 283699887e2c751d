/*
 * talents_tasks.c - dispatch-by-name (点将派单) over HTTP: ranked
 * suggestions for a subject (GET /api/v1/talents/suggestions?subject=
 * dispute:12), sending a task (POST /api/v1/talents/tasks), the task lists
 * of coordinators and of a member (GET /api/v1/talents/tasks?mine=1), one
 * task, and its moves (POST /api/v1/talents/tasks/{id}/accept, decline,
 * done, rate, cancel). A decline passes the offer on to the next
 * suggestion in the same transaction (domain/talent_svc.h).
 */
#include "api/handlers.h"

#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/park.h"
#include "api/talents_int.h"
#include "core/timeutil.h"
#include "domain/org.h"

/* ---- JSON -------------------------------------------------------------------------- */

static json_t *reasons_json(const talent_suggestion *s)
{
	json_t *arr = json_array();
	for (int i = 0; i < s->n_reasons; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "code", s->reasons[i].code,
						     "text", s->reasons[i].text));
	return arr;
}

static json_t *need_json(talent_need n)
{
	return json_pack("{s:o, s:o}", "skills", talent_tags_json(n.skills, 0), "roles",
			 talent_tags_json(n.roles, 1));
}

static json_t *suggestions_json(fq_arena *a, talent_subject_kind kind, int64_t id,
				const talsvc_suggestions *s)
{
	const talent_ranking *r = &s->ranking;
	json_t *items = json_array();
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(items, json_pack("{s:i, s:f, s:o, s:o}", "rank",
						       r->items[i].rank, "score", r->items[i].score,
						       "talent", talent_json(a, &s->members[i]),
						       "reasons", reasons_json(&r->items[i])));
	json_t *excluded = json_array();
	for (size_t i = 0; i < r->n_excluded; i++) {
		const store_talent *m = &s->excluded_members[i];
		json_array_append_new(
			excluded,
			json_pack("{s:{s:I, s:s, s:s}, s:s, s:s}", "talent", "id", (json_int_t)m->id,
				  "name", m->name, "pool_name", m->pool_name, "code",
				  talent_exclusion_code(r->excluded[i].why), "text",
				  talent_exclusion_text(r->excluded[i].why)));
	}
	json_t *subject = json_pack("{s:s, s:I, s:s, s:b, s:o}", "kind",
				    talent_subject_kind_name(kind), "id", (json_int_t)id, "title",
				    s->subject.title ? s->subject.title : "", "open", s->subject.open,
				    "need", need_json(s->need));
	return json_pack("{s:o, s:o, s:o, s:I, s:I, s:I, s:I}", "subject", subject, "items", items,
			 "excluded", excluded, "candidates", (json_int_t)s->n_cands, "eligible",
			 (json_int_t)r->eligible, "away", (json_int_t)r->away, "full",
			 (json_int_t)r->full);
}

/* ---- suggestions ------------------------------------------------------------------- */

void api_talent_suggestions(app *a, http_req *r)
{
	fq_err err = {0};
	talent_subject_kind kind = TALENT_SUBJECT_REQUEST;
	int64_t id = 0, k = 0;
	talsvc_suggestions s;
	const char *subject = http_query(r, "subject");
	fq_status st = subject && strlen(subject) > TALENT_SUBJECT_TEXT_MAX
			       ? fq_failr(&err, FQ_EINVAL, "subject", "talent.subject_too_long",
					  "subject is too long")
			       : talent_subject_parse(subject, "subject", &kind, &id, &err);
	if (st == FQ_OK)
		st = api_query_int(r, "limit", 1, TALENT_SUGGEST_MAX, TALENT_SUGGEST_DEFAULT, &k,
				   &err);
	if (st == FQ_OK)
		st = talsvc_suggest(a->db, http_arena(r), api_caller(r), kind, id,
				    fq_now_ms() / 1000, (size_t)k, &s, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, suggestions_json(http_arena(r), kind, id, &s));
}

/* ---- one task ------------------------------------------------------------------------ */

static void reply_task(app *a, http_req *r, const caller *who, int64_t id, int64_t next,
		       int status)
{
	fq_err err = {0};
	store_talent_task k;
	fq_status st = talsvc_task(a->db, http_arena(r), who, id, &k, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *j = talent_task_json(&k);
	json_object_set_new(j, "passed_to", api_jid(next));
	api_reply_json(r, status, j);
}

void api_talent_task_get(app *a, http_req *r)
{
	int64_t id = 0;
	if (api_param_id_or_reply(r, 0, &id))
		reply_task(a, r, api_caller(r), id, 0, 200);
}

static void task_written(app *a, http_req *r)
{
	talsvc_job *x = api_job_done(r);
	if (!x)
		return;
	reply_task(a, r, x->who, x->id, x->next, x->op == TALSVC_OFFER ? 201 : 200);
}

/* ---- sending a task ------------------------------------------------------------------- */

static const api_field offer_spec[] = {
	{"subject", JF_LINE, JF_REQUIRED, TALENT_SUBJECT_TEXT_MAX, 0, 0},
	{"talent_id", JF_INT, JF_REQUIRED, 0, 1, TALENT_ID_MAX},
	{"note", JF_TEXT, 0, TALENT_NOTE_MAX, 0, 0},
	{"answer_within_s", JF_INT, 0, 0, TALENT_ANSWER_MIN_S, TALENT_ANSWER_MAX_S},
};

static fq_status parse_offer(http_req *r, talsvc_offer_in *in, fq_err *err)
{
	json_t *body = NULL;
	fq_status st = talent_body(r, offer_spec, sizeof offer_spec / sizeof offer_spec[0], 0,
				   &body, err);
	if (st == FQ_OK)
		st = talent_subject_parse(api_json_str(body, "subject"), "subject", &in->kind,
					  &in->subject_id, err);
	if (st == FQ_OK) {
		const char *note = api_json_str(body, "note");
		in->talent_id = (int64_t)json_integer_value(json_object_get(body, "talent_id"));
		in->note = note ? fq_arena_strdup(http_arena(r), note) : NULL;
		in->answer_within_s =
			(int64_t)json_integer_value(json_object_get(body, "answer_within_s"));
	}
	json_decref(body);
	return st;
}

void api_talent_task_create(app *a, http_req *r)
{
	fq_err err = {0};
	talsvc_job *x = talent_job_new(r, TALSVC_OFFER);
	if (!x)
		return;
	talent_submit(a, r, x, parse_offer(r, &x->in.offer, &err), &err, task_written);
}

/* ---- moves ---------------------------------------------------------------------------- */

static const struct act_row {
	const char *verb;
	talent_task_action act;
	const char *text_field; /* the body's text field, or NULL */
	int text_required;
} act_rows[] = {
	{"accept", TALENT_TASK_ACCEPT, NULL, 0},
	{"decline", TALENT_TASK_DECLINE, "reason", 0},
	{"done", TALENT_TASK_DONE_ACT, "outcome", 1},
	{"rate", TALENT_TASK_RATE, NULL, 0},
	{"cancel", TALENT_TASK_CANCEL, NULL, 0},
};

static const api_field act_spec[] = {
	{"reason", JF_TEXT, 0, TALENT_NOTE_MAX, 0, 0},
	{"outcome", JF_TEXT, 0, TALENT_OUTCOME_MAX, 0, 0},
	{"rating", JF_INT, 0, 0, TALENT_RATING_MIN, TALENT_RATING_MAX},
};

static fq_status parse_act(http_req *r, const struct act_row *row, talsvc_job *x, fq_err *err)
{
	json_t *body = NULL;
	x->in.act.act = row->act;
	fq_status st = talent_body(r, act_spec, sizeof act_spec / sizeof act_spec[0], 1, &body,
				   err);
	const char *text = row->text_field ? api_json_str(body, row->text_field) : NULL;
	if (st == FQ_OK && row->text_required && (!text || !*text))
		st = fq_failr(err, FQ_EINVAL, row->text_field, "field.required", "%s is required",
			      row->text_field);
	json_t *rating = json_object_get(body, "rating");
	if (st == FQ_OK && row->act == TALENT_TASK_RATE && !json_is_integer(rating))
		st = fq_failr(err, FQ_EINVAL, "rating", "talent.rating_range",
			      "rating is required (1 to 5)");
	if (st == FQ_OK) {
		x->in.act.text = fq_arena_strdup(http_arena(r), text);
		x->in.act.rating = (int)json_integer_value(rating);
	}
	json_decref(body);
	return st;
}

void api_talent_task_action(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id = 0;
	const char *verb = strrchr(http_path(r), '/') + 1;
	const struct act_row *row = NULL;
	for (size_t i = 0; i < sizeof act_rows / sizeof act_rows[0]; i++)
		if (strcmp(act_rows[i].verb, verb) == 0)
			row = &act_rows[i];
	talsvc_job *x = talent_job_new(r, TALSVC_TASK_ACT);
	if (!x)
		return;
	fq_status st = !row ? fq_fail(&err, FQ_ENOTFOUND, "", "no such action")
			    : api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = parse_act(r, row, x, &err);
	x->id = id;
	talent_submit(a, r, x, st, &err, task_written);
}

/* ---- lists ------------------------------------------------------------------------------ */

static fq_status task_filter(http_req *r, store_talent_task_filter *f, int64_t *mine,
			     fq_err *err)
{
	int64_t lim = 0;
	talent_subject_kind kind;
	*f = (store_talent_task_filter){0};
	fq_status st = api_query_int(r, "limit", 1, STORE_TALENT_ROWS_MAX, TALENT_LIST_DEFAULT,
				     &lim, err);
	if (st == FQ_OK)
		st = api_query_int(r, "mine", 0, 1, 0, mine, err);
	if (st == FQ_OK)
		st = api_query_int(r, "talent", 1, INT64_MAX, 0, &f->talent_id, err);
	if (st == FQ_OK)
		st = org_cursor_decode(http_query(r, "cursor"), &f->before_id, err);
	const char *subject = http_query(r, "subject");
	if (st == FQ_OK && subject && *subject)
		st = talent_subject_parse(subject, "subject", &kind, &f->subject_id, err);
	if (st == FQ_OK && subject && *subject)
		f->subject_kind = talent_subject_kind_name(kind);
	f->state = http_query(r, "state");
	if (st == FQ_OK && f->state && *f->state && talent_task_state_parse(f->state) < 0)
		st = fq_fail(err, FQ_EINVAL, "state", "unknown state");
	f->state = f->state && *f->state ? f->state : NULL;
	f->limit = (int)lim;
	return st;
}

void api_talent_tasks_list(app *a, http_req *r)
{
	fq_err err = {0};
	store_talent_task_filter f;
	talsvc_page page;
	int64_t mine = 0;
	fq_status st = task_filter(r, &f, &mine, &err);
	if (st == FQ_OK)
		st = talsvc_tasks(a->db, http_arena(r), api_caller(r), (int)mine, &f, &page, &err);
	talent_reply_page(r, st, &err, &page, &talent_task_rows);
}
