/*
 * demo_live.c - the living demo (demo_live.h): a step is one write job
 * whose body calls the requests service as a handler's job would, on the
 * writer's connection; the thread is a bgthread that waits between steps
 * and wakes at once to stop.
 */
#include "demo/demo_live.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "domain/bgthread.h"
#include "domain/demo_svc.h"

/* The result a handler reports when resolving in the living demo. */
#define LIVE_RESULT "已到现场处理完毕，已电话告知反映人。"
/* A rating: resolved, satisfied. */
#define LIVE_SATISFACTION 5

typedef struct step_job {
	svc_job job;                   /* first */
	uint64_t *seed;
	int64_t now;
	reqsvc_shape_fn parse_boundary;
	demo_live_report rep;
} step_job;

struct demo_live {
	bgthread t;
	store *db;
	int interval_s;
	reqsvc_shape_fn parse_boundary;
	uint64_t seed;
};

/* A draw from 0..n-1 (splitmix64 on *seed). */
static size_t draw(uint64_t *seed, size_t n)
{
	uint64_t z = (*seed += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return n ? (size_t)(z % n) : 0;
}

/* The outcome of one raising or action: done is counted when it was
 * made, a refusal of the service is counted and the step goes on; a
 * failing store ends the step with e. */
static fq_status settle(step_job *j, fq_status st, int *done, const fq_err *e, fq_err *err)
{
	if (st == FQ_OK) {
		(*done)++;
		return FQ_OK;
	}
	if (st == FQ_ESTORE || st == FQ_ENOMEM || st == FQ_EIO) {
		*err = *e;
		return st;
	}
	j->rep.refused++;
	return FQ_OK;
}

/* The input of a new request like r (self-reported), raised at now. */
static reqsvc_input input_like(const store_request *r, int64_t now, reqsvc_shape_fn parse)
{
	return (reqsvc_input){
		.title = r->title, .description = r->description, .category_code = r->category_code,
		.channel = "self", .has_point = r->has_point != 0, .lat = r->lat, .lon = r->lon,
		.building_id = r->building_id, .household_id = r->household_id,
		.address = r->address, .now = now, .parse_boundary = parse,
	};
}

/* A past request a resident raised for their own household, or none (*r
 * left with id 0). */
static fq_status pick_template(store_conn *c, fq_arena *a, step_job *j, store_request *r,
			       fq_err *err)
{
	int64_t ids[DEMO_LIVE_TEMPLATES], created[DEMO_LIVE_TEMPLATES];
	size_t n = 0;
	memset(r, 0, sizeof *r);
	fq_status st = demosvc_closed_requests(c, "/", ids, created, DEMO_LIVE_TEMPLATES, &n, err);
	for (int k = 0; st == FQ_OK && n > 0 && k < DEMO_LIVE_TRIES; k++) {
		st = demosvc_request(c, a, ids[draw(j->seed, n)], r, err);
		if (st == FQ_OK && strcmp(r->channel, "self") == 0 && r->reporter_account_id &&
		    r->household_id && !r->anonymous)
			return FQ_OK;
	}
	memset(r, 0, sizeof *r);
	return st;
}

/* A resident raises a request like one of the past. */
static fq_status raise_one(store_conn *c, fq_arena *a, step_job *j, fq_err *err)
{
	store_request r;
	fq_status st = pick_template(c, a, j, &r, err);
	if (st != FQ_OK || !r.id)
		return st;
	caller who;
	reqsvc_input in = input_like(&r, j->now, j->parse_boundary);
	reqsvc_plan plan;
	int64_t replayed = 0;
	fq_err e = {0};
	st = demosvc_caller(c, a, r.reporter_account_id, &who, &e);
	if (st == FQ_OK)
		st = reqsvc_plan_create(c, a, &who, &in, &plan, &e);
	if (st == FQ_OK)
		st = reqsvc_create(c, &plan, NULL, NULL, &replayed, &e);
	return settle(j, st, &j->rep.raised, &e, err);
}

/* The action that moves a request on from state, by whom it is made. */
static req_action next_action(const char *state, int64_t now, bool *by_reporter)
{
	req_action act = {.now = now};
	*by_reporter = false;
	if (strcmp(state, "dispatched") == 0) {
		act.kind = REQ_ACT_ACCEPT;
	} else if (strcmp(state, "accepted") == 0) {
		act.kind = REQ_ACT_RESOLVE;
		act.result = LIVE_RESULT;
	} else {
		act.kind = REQ_ACT_RATE;
		act.resolved = REQ_ANSWER_YES;
		act.satisfaction = LIVE_SATISFACTION;
		*by_reporter = true;
	}
	return act;
}

/* One of the newest requests in state moves on, by its handler or its
 * reporter as the state wants. */
static fq_status move_one(store_conn *c, fq_arena *a, step_job *j, const char *state,
			  fq_err *err)
{
	int64_t ids[DEMO_LIVE_PICK];
	size_t n = 0;
	fq_status st = demosvc_requests_in_state(c, a, state, DEMO_LIVE_PICK, ids, &n, err);
	if (st != FQ_OK || n == 0)
		return st;
	store_request r;
	st = demosvc_request(c, a, ids[draw(j->seed, n)], &r, err);
	if (st != FQ_OK)
		return st;
	bool by_reporter = false;
	req_action act = next_action(state, j->now, &by_reporter);
	int64_t account = by_reporter ? r.reporter_account_id : r.assignee_account_id;
	if (!account)
		return FQ_OK;
	caller who;
	fq_err e = {0};
	st = demosvc_caller(c, a, account, &who, &e);
	reqsvc_actor actor = {account, who.roles, &who};
	if (st == FQ_OK)
		st = reqsvc_apply(c, r.id, &actor, &act, NULL, &e);
	return settle(j, st, &j->rep.moved, &e, err);
}

static fq_status step_run(store_conn *c, svc_job *job, fq_err *err)
{
	step_job *j = (step_job *)job;
	static const char *const states[] = {"resolved", "accepted", "dispatched"};
	fq_arena a;
	fq_arena_init(&a);
	fq_status st = raise_one(c, &a, j, err);
	for (size_t i = 0; st == FQ_OK && i < sizeof states / sizeof states[0]; i++)
		st = move_one(c, &a, j, states[i], err);
	fq_arena_free(&a);
	return st;
}

fq_status demo_live_step(store *db, uint64_t *seed, int64_t now, reqsvc_shape_fn parse_boundary,
			 demo_live_report *rep, fq_err *err)
{
	step_job j = {.job.run = step_run, .seed = seed, .now = now,
		      .parse_boundary = parse_boundary};
	fq_status st = svc_write(db, &j.job);
	if (st != FQ_OK)
		*err = j.job.err;
	*rep = j.rep;
	return st;
}

static void *live_main(void *arg)
{
	demo_live *l = arg;
	while (!bgthread_wait(&l->t, (long)l->interval_s * 1000)) {
		demo_live_report rep;
		fq_err err = {0};
		if (demo_live_step(l->db, &l->seed, fq_now_ms() / 1000, l->parse_boundary, &rep,
				   &err) != FQ_OK)
			fq_log(FQ_LOG_WARN, "demo_live: %s", err.message);
	}
	return NULL;
}

fq_status demo_live_start(store *db, int interval_s, reqsvc_shape_fn parse_boundary,
			  demo_live **out, fq_err *err)
{
	int64_t streets = 0;
	fq_status st = demosvc_streets_count(db, &streets, err);
	if (st != FQ_OK)
		return st;
	if (streets == 0)
		return fq_fail(err, FQ_ECONFLICT, "demo_live",
			       "demo_live plays only on a database that `fengqiao demo` built;"
			       " this one holds no demo street");
	demo_live *l = calloc(1, sizeof *l);
	if (!l)
		return fq_fail(err, FQ_ENOMEM, "demo_live", "out of memory");
	*l = (demo_live){.db = db, .interval_s = interval_s, .parse_boundary = parse_boundary,
			 .seed = (uint64_t)fq_now_ms()};
	st = bgthread_start(&l->t, live_main, l, "demo_live", err);
	if (st != FQ_OK) {
		free(l);
		return st;
	}
	*out = l;
	return FQ_OK;
}

void demo_live_stop(demo_live *l)
{
	if (!l)
		return;
	bgthread_stop(&l->t);
	free(l);
}
