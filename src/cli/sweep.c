/*
 * sweep.c - `fengqiao sweep [--db PATH] [--now RFC3339]`: run one sweep of
 * due requests (domain/sweeper.h) and print what it did as one JSON line.
 * --now sweeps as if the clock read that moment, which lets tests and
 * operators see what the sweeper would do later without waiting.
 */
#include "cli/cli.h"

#include <stdio.h>

#include "core/timeutil.h"
#include "domain/stats.h"
#include "domain/sweeper.h"

/* Bytes of an RFC 3339 time. */
#define SWEEP_TIME_MAX 40

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

int cmd_sweep(int argc, char **argv)
{
	if (cli_has(argc, argv, "help")) {
		printf("usage: fengqiao sweep [--db PATH] [--now RFC3339]\n");
		return 0;
	}
	fq_config cfg;
	if (cli_config(argc, argv, &cfg) != 0)
		return 2;
	int64_t now = fq_now_ms() / 1000;
	const char *at = cli_flag(argc, argv, "now");
	if (at && fq_time_parse(at, &now) != 0) {
		fprintf(stderr, "fengqiao sweep: --now: '%s' is not an RFC 3339 time\n", at);
		return 2;
	}
	store *db = NULL;
	if (cli_open_store(&cfg, 1, &db) != 0)
		return 1;
	sweep_rules r = rules_of(&cfg);
	sweep_report rep;
	fq_err err = {0};
	fq_status st = sweep_run(db, &r, now, &rep, &err);
	store_close(db);
	print_report(&rep);
	if (st != FQ_OK) {
		fprintf(stderr, "fengqiao sweep: %s\n", err.message);
		return 1;
	}
	return rep.failed ? 1 : 0;
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
