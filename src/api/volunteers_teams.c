/*
 * volunteers_teams.c - volunteer teams over HTTP: the teams the caller
 * sees (GET /api/v1/volunteer-teams), a new team (POST), one team with its
 * members, current and past (GET /api/v1/volunteer-teams/{id}), and
 * joining and leaving (POST .../{id}/join, .../{id}/leave).
 */
#include "api/handlers.h"

#include <string.h>

#include "api/auth.h"
#include "api/park.h"
#include "api/volunteers_int.h"

/* A team (an api_row_fn). */
static json_t *team_json(fq_arena *a, const void *row)
{
	(void)a;
	const store_vol_team *t = row;
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:i, s:i, s:o}", "id",
			 (json_int_t)t->id, "unit_id", (json_int_t)t->unit_id, "unit_name",
			 t->unit_name ? t->unit_name : "", "name", t->name, "kind", t->kind,
			 "leader_id", api_jid(t->leader_id), "leader_name", api_jstr(t->leader_name),
			 "size_max", t->size_max, "members", t->members, "created_at",
			 api_time(t->created_at));
}

static const api_rows team_rows = {sizeof(store_vol_team), 0, team_json};

static json_t *member_json(const store_vol_member *m)
{
	return json_pack("{s:I, s:s, s:o, s:o}", "volunteer_id", (json_int_t)m->volunteer_id, "name",
			 m->name ? m->name : "", "joined_at", api_time(m->joined_at), "left_at",
			 api_jtime(m->left_at));
}

static json_t *team_view_json(const volsvc_team_view *w)
{
	json_t *j = team_json(NULL, &w->t);
	json_t *now = json_array(), *past = json_array();
	for (size_t i = 0; now && past && i < w->n_members; i++)
		json_array_append_new(w->members[i].left_at ? past : now, member_json(&w->members[i]));
	json_object_set_new(j, "members_now", now);
	json_object_set_new(j, "members_past", past);
	return j;
}

void api_vol_teams(app *a, http_req *r)
{
	vol_reply_list(a, r, volsvc_teams, &team_rows);
}

static void team_reply(http_req *r, fq_status st, const fq_err *err, int status,
		       const volsvc_team_view *w)
{
	api_reply_result(r, st, err, status, st == FQ_OK ? team_view_json(w) : NULL);
}

void api_vol_team_get(app *a, http_req *r)
{
	fq_err err = {0};
	volsvc_team_view w;
	int64_t id = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = volsvc_team(a->db, http_arena(r), api_caller(r), id, &w, &err);
	team_reply(r, st, &err, 200, &w);
}

static void team_saved(app *a, http_req *r)
{
	volsvc_job *x = api_job_done(r);
	fq_err err = {0};
	volsvc_team_view w;
	if (!x)
		return;
	fq_status st = volsvc_team(a->db, http_arena(r), x->who, x->id, &w, &err);
	team_reply(r, st, &err, x->op == VOLSVC_TEAM_CREATE ? 201 : 200, &w);
}

static const api_field team_spec[] = {
	{"unit_id", JF_INT, JF_REQUIRED, 0, 1, VOL_ID_MAX},
	{"name", JF_LINE, JF_REQUIRED, VOL_TEAM_NAME_MAX, 0, 0},
	{"kind", JF_STRING, JF_REQUIRED, 20, 0, 0},
	{"leader_id", JF_INT, 0, 0, 1, VOL_ID_MAX},
	{"size_max", JF_INT, 0, 0, VOL_TEAM_SIZE_MIN, VOL_TEAM_SIZE_MAX},
};

static fq_status team_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	volsvc_job *x = ctx;
	json_t *body = NULL;
	vol_job_start(r, x, VOLSVC_TEAM_CREATE);
	fq_status st = api_body_checked(r, team_spec, sizeof team_spec / sizeof team_spec[0], &body,
					err);
	if (st == FQ_OK) {
		volsvc_team_in *in = &x->in.team;
		in->unit_id = (int64_t)json_integer_value(json_object_get(body, "unit_id"));
		in->name = fq_arena_strdup(http_arena(r), api_json_str(body, "name"));
		in->kind = fq_arena_strdup(http_arena(r), api_json_str(body, "kind"));
		in->leader_id = (int64_t)json_integer_value(json_object_get(body, "leader_id"));
		in->size_max = (int)json_integer_value(json_object_get(body, "size_max"));
	}
	json_decref(body);
	return st;
}

void api_vol_team_create(app *a, http_req *r)
{
	api_write(a, r, sizeof(volsvc_job), team_fill, team_saved);
}

static const api_field member_spec[] = {
	{"volunteer_id", JF_INT, 0, 0, 1, VOL_ID_MAX},
};

/* POST .../join or .../leave: {volunteer_id?} (absent: the caller). */
static fq_status member_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	volsvc_job *x = ctx;
	json_t *body = NULL;
	const char *path = http_path(r);
	size_t len = strlen(path);
	int join = len >= 5 && strcmp(path + len - 5, "/join") == 0;
	vol_job_start(r, x, join ? VOLSVC_TEAM_JOIN : VOLSVC_TEAM_LEAVE);
	fq_status st = api_param_id(r, 0, &x->id, err);
	if (st == FQ_OK)
		st = api_body_checked(r, member_spec, 1, &body, err);
	if (st == FQ_OK)
		x->member = (int64_t)json_integer_value(json_object_get(body, "volunteer_id"));
	json_decref(body);
	return st;
}

void api_vol_team_member(app *a, http_req *r)
{
	api_write(a, r, sizeof(volsvc_job), member_fill, team_saved);
}
