/*
 * councils_meetings.c - council meetings over HTTP (docs/councils.md):
 * list, one meeting with participants, agenda, minutes, opinions and
 * votes; staff create and update meetings, add participants and agenda
 * items, open and close them and write the minutes; participants (or
 * staff for them) give opinions while the meeting is open. The rules and
 * the transactions are domain/council_svc.h's.
 */
#include "api/handlers.h"

#include <stddef.h>
#include <string.h>

#include "api/councils_int.h"

/* ---- reads ------------------------------------------------------------------ */

static fq_status read_meetings(app *a, http_req *r, int64_t unit, store_council_filter *f,
			       const void **rows, size_t *n, fq_err *err)
{
	store_council_meeting *m = NULL;
	fq_status st = cnlsvc_meetings(a->db, http_arena(r), api_caller(r), unit, f, &m, n, err);
	*rows = m;
	return st;
}

static json_t *meeting_row(fq_arena *a, const void *row)
{
	(void)a;
	return council_json_meeting(row);
}

static const council_list meetings = {
	read_meetings,
	{sizeof(store_council_meeting), offsetof(store_council_meeting, id), meeting_row}};

void api_council_meetings(app *a, http_req *r)
{
	store_council_filter f = {.state = http_query(r, "state")};
	council_reply_list(a, r, &f, &meetings);
}

void api_council_meeting(app *a, http_req *r)
{
	int64_t id = 0;
	if (api_param_id_or_reply(r, 0, &id))
		council_reply_meeting(a, r, api_caller(r), id, 200);
}

/* ---- writes: each answers with the whole meeting ------------------------------------ */

static void meeting_written(app *a, http_req *r)
{
	cnlsvc_job *x = api_job_done(r);
	if (x)
		council_reply_meeting(a, r, x->who, x->id, x->new_id ? 201 : 200);
}

/* Submit the job for op made from r. */
static void submit(app *a, http_req *r, cnlsvc_op op, const api_field *spec, size_t n)
{
	council_api_submit(a, r, op, spec, n, meeting_written);
}

static const api_field meeting_spec[] = {
	{"unit_id", JF_INT, JF_REQUIRED, 0, 1, COUNCIL_ID_MAX},
	{"title", JF_LINE, JF_REQUIRED, COUNCIL_TITLE_MAX, 0, 0},
	{"kind", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"starts_at", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"place", JF_LINE, 0, COUNCIL_PLACE_MAX, 0, 0},
};

void api_council_meeting_create(app *a, http_req *r)
{
	submit(a, r, CNLSVC_MEETING_CREATE, meeting_spec, sizeof meeting_spec / sizeof *meeting_spec);
}

static const api_field update_spec[] = {
	{"title", JF_LINE, 0, COUNCIL_TITLE_MAX, 0, 0},
	{"starts_at", JF_STRING, 0, COUNCIL_CODE_MAX, 0, 0},
	{"place", JF_LINE, 0, COUNCIL_PLACE_MAX, 0, 0},
};

void api_council_meeting_update(app *a, http_req *r)
{
	submit(a, r, CNLSVC_MEETING_UPDATE, update_spec, sizeof update_spec / sizeof *update_spec);
}

static const api_field participant_spec[] = {
	{"kind", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"name", JF_LINE, 0, COUNCIL_NAME_MAX, 0, 0},
	{"account_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
	{"talent_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
	{"can_vote", JF_BOOL, 0, 0, 0, 0},
};

void api_council_participant_add(app *a, http_req *r)
{
	submit(a, r, CNLSVC_PARTICIPANT_ADD, participant_spec,
	       sizeof participant_spec / sizeof *participant_spec);
}

static const api_field agenda_spec[] = {
	{"topic_id", JF_INT, JF_REQUIRED, 0, 1, COUNCIL_ID_MAX},
};

void api_council_agenda_add(app *a, http_req *r)
{
	submit(a, r, CNLSVC_AGENDA_ADD, agenda_spec, sizeof agenda_spec / sizeof *agenda_spec);
}

/* POST .../meetings/{id}/open and .../close */
void api_council_meeting_state(app *a, http_req *r)
{
	const char *verb = strrchr(http_path(r), '/');
	submit(a, r, verb && strcmp(verb, "/open") == 0 ? CNLSVC_MEETING_OPEN : CNLSVC_MEETING_CLOSE,
	       NULL, 0);
}

static const api_field minutes_spec[] = {
	{"minutes", JF_TEXT, JF_REQUIRED, COUNCIL_MINUTES_MAX, 0, 0},
};

void api_council_minutes_put(app *a, http_req *r)
{
	submit(a, r, CNLSVC_MINUTES, minutes_spec, sizeof minutes_spec / sizeof *minutes_spec);
}

static const api_field opinion_spec[] = {
	{"text", JF_TEXT, JF_REQUIRED, COUNCIL_OPINION_MAX, 0, 0},
	{"participant_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
};

void api_council_opinion_add(app *a, http_req *r)
{
	submit(a, r, CNLSVC_OPINION, opinion_spec, sizeof opinion_spec / sizeof *opinion_spec);
}
