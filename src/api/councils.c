/*
 * councils.c - council topics over HTTP (docs/councils.md): the list and
 * one topic with its timeline, raising one (staff: from a request or
 * their own; a resident: a proposal, 金点子), supporting a proposal, and
 * staff dropping or deciding a topic; and a unit's support threshold.
 * The rules and the transactions are domain/council_svc.h's.
 */
#include "api/handlers.h"

#include <stddef.h>
#include <string.h>

#include "api/councils_int.h"

/* ---- reads ------------------------------------------------------------------ */

static fq_status read_topics(app *a, http_req *r, int64_t unit, store_council_filter *f,
			     const void **rows, size_t *n, fq_err *err)
{
	store_council_topic *t = NULL;
	fq_status st = cnlsvc_topics(a->db, http_arena(r), api_caller(r), unit, f, &t, n, err);
	*rows = t;
	return st;
}

static json_t *topic_row(fq_arena *a, const void *row)
{
	(void)a;
	return council_json_topic(row);
}

static const council_list topics = {
	read_topics, {sizeof(store_council_topic), offsetof(store_council_topic, id), topic_row}};

void api_council_topics(app *a, http_req *r)
{
	store_council_filter f = {.state = http_query(r, "state"), .source = http_query(r, "source")};
	council_reply_list(a, r, &f, &topics);
}

void api_council_topic(app *a, http_req *r)
{
	int64_t id = 0;
	if (api_param_id_or_reply(r, 0, &id))
		council_reply_topic(a, r, api_caller(r), id, 200);
}

/* ---- writes ------------------------------------------------------------------ */

/* A topic written: the new one (201) or the one of the path. */
static void topic_written(app *a, http_req *r)
{
	cnlsvc_job *x = api_job_done(r);
	if (x)
		council_reply_topic(a, r, x->who, x->new_id ? x->new_id : x->id,
				    x->new_id ? 201 : 200);
}

static const api_field topic_spec[] = {
	{"unit_id", JF_INT, JF_REQUIRED, 0, 1, COUNCIL_ID_MAX},
	{"title", JF_LINE, JF_REQUIRED, COUNCIL_TITLE_MAX, 0, 0},
	{"body", JF_TEXT, 0, COUNCIL_BODY_MAX, 0, 0},
	{"source", JF_STRING, 0, COUNCIL_CODE_MAX, 0, 0},
	{"request_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
};

void api_council_topic_create(app *a, http_req *r)
{
	council_api_submit(a, r, CNLSVC_TOPIC_CREATE, topic_spec,
					sizeof topic_spec / sizeof *topic_spec, topic_written);
}

void api_council_topic_support(app *a, http_req *r)
{
	council_api_submit(a, r, CNLSVC_TOPIC_SUPPORT, NULL, 0, topic_written);
}

static const api_field note_spec[] = {
	{"note", JF_TEXT, 0, COUNCIL_NOTE_MAX, 0, 0},
};

/* POST .../topics/{id}/drop and .../decide */
void api_council_topic_action(app *a, http_req *r)
{
	const char *verb = strrchr(http_path(r), '/');
	cnlsvc_op op = verb && strcmp(verb, "/drop") == 0 ? CNLSVC_TOPIC_DROP : CNLSVC_TOPIC_DECIDE;
	council_api_submit(a, r, op, note_spec, sizeof note_spec / sizeof *note_spec, topic_written);
}

static const api_field threshold_spec[] = {
	{"supports", JF_INT, JF_REQUIRED, 0, 1, COUNCIL_THRESHOLD_MAX},
};

static void threshold_set(app *a, http_req *r)
{
	(void)a;
	cnlsvc_job *x = api_job_done(r);
	if (x)
		api_reply_json(r, 200, json_pack("{s:I, s:i}", "unit_id", (json_int_t)x->id,
						 "supports", x->in.supports));
}

void api_council_threshold_put(app *a, http_req *r)
{
	council_api_submit(a, r, CNLSVC_THRESHOLD, threshold_spec,
					sizeof threshold_spec / sizeof *threshold_spec, threshold_set);
}
