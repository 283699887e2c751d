/*
 * demo_requests.c - `fengqiao demo --requests N`: play the request
 * history of demo/demo_history.h on the first demo street through the
 * requests service and the sweeper, in time order; see demo_requests.h.
 *
 * The agenda holds one pending move per open request: the move the
 * history drew for it, when, and where the request stood when it was
 * drawn (state, level, the start of that state, the extension). When the
 * move falls due and the request still stands there, it is made; when
 * the sweeper has moved the request meanwhile (an escalation after a
 * missed deadline, a lapsed extension, closing after the follow-up
 * window), a new move is drawn from where it stands now. After each move
 * the next is drawn the same way, until the history draws none.
 *
 * The sweeps run inside the same write job as the moves, one job per
 * simulated day, or fewer ticks once TX_OPS_MAX requests, moves and
 * sweeper steps are in it (a separate commit per tick would make some
 * 70,000 fsyncs a year of history; a transaction much larger than
 * TX_OPS_MAX gets slower per statement, as SQLite then keeps a large
 * sub-journal for the writer's savepoint). Each is the sweeper's own pass
 * (sweep_pass), which tells the runner of each request it acted on.
 */
#include "demo/demo_requests.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/timeutil.h"
#include "domain/demo_svc.h"
#include "domain/metrics.h"
#include "domain/sweeper.h"

/* The ids of the latest requests, by ordinal, for merges; more than
 * DHIST_DUPLICATE_BACK_MAX. */
#define RING 4096
/* Refusals printed in full; the rest are only counted. */
#define FAILURES_SHOWN 5
/* Refused moves of one request before it is left alone. */
#define ITEM_FAILURES_MAX 3
/* A progress line every so many days of history. */
#define PROGRESS_DAYS 30
/* Initial sizes of the caller cache and the agenda (they grow). */
#define CALLERS_INITIAL 1024
#define AGENDA_INITIAL 1024
/* Bytes of a username the history makes. */
#define USERNAME_SIZE 32
/* Microseconds per second, for the timings. */
#define US_PER_S 1e6
/* Ticks in one write transaction: a simulated day at most ... */
#define TICKS_PER_TX (86400 / DEMO_HISTORY_TICK_S)
/* ... and no more ticks once this many operations are in it. */
#define TX_OPS_MAX 300

/* One pending move. */
typedef struct item {
	int64_t at;             /* when (unix s) */
	int64_t seq;            /* ties: first scheduled first */
	int64_t id;             /* the request */
	int64_t ordinal;
	int64_t since;          /* where it stood: start of its state ... */
	req_state state;        /* ... the state ... */
	int level;              /* ... the level ... */
	req_ext_state ext;      /* ... and the extension */
	int step;               /* moves drawn for it so far */
	unsigned flags;         /* DHIST_F_* */
	int failures;           /* moves refused so far */
	int64_t assignee;       /* who the move's actor is worked out from, as */
	int64_t reporter;       /* the request stood when the move was drawn */
	int64_t grid_id;
	int64_t community_id;
	dhist_decision d;
} item;

/* A binary min-heap of items by (at, seq). */
typedef struct agenda {
	item *v;
	size_t n, cap;
	int64_t seq;
} agenda;

/* Callers by account id, loaded once (open addressing, power-of-2 size). */
typedef struct callers {
	int64_t *keys;
	caller **vals;
	size_t n, cap;
	fq_arena a;
} callers;

typedef struct totals {
	int64_t created, create_failed, moves, move_failed, redrawn, accounts;
	int64_t escalated, reminded, lapsed, auto_closed, sweeps, purged;
} totals;

/* The whole run; it is also the write job of each of its transactions. */
typedef struct runner {
	svc_job job;                 /* first: its run is set per transaction */
	store *db;
	const demo_street_rows *s;
	const demo_plan *plan;
	dhist_schedule sched;
	sweep_rules rules;
	int64_t *unit_accounts;      /* per plan unit: its grid worker, community
					officer or department officer */
	int64_t *leader_accounts;    /* per plan leader: the 邻长's account, or 0 */
	int64_t *resident_accounts;  /* per plan household: its resident's, or 0 */
	unsigned char *has_account;  /* per plan person */
	int32_t departments[DEMO_DEPARTMENT_COUNT]; /* plan unit indexes */
	int n_departments;
	int64_t dispatcher, supervisor;
	int next_resident;           /* number of the next residentN account */
	callers cache;
	agenda ag;
	int64_t ring_ordinal[RING], ring_id[RING];
	int day;                     /* the creation stream: current day ... */
	int64_t *times;              /* ... its creation times ... */
	int64_t day_first, day_n, day_i;
	int64_t tick_end;            /* the current tick's end */
	int64_t ops;                 /* requests, moves and sweeper steps made */
	unsigned char *touched;      /* by request id: the sweeper acted on it since
					its move was drawn */
	size_t n_touched;
	fq_arena tick;               /* scratch of the current tick's moves */
	totals t;
} runner;

/* ---- small helpers ------------------------------------------------------- */

static void show_failure(runner *R, const char *what, int64_t ordinal, const fq_err *e)
{
	int64_t n = R->t.create_failed + R->t.move_failed;
	if (n <= FAILURES_SHOWN)
		fprintf(stderr, "fengqiao demo: request %lld: %s refused: %s%s%s\n",
			(long long)ordinal, what, e->field[0] ? e->field : "",
			e->field[0] ? ": " : "", e->message);
}

/* A status that means the store failed, not that the service refused: it
 * ends the run (the day's transaction rolls back). The service decides
 * every refusal before its first write, so a refused move writes nothing
 * and needs no savepoint. */
static bool fatal(fq_status st)
{
	return st == FQ_ESTORE || st == FQ_ENOMEM || st == FQ_EIO;
}

/* Note that the sweeper acted on request id (a sweep_acted_fn). */
static fq_status touch(void *arg, int64_t id, fq_err *err)
{
	runner *R = arg;
	if ((size_t)id >= R->n_touched) {
		size_t n = R->n_touched ? R->n_touched : AGENDA_INITIAL;
		while (n <= (size_t)id)
			n *= 2;
		unsigned char *t = realloc(R->touched, n);
		if (!t)
			return fq_fail(err, FQ_ENOMEM, "", "out of memory");
		memset(t + R->n_touched, 0, n - R->n_touched);
		R->touched = t;
		R->n_touched = n;
	}
	R->touched[id] = 1;
	return FQ_OK;
}

/* Whether the sweeper acted on request id; clears the mark. */
static bool untouch(runner *R, int64_t id)
{
	if ((size_t)id >= R->n_touched || !R->touched[id])
		return false;
	R->touched[id] = 0;
	return true;
}

/* The plan index of the unit with row id id, or -1 (unit_ids ascend). */
static int32_t unit_index(const runner *R, int64_t id)
{
	size_t lo = 0, hi = R->plan->n_units;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (R->s->unit_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < R->plan->n_units && R->s->unit_ids[lo] == id ? (int32_t)lo : -1;
}

static int64_t unit_account(const runner *R, int64_t unit_id)
{
	int32_t i = unit_index(R, unit_id);
	return i >= 0 ? R->unit_accounts[i] : 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The plan index of the department whose name ends with suffix, or -1. */
static int32_t department(const runner *R, const char *suffix)
{
	for (int i = 0; suffix && i < R->n_departments; i++)
		if (ends_with(R->plan->units[R->departments[i]].name, suffix))
			return R->departments[i];
	return -1;
}

static req_ext_state ext_parse(const char *name)
{
	for (int x = REQ_EXT_NONE; x < REQ_EXT_COUNT; x++)
		if (name && strcmp(req_ext_name((req_ext_state)x), name) == 0)
			return (req_ext_state)x;
	return REQ_EXT_NONE;
}

/* ---- the agenda ------------------------------------------------------------ */

static bool before(const item *a, const item *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static int agenda_push(agenda *g, item it)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : AGENDA_INITIAL;
		item *v = realloc(g->v, cap * sizeof *v);
		if (!v)
			return -1;
		g->v = v;
		g->cap = cap;
	}
	it.seq = g->seq++;
	size_t i = g->n++;
	while (i > 0 && before(&it, &g->v[(i - 1) / 2])) {
		g->v[i] = g->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	g->v[i] = it;
	return 0;
}

static item agenda_pop(agenda *g)
{
	item top = g->v[0], last = g->v[--g->n];
	size_t i = 0;
	for (;;) {
		size_t k = 2 * i + 1;
		if (k >= g->n)
			break;
		if (k + 1 < g->n && before(&g->v[k + 1], &g->v[k]))
			k++;
		if (!before(&g->v[k], &last))
			break;
		g->v[i] = g->v[k];
		i = k;
	}
	if (g->n > 0)
		g->v[i] = last;
	return top;
}

/* ---- callers ------------------------------------------------------------------ */

static size_t slot_of(const callers *cc, int64_t id)
{
	return (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ULL) & (cc->cap - 1);
}

static int callers_grow(callers *cc)
{
	size_t cap = cc->cap ? cc->cap * 2 : CALLERS_INITIAL;
	int64_t *keys = calloc(cap, sizeof *keys);
	caller **vals = calloc(cap, sizeof *vals);
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	callers next = {keys, vals, cc->n, cap, cc->a};
	for (size_t i = 0; i < cc->cap; i++) {
		if (!cc->keys[i])
			continue;
		size_t k = slot_of(&next, cc->keys[i]);
		while (keys[k])
			k = (k + 1) & (cap - 1);
		keys[k] = cc->keys[i];
		vals[k] = cc->vals[i];
	}
	free(cc->keys);
	free(cc->vals);
	*cc = next;
	return 0;
}

/* The caller of account id, loaded on first use. */
static fq_status caller_get(runner *R, store_conn *c, int64_t id, const caller **out,
			    fq_err *err)
{
	callers *cc = &R->cache;
	if ((cc->n + 1) * 10 > cc->cap * 7 && callers_grow(cc) != 0)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	size_t k = slot_of(cc, id);
	while (cc->keys[k] && cc->keys[k] != id)
		k = (k + 1) & (cc->cap - 1);
	if (cc->keys[k]) {
		*out = cc->vals[k];
		return FQ_OK;
	}
	caller *who = fq_arena_alloc(&cc->a, sizeof *who);
	if (!who)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fq_status st = demosvc_caller(c, &cc->a, id, who, err);
	if (st != FQ_OK)
		return st;
	cc->keys[k] = id;
	cc->vals[k] = who;
	cc->n++;
	*out = who;
	return FQ_OK;
}

/* ---- accounts ------------------------------------------------------------------- */

static int32_t leader_of_person(const demo_plan *p, int32_t person)
{
	for (size_t l = 0; l < p->n_neighbour_leaders; l++)
		if (p->leaders[l].person == person)
			return (int32_t)l;
	return -1;
}

static void note_account(runner *R, const demo_account *a, int64_t id)
{
	const demo_plan *p = R->plan;
	if (a->person >= 0) {
		R->has_account[a->person] = 1;
		if (strcmp(a->role, "resident") == 0)
			R->resident_accounts[p->persons[a->person].household] = id;
		int32_t l = strcmp(a->role, "leader") == 0 ? leader_of_person(p, a->person) : -1;
		if (l >= 0)
			R->leader_accounts[l] = id;
	}
	if (strcmp(a->role, "dispatcher") == 0)
		R->dispatcher = id;
	else if (strcmp(a->role, "supervisor") == 0)
		R->supervisor = id;
	else if (a->unit >= 0 && (strcmp(a->role, "grid_worker") == 0 ||
				  strcmp(a->role, "community_officer") == 0 ||
				  strcmp(a->role, "department_officer") == 0))
		R->unit_accounts[a->unit] = id;
}

/* The ids of the demo's own accounts, by what they do. */
static fq_status find_accounts(runner *R, store_conn *c, fq_err *err)
{
	const demo_plan *p = R->plan;
	fq_status st = FQ_OK;
	for (size_t i = 0; i < p->n_accounts && st == FQ_OK; i++) {
		int64_t id = 0;
		st = demosvc_account_id(c, p->accounts[i].username, &id, err);
		if (st == FQ_OK)
			note_account(R, &p->accounts[i], id);
	}
	if (st == FQ_OK && (!R->dispatcher || !R->supervisor))
		st = fq_fail(err, FQ_ENOTFOUND, "", "the demo street has no dispatcher or supervisor");
	return st;
}

static fq_status add_account(runner *R, store_conn *c, const char *username, int32_t person,
			     const char *role, int32_t unit, int64_t *id, fq_err *err)
{
	demosvc_account in = {username, R->plan->persons[person].name, R->s->hash,
			      R->s->person_ids[person], role, R->s->unit_ids[unit]};
	fq_status st = demosvc_account_add(c, &in, id, err);
	if (st == FQ_OK) {
		R->has_account[person] = 1;
		R->t.accounts++;
	}
	return st;
}

/* An account for every 邻长 who has none: leaderN for the Nth. */
static fq_status add_leader_accounts(runner *R, store_conn *c, fq_err *err)
{
	const demo_plan *p = R->plan;
	fq_status st = FQ_OK;
	for (size_t l = 0; l < p->n_neighbour_leaders && st == FQ_OK; l++) {
		const demo_leader *ld = &p->leaders[l];
		if (R->leader_accounts[l] || R->has_account[ld->person])
			continue;
		char user[USERNAME_SIZE];
		snprintf(user, sizeof user, "leader%zu", l + 1);
		st = add_account(R, c, user, ld->person, "leader", ld->unit, &R->leader_accounts[l],
				 err);
	}
	return st;
}

/* The resident account of household hh, added (residentN, for the first
 * member without an account) when it has none. */
static fq_status resident_account(runner *R, store_conn *c, int32_t hh, int64_t *out,
				  fq_err *err)
{
	if (R->resident_accounts[hh]) {
		*out = R->resident_accounts[hh];
		return FQ_OK;
	}
	const demo_household *h = &R->plan->households[hh];
	int32_t person = -1;
	for (int32_t k = 0; k < h->n_persons && person < 0; k++)
		if (!R->has_account[h->first_person + k])
			person = h->first_person + k;
	if (person < 0)
		return fq_fail(err, FQ_ECONFLICT, "household_id", "everyone there has an account");
	char user[USERNAME_SIZE];
	snprintf(user, sizeof user, "resident%d", R->next_resident);
	fq_status st = add_account(R, c, user, person, "resident", h->grid,
				   &R->resident_accounts[hh], err);
	if (st == FQ_OK) {
		R->next_resident++;
		*out = R->resident_accounts[hh];
	}
	return st;
}

static fq_status setup_run(store_conn *c, svc_job *job, fq_err *err)
{
	runner *R = (runner *)job;
	fq_status st = find_accounts(R, c, err);
	if (st == FQ_OK)
		st = add_leader_accounts(R, c, err);
	return st;
}

/* ---- drawing and scheduling moves ------------------------------------------------ */

static int64_t since_of(const store_request *r, req_state s)
{
	switch (s) {
	case REQ_DISPATCHED: return r->dispatched_at;
	case REQ_ACCEPTED: return r->accepted_at;
	case REQ_RESOLVED: return r->resolved_at;
	case REQ_CLOSED: return r->closed_at;
	default: return r->updated_at;
	}
}

static void situation_of(const store_request *r, int64_t ordinal, int step, unsigned flags,
			 int64_t now, dhist_situation *s)
{
	req_state st = req_state_parse(r->state);
	if (r->level < LADDER_STREET)
		flags &= ~DHIST_F_COHANDLED;
	*s = (dhist_situation){
		.ordinal = ordinal, .step = step, .now = now, .state = st, .level = r->level,
		.category = r->category_code, .channel = reqsvc_channel_parse(r->channel),
		.since = since_of(r, st), .accept_due = r->accept_due,
		.resolve_due = r->resolve_due, .followup_due = r->followup_due,
		.redo_count = r->redo_count, .extensions = r->extensions,
		.ext = ext_parse(r->ext_state), .card = req_card_parse(r->card), .flags = flags,
	};
}

/* Draw the next move of request r (ordinal) at now and put it on the
 * agenda, unless there is none or it falls after the history's end. */
static fq_status schedule(runner *R, const store_request *r, int64_t ordinal, int step,
			  unsigned flags, int failures, int64_t now, fq_err *err)
{
	dhist_situation s;
	situation_of(r, ordinal, step, flags, now, &s);
	item it = {.id = r->id, .ordinal = ordinal, .since = s.since, .state = s.state,
		   .level = s.level, .ext = s.ext, .step = step + 1, .flags = s.flags,
		   .failures = failures, .assignee = r->assignee_account_id,
		   .reporter = r->reporter_account_id, .grid_id = r->grid_id,
		   .community_id = r->community_id};
	dhist_decide(&R->sched.params, &s, &it.d);
	if (it.d.move == DHIST_MOVE_NONE || it.d.at >= R->sched.end)
		return FQ_OK;
	it.at = it.d.at;
	if (agenda_push(&R->ag, it) != 0)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	return FQ_OK;
}

/* ---- raising a request ------------------------------------------------------------ */

/* Who raises q and the fields that go with the channel. A 邻长 whose
 * person had another demo account got no leader account: their household
 * reports for itself. */
static fq_status reporter(runner *R, store_conn *c, const dhist_request *q,
			  reqsvc_input *in, const caller **who, fq_err *err)
{
	const demo_plan *p = R->plan;
	int64_t account = 0;
	fq_status st = FQ_OK;
	int32_t grid = p->units[q->building].parent;
	reqsvc_channel ch = q->channel;
	if (ch == REQSVC_CH_PROXY && !R->leader_accounts[q->leader])
		ch = REQSVC_CH_SELF;
	in->channel = reqsvc_channel_name(ch);
	if (q->household >= 0)
		in->household_id = R->s->household_ids[q->household];
	switch (ch) {
	case REQSVC_CH_SELF:
		st = resident_account(R, c, q->household, &account, err);
		break;
	case REQSVC_CH_PROXY:
		account = R->leader_accounts[q->leader];
		break;
	case REQSVC_CH_HOTLINE:
		account = R->dispatcher;
		in->caller_name = p->persons[q->caller].name;
		in->caller_phone = p->persons[q->caller].phone;
		break;
	case REQSVC_CH_VISIT:
		account = R->unit_accounts[q->visit_by_grid ? grid : p->units[grid].parent];
		break;
	default:
		account = R->unit_accounts[grid];
		break;
	}
	if (st == FQ_OK && !account)
		st = fq_fail(err, FQ_ENOTFOUND, "channel", "nobody to raise it through %s",
			     in->channel);
	if (st == FQ_OK)
		st = caller_get(R, c, account, who, err);
	return st;
}

static fq_status raise_request(runner *R, store_conn *c, fq_arena *a, const dhist_request *q,
			       reqsvc_plan *plan, fq_err *err)
{
	const demo_unit *b = &R->plan->units[q->building];
	reqsvc_input in = {
		.title = q->title, .description = q->description, .category_code = q->category,
		.has_point = true, .lat = b->door.lat,
		.lon = b->door.lon, .building_id = R->s->unit_ids[q->building],
		.address = q->address, .anonymous = q->anonymous, .now = q->created_at,
		.parse_boundary = R->s->parse_boundary,
	};
	const caller *who = NULL;
	fq_status st = reporter(R, c, q, &in, &who, err);
	if (st == FQ_OK)
		st = reqsvc_plan_create(c, a, who, &in, plan, err);
	int64_t replayed = 0;
	if (st == FQ_OK)
		st = reqsvc_create(c, plan, NULL, NULL, &replayed, err);
	return st;
}

/* Raise the next request of the creation stream. A refusal is counted;
 * a store failure stops the tick. */
static fq_status create_next(runner *R, store_conn *c, fq_err *err)
{
	int64_t ordinal = R->day_first + R->day_i;
	int64_t at = R->times[R->day_i++];
	dhist_request q;
	dhist_request_of(&R->sched, R->plan, ordinal, at, &q);
	fq_arena a;
	fq_arena_init(&a);
	reqsvc_plan plan;
	fq_err e = {0};
	fq_status st = raise_request(R, c, &a, &q, &plan, &e);
	if (st != FQ_OK) {
		R->t.create_failed++;
		show_failure(R, "raising it", ordinal, &e);
		if (fatal(st))
			*err = e;
		else
			st = FQ_OK;
		goto out;
	}
	R->t.created++;
	R->ops++;
	plan.row.id = plan.summary.id;
	R->ring_ordinal[ordinal % RING] = ordinal;
	R->ring_id[ordinal % RING] = plan.summary.id;
	st = schedule(R, &plan.row, ordinal, 0, 0, 0, at, err);
out:
	fq_arena_free(&a);
	return st;
}

/* The time of the next creation, loading the next day's when one is
 * used up; INT64_MAX after the last. */
static int64_t next_creation(runner *R)
{
	while (R->day_i >= R->day_n) {
		if (R->day + 1 >= DHIST_DAYS)
			return INT64_MAX;
		R->day++;
		R->day_n = dhist_day_count(&R->sched, R->day, &R->day_first);
		dhist_day_times(&R->sched, R->day, R->times);
		R->day_i = 0;
	}
	return R->times[R->day_i];
}

/* ---- making a move --------------------------------------------------------------- */

/* The officer of the lead co-handling department of request id. */
static fq_status lead_account(runner *R, store_conn *c, int64_t id, int64_t *out, fq_err *err)
{
	int64_t unit = 0;
	fq_status st = demosvc_lead_unit(c, &R->tick, id, &unit, err);
	if (st == FQ_OK && unit)
		*out = unit_account(R, unit);
	return st;
}

static fq_status actor_account(runner *R, store_conn *c, const store_request *r,
			       dhist_actor by, int64_t *out, fq_err *err)
{
	*out = 0;
	switch (by) {
	case DHIST_BY_HOLDER: *out = r->assignee_account_id; break;
	case DHIST_BY_ROUTER:
		*out = r->level <= LADDER_GRID ? unit_account(R, r->grid_id)
		       : r->level == LADDER_COMMUNITY ? unit_account(R, r->community_id)
						      : R->dispatcher;
		break;
	case DHIST_BY_LEAD: return lead_account(R, c, r->id, out, err);
	case DHIST_BY_DISPATCHER: *out = R->dispatcher; break;
	case DHIST_BY_REPORTER:
		*out = r->reporter_account_id ? r->reporter_account_id : R->supervisor;
		break;
	default: *out = R->supervisor; break;
	}
	return FQ_OK;
}

static fq_status cohandle(runner *R, store_conn *c, const item *it, const reqsvc_actor *actor,
			  fq_err *err)
{
	int32_t lead = department(R, it->d.lead), second = department(R, it->d.second);
	if (lead < 0)
		return fq_fail(err, FQ_EINVAL, "departments", "no department %s", it->d.lead);
	ladder_cohandler list[2] = {{R->s->unit_ids[lead], 1}};
	size_t n = 1;
	if (second >= 0 && second != lead)
		list[n++] = (ladder_cohandler){R->s->unit_ids[second], 0};
	return reqsvc_set_cohandlers(c, it->id, actor, list, n, it->d.at, NULL, err);
}

static fq_status perform(runner *R, store_conn *c, const item *it, const store_request *r,
			 fq_err *err)
{
	int64_t account = 0;
	fq_status st = actor_account(R, c, r, it->d.by, &account, err);
	if (st == FQ_OK && !account)
		st = fq_fail(err, FQ_ENOTFOUND, "actor", "nobody to act");
	const caller *who = NULL;
	if (st == FQ_OK)
		st = caller_get(R, c, account, &who, err);
	if (st != FQ_OK)
		return st;
	reqsvc_actor actor = {account, who->roles, who};
	if (it->d.move == DHIST_MOVE_COHANDLE)
		return cohandle(R, c, it, &actor, err);
	req_action act = it->d.act;
	if (act.kind == REQ_ACT_MERGE) {
		int64_t k = it->d.merge_ordinal % RING;
		if (R->ring_ordinal[k] != it->d.merge_ordinal || !R->ring_id[k])
			return fq_fail(err, FQ_EINVAL, "merge_into", "the original was not raised");
		act.merge_into = R->ring_id[k];
	}
	return reqsvc_apply(c, it->id, &actor, &act, NULL, err);
}

/* A merge whose original is gone from the ring or no longer open: the
 * handler would not merge into it. */
static fq_status merge_moot(runner *R, store_conn *c, const item *it, bool *moot, fq_err *err)
{
	*moot = false;
	if (it->d.move != DHIST_MOVE_ACTION || it->d.act.kind != REQ_ACT_MERGE)
		return FQ_OK;
	int64_t k = it->d.merge_ordinal % RING;
	if (R->ring_ordinal[k] != it->d.merge_ordinal || !R->ring_id[k]) {
		*moot = true;
		return FQ_OK;
	}
	store_request o;
	fq_status st = demosvc_request(c, &R->tick, R->ring_id[k], &o, err);
	if (st == FQ_OK)
		*moot = !req_state_is_open(req_state_parse(o.state));
	return st;
}

/* Whether the request has moved on since its move was drawn: only the
 * sweeper moves a request between two of its drawn moves. Loads *r when
 * it may have. */
static fq_status moved_on(runner *R, store_conn *c, const item *it, store_request *r,
			  bool *moved, fq_err *err)
{
	*moved = false;
	if (!untouch(R, it->id))
		return FQ_OK;
	fq_status st = demosvc_request(c, &R->tick, it->id, r, err);
	if (st != FQ_OK)
		return st;
	req_state now = req_state_parse(r->state);
	*moved = now != it->state || r->level != it->level || since_of(r, now) != it->since ||
		 ext_parse(r->ext_state) != it->ext;
	return FQ_OK;
}

/* A refused move: counted, and another drawn, up to ITEM_FAILURES_MAX. */
static fq_status refused(runner *R, store_conn *c, const item *it, const fq_err *e,
			 fq_err *err)
{
	R->t.move_failed++;
	const char *what = it->d.move == DHIST_MOVE_COHANDLE ? "co-handling"
							      : req_action_name(it->d.act.kind);
	show_failure(R, what, it->ordinal, e);
	if (it->failures + 1 >= ITEM_FAILURES_MAX)
		return FQ_OK;
	store_request r;
	fq_status st = demosvc_request(c, &R->tick, it->id, &r, err);
	unsigned keep = it->flags | (it->d.set_flags & ~DHIST_F_COHANDLED);
	if (st == FQ_OK)
		st = schedule(R, &r, it->ordinal, it->step, keep, it->failures + 1, it->at, err);
	return st;
}

/* Make a due move, or draw a new one when the request has moved on (or
 * the move has become moot). */
static fq_status run_item(runner *R, store_conn *c, item *it, fq_err *err)
{
	store_request r = {.id = it->id, .level = it->level, .assignee_account_id = it->assignee,
			   .reporter_account_id = it->reporter, .grid_id = it->grid_id,
			   .community_id = it->community_id};
	bool moot = false, moved = false;
	fq_status st = merge_moot(R, c, it, &moot, err);
	if (st == FQ_OK)
		st = moved_on(R, c, it, &r, &moved, err);
	if (st == FQ_OK && moot && !moved)
		st = demosvc_request(c, &R->tick, it->id, &r, err);
	if (st != FQ_OK)
		return st;
	if (moot || moved) {
		R->t.redrawn++;
		unsigned flags = it->flags | (moot ? DHIST_F_NO_MERGE : 0);
		return schedule(R, &r, it->ordinal, it->step, flags, it->failures, it->at, err);
	}
	fq_err e = {0};
	st = perform(R, c, it, &r, &e);
	if (fatal(st)) {
		*err = e;
		return st;
	}
	if (st != FQ_OK)
		return refused(R, c, it, &e, err);
	st = demosvc_request(c, &R->tick, it->id, &r, err);
	if (st != FQ_OK)
		return st;
	R->t.moves++;
	R->ops++;
	return schedule(R, &r, it->ordinal, it->step, it->flags | it->d.set_flags, it->failures,
			it->at, err);
}

/* ---- ticks ------------------------------------------------------------------------ */

/* Everything due before the tick's end, in time order. */
static fq_status tick_moves(runner *R, store_conn *c, fq_err *err)
{
	fq_status st = FQ_OK;
	while (st == FQ_OK) {
		int64_t tc = next_creation(R);
		int64_t ti = R->ag.n ? R->ag.v[0].at : INT64_MAX;
		if ((tc < ti ? tc : ti) >= R->tick_end)
			break;
		if (ti <= tc) {
			item it = agenda_pop(&R->ag);
			st = run_item(R, c, &it, err);
		} else {
			st = create_next(R, c, err);
		}
	}
	return st;
}

/* One sweep at the tick's end: the sweeper's own pass. */
static fq_status sweep_tick(runner *R, store_conn *c, fq_err *err)
{
	sweep_report rep = {0};
	fq_status st = sweep_pass(c, &R->rules, R->tick_end, &rep, touch, R, err);
	R->t.escalated += rep.escalated;
	R->t.reminded += rep.reminded;
	R->t.lapsed += rep.lapsed;
	R->t.auto_closed += rep.auto_closed;
	R->t.move_failed += rep.failed;
	R->ops += rep.escalated + rep.reminded + rep.lapsed + rep.auto_closed;
	R->t.sweeps++;
	return st;
}

/* The ticks of a simulated day (or fewer: TX_OPS_MAX), each its moves and
 * then a sweep at its end, after purging live events older than a day. */
static fq_status day_run(store_conn *c, svc_job *job, fq_err *err)
{
	runner *R = (runner *)job;
	int64_t t = R->tick_end;
	int64_t ops0 = R->ops;
	fq_status st = demosvc_live_purge(c, t - DEMO_HISTORY_LIVE_KEEP_S, &R->t.purged, err);
	for (int k = 0; st == FQ_OK && k < TICKS_PER_TX && t < R->sched.end &&
			R->ops - ops0 < TX_OPS_MAX;
	     k++) {
		R->tick_end = t + DEMO_HISTORY_TICK_S < R->sched.end ? t + DEMO_HISTORY_TICK_S
								      : R->sched.end;
		fq_arena_init(&R->tick);
		st = tick_moves(R, c, err);
		if (st == FQ_OK)
			st = sweep_tick(R, c, err);
		fq_arena_free(&R->tick);
		t = R->tick_end;
	}
	return st;
}

static fq_status final_purge_run(store_conn *c, svc_job *job, fq_err *err)
{
	runner *R = (runner *)job;
	return demosvc_live_purge(c, R->sched.end - DEMO_HISTORY_LIVE_KEEP_S, &R->t.purged, err);
}

/* Run the job's next transaction with body run (svc_write_alone: the
 * moves open savepoints of their own). */
static fq_status write_job(runner *R, svc_run_fn run, fq_err *err)
{
	R->job.run = run;
	fq_status st = svc_write_alone(R->db, &R->job);
	if (st != FQ_OK)
		*err = R->job.err;
	return st;
}

static void progress(const runner *R, int64_t start_us)
{
	char day[CAL_DATE_STR];
	cal_date_format(cal_date_of(R->tick_end - 1), day, sizeof day);
	printf("  %s: %lld requests, %lld moves, %lld by the sweeper, %lld open moves pending; "
	       "%.1f s\n",
	       day, (long long)R->t.created, (long long)R->t.moves,
	       (long long)(R->t.escalated + R->t.reminded + R->t.lapsed + R->t.auto_closed),
	       (long long)R->ag.n, (double)(fq_mono_us() - start_us) / US_PER_S);
	fflush(stdout);
}

static fq_status play(runner *R, fq_err *err)
{
	int64_t start_us = fq_mono_us();
	int64_t next_report = R->sched.start + (int64_t)PROGRESS_DAYS * CAL_DAY_S;
	fq_status st = FQ_OK;
	R->tick_end = R->sched.start;
	while (st == FQ_OK && R->tick_end < R->sched.end) {
		st = write_job(R, day_run, err);
		if (st == FQ_OK && R->tick_end >= next_report) {
			progress(R, start_us);
			next_report += (int64_t)PROGRESS_DAYS * CAL_DAY_S;
		}
	}
	if (st == FQ_OK)
		st = write_job(R, final_purge_run, err);
	return st;
}

/* ---- setup, summary, the entry point --------------------------------------------- */

static int runner_init(runner *R, store *db, const demo_street_rows *s, const dhist_params *p,
		       fq_err *err)
{
	const demo_plan *plan = s->plan;
	*R = (runner){.db = db, .s = s, .plan = plan, .rules = SWEEP_RULES_DEFAULT,
		      .next_resident = 2, .day = -1};
	fq_arena_init(&R->cache.a);
	size_t n_cal = 0;
	const cal_entry *seed = cal_seed_entries(&n_cal);
	cal_calendar *cal = NULL;
	if (cal_new(seed, n_cal, &cal, err) != FQ_OK)
		return -1;
	fq_status st = dhist_schedule_init(p, cal, &R->sched, err);
	cal_free(cal);
	if (st != FQ_OK)
		return -1;
	int64_t most = 1;
	for (int d = 0; d < DHIST_DAYS; d++) {
		int64_t n = dhist_day_count(&R->sched, d, NULL);
		most = n > most ? n : most;
	}
	R->times = calloc((size_t)most, sizeof *R->times);
	R->unit_accounts = calloc(plan->n_units, sizeof *R->unit_accounts);
	R->leader_accounts = calloc(plan->n_leaders + 1, sizeof *R->leader_accounts);
	R->resident_accounts = calloc(plan->n_households, sizeof *R->resident_accounts);
	R->has_account = calloc(plan->n_persons, 1);
	for (size_t i = 0; i < plan->n_units && R->n_departments < DEMO_DEPARTMENT_COUNT; i++)
		if (plan->units[i].kind == DEMO_DEPARTMENT)
			R->departments[R->n_departments++] = (int32_t)i;
	for (int i = 0; i < RING; i++)
		R->ring_ordinal[i] = -1;
	if (!R->times || !R->unit_accounts || !R->leader_accounts || !R->resident_accounts ||
	    !R->has_account) {
		fq_fail(err, FQ_ENOMEM, "", "out of memory");
		return -1;
	}
	return 0;
}

static void runner_free(runner *R)
{
	free(R->times);
	free(R->unit_accounts);
	free(R->leader_accounts);
	free(R->resident_accounts);
	free(R->has_account);
	free(R->cache.keys);
	free(R->cache.vals);
	fq_arena_free(&R->cache.a);
	free(R->ag.v);
	free(R->touched);
}

static void print_rates(runner *R)
{
	demosvc_figures f;
	fq_err err = {0};
	int from = (int)cal_date_of(R->sched.start), to = (int)cal_date_of(R->sched.end - 1);
	if (demosvc_figures_read(R->db, from, to, R->sched.end, &f, &err) != FQ_OK)
		return;
	const metrics_counts k = f.counts;
	const store_open_counts open = f.open;
	metrics_rates rates;
	metrics_rates_of(&k, &METRICS_WEIGHTS_DEFAULT, &rates);
	printf("  counters: %lld raised, %lld dispatched, %lld escalated, %lld closed; open at "
	       "the end %lld (overdue %lld, supervised %lld)\n",
	       (long long)k.intake, (long long)k.dispatched, (long long)k.escalated,
	       (long long)k.closed, (long long)open.open, (long long)open.overdue,
	       (long long)open.supervised);
	printf("  rates: response %.1f%%, resolution %.1f%%, satisfaction %.1f%%, on time "
	       "%.1f%%, composite %.1f\n",
	       rates.response, rates.resolution, rates.satisfaction, rates.on_time,
	       rates.composite);
}

static void print_summary(runner *R, double seconds)
{
	char from[CAL_DATE_STR], to[CAL_DATE_STR];
	cal_date_format(cal_date_of(R->sched.start), from, sizeof from);
	cal_date_format(cal_date_of(R->sched.end - 1), to, sizeof to);
	printf("history %s .. %s: %lld requests (%lld refused), %lld moves (%lld refused, %lld "
	       "redrawn), sweeper: %lld escalated, %lld reminded, %lld extensions lapsed, %lld "
	       "auto-closed in %lld sweeps; %lld accounts added; %lld old live events purged; "
	       "%.2f s (%.0f requests/s)\n",
	       from, to, (long long)R->t.created, (long long)R->t.create_failed,
	       (long long)R->t.moves, (long long)R->t.move_failed, (long long)R->t.redrawn,
	       (long long)R->t.escalated, (long long)R->t.reminded, (long long)R->t.lapsed,
	       (long long)R->t.auto_closed, (long long)R->t.sweeps, (long long)R->t.accounts,
	       (long long)R->t.purged, seconds, seconds > 0 ? (double)R->t.created / seconds : 0);
	print_rates(R);
}

int demo_requests_run(store *db, const demo_street_rows *s, const dhist_params *p)
{
	runner *R = calloc(1, sizeof *R);
	fq_err err = {0};
	int rc = -1;
	if (!R) {
		fprintf(stderr, "fengqiao demo: out of memory\n");
		return -1;
	}
	int64_t t0 = fq_mono_us();
	if (runner_init(R, db, s, p, &err) != 0)
		goto out;
	if (write_job(R, setup_run, &err) != FQ_OK || play(R, &err) != FQ_OK)
		goto out;
	print_summary(R, (double)(fq_mono_us() - t0) / US_PER_S);
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "fengqiao demo: history: %s%s%s\n", err.field[0] ? err.field : "",
			err.field[0] ? ": " : "", err.message);
	runner_free(R);
	free(R);
	return rc;
}
