/*
 * volunteers.c - volunteers (服务网) over HTTP: the list within the
 * caller's scope (GET /api/v1/volunteers), registration by the resident or
 * by staff (POST), the caller's own record (GET /api/v1/volunteers/me),
 * one volunteer (GET /api/v1/volunteers/{id}) and its edit (PUT). Phones
 * are masked; the unmasked value is read through POST
 * /api/v1/persons/{id}/reveal, which is audited. Writes are volsvc_job
 * jobs parked for the group commit (api_write).
 */
#include "api/handlers.h"

#include "api/auth.h"
#include "api/park.h"
#include "api/volunteers_int.h"
#include "domain/person.h"

/* ---- JSON ----------------------------------------------------------------------------- */

static json_t *availability_json(unsigned mask)
{
	json_t *arr = json_array();
	char name[24];
	for (int i = 0; arr && i < VOL_SLOTS_WEEK; i++)
		if (mask & (1u << i)) {
			vol_availability_name(i, name, sizeof name);
			json_array_append_new(arr, json_string(name));
		}
	return arr;
}

/* The person's roles: volunteer, and 邻长 and 群英 when they are. */
static json_t *roles_json(const store_volunteer *v)
{
	json_t *arr = json_pack("[s]", "volunteer");
	if (v->is_leader)
		json_array_append_new(arr, json_string("leader"));
	if (v->is_talent)
		json_array_append_new(arr, json_string("talent"));
	return arr;
}

/* A volunteer as lists show it (an api_row_fn; phone masked). */
static json_t *volunteer_json(fq_arena *a, const void *row)
{
	const store_volunteer *v = row;
	json_t *j = json_pack("{s:I, s:I, s:s, s:o, s:b, s:s, s:s, s:s}", "id", (json_int_t)v->id,
			      "person_id", (json_int_t)v->person_id, "name", v->name ? v->name : "",
			      "phone", api_jmasked(a, v->phone, person_mask_phone, NULL),
			      "has_account", v->account_id != 0, "enrolment", v->enrolment, "status",
			      v->status, "note", v->note ? v->note : "");
	json_object_set_new(j, "skills", vol_skills_json((unsigned)v->skill_mask));
	json_object_set_new(j, "availability", availability_json((unsigned)v->availability));
	json_object_set_new(j, "roles", roles_json(v));
	json_object_set_new(j, "hours", json_real((double)v->minutes / 60.0));
	json_object_set_new(j, "stars", json_integer(vol_stars(v->minutes)));
	json_object_set_new(j, "next_star_hours",
			    json_real((double)vol_next_star_minutes(v->minutes) / 60.0));
	json_object_set_new(j, "created_at", api_time(v->created_at));
	return j;
}

static const api_rows volunteer_rows = {sizeof(store_volunteer), 0, volunteer_json};

/* A volunteer with the units they serve. */
static json_t *view_json(fq_arena *a, const volsvc_view *w)
{
	json_t *j = volunteer_json(a, &w->v);
	json_t *units = json_array();
	for (size_t i = 0; units && i < w->n_units; i++)
		json_array_append_new(units, json_pack("{s:I, s:s}", "id",
						       (json_int_t)w->units[i].unit_id, "name",
						       w->units[i].name ? w->units[i].name : ""));
	json_object_set_new(j, "units", units);
	return j;
}

/* ---- reads ----------------------------------------------------------------------------- */

void api_volunteers_list(app *a, http_req *r)
{
	fq_err err = {0};
	store_vol_filter f = {0};
	store_volunteer *rows = NULL;
	size_t n = 0;
	const char *skill = http_query(r, "skill");
	fq_status st = vol_page_args(r, &f.limit, &f.after_id, &err);
	if (st == FQ_OK && skill && *skill)
		st = vol_skills_parse(&skill, 1, "skill", &f.skill_mask, &err);
	if (st == FQ_OK)
		st = volsvc_list(a->db, http_arena(r), api_caller(r), &f, &rows, &n, &err);
	vol_reply_page(r, st, &err, rows, n,
		       n == (size_t)f.limit ? api_rows_last_id(rows, n, &volunteer_rows) : 0,
		       &volunteer_rows);
}

static void reply_view(http_req *r, fq_status st, const fq_err *err, int status,
		       const volsvc_view *w)
{
	api_reply_result(r, st, err, status, st == FQ_OK ? view_json(http_arena(r), w) : NULL);
}

void api_volunteer_me(app *a, http_req *r)
{
	fq_err err = {0};
	volsvc_view w;
	fq_status st = volsvc_me(a->db, http_arena(r), api_caller(r), &w, &err);
	reply_view(r, st, &err, 200, &w);
}

void api_volunteer_get(app *a, http_req *r)
{
	fq_err err = {0};
	volsvc_view w;
	int64_t id = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = volsvc_get(a->db, http_arena(r), api_caller(r), id, &w, &err);
	reply_view(r, st, &err, 200, &w);
}

/* ---- writes ----------------------------------------------------------------------------- */

static const api_field edit_spec[] = {
	{"person_id", JF_INT, 0, 0, 1, VOL_ID_MAX},
	{"skills", JF_ARRAY, 0, 0, 0, 0},
	{"availability", JF_ARRAY, 0, 0, 0, 0},
	{"units", JF_ARRAY, 0, 0, 0, 0},
	{"note", JF_TEXT, 0, VOL_NOTE_MAX, 0, 0},
	{"status", JF_STRING, 0, 10, 0, 0},
};

/* The body of a registration or an edit into e. */
static fq_status edit_parse(http_req *r, volsvc_edit *e, fq_err *err)
{
	json_t *body = NULL;
	fq_status st = api_body_checked(r, edit_spec, sizeof edit_spec / sizeof edit_spec[0],
					&body, err);
	if (st == FQ_OK)
		st = vol_names(r, body, "skills", VOL_NAMES_MAX, &e->skills, err);
	if (st == FQ_OK)
		st = vol_names(r, body, "availability", VOL_NAMES_MAX, &e->availability, err);
	if (st == FQ_OK)
		st = vol_ids(r, body, "units", VOL_UNITS_MAX, &e->units, &e->n_units, &e->has_units,
			     err);
	if (st == FQ_OK) {
		e->person_id = (int64_t)json_integer_value(json_object_get(body, "person_id"));
		e->note = fq_arena_strdup(http_arena(r), api_json_str(body, "note"));
		e->status = fq_arena_strdup(http_arena(r), api_json_str(body, "status"));
	}
	json_decref(body);
	return st;
}

static void saved_reply(app *a, http_req *r)
{
	volsvc_job *x = api_job_done(r);
	fq_err err = {0};
	volsvc_view w;
	if (!x)
		return;
	fq_status st = volsvc_get(a->db, http_arena(r), x->who, x->id, &w, &err);
	reply_view(r, st, &err, x->op == VOLSVC_ENROL ? 201 : 200, &w);
}

static fq_status register_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	volsvc_job *x = ctx;
	vol_job_start(r, x, VOLSVC_ENROL);
	return edit_parse(r, &x->in.edit, err);
}

void api_volunteer_register(app *a, http_req *r)
{
	api_write(a, r, sizeof(volsvc_job), register_fill, saved_reply);
}

static fq_status update_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	volsvc_job *x = ctx;
	vol_job_start(r, x, VOLSVC_UPDATE);
	fq_status st = api_param_id(r, 0, &x->id, err);
	if (st == FQ_OK)
		st = edit_parse(r, &x->in.edit, err);
	if (st == FQ_OK && x->in.edit.person_id)
		st = fq_fail(err, FQ_EINVAL, "person_id", "the person of a volunteer does not change");
	return st;
}

void api_volunteer_update(app *a, http_req *r)
{
	api_write(a, r, sizeof(volsvc_job), update_fill, saved_reply);
}
