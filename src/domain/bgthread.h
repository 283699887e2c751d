/*
 * bgthread.h - a background thread of the domain that works in rounds and
 * waits between them until it is told to stop: the sweeper and the
 * webhook sender. Its stop flag is set under its mutex and its condition
 * signalled, so a wait ends at once; the flag may also be read without the
 * mutex (atomic) to cut a long round short.
 */
#ifndef FQ_DOMAIN_BGTHREAD_H
#define FQ_DOMAIN_BGTHREAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "core/status.h"

typedef struct bgthread {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv; /* on CLOCK_MONOTONIC; signalled by bgthread_stop */
	atomic_bool stop;  /* set under mu */
} bgthread;

/* Start fn(arg) on t. On failure nothing of t is left to free, and err
 * says which thread (what, e.g. "sweeper") could not be created. */
fq_status bgthread_start(bgthread *t, void *(*fn)(void *), void *arg, const char *what,
			 fq_err *err);

/* Wait up to ms milliseconds, or until t is told to stop; true when it
 * has been. For the thread itself. */
bool bgthread_wait(bgthread *t, long ms);

/* Tell the thread to stop, wake it, wait for it to end, and release t's
 * mutex and condition. NULL-safe. */
void bgthread_stop(bgthread *t);

#endif
