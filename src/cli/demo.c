/*
 * demo.c - `fengqiao demo [--seed N] [--scale N] [--households N]
 * [--requests N] [--until YYYY-MM-DD|today|now]`: fill an empty database with
 * the demo street of demo/demo.h (or N of them, for benchmarks) and its
 * demo accounts, all with the password DEMO_PASSWORD, then play a year of
 * request history on the first street (demo/demo_requests.h): --requests
 * of them (default DHIST_REQUESTS_DEFAULT, 0 for none) ending at --until
 * 00:00 Asia/Shanghai (default DHIST_UNTIL_DEFAULT, a fixed day, so that
 * the same options give the same database; "today" ends it today; "now"
 * plays today too, until this moment, for `make run`). The
 * streets (demo/demo_street.h), history, talents, disputes and councils
 * are played by the demo layer (src/demo/) through the services.
 *
 * The password is hashed once (Argon2id is deliberately slow) and the hash
 * is shared by every account.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/geojson.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "demo/demo_councils.h"
#include "demo/demo_disputes.h"
#include "demo/demo_history.h"
#include "demo/demo_requests.h"
#include "demo/demo_street.h"
#include "demo/demo_talents.h"
#include "domain/auth.h"

/* Default seed: any fixed value gives a reproducible street. */
#define DEMO_SEED_DEFAULT 20240415

/* Microseconds per second, for the timings. */
#define US_PER_S 1e6

/* ---- the command --------------------------------------------------------- */

typedef struct demo_opts {
	uint64_t seed;
	int scale;
	int households;
	int64_t requests;  /* of the history; 0 for none */
	cal_date until;    /* the history's end day */
	int64_t stop;      /* --until now: the moment the history stops, today; else 0 */
} demo_opts;

static int parse_number(const char *text, long long lo, long long hi, const char *flag,
			long long *out)
{
	char *end = NULL;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || !*text || *end || v < lo || v > hi) {
		fprintf(stderr, "fengqiao demo: --%s must be a whole number from %lld to %lld\n",
			flag, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

static const char *const demo_flags[] = {"db",       "config", "seed",  "scale", "households",
					 "requests", "until",  NULL};

static void usage(void)
{
	fprintf(stderr, "usage: fengqiao demo [--db PATH] [--seed N] [--scale STREETS] "
			"[--households N] [--requests N] [--until YYYY-MM-DD|today|now]\n");
}

/* --until: a day, "today" in Asia/Shanghai (the history ends at its
 * 00:00), or "now" (it runs on through today until this moment). */
static int parse_until(const char *text, demo_opts *o)
{
	fq_err err = {0};
	int64_t now = fq_now_ms() / 1000;
	if (strcmp(text, "today") == 0 || strcmp(text, "now") == 0) {
		o->until = cal_date_of(now);
		o->stop = text[0] == 'n' ? now : 0;
		return 0;
	}
	if (cal_date_parse(text, "until", &o->until, &err) != FQ_OK) {
		fprintf(stderr, "fengqiao demo: --until must be a day YYYY-MM-DD, today or now\n");
		return -1;
	}
	return 0;
}

/* --requests and --until. */
static int parse_history(int argc, char **argv, demo_opts *o)
{
	const char *requests = cli_flag(argc, argv, "requests");
	const char *until = cli_flag(argc, argv, "until");
	long long v = 0;
	o->requests = DHIST_REQUESTS_DEFAULT;
	o->until = DHIST_UNTIL_DEFAULT;
	if (requests && parse_number(requests, 0, DHIST_REQUESTS_MAX, "requests", &v) != 0)
		return -1;
	o->requests = requests ? v : o->requests;
	return until ? parse_until(until, o) : 0;
}

static int parse_opts(int argc, char **argv, demo_opts *o)
{
	if (cli_unknown_arg(argc, argv, 1, demo_flags, NULL)) {
		usage();
		return -1;
	}
	const char *seed = cli_flag(argc, argv, "seed"), *scale = cli_flag(argc, argv, "scale");
	const char *hh = cli_flag(argc, argv, "households");
	long long v = 0;
	*o = (demo_opts){DEMO_SEED_DEFAULT, 1, DEMO_HOUSEHOLDS_DEFAULT};
	if (seed && parse_number(seed, 0, INT64_MAX, "seed", &v) != 0)
		return -1;
	o->seed = seed ? (uint64_t)v : o->seed;
	if (scale && parse_number(scale, 1, DEMO_STREETS_MAX, "scale", &v) != 0)
		return -1;
	o->scale = scale ? (int)v : o->scale;
	if (hh && parse_number(hh, DEMO_HOUSEHOLDS_MIN, DEMO_HOUSEHOLDS_MAX, "households", &v) != 0)
		return -1;
	o->households = hh ? (int)v : o->households;
	return parse_history(argc, argv, o);
}

static int run_demo(store *db, const demo_opts *o, const char *path)
{
	char hash[AUTH_HASH_MAX];
	fq_err err = {0};
	if (demo_street_check_empty(db, path) != 0)
		return 1;
	if (auth_hash_password(DEMO_PASSWORD, hash, &err) != FQ_OK) {
		fprintf(stderr, "fengqiao demo: %s\n", err.message);
		return 1;
	}
	demo_idset *ids = demo_idset_new();
	if (!ids)
		return 1;
	int64_t start = fq_mono_us();
	demo_build b = {o->seed, o->scale, o->households, hash, geojson_polygon_dump};
	demo_street first = {0};
	int rc = 0;
	for (int s = 0; s < o->scale && rc == 0; s++)
		rc = demo_street_build(db, &b, s, ids, s == 0 ? &first : NULL) == 0 ? 0 : 1;
	demo_idset_free(ids);
	if (rc == 0) {
		printf("accounts%s:\n", o->scale > 1 ? " of the first street (the other streets' "
						      "continue the numbers or end in _s2, _s3 ...)"
						    : "");
		demo_street_print_accounts(first.plan);
	}
	demo_street_rows rows = {first.plan, first.unit_ids, first.household_ids,
				 first.person_ids, hash, cli_parse_boundary};
	/* --until now: the history's last day is today, played until now */
	dhist_params hp = {o->seed, o->requests,
			   o->stop ? cal_date_of(cal_date_start(o->until) + CAL_DAY_S) : o->until,
			   o->stop};
	if (rc == 0 && o->requests > 0)
		rc = demo_requests_run(db, &rows, &hp) == 0 ? 0 : 1;
	if (rc == 0)
		rc = demo_talents_run(db, &rows, o->seed) == 0 ? 0 : 1;
	if (rc == 0)
		rc = demo_disputes_run(db, &rows, o->seed, o->until) == 0 ? 0 : 1;
	if (rc == 0)
		rc = demo_councils_run(db, &rows, o->seed, cal_date_start(o->until)) == 0 ? 0 : 1;
	demo_street_free(&first);
	if (rc == 0)
		printf("built %d street%s in %.2f s into %s; every demo account's password is %s\n",
		       o->scale, o->scale == 1 ? "" : "s",
		       (double)(fq_mono_us() - start) / US_PER_S, path, DEMO_PASSWORD);
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	demo_opts o;
	fq_config cfg;
	if (parse_opts(argc, argv, &o) != 0)
		return 2;
	if (cli_config(argc, argv, &cfg) != 0)
		return 2;
	store *db = NULL;
	if (cli_open_store(&cfg, 1, &db) != 0)
		return 1;
	int rc = run_demo(db, &o, cfg.db_path);
	store_close(db);
	return rc;
}
