/*
 * talents_json.c - what talents.c and talents_tasks.c share
 * (talents_int.h): the JSON of tags, members, tasks and pages of them, and
 * a request body, and a write job from its creation to its submission.
 */
#include "api/talents_int.h"

#include <stddef.h>
#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/park.h"
#include "core/timeutil.h"
#include "domain/org.h"
#include "domain/person.h"

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

json_t *talent_rating_json(int64_t sum, int64_t count)
{
	return count > 0 ? json_real((double)sum / (double)count) : json_null();
}

json_t *talent_json(fq_arena *a, const store_talent *t)
{
	json_t *phone = api_jmasked(a, t->phone, person_mask_phone, NULL);
	json_t *j = json_pack(
		"{s:I, s:I, s:s, s:I, s:s, s:o, s:o, s:o, s:b, s:s, s:s, s:s, s:s, s:s, s:o}", "id",
		(json_int_t)t->id, "pool_id", (json_int_t)t->pool_id, "pool_name", t->pool_name,
		"person_id", (json_int_t)t->person_id, "name", t->name, "phone", phone, "gender",
		api_jstr(t->gender), "birth_year",
		t->birth_year ? json_integer(t->birth_year) : json_null(), "has_account",
		t->account_id != 0, "enrolment", t->enrolment, "status", t->status, "title",
		t->title ? t->title : "", "note", t->note ? t->note : "", "availability",
		t->availability, "available_until", api_jtime(t->available_until));
	json_object_set_new(j, "capacity", json_integer(t->capacity));
	json_object_set_new(j, "open_tasks", json_integer(t->open_tasks));
	json_object_set_new(j, "done_tasks", json_integer(t->done_tasks));
	json_object_set_new(j, "rating", talent_rating_json(t->rating_sum, t->rating_count));
	json_object_set_new(j, "rating_count", json_integer(t->rating_count));
	json_object_set_new(j, "skills", talent_tags_json(t->skill_mask, 0));
	json_object_set_new(j, "roles", talent_tags_json(t->role_mask, 1));
	json_object_set_new(j, "decided_at", api_jtime(t->decided_at));
	json_object_set_new(j, "decision_note", json_string(t->decision_note ? t->decision_note
									       : ""));
	json_object_set_new(j, "created_at", api_time(t->created_at));
	return j;
}

/* [{code, text}] from the snapshot "a,b" and "x；y". */
static json_t *snapshot_json(const char *codes, const char *texts)
{
	json_t *arr = json_array();
	static const char sep[] = "；";
	while (codes && *codes) {
		size_t cn = strcspn(codes, ",");
		const char *end = texts ? strstr(texts, sep) : NULL;
		size_t tn = texts ? (end ? (size_t)(end - texts) : strlen(texts)) : 0;
		json_array_append_new(arr, json_pack("{s:s%, s:s%}", "code", codes, cn, "text",
						     texts ? texts : "", tn));
		codes += cn + (codes[cn] == ',');
		texts = end ? end + strlen(sep) : NULL;
	}
	return arr;
}

json_t *talent_task_json(const store_talent_task *k)
{
	json_t *j = json_pack("{s:I, s:{s:s, s:I}, s:I, s:s, s:s, s:s, s:o, s:o, s:I}", "id",
			      (json_int_t)k->id, "subject", "kind", k->subject_kind, "id",
			      (json_int_t)k->subject_id, "talent_id", (json_int_t)k->talent_id,
			      "talent_name", k->talent_name ? k->talent_name : "", "state", k->state,
			      "note", k->note ? k->note : "", "offered_at", api_time(k->offered_at),
			      "answer_by", api_time(k->answer_by), "answer_within_s",
			      (json_int_t)k->answer_within_s);
	json_object_set_new(j, "answered_at", api_jtime(k->answered_at));
	json_object_set_new(j, "answer_note", json_string(k->answer_note ? k->answer_note : ""));
	json_object_set_new(j, "done_at", api_jtime(k->done_at));
	json_object_set_new(j, "outcome", api_jstr(k->outcome));
	json_object_set_new(j, "rating", k->rating ? json_integer(k->rating) : json_null());
	json_object_set_new(j, "rated_at", api_jtime(k->rated_at));
	json_object_set_new(j, "coordinator",
			    json_pack("{s:I, s:s}", "id", (json_int_t)k->coordinator_account_id,
				      "name", k->coordinator_name ? k->coordinator_name : ""));
	json_object_set_new(j, "chain", json_integer(k->chain));
	json_object_set_new(j, "rank", json_integer(k->rank));
	json_object_set_new(j, "score", json_real(k->score));
	json_object_set_new(j, "reasons", snapshot_json(k->reason_codes, k->reasons));
	json_t *subject = json_object_get(j, "subject");
	json_object_set_new(subject, "title", api_jstr(k->subject_title));
	json_object_set_new(subject, "place", api_jstr(k->subject_place));
	return j;
}

static json_t *talent_row(fq_arena *a, const void *row)
{
	return talent_json(a, row);
}

static json_t *task_row(fq_arena *a, const void *row)
{
	(void)a;
	return talent_task_json(row);
}

const api_rows talent_rows = {sizeof(store_talent), offsetof(store_talent, id), talent_row};
const api_rows talent_task_rows = {sizeof(store_talent_task), offsetof(store_talent_task, id),
				   task_row};

void talent_reply_page(http_req *r, fq_status st, const fq_err *err, const talsvc_page *p,
		       const api_rows *k)
{
	if (st != FQ_OK) {
		api_reply_error(r, st, err);
		return;
	}
	json_t *next = json_null();
	if (p->last_id) {
		char cursor[ORG_CURSOR_MAX];
		org_cursor_encode(p->last_id, cursor);
		next = json_string(cursor);
	}
	json_t *items = api_rows_json(http_arena(r), p->rows, p->n, k);
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

talsvc_job *talent_job_new(http_req *r, talsvc_op op)
{
	talsvc_job *x = api_job_new(r, sizeof *x);
	if (!x)
		return NULL;
	talsvc_job_init(x, op);
	x->a = http_arena(r);
	x->who = api_caller(r);
	x->peer = http_peer(r);
	x->now = fq_now_ms() / 1000;
	return x;
}

fq_status talent_body(http_req *r, const api_field *spec, size_t n, int optional, json_t **body,
		      fq_err *err)
{
	size_t len = 0;
	http_body(r, &len);
	*body = NULL;
	if (optional && len == 0)
		return FQ_OK;
	fq_status st = api_body_json(r, body, err);
	if (st == FQ_OK)
		st = api_json_check(*body, spec, n, err);
	return st;
}

void talent_submit(app *a, http_req *r, talsvc_job *x, fq_status st, const fq_err *err,
		   http_handler_fn cont)
{
	if (st != FQ_OK)
		api_reply_error(r, st, err);
	else
		api_submit(a, r, &x->job, cont);
}
