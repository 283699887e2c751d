/*
 * webhook.h - webhooks: the rules for registering one (URL, event names),
 * the signature and the retry schedule of a delivery, and the sender, one
 * thread with its own HTTP connections (libcurl) that queues a delivery
 * for every matching live event after each webhook's cursor and POSTs it,
 * retrying with exponential backoff. Request handling never waits for it.
 *
 * The body of a delivery is made by a function the caller supplies (the
 * API layer, which owns JSON); the sender signs it with HMAC-SHA256 under
 * the webhook's secret and sends it with the header
 * "X-Fengqiao-Signature: sha256=<hex>".
 */
#ifndef FQ_DOMAIN_WEBHOOK_H
#define FQ_DOMAIN_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "store/store.h"
#include "store/store_live.h"

#define WEBHOOK_URL_MAX 500             /* characters of a URL */
#define WEBHOOK_SECRET_MAX 200          /* characters of a secret */
#define WEBHOOK_EVENTS_MAX 32           /* names in one webhook's event list */
#define WEBHOOK_EVENTS_TEXT_MAX 1024    /* bytes of the stored list */
#define WEBHOOK_TIMEOUT_MS 5000         /* one attempt, connection included */
#define WEBHOOK_ATTEMPTS_MAX 10         /* attempts before a delivery fails */
#define WEBHOOK_BACKOFF_FIRST_S 1       /* wait after the first failure */
#define WEBHOOK_BACKOFF_MAX_S 3600      /* the longest wait */
#define WEBHOOK_POLL_MS 250             /* how often the queue is looked at */
#define WEBHOOK_QUEUE_BATCH 500         /* events queued per webhook per pass */
#define WEBHOOK_DUE_BATCH 20            /* deliveries attempted per pass */
#define WEBHOOK_ERROR_MAX 256           /* bytes of a recorded error */
#define WEBHOOK_SIGNATURE_PREFIX "sha256="
#define WEBHOOK_SIGNATURE_MAX (sizeof WEBHOOK_SIGNATURE_PREFIX + 64) /* text, NUL included */
#define WEBHOOK_SIGNATURE_HEADER "X-Fengqiao-Signature"

typedef struct webhook_sender webhook_sender;

/* The body to POST for event e: a new NUL-terminated string the sender
 * frees with free(), or NULL when out of memory. */
typedef char *(*webhook_body_fn)(const store_live_row *e);

/* FQ_OK when url is an http:// or https:// URL with a host, at most
 * WEBHOOK_URL_MAX characters, without spaces or control characters; else
 * FQ_EINVAL naming "url". */
fq_status webhook_url_check(const char *url, fq_err *err);

/* True when name is the name of a timeline event ("accepted", ...). */
bool webhook_event_known(const char *name);

/* True when the stored list ("*" or "a,b,c") selects event kind. */
bool webhook_events_match(const char *list, const char *kind);

/* Seconds to wait after the attempts-th failed attempt (1, 2, 4, ... up to
 * WEBHOOK_BACKOFF_MAX_S). */
int64_t webhook_backoff_s(int attempts);

/* "sha256=" and the lowercase hex HMAC-SHA256 of body under secret. */
void webhook_sign(const char *secret, const char *body, size_t len,
		  char out[WEBHOOK_SIGNATURE_MAX]);

/* Start the sender thread over db; body makes each delivery's body. */
fq_status webhook_sender_start(store *db, webhook_body_fn body, webhook_sender **out,
			       fq_err *err);

/* Stop the thread (an attempt in flight is abandoned and tried again after
 * the next start) and free the sender. NULL-safe. */
void webhook_sender_stop(webhook_sender *w);

#endif
