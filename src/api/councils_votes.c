/*
 * councils_votes.c - council votes over HTTP (docs/councils.md): one vote
 * and the caller's open votes; staff open a vote on an agenda item or a
 * motion of an open meeting; participants cast ballots (staff record
 * paper ballots on open ballots); staff close the vote, which counts it
 * once; a passed vote gets one resolution. The rules and the transactions
 * are domain/council_svc.h's.
 */
#include "api/handlers.h"

#include "api/councils_int.h"

/* ---- reads ------------------------------------------------------------------ */

void api_council_vote(app *a, http_req *r)
{
	int64_t id = 0;
	if (api_param_id_or_reply(r, 0, &id))
		council_reply_vote(a, r, api_caller(r), id, 200);
}

/* One of the caller's votes, with its meeting and the caller's standing. */
static json_t *my_vote_row(fq_arena *a, const void *row)
{
	(void)a;
	const store_council_my_vote *v = row;
	json_t *j = council_json_vote(&v->vote);
	json_object_set_new(j, "meeting_title", json_string(v->meeting_title));
	json_object_set_new(j, "my_participant_id", json_integer(v->participant_id));
	json_object_set_new(j, "can_vote", json_boolean(v->can_vote));
	json_object_set_new(j, "has_voted", json_boolean(v->has_voted));
	return j;
}

static const api_rows my_vote_rows = {sizeof(store_council_my_vote), 0, my_vote_row};

void api_council_my_votes(app *a, http_req *r)
{
	fq_err err = {0};
	store_council_my_vote *rows = NULL;
	size_t n = 0;
	fq_status st = cnlsvc_my_votes(a->db, http_arena(r), api_caller(r), &rows, &n, &err);
	api_reply_items(r, st, &err, rows, n, &my_vote_rows);
}

/* ---- writes ------------------------------------------------------------------ */

/* A vote written: the new one (201) or the one of the path. */
static void vote_written(app *a, http_req *r)
{
	cnlsvc_job *x = api_job_done(r);
	if (x)
		council_reply_vote(a, r, x->who, x->new_id ? x->new_id : x->id,
				   x->new_id ? 201 : 200);
}

static const api_field vote_spec[] = {
	{"item_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
	{"motion", JF_TEXT, 0, COUNCIL_MOTION_MAX, 0, 0},
	{"secret", JF_BOOL, 0, 0, 0, 0},
	{"quorum_num", JF_INT, 0, 0, 0, COUNCIL_QUORUM_DEN_MAX},
	{"quorum_den", JF_INT, 0, 0, 1, COUNCIL_QUORUM_DEN_MAX},
	{"majority", JF_STRING, 0, COUNCIL_CODE_MAX, 0, 0},
};

void api_council_vote_open(app *a, http_req *r)
{
	council_api_submit(a, r, CNLSVC_VOTE_OPEN, vote_spec, sizeof vote_spec / sizeof *vote_spec,
			   vote_written);
}

static const api_field ballot_spec[] = {
	{"choice", JF_STRING, JF_REQUIRED, COUNCIL_CODE_MAX, 0, 0},
	{"participant_id", JF_INT, 0, 0, 1, COUNCIL_ID_MAX},
};

void api_council_ballot_cast(app *a, http_req *r)
{
	council_api_submit(a, r, CNLSVC_BALLOT, ballot_spec,
			   sizeof ballot_spec / sizeof *ballot_spec, vote_written);
}

void api_council_vote_close(app *a, http_req *r)
{
	council_api_submit(a, r, CNLSVC_VOTE_CLOSE, NULL, 0, vote_written);
}

static const api_field resolution_spec[] = {
	{"text", JF_TEXT, JF_REQUIRED, COUNCIL_RESOLUTION_MAX, 0, 0},
};

static void resolution_written(app *a, http_req *r)
{
	fq_err err = {0};
	store_council_resolution res;
	cnlsvc_job *x = api_job_done(r);
	if (!x)
		return;
	fq_status st = cnlsvc_resolution(a->db, http_arena(r), x->new_id, &res, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	json_t *j = council_json_resolution(&res);
	json_object_set_new(j, "tasks", json_array());
	api_reply_json(r, 201, j);
}

void api_council_resolution_create(app *a, http_req *r)
{
	council_api_submit(a, r, CNLSVC_RESOLUTION, resolution_spec,
			   sizeof resolution_spec / sizeof *resolution_spec, resolution_written);
}
