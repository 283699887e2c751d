/*
 * sweep.c - `fengqiao sweep [--db PATH] [--now RFC3339[,RFC3339...]]`: run
 * one sweep of due requests (domain/sweeper.h) and print what it did as
 * one JSON line. --now sweeps as if the clock read that moment, which lets
 * tests and operators see what the sweeper would do later without
 * waiting; several moments, in order, sweep at each in one process, one
 * line each, as the server's long-lived sweeper thread would (its page
 * cache warm after the first).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/stats.h"
#include "domain/sweeper.h"

/* Bytes of an RFC 3339 time. */
#define SWEEP_TIME_MAX 40
/* Moments one --now may list. */
#define SWEEP_MOMENTS_MAX 16

/* The rules the settings give. */
static sweep_rules rules_of(const fq_config *cfg)
{
	sweep_rules r = SWEEP_RULES_DEFAULT;
	r.remind_before_pct = cfg->remind_before_pct;
	return r;
}

static void print_report(const sweep_report *rep)
{
	char at[SWEEP_TIME_MAX];
	printf("{\"now\":\"%s\",\"escalated\":%lld,\"reminded\":%lld,\"extensions_lapsed\":%lld,"
	       "\"auto_closed\":%lld,\"failed\":%lld,\"transactions\":%lld,\"ms\":%.1f}\n",
	       fq_time_rfc3339(rep->now, at, sizeof at), (long long)rep->escalated,
	       (long long)rep->reminded, (long long)rep->lapsed, (long long)rep->auto_closed,
	       (long long)rep->failed, (long long)rep->transactions,
	       (double)rep->elapsed_us / 1000.0);
}

/* The moments of --now ("a,b,c"), or the clock's; the count, or -1 after
 * printing the error. */
static int parse_moments(const char *arg, int64_t *out)
{
	if (!arg) {
		out[0] = fq_now_ms() / 1000;
		return 1;
	}
	int n = 0;
	const char *p = arg;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char one[SWEEP_TIME_MAX];
		if (n == SWEEP_MOMENTS_MAX || len == 0 || len >= sizeof one) {
			fprintf(stderr, "fengqiao sweep: --now: at most %d moments, each an RFC 3339 "
					"time\n", SWEEP_MOMENTS_MAX);
			return -1;
		}
		memcpy(one, p, len);
		one[len] = '\0';
		if (fq_time_parse(one, &out[n]) != 0) {
			fprintf(stderr, "fengqiao sweep: --now: '%s' is not an RFC 3339 time\n", one);
			return -1;
		}
		n++;
		p = end ? end + 1 : p + len;
		if (end && !*p) {
			fprintf(stderr, "fengqiao sweep: --now: a moment is missing after ','\n");
			return -1;
		}
	}
	if (n == 0)
		fprintf(stderr, "fengqiao sweep: --now: no moment given\n");
	return n ? n : -1;
}

int cmd_sweep(int argc, char **argv)
{
	if (cli_has(argc, argv, "help")) {
		printf("usage: fengqiao sweep [--db PATH] [--now RFC3339[,RFC3339...]]\n");
		return 0;
	}
	fq_config cfg;
	if (cli_config(argc, argv, &cfg) != 0)
		return 2;
	int64_t moments[SWEEP_MOMENTS_MAX];
	int n = parse_moments(cli_flag(argc, argv, "now"), moments);
	if (n < 0)
		return 2;
	store *db = NULL;
	if (cli_open_store(&cfg, 1, &db) != 0)
		return 1;
	sweep_rules r = rules_of(&cfg);
	fq_status st = FQ_OK;
	int64_t failed = 0;
	fq_err err = {0};
	for (int i = 0; i < n && st == FQ_OK; i++) {
		sweep_report rep;
		st = sweep_run(db, &r, moments[i], &rep, &err);
		print_report(&rep);
		failed += rep.failed;
	}
	store_close(db);
	if (st != FQ_OK) {
		fprintf(stderr, "fengqiao sweep: %s\n", err.message);
		return 1;
	}
	return failed ? 1 : 0;
}

int cli_sweep_start(const fq_config *cfg, store *db, struct sweep_thread **out)
{
	sweep_rules r = rules_of(cfg);
	metrics_weights w;
	fq_err err = {0};
	fq_status st = stats_weights_parse(cfg->score_weights, "score_weights", &w, &err);
	if (st == FQ_OK)
		st = sweep_rules_check(&r, &err);
	*out = NULL;
	if (st == FQ_OK && cfg->sweep_interval_s > 0)
		st = sweep_thread_start(db, &r, cfg->sweep_interval_s, out, &err);
	if (st != FQ_OK) {
		fprintf(stderr, "fengqiao serve: %s\n", err.message);
		return 1;
	}
	return 0;
}
