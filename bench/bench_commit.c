/*
 * bench_commit.c - durable write transactions per second: 64 threads
 * writing through the store's group-commit writer, against a baseline loop
 * that commits one row per transaction (one fsync each) on one connection,
 * in the same directory, in the same run. Prints a Markdown table.
 *
 * usage: bench_commit DIR [SECONDS] [WRITERS]
 *        bench_commit --raw DIR [SECONDS]   the baseline loop alone: prints rows/s
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/timeutil.h"
#include "store/sqlite_int.h"
#include "store/store.h"

#define MAX_WRITERS 1024

static const char *INSERT_SQL =
	"INSERT INTO audit_log(at, action, subject, detail) VALUES (?, 'bench', ?, 'x')";

typedef struct bench {
	store *s;
	int64_t stop_us;
	atomic_long done;
} bench;

static fq_status insert_row(store_conn *c, void *arg, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, INSERT_SQL);
	sqlite3_bind_int64(st, 1, fq_now_ms());
	sqlite3_bind_int64(st, 2, (int64_t)(intptr_t)arg);
	return stmt_exec(c, st, err);
}

static void *writer(void *p)
{
	bench *b = p;
	while (fq_mono_us() < b->stop_us) {
		fq_err err = {0};
		if (store_write(b->s, insert_row, (void *)(intptr_t)1, &err) != FQ_OK) {
			fprintf(stderr, "write failed: %s\n", err.message);
			exit(1);
		}
		atomic_fetch_add(&b->done, 1);
	}
	return NULL;
}

static double run_group(const char *path, int seconds, int writers, double *avg_batch)
{
	bench b = {0};
	fq_err err = {0};
	store_options o = {.read_conns = 1, .batch_max = 1000};
	if (store_open(path, &o, &b.s, &err) != FQ_OK) {
		fprintf(stderr, "open: %s\n", err.message);
		exit(1);
	}
	pthread_t t[MAX_WRITERS];
	int64_t start = fq_mono_us();
	b.stop_us = start + (int64_t)seconds * 1000000;
	for (int i = 0; i < writers; i++)
		pthread_create(&t[i], NULL, writer, &b);
	for (int i = 0; i < writers; i++)
		pthread_join(t[i], NULL);
	double secs = (double)(fq_mono_us() - start) / 1e6;
	store_stats st;
	store_stats_get(b.s, &st);
	*avg_batch = st.commits ? (double)st.transactions / (double)st.commits : 0;
	store_close(b.s);
	return (double)atomic_load(&b.done) / secs;
}

static double run_baseline(const char *path, int seconds)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		exit(1);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE IF NOT EXISTS audit_log(id INTEGER PRIMARY KEY, at INTEGER,"
			 " account_id INTEGER, action TEXT, subject TEXT, detail TEXT, address TEXT);",
		     NULL, NULL, NULL);
	sqlite3_prepare_v2(db, INSERT_SQL, -1, &st, NULL);
	long n = 0;
	int64_t start = fq_mono_us(), stop = start + (int64_t)seconds * 1000000;
	while (fq_mono_us() < stop) {
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_int64(st, 1, fq_now_ms());
		sqlite3_bind_int64(st, 2, n);
		sqlite3_step(st);
		sqlite3_reset(st);
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			exit(1);
		n++;
	}
	double secs = (double)(fq_mono_us() - start) / 1e6;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return (double)n / secs;
}

/* The raw loop alone, for bench/intake.sh: one number, rows per second. */
static int raw_only(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	int seconds = argc > 3 ? atoi(argv[3]) : 5;
	char base[1024];
	snprintf(base, sizeof base, "%s/raw.db", argv[2]);
	unlink(base);
	printf("%.0f\n", run_baseline(base, seconds < 1 ? 1 : seconds));
	unlink(base);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--raw") == 0)
		return raw_only(argc, argv);
	if (argc < 2) {
		fprintf(stderr, "usage: bench_commit DIR [SECONDS] [WRITERS]\n");
		return 2;
	}
	int seconds = argc > 2 ? atoi(argv[2]) : 5;
	int writers = argc > 3 ? atoi(argv[3]) : 64;
	if (writers < 1 || writers > MAX_WRITERS || seconds < 1)
		return 2;
	char base[1024], group[1100];
	snprintf(base, sizeof base, "%s/baseline.db", argv[1]);
	snprintf(group, sizeof group, "%s/group.db", argv[1]);
	unlink(base);
	unlink(group);
	double avg_batch = 0;
	double b = run_baseline(base, seconds);
	double g = run_group(group, seconds, writers, &avg_batch);
	printf("| durable writes (synchronous=FULL, WAL) | transactions/s |\n|---|---:|\n");
	printf("| baseline: one transaction per fsync, 1 connection | %.0f |\n", b);
	printf("| group commit, %d concurrent writers (avg %.1f per commit) | %.0f |\n", writers,
	       avg_batch, g);
	printf("| ratio | %.2fx (target >= 4x) |\n", b > 0 ? g / b : 0);
	return 0;
}
