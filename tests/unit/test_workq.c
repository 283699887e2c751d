/*
 * test_workq.c - unit tests for src/core/workq.c: jobs run on the queue's
 * threads in the order they came; at most queue_max wait and the next is
 * refused; stopping lets the running job finish, runs or hands back (run =
 * false) every waiting job, and refuses what comes after. A job that blocks
 * is held by a gate the test opens, so nothing waits for a time.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/workq.h"

#define QUEUE_MAX 3
#define JOBS 50

/* A gate jobs wait at until the test opens it, and counters. */
typedef struct gate {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool open;
	int started;      /* jobs that began running */
	int ran, dropped; /* jobs called with run true / false */
	int order[JOBS];  /* job numbers in the order they ran */
} gate;

typedef struct job_arg {
	gate *g;
	int n;
	bool wait; /* hold at the gate */
} job_arg;

static void gate_init(gate *g)
{
	*g = (gate){.open = false};
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
}

static void gate_open(gate *g)
{
	pthread_mutex_lock(&g->mu);
	g->open = true;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

/* Wait until n jobs have started (a condition, never a time). */
static void wait_started(gate *g, int n)
{
	pthread_mutex_lock(&g->mu);
	while (g->started < n)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
}

static void job(void *arg, bool run)
{
	job_arg *j = arg;
	gate *g = j->g;
	pthread_mutex_lock(&g->mu);
	if (run) {
		g->started++;
		pthread_cond_broadcast(&g->cv);
		while (j->wait && !g->open)
			pthread_cond_wait(&g->cv, &g->mu);
		g->order[g->ran++] = j->n;
	} else {
		g->dropped++;
	}
	pthread_mutex_unlock(&g->mu);
}

static void test_runs_in_order(void **state)
{
	(void)state;
	gate g;
	gate_init(&g);
	fq_workq *q = fq_workq_new(1, JOBS, 0);
	assert_non_null(q);
	job_arg args[JOBS];
	for (int i = 0; i < JOBS; i++) {
		args[i] = (job_arg){.g = &g, .n = i};
		assert_int_equal(fq_workq_submit(q, job, &args[i]), FQ_OK);
	}
	wait_started(&g, JOBS);
	fq_workq_free(q); /* joins: every job has finished */
	assert_int_equal(g.ran, JOBS);
	assert_int_equal(g.dropped, 0);
	for (int i = 0; i < JOBS; i++)
		assert_int_equal(g.order[i], i);
}

static void test_bounded_and_stop(void **state)
{
	(void)state;
	gate g;
	gate_init(&g);
	fq_workq *q = fq_workq_new(1, QUEUE_MAX, 10);
	assert_non_null(q);
	job_arg held = {.g = &g, .n = 0, .wait = true};
	assert_int_equal(fq_workq_submit(q, job, &held), FQ_OK);
	wait_started(&g, 1); /* the one thread is busy */
	job_arg waiting[QUEUE_MAX + 1];
	for (int i = 0; i < QUEUE_MAX; i++) {
		waiting[i] = (job_arg){.g = &g, .n = i + 1};
		assert_int_equal(fq_workq_submit(q, job, &waiting[i]), FQ_OK);
	}
	waiting[QUEUE_MAX] = (job_arg){.g = &g, .n = QUEUE_MAX + 1};
	assert_int_equal(fq_workq_submit(q, job, &waiting[QUEUE_MAX]), FQ_EUNAVAILABLE);
	assert_int_equal(fq_workq_pending(q), QUEUE_MAX + 1);
	gate_open(&g);
	fq_workq_stop(q); /* the held job may finish; the waiting ones may be dropped */
	assert_int_equal(g.ran + g.dropped, QUEUE_MAX + 1);
	assert_true(g.ran >= 1);
	assert_int_equal(g.order[0], 0);
	assert_int_equal(fq_workq_submit(q, job, &waiting[QUEUE_MAX]), FQ_EUNAVAILABLE);
	fq_workq_stop(q); /* a second stop does nothing */
	fq_workq_free(q);
	fq_workq_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_in_order),
		cmocka_unit_test(test_bounded_and_stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
