/*
 * live.h - live events for the people watching: who may see which event
 * of the outbox (live_events), how an event is written as a Server-Sent
 * Events frame, and the hub that fans new events out to every connected
 * client from one thread.
 *
 * The hub's thread polls the outbox every LIVE_POLL_MS with one query for
 * the rows after the last one it has seen, formats each row once, and
 * queues it on every client whose scope covers it. A client that resumes
 * (Last-Event-ID), or whose queue of LIVE_QUEUE_MAX events fills (a burst,
 * a slow reader), catches up from the table a page at a time as its queue
 * drains, then rejoins the live fan-out. A client that falls more than
 * LIVE_BEHIND_MAX events behind is ended; it resumes by its last id and
 * misses nothing. The same thread sends a heartbeat every
 * LIVE_HEARTBEAT_S and deletes events older than the replay window.
 *
 * The hub knows nothing of HTTP: a client is read through live_client_read
 * and told "there is more" through the wake function given at attach.
 */
#ifndef FQ_DOMAIN_LIVE_H
#define FQ_DOMAIN_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/status.h"
#include "domain/access.h"
#include "store/store.h"
#include "store/store_live.h"

#define LIVE_POLL_MS 200                  /* how often the outbox is polled */
#define LIVE_HEARTBEAT_S 15               /* comment line to every idle client */
#define LIVE_REPLAY_S (24 * 3600)         /* how far back Last-Event-ID reaches */
#define LIVE_PURGE_MARGIN_S 3600          /* kept past the replay window */
#define LIVE_PURGE_EVERY_S 60             /* how often old events are deleted */
#define LIVE_PURGE_BATCH 10000            /* events deleted by one purge */
#define LIVE_QUEUE_MAX 256                /* events queued for one client */
#define LIVE_BEHIND_MAX 1000              /* events a client may lag before it is ended */
#define LIVE_BATCH 1000                   /* new events read by one poll */
#define LIVE_CATCHUP_ROWS 512             /* events one catch-up read scans */
#define LIVE_CATCHUP_CLIENTS 64           /* clients caught up by one poll */
#define LIVE_LEADER_HOUSEHOLDS_MAX 200    /* households linked to one 邻长 */
#define LIVE_RETRY_MS 3000                /* the reconnection delay we suggest */
#define LIVE_READ_END (-1L)               /* live_client_read: the stream is over */

/* Roles that see every event whose unit their scope covers. */
#define LIVE_UNIT_ROLES WHO_STAFF

typedef struct live_hub live_hub;
typedef struct live_client live_client;

/* What one client may see: a copy of the caller's account, person and
 * role bindings (paths owned here), and the households linked to them as
 * a 邻长. */
typedef struct live_scope {
	caller who;               /* paths strdup'd; names and codes left NULL */
	int64_t *households;      /* sorted ascending, owned */
	size_t n_households;
} live_scope;

/* Copy the parts of who that decide visibility, and the n households
 * (sorted ascending; at most LIVE_LEADER_HOUSEHOLDS_MAX are kept), into
 * *out. FQ_ENOMEM leaves nothing to free. */
fq_status live_scope_init(live_scope *out, const caller *who, const int64_t *households,
			  size_t n);

/* Free what live_scope_init allocated. NULL-safe. */
void live_scope_free(live_scope *s);

/* May the holder of s see event e? Staff (LIVE_UNIT_ROLES) whose scope
 * covers the event's unit; the reporter (by account or by person); the
 * request's current assignee; a building leader whose scope covers the
 * request's building; a 邻长 linked to the request's household. */
bool live_visible(const live_scope *s, const store_live_row *e);

/* Append e as one Server-Sent Events frame ("id:", "event:", one "data:"
 * line per line of the payload, blank line) to out. */
fq_status live_frame_format(const store_live_row *e, fq_buf *out);

/* Start the hub and its thread over db, accepting at most max_clients
 * clients at once. */
fq_status live_hub_start(store *db, int max_clients, live_hub **out, fq_err *err);

/* Stop the thread and free the hub. Call once every client has been freed
 * (after the HTTP server has stopped). NULL-safe. */
void live_hub_stop(live_hub *h);

/* Clients connected now. */
int live_hub_clients(live_hub *h);

/* A new client with scope s (taken: freed with the client, or on error)
 * that resumes after event id resume_after (< 0: only new events; at most
 * the largest id in the outbox, or events after it are skipped). It takes
 * one of the hub's places at once. FQ_EUNAVAILABLE when all
 * max_clients places are taken or the hub is stopping. */
fq_status live_client_new(live_hub *h, live_scope *s, int64_t resume_after, live_client **out,
			  fq_err *err);

/* Join the fan-out: from now on wake(arg) is called when the client has
 * something to read, and release(arg) once when the client is freed. */
void live_client_attach(live_client *c, void (*wake)(void *), void (*release)(void *),
			void *arg);

/* Copy up to max queued bytes into buf: the count, 0 when nothing is
 * queued, or LIVE_READ_END when the client has been ended (too far behind,
 * or the hub stopping). Thread-safe. */
long live_client_read(void *client, char *buf, size_t max);

/* The client's connection is gone: leave the fan-out, give back its place
 * and free it (at once, or when the hub's thread lets go of it). */
void live_client_free(void *client);

#endif
