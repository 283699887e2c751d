/*
 * demo_talents.c - the demo street's talent pools (demo_talents.h): the
 * members are planned per community from a seeded generator, then every
 * row is written in one transaction through the store.
 */
#include "cli/demo_talents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "demo/demo_names.h"
#include "domain/talent.h"
#include "store/store_auth.h"
#include "store/store_org.h"
#include "store/store_talent.h"

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

/* The whole build, carried through the transaction. */
typedef struct dt_ctx {
	const demo_street_rows *s;
	demo_rng rng;
	fq_arena arena;
	int accounts;          /* talent_<n> made so far */
	int64_t coordinator;   /* the street dispatcher: coordinator of the past tasks */
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
	fq_status st = store_account_insert(c, user, ps->name, x->s->hash, person_id, account, err);
	if (st == FQ_OK)
		st = store_account_role_add(c, *account, "talent", unit_id, err);
	if (st == FQ_OK && x->accounts == 1) {
		snprintf(x->first_user, sizeof x->first_user, "%s", user);
		snprintf(x->first_line, sizeof x->first_line, "  %-16s %-20s %s  %s\n", user,
			 "talent", pool, ps->name);
	}
	return st;
}

/* The status, enrolment, availability and capacity of member j of n. */
static void member_shape(dt_ctx *x, int j, int n, store_talent *t)
{
	static const char *const enrol[] = {"self_nomination", "recommendation", "election"};
	t->enrolment = enrol[j % 3];
	t->status = j == n - 1 ? "pending" : "approved";
	t->availability = j == 3 ? "busy" : j == 6 ? "away" : "available";
	t->capacity = (int)demo_rng_range(&x->rng, 1, 3);
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

static fq_status add_member(store_conn *c, dt_ctx *x, dt_pool *pool, int32_t person, int j,
			    int n, int64_t now, fq_err *err)
{
	const demo_person *ps = &x->s->plan->persons[person];
	const struct profile *pr = pick_profile(x, ps);
	const char *skill_names[TALENT_SKILL_COUNT], *role_names[TALENT_ROLE_COUNT];
	store_talent_tags skills = {skill_names, tag_names(pr->skills, 0, skill_names), pr->skills};
	store_talent_tags roles = {role_names, tag_names(pr->roles, 1, role_names), pr->roles};
	store_talent t = {.pool_id = pool->id, .person_id = x->s->person_ids[person],
			  .title = pr->title, .created_at = now};
	member_shape(x, j, n, &t);
	int64_t id = 0;
	fq_status st = store_talent_person_home(c, &x->arena, t.person_id, "person_id",
						&t.household_id, &t.home_path, &t.account_id, err);
	int with_account = strcmp(t.status, "approved") == 0 &&
			   pool->n_approved < DEMO_TALENT_ACCOUNTS_PER_POOL;
	if (st == FQ_OK && with_account)
		st = add_account(c, x, ps, t.person_id, pool->unit_id, pool->name, &t.account_id,
				 err);
	if (st == FQ_OK)
		st = store_talent_insert(c, &t, &skills, &roles, &id, err);
	if (st == FQ_OK && strcmp(t.status, "approved") == 0) {
		t.id = id;
		t.decided_at = now;
		t.updated_at = now;
		st = store_talent_update(c, &t, err);
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
	store_talent_task k = {
		.subject_kind = "request", .subject_id = request, .unit_path = pool->path,
		.talent_id = talent, .state = "offered", .note = "请协助处理", .offered_at = offered,
		.answer_within_s = TALENT_ANSWER_DEFAULT_S,
		.answer_by = offered + TALENT_ANSWER_DEFAULT_S, .coordinator_account_id = x->coordinator,
		.chain = 1, .rank = 1, .score = 0, .created_at = offered,
	};
	int64_t id = 0;
	fq_status st = store_talent_task_insert(c, &k, &id, err);
	k.id = id;
	k.state = "done";
	k.answered_at = offered + DEMO_TALENT_ANSWER_AFTER_S;
	k.done_at = k.answered_at + DEMO_TALENT_DONE_AFTER_S;
	k.outcome = "已上门沟通，双方达成一致";
	k.rating = rating;
	k.rated_at = k.done_at;
	k.updated_at = k.done_at;
	if (st == FQ_OK)
		st = store_talent_task_update(c, &k, err);
	if (st == FQ_OK)
		st = store_talent_count(c, talent, 0, 1, rating, 1, k.done_at, err);
	x->tasks += st == FQ_OK;
	return st;
}

static fq_status past_tasks(store_conn *c, dt_ctx *x, const dt_pool *pool, fq_err *err)
{
	int64_t ids[DEMO_TALENT_PAST_TASKS], created[DEMO_TALENT_PAST_TASKS];
	size_t n = 0;
	if (pool->n_approved == 0 || !x->coordinator)
		return FQ_OK;
	fq_status st = store_talent_closed_requests(c, pool->path, ids, created,
						    DEMO_TALENT_PAST_TASKS, &n, err);
	for (size_t i = 0; i < n && st == FQ_OK; i++)
		st = past_task(c, x, pool, ids[i], created[i], err);
	return st;
}

/* The pool of block b: its row, members, a declared relation, past tasks. */
static fq_status build_pool(store_conn *c, dt_ctx *x, int32_t b, int64_t now, fq_err *err)
{
	const demo_plan *p = x->s->plan;
	dt_pool pool = {.unit_id = x->s->unit_ids[b], .name = p->units[b].name};
	char name[DEMO_UNIT_NAME_SIZE + 16];
	store_unit u;
	snprintf(name, sizeof name, "%s群英库", p->units[b].name);
	fq_status st = store_unit_get(c, &x->arena, pool.unit_id, &u, err);
	if (st == FQ_OK) {
		pool.path = u.path;
		st = store_talent_pool_insert(c, pool.unit_id, u.path, name, 0, now, &pool.id, err);
	}
	size_t n_adults = adults_of(x, b);
	int want = (int)demo_rng_range(&x->rng, DEMO_TALENT_MEMBERS_MIN, DEMO_TALENT_MEMBERS_MAX);
	int n = want < (int)n_adults ? want : (int)n_adults;
	for (int j = 0; j < n && st == FQ_OK; j++) {
		size_t k = (size_t)demo_rng_range(&x->rng, (int64_t)j, (int64_t)n_adults - 1);
		int32_t person = x->cands[k];
		x->cands[k] = x->cands[j];
		x->cands[j] = person;
		st = add_member(c, x, &pool, person, j, n, now, err);
	}
	if (st == FQ_OK && pool.n_approved > 0 && n_adults > (size_t)n) {
		int64_t rel = 0;
		st = store_talent_relation_insert(c, pool.approved[0],
						  x->s->person_ids[x->cands[n]], 0, "亲属", now,
						  &rel, err);
	}
	return st == FQ_OK ? past_tasks(c, x, &pool, err) : st;
}

static fq_status talents_tx(store_conn *c, void *arg, fq_err *err)
{
	dt_ctx *x = arg;
	const demo_plan *p = x->s->plan;
	int64_t now = fq_now_ms() / 1000;
	store_account disp;
	fq_status st = store_account_by_username(c, &x->arena, "dispatcher", &disp, err);
	x->coordinator = st == FQ_OK ? disp.id : 0;
	st = st == FQ_ENOTFOUND ? FQ_OK : st;
	for (size_t b = 0; b < p->n_units && st == FQ_OK; b++)
		if (p->units[b].kind == DEMO_COMMUNITY || p->units[b].kind == DEMO_VILLAGE)
			st = build_pool(c, x, (int32_t)b, now, err);
	return st;
}

int demo_talents_run(store *db, const demo_street_rows *s, uint64_t seed)
{
	dt_ctx *x = calloc(1, sizeof *x);
	fq_err err = {0};
	if (!x) {
		fprintf(stderr, "fengqiao demo: out of memory\n");
		return -1;
	}
	x->s = s;
	demo_rng_seed(&x->rng, seed ^ DEMO_TALENT_SEED_SALT);
	fq_arena_init(&x->arena);
	int64_t t0 = fq_mono_us();
	fq_status st = store_write(db, talents_tx, x, &err);
	int rc = st == FQ_OK ? 0 : -1;
	if (st != FQ_OK)
		fprintf(stderr, "fengqiao demo: talent pools: %s %s\n", err.field, err.message);
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
