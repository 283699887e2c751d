/*
 * serve.c - `fengqiao serve`: open the store, load the web UI, start the
 * live events hub, the HTTP server and the sweeper; on SIGTERM or SIGINT
 * stop in the reverse order: stop accepting, finish what is in flight,
 * end the streams, drain the writer, close the store, exit 0.
 */
#include "cli/cli.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api/app.h"
#include "api/decode.h"
#include "api/live.h"
#include "api/open311.h"
#include "api/session_cache.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "demo/demo_live.h"
#include "domain/auth.h"
#include "domain/sweeper.h"
#include "http/static.h"

#define SHUTDOWN_GRACE_S 30 /* longest wait for requests in flight */

static int online_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 2;
}

static int worker_threads(const fq_config *cfg)
{
	return cfg->threads > 0 ? cfg->threads : online_cores();
}

/* The origin (scheme://host[:port]) of a tile URL template, for the CSP. */
static void tile_origin(const char *url, char *out, size_t n)
{
	const char *p = strstr(url, "://");
	size_t len = p ? strcspn(p + 3, "/?") + (size_t)(p + 3 - url) : 0;
	snprintf(out, n, "%.*s", (int)len, url);
}

/* The origins of the base and the annotation tiles, space-separated (one
 * when they agree), for the CSP's img-src. */
static void tile_origins(const fq_config *cfg, char *out, size_t n)
{
	char base[FQ_PATH_MAX], label[FQ_PATH_MAX];
	tile_origin(cfg->tile_url, base, sizeof base);
	tile_origin(cfg->tile_label_url, label, sizeof label);
	if (!label[0] || strcmp(base, label) == 0)
		snprintf(out, n, "%s", base);
	else
		snprintf(out, n, "%s%s%s", base, base[0] ? " " : "", label);
}

/* Everything the server runs, started in order; stop_all undoes what was
 * started, in reverse. */
typedef struct running {
	app a;
	http_static *web;
	int live;
	struct sweep_thread *sweeper;
	demo_live *demo;  /* the living demo, when demo_live is set */
} running;

static int start_all(running *x, int threads)
{
	app *a = &x->a;
	fq_err err = {0};
	char origin[2 * FQ_PATH_MAX + 1];
	tile_origins(&a->cfg, origin, sizeof origin);
	a->started_ms = fq_now_ms();
	a->throttle = auth_throttle_new(NULL);
	a->sessions = scache_new();
	a->open311 = o311_limiter_new(NULL);
	a->decoder = api_decoder_new(online_cores());
	if (!a->throttle || !a->sessions || !a->open311 || !a->decoder) {
		fprintf(stderr, "fengqiao serve: out of memory\n");
		return -1;
	}
	if (http_static_load(a->cfg.web_dir, origin, &x->web, &err) != FQ_OK ||
	    api_live_start(a, &err) != FQ_OK) {
		fprintf(stderr, "fengqiao serve: %s\n", err.message);
		return -1;
	}
	x->live = 1;
	http_options o = {
		.listen = a->cfg.listen, .port = a->cfg.port, .threads = threads,
		.max_body = (size_t)a->cfg.max_body, .max_connections = a->cfg.max_connections,
		.max_per_ip = a->cfg.max_per_ip, .timeout_s = a->cfg.timeout_s,
		.header_timeout_s = a->cfg.header_timeout_s,
		.access_log = a->cfg.access_log, .routes = api_routes, .n_routes = api_n_routes,
		.before = api_before, .app = a, .web = x->web,
	};
	if (http_server_start(&o, &a->server, &err) != FQ_OK) {
		fprintf(stderr, "fengqiao serve: %s\n", err.message);
		return -1;
	}
	if (cli_sweep_start(&a->cfg, a->db, &x->sweeper) != 0)
		return -1;
	fq_status st = FQ_OK;
	if (a->cfg.demo_live > 0)
		st = demo_live_start(a->db, a->cfg.demo_live, cli_parse_boundary, &x->demo, &err);
	if (st == FQ_ECONFLICT) /* not a demo database: serve it, without the demo */
		fq_log(FQ_LOG_WARN, "%s", err.message);
	else if (st != FQ_OK) {
		fprintf(stderr, "fengqiao serve: %s\n", err.message);
		return -1;
	}
	if (x->demo)
		fq_info("demo_live: a step of the living demo every %d s", a->cfg.demo_live);
	return 0;
}

static void stop_all(running *x)
{
	app *a = &x->a;
	demo_live_stop(x->demo);                 /* no new demo requests */
	sweep_thread_stop(x->sweeper);          /* no new escalations */
	api_decoder_stop(a->decoder);            /* parked uploads answered while serving */
	http_server_stop(a->server, SHUTDOWN_GRACE_S); /* in-flight requests finish */
	if (x->live)
		api_live_stop(a);                /* after the streams have ended */
	store_close(a->db);                      /* drains the writer */
	http_static_free(x->web);
	auth_throttle_free(a->throttle);
	scache_free(a->sessions);
	o311_limiter_free(a->open311);
	api_decoder_free(a->decoder);
}

int cmd_serve(int argc, char **argv)
{
	running x = {0};
	if (cli_config(argc, argv, &x.a.cfg) != 0)
		return 2;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	signal(SIGPIPE, SIG_IGN);
	/* block before any thread starts so that only sigwait sees them */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	int threads = worker_threads(&x.a.cfg);
	if (cli_open_store(&x.a.cfg, threads + 2, &x.a.db) != 0)
		return 1;
	if (start_all(&x, threads) != 0) {
		stop_all(&x);
		return 1;
	}
	fq_info("serving on http://%s:%d with %d threads, database %s, %zu web files",
		x.a.cfg.listen, http_server_port(x.a.server), threads, x.a.cfg.db_path,
		http_static_count(x.web));
	int sig = 0;
	sigwait(&set, &sig);
	fq_info("signal %d: stopping", sig);
	stop_all(&x);
	fq_info("stopped cleanly");
	return 0;
}
