/*
 * serve.c - `fengqiao serve`: open the store, start the HTTP server, and on
 * SIGTERM or SIGINT stop accepting, finish what is in flight, drain the
 * writer, close the store and exit 0.
 */
#include "cli/cli.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "api/app.h"
#include "api/session_cache.h"
#include "api/live.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "domain/auth.h"
#include "domain/sweeper.h" /* sweeper */

#define SHUTDOWN_GRACE_S 30 /* longest wait for requests in flight */

static int worker_threads(const fq_config *cfg)
{
	if (cfg->threads > 0)
		return cfg->threads;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 2;
}

int cmd_serve(int argc, char **argv)
{
	app a = {0};
	if (cli_config(argc, argv, &a.cfg) != 0)
		return 2;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	signal(SIGPIPE, SIG_IGN);
	/* block before any thread starts so that only sigwait sees them */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	int threads = worker_threads(&a.cfg);
	if (cli_open_store(&a.cfg, threads + 2, &a.db) != 0)
		return 1;
	a.started_ms = fq_now_ms();
	a.throttle = auth_throttle_new(NULL);
	a.sessions = scache_new();
	if (!a.sessions) {
		auth_throttle_free(a.throttle);
		a.throttle = NULL; /* reported as out of memory below */
	}
	/* live.c: the live events hub and the webhook sender, before any request */
	fq_err live_err = {0};
	if (a.throttle && api_live_start(&a, &live_err) != FQ_OK) {
		fprintf(stderr, "fengqiao serve: %s\n", live_err.message);
		auth_throttle_free(a.throttle);
		scache_free(a.sessions);
		store_close(a.db);
		return 1;
	}
	/* end live.c */
	http_options o = {
		.listen = a.cfg.listen, .port = a.cfg.port, .threads = threads,
		.max_body = (size_t)a.cfg.max_body, .max_connections = a.cfg.max_connections,
		.max_per_ip = a.cfg.max_per_ip, .timeout_s = a.cfg.timeout_s,
		.access_log = a.cfg.access_log, .routes = api_routes, .n_routes = api_n_routes,
		.before = api_before, .app = &a,
	};
	fq_err err = {0};
	if (!a.throttle || http_server_start(&o, &a.server, &err) != FQ_OK) {
		fprintf(stderr, "fengqiao serve: %s\n", a.throttle ? err.message : "out of memory");
		api_live_stop(&a); /* live.c */
		auth_throttle_free(a.throttle);
		store_close(a.db);
		return 1;
	}
	fq_info("serving on http://%s:%d with %d threads, database %s", a.cfg.listen,
		http_server_port(a.server), threads, a.cfg.db_path);
	/* sweeper: escalations, reminders and auto-close on a timer */
	struct sweep_thread *sweeper = NULL;
	if (cli_sweep_start(&a.cfg, a.db, &sweeper) != 0) {
		http_server_stop(a.server, SHUTDOWN_GRACE_S);
		api_live_stop(&a);
		store_close(a.db);
		auth_throttle_free(a.throttle);
		return 1;
	}
	/* end sweeper */
	int sig = 0;
	sigwait(&set, &sig);
	fq_info("signal %d: stopping", sig);
	sweep_thread_stop(sweeper); /* sweeper: before the store closes */
	http_server_stop(a.server, SHUTDOWN_GRACE_S);
	api_live_stop(&a); /* live.c: after the streams have ended, before the store closes */
	store_close(a.db);
	auth_throttle_free(a.throttle);
	scache_free(a.sessions);
	fq_info("stopped cleanly");
	return 0;
}
