/*
 * live.h - starting and stopping what serves live events (live.c): the
 * hub that fans the outbox out to Server-Sent Events clients and the
 * webhook sender. `fengqiao serve` starts them before the HTTP server
 * and stops them after it.
 */
#ifndef FQ_API_LIVE_H
#define FQ_API_LIVE_H

#include "api/app.h"

/* Start the live events hub (at most cfg.max_sse_clients clients) and the
 * webhook sender, and hang them on a->live. On error nothing is left
 * running. */
fq_status api_live_start(app *a, fq_err *err);

/* Stop both and clear a->live. Call after the HTTP server has stopped and
 * before the store closes. NULL-safe on a->live. */
void api_live_stop(app *a);

#endif
