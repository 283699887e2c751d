/*
 * live.c - live events over HTTP: GET /api/v1/events streams the outbox as
 * Server-Sent Events within the caller's scope (the fan-out is the hub's,
 * domain/live.c; the streaming plumbing is http/sse.c), and the
 * administrator's webhooks (GET/POST /api/v1/webhooks, DELETE
 * /api/v1/webhooks/{id}) whose deliveries the sender thread makes
 * (domain/webhook.c) with a JSON body built here.
 */
#include "api/live.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/handlers.h"
#include "api/json.h"
#include "api/park.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/live_svc.h"
#include "domain/webhook.h"
#include "http/sse.h"

#define EVENTS_CONTENT_TYPE "text/event-stream; charset=utf-8"
#define LAST_EVENT_ID_HEADER "Last-Event-ID"
#define LAST_EVENT_ID_QUERY "last_event_id"
#define RETRY_AFTER_S "5" /* suggested to a client refused for lack of places */
#define MS_PER_S 1000

struct api_live {
	live_hub *hub;
	webhook_sender *sender;
};

/* ---- webhook bodies ------------------------------------------------------ */

/* The event's payload object with "event" and "id" set; a payload that is
 * not an object is carried under "payload". */
static char *webhook_body(const store_live_row *e)
{
	json_t *o = json_loads(e->payload ? e->payload : "{}", 0, NULL);
	if (!json_is_object(o)) {
		json_t *wrap = json_object();
		if (wrap && o)
			json_object_set(wrap, "payload", o);
		json_decref(o);
		o = wrap;
	}
	if (!o)
		return NULL;
	json_object_set_new(o, "event", json_string(e->kind ? e->kind : ""));
	json_object_set_new(o, "id", json_integer(e->id));
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

/* ---- start and stop ---------------------------------------------------- */

fq_status api_live_start(app *a, fq_err *err)
{
	struct api_live *l = calloc(1, sizeof *l);
	if (!l)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fq_status st = live_hub_start(a->db, a->cfg.max_sse_clients, &l->hub, err);
	if (st == FQ_OK)
		st = webhook_sender_start(a->db, webhook_body, &l->sender, err);
	if (st != FQ_OK) {
		live_hub_stop(l->hub);
		free(l);
		return st;
	}
	a->live = l;
	return FQ_OK;
}

void api_live_stop(app *a)
{
	struct api_live *l = a->live;
	if (!l)
		return;
	webhook_sender_stop(l->sender);
	live_hub_stop(l->hub);
	free(l);
	a->live = NULL;
}

/* ---- GET /api/v1/events ------------------------------------------------ */

/* The id to resume after: the Last-Event-ID header, else ?last_event_id=;
 * -1 when neither is given (only new events). */
static fq_status resume_id(http_req *r, int64_t *out, fq_err *err)
{
	const char *h = http_header(r, LAST_EVENT_ID_HEADER);
	if (!h || !*h)
		return api_query_int(r, LAST_EVENT_ID_QUERY, 0, INT64_MAX, -1, out, err);
	char *end;
	errno = 0;
	long long v = strtoll(h, &end, 10);
	if (errno || *end || end == h || v < 0)
		return fq_fail(err, FQ_EINVAL, LAST_EVENT_ID_HEADER,
			       "Last-Event-ID must be the id of an event (a whole number)");
	*out = v;
	return FQ_OK;
}

static long stream_read(void *ctx, char *buf, size_t max)
{
	long n = live_client_read(ctx, buf, max);
	return n == LIVE_READ_END ? HTTP_STREAM_END : n;
}

static void stream_wake(void *stream)
{
	http_stream_wake(stream);
}

static void stream_release(void *stream)
{
	http_stream_release(stream);
}

void api_events(app *a, http_req *r)
{
	fq_err err = {0};
	int64_t resume = -1;
	live_scope scope = {0};
	live_client *c = NULL;
	if (!a->live) {
		api_reply_error(r, FQ_EUNAVAILABLE, NULL);
		return;
	}
	fq_status st = resume_id(r, &resume, &err);
	if (st == FQ_OK)
		st = livesvc_scope(a->db, api_caller(r), &resume, &scope, &err);
	if (st == FQ_OK)
		st = live_client_new(a->live->hub, &scope, resume, &c, &err);
	if (st != FQ_OK) {
		if (st == FQ_EUNAVAILABLE)
			http_add_header(r, "Retry-After", RETRY_AFTER_S);
		api_reply_error(r, st, &err);
		return;
	}
	http_add_header(r, "X-Accel-Buffering", "no");
	http_stream *s = NULL;
	st = http_stream_start(r, EVENTS_CONTENT_TYPE, stream_read, c, live_client_free, &s, &err);
	if (st != FQ_OK) {
		live_client_free(c);
		api_reply_error(r, st, &err);
		return;
	}
	live_client_attach(c, stream_wake, stream_release, s);
}

/* ---- webhooks: JSON ------------------------------------------------------ */

/* The stored list ("*" or "a,b") as JSON: "*" or an array of names. */
static json_t *events_json(const char *list)
{
	if (!list || strcmp(list, "*") == 0)
		return json_string("*");
	json_t *arr = json_array();
	for (const char *p = list; arr && *p;) {
		size_t n = strcspn(p, ",");
		json_array_append_new(arr, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	return arr;
}

/* A webhook of the list (an api_row_fn). */
static json_t *webhook_json(fq_arena *a, const void *row)
{
	(void)a;
	const store_webhook *w = row;
	return json_pack("{s:I, s:s, s:o, s:o, s:I, s:{s:I, s:I, s:I}}", "id", (json_int_t)w->id,
			 "url", w->url, "events", events_json(w->events), "created_at",
			 api_time(w->created_at), "last_event_id", (json_int_t)w->last_event_id,
			 "deliveries", "pending", (json_int_t)w->pending, "delivered",
			 (json_int_t)w->delivered, "failed", (json_int_t)w->failed);
}

/* ---- GET /api/v1/webhooks -------------------------------------------------- */

static const api_rows webhook_rows = {sizeof(store_webhook), 0, webhook_json};

void api_webhooks_list(app *a, http_req *r)
{
	fq_err err = {0};
	store_webhook *rows = NULL;
	size_t n = 0;
	fq_status st = livesvc_webhooks(a->db, http_arena(r), &rows, &n, &err);
	api_reply_items(r, st, &err, rows, n, &webhook_rows);
}

/* ---- POST /api/v1/webhooks and DELETE /api/v1/webhooks/{id} --------------- */

/* Append one event name (or "*") to the list in b. */
static fq_status add_event(fq_buf *b, const char *name, fq_err *err)
{
	if (!name || !(strcmp(name, "*") == 0 || webhook_event_known(name)))
		return fq_fail(err, FQ_EINVAL, "events",
			       "'%s' is not the name of an event (see docs/live.md)",
			       name ? name : "");
	if (b->len && fq_buf_puts(b, ",") != FQ_OK)
		return fq_fail(err, FQ_ETOOBIG, "events", "the event list is too long");
	if (fq_buf_puts(b, name) != FQ_OK)
		return fq_fail(err, FQ_ETOOBIG, "events", "the event list is too long");
	return FQ_OK;
}

/* events: "*" or an array of 1..WEBHOOK_EVENTS_MAX names, as the stored
 * comma list (a list naming "*" is "*"). */
static fq_status parse_events(http_req *r, const json_t *v, const char **out, fq_err *err)
{
	if (json_is_string(v) && strcmp(json_string_value(v), "*") == 0) {
		*out = "*";
		return FQ_OK;
	}
	size_t n = json_array_size(v);
	if (!json_is_array(v) || n == 0 || n > WEBHOOK_EVENTS_MAX)
		return fq_fail(err, FQ_EINVAL, "events",
			       "events must be \"*\" or a list of 1 to %d event names",
			       WEBHOOK_EVENTS_MAX);
	fq_buf b = {.limit = WEBHOOK_EVENTS_TEXT_MAX};
	fq_status st = FQ_OK;
	int all = 0;
	for (size_t i = 0; st == FQ_OK && i < n; i++) {
		const char *name = json_string_value(json_array_get(v, i));
		all |= name && strcmp(name, "*") == 0;
		st = add_event(&b, name, err);
	}
	if (st == FQ_OK)
		*out = all ? "*" : fq_arena_strdup(http_arena(r), b.data);
	fq_buf_free(&b);
	return st;
}

/* Read and check the body of POST /api/v1/webhooks into x->w. */
static fq_status parse_webhook(http_req *r, livesvc_webhook_job *x, fq_err *err)
{
	static const api_field spec[] = {
		{"url", JF_STRING, JF_REQUIRED, WEBHOOK_URL_MAX, 0, 0},
		{"secret", JF_STRING, JF_REQUIRED, WEBHOOK_SECRET_MAX, 0, 0},
	};
	json_t *body = NULL;
	fq_status st = api_body_json(r, &body, err);
	if (st != FQ_OK)
		return st;
	json_t *events = json_object_get(body, "events");
	if (!events)
		st = fq_fail(err, FQ_EINVAL, "events", "events is required");
	if (st == FQ_OK)
		st = parse_events(r, events, &x->w.events, err);
	if (st == FQ_OK) {
		json_object_del(body, "events");
		st = api_json_check(body, spec, sizeof spec / sizeof spec[0], err);
	}
	if (st == FQ_OK)
		st = webhook_url_check(api_json_str(body, "url"), err);
	if (st == FQ_OK) {
		x->w.url = fq_arena_strdup(http_arena(r), api_json_str(body, "url"));
		x->w.secret = fq_arena_strdup(http_arena(r), api_json_str(body, "secret"));
	}
	json_decref(body);
	return st;
}

static void create_reply(app *a, http_req *r)
{
	(void)a;
	livesvc_webhook_job *x = api_job_done(r);
	if (!x)
		return;
	api_reply_json(r, 201, json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)x->w.id, "url",
					 x->w.url, "events", events_json(x->w.events),
					 "created_at", api_time(x->w.created_at)));
}

static fq_status create_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	livesvc_webhook_job *x = ctx;
	livesvc_webhook_create_init(x);
	x->w.created_at = fq_now_ms() / MS_PER_S;
	return parse_webhook(r, x, err);
}

void api_webhook_create(app *a, http_req *r)
{
	api_write(a, r, sizeof(livesvc_webhook_job), create_fill, create_reply);
}

static void delete_reply(app *a, http_req *r)
{
	(void)a;
	livesvc_webhook_job *x = api_job_done(r);
	if (!x)
		return;
	http_reply(r, 204, NULL, "", 0);
}

static fq_status delete_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	livesvc_webhook_job *x = ctx;
	livesvc_webhook_delete_init(x);
	x->now = fq_now_ms() / MS_PER_S;
	return api_param_id(r, 0, &x->w.id, err);
}

void api_webhook_delete(app *a, http_req *r)
{
	api_write(a, r, sizeof(livesvc_webhook_job), delete_fill, delete_reply);
}
