/*
 * slots.h - who holds the server's connections, and how long a client may
 * take over a request's line and headers.
 *
 * Two defences against clients that open many connections and send their
 * requests a byte at a time (slowloris):
 *
 * - The header deadline. A connection has header_timeout_s seconds from
 *   the moment it opens, and a kept-alive one from the moment its previous
 *   answer was sent, to deliver a complete request line and headers. Past
 *   it the connection is shut down, however steadily it sends. The idle
 *   timeout (timeout_s, libmicrohttpd's) still covers the rest: a body that
 *   stalls, an answer that is not read.
 * - Kept-back slots. The last max_connections / SLOTS_RESERVE_DIVISOR
 *   slots go only to addresses that hold fewer than SLOTS_FEW connections,
 *   so that a handful of addresses cannot take every slot and a newcomer
 *   (a resident on a phone, a health check) still gets in.
 *
 * One reaper thread enforces the deadline by shutting the socket down,
 * which libmicrohttpd then sees as the client going away: the connection is
 * closed on its own thread as any other. All functions are thread-safe.
 */
#ifndef FQ_HTTP_SLOTS_H
#define FQ_HTTP_SLOTS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/status.h"

#define SLOTS_RESERVE_DIVISOR 8 /* 1/8 of the slots are kept back */
#define SLOTS_FEW 4             /* an address holding fewer may take a kept-back slot */
#define SLOTS_TICK_MS 250       /* how often the reaper looks at the deadlines */

typedef struct http_slots http_slots;
typedef struct http_slot http_slot;

/* Start the registry and its reaper for max_connections slots and the
 * given header deadline (0: none). NULL when out of memory or no thread
 * could start. */
http_slots *http_slots_new(int max_connections, int header_timeout_s);

/* Stop the reaper and free the registry with any slot still in it (none
 * once libmicrohttpd has closed every connection). NULL-safe. */
void http_slots_free(http_slots *s);

/* May a new connection from sa come in? 1 to admit, 0 to refuse: every
 * slot is taken, or only kept-back ones are left and sa already holds
 * SLOTS_FEW or more. Racing admissions on several threads may overshoot by
 * at most one per thread. */
int http_slots_admit(http_slots *s, const struct sockaddr *sa, socklen_t len);

/* Register an accepted connection (socket fd, peer sa) with its header
 * deadline running. Returns the slot, or NULL when out of memory (the
 * connection is then served without a deadline). */
http_slot *http_slots_open(http_slots *s, const struct sockaddr *sa, int fd);

/* Unregister a connection; call before its socket is closed. NULL-safe. */
void http_slots_close(http_slots *s, http_slot *slot);

/* The request's line and headers are in: stop the deadline. NULL-safe. */
void http_slot_headers_done(http_slot *slot);

/* An answer was sent on a connection that stays open: the next request's
 * headers are due within header_timeout_s from now. NULL-safe. */
void http_slot_rearm(http_slots *s, http_slot *slot);

/* Connections shut down for missing their header deadline so far. */
uint64_t http_slots_timeouts(http_slots *s);

/* Connections refused by http_slots_admit so far (every slot taken, or
 * only kept-back ones left). */
uint64_t http_slots_refused(http_slots *s);

#endif
