/*
 * bgthread.c - background threads that wait between rounds (bgthread.h).
 */
#include "domain/bgthread.h"

#include <errno.h>
#include <time.h>

#define MS_PER_S 1000L
#define NS_PER_MS 1000000L
#define NS_PER_S 1000000000L

/* The mutex and a condition on the monotonic clock (wall-clock jumps do
 * not stretch or cut a wait). */
static int sync_init(bgthread *t)
{
	pthread_condattr_t ca;
	if (pthread_condattr_init(&ca) != 0)
		return -1;
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	int rc = pthread_cond_init(&t->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (rc != 0)
		return -1;
	if (pthread_mutex_init(&t->mu, NULL) != 0) {
		pthread_cond_destroy(&t->cv);
		return -1;
	}
	return 0;
}

fq_status bgthread_start(bgthread *t, void *(*fn)(void *), void *arg, const char *what,
			 fq_err *err)
{
	atomic_init(&t->stop, false);
	if (sync_init(t) != 0)
		return fq_fail(err, FQ_ENOMEM, "", "cannot create the %s's condition", what);
	if (pthread_create(&t->tid, NULL, fn, arg) != 0) {
		pthread_cond_destroy(&t->cv);
		pthread_mutex_destroy(&t->mu);
		return fq_fail(err, FQ_EIO, "", "cannot start the %s thread", what);
	}
	return FQ_OK;
}

bool bgthread_wait(bgthread *t, long ms)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / MS_PER_S;
	until.tv_nsec += (ms % MS_PER_S) * NS_PER_MS;
	until.tv_sec += until.tv_nsec / NS_PER_S;
	until.tv_nsec %= NS_PER_S;
	pthread_mutex_lock(&t->mu);
	int rc = 0;
	while (!atomic_load(&t->stop) && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&t->cv, &t->mu, &until);
	bool stop = atomic_load(&t->stop);
	pthread_mutex_unlock(&t->mu);
	return stop;
}

void bgthread_stop(bgthread *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	atomic_store(&t->stop, true);
	pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->tid, NULL);
	pthread_cond_destroy(&t->cv);
	pthread_mutex_destroy(&t->mu);
}
