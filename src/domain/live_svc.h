/*
 * live_svc.h - the live events service: what a Server-Sent Events client
 * may see and where it resumes (one snapshot of the outbox), and the
 * administrator's webhooks (list, register, remove) as reads and write
 * jobs (svc.h; docs/live.md).
 */
#ifndef FQ_DOMAIN_LIVE_SVC_H
#define FQ_DOMAIN_LIVE_SVC_H

#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/live.h"
#include "domain/svc.h"
#include "store/store_live.h"

/* The caller's scope (with the households linked to them as a 邻长) into
 * *out (free with live_scope_free), and *resume capped at the largest id
 * in the outbox, from one snapshot. FQ_ENOMEM when the scope cannot be
 * allocated; a store that does not answer says why. */
fq_status livesvc_scope(store *db, const caller *who, int64_t *resume, live_scope *out,
			fq_err *err);

/* The active webhooks, oldest first, with their delivery counts, into a
 * new array in a (read transaction of its own). */
fq_status livesvc_webhooks(store *db, fq_arena *a, store_webhook **out, size_t *n, fq_err *err);

/* Register a webhook as a write job: w's url, events and secret (checked
 * by the caller with webhook_url_check and webhook_event_known) and
 * created_at in; w.id out. */
typedef struct livesvc_webhook_job {
	svc_job job; /* first */
	store_webhook w;
	int64_t now; /* unix seconds: deactivation time of a delete */
} livesvc_webhook_job;

/* Set the job's body to register w (w.id set once durable). */
void livesvc_webhook_create_init(livesvc_webhook_job *j);

/* Set the job's body to deactivate webhook w.id and give up its pending
 * deliveries: FQ_ENOTFOUND when there is no active webhook with that id. */
void livesvc_webhook_delete_init(livesvc_webhook_job *j);

#endif
