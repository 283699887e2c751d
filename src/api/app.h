/*
 * app.h - the application context handed to every handler: settings, the
 * store, the server, and the login throttle. Created by `fengqiao serve`,
 * never a global.
 */
#ifndef FQ_API_APP_H
#define FQ_API_APP_H

#include "core/config.h"
#include "http/http.h"
#include "domain/svc.h"

struct auth_throttle;
struct session_cache;
struct o311_limiter;
struct api_live;
struct api_decoder;

struct app {
	fq_config cfg;                   /* settings in force */
	store *db;                       /* the store (opaque here: reached through services) */
	http_server *server;             /* set once serving */
	struct auth_throttle *throttle;  /* failed-login bookkeeping */
	struct session_cache *sessions;  /* recently authenticated callers */
	struct o311_limiter *open311;    /* Open311 rate limits per key or address */
	int64_t started_ms;              /* for /healthz uptime */
	struct api_live *live;           /* live events and webhooks (live.c), once started */
	struct api_decoder *decoder;     /* the photo decode pool (decode.h) */
};

typedef struct app app;

/* The route table (routes.c) and its size. */
extern const http_route api_routes[];
extern const size_t api_n_routes;

/* Runs before every handler: authenticates the caller and checks the
 * route's `who` (auth.c). */
fq_status api_before(app *a, http_req *r, const http_route *route, fq_err *err);

#endif
