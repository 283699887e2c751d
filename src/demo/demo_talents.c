/*
 * demo_talents.c - the demo street's talent pools (demo_talents.h): the
 * members are drawn per community from a seeded generator and entered in
 * one write job (svc_write) through the talent service as the community's
 * officer would: talsvc_pool_create, talsvc_enrol, talsvc_decide,
 * talsvc_update, talsvc_relation_add. A member with a talent account
 * nominates themself where the draw says self-nomination; one without an
 * account cannot, and is recommended instead. The past tasks are written
 * by demosvc_past_task_add, since the service offers only on requests
 * still open.
 */
#include "demo/demo_talents.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "demo/demo_names.h"
#include "domain/demo_svc.h"
#include "domain/talent_svc.h"

/* The year ages are reckoned at, and the age from which a profile of a
 * retired person fits. */
#define DEMO_TALENT_YEAR 2025
#define DEMO_TALENT_ADULT_AGE 25
#define DEMO_TALENT_RETIRED_AGE 58
/* Seed offset, so the pools do not repeat the street's draws. */
#define DEMO_TALENT_SEED_SALT 0x5441u
/* Members each pool may hold in this demo (the adults drawn from). */
#define DEMO_TALENT_CANDIDATES_MAX 4096
/* Seconds of the past tasks' steps: answered, then done. */
#define DEMO_TALENT_ANSWER_AFTER_S 1800
#define DEMO_TALENT_DONE_AFTER_S (2 * 86400)

#define SK(s) (1u << TALENT_SKILL_##s)
#define RL(r) (1u << TALENT_ROLE_##r)

/* A member's profile: title, skills, roles, and whether it is retired. */
static const struct profile {
	const char *title;
	unsigned skills;
	unsigned roles;
	int retired;
} profiles[] = {
	{"退休教师", SK(EDUCATION) | SK(CULTURE), RL(PUBLICIST) | RL(SUPERVISOR), 1},
	{"律师", SK(LAW), RL(MEDIATOR) | RL(PUBLICIST), 0},
	{"心理咨询师", SK(PSYCHOLOGY), RL(MEDIATOR), 0},
	{"退休医生", SK(MEDICINE) | SK(ELDER_CARE), RL(INFORMANT), 1},
	{"建筑工程师", SK(CONSTRUCTION), RL(SUPERVISOR), 0},
	{"会计师", SK(FINANCE), RL(SUPERVISOR), 0},
	{"老党员", SK(LAW) | SK(PSYCHOLOGY), RL(MEDIATOR) | RL(PUBLICIST), 1},
	{"乡贤", SK(AGRICULTURE) | SK(FINANCE), RL(PROMOTER) | RL(MEDIATOR), 1},
	{"物业经理", SK(PROPERTY) | SK(CONSTRUCTION), RL(INFORMANT), 0},
	{"社工", SK(ELDER_CARE) | SK(PSYCHOLOGY), RL(INFORMANT), 0},
	{"人社专干", SK(LABOUR) | SK(LAW), RL(PROMOTER), 0},
	{"环保志愿者", SK(ENVIRONMENT), RL(SUPERVISOR) | RL(INFORMANT), 0},
	{"退休法官", SK(LAW), RL(MEDIATOR), 1},
	{"种养大户", SK(AGRICULTURE), RL(PROMOTER), 0},
};
#define N_PROFILES ((int)(sizeof profiles / sizeof profiles[0]))

/* The whole build, carried through the transaction; it is also its write
 * job. */
typedef struct dt_ctx {
	svc_job job;           /* first */
	const demo_street_rows *s;
	demo_rng rng;
	fq_arena arena;
	int accounts;          /* talent_<n> made so far */
	int64_t coordinator;   /* the street dispatcher: coordinator of the past tasks */
	int64_t now;           /* when the pools are entered (the wall clock) */
	caller officer;        /* the officer of the block being entered */
	int members, approved, tasks;
	char first_user[DEMO_USERNAME_SIZE], first_line[256];
	int32_t cands[DEMO_TALENT_CANDIDATES_MAX];
} dt_ctx;

/* The adults living under block unit b, into x->cands. */
static size_t adults_of(dt_ctx *x, int32_t b)
{
	const demo_plan *p = x->s->plan;
	size_t n = 0;
	for (size_t i = 0; i < p->n_persons && n < DEMO_TALENT_CANDIDATES_MAX; i++) {
		const demo_person *ps = &p->persons[i];
		int32_t grid = p->households[ps->household].grid;
		if (p->units[grid].parent == b &&
		    DEMO_TALENT_YEAR - ps->birth_year >= DEMO_TALENT_ADULT_AGE)
			x->cands[n++] = (int32_t)i;
	}
	return n;
}

/* A profile fitting the person's age. */
static const struct profile *pick_profile(dt_ctx *x, const demo_person *ps)
{
	int old = DEMO_TALENT_YEAR - ps->birth_year >= DEMO_TALENT_RETIRED_AGE;
	for (;;) {
		const struct profile *pr = &profiles[demo_rng_range(&x->rng, 0, N_PROFILES - 1)];
		if (pr->retired == old || (!pr->retired && old && demo_rng_range(&x->rng, 0, 3) == 0))
			return pr;
	}
}

/* Names of the bits of mask into names (skills or roles). */
static size_t tag_names(unsigned mask, int roles, const char **names)
{
	size_t n = 0;
	int count = roles ? TALENT_ROLE_COUNT : TALENT_SKILL_COUNT;
	for (int i = 0; i < count; i++)
		if (mask & (1u << i))
			names[n++] = roles ? talent_role_name((talent_role)i)
					   : talent_skill_name((talent_skill)i);
	return n;
}

static fq_status add_account(store_conn *c, dt_ctx *x, const demo_person *ps, int64_t person_id,
			     int64_t unit_id, const char *pool, int64_t *account, fq_err *err)
{
	char user[DEMO_USERNAME_SIZE];
	snprintf(user, sizeof user, "talent_%d", ++x->accounts);
	demosvc_account in = {user, ps->name, x->s->hash, person_id, "talent", unit_id};
	fq_status st = demosvc_account_add(c, &in, account, err);
	if (st == FQ_OK && x->accounts == 1) {
		snprintf(x->first_user, sizeof x->first_user, "%s", user);
		snprintf(x->first_line, sizeof x->first_line, "  %-16s %-20s %s  %s\n", user,
			 "talent", pool, ps->name);
	}
	return st;
}

/* How member j of n is entered. */
typedef struct dt_shape {
	talent_enrolment enrolment;   /* as drawn */
	bool approved;                /* else left pending */
	int availability;             /* talent_availability */
	int capacity;
} dt_shape;

/* The status, enrolment, availability and capacity of member j of n. */
static void member_shape(dt_ctx *x, int j, int n, dt_shape *m)
{
	static const talent_enrolment enrol[] = {TALENT_SELF_NOMINATION, TALENT_RECOMMENDATION,
						 TALENT_ELECTION};
	m->enrolment = enrol[j % 3];
	m->approved = j != n - 1;
	m->availability = j == 3 ? TALENT_BUSY : j == 6 ? TALENT_AWAY : TALENT_AVAILABLE;
	m->capacity = (int)demo_rng_range(&x->rng, 1, 3);
}

/* One block's pool as built. */
typedef struct dt_pool {
	int64_t id;
	int64_t unit_id;
	const char *name;        /* the unit's */
	const char *path;
	int64_t approved[DEMO_TALENT_MEMBERS_MAX];
	size_t n_approved;
} dt_pool;

/* Who enters the member: for a self-nomination the member's own account
 * (without one it becomes a recommendation), else the officer. */
static fq_status enrolling(store_conn *c, dt_ctx *x, int64_t account, talsvc_enrol_in *in,
			   const caller **who, fq_err *err)
{
	*who = &x->officer;
	if (in->enrolment != TALENT_SELF_NOMINATION)
		return FQ_OK;
	if (!account) {
		in->enrolment = TALENT_RECOMMENDATION;
		return FQ_OK;
	}
	caller *self = fq_arena_alloc(&x->arena, sizeof *self);
	if (!self)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	*who = self;
	in->person_id = 0;
	return demosvc_caller(c, &x->arena, account, self, err);
}

/* Approve member id and set its availability, as the officer. */
static fq_status settle_member(store_conn *c, dt_ctx *x, int64_t id, const dt_shape *m,
			       fq_err *err)
{
	fq_status st = talsvc_decide(c, &x->arena, &x->officer, id, TALENT_APPROVE, NULL, x->now,
				     err);
	talsvc_edit e = {.availability = m->availability};
	if (st == FQ_OK && m->availability != TALENT_AVAILABLE)
		st = talsvc_update(c, &x->arena, &x->officer, id, &e, x->now, err);
	return st;
}

static fq_status add_member(store_conn *c, dt_ctx *x, dt_pool *pool, int32_t person, int j,
			    int n, fq_err *err)
{
	const demo_person *ps = &x->s->plan->persons[person];
	const struct profile *pr = pick_profile(x, ps);
	const char *skill_names[TALENT_SKILL_COUNT], *role_names[TALENT_ROLE_COUNT];
	dt_shape m;
	member_shape(x, j, n, &m);
	talsvc_enrol_in in = {
		.pool_id = pool->id, .person_id = x->s->person_ids[person],
		.enrolment = m.enrolment, .title = pr->title, .skills = skill_names,
		.n_skills = tag_names(pr->skills, 0, skill_names), .roles = role_names,
		.n_roles = tag_names(pr->roles, 1, role_names), .capacity = m.capacity,
	};
	int64_t account = 0, id = 0;
	const caller *who = NULL;
	fq_status st = FQ_OK;
	if (m.approved && pool->n_approved < DEMO_TALENT_ACCOUNTS_PER_POOL)
		st = add_account(c, x, ps, in.person_id, pool->unit_id, pool->name, &account, err);
	if (st == FQ_OK)
		st = enrolling(c, x, account, &in, &who, err);
	if (st == FQ_OK)
		st = talsvc_enrol(c, &x->arena, who, &in, x->now, &id, err);
	if (st == FQ_OK && m.approved) {
		st = settle_member(c, x, id, &m, err);
		pool->approved[pool->n_approved++] = id;
		x->approved++;
	}
	x->members++;
	return st;
}

/* A past task on a closed request, done and rated. */
static fq_status past_task(store_conn *c, dt_ctx *x, const dt_pool *pool, int64_t request,
			   int64_t created, fq_err *err)
{
	int64_t talent = pool->approved[demo_rng_range(&x->rng, 0, (int64_t)pool->n_approved - 1)];
	int rating = (int)demo_rng_range(&x->rng, 3, 5);
	rating = rating == 3 && demo_rng_range(&x->rng, 0, 1) ? 5 : rating;
	int64_t offered = created + 3600;
	demosvc_past_task k = {
		.request_id = request, .unit_path = pool->path, .talent_id = talent,
		.coordinator = x->coordinator, .offered_at = offered,
		.answered_at = offered + DEMO_TALENT_ANSWER_AFTER_S,
		.done_at = offered + DEMO_TALENT_ANSWER_AFTER_S + DEMO_TALENT_DONE_AFTER_S,
		.note = "请协助处理", .outcome = "已上门沟通，双方达成一致", .rating = rating,
	};
	fq_status st = demosvc_past_task_add(c, &k, err);
	x->tasks += st == FQ_OK;
	return st;
}

static fq_status past_tasks(store_conn *c, dt_ctx *x, const dt_pool *pool, fq_err *err)
{
	int64_t ids[DEMO_TALENT_PAST_TASKS], created[DEMO_TALENT_PAST_TASKS];
	size_t n = 0;
	if (pool->n_approved == 0 || !x->coordinator)
		return FQ_OK;
	fq_status st = demosvc_closed_requests(c, pool->path, ids, created, DEMO_TALENT_PAST_TASKS,
					       &n, err);
	for (size_t i = 0; i < n && st == FQ_OK; i++)
		st = past_task(c, x, pool, ids[i], created[i], err);
	return st;
}

/* The officer of block b (the plan's community officer on it) into
 * x->officer, and the block's path from their role. */
static fq_status officer_of(store_conn *c, dt_ctx *x, int32_t b, const char **path, fq_err *err)
{
	const demo_plan *p = x->s->plan;
	const char *user = NULL;
	for (size_t i = 0; i < p->n_accounts && !user; i++)
		if (p->accounts[i].unit == b &&
		    strcmp(p->accounts[i].role, "community_officer") == 0)
			user = p->accounts[i].username;
	if (!user)
		return fq_fail(err, FQ_ENOTFOUND, "", "%s has no officer", p->units[b].name);
	int64_t id = 0;
	fq_status st = demosvc_account_id(c, user, &id, err);
	if (st == FQ_OK)
		st = demosvc_caller(c, &x->arena, id, &x->officer, err);
	for (int i = 0; st == FQ_OK && i < x->officer.n_roles; i++)
		if (x->officer.r[i].unit_id == x->s->unit_ids[b])
			*path = x->officer.r[i].path;
	return st;
}

/* The pool of block b: its row, members, a declared relation, past tasks. */
static fq_status build_pool(store_conn *c, dt_ctx *x, int32_t b, fq_err *err)
{
	const demo_plan *p = x->s->plan;
	dt_pool pool = {.unit_id = x->s->unit_ids[b], .name = p->units[b].name};
	char name[DEMO_UNIT_NAME_SIZE + 16];
	snprintf(name, sizeof name, "%s群英库", p->units[b].name);
	fq_status st = officer_of(c, x, b, &pool.path, err);
	if (st == FQ_OK)
		st = talsvc_pool_create(c, &x->arena, &x->officer, pool.unit_id, name, x->now,
					&pool.id, err);
	size_t n_adults = adults_of(x, b);
	int want = (int)demo_rng_range(&x->rng, DEMO_TALENT_MEMBERS_MIN, DEMO_TALENT_MEMBERS_MAX);
	int n = want < (int)n_adults ? want : (int)n_adults;
	for (int j = 0; j < n && st == FQ_OK; j++) {
		size_t k = (size_t)demo_rng_range(&x->rng, (int64_t)j, (int64_t)n_adults - 1);
		int32_t person = x->cands[k];
		x->cands[k] = x->cands[j];
		x->cands[j] = person;
		st = add_member(c, x, &pool, person, j, n, err);
	}
	if (st == FQ_OK && pool.n_approved > 0 && n_adults > (size_t)n) {
		int64_t rel = 0;
		st = talsvc_relation_add(c, &x->arena, &x->officer, pool.approved[0],
					 x->s->person_ids[x->cands[n]], 0, "亲属", x->now, &rel, err);
	}
	return st == FQ_OK ? past_tasks(c, x, &pool, err) : st;
}

static fq_status talents_run(store_conn *c, svc_job *job, fq_err *err)
{
	dt_ctx *x = (dt_ctx *)job;
	const demo_plan *p = x->s->plan;
	fq_status st = demosvc_account_id(c, "dispatcher", &x->coordinator, err);
	x->coordinator = st == FQ_OK ? x->coordinator : 0;
	st = st == FQ_ENOTFOUND ? FQ_OK : st;
	for (size_t b = 0; b < p->n_units && st == FQ_OK; b++)
		if (p->units[b].kind == DEMO_COMMUNITY || p->units[b].kind == DEMO_VILLAGE)
			st = build_pool(c, x, (int32_t)b, err);
	return st;
}

int demo_talents_run(store *db, const demo_street_rows *s, uint64_t seed)
{
	dt_ctx *x = calloc(1, sizeof *x);
	if (!x) {
		fprintf(stderr, "fengqiao demo: out of memory\n");
		return -1;
	}
	x->job.run = talents_run;
	x->s = s;
	x->now = fq_now_ms() / 1000;
	demo_rng_seed(&x->rng, seed ^ DEMO_TALENT_SEED_SALT);
	fq_arena_init(&x->arena);
	int64_t t0 = fq_mono_us();
	fq_status st = svc_write(db, &x->job);
	int rc = st == FQ_OK ? 0 : -1;
	if (st != FQ_OK)
		fprintf(stderr, "fengqiao demo: talent pools: %s %s\n", x->job.err.field,
			x->job.err.message);
	else
		printf("talent pools: %d members (%d approved), %d accounts, %d past tasks in %.2f s\n"
		       "talent accounts:\n%s  %s .. talent_%d: talents with an account, %d per pool "
		       "(role talent on their community)\n",
		       x->members, x->approved, x->accounts, x->tasks,
		       (double)(fq_mono_us() - t0) / 1e6, x->first_line, x->first_user, x->accounts,
		       DEMO_TALENT_ACCOUNTS_PER_POOL);
	fq_arena_free(&x->arena);
	free(x);
	return rc;
}
