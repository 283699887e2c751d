/*
 * workq.h - a bounded work queue: a fixed set of threads that run jobs
 * handed to them, in the order they came, with at most a fixed number
 * waiting. Work that is too slow for the HTTP worker threads (decoding
 * photos) runs here, so that a burst of it waits in the queue, or is
 * refused when the queue is full, instead of taking every worker.
 *
 * The threads may run at a lower CPU priority than the rest of the
 * process (a nice value, Linux's per-thread priority), so that when the
 * machine is busy the scheduler prefers the threads that answer requests.
 *
 * Nothing here knows HTTP: a job is a function and its argument.
 */
#ifndef FQ_CORE_WORKQ_H
#define FQ_CORE_WORKQ_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

typedef struct fq_workq fq_workq;

/* A job. run is true when a queue thread runs it, false when the queue is
 * being freed before it started (the job then only answers that it was
 * not done). Called once either way; the job owns arg. */
typedef void (*fq_job_fn)(void *arg, bool run);

/* A queue of threads threads (at least 1) with at most queue_max jobs
 * waiting (at least 1), its threads at the nice value nice (0 leaves them
 * as the process is; a positive value lowers their priority). NULL when
 * out of memory or no thread could be started; nothing is then left
 * running. */
fq_workq *fq_workq_new(int threads, size_t queue_max, int nice);

/* Queue fn(arg, true) to run on one of the threads. FQ_EUNAVAILABLE when
 * queue_max jobs are already waiting or the queue is being freed; fn is
 * then not called and the caller keeps arg. */
fq_status fq_workq_submit(fq_workq *q, fq_job_fn fn, void *arg);

/* Jobs waiting and running now (for metrics and tests). */
size_t fq_workq_pending(fq_workq *q);

/* Stop taking jobs (submit answers FQ_EUNAVAILABLE from now on), let the
 * running ones finish, call every job still waiting with run = false and
 * join the threads. The queue stays allocated, so that submit may still
 * be called. Once is enough; later calls do nothing. */
void fq_workq_stop(fq_workq *q);

/* fq_workq_stop, then free the queue. NULL-safe. */
void fq_workq_free(fq_workq *q);

#endif
