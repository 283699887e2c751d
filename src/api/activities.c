/*
 * activities.c - activities, courses, patrols and call-outs over HTTP
 * (/api/v1/activities): the list the caller sees, a new one, one with its
 * slots (and its sign-ups for the organiser), the organiser's rotating
 * check-in code, sign-up and withdrawal, check-in and check-out with the
 * code, attendance marked by the organiser; and a volunteer's ledger of
 * hours with its corrections (/api/v1/volunteers/{id}/hours).
 */
#include "api/handlers.h"

#include <string.h>

#include "api/auth.h"
#include "api/park.h"
#include "api/volunteers_int.h"
#include "core/timeutil.h"

/* ---- JSON ----------------------------------------------------------------------------- */

static json_t *act_json(fq_arena *a, const void *row)
{
	(void)a;
	const store_activity *t = row;
	json_t *j = json_pack("{s:I, s:s, s:I, s:s, s:s, s:o, s:o, s:I, s:s, s:o}", "id",
			      (json_int_t)t->id, "kind", t->kind, "unit_id", (json_int_t)t->unit_id,
			      "title", t->title, "address", t->address, "starts_at",
			      api_time(t->starts_at), "ends_at", api_time(t->ends_at), "organiser_id",
			      (json_int_t)t->organiser_id, "status", t->status, "created_at",
			      api_time(t->created_at));
	json_object_set_new(j, "point", t->has_point ? json_pack("{s:f, s:f}", "lat", t->lat, "lon",
								 t->lon)
						     : json_null());
	json_object_set_new(j, "skills", vol_skills_json((unsigned)t->skill_mask));
	return j;
}

static const api_rows act_rows = {sizeof(store_activity), 0, act_json};

static json_t *signup_json(const store_signup *s)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)s->id,
			 "slot_id", (json_int_t)s->slot_id, "volunteer_id",
			 (json_int_t)s->volunteer_id, "name", s->name ? s->name : "", "state",
			 s->state, "created_at", api_time(s->created_at), "checkin_at",
			 api_jtime(s->checkin_at), "checkout_at", api_jtime(s->checkout_at));
}

static json_t *view_json(const volsvc_act_view *v)
{
	json_t *j = act_json(NULL, &v->act);
	json_t *slots = json_array(), *signups = json_array();
	for (size_t i = 0; slots && i < v->n_slots; i++)
		json_array_append_new(slots, json_pack("{s:I, s:s, s:i, s:i}", "id",
						       (json_int_t)v->slots[i].id, "role",
						       v->slots[i].role, "capacity",
						       v->slots[i].capacity, "confirmed",
						       v->slots[i].confirmed));
	for (size_t i = 0; signups && i < v->n_signups; i++)
		json_array_append_new(signups, signup_json(&v->signups[i]));
	json_object_set_new(j, "slots", slots);
	json_object_set_new(j, "signups", v->manage ? signups : (json_decref(signups), json_null()));
	json_object_set_new(j, "mine", v->mine.id ? signup_json(&v->mine) : json_null());
	return j;
}

/* ---- reads ----------------------------------------------------------------------------- */

void api_activities_list(app *a, http_req *r)
{
	vol_reply_list(a, r, volsvc_acts, &act_rows);
}

void api_activity_get(app *a, http_req *r)
{
	fq_err err = {0};
	volsvc_act_view v;
	int64_t id = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = volsvc_act(a->db, http_arena(r), api_caller(r), id, &v, &err);
	api_reply_result(r, st, &err, 200, st == FQ_OK ? view_json(&v) : NULL);
}

void api_activity_code(app *a, http_req *r)
{
	fq_err err = {0};
	char token[VOL_TOKEN_MAX], digits[VOL_DIGITS];
	int64_t id = 0, expires = 0, now = fq_now_ms() / 1000;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = volsvc_act_code(a->db, http_arena(r), api_caller(r), id, now, token, digits,
				     &expires, &err);
	http_add_header(r, "Cache-Control", "no-store");
	api_reply_result(r, st, &err, 200,
			 st == FQ_OK ? json_pack("{s:s, s:s, s:i, s:o}", "token", token, "code",
						 digits, "step_s", VOL_CODE_STEP_S, "expires_at",
						 api_time(expires))
				     : NULL);
}

/* ---- writes ---------------------------------------------------------------------------- */

/* After a write on an activity: the activity as the caller sees it, with
 * what the write did. */
static void act_saved(app *a, http_req *r)
{
	volsvc_job *x = api_job_done(r);
	fq_err err = {0};
	volsvc_act_view v;
	if (!x)
		return;
	fq_status st = volsvc_act(a->db, http_arena(r), x->who, x->id, &v, &err);
	json_t *j = st == FQ_OK ? view_json(&v) : NULL;
	if (j && x->state)
		json_object_set_new(j, "state", json_string(x->state));
	if (j && x->op == VOLSVC_WITHDRAW)
		json_object_set_new(j, "promoted_signup_id", api_jid(x->promoted));
	if (j && (x->op == VOLSVC_CHECKOUT || x->op == VOLSVC_MARK))
		json_object_set_new(j, "minutes", json_integer(x->minutes));
	api_reply_result(r, st, &err, x->op == VOLSVC_ACT_CREATE ? 201 : 200, j);
}

/* A time field of body as unix seconds; 422 naming it when it is not one. */
static fq_status time_field(const json_t *body, const char *name, int64_t *out, fq_err *err)
{
	const char *s = api_json_str(body, name);
	if (!s || fq_time_parse(s, out) != 0)
		return fq_fail(err, FQ_EINVAL, name, "%s must be an RFC 3339 time", name);
	return FQ_OK;
}

static const api_field act_spec[] = {
	{"kind", JF_STRING, JF_REQUIRED, 20, 0, 0},
	{"unit_id", JF_INT, JF_REQUIRED, 0, 1, VOL_ID_MAX},
	{"title", JF_LINE, JF_REQUIRED, VOL_TITLE_MAX, 0, 0},
	{"address", JF_LINE, JF_REQUIRED, VOL_ADDRESS_MAX, 0, 0},
	{"lat", JF_NUMBER, 0, 0, -90, 90},
	{"lon", JF_NUMBER, 0, 0, -180, 180},
	{"starts_at", JF_STRING, JF_REQUIRED, 40, 0, 0},
	{"ends_at", JF_STRING, JF_REQUIRED, 40, 0, 0},
	{"slots", JF_ARRAY, JF_REQUIRED, 0, 0, 0},
	{"skills", JF_ARRAY, 0, 0, 0, 0},
};

static const api_field slot_spec[] = {
	{"role", JF_LINE, JF_REQUIRED, VOL_ROLE_MAX, 0, 0},
	{"capacity", JF_INT, JF_REQUIRED, 0, 1, VOL_CAPACITY_MAX},
};

/* The slots of body into in (each checked; the error names "slots"). */
static fq_status slots_parse(http_req *r, json_t *body, volsvc_act_in *in, fq_err *err)
{
	json_t *arr = json_object_get(body, "slots");
	size_t n = json_array_size(arr);
	if (n == 0 || n > VOL_SLOTS_MAX)
		return fq_fail(err, FQ_EINVAL, "slots", "an activity has 1 to %d slots",
			       VOL_SLOTS_MAX);
	store_act_slot *s = fq_arena_alloc(http_arena(r), n * sizeof *s);
	if (!s)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		fq_status st = json_is_object(o) ? api_json_check(o, slot_spec, 2, err)
						 : fq_fail(err, FQ_EINVAL, "slots", "a slot is an object");
		if (st != FQ_OK)
			return fq_fail(err, st, "slots", "slot %zu: %s", i + 1, err->message);
		s[i] = (store_act_slot){
		    .role = fq_arena_strdup(http_arena(r), api_json_str(o, "role")),
		    .capacity = (int)json_integer_value(json_object_get(o, "capacity"))};
	}
	in->slots = s;
	in->n_slots = n;
	return FQ_OK;
}

static fq_status act_parse(http_req *r, json_t *body, volsvc_act_in *in, fq_err *err)
{
	json_t *lat = json_object_get(body, "lat"), *lon = json_object_get(body, "lon");
	fq_status st = time_field(body, "starts_at", &in->starts_at, err);
	if (st == FQ_OK)
		st = time_field(body, "ends_at", &in->ends_at, err);
	if (st == FQ_OK && (lat == NULL) != (lon == NULL))
		st = fq_fail(err, FQ_EINVAL, lat ? "lon" : "lat", "lat and lon come together");
	if (st == FQ_OK)
		st = slots_parse(r, body, in, err);
	if (st == FQ_OK)
		st = vol_names(r, body, "skills", VOL_NAMES_MAX, &in->skills, err);
	in->kind = fq_arena_strdup(http_arena(r), api_json_str(body, "kind"));
	in->unit_id = (int64_t)json_integer_value(json_object_get(body, "unit_id"));
	in->title = fq_arena_strdup(http_arena(r), api_json_str(body, "title"));
	in->address = fq_arena_strdup(http_arena(r), api_json_str(body, "address"));
	in->has_point = lat != NULL;
	in->lat = json_number_value(lat);
	in->lon = json_number_value(lon);
	return st;
}

static fq_status act_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	volsvc_job *x = ctx;
	json_t *body = NULL;
	vol_job_start(r, x, VOLSVC_ACT_CREATE);
	fq_status st = api_body_checked(r, act_spec, sizeof act_spec / sizeof act_spec[0], &body,
					err);
	if (st == FQ_OK)
		st = act_parse(r, body, &x->in.act, err);
	json_decref(body);
	return st;
}

void api_activity_create(app *a, http_req *r)
{
	api_write(a, r, sizeof(volsvc_job), act_fill, act_saved);
}

static const api_field move_spec[] = {
	{"volunteer_id", JF_INT, 0, 0, 1, VOL_ID_MAX},
	{"slot_id", JF_INT, 0, 0, 1, VOL_ID_MAX},
	{"code", JF_STRING, 0, VOL_TOKEN_MAX, 0, 0},
	{"checkin_at", JF_STRING, 0, 40, 0, 0},
	{"checkout_at", JF_STRING, 0, 40, 0, 0},
};

/* The op of an activity's action by the last part of the path. */
static volsvc_op action_op(http_req *r)
{
	static const struct {
		const char *tail;
		volsvc_op op;
	} tails[] = {{"/signup", VOLSVC_SIGNUP}, {"/withdraw", VOLSVC_WITHDRAW},
		     {"/checkin", VOLSVC_CHECKIN}, {"/checkout", VOLSVC_CHECKOUT}};
	const char *path = http_path(r), *slash = strrchr(path, '/');
	for (size_t i = 0; slash && i < sizeof tails / sizeof tails[0]; i++)
		if (strcmp(slash, tails[i].tail) == 0)
			return tails[i].op;
	return VOLSVC_MARK;
}

static fq_status move_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	volsvc_job *x = ctx;
	json_t *body = NULL;
	vol_job_start(r, x, action_op(r));
	fq_status st = api_param_id(r, 0, &x->id, err);
	if (st == FQ_OK)
		st = api_body_checked(r, move_spec, sizeof move_spec / sizeof move_spec[0], &body,
				      err);
	x->member = (int64_t)json_integer_value(json_object_get(body, "volunteer_id"));
	x->slot_id = (int64_t)json_integer_value(json_object_get(body, "slot_id"));
	x->code = fq_arena_strdup(http_arena(r), api_json_str(body, "code"));
	if (st == FQ_OK && (x->op == VOLSVC_CHECKIN || x->op == VOLSVC_CHECKOUT) && !x->code)
		st = fq_fail(err, FQ_EINVAL, "code", "code is required");
	if (st == FQ_OK && x->op == VOLSVC_MARK && !x->member)
		st = fq_fail(err, FQ_EINVAL, "volunteer_id", "volunteer_id is required");
	if (st == FQ_OK && x->op == VOLSVC_MARK)
		st = time_field(body, "checkin_at", &x->mark_in, err);
	if (st == FQ_OK && x->op == VOLSVC_MARK)
		st = time_field(body, "checkout_at", &x->mark_out, err);
	json_decref(body);
	return st;
}

void api_activity_action(app *a, http_req *r)
{
	api_write(a, r, sizeof(volsvc_job), move_fill, act_saved);
}

/* ---- the ledger of hours -------------------------------------------------------------------- */

static json_t *hours_json(const store_hours *h)
{
	return json_pack("{s:I, s:s, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)h->id, "kind",
			 h->kind, "minutes", (json_int_t)h->minutes, "activity_id",
			 api_jid(h->activity_id), "reason", api_jstr(h->reason), "author_id",
			 api_jid(h->author_id), "created_at", api_time(h->created_at));
}

/* 200 with the ledger of volunteer id: its entries, the verified total
 * and the stars it earns. */
static void reply_ledger(app *a, http_req *r, const caller *who, int64_t id, int status)
{
	fq_err err = {0};
	store_hours *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	fq_status st = volsvc_hours(a->db, http_arena(r), who, id, &rows, &n, &err);
	json_t *items = json_array();
	for (size_t i = 0; st == FQ_OK && items && i < n; i++) {
		total += rows[i].minutes;
		json_array_append_new(items, hours_json(&rows[i]));
	}
	json_t *j = st == FQ_OK ? json_pack("{s:o, s:I, s:f, s:i, s:f}", "items", items, "minutes",
					    (json_int_t)total, "hours", (double)total / 60.0,
					    "stars", vol_stars(total), "next_star_hours",
					    (double)vol_next_star_minutes(total) / 60.0)
				: (json_decref(items), NULL);
	api_reply_result(r, st, &err, status, j);
}

void api_volunteer_hours(app *a, http_req *r)
{
	int64_t id = 0;
	if (api_param_id_or_reply(r, 0, &id))
		reply_ledger(a, r, api_caller(r), id, 200);
}

static void corrected(app *a, http_req *r)
{
	volsvc_job *x = api_job_done(r);
	if (x)
		reply_ledger(a, r, x->who, x->id, 201);
}

static const api_field correct_spec[] = {
	{"minutes", JF_INT, JF_REQUIRED, 0, -VOL_CORRECTION_MAX_MIN, VOL_CORRECTION_MAX_MIN},
	{"reason", JF_LINE, JF_REQUIRED, VOL_REASON_MAX, 0, 0},
};

static fq_status correct_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	volsvc_job *x = ctx;
	json_t *body = NULL;
	vol_job_start(r, x, VOLSVC_CORRECT);
	fq_status st = api_param_id(r, 0, &x->id, err);
	if (st == FQ_OK)
		st = api_body_checked(r, correct_spec, 2, &body, err);
	x->minutes = (int64_t)json_integer_value(json_object_get(body, "minutes"));
	x->reason = fq_arena_strdup(http_arena(r), api_json_str(body, "reason"));
	json_decref(body);
	return st;
}

void api_volunteer_correct(app *a, http_req *r)
{
	api_write(a, r, sizeof(volsvc_job), correct_fill, corrected);
}
