/*
 * demo_intake.c - the direct intake of the demo history: a new request's
 * plan without reqsvc_plan_create, for reqsvc_create; see demo_intake.h.
 * The grids, categories and calendar it needs are read once and kept.
 */
#include "cli/demo_intake.h"

#include <stdlib.h>
#include <string.h>

#include "domain/org.h"
#include "domain/sla.h"
#include "store/store_org.h"
#include "store/store_requests.h"

/* Categories remembered. */
#define CATEGORIES_MAX 256

/* A grid and the units above it. */
typedef struct grid_entry {
	store_unit grid;
	int64_t community_id;
	int64_t street_id;
} grid_entry;

struct demo_intake {
	fq_arena a;                     /* what is kept */
	grid_entry grids[DEMO_INTAKE_GRIDS_MAX];
	size_t n_grids;
	store_req_category cats[CATEGORIES_MAX];
	size_t n_cats;
	cal_calendar *cal;
};

demo_intake *demo_intake_new(void)
{
	demo_intake *x = calloc(1, sizeof *x);
	if (x)
		fq_arena_init(&x->a);
	return x;
}

void demo_intake_free(demo_intake *x)
{
	if (!x)
		return;
	cal_free(x->cal);
	fq_arena_free(&x->a);
	free(x);
}

/* ---- what is kept ------------------------------------------------------ */

/* The community (or village) and street above grid g, as load_chain in
 * requests_create.c finds them. */
static fq_status chain_of(store_conn *c, demo_intake *x, grid_entry *g, fq_err *err)
{
	int64_t ids[ORG_DEPTH_MAX];
	size_t n = 0;
	fq_status st = org_path_ids(g->grid.path, ids, ORG_DEPTH_MAX, &n, err);
	for (size_t i = 0; i < n && st == FQ_OK; i++) {
		store_unit u;
		st = store_unit_get(c, &x->a, ids[i], &u, err);
		if (st != FQ_OK)
			break;
		if (strcmp(u.kind, "community") == 0 || strcmp(u.kind, "village") == 0)
			g->community_id = u.id;
		else if (strcmp(u.kind, "street") == 0)
			g->street_id = u.id;
	}
	return st;
}

static fq_status grid_get(store_conn *c, demo_intake *x, int64_t id, const grid_entry **out,
			  fq_err *err)
{
	for (size_t i = 0; i < x->n_grids; i++)
		if (x->grids[i].grid.id == id) {
			*out = &x->grids[i];
			return FQ_OK;
		}
	grid_entry g = {0};
	fq_status st = store_unit_get(c, &x->a, id, &g.grid, err);
	if (st == FQ_OK && strcmp(g.grid.kind, "grid") != 0)
		st = fq_fail(err, FQ_EINVAL, "building_id", "building_id does not lie in a grid");
	if (st == FQ_OK)
		st = chain_of(c, x, &g, err);
	if (st != FQ_OK)
		return st;
	if (x->n_grids == DEMO_INTAKE_GRIDS_MAX)
		x->n_grids = 0; /* start over: a build of very many streets */
	x->grids[x->n_grids] = g;
	*out = &x->grids[x->n_grids++];
	return FQ_OK;
}

static fq_status category_get(store_conn *c, demo_intake *x, const char *code,
			      const store_req_category **out, fq_err *err)
{
	for (size_t i = 0; i < x->n_cats; i++)
		if (strcmp(x->cats[i].code, code) == 0) {
			*out = &x->cats[i];
			return FQ_OK;
		}
	store_req_category cat;
	fq_status st = store_req_category_get(c, &x->a, 0, code, &cat, err);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && !cat.active))
		return fq_fail(err, FQ_EINVAL, "category", "no such category in use: %s", code);
	if (st != FQ_OK)
		return st;
	if (!ladder_level_valid(cat.start_level))
		return fq_fail(err, FQ_ESTORE, "", "category %s has no valid start level", code);
	if (x->n_cats == CATEGORIES_MAX)
		x->n_cats = 0;
	x->cats[x->n_cats] = cat;
	*out = &x->cats[x->n_cats++];
	return FQ_OK;
}

/* The working-day calendar as reqsvc_load_calendar builds it. */
static fq_status calendar_get(store_conn *c, demo_intake *x, const cal_calendar **out,
			      fq_err *err)
{
	if (x->cal) {
		*out = x->cal;
		return FQ_OK;
	}
	fq_arena a;
	fq_arena_init(&a);
	store_req_calendar_day *rows = NULL;
	size_t n = 0;
	fq_status st = store_req_calendar(c, &a, &rows, &n, err);
	cal_entry *entries = NULL;
	if (st == FQ_OK && n > 0) {
		entries = fq_arena_alloc(&a, n * sizeof *entries);
		if (!entries)
			st = fq_fail(err, FQ_ENOMEM, "", "out of memory");
		for (size_t i = 0; entries && i < n; i++)
			entries[i] = (cal_entry){rows[i].day, cal_kind_parse(rows[i].kind),
						 rows[i].name};
	}
	if (st == FQ_OK && n == 0) {
		const cal_entry *seed = cal_seed_entries(&n);
		st = cal_new(seed, n, &x->cal, err);
	} else if (st == FQ_OK) {
		st = cal_new(entries, n, &x->cal, err);
	}
	fq_arena_free(&a);
	if (st == FQ_OK)
		*out = x->cal;
	return st;
}

/* ---- the plan ------------------------------------------------------------ */

/* The household the request concerns and whose request it is, as
 * find_reporter in requests_create.c decides for each channel. */
static fq_status reporter(store_conn *c, fq_arena *a, const caller *who, const reqsvc_input *in,
			  reqsvc_channel ch, store_household *hh, bool *have_hh,
			  int64_t *person, fq_err *err)
{
	*have_hh = false;
	*person = 0;
	int64_t hid = ch == REQSVC_CH_SELF ? who->household_id : in->household_id;
	if (ch == REQSVC_CH_SELF)
		*person = who->person_id;
	if (ch == REQSVC_CH_HOTLINE) {
		int64_t hh_of_phone = 0;
		fq_status st = store_req_person_by_phone(c, in->caller_phone, person, &hh_of_phone,
							 err);
		if (st != FQ_OK && st != FQ_ENOTFOUND)
			return st;
		hid = hid > 0 ? hid : hh_of_phone;
	}
	if (hid <= 0)
		return FQ_OK;
	fq_status st = store_household_get(c, a, hid, hh, err);
	if (st != FQ_OK)
		return st;
	*have_hh = true;
	bool head = ch == REQSVC_CH_PROXY || ch == REQSVC_CH_VISIT ||
		    (ch == REQSVC_CH_HOTLINE && !*person && in->household_id > 0);
	if (head && hh->head_id > 0)
		*person = hh->head_id;
	return FQ_OK;
}

/* The limits of cat at level as reqsvc_load_limits reads them. */
static fq_status limits(store_conn *c, fq_arena *a, int64_t category_id, int level,
			sla_level_limits *out, fq_err *err)
{
	store_req_limits row;
	fq_status st = store_req_limits_get(c, a, category_id, level, &row, err);
	if (st == FQ_ENOTFOUND) {
		*out = (sla_level_limits){{REQSVC_DEFAULT_ACCEPT_HOURS, SLA_HOURS},
					  {REQSVC_DEFAULT_RESOLVE_WORKDAYS, SLA_WORKDAYS}};
		return FQ_OK;
	}
	if (st != FQ_OK)
		return st;
	*out = (sla_level_limits){{row.accept_amount, sla_unit_parse(row.accept_unit)},
				  {row.resolve_amount, sla_unit_parse(row.resolve_unit)}};
	if (sla_limit_valid(&out->accept, "accept", NULL) != FQ_OK ||
	    sla_limit_valid(&out->resolve, "resolve", NULL) != FQ_OK)
		return fq_fail(err, FQ_ESTORE, "", "category %lld has unusable limits at level %d",
			       (long long)category_id, level);
	return FQ_OK;
}

/* The system's dispatch to the default handler of the start level. */
static fq_status dispatch(store_conn *c, demo_intake *x, fq_arena *a, int start_level,
			  store_request *r, fq_err *err)
{
	ladder_context ctx = {.grid_unit_id = r->grid_id, .community_unit_id = r->community_id,
			      .street_unit_id = r->street_id};
	ladder_assignee asg;
	fq_status st = store_req_ladder(c, r->household_id, r->building_id, &ctx, err);
	if (st == FQ_OK && ladder_default_assignee(start_level, &ctx, &asg, err) == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ECONFLICT, "assignee", "nobody can handle it");
	if (st != FQ_OK)
		return st;
	req_state_in cur = {.state = REQ_SUBMITTED, .level = start_level};
	req_action act = {.kind = REQ_ACT_DISPATCH, .actor_roles = REQ_ACTOR_SYSTEM,
			  .now = r->created_at, .level = asg.level};
	req_state_out next;
	sla_level_limits lim;
	const cal_calendar *cal = NULL;
	st = req_transition(&cur, &act, &next, err);
	if (st == FQ_OK)
		st = limits(c, a, r->category_id, next.level, &lim, err);
	if (st == FQ_OK)
		st = calendar_get(c, x, &cal, err);
	if (st == FQ_OK)
		st = sla_deadline(cal, r->created_at, &lim.accept, &r->accept_due, err);
	if (st == FQ_OK)
		st = sla_deadline(cal, r->created_at, &lim.resolve, &r->resolve_due, err);
	if (st != FQ_OK)
		return st;
	r->state = req_state_name(next.state);
	r->level = next.level;
	r->assignee_account_id = asg.account_id;
	r->assignee_unit_id = asg.unit_id;
	return FQ_OK;
}

static fq_status counter_units(const char *path, reqsvc_plan *p, fq_err *err)
{
	size_t n = 0;
	fq_status st = org_path_ids(path, p->units, STORE_METRICS_UNITS_MAX - 1, &n, err);
	if (st != FQ_OK)
		return fq_fail(err, FQ_ESTORE, "", "the unit path %s is unusable", path);
	p->units[n++] = 0;
	p->n_units = (int)n;
	return FQ_OK;
}

fq_status demo_intake_plan(store_conn *c, demo_intake *x, fq_arena *a, const caller *who,
			   const reqsvc_input *in, int64_t grid_id, reqsvc_plan *out,
			   fq_err *err)
{
	reqsvc_channel ch = in->channel ? reqsvc_channel_parse(in->channel) : REQSVC_CH_SELF;
	const grid_entry *g = NULL;
	const store_req_category *cat = NULL;
	store_household hh;
	bool have_hh = false;
	int64_t person = 0;
	fq_status st = grid_get(c, x, grid_id, &g, err);
	if (st == FQ_OK)
		st = category_get(c, x, in->category_code, &cat, err);
	if (st == FQ_OK)
		st = reporter(c, a, who, in, ch, &hh, &have_hh, &person, err);
	if (st != FQ_OK)
		return st;
	reqsvc_plan p = {.start_level = cat->start_level, .actor_account_id = who->account_id,
			 .caller_name = ch == REQSVC_CH_HOTLINE ? in->caller_name : NULL,
			 .caller_phone = ch == REQSVC_CH_HOTLINE ? in->caller_phone : NULL,
			 .arena = a};
	p.row = (store_request){
		.street_id = g->street_id, .community_id = g->community_id, .grid_id = g->grid.id,
		.unit_path = g->grid.path, .category_id = cat->id,
		.channel = reqsvc_channel_name(ch), .title = in->title,
		.description = in->description ? in->description : "", .has_point = in->has_point,
		.lat = in->lat, .lon = in->lon, .address = in->address ? in->address : "",
		.building_id = in->building_id, .household_id = have_hh ? hh.id : 0,
		.reporter_account_id = who->account_id, .reporter_person_id = person,
		.anonymous = in->anonymous, .priority = cat->priority, .card = "none",
		.ext_state = "none", .rating_resolved = -1, .created_at = in->now,
		.updated_at = in->now, .dispatched_at = in->now, .category_code = cat->code,
		.category_name = cat->name, .grid_name = g->grid.name,
	};
	st = dispatch(c, x, a, p.start_level, &p.row, err);
	if (st == FQ_OK)
		st = counter_units(p.row.unit_path, &p, err);
	if (st != FQ_OK)
		return st;
	p.summary = (reqsvc_summary){.state = p.row.state, .level = p.row.level,
				     .accept_due = p.row.accept_due,
				     .resolve_due = p.row.resolve_due};
	*out = p;
	return FQ_OK;
}
