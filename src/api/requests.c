/*
 * requests.c - requests (诉求) over HTTP: raising one (POST
 * /api/v1/requests, with Idempotency-Key), reading one with its timeline
 * (GET /api/v1/requests/{id}), and the lifecycle actions (POST
 * /api/v1/requests/{id}/{action}, one route row per action).
 *
 * Each handler parses and checks the JSON, hands the work to the requests
 * service (domain/requests.h) and writes JSON. Writes are the service's
 * jobs and never block a worker: the request is parked (api_submit) while
 * the writer thread runs the job, and a continuation answers once it is
 * durable. Reads before and after are the service's own.
 */
#include "api/handlers.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/geojson.h"
#include "api/json.h"
#include "api/park.h"
#include "api/photos.h"
#include "core/timeutil.h"
#include "domain/crs.h"
#include "domain/person.h"
#include "domain/requests.h"

/* Characters of a channel name, a return reason code, a card name. */
#define NAME_FIELD_MAX 32
/* Characters of a phone number as typed. */
#define PHONE_FIELD_MAX 20
/* Characters of a time ("due"). */
#define TIME_FIELD_MAX 40
/* Largest id a JSON body may name. */
#define ID_MAX 9007199254740991.0
/* Header of the idempotency key. */
#define IDEM_HEADER "Idempotency-Key"

/* ---- JSON building ---------------------------------------------------- */

static json_t *assignee_json(const reqsvc_assignee *v)
{
	if (!v->account_id)
		return json_null();
	json_t *unit = v->unit_id ? json_pack("{s:I, s:o, s:o}", "id", (json_int_t)v->unit_id,
					      "name", api_jstr(v->unit_name), "kind",
					      api_jstr(v->unit_kind))
				  : json_null();
	return json_pack("{s:I, s:o, s:o, s:o}", "account_id", (json_int_t)v->account_id, "name",
			 api_jstr(v->name), "role", api_jstr(v->role ? role_name(v->role) : NULL), "unit",
			 unit);
}

static json_t *dups_json(const reqsvc_dup *d, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)d[i].id,
				       "number", api_jstr(d[i].number), "title", api_jstr(d[i].title),
				       "state", api_jstr(d[i].state), "distance_m",
				       d[i].distance_m >= 0 ? json_integer((json_int_t)(d[i].distance_m + 0.5))
							    : json_null()));
	return arr;
}

static json_t *summary_json(const reqsvc_summary *s)
{
	return json_pack("{s:I, s:o, s:o, s:i, s:o, s:o, s:o, s:o}", "id", (json_int_t)s->id,
			 "number", api_jstr(s->number), "state", api_jstr(s->state), "level", s->level,
			 "assignee", assignee_json(&s->assignee), "accept_due",
			 api_jtime(s->accept_due), "resolve_due", api_jtime(s->resolve_due), "duplicates",
			 dups_json(s->dups, s->n_dups));
}

static json_t *deadline_json(const reqsvc_deadline *d)
{
	return json_pack("{s:o, s:o, s:b}", "due", api_jtime(d->due), "state",
			 api_jstr(d->timing ? sla_timing_name(d->timing) : NULL), "running", d->running);
}

/* The stored detail object, without the hotline caller (shown, masked,
 * under "reporter"). */
static json_t *detail_json(const char *text)
{
	json_t *d = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_object(d)) {
		json_decref(d);
		return json_object();
	}
	json_object_del(d, "caller_name");
	json_object_del(d, "caller_phone");
	return d;
}

static json_t *event_json(const store_req_event *e)
{
	json_t *actor = e->actor_account_id
				? json_pack("{s:I, s:o}", "id", (json_int_t)e->actor_account_id,
					    "name", api_jstr(e->actor_name))
				: json_null();
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:o}", "id",
			 (json_int_t)e->id, "at", api_time(e->at), "actor", actor, "event",
			 api_jstr(e->event), "old_state", api_jstr(e->old_state), "new_state",
			 api_jstr(e->new_state), "old_level",
			 e->old_level ? json_integer(e->old_level) : json_null(), "new_level",
			 e->new_level, "note", api_jstr(e->note), "detail", detail_json(e->detail));
}

static json_t *timeline_json(const reqsvc_view *v)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < v->n_events; i++)
		json_array_append_new(arr, event_json(&v->events[i]));
	return arr;
}

static json_t *cohandlers_json(const reqsvc_view *v)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < v->n_cohandlers; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:o, s:b}", "unit_id",
				       (json_int_t)v->cohandlers[i].unit_id, "name",
				       api_jstr(v->cohandlers[i].name), "lead", v->cohandlers[i].lead));
	return arr;
}

static json_t *actions_json(unsigned set)
{
	json_t *arr = json_array();
	for (int k = REQ_ACT_NONE + 1; arr && k < REQ_ACT_COUNT; k++)
		if (set & (1u << k))
			json_array_append_new(arr, json_string(req_action_name((req_action_kind)k)));
	if (arr && (set & REQSVC_ACT_COHANDLERS))
		json_array_append_new(arr, json_string("cohandlers"));
	return arr;
}

/* Who raised it, as much as the caller may see. */
static json_t *reporter_json(fq_arena *a, const reqsvc_view *v)
{
	const store_request *r = &v->req;
	const char *name = r->caller_name ? r->caller_name : r->reporter_name;
	const char *phone = r->caller_phone ? r->caller_phone : r->reporter_phone;
	if (v->reporter == REQSVC_REPORTER_HIDDEN || (!name && !phone))
		return json_null();
	if (v->reporter == REQSVC_REPORTER_MASKED)
		return json_pack("{s:o, s:o}", "name", api_jmasked(a, name, person_mask_name, NULL),
				 "phone", api_jmasked(a, phone, person_mask_phone, NULL));
	return json_pack("{s:o, s:o, s:o}", "person_id", api_jid(r->reporter_person_id), "name",
			 api_jstr(name), "phone", api_jmasked(a, phone, person_mask_phone, NULL));
}

static json_t *point_or_null(int has_point, double v)
{
	return has_point ? json_real(v) : json_null();
}

/* The building the request lies in: its name, address and door point; null
 * when it has none. */
static json_t *building_json(const store_request *r)
{
	if (!r->building_id || !r->building_name)
		return json_null();
	return json_pack("{s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)r->building_id, "name",
			 r->building_name, "address", api_jstr(r->building_address), "lat",
			 point_or_null(r->building_has_point, r->building_lat), "lon",
			 point_or_null(r->building_has_point, r->building_lon));
}

static json_t *location_json(const reqsvc_view *v)
{
	const store_request *r = &v->req;
	bool hide = v->reporter == REQSVC_REPORTER_HIDDEN && r->anonymous;
	return json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:{s:I, s:o}, s:o, s:o}", "lat",
			 point_or_null(r->has_point, r->lat), "lon",
			 point_or_null(r->has_point, r->lon), "address",
			 r->address ? r->address : "", "building_id", api_jid(r->building_id),
			 "building", building_json(r), "household_id",
			 hide ? json_null() : api_jid(r->household_id), "grid", "id",
			 (json_int_t)r->grid_id, "name", api_jstr(r->grid_name), "community_id",
			 api_jid(r->community_id), "street_id", api_jid(r->street_id));
}

static json_t *rating_json(const store_request *r)
{
	if (r->rating_resolved < 0)
		return json_null();
	return json_pack("{s:b, s:o, s:o}", "resolved", r->rating_resolved == 1, "satisfaction",
			 r->rating_satisfaction ? json_integer(r->rating_satisfaction) : json_null(),
			 "comment", api_jstr(r->rating_comment));
}

static json_t *view_assignee_json(const reqsvc_view *v)
{
	const store_request *r = &v->req;
	reqsvc_assignee as = {.account_id = r->assignee_account_id, .name = r->assignee_name,
			      .role = v->assignee_role, .unit_id = r->assignee_unit_id,
			      .unit_name = r->assignee_unit_name,
			      .unit_kind = r->assignee_unit_kind};
	return assignee_json(&as);
}

/* What a request is: its identity, place, people and texts. */
static json_t *view_head_json(fq_arena *a, const reqsvc_view *v)
{
	const store_request *r = &v->req;
	return json_pack("{s:I, s:o, s:o, s:o, s:{s:I, s:o, s:o}, s:o, s:o, s:b, s:o, s:o, s:o}",
			 "id", (json_int_t)r->id, "number", api_jstr(r->number), "title",
			 api_jstr(r->title), "description", api_jstr(r->description), "category", "id",
			 (json_int_t)r->category_id, "code", api_jstr(r->category_code), "name",
			 api_jstr(r->category_name), "channel", api_jstr(r->channel), "location",
			 location_json(v), "anonymous", r->anonymous != 0, "reporter",
			 reporter_json(a, v), "assignee", view_assignee_json(v), "result",
			 api_jstr(r->result));
}

/* Where a request stands: state, level, deadlines, sub-states, times. */
static json_t *view_state_json(const reqsvc_view *v)
{
	const store_request *r = &v->req;
	json_t *dl = json_pack("{s:o, s:o, s:o, s:o}", "accept", deadline_json(&v->accept),
			       "resolve", deadline_json(&v->resolve), "followup",
			       deadline_json(&v->followup), "supervision",
			       deadline_json(&v->card));
	json_t *ext = json_pack("{s:o, s:o, s:o, s:i}", "state", api_jstr(r->ext_state), "amount",
				r->ext_amount ? json_integer(r->ext_amount) : json_null(), "unit",
				api_jstr(r->ext_unit), "count", r->extensions);
	json_t *times = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "created_at",
				  api_jtime(r->created_at), "updated_at", api_jtime(r->updated_at),
				  "dispatched_at", api_jtime(r->dispatched_at), "accepted_at",
				  api_jtime(r->accepted_at), "resolved_at", api_jtime(r->resolved_at),
				  "closed_at", api_jtime(r->closed_at));
	return json_pack("{s:o, s:i, s:o, s:i, s:o, s:o, s:o, s:i, s:o, s:o, s:o}", "state",
			 api_jstr(r->state), "level", r->level, "level_name",
			 api_jstr(ladder_level_name(r->level)), "priority", r->priority, "deadlines",
			 dl, "card", api_jstr(r->card), "extension", ext, "redo_count", r->redo_count,
			 "merged_into", api_jid(r->merged_into), "rating", rating_json(r), "times",
			 times);
}

/* The whole request; photos (stolen) come from the photos module. */
static json_t *view_json(fq_arena *a, const reqsvc_view *v, json_t *photos)
{
	json_t *j = view_head_json(a, v);
	json_t *state = view_state_json(v);
	if (!j || !state) {
		json_decref(j);
		json_decref(state);
		json_decref(photos);
		return NULL;
	}
	json_object_update(j, state);
	json_decref(state);
	json_object_set_new(j, "timeline", timeline_json(v));
	json_object_set_new(j, "photos", photos);
	json_object_set_new(j, "cohandlers", cohandlers_json(v));
	json_object_set_new(j, "actions", actions_json(v->actions));
	return j;
}

/* ---- reading ------------------------------------------------------------ */

static fq_status read_view(app *a, http_req *r, const caller *who, int64_t id, json_t **out,
			   fq_err *err)
{
	reqsvc_view v;
	store_photo *photos = NULL;
	size_t n_photos = 0;
	fq_arena *arena = http_arena(r);
	fq_status st = reqsvc_view_get(a->db, arena, who, id, fq_now_ms() / 1000, &v, &photos,
				       &n_photos, err);
	if (st != FQ_OK)
		return st;
	json_t *ph = api_photo_rows_json(photos, n_photos);
	if (!ph || !(*out = view_json(arena, &v, ph)))
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	return FQ_OK;
}

void api_request_get(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t id;
	json_t *j = NULL;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = read_view(a, r, api_caller(r), id, &j, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, j);
}

/* ---- POST /api/v1/requests -------------------------------------------- */

static const api_field create_spec[] = {
	{"title", JF_LINE, JF_REQUIRED, REQSVC_TITLE_MAX, 0, 0},
	{"description", JF_TEXT, 0, REQSVC_DESCRIPTION_MAX, 0, 0},
	{"channel", JF_STRING, 0, NAME_FIELD_MAX, 0, 0},
	{"lat", JF_NUMBER, 0, 0, GEO_LAT_MIN, GEO_LAT_MAX},
	{"lon", JF_NUMBER, 0, 0, GEO_LON_MIN, GEO_LON_MAX},
	{"building_id", JF_INT, 0, 0, 1, ID_MAX},
	{"household_id", JF_INT, 0, 0, 1, ID_MAX},
	{"address", JF_LINE, 0, REQSVC_ADDRESS_MAX, 0, 0},
	{"anonymous", JF_BOOL, 0, 0, 0, 0},
	{"caller_name", JF_LINE, 0, REQSVC_CALLER_NAME_MAX, 0, 0},
	{"caller_phone", JF_STRING, 0, PHONE_FIELD_MAX, 0, 0},
	{"crs", JF_STRING, 0, NAME_FIELD_MAX, 0, 0},
};

typedef struct create_ctx {
	reqsvc_create_job j;       /* first: see api_submit */
	const caller *who;         /* taken before the user slot is reused */
	reqsvc_input in;
} create_ctx;

static fq_status parse_boundary(const char *text, geo_multipolygon **out, fq_err *err)
{
	return geojson_parse(text, strlen(text), out, err);
}

static const char *arena_str(fq_arena *a, const json_t *obj, const char *name)
{
	const char *s = api_json_str(obj, name);
	return s ? fq_arena_strdup(a, s) : NULL;
}

/* "category": a code or an id; taken out of body so the spec can check
 * the rest. */
static fq_status take_category(fq_arena *a, json_t *body, reqsvc_input *in, fq_err *err)
{
	json_t *v = json_object_get(body, "category");
	if (!v || json_is_null(v))
		return fq_failr(err, FQ_EINVAL, "category", "field.required",
				"category is required");
	if (json_is_integer(v) && json_integer_value(v) > 0)
		in->category_id = json_integer_value(v);
	else if (json_is_string(v) && json_string_length(v) <= REQSVC_CATEGORY_CODE_MAX)
		in->category_code = fq_arena_strdup(a, json_string_value(v));
	else
		return fq_failr(err, FQ_EINVAL, "category", "request.category_invalid",
				"category must be a category code or a positive id");
	json_object_del(body, "category");
	return FQ_OK;
}

static fq_status parse_point(const json_t *body, reqsvc_input *in, fq_err *err)
{
	json_t *lat = json_object_get(body, "lat"), *lon = json_object_get(body, "lon");
	bool has_lat = lat && !json_is_null(lat), has_lon = lon && !json_is_null(lon);
	if (has_lat != has_lon)
		return fq_failr(err, FQ_EINVAL, has_lat ? "lon" : "lat", "request.lat_lon_pair",
				"lat and lon must be given together");
	in->has_point = has_lat;
	in->lat = has_lat ? json_number_value(lat) : 0;
	in->lon = has_lon ? json_number_value(lon) : 0;
	/* "crs": the point's system, "wgs84" (the default) or "gcj02" (a
	 * commercial map's or WeChat's), converted to WGS 84 here */
	const char *crs_name = api_json_str(body, "crs");
	geo_crs crs = CRS_WGS84;
	if (crs_name && !crs_parse(crs_name, &crs))
		return fq_fail(err, FQ_EINVAL, "crs", "crs must be wgs84 or gcj02");
	if (in->has_point && crs == CRS_GCJ02)
		crs_wgs84_from_gcj02(in->lat, in->lon, &in->lat, &in->lon);
	return FQ_OK;
}

static fq_status parse_create(fq_arena *a, json_t *body, reqsvc_input *in, fq_err *err)
{
	fq_status st = take_category(a, body, in, err);
	if (st == FQ_OK)
		st = api_json_check(body, create_spec, sizeof create_spec / sizeof create_spec[0],
				    err);
	if (st == FQ_OK)
		st = parse_point(body, in, err);
	if (st != FQ_OK)
		return st;
	in->title = arena_str(a, body, "title");
	in->description = arena_str(a, body, "description");
	in->channel = arena_str(a, body, "channel");
	in->address = arena_str(a, body, "address");
	in->caller_name = arena_str(a, body, "caller_name");
	in->caller_phone = arena_str(a, body, "caller_phone");
	in->building_id = json_integer_value(json_object_get(body, "building_id"));
	in->household_id = json_integer_value(json_object_get(body, "household_id"));
	in->anonymous = json_is_true(json_object_get(body, "anonymous"));
	in->parse_boundary = parse_boundary;
	in->now = fq_now_ms() / 1000;
	return FQ_OK;
}

/* The Idempotency-Key header, or NULL; 422 when empty, too long or not
 * printable ASCII. */
static fq_status parse_key(http_req *r, const char **out, fq_err *err)
{
	const char *key = http_header(r, IDEM_HEADER);
	*out = NULL;
	if (!key)
		return FQ_OK;
	size_t n = strlen(key);
	if (n == 0 || n > REQSVC_IDEM_KEY_MAX)
		return fq_fail(err, FQ_EINVAL, IDEM_HEADER, "%s must be 1 to %d characters",
			       IDEM_HEADER, REQSVC_IDEM_KEY_MAX);
	for (size_t i = 0; i < n; i++)
		if (key[i] < '!' || key[i] > '~')
			return fq_fail(err, FQ_EINVAL, IDEM_HEADER,
				       "%s must be printable ASCII without spaces", IDEM_HEADER);
	*out = key;
	return FQ_OK;
}

/* The body (category included) in a canonical form, hashed. */
static fq_status fingerprint_of(const json_t *body, char out[REQSVC_FINGERPRINT_SIZE],
				fq_err *err)
{
	char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	reqsvc_fingerprint(text, strlen(text), out);
	free(text);
	return FQ_OK;
}

/* Answer with the summary of the request a replayed key created. */
static void reply_replayed(app *a, http_req *r, create_ctx *x)
{
	reqsvc_summary s;
	json_t *j = NULL;
	fq_err err = {0};
	fq_status st = reqsvc_summary_get(a->db, http_arena(r), x->who, x->j.replayed, &s, &err);
	if (st == FQ_OK && !(j = summary_json(&s)))
		st = fq_fail(&err, FQ_ENOMEM, "", "out of memory");
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, j);
}

static void create_reply(app *a, http_req *r)
{
	create_ctx *x = api_job_done(r);
	if (!x)
		return;
	if (x->j.replayed) {
		reply_replayed(a, r, x);
		return;
	}
	api_reply_json(r, 201, summary_json(&x->j.plan.summary));
}

/* Parse the body and the key of a new request into x. */
static fq_status create_parse(http_req *r, create_ctx *x, fq_err *err)
{
	json_t *body = NULL;
	fq_status st = parse_key(r, &x->j.key, err);
	if (st == FQ_OK)
		st = api_body_json(r, &body, err);
	if (st == FQ_OK)
		st = fingerprint_of(body, x->j.fingerprint, err);
	if (st == FQ_OK)
		st = parse_create(http_arena(r), body, &x->in, err);
	json_decref(body);
	return st;
}

void api_request_create(app *a, http_req *r)
{
	fq_err err = {0};
	create_ctx *x = api_job_new(r, sizeof *x);
	if (!x)
		return;
	x->who = api_caller(r);
	fq_status st = create_parse(r, x, &err);
	if (st == FQ_OK)
		st = reqsvc_create_prepare(a->db, http_arena(r), x->who, &x->in, &x->j, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	if (x->j.replayed) {
		reply_replayed(a, r, x);
		return;
	}
	api_submit(a, r, &x->j.job, create_reply);
}

/* ---- POST /api/v1/requests/{id}/{action} ------------------------------- */

/* An action's context: the service's job itself (see api_submit). */
typedef reqsvc_action_job action_ctx;

/* Fields of each action's body; checked by api_json_check, then read by
 * the action's reader into the req_action. */
static const api_field note_spec[] = {{"note", JF_TEXT, 0, REQ_NOTE_MAX, 0, 0}};
static const api_field return_spec[] = {
	{"reason_code", JF_STRING, 0, NAME_FIELD_MAX, 0, 0},
	{"note", JF_TEXT, 0, REQ_NOTE_MAX, 0, 0},
};
static const api_field reason_spec[] = {{"reason", JF_TEXT, 0, REQ_REASON_MAX, 0, 0}};
static const api_field resolve_spec[] = {{"result", JF_TEXT, 0, REQ_RESULT_MAX, 0, 0}};
static const api_field rate_spec[] = {
	{"resolved", JF_BOOL, 0, 0, 0, 0},
	{"satisfaction", JF_INT, 0, 0, REQ_SATISFACTION_MIN, REQ_SATISFACTION_MAX},
	{"comment", JF_TEXT, 0, REQ_COMMENT_MAX, 0, 0},
};
static const api_field extend_spec[] = {
	{"reason", JF_TEXT, 0, REQ_REASON_MAX, 0, 0},
	{"limit", JF_OBJECT, 0, 0, 0, 0},
};
static const api_field supervise_spec[] = {
	{"card", JF_STRING, 0, NAME_FIELD_MAX, 0, 0},
	{"due", JF_STRING, 0, TIME_FIELD_MAX, 0, 0},
	{"note", JF_TEXT, 0, REQ_NOTE_MAX, 0, 0},
};
static const api_field merge_spec[] = {
	{"merge_into", JF_INT, 0, 0, 1, ID_MAX},
	{"note", JF_TEXT, 0, REQ_NOTE_MAX, 0, 0},
};
static const api_field reassign_spec[] = {
	{"level", JF_INT, 0, 0, LADDER_LEVEL_MIN, LADDER_LEVEL_MAX},
	{"note", JF_TEXT, 0, REQ_NOTE_MAX, 0, 0},
};
static const api_field cohandlers_spec[] = {
	{"departments", JF_ARRAY, JF_REQUIRED, 0, 0, 0},
	{"lead", JF_INT, JF_REQUIRED, 0, 1, ID_MAX},
};

typedef fq_status (*action_reader)(fq_arena *a, const json_t *body, action_ctx *x,
				   fq_err *err);

static fq_status read_note(fq_arena *a, const json_t *body, action_ctx *x, fq_err *err)
{
	(void)err;
	x->act.note = arena_str(a, body, "note");
	return FQ_OK;
}

static fq_status read_return(fq_arena *a, const json_t *body, action_ctx *x, fq_err *err)
{
	const char *code = api_json_str(body, "reason_code");
	x->act.reason_code = req_reason_parse(code);
	if (code && x->act.reason_code == REQ_REASON_NONE)
		return fq_failr(err, FQ_EINVAL, "reason_code", "request.return_reason_unknown",
				"reason_code must be wrong_area, unclear_ownership, "
				"overlapping_remit or other");
	return read_note(a, body, x, err);
}

static fq_status read_reason(fq_arena *a, const json_t *body, action_ctx *x, fq_err *err)
{
	(void)err;
	x->act.reason = arena_str(a, body, "reason");
	return FQ_OK;
}

static fq_status read_resolve(fq_arena *a, const json_t *body, action_ctx *x, fq_err *err)
{
	(void)err;
	x->act.result = arena_str(a, body, "result");
	return FQ_OK;
}

static fq_status read_rate(fq_arena *a, const json_t *body, action_ctx *x, fq_err *err)
{
	(void)err;
	json_t *resolved = json_object_get(body, "resolved");
	if (json_is_boolean(resolved))
		x->act.resolved = json_is_true(resolved) ? REQ_ANSWER_YES : REQ_ANSWER_NO;
	x->act.satisfaction = (int)json_integer_value(json_object_get(body, "satisfaction"));
	x->act.comment = arena_str(a, body, "comment");
	return FQ_OK;
}

static fq_status read_extend(fq_arena *a, const json_t *body, action_ctx *x, fq_err *err)
{
	json_t *limit = json_object_get(body, "limit");
	x->act.reason = arena_str(a, body, "reason");
	if (!limit)
		return fq_failr(err, FQ_EINVAL, "limit", "field.required",
				"limit is required: {amount, unit}");
	json_t *amount = json_object_get(limit, "amount");
	sla_unit unit = sla_unit_parse(json_string_value(json_object_get(limit, "unit")));
	if (!json_is_integer(amount) || json_object_size(limit) != 2 || !unit)
		return fq_fail(err, FQ_EINVAL, "limit",
			       "limit must be {\"amount\": N, \"unit\": \"hours\" or \"workdays\"}");
	json_int_t n = json_integer_value(amount);
	x->act.ext_limit = (sla_limit){(n > 0 && n <= SLA_HOURS_MAX) ? (int)n : 0, unit};
	return FQ_OK;
}

static fq_status read_supervise(fq_arena *a, const json_t *body, action_ctx *x, fq_err *err)
{
	const char *card = api_json_str(body, "card"), *due = api_json_str(body, "due");
	x->act.card = req_card_parse(card);
	if (card && x->act.card == REQ_CARD_NONE)
		return fq_failr(err, FQ_EINVAL, "card", "request.card_unknown",
				"card must be normal, yellow or red");
	if (due && fq_time_parse(due, &x->act.due) != 0)
		return fq_failr(err, FQ_EINVAL, "due", "field.time",
				"due must be an RFC 3339 time");
	return read_note(a, body, x, err);
}

static fq_status read_merge(fq_arena *a, const json_t *body, action_ctx *x, fq_err *err)
{
	x->act.merge_into = json_integer_value(json_object_get(body, "merge_into"));
	return read_note(a, body, x, err);
}

static fq_status read_reassign(fq_arena *a, const json_t *body, action_ctx *x, fq_err *err)
{
	x->act.level = (int)json_integer_value(json_object_get(body, "level"));
	return read_note(a, body, x, err);
}

static fq_status read_cohandlers(fq_arena *a, const json_t *body, action_ctx *x, fq_err *err)
{
	(void)a;
	json_t *deps = json_object_get(body, "departments");
	int64_t lead = json_integer_value(json_object_get(body, "lead"));
	size_t n = json_array_size(deps);
	if (n == 0 || n > LADDER_COHANDLERS_MAX)
		return fq_failr(err, FQ_EINVAL, "departments", "request.departments_range",
				"departments must list 1 to %d unit ids", LADDER_COHANDLERS_MAX);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(deps, i);
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return fq_fail(err, FQ_EINVAL, "departments",
				       "departments must list unit ids");
		x->list[i] = (ladder_cohandler){json_integer_value(v),
						json_integer_value(v) == lead};
	}
	x->n = n;
	x->cohandlers = true;
	return FQ_OK;
}

/* One row per action a route accepts. */
typedef struct action_def {
	const char *name;           /* the last path segment */
	req_action_kind kind;       /* REQ_ACT_NONE for cohandlers */
	const api_field *spec;
	size_t n_spec;
	action_reader read;
} action_def;

#define SPEC(s) s, sizeof s / sizeof s[0]
#define SPEC_N(s) (sizeof s / sizeof s[0])

static const action_def actions[] = {
	{"accept", REQ_ACT_ACCEPT, SPEC(note_spec), read_note},
	{"return", REQ_ACT_RETURN, SPEC(return_spec), read_return},
	{"escalate", REQ_ACT_ESCALATE, SPEC(reason_spec), read_reason},
	{"resolve", REQ_ACT_RESOLVE, SPEC(resolve_spec), read_resolve},
	{"rate", REQ_ACT_RATE, SPEC(rate_spec), read_rate},
	{"extend", REQ_ACT_EXTEND, SPEC(extend_spec), read_extend},
	{"approve_extension", REQ_ACT_APPROVE_EXTENSION, SPEC(reason_spec), read_reason},
	{"refuse_extension", REQ_ACT_REFUSE_EXTENSION, SPEC(reason_spec), read_reason},
	{"supervise", REQ_ACT_SUPERVISE, SPEC(supervise_spec), read_supervise},
	{"reject", REQ_ACT_REJECT, SPEC(reason_spec), read_reason},
	{"merge", REQ_ACT_MERGE, SPEC(merge_spec), read_merge},
	{"redo", REQ_ACT_REDO, SPEC(reason_spec), read_reason},
	{"reassign", REQ_ACT_REASSIGN, SPEC(reassign_spec), read_reassign},
	{"remind", REQ_ACT_REMIND, SPEC(note_spec), read_note},
	{"cohandlers", REQ_ACT_NONE, SPEC(cohandlers_spec), read_cohandlers},
};

/* The action named by the last segment of the path. */
static const action_def *find_action(http_req *r)
{
	const char *path = http_path(r);
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(actions[i].name, name) == 0)
			return &actions[i];
	return NULL;
}

/* The body as a JSON object; an empty body is {}. */
static fq_status action_body(http_req *r, json_t **out, fq_err *err)
{
	size_t len = 0;
	http_body(r, &len);
	if (len == 0) {
		*out = json_object();
		return *out ? FQ_OK : fq_fail(err, FQ_ENOMEM, "", "out of memory");
	}
	return api_body_json(r, out, err);
}

static fq_status parse_action(http_req *r, const action_def *def, action_ctx *x, fq_err *err)
{
	json_t *body = NULL;
	fq_status st = api_param_id(r, 0, &x->id, err);
	if (st == FQ_OK)
		st = action_body(r, &body, err);
	if (st == FQ_OK)
		st = api_json_check(body, def->spec, def->n_spec, err);
	x->now = fq_now_ms() / 1000;
	x->act = (req_action){.kind = def->kind, .now = x->now};
	if (st == FQ_OK)
		st = def->read(http_arena(r), body, x, err);
	json_decref(body);
	return st;
}

static void action_reply(app *a, http_req *r)
{
	action_ctx *x = api_job_done(r);
	fq_err err = {0};
	json_t *j = NULL;
	if (!x)
		return;
	fq_status st = read_view(a, r, x->who, x->id, &j, &err);
	if (st == FQ_ENOTFOUND)
		j = json_pack("{s:I}", "id", (json_int_t)x->id);
	else if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, 200, j);
}

/* ---- bulk merge ---------------------------------------------------------- */

static const api_field merge_many_spec[] = {
	{"merge_into", JF_INT, JF_REQUIRED, 0, 1, ID_MAX},
	{"ids", JF_ARRAY, JF_REQUIRED, 0, 0, 0},
};

/* A bulk merge's context: the service's job itself (see api_submit). */
typedef reqsvc_merge_many_job merge_many_ctx;

static fq_status read_merge_many(http_req *r, merge_many_ctx *x, fq_err *err)
{
	json_t *body = NULL;
	fq_status st = api_body_checked(r, merge_many_spec, SPEC_N(merge_many_spec), &body, err);
	json_t *ids = st == FQ_OK ? json_object_get(body, "ids") : NULL;
	size_t n = json_array_size(ids);
	if (st == FQ_OK && (n == 0 || n > REQSVC_MERGE_MANY_MAX))
		st = fq_fail(err, FQ_EINVAL, "ids", "ids must list 1 to %d request ids",
			     REQSVC_MERGE_MANY_MAX);
	for (size_t i = 0; st == FQ_OK && i < n; i++) {
		json_t *v = json_array_get(ids, i);
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			st = fq_fail(err, FQ_EINVAL, "ids", "ids must list request ids");
		else
			x->ids[i] = json_integer_value(v);
	}
	x->n = n;
	if (st == FQ_OK)
		x->merge_into = json_integer_value(json_object_get(body, "merge_into"));
	json_decref(body);
	return st;
}

static void merge_many_reply(app *a, http_req *r)
{
	(void)a;
	merge_many_ctx *x = api_job_done(r);
	if (!x)
		return;
	json_t *ids = json_array();
	for (size_t i = 0; ids && i < x->n; i++)
		json_array_append_new(ids, json_integer(x->ids[i]));
	api_reply_json(r, 200, json_pack("{s:I, s:o, s:I}", "merge_into", (json_int_t)x->merge_into,
					  "merged", ids, "count", (json_int_t)x->n));
}

static fq_status merge_many_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	merge_many_ctx *x = ctx;
	reqsvc_merge_many_job_init(x);
	x->who = api_caller(r);
	x->now = fq_now_ms() / 1000;
	return read_merge_many(r, x, err);
}

void api_requests_merge(app *a, http_req *r)
{
	api_write(a, r, sizeof(merge_many_ctx), merge_many_fill, merge_many_reply);
}

void api_request_action(app *a, http_req *r)
{
	fq_err err = {0};
	const action_def *def = find_action(r);
	action_ctx *x = fq_arena_alloc(http_arena(r), sizeof *x);
	if (!def || !x) {
		api_reply_error(r, def ? FQ_ENOMEM : FQ_ENOTFOUND, NULL);
		return;
	}
	memset(x, 0, sizeof *x);
	reqsvc_action_job_init(x);
	x->who = api_caller(r);
	fq_status st = parse_action(r, def, x, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	x->act.remind_span_s = (int64_t)a->cfg.remind_span_min * 60;
	api_submit(a, r, &x->job, action_reply);
}

/* ---- POST /api/v1/requests/{id}/reveal ------------------------------------- */

typedef struct reveal_ctx {
	reqsvc_reveal_job job; /* first: api_submit */
	const char *phone;
} reveal_ctx;

/* Who may see the number is decided on a read; the audit row is the write,
 * and the number is answered only once it is durable. */
static fq_status reveal_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	reveal_ctx *x = ctx;
	const caller *who = api_caller(r);
	reqsvc_reveal_job_init(&x->job);
	x->job.account_id = who->account_id;
	x->job.address = fq_arena_strdup(http_arena(r), http_peer(r));
	/* an unmasked number must not stay in a browser's or a proxy's cache */
	http_add_header(r, "Cache-Control", "no-store");
	fq_status st = api_param_id(r, 0, &x->job.request_id, err);
	if (st == FQ_OK)
		st = reqsvc_reporter_phone(a->db, http_arena(r), who, x->job.request_id, &x->phone,
					   err);
	return st;
}

static void reveal_reply(app *a, http_req *r)
{
	(void)a;
	reveal_ctx *x = api_job_done(r);
	if (x)
		api_reply_json(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)x->job.request_id,
						 "phone", x->phone));
}

void api_request_reveal(app *a, http_req *r)
{
	api_write(a, r, sizeof(reveal_ctx), reveal_fill, reveal_reply);
}
