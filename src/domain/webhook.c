/*
 * webhook.c - webhook rules and the delivery thread; see webhook.h.
 *
 * One pass of the thread: when an active webhook is behind the outbox,
 * one write transaction queues a pending delivery for each of its
 * matching events and moves its cursor; then the deliveries that are due
 * are POSTed one after the other, each outcome recorded in its own write
 * (attempts, status, next_at, last_error). Times in webhook_deliveries are
 * unix seconds; a retry is due no sooner than its backoff after the
 * attempt that failed.
 */
#include "domain/webhook.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "domain/bgthread.h"
#include "domain/lifecycle.h"

#define MS_PER_S 1000
#define HEADER_MAX 160 /* bytes of one request header line */
#define USER_AGENT "fengqiao-webhook/1"

/* ---- rules ------------------------------------------------------------ */

fq_status webhook_url_check(const char *url, fq_err *err)
{
	if (!url || !*url)
		return fq_fail(err, FQ_EINVAL, "url", "url is required");
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= ' ' || *p == 0x7f)
			return fq_fail(err, FQ_EINVAL, "url",
				       "url must not hold spaces or control characters");
		chars += (*p & 0xc0) != 0x80;
	}
	if (chars > WEBHOOK_URL_MAX)
		return fq_fail(err, FQ_EINVAL, "url", "url is longer than %d characters",
			       WEBHOOK_URL_MAX);
	size_t scheme = strncasecmp(url, "https://", 8) == 0  ? 8
			: strncasecmp(url, "http://", 7) == 0 ? 7
							      : 0;
	if (!scheme)
		return fq_fail(err, FQ_EINVAL, "url", "url must start with http:// or https://");
	if (strchr("/?#:", url[scheme]))
		return fq_fail(err, FQ_EINVAL, "url", "url has no host");
	return FQ_OK;
}

bool webhook_event_known(const char *name)
{
	for (int e = REQ_EV_NONE + 1; name && e < REQ_EV_COUNT; e++) {
		const char *n = req_event_name((req_event)e);
		if (n && strcmp(n, name) == 0)
			return true;
	}
	return false;
}

bool webhook_events_match(const char *list, const char *kind)
{
	if (!list || !kind)
		return false;
	if (strcmp(list, "*") == 0)
		return true;
	size_t k = strlen(kind);
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		if (n == k && strncmp(p, kind, k) == 0)
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

int64_t webhook_backoff_s(int attempts)
{
	int64_t s = WEBHOOK_BACKOFF_FIRST_S;
	for (int i = 1; i < attempts && s < WEBHOOK_BACKOFF_MAX_S; i++)
		s *= 2;
	return s < WEBHOOK_BACKOFF_MAX_S ? s : WEBHOOK_BACKOFF_MAX_S;
}

void webhook_sign(const char *secret, const char *body, size_t len,
		  char out[WEBHOOK_SIGNATURE_MAX])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	size_t pre = strlen(WEBHOOK_SIGNATURE_PREFIX);
	memcpy(out, WEBHOOK_SIGNATURE_PREFIX, pre);
	sodium_bin2hex(out + pre, WEBHOOK_SIGNATURE_MAX - pre, mac, sizeof mac);
}

/* ---- the sender ---------------------------------------------------------- */

struct webhook_sender {
	store *db;
	webhook_body_fn body;
	CURL *curl;                 /* the thread's handle: keeps its connections */
	bgthread bg;                /* its stop flag also cuts a delivery short */
	fq_arena arena;             /* one pass's rows */
};

/* What one attempt came to. */
typedef struct attempt {
	int ok;                     /* a 2xx answer */
	int aborted;                /* cut short by stop: not counted */
	char error[WEBHOOK_ERROR_MAX];
} attempt;

/* ---- queueing deliveries ---------------------------------------------- */

static fq_status queue_one(store_conn *c, fq_arena *a, const store_webhook *wh, int64_t now,
			   fq_err *err)
{
	store_live_row *rows = NULL;
	size_t n = 0;
	fq_status st = store_live_after(c, a, wh->last_event_id, INT64_MAX, 0,
					WEBHOOK_QUEUE_BATCH, &rows, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		if (webhook_events_match(wh->events, rows[i].kind))
			st = store_delivery_insert(c, wh->id, rows[i].id, now, err);
	if (st == FQ_OK && n > 0)
		st = store_webhook_advance(c, wh->id, rows[n - 1].id, err);
	return st;
}

/* Write transaction: queue deliveries for every active webhook (runs on
 * the writer thread while the sender waits for it). */
static fq_status queue_tx(store_conn *c, void *arg, fq_err *err)
{
	webhook_sender *w = arg;
	store_webhook *hooks = NULL;
	size_t n = 0;
	int64_t now = fq_now_ms() / MS_PER_S;
	fq_status st = store_webhook_list(c, &w->arena, &hooks, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		st = queue_one(c, &w->arena, &hooks[i], now, err);
	return st;
}

static void queue_deliveries(webhook_sender *w)
{
	store_conn *c = NULL;
	int behind = 0;
	fq_err err = {0};
	if (store_read_begin(w->db, &c) != FQ_OK)
		return;
	fq_status st = store_webhook_behind(c, &behind, &err);
	store_read_end(w->db, c);
	if (st == FQ_OK && behind)
		st = store_write(w->db, queue_tx, w, &err);
	if (st != FQ_OK)
		fq_warn("webhooks: queueing deliveries failed: %s", err.message);
}

/* ---- one attempt ----------------------------------------------------- */

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static int abort_if_stopping(void *arg, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	(void)a;
	(void)b;
	(void)c;
	(void)d;
	webhook_sender *w = arg;
	return atomic_load(&w->bg.stop);
}

/* The request headers of one delivery; NULL when out of memory. */
static struct curl_slist *headers_of(const store_delivery *d, const char *body, size_t len)
{
	char sig[WEBHOOK_SIGNATURE_MAX], sig_line[HEADER_MAX], event[HEADER_MAX], id[HEADER_MAX];
	webhook_sign(d->secret ? d->secret : "", body, len, sig);
	snprintf(sig_line, sizeof sig_line, "%s: %s", WEBHOOK_SIGNATURE_HEADER, sig);
	snprintf(event, sizeof event, "X-Fengqiao-Event: %.*s", (int)strcspn(d->event.kind, "\r\n"),
		 d->event.kind);
	snprintf(id, sizeof id, "X-Fengqiao-Delivery: %lld", (long long)d->id);
	const char *lines[] = {"Content-Type: application/json; charset=utf-8", sig_line, event, id,
			       "Expect:" /* no 100-continue round trip */};
	struct curl_slist *h = NULL;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		struct curl_slist *next = curl_slist_append(h, lines[i]);
		if (!next) {
			curl_slist_free_all(h);
			return NULL;
		}
		h = next;
	}
	return h;
}

static void set_options(webhook_sender *w, const store_delivery *d, const char *body, size_t len,
			struct curl_slist *h, char *errbuf)
{
	CURL *c = w->curl;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, d->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, USER_AGENT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)WEBHOOK_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)WEBHOOK_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, abort_if_stopping);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, w);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
}

/* POST body to the delivery's URL and say what came of it. */
static void post(webhook_sender *w, const store_delivery *d, const char *body, attempt *out)
{
	size_t len = strlen(body);
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *h = headers_of(d, body, len);
	if (!h) {
		snprintf(out->error, sizeof out->error, "out of memory");
		return;
	}
	set_options(w, d, body, len, h, errbuf);
	CURLcode rc = curl_easy_perform(w->curl);
	long code = 0;
	curl_easy_getinfo(w->curl, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(h);
	if (rc == CURLE_ABORTED_BY_CALLBACK && atomic_load(&w->bg.stop))
		out->aborted = 1;
	else if (rc != CURLE_OK)
		snprintf(out->error, sizeof out->error, "%s",
			 errbuf[0] ? errbuf : curl_easy_strerror(rc));
	else if (code < 200 || code > 299)
		snprintf(out->error, sizeof out->error, "HTTP %ld", code);
	else
		out->ok = 1;
}

/* ---- recording the outcome -------------------------------------------- */

typedef struct outcome {
	int64_t id;
	int attempts;
	const char *status;
	int64_t next_at;
	const char *error;    /* NULL keeps the one recorded */
} outcome;

static fq_status record_tx(store_conn *c, void *arg, fq_err *err)
{
	const outcome *o = arg;
	return store_delivery_update(c, o->id, o->attempts, o->status, o->next_at, o->error, err);
}

static void record(webhook_sender *w, const store_delivery *d, const attempt *a)
{
	int64_t now_ms = fq_now_ms();
	outcome o = {d->id, d->attempts + 1, "delivered", (now_ms + MS_PER_S - 1) / MS_PER_S, NULL};
	if (!a->ok) {
		o.error = a->error;
		o.status = o.attempts >= WEBHOOK_ATTEMPTS_MAX ? "failed" : "pending";
		o.next_at = (now_ms + webhook_backoff_s(o.attempts) * MS_PER_S + MS_PER_S - 1) /
			    MS_PER_S;
	}
	fq_err err = {0};
	if (store_write(w->db, record_tx, &o, &err) != FQ_OK)
		fq_warn("webhooks: recording delivery %lld failed: %s", (long long)d->id,
			err.message);
}

static void deliver(webhook_sender *w, const store_delivery *d)
{
	attempt a = {0};
	if (d->event_missing) {
		snprintf(a.error, sizeof a.error, "the event expired before it could be delivered");
		store_delivery gone = *d;
		gone.attempts = WEBHOOK_ATTEMPTS_MAX - 1; /* so that this attempt is the last */
		record(w, &gone, &a);
		return;
	}
	char *body = w->body(&d->event);
	if (!body) {
		snprintf(a.error, sizeof a.error, "out of memory");
		record(w, d, &a);
		return;
	}
	post(w, d, body, &a);
	free(body);
	if (!a.aborted)
		record(w, d, &a);
}

static void deliver_due(webhook_sender *w)
{
	store_conn *c = NULL;
	store_delivery *due = NULL;
	size_t n = 0;
	fq_err err = {0};
	if (store_read_begin(w->db, &c) != FQ_OK)
		return;
	fq_status st = store_delivery_due(c, &w->arena, fq_now_ms() / MS_PER_S, WEBHOOK_DUE_BATCH,
					  &due, &n, &err);
	store_read_end(w->db, c);
	if (st != FQ_OK) {
		fq_warn("webhooks: reading due deliveries failed: %s", err.message);
		return;
	}
	for (size_t i = 0; i < n && !atomic_load(&w->bg.stop); i++)
		deliver(w, &due[i]);
}

/* ---- the thread ------------------------------------------------------ */

static void *sender_main(void *arg)
{
	webhook_sender *w = arg;
	for (bool stop = atomic_load(&w->bg.stop); !stop;
	     stop = bgthread_wait(&w->bg, WEBHOOK_POLL_MS)) {
		queue_deliveries(w);
		deliver_due(w);
		fq_arena_free(&w->arena);
	}
	return NULL;
}

fq_status webhook_sender_start(store *db, webhook_body_fn body, webhook_sender **out,
			       fq_err *err)
{
	if (sodium_init() < 0)
		return fq_fail(err, FQ_ENOMEM, "", "libsodium could not be initialised");
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return fq_fail(err, FQ_ENOMEM, "", "libcurl could not be initialised");
	webhook_sender *w = calloc(1, sizeof *w);
	if (w)
		w->curl = curl_easy_init();
	if (!w || !w->curl) {
		free(w);
		curl_global_cleanup();
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	}
	w->db = db;
	w->body = body;
	fq_arena_init(&w->arena);
	fq_status st = bgthread_start(&w->bg, sender_main, w, "webhook", err);
	if (st != FQ_OK) {
		curl_easy_cleanup(w->curl);
		free(w);
		curl_global_cleanup();
		return st;
	}
	*out = w;
	return FQ_OK;
}

void webhook_sender_stop(webhook_sender *w)
{
	if (!w)
		return;
	bgthread_stop(&w->bg);
	fq_arena_free(&w->arena);
	curl_easy_cleanup(w->curl);
	free(w);
	curl_global_cleanup();
}
