/*
 * requests_create.c - raising a request: reqsvc_plan_create works it out
 * on a read connection (fields, channel, reporter, location, handler,
 * deadlines, duplicates), reqsvc_create stores it in the writer's
 * transaction (number, row, the events submitted and dispatched, counters,
 * live rows, idempotency key), reqsvc_summary_load answers a replayed
 * idempotent call; see requests.h.
 */
#include "domain/requests_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "domain/org.h"
#include "domain/person.h"
#include "store/store_org.h"

/* Working state of one plan. */
typedef struct intake {
	store_conn *c;
	fq_arena *a;
	const caller *who;
	const reqsvc_input *in;
	reqsvc_channel ch;
	store_req_category cat;
	int64_t reporter_person;  /* whose request it is, 0 when unknown */
	store_household hh;       /* the reporter's household ... */
	bool have_hh;             /* ... when there is one */
	store_unit grid;          /* where it is */
	int64_t building_id;
	bool has_point;           /* the point given, else the building's door */
	double lat, lon;
	int64_t community_id;
	int64_t street_id;
} intake;

/* ---- fields ---------------------------------------------------------- */

/* True when s is NULL or holds only white space (ASCII or U+3000). */
static fq_status check_len(const char *s, const char *field, size_t max, fq_err *err)
{
	if (s && utf8_char_count(s, strlen(s)) > max)
		return fq_failr(err, FQ_EINVAL, field, "field.too_long",
				"%s must be at most %zu characters", field, max);
	return FQ_OK;
}

static fq_status check_texts(const reqsvc_input *in, fq_err *err)
{
	if (utf8_blank(in->title))
		return fq_failr(err, FQ_EINVAL, "title", "field.required", "title is required");
	fq_status st = check_len(in->title, "title", REQSVC_TITLE_MAX, err);
	if (st == FQ_OK)
		st = check_len(in->description, "description", REQSVC_DESCRIPTION_MAX, err);
	if (st == FQ_OK)
		st = check_len(in->address, "address", REQSVC_ADDRESS_MAX, err);
	if (st == FQ_OK && in->category_id <= 0 && utf8_blank(in->category_code))
		st = fq_failr(err, FQ_EINVAL, "category", "field.required", "category is required");
	if (st == FQ_OK)
		st = check_len(in->category_code, "category", REQSVC_CATEGORY_CODE_MAX, err);
	return st;
}

static fq_status check_place(const reqsvc_input *in, fq_err *err)
{
	if (in->has_point && !(in->lat >= GEO_LAT_MIN && in->lat <= GEO_LAT_MAX))
		return fq_failr(err, FQ_EINVAL, "lat", "field.range", "lat must be from %g to %g",
				GEO_LAT_MIN,
				GEO_LAT_MAX);
	if (in->has_point && !(in->lon >= GEO_LON_MIN && in->lon <= GEO_LON_MAX))
		return fq_failr(err, FQ_EINVAL, "lon", "field.range", "lon must be from %g to %g",
				GEO_LON_MIN,
				GEO_LON_MAX);
	if (in->has_point && !in->parse_boundary)
		return fq_fail(err, FQ_EINVAL, "lat", "locating a point is not available here");
	if (in->building_id < 0)
		return fq_fail(err, FQ_EINVAL, "building_id", "building_id must be positive");
	if (in->household_id < 0)
		return fq_fail(err, FQ_EINVAL, "household_id", "household_id must be positive");
	if (!in->has_point && !in->building_id && !in->household_id && utf8_blank(in->address))
		return fq_failr(err, FQ_EINVAL, "location", "request.location_required",
				"give lat and lon, building_id, household_id or address");
	return FQ_OK;
}

/* The fields a channel requires of its own: the hotline's caller, the
 * household a 邻长 reports for (before the place, which it gives). */
static fq_status check_caller(const reqsvc_input *in, reqsvc_channel ch, fq_err *err)
{
	if (ch == REQSVC_CH_PROXY && in->household_id <= 0)
		return fq_failr(err, FQ_EINVAL, "household_id", "request.household_required",
				"household_id is required: the household reported for");
	if (ch != REQSVC_CH_HOTLINE)
		return FQ_OK;
	if (utf8_blank(in->caller_name))
		return fq_failr(err, FQ_EINVAL, "caller_name", "request.caller_name_required",
				"caller_name is required for hotline");
	fq_status st = check_len(in->caller_name, "caller_name", REQSVC_CALLER_NAME_MAX, err);
	if (st != FQ_OK)
		return st;
	fq_err perr = {0};
	if (person_phone_valid(in->caller_phone, &perr) != FQ_OK)
		return fq_failr(err, FQ_EINVAL, "caller_phone", "request.caller_phone_invalid",
				"caller_phone: %s", perr.message);
	return FQ_OK;
}

static fq_status check_input(const caller *who, const reqsvc_input *in, reqsvc_channel *ch,
			     fq_err *err)
{
	fq_status st = check_texts(in, err);
	if (st != FQ_OK)
		return st;
	reqsvc_channel k = in->channel ? reqsvc_channel_parse(in->channel) : REQSVC_CH_SELF;
	if (k == REQSVC_CH_NONE)
		return fq_failr(err, FQ_EINVAL, "channel", "request.channel_unknown",
				"channel must be self, proxy, hotline, visit or inspection");
	if (!access_has(who, reqsvc_channel_roles(k)))
		return fq_failr(err, FQ_EFORBIDDEN, "channel", "request.channel_forbidden",
				"your roles may not raise a request through channel %s",
				reqsvc_channel_name(k));
	st = check_caller(in, k, err);
	if (st == FQ_OK)
		st = check_place(in, err);
	if (st == FQ_OK)
		*ch = k;
	return st;
}

static fq_status load_category(intake *x, fq_err *err)
{
	const reqsvc_input *in = x->in;
	const char *code = in->category_id > 0 ? NULL : in->category_code;
	store_req_category cat;
	fq_status st = store_req_category_get(x->c, x->a, in->category_id, code, &cat, err);
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EINVAL, "category", "request.category_unknown",
				"no such category");
	if (st != FQ_OK)
		return st;
	if (!cat.active)
		return fq_failr(err, FQ_EINVAL, "category", "request.category_retired",
				"category %s is no longer in use",
				cat.code);
	if (!ladder_level_valid(cat.start_level))
		return fq_fail(err, FQ_ESTORE, "", "category %s has no valid start level", cat.code);
	x->cat = cat;
	return FQ_OK;
}

/* ---- reporter and household ------------------------------------------ */

/* Load household id as the reporter's household; FQ_ENOTFOUND (field
 * "household_id") when there is none. */
static fq_status load_household(intake *x, int64_t id, fq_err *err)
{
	fq_status st = store_household_get(x->c, x->a, id, &x->hh, err);
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_ENOTFOUND, "household_id", "request.household_unknown",
				"no such household");
	if (st == FQ_OK)
		x->have_hh = true;
	return st;
}

/* The household given, if the caller reaches it through roles covering its
 * grid (hotline, visit, inspection). */
static fq_status staff_household(intake *x, unsigned roles, fq_err *err)
{
	if (x->in->household_id <= 0)
		return FQ_OK;
	fq_status st = load_household(x, x->in->household_id, err);
	if (st == FQ_OK && !access_covers(x->who, roles, x->hh.grid_path))
		st = fq_failr(err, FQ_ENOTFOUND, "household_id", "request.household_unknown",
			      "no such household");
	if (st == FQ_OK && x->ch == REQSVC_CH_VISIT && x->hh.head_id > 0)
		x->reporter_person = x->hh.head_id;
	return st;
}

static fq_status reporter_self(intake *x, fq_err *err)
{
	const caller *who = x->who;
	if (x->in->household_id > 0 && x->in->household_id != who->household_id)
		return fq_failr(err, FQ_ENOTFOUND, "household_id", "request.household_unknown",
				"no such household");
	x->reporter_person = who->person_id;
	if (who->household_id > 0)
		return load_household(x, who->household_id, err);
	return FQ_OK;
}

static fq_status reporter_proxy(intake *x, fq_err *err)
{
	const caller *who = x->who;
	int64_t hh = x->in->household_id;
	int linked = 0;
	fq_status st = FQ_OK;
	if (who->leader_id > 0)
		st = store_leader_linked(x->c, who->leader_id, hh, &linked, err);
	if (st != FQ_OK)
		return st;
	if (!linked)
		return fq_failr(err, FQ_ENOTFOUND, "household_id", "request.household_not_linked",
				"no such household among those linked to you");
	st = load_household(x, hh, err);
	if (st == FQ_OK)
		x->reporter_person = x->hh.head_id;
	return st;
}

static fq_status reporter_hotline(intake *x, fq_err *err)
{
	int64_t person = 0, hh = 0;
	fq_status st = store_req_person_by_phone(x->c, x->in->caller_phone, &person, &hh, err);
	if (st == FQ_ENOTFOUND)
		st = FQ_OK;
	else if (st == FQ_OK)
		x->reporter_person = person;
	if (st != FQ_OK)
		return st;
	if (x->in->household_id > 0) {
		st = staff_household(x, ROLE_DISPATCHER | ROLE_ADMIN, err);
		if (st == FQ_OK && !person)
			x->reporter_person = x->hh.head_id;
		return st;
	}
	return hh > 0 ? load_household(x, hh, err) : FQ_OK;
}

static fq_status find_reporter(intake *x, fq_err *err)
{
	switch (x->ch) {
	case REQSVC_CH_SELF:
		return reporter_self(x, err);
	case REQSVC_CH_PROXY:
		return reporter_proxy(x, err);
	case REQSVC_CH_HOTLINE:
		return reporter_hotline(x, err);
	case REQSVC_CH_VISIT:
		return staff_household(x, ROLE_COMMUNITY_OFFICER | ROLE_GRID_WORKER, err);
	case REQSVC_CH_INSPECTION:
		return staff_household(x, ROLE_GRID_WORKER, err);
	default:
		x->reporter_person = x->who->person_id;
		return x->who->household_id > 0 ? load_household(x, x->who->household_id, err)
						: FQ_OK;
	}
}

/* ---- location -------------------------------------------------------- */

static void free_shapes(org_grid_shape *shapes, size_t n)
{
	for (size_t i = 0; shapes && i < n; i++)
		geo_multipolygon_free((geo_multipolygon *)shapes[i].shape);
	free(shapes);
}

/* The grid whose boundary holds the point; unreadable boundaries are
 * never chosen. */
static fq_status locate_point(intake *x, fq_err *err)
{
	store_unit *cands = NULL;
	size_t n = 0, pick = 0;
	fq_status st = store_grid_candidates(x->c, x->a, x->in->lon, x->in->lat, &cands, &n, err);
	if (st != FQ_OK)
		return st;
	org_grid_shape *shapes = calloc(n ? n : 1, sizeof *shapes);
	if (!shapes)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		geo_multipolygon *mp = NULL;
		const char *text = cands[i].boundary ? cands[i].boundary : "";
		if (x->in->parse_boundary(text, &mp, NULL) != FQ_OK)
			mp = NULL;
		shapes[i] = (org_grid_shape){.id = cands[i].id, .shape = mp};
	}
	st = org_locate_pick(shapes, n, (geo_point){.lon = x->in->lon, .lat = x->in->lat}, &pick);
	free_shapes(shapes, n);
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EINVAL, "lat", "geo.outside_grids",
				"the point lies outside every grid");
	if (st == FQ_OK)
		x->grid = cands[pick];
	return st;
}

static fq_status load_grid(intake *x, int64_t id, const char *field, fq_err *err)
{
	fq_status st = store_unit_get(x->c, x->a, id, &x->grid, err);
	if (st == FQ_OK && strcmp(x->grid.kind, "grid") != 0)
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EINVAL, field, "geo.outside_grids",
				"%s does not lie in a grid", field);
	return st;
}

static fq_status locate_building(intake *x, fq_err *err)
{
	store_unit b;
	fq_status st = store_unit_get(x->c, x->a, x->in->building_id, &b, err);
	if (st == FQ_OK && strcmp(b.kind, "building") != 0)
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EINVAL, "building_id", "request.building_unknown",
				"no such building");
	if (st != FQ_OK)
		return st;
	return load_grid(x, b.parent_id, "building_id", err);
}

/* The point: the one given, else, for a request located by building (or
 * by a household of a building), the building's door, so that every screen
 * can show where it is and open it in a map app. A building without a
 * point leaves the request without one. */
static fq_status building_point(intake *x, fq_err *err)
{
	x->has_point = x->in->has_point;
	x->lat = x->in->lat;
	x->lon = x->in->lon;
	if (x->has_point || !x->building_id)
		return FQ_OK;
	store_unit b;
	fq_status st = store_unit_get(x->c, x->a, x->building_id, &b, err);
	if (st != FQ_OK)
		return st;
	x->has_point = b.has_point;
	x->lat = b.lat;
	x->lon = b.lon;
	return FQ_OK;
}

/* The grid: from the point, else the building, else the household given,
 * else (address only) the reporter's household. */
static fq_status locate(intake *x, fq_err *err)
{
	const reqsvc_input *in = x->in;
	fq_status st;
	if (in->has_point)
		st = locate_point(x, err);
	else if (in->building_id > 0)
		st = locate_building(x, err);
	else if (x->have_hh)
		st = load_grid(x, x->hh.grid_id, in->household_id ? "household_id" : "location",
			       err);
	else
		return fq_failr(err, FQ_EINVAL, "location", "request.address_alone",
				"an address alone needs a reporter with a household: give lat and "
				"lon, building_id or household_id");
	if (st != FQ_OK)
		return st;
	x->building_id = in->building_id;
	if (!x->building_id && x->have_hh && x->hh.grid_id == x->grid.id)
		x->building_id = x->hh.building_id;
	return building_point(x, err);
}

/* Staff raising a request by visit, inspection or hotline must cover
 * the place. */
static fq_status check_place_scope(intake *x, fq_err *err)
{
	unsigned roles = reqsvc_channel_roles(x->ch);
	if (x->ch == REQSVC_CH_SELF || x->ch == REQSVC_CH_PROXY || x->ch == REQSVC_CH_OPEN311)
		return FQ_OK;
	if (!access_covers(x->who, roles, x->grid.path))
		return fq_failr(err, FQ_EINVAL, "location", "request.location_out_of_scope",
				"the location lies outside your units");
	return FQ_OK;
}

/* The community (or village) and street above the grid. */
static fq_status load_chain(intake *x, fq_err *err)
{
	int64_t ids[ORG_DEPTH_MAX];
	size_t n = 0;
	fq_status st = org_path_ids(x->grid.path, ids, ORG_DEPTH_MAX, &n, err);
	for (size_t i = 0; i < n && st == FQ_OK; i++) {
		store_unit u;
		st = store_unit_get(x->c, x->a, ids[i], &u, err);
		if (st != FQ_OK)
			break;
		if (strcmp(u.kind, "community") == 0 || strcmp(u.kind, "village") == 0)
			x->community_id = u.id;
		else if (strcmp(u.kind, "street") == 0)
			x->street_id = u.id;
	}
	if (st != FQ_OK && st != FQ_ENOMEM)
		return fq_fail(err, FQ_ESTORE, "", "the org tree's paths are inconsistent");
	return st;
}

/* ---- the plan -------------------------------------------------------- */

static void fill_row(const intake *x, store_request *r)
{
	const reqsvc_input *in = x->in;
	*r = (store_request){
		.street_id = x->street_id, .community_id = x->community_id, .grid_id = x->grid.id,
		.unit_path = x->grid.path, .category_id = x->cat.id,
		.channel = reqsvc_channel_name(x->ch), .title = in->title,
		.description = in->description ? in->description : "",
		.has_point = x->has_point, .lat = x->lat, .lon = x->lon,
		.address = in->address ? in->address : "", .building_id = x->building_id,
		.household_id = x->have_hh ? x->hh.id : 0,
		.reporter_account_id = x->who->account_id, .reporter_person_id = x->reporter_person,
		.anonymous = in->anonymous, .priority = x->cat.priority, .card = "none",
		.ext_state = "none", .rating_resolved = -1, .created_at = in->now,
		.updated_at = in->now, .dispatched_at = in->now, .category_code = x->cat.code,
		.category_name = x->cat.name, .grid_name = x->grid.name,
	};
}

/* The dispatch to the default handler, checked against the table as the
 * system's move; sets state, level, handler and deadlines of r. */
static fq_status dispatch(store_conn *c, fq_arena *a, int start_level, store_request *r,
			  ladder_assignee *asg, fq_err *err)
{
	ladder_context ctx;
	fq_status st = reqsvc_load_ladder(c, r, &ctx, err);
	if (st == FQ_OK)
		st = reqsvc_pick_assignee(start_level, &ctx, asg, err);
	if (st != FQ_OK)
		return st;
	req_state_in cur = {.id = 0, .state = REQ_SUBMITTED, .level = start_level};
	req_action act = {.kind = REQ_ACT_DISPATCH, .actor_roles = REQ_ACTOR_SYSTEM,
			  .now = r->created_at, .level = asg->level};
	req_state_out next;
	st = req_transition(&cur, &act, &next, err);
	sla_level_limits lim;
	if (st == FQ_OK)
		st = reqsvc_load_limits(c, a, r->category_id, next.level, &lim, err);
	const cal_calendar *cal = NULL;
	if (st == FQ_OK)
		st = workdays_calendar(c, a, &cal, err);
	if (st == FQ_OK)
		st = sla_deadline(cal, r->created_at, &lim.accept, &r->accept_due, err);
	if (st == FQ_OK)
		st = sla_deadline(cal, r->created_at, &lim.resolve, &r->resolve_due, err);
	if (st != FQ_OK)
		return st;
	r->state = req_state_name(next.state);
	r->level = next.level;
	r->assignee_account_id = asg->account_id;
	r->assignee_unit_id = asg->unit_id;
	return FQ_OK;
}

/* The handler as the answer shows it. */
static fq_status describe_assignee(store_conn *c, fq_arena *a, const ladder_assignee *asg,
				   reqsvc_assignee *out, fq_err *err)
{
	reqsvc_assignee v = {.account_id = asg->account_id, .role = asg->role,
			     .unit_id = asg->unit_id};
	fq_status st = store_req_account_name(c, a, asg->account_id, &v.name, err);
	store_unit u;
	if (st == FQ_OK && asg->unit_id > 0 && store_unit_get(c, a, asg->unit_id, &u, NULL) == FQ_OK) {
		v.unit_name = u.name;
		v.unit_kind = u.kind;
	}
	if (st == FQ_OK)
		*out = v;
	return st;
}

static fq_status plan_summary(intake *x, reqsvc_plan *p, const ladder_assignee *asg,
			      fq_err *err)
{
	const store_request *r = &p->row;
	reqsvc_summary *s = &p->summary;
	*s = (reqsvc_summary){.state = r->state, .level = r->level, .accept_due = r->accept_due,
			      .resolve_due = r->resolve_due};
	fq_status st = describe_assignee(x->c, x->a, asg, &s->assignee, err);
	reqsvc_dup_where w = {
		.category_id = r->category_id, .has_point = r->has_point, .lat = r->lat,
		.lon = r->lon, .building_id = r->building_id, .household_id = r->household_id,
		.since = r->created_at - REQSVC_DUP_WINDOW_S, .until = r->created_at,
		.before_id = INT64_MAX,
	};
	if (st == FQ_OK)
		st = reqsvc_find_duplicates(x->c, x->a, &w, &s->dups, &s->n_dups, err);
	return st;
}

static fq_status plan_intake(intake *x, fq_err *err)
{
	fq_status st = load_category(x, err);
	if (st == FQ_OK)
		st = find_reporter(x, err);
	if (st == FQ_OK)
		st = locate(x, err);
	if (st == FQ_OK)
		st = check_place_scope(x, err);
	if (st == FQ_OK)
		st = load_chain(x, err);
	return st;
}

fq_status reqsvc_plan_create(store_conn *c, fq_arena *a, const caller *who,
			     const reqsvc_input *in, reqsvc_plan *out, fq_err *err)
{
	intake x = {.c = c, .a = a, .who = who, .in = in};
	fq_status st = check_input(who, in, &x.ch, err);
	if (st == FQ_OK)
		st = plan_intake(&x, err);
	if (st != FQ_OK)
		return st;
	reqsvc_plan p = {.start_level = x.cat.start_level, .actor_account_id = who->account_id,
			 .caller_name = x.ch == REQSVC_CH_HOTLINE ? in->caller_name : NULL,
			 .caller_phone = x.ch == REQSVC_CH_HOTLINE ? in->caller_phone : NULL,
			 .arena = a};
	fill_row(&x, &p.row);
	ladder_assignee asg;
	st = dispatch(c, a, p.start_level, &p.row, &asg, err);
	if (st == FQ_OK)
		st = reqsvc_metric_units(p.row.unit_path, p.units, &p.n_units, err);
	if (st == FQ_OK)
		st = plan_summary(&x, &p, &asg, err);
	if (st == FQ_OK)
		*out = p;
	return st;
}

/* ---- storing it ---------------------------------------------------------- */

static fq_status allocate_number(store_conn *c, reqsvc_plan *p, fq_err *err)
{
	cal_date day = cal_date_of(p->row.created_at);
	char lo[REQSVC_NUMBER_SIZE], hi[REQSVC_NUMBER_SIZE];
	fq_status st = reqsvc_number_format(day, 1, lo, err);
	if (st == FQ_OK)
		st = reqsvc_number_format(day, REQSVC_SEQ_MAX, hi, err);
	const char *max = NULL;
	if (st == FQ_OK)
		st = store_req_max_number(c, p->arena, lo, hi, &max, err);
	if (st != FQ_OK)
		return st;
	int64_t seq = reqsvc_number_seq(max, day) + 1;
	if (seq > REQSVC_SEQ_MAX)
		return fq_fail(err, FQ_EUNAVAILABLE, "", "no request numbers are left for today");
	char *number = fq_arena_alloc(p->arena, REQSVC_NUMBER_SIZE);
	if (!number)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	st = reqsvc_number_format(day, seq, number, err);
	if (st == FQ_OK)
		p->row.number = number;
	return st;
}

/* The events submitted (by the reporter) and dispatched (by the system). */
static fq_status record_creation(store_conn *c, reqsvc_plan *p, fq_err *err)
{
	store_request *r = &p->row;
	store_request before = *r;
	before.state = req_state_name(REQ_SUBMITTED);
	before.level = p->start_level;
	store_req_event_new sub = {
		.request_id = r->id, .at = r->created_at, .actor_account_id = p->actor_account_id,
		.event = req_event_name(REQ_EV_SUBMITTED), .new_state = before.state,
		.new_level = before.level,
		.detail = {{.key = "channel", .text = r->channel},
			   {.key = p->caller_name ? "caller_name" : NULL, .text = p->caller_name},
			   {.key = p->caller_phone ? "caller_phone" : NULL, .text = p->caller_phone}},
		.n_detail = 3,
	};
	reqsvc_record rec = {.r = &before, .ev = &sub, .rating_resolved = -1};
	fq_status st = reqsvc_record_event(c, &rec, p->units, p->n_units, NULL, err);
	store_req_event_new dis = {
		.request_id = r->id, .at = r->created_at, .event = req_event_name(REQ_EV_DISPATCHED),
		.old_state = before.state, .new_state = r->state, .old_level = before.level,
		.new_level = r->level,
		.detail = {{.key = "assignee", .num = r->assignee_account_id, .is_num = 1}},
		.n_detail = 1,
	};
	rec = (reqsvc_record){.r = r, .ev = &dis, .rating_resolved = -1};
	if (st == FQ_OK)
		st = reqsvc_record_event(c, &rec, p->units, p->n_units, NULL, err);
	return st;
}

fq_status reqsvc_idem_check(store_conn *c, fq_arena *a, int64_t account, const char *key,
			    const char *fingerprint, int64_t *replayed_id, fq_err *err)
{
	store_req_idem k;
	fq_status st = store_req_idem_get(c, a, account, key, &k, err);
	if (st == FQ_ENOTFOUND) {
		*replayed_id = 0;
		return FQ_OK;
	}
	if (st != FQ_OK)
		return st;
	if (!fingerprint || strcmp(k.fingerprint, fingerprint) != 0)
		return fq_failr(err, FQ_ECONFLICT, "Idempotency-Key", "request.idempotency_reused",
				"this Idempotency-Key was used with another body");
	*replayed_id = k.request_id;
	return FQ_OK;
}

fq_status reqsvc_create(store_conn *c, reqsvc_plan *p, const char *idem_key,
			const char *fingerprint, int64_t *replayed_id, fq_err *err)
{
	int64_t replay = 0;
	fq_status st = FQ_OK;
	if (idem_key)
		st = reqsvc_idem_check(c, p->arena, p->actor_account_id, idem_key, fingerprint,
				       &replay, err);
	if (st != FQ_OK)
		return st;
	if (replay) {
		*replayed_id = replay;
		return FQ_OK;
	}
	st = allocate_number(c, p, err);
	if (st == FQ_OK)
		st = store_req_insert(c, &p->row, &p->row.id, err);
	if (st == FQ_OK)
		st = record_creation(c, p, err);
	if (st == FQ_OK && idem_key)
		st = store_req_idem_insert(c, p->actor_account_id, idem_key, p->row.id,
					   fingerprint ? fingerprint : "", p->row.created_at, err);
	if (st != FQ_OK)
		return st;
	p->summary.id = p->row.id;
	p->summary.number = p->row.number;
	*replayed_id = 0;
	return FQ_OK;
}

/* ---- a replayed answer -------------------------------------------------- */

fq_status reqsvc_summary_load(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			      reqsvc_summary *out, fq_err *err)
{
	store_request r;
	reqsvc_standing s;
	fq_status st = store_req_get(c, a, id, &r, err);
	if (st == FQ_OK)
		st = reqsvc_load_standing(c, a, who, &r, &s, NULL, NULL, err);
	if (st == FQ_OK && !s.visible)
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_ENOTFOUND, "id", "request.not_found", "no such request");
	if (st != FQ_OK)
		return st;
	reqsvc_summary v = {
		.id = r.id, .number = r.number, .state = r.state, .level = r.level,
		.assignee = {.account_id = r.assignee_account_id, .name = r.assignee_name,
			     .role = reqsvc_assignee_role(r.level, reqsvc_roles_of(r.assignee_roles)),
			     .unit_id = r.assignee_unit_id, .unit_name = r.assignee_unit_name,
			     .unit_kind = r.assignee_unit_kind},
		.accept_due = r.accept_due, .resolve_due = r.resolve_due,
	};
	reqsvc_dup_where w = {
		.category_id = r.category_id, .has_point = r.has_point, .lat = r.lat, .lon = r.lon,
		.building_id = r.building_id, .household_id = r.household_id,
		.since = r.created_at - REQSVC_DUP_WINDOW_S, .until = r.created_at,
		.before_id = r.id,
	};
	st = reqsvc_find_duplicates(c, a, &w, &v.dups, &v.n_dups, err);
	if (st == FQ_OK)
		*out = v;
	return st;
}
