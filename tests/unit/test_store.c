/*
 * test_store.c - the store engine: migrations recorded and a newer schema
 * refused, group commit batching concurrent writers into fewer commits, a
 * failing transaction rolled back alone inside its batch, and an online
 * backup taken while writers are busy.
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
#include <unistd.h>

#include "store/sqlite_int.h"
#include "store/store.h"

static char dir[64];

static void db_path(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/fq-store-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

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

static void test_failure_isolated_in_batch(void **state)
{
	(void)state;
	char p[128];
	db_path(p, sizeof p, "iso.db");
	store *s = NULL;
	fq_err err = {0};
	assert_int_equal(store_open(p, NULL, &s, &err), FQ_OK);
	assert_int_equal(store_write(s, insert_unit, "dup", &err), FQ_OK);
	/* a duplicate code violates UNIQUE: conflict, and nothing else is lost */
	assert_int_equal(store_write(s, insert_unit, "dup", &err), FQ_ECONFLICT);
	assert_int_equal(store_write(s, insert_unit, "other", &err), FQ_OK);
	assert_int_equal(count_units(s), 2);
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
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
