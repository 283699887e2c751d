/*
 * requests.c - the requests service's pure rules (channels, numbers,
 * distances, fingerprints, how a caller stands to a request, the actions
 * they may offer) and the loaders and writers that intake
 * (requests_create.c) and the lifecycle (requests_apply.c) share; see
 * requests.h.
 */
#include "domain/requests_int.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/metrics.h"
#include "domain/org.h"

/* Characters of one role name in a list, with room to spare. */
#define ROLE_NAME_MAX 32

/* Bytes of the BLAKE2b digest of a fingerprint. */
#define FINGERPRINT_BYTES 32

/* Router roles and the level each routes up to. */
#define ROUTER_GRID_LEVEL 2
#define ROUTER_COMMUNITY_LEVEL 3

/* Roles a reporter acts in on their own request (rating, reminding). */
#define REPORTER_ROLES (ROLE_RESIDENT | ROLE_LEADER | ROLE_BUILDING_LEADER | ROLE_TALENT | \
			ROLE_MEDIATOR)

/* Every role that may hold a request. */
#define HANDLER_ROLES (ROLE_LEADER | ROLE_BUILDING_LEADER | ROLE_GRID_WORKER | \
		       ROLE_COMMUNITY_OFFICER | ROLE_DISPATCHER | ROLE_DEPARTMENT_OFFICER)

/* Nearer a pole than this (cos of the latitude), the duplicate box spans
 * every longitude. */
#define POLAR_COS_MIN 0.01

/* Roles that see every request in the units they cover. */
#define SEEING_ROLES (WHO_STAFF | ROLE_DEPARTMENT_OFFICER)

/* ---- channels, numbers, distances, fingerprints ----------------------- */

static const char *const channel_names[REQSVC_CH_COUNT] = {
	[REQSVC_CH_SELF] = "self",       [REQSVC_CH_PROXY] = "proxy",
	[REQSVC_CH_HOTLINE] = "hotline", [REQSVC_CH_VISIT] = "visit",
	[REQSVC_CH_INSPECTION] = "inspection", [REQSVC_CH_OPEN311] = "open311",
};

const char *reqsvc_channel_name(reqsvc_channel ch)
{
	return ch > REQSVC_CH_NONE && ch < REQSVC_CH_COUNT ? channel_names[ch] : NULL;
}

reqsvc_channel reqsvc_channel_parse(const char *name)
{
	for (int i = REQSVC_CH_NONE + 1; name && i < REQSVC_CH_COUNT; i++)
		if (strcmp(channel_names[i], name) == 0)
			return (reqsvc_channel)i;
	return REQSVC_CH_NONE;
}

unsigned reqsvc_channel_roles(reqsvc_channel ch)
{
	switch (ch) {
	case REQSVC_CH_SELF: return ROLE_RESIDENT;
	case REQSVC_CH_PROXY: return ROLE_LEADER;
	case REQSVC_CH_HOTLINE: return ROLE_DISPATCHER | ROLE_ADMIN;
	case REQSVC_CH_VISIT: return ROLE_COMMUNITY_OFFICER | ROLE_GRID_WORKER;
	case REQSVC_CH_INSPECTION: return ROLE_GRID_WORKER;
	case REQSVC_CH_OPEN311: return WHO_ANY;
	default: return 0;
	}
}

unsigned reqsvc_channels_for(const caller *who)
{
	unsigned set = 0;
	for (int k = REQSVC_CH_NONE + 1; who && k < REQSVC_CH_COUNT; k++)
		if (k != REQSVC_CH_OPEN311 && access_has(who, reqsvc_channel_roles((reqsvc_channel)k)))
			set |= 1u << k;
	return set;
}

fq_status reqsvc_number_format(cal_date day, int64_t seq, char out[REQSVC_NUMBER_SIZE],
			       fq_err *err)
{
	if (!cal_date_valid(day) || seq < 1 || seq > REQSVC_SEQ_MAX)
		return fq_fail(err, FQ_EINVAL, "number", "no number for day %d, sequence %lld",
			       (int)day, (long long)seq);
	snprintf(out, REQSVC_NUMBER_SIZE, REQSVC_NUMBER_PREFIX "%08d%06lld", (int)day,
		 (long long)seq);
	return FQ_OK;
}

int64_t reqsvc_number_seq(const char *number, cal_date day)
{
	char prefix[REQSVC_NUMBER_SIZE];
	size_t plen = (size_t)snprintf(prefix, sizeof prefix, REQSVC_NUMBER_PREFIX "%08d", (int)day);
	if (!number || strlen(number) != REQSVC_NUMBER_SIZE - 1 || strncmp(number, prefix, plen) != 0)
		return 0;
	int64_t seq = 0;
	for (const char *p = number + plen; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		seq = seq * 10 + (*p - '0');
	}
	return seq;
}

double reqsvc_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = M_PI / 180.0;
	double x = (lon2 - lon1) * cos((lat1 + lat2) / 2 * rad);
	double y = lat2 - lat1;
	return sqrt(x * x + y * y) * REQSVC_M_PER_DEG_LAT;
}

void reqsvc_fingerprint(const void *data, size_t len, char out[REQSVC_FINGERPRINT_SIZE])
{
	unsigned char digest[FINGERPRINT_BYTES];
	crypto_generichash(digest, sizeof digest, data, len, NULL, 0);
	sodium_bin2hex(out, REQSVC_FINGERPRINT_SIZE, digest, sizeof digest);
}

/* ---- roles ------------------------------------------------------------- */

unsigned reqsvc_roles_of(const char *names)
{
	unsigned bits = 0;
	while (names && *names) {
		size_t n = strcspn(names, ",");
		char one[ROLE_NAME_MAX];
		if (n < sizeof one) {
			memcpy(one, names, n);
			one[n] = '\0';
			bits |= (unsigned)role_parse(one);
		}
		names += n + (names[n] == ',');
	}
	return bits;
}

role reqsvc_assignee_role(int level, unsigned account_roles)
{
	static const role order[] = {ROLE_LEADER, ROLE_BUILDING_LEADER, ROLE_GRID_WORKER,
				     ROLE_COMMUNITY_OFFICER, ROLE_DISPATCHER,
				     ROLE_DEPARTMENT_OFFICER};
	unsigned handlers = ladder_handler_roles(level);
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (handlers & account_roles & order[i])
			return order[i];
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (handlers & order[i])
			return order[i];
	return 0;
}

/* ---- standing ------------------------------------------------------------ */

/* Role bits of who's bindings that cover path. */
static unsigned covering(const caller *who, const char *path)
{
	unsigned bits = 0;
	for (int i = 0; path && i < who->n_roles; i++)
		if (access_covers(who, who->r[i].role, path))
			bits |= who->r[i].role;
	return bits;
}

/* Router roles that no longer route a request at level. */
static unsigned routers_below(int level)
{
	unsigned bits = 0;
	if (level > ROUTER_GRID_LEVEL)
		bits |= ROLE_GRID_WORKER;
	if (level > ROUTER_COMMUNITY_LEVEL)
		bits |= ROLE_COMMUNITY_OFFICER;
	return bits;
}

/* The handler role whose holders cover a request at level (0 at level 1,
 * which only its assignee holds). */
static unsigned level_holder_role(int level)
{
	switch (level) {
	case LADDER_GRID: return ROLE_GRID_WORKER;
	case LADDER_COMMUNITY: return ROLE_COMMUNITY_OFFICER;
	case LADDER_STREET: return ROLE_DISPATCHER;
	default: return 0;
	}
}

static bool is_cohandler(const caller *who, const reqsvc_facts *f)
{
	for (int i = 0; i < who->n_roles; i++) {
		if (who->r[i].role != ROLE_DEPARTMENT_OFFICER)
			continue;
		for (size_t k = 0; k < f->n_cohandlers; k++)
			if (f->cohandlers[k].unit_id == who->r[i].unit_id)
				return true;
	}
	return false;
}

void reqsvc_stand(const caller *who, const reqsvc_facts *f, reqsvc_standing *out)
{
	reqsvc_standing s = {0};
	if (!who) {
		*out = s;
		return;
	}
	unsigned cover = covering(who, f->unit_path);
	if (f->building_path)
		cover |= covering(who, f->building_path) & ROLE_BUILDING_LEADER;
	s.roles = cover & ~routers_below(f->level);
	s.staff = (cover & SEEING_ROLES) != 0;
	bool assignee = who->account_id > 0 && who->account_id == f->assignee_account_id;
	if (assignee || (cover & level_holder_role(f->level))) {
		s.rel |= REQ_REL_HOLDER;
		if (assignee)
			s.roles |= who->roles & HANDLER_ROLES;
	}
	bool reporter = (who->account_id > 0 && who->account_id == f->reporter_account_id) ||
			(who->person_id > 0 && who->person_id == f->reporter_person_id);
	if (reporter) {
		s.rel |= REQ_REL_REPORTER;
		s.roles |= who->roles & REPORTER_ROLES;
	}
	s.cohandler = is_cohandler(who, f);
	s.linked = f->linked;
	s.visible = s.staff || (s.rel != 0) || f->linked || s.cohandler ||
		    (cover & ROLE_BUILDING_LEADER);
	*out = s;
}

unsigned reqsvc_actions(const req_state_in *cur, const reqsvc_standing *s)
{
	const unsigned dept_moves = (1u << REQ_ACT_ACCEPT) | (1u << REQ_ACT_RESOLVE);
	unsigned set = req_actions_for(cur, s->roles, s->rel);
	if (s->cohandler)
		set |= req_actions_for(cur, ROLE_DEPARTMENT_OFFICER, REQ_REL_HOLDER) & dept_moves;
	bool held = cur->state == REQ_DISPATCHED || cur->state == REQ_ACCEPTED;
	if (held && cur->level == LADDER_STREET && (s->roles & ROLE_DISPATCHER))
		set |= REQSVC_ACT_COHANDLERS;
	return set;
}

/* ---- shared loaders ------------------------------------------------------ */

fq_status reqsvc_load_limits(store_conn *c, fq_arena *a, int64_t category_id, int level,
			     sla_level_limits *out, fq_err *err)
{
	store_req_limits row;
	fq_status st = store_req_limits_get(c, a, category_id, level, &row, err);
	if (st == FQ_ENOTFOUND) {
		out->accept = (sla_limit){REQSVC_DEFAULT_ACCEPT_HOURS, SLA_HOURS};
		out->resolve = (sla_limit){REQSVC_DEFAULT_RESOLVE_WORKDAYS, SLA_WORKDAYS};
		return FQ_OK;
	}
	if (st != FQ_OK)
		return st;
	sla_level_limits l = {
		.accept = {row.accept_amount, sla_unit_parse(row.accept_unit)},
		.resolve = {row.resolve_amount, sla_unit_parse(row.resolve_unit)},
	};
	if (sla_limit_valid(&l.accept, "accept", NULL) != FQ_OK ||
	    sla_limit_valid(&l.resolve, "resolve", NULL) != FQ_OK)
		return fq_fail(err, FQ_ESTORE, "", "category %lld has unusable limits at level %d",
			       (long long)category_id, level);
	*out = l;
	return FQ_OK;
}

fq_status reqsvc_metric_units(const char *path, int64_t units[STORE_METRICS_UNITS_MAX],
			      int *n, fq_err *err)
{
	size_t got = 0;
	fq_status st = org_path_ids(path, units, STORE_METRICS_UNITS_MAX - 1, &got, err);
	if (st != FQ_OK)
		return fq_fail(err, FQ_ESTORE, "", "the request's unit path %s is unusable", path);
	units[got++] = 0;
	*n = (int)got;
	return FQ_OK;
}

fq_status reqsvc_load_ladder(store_conn *c, const store_request *r, ladder_context *out,
			     fq_err *err)
{
	ladder_context ctx = {.grid_unit_id = r->grid_id, .community_unit_id = r->community_id,
			      .street_unit_id = r->street_id};
	fq_status st = store_req_ladder(c, r->household_id, r->building_id, &ctx, err);
	if (st == FQ_OK)
		*out = ctx;
	return st;
}

fq_status reqsvc_pick_assignee(int level, const ladder_context *ctx, ladder_assignee *out,
			       fq_err *err)
{
	fq_status st = ladder_default_assignee(level, ctx, out, err);
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_ECONFLICT, "assignee", "request.no_dispatcher",
				"nobody can handle it at level %d or above: the street has no "
				"dispatcher account", level);
	return st;
}

/* ---- recording an event ---------------------------------------------------- */

static fq_status count_event(store_conn *c, const reqsvc_record *rec, const int64_t *units,
			     int n_units, fq_err *err)
{
	const store_req_event_new *ev = rec->ev;
	metrics_event me = {
		.event = ev->event, .old_state = ev->old_state, .new_state = ev->new_state,
		.old_level = ev->old_level, .new_level = ev->new_level, .at = ev->at,
		.accept_due = rec->accept_due_before, .resolve_due = rec->resolve_due_before,
		.rating_resolved = rec->rating_resolved, .satisfaction = rec->satisfaction,
	};
	metrics_counts d;
	metrics_delta(&me, &d);
	return store_metrics_add(c, units, n_units, rec->r->category_id, rec->r->channel,
				 (int)cal_date_of(ev->at), &d, err);
}

fq_status reqsvc_record_event(store_conn *c, const reqsvc_record *rec, const int64_t *units,
			      int n_units, int64_t *event_id, fq_err *err)
{
	const store_request *r = rec->r;
	int64_t id = 0;
	fq_status st = store_req_event_insert(c, rec->ev, &id, err);
	if (st == FQ_OK)
		st = count_event(c, rec, units, n_units, err);
	store_live_event live = {
		.at = rec->ev->at, .unit_path = r->unit_path, .request_id = r->id,
		.kind = rec->ev->event, .number = r->number, .state = r->state, .level = r->level,
		.title = r->title, .category = r->category_code,
	};
	if (st == FQ_OK)
		st = store_live_insert(c, &live, NULL, err);
	if (st == FQ_OK && event_id)
		*event_id = id;
	return st;
}

/* ---- standing and state of a stored request -------------------------------- */

fq_status reqsvc_load_standing(store_conn *c, fq_arena *a, const caller *who,
			       const store_request *r, reqsvc_standing *out,
			       store_req_cohandler **cohandlers, size_t *n_cohandlers,
			       fq_err *err)
{
	store_req_cohandler *list = NULL;
	size_t n = 0;
	int linked = 0;
	fq_status st = store_req_cohandlers(c, a, r->id, &list, &n, err);
	if (st == FQ_OK && who && r->household_id > 0 && org_needs_link(who))
		st = store_leader_linked(c, who->leader_id, r->household_id, &linked, err);
	if (st != FQ_OK)
		return st;
	reqsvc_facts f = {
		.unit_path = r->unit_path, .building_path = r->building_path, .level = r->level,
		.assignee_account_id = r->assignee_account_id,
		.reporter_account_id = r->reporter_account_id,
		.reporter_person_id = r->reporter_person_id, .linked = linked != 0,
		.cohandlers = list, .n_cohandlers = n,
	};
	reqsvc_stand(who, &f, out);
	if (cohandlers) {
		*cohandlers = list;
		*n_cohandlers = n;
	}
	return FQ_OK;
}

fq_status reqsvc_state_in(const store_request *r, req_state_in *out, fq_err *err)
{
	req_state_in s = {
		.id = r->id, .state = req_state_parse(r->state), .level = r->level,
		.redo_count = r->redo_count, .extensions = r->extensions,
		.card = req_card_parse(r->card), .resolve_due = r->resolve_due,
		.followup_due = r->followup_due, .reminded_at = r->reminded_at,
	};
	s.ext = REQ_EXT_NONE;
	for (int x = REQ_EXT_NONE; x < REQ_EXT_COUNT; x++)
		if (r->ext_state && strcmp(req_ext_name((req_ext_state)x), r->ext_state) == 0)
			s.ext = (req_ext_state)x;
	if (s.state == REQ_STATE_NONE || !ladder_level_valid(s.level))
		return fq_fail(err, FQ_ESTORE, "", "request %lld is stored in an unknown state",
			       (long long)r->id);
	*out = s;
	return FQ_OK;
}

/* ---- duplicates ------------------------------------------------------------- */

fq_status reqsvc_find_duplicates(store_conn *c, fq_arena *a, const reqsvc_dup_where *w,
				 reqsvc_dup **out, size_t *n, fq_err *err)
{
	store_req_dup_query q = {
		.category_id = w->category_id, .since = w->since, .until = w->until,
		.before_id = w->before_id,
		.has_box = w->has_point, .building_id = w->building_id,
		.household_id = w->household_id,
	};
	if (w->has_point) {
		const double rad = M_PI / 180.0;
		double dlat = REQSVC_DUP_RADIUS_M / REQSVC_M_PER_DEG_LAT;
		double coslat = cos(w->lat * rad);
		double dlon = coslat > POLAR_COS_MIN ? dlat / coslat : GEO_LON_MAX;
		q.min_lat = w->lat - dlat;
		q.max_lat = w->lat + dlat;
		q.min_lon = w->lon - dlon;
		q.max_lon = w->lon + dlon;
	}
	store_req_dup *rows = NULL;
	size_t got = 0;
	fq_status st = store_req_duplicates(c, a, &q, &rows, &got, err);
	if (st != FQ_OK)
		return st;
	reqsvc_dup *dups = fq_arena_alloc(a, (got ? got : 1) * sizeof *dups);
	if (!dups)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < got; i++) {
		const store_req_dup *d = &rows[i];
		double m = -1;
		if (w->has_point && d->has_point)
			m = reqsvc_distance_m(w->lat, w->lon, d->lat, d->lon);
		dups[i] = (reqsvc_dup){.id = d->id, .number = d->number, .title = d->title,
				       .state = d->state, .distance_m = m};
	}
	*out = dups;
	*n = got;
	return FQ_OK;
}
