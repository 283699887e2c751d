/*
 * test_store.c - the store engine: migrations recorded and a newer schema
 * refused, group commit batching concurrent writers into fewer commits, a
 * failing job rolled back alone inside a batch it shares with good ones
 * (its counter additions too), and an online backup taken while writers
 * are busy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite_int.h"
#include "store/store.h"
#include "store/store_metrics.h"
#include "test_store_dir.h"

static fq_status insert_unit(store_conn *c, void *arg, fq_err *err)
{
	const char *code = arg;
	sqlite3_stmt *st = stmt_get(c, "INSERT INTO units(kind, code, name, path) "
				       "VALUES ('street', ?, 'x', '/')");
	bind_text(st, 1, code);
	return stmt_exec(c, st, err);
}

static int64_t count_units(store *s)
{
	store_conn *c = NULL;
	assert_int_equal(store_read_begin(s, &c), FQ_OK);
	sqlite3_stmt *st =
		stmt_get(c, STORE_PLAN_SCAN "a test counts them */ SELECT count(*) FROM units");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	store_read_end(s, c);
	return n;
}

/* About 4 MiB of WAL pages in one job: 1,000 rows of 4,000 random bytes. */
static fq_status write_pages(store_conn *c, void *arg, fq_err *err)
{
	(void)arg;
	fq_status st = conn_exec(c, "CREATE TABLE IF NOT EXISTS bulk(b BLOB)", err);
	if (st == FQ_OK)
		st = conn_exec(c,
			       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
			       " WHERE i < 1000) INSERT INTO bulk SELECT randomblob(4000) FROM n",
			       err);
	return st;
}

static off_t file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? sb.st_size : -1;
}

/* The writer's commits wake the checkpoint thread once the WAL passes
 * 1,000 pages; under writes without a pause the writer checkpoints at the
 * WAL's bound itself, so the WAL stops growing there. */
static void test_checkpoints_off_the_writer(void **state)
{
	(void)state;
	char p[128], wal[160];
	db_path(p, sizeof p, "ck.db");
	snprintf(wal, sizeof wal, "%s-wal", p);
	store *s = NULL;
	fq_err err = {0};
	assert_int_equal(store_open(p, NULL, &s, &err), FQ_OK);
	assert_int_equal(store_write(s, write_pages, NULL, &err), FQ_OK);
	store_stats ss = {0};
	for (int i = 0; i < 500 && ss.checkpoints == 0; i++) {
		usleep(10000);
		store_stats_get(s, &ss);
	}
	assert_true(ss.checkpoints > 0);
	assert_int_equal(ss.checkpoints_inline, 0);
	/* 20 jobs of about 1,000 pages each, back to back: about 80 MiB */
	for (int i = 0; i < 20; i++)
		assert_int_equal(store_write(s, write_pages, NULL, &err), FQ_OK);
	store_stats_get(s, &ss);
	assert_true(ss.checkpoints_inline > 0 || ss.checkpoints > 2);
	/* bounded: 16,000 pages plus the last job's, not the 80 MiB written */
	assert_true(file_size(wal) < (off_t)18000 * 4096 + 1000 * 4120);
	store_close(s);
}

static void test_migrations_recorded(void **state)
{
	(void)state;
	char p[128];
	db_path(p, sizeof p, "m.db");
	store *s = NULL;
	fq_err err = {0};
	assert_int_equal(store_open(p, NULL, &s, &err), FQ_OK);
	assert_int_equal(store_schema_version(s), store_schema_known());
	store_close(s);
	/* reopening applies nothing new and works */
	assert_int_equal(store_open(p, NULL, &s, &err), FQ_OK);
	store_close(s);
}

static void test_newer_schema_refused(void **state)
{
	(void)state;
	char p[128];
	db_path(p, sizeof p, "newer.db");
	store *s = NULL;
	fq_err err = {0};
	assert_int_equal(store_open(p, NULL, &s, &err), FQ_OK);
	store_close(s);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (9999, 'future', 0)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(p, NULL, &s, &err), FQ_ECONFLICT);
	assert_non_null(strstr(err.message, "newer fengqiao"));
}

typedef struct writer_arg {
	store *s;
	int id;
	int n;
} writer_arg;

static void *writer_thread(void *p)
{
	writer_arg *w = p;
	for (int i = 0; i < w->n; i++) {
		char code[32];
		snprintf(code, sizeof code, "w%d-%d", w->id, i);
		fq_err err = {0};
		if (store_write(w->s, insert_unit, code, &err) != FQ_OK)
			return (void *)1;
	}
	return NULL;
}

#define WRITERS 16
#define POLL_US 1000          /* between looks at a condition a test waits for */
#define WAIT_POLLS_MAX 600000 /* looks before giving up: ten minutes, a failsafe only */
#define PER_WRITER 25
#define BATCH_JOBS 4 /* queued behind the gate: three good, one bad */
#define BATCH_BAD 2  /* the index of the bad one */

static void run_writers(store *s, pthread_t *t, writer_arg *args, int base)
{
	for (int i = 0; i < WRITERS; i++) {
		args[i] = (writer_arg){s, base + i, PER_WRITER};
		assert_int_equal(pthread_create(&t[i], NULL, writer_thread, &args[i]), 0);
	}
}

static void join_writers(pthread_t *t)
{
	for (int i = 0; i < WRITERS; i++) {
		void *rv;
		pthread_join(t[i], &rv);
		assert_null(rv);
	}
}

static void test_group_commit_batches(void **state)
{
	(void)state;
	char p[128];
	db_path(p, sizeof p, "gc.db");
	store *s = NULL;
	fq_err err = {0};
	assert_int_equal(store_open(p, NULL, &s, &err), FQ_OK);
	pthread_t t[WRITERS];
	writer_arg args[WRITERS];
	run_writers(s, t, args, 0);
	join_writers(t);
	store_stats st;
	store_stats_get(s, &st);
	assert_int_equal(st.transactions, WRITERS * PER_WRITER);
	assert_int_equal(count_units(s), WRITERS * PER_WRITER);
	/* sixteen writers waiting at once must share commits */
	assert_true(st.commits < st.transactions);
	store_close(s);
}

/* A job that holds the writer inside its transaction until the test
 * opens the gate, so that the jobs queued meanwhile form one batch. */
typedef struct gate {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int entered; /* the writer is inside gate_tx */
	int open;    /* the test lets it go on */
	int done;    /* jobs answered */
	fq_status st[BATCH_JOBS + 1]; /* their statuses, by index */
} gate;

/* One queued job: the gate, and which unit code it inserts. */
typedef struct batch_job {
	gate *g;
	int index;        /* into gate.st */
	const char *code; /* its unit; a bad job then inserts "dup" again */
	int bad;
} batch_job;

#define BATCH_UNIT 7   /* the unit whose counters the jobs add to */
#define BATCH_DAY 20260301

static fq_status batch_tx(store_conn *c, void *arg, fq_err *err)
{
	batch_job *j = arg;
	metrics_counts one = {.intake = 1};
	int64_t unit = BATCH_UNIT;
	fq_status st = insert_unit(c, (void *)j->code, err);
	if (st == FQ_OK)
		st = store_metrics_add(c, &unit, 1, 1, "web", BATCH_DAY, &one, err);
	if (st == FQ_OK && j->bad)
		st = insert_unit(c, "dup", err); /* UNIQUE: this job fails here */
	return st;
}

static fq_status gate_tx(store_conn *c, void *arg, fq_err *err)
{
	batch_job *j = arg;
	pthread_mutex_lock(&j->g->mu);
	j->g->entered = 1;
	pthread_cond_broadcast(&j->g->cv);
	while (!j->g->open)
		pthread_cond_wait(&j->g->cv, &j->g->mu);
	pthread_mutex_unlock(&j->g->mu);
	return batch_tx(c, arg, err);
}

static void batch_done(void *arg, fq_status st, const fq_err *err)
{
	(void)err;
	batch_job *j = arg;
	pthread_mutex_lock(&j->g->mu);
	j->g->st[j->index] = st;
	j->g->done++;
	pthread_cond_broadcast(&j->g->cv);
	pthread_mutex_unlock(&j->g->mu);
}

/* Wait on g until *field reaches want. */
static void gate_wait(gate *g, const int *field, int want)
{
	pthread_mutex_lock(&g->mu);
	while (*field < want)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
}

static int64_t units_named(store *s, const char *code)
{
	store_conn *c = NULL;
	assert_int_equal(store_read_begin(s, &c), FQ_OK);
	sqlite3_stmt *st = stmt_get(c, "SELECT count(*) FROM units WHERE code = ?1");
	bind_text(st, 1, code);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	store_read_end(s, c);
	return n;
}

static int64_t intake_counted(store *s)
{
	store_conn *c = NULL;
	fq_err err = {0};
	metrics_counts sum = {0};
	assert_int_equal(store_read_begin(s, &c), FQ_OK);
	assert_int_equal(store_metrics_sum(c, BATCH_UNIT, "", BATCH_DAY, BATCH_DAY, &sum, &err),
			 FQ_OK);
	store_read_end(s, c);
	return sum.intake;
}

/* A failing job between good ones in one batch: it answers with its own
 * conflict, its unit and its counter additions are gone, and every good
 * job of the same batch is committed with its counters. */
static void test_failure_isolated_in_batch(void **state)
{
	(void)state;
	char p[128];
	db_path(p, sizeof p, "iso.db");
	store *s = NULL;
	fq_err err = {0};
	assert_int_equal(store_open(p, NULL, &s, &err), FQ_OK);
	assert_int_equal(store_write(s, insert_unit, "dup", &err), FQ_OK);
	gate g = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
	static const char *const codes[BATCH_JOBS + 1] = {"gate", "good-1", "bad", "good-2",
							   "good-3"};
	batch_job jobs[BATCH_JOBS + 1];
	for (int i = 0; i <= BATCH_JOBS; i++)
		jobs[i] = (batch_job){&g, i, codes[i], i == BATCH_BAD};
	assert_int_equal(store_write_async(s, gate_tx, &jobs[0], batch_done), FQ_OK);
	gate_wait(&g, &g.entered, 1);
	for (int i = 1; i <= BATCH_JOBS; i++)
		assert_int_equal(store_write_async(s, batch_tx, &jobs[i], batch_done), FQ_OK);
	pthread_mutex_lock(&g.mu);
	g.open = 1;
	pthread_cond_broadcast(&g.cv);
	pthread_mutex_unlock(&g.mu);
	gate_wait(&g, &g.done, BATCH_JOBS + 1);
	for (int i = 0; i <= BATCH_JOBS; i++)
		assert_int_equal(g.st[i], i == BATCH_BAD ? FQ_ECONFLICT : FQ_OK);
	store_stats st;
	store_stats_get(s, &st);
	/* "dup" alone, the gate alone, then the four queued behind it at once */
	assert_int_equal(st.commits, 3);
	assert_int_equal(st.batch_hist[2], 1);
	assert_int_equal(st.failed, 1);
	assert_int_equal(units_named(s, "bad"), 0);
	assert_int_equal(units_named(s, "good-2"), 1);
	assert_int_equal(count_units(s), 1 + BATCH_JOBS);
	assert_int_equal(intake_counted(s), BATCH_JOBS);
	store_close(s);
}

static void test_backup_while_writing(void **state)
{
	(void)state;
	char p[128], b[128];
	db_path(p, sizeof p, "live.db");
	db_path(b, sizeof b, "backup.db");
	store *s = NULL;
	fq_err err = {0};
	assert_int_equal(store_open(p, NULL, &s, &err), FQ_OK);
	pthread_t t[WRITERS];
	writer_arg args[WRITERS];
	run_writers(s, t, args, 100);
	/* the backup starts once writes are under way, however busy the machine */
	for (int i = 0; count_units(s) == 0; i++) {
		assert_true(i < WAIT_POLLS_MAX);
		usleep(POLL_US);
	}
	assert_int_equal(store_backup(p, b, &err), FQ_OK);
	join_writers(t);
	store_close(s);
	/* the snapshot opens, passes its integrity check and holds a prefix */
	store *r = NULL;
	assert_int_equal(store_open(b, NULL, &r, &err), FQ_OK);
	int64_t n = count_units(r);
	assert_true(n >= 0 && n <= WRITERS * PER_WRITER);
	store_close(r);
	/* a second backup to the same path is refused, not overwritten */
	assert_int_equal(store_backup(p, b, &err), FQ_ECONFLICT);
	/* restore brings the snapshot back into a new database file */
	char target[128];
	db_path(target, sizeof target, "restored.db");
	assert_int_equal(store_restore(b, target, &err), FQ_OK);
	assert_int_equal(store_open(target, NULL, &r, &err), FQ_OK);
	assert_int_equal(count_units(r), n);
	store_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrations_recorded),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_group_commit_batches),
		cmocka_unit_test(test_failure_isolated_in_batch),
		cmocka_unit_test(test_backup_while_writing),
		cmocka_unit_test(test_checkpoints_off_the_writer),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
