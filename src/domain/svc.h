/*
 * svc.h - how callers above domain/ (api/, demo/, cli/) reach a service
 * without touching the store (docs/architecture.md).
 *
 * A read is one call of the service with the store: the service opens its
 * read transaction, does what it needs and ends it.
 *
 * A write is a job the service hands back: a struct of the service's own
 * type whose first member is an svc_job, holding the inputs and, once
 * done, the outputs. The caller submits it to the group commit and is
 * told when it is durable or has failed, without waiting on a thread
 * (api_submit parks the HTTP request; svc_write waits, for commands and
 * the demo):
 *
 *   typedef struct dspsvc_create_job {
 *       svc_job job;           (first)
 *       const caller *who; dspsvc_new in; int64_t now;   (inputs)
 *       int64_t id;            (output)
 *   } dspsvc_create_job;
 *   void dspsvc_create_job_init(dspsvc_create_job *j, ...);   sets job.run
 *
 * run executes on the writer thread inside the job's own savepoint; it
 * must not touch the HTTP request or anything a worker is using.
 */
#ifndef FQ_DOMAIN_SVC_H
#define FQ_DOMAIN_SVC_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"

typedef struct caller caller;
typedef struct store store;
typedef struct store_conn store_conn;
typedef struct svc_job svc_job;

/* The body of a write job: runs inside the job's savepoint; FQ_OK keeps its
 * changes, anything else rolls them back (err says why). */
typedef fq_status (*svc_run_fn)(store_conn *c, svc_job *job, fq_err *err);

/* Called once the job is durable or has failed (job->st, job->err set). It
 * runs on the writer thread: it must be quick (resume a request, signal). */
typedef void (*svc_done_fn)(svc_job *job);

/* The first member of every service's write job. */
struct svc_job {
	svc_run_fn run;   /* set by the service */
	svc_done_fn done; /* set by svc_submit */
	void *owner;      /* the submitter's (the parked request) */
	fq_status st;     /* the outcome, once done */
	fq_err err;
};

/* Queue job for the next group commit and return at once; done(job) is
 * called later with job->owner = owner. When the store refuses the job
 * (closing, queue full) done is not called and the status says why. */
fq_status svc_submit(store *db, svc_job *job, svc_done_fn done, void *owner);

/* Queue job and wait for its commit: for commands and the demo, never an
 * HTTP worker. Returns job->st. */
fq_status svc_write(store *db, svc_job *job);

/* As svc_write, for long bulk jobs that open savepoints of their own: the
 * job is a transaction by itself (store_write_alone). */
fq_status svc_write_alone(store *db, svc_job *job);

/* What a service's read body gets (svc_get): who reads what, into which
 * arena, and where the result goes. Each read uses the members it needs. */
typedef struct svc_rd {
	fq_arena *a;
	const caller *who;
	int64_t id;     /* the thing read, or a list's unit (0: none) */
	void *f;        /* a list's filter */
	const void *in; /* any other input, of the read's own type */
	void *out;      /* the record, view or page read, or a list's rows */
	size_t *n;      /* a list's count */
} svc_rd;

/* A read body: reads on c, inside the read transaction. */
typedef fq_status svc_rd_fn(store_conn *c, const svc_rd *x, fq_err *err);

/* Run fn(c, &x) inside one read transaction, as svc_read. For service
 * files only. */
fq_status svc_get(store *db, svc_rd_fn *fn, svc_rd x, fq_err *err);

/* svc_get of a list: fn reads, as who may see them, the rows below unit
 * (0: everywhere) that the filter f lets through into *out (an array in
 * a) and *n. For service files only. */
fq_status svc_list(store *db, svc_rd_fn *fn, fq_arena *a, const caller *who, int64_t unit,
		   void *f, void *out, size_t *n, fq_err *err);

/* Run a service's read body fn(c, arg) inside one read transaction. For
 * service files only: callers above domain call the service's own
 * functions, which take the store. */
fq_status svc_read(store *db, fq_status (*fn)(store_conn *c, void *arg, fq_err *err), void *arg,
		   fq_err *err);

/* Bytes of the audit subject svc_reveal_audit writes ("kind:id"). */
#define SVC_REVEAL_SUBJECT_MAX 48

/* Write the audit row of an unmasked phone number shown to account_id:
 * action "reveal", subject "kind:id" (kind "request", "dispute_party"),
 * detail "phone", from address (may be NULL). For a write job's body. */
fq_status svc_reveal_audit(store_conn *c, int64_t account_id, const char *kind, int64_t id,
			   const char *address, fq_err *err);

#endif
