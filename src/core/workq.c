/*
 * workq.c - the bounded work queue (workq.h): a ring of waiting jobs
 * guarded by one mutex, and threads that sleep on a condition variable
 * until a job or the stop comes.
 */
#include "core/workq.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef struct job {
	fq_job_fn fn;
	void *arg;
} job;

struct fq_workq {
	pthread_mutex_t mu;
	pthread_cond_t cv;     /* a job was queued, or the stop */
	job *ring;             /* queue_max slots */
	size_t cap;            /* queue_max */
	size_t head, len;      /* the oldest waiting job, how many wait */
	size_t running;        /* jobs being run now */
	bool stopping;         /* no new jobs; threads leave when the ring is empty */
	int nice;
	pthread_t *threads;
	int n_threads;         /* started */
};

/* The oldest waiting job into *out; false once the queue stops. */
static bool take(fq_workq *q, job *out)
{
	pthread_mutex_lock(&q->mu);
	while (q->len == 0 && !q->stopping)
		pthread_cond_wait(&q->cv, &q->mu);
	bool got = !q->stopping && q->len > 0;
	if (got) {
		*out = q->ring[q->head];
		q->head = (q->head + 1) % q->cap;
		q->len--;
		q->running++;
	}
	pthread_mutex_unlock(&q->mu);
	return got;
}

static void *worker_main(void *arg)
{
	fq_workq *q = arg;
	if (q->nice)
		setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), q->nice);
	job j;
	while (take(q, &j)) {
		j.fn(j.arg, true);
		pthread_mutex_lock(&q->mu);
		q->running--;
		pthread_mutex_unlock(&q->mu);
	}
	return NULL;
}

fq_workq *fq_workq_new(int threads, size_t queue_max, int nice)
{
	fq_workq *q = calloc(1, sizeof *q);
	if (!q)
		return NULL;
	q->cap = queue_max > 0 ? queue_max : 1;
	q->nice = nice;
	q->ring = calloc(q->cap, sizeof *q->ring);
	q->threads = calloc((size_t)(threads > 0 ? threads : 1), sizeof *q->threads);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	if (!q->ring || !q->threads) {
		fq_workq_free(q);
		return NULL;
	}
	for (int i = 0; i < (threads > 0 ? threads : 1); i++) {
		if (pthread_create(&q->threads[i], NULL, worker_main, q) != 0) {
			fq_workq_free(q);
			return NULL;
		}
		q->n_threads++;
	}
	return q;
}

fq_status fq_workq_submit(fq_workq *q, fq_job_fn fn, void *arg)
{
	pthread_mutex_lock(&q->mu);
	fq_status st = FQ_EUNAVAILABLE;
	if (!q->stopping && q->len < q->cap) {
		q->ring[(q->head + q->len) % q->cap] = (job){fn, arg};
		q->len++;
		st = FQ_OK;
		pthread_cond_signal(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return st;
}

size_t fq_workq_pending(fq_workq *q)
{
	pthread_mutex_lock(&q->mu);
	size_t n = q->len + q->running;
	pthread_mutex_unlock(&q->mu);
	return n;
}

void fq_workq_stop(fq_workq *q)
{
	pthread_mutex_lock(&q->mu);
	q->stopping = true;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	for (int i = 0; i < q->n_threads; i++)
		pthread_join(q->threads[i], NULL);
	q->n_threads = 0;
	for (;;) { /* submit refuses now: the ring only shrinks */
		pthread_mutex_lock(&q->mu);
		job j = q->ring[q->head];
		bool more = q->len > 0;
		if (more) {
			q->head = (q->head + 1) % q->cap;
			q->len--;
		}
		pthread_mutex_unlock(&q->mu);
		if (!more)
			break;
		j.fn(j.arg, false);
	}
}

void fq_workq_free(fq_workq *q)
{
	if (!q)
		return;
	fq_workq_stop(q);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	free(q->ring);
	free(q->threads);
	free(q);
}
