/*
 * store.c - the SQLite backend's engine: open and migrate, the pool of
 * read connections, the single writer thread with group commit, and online
 * backup and restore. See store.h for the contract.
 */
#include "store/sqlite_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "core/timeutil.h"

typedef struct job {
	struct job *next;
	store_tx_fn fn;
	void *arg;
	store_done_fn done;
	int alone;          /* a transaction of its own, without a savepoint */
	fq_status st;
	fq_err err;
} job;

struct store {
	char *path;
	store_conn *writer;          /* used only by the writer thread */
	store_conn **readers;        /* the pool */
	int n_readers;
	int *reader_free;            /* stack of free pool indexes */
	int n_free;
	pthread_mutex_t pool_mu;
	pthread_cond_t pool_cv;

	pthread_mutex_t q_mu;        /* guards the queue, stopping and stats */
	pthread_cond_t q_cv;
	job *q_head, *q_tail;
	uint64_t q_len;
	int stopping;
	int batch_max;
	pthread_t thread;
	store_stats stats;
	int schema_version;
	checkpointer *ckpt;          /* WAL checkpoints off the writer thread */
};

/* ---- write path ---------------------------------------------------- */

/* Run job j in its own savepoint, so that its failure undoes only its
 * own changes. A job alone in its batch needs none: its failure rolls the
 * transaction back. (A savepoint held open also makes SQLite keep every
 * page it changes in the in-memory sub-journal, which each later statement
 * walks: a long job is much slower inside one.) */
static void run_one(store_conn *w, job *j)
{
	size_t mark = metrics_mark(w);
	if (j->alone) {
		j->st = j->fn(w, j->arg, &j->err);
		return;
	}
	if (stmt_exec(w, stmt_get(w, "SAVEPOINT tx"), &j->err) != FQ_OK) {
		j->st = FQ_ESTORE;
		return;
	}
	j->st = j->fn(w, j->arg, &j->err);
	if (j->st != FQ_OK) {
		stmt_exec(w, stmt_get(w, "ROLLBACK TO tx"), NULL);
		metrics_undo(w, mark);
	}
	stmt_exec(w, stmt_get(w, "RELEASE tx"), NULL);
}

static int bucket_of(int n)
{
	int b = 0;
	while (b < STORE_BATCH_BUCKETS - 1 && (1 << b) < n)
		b++;
	return b;
}

/* Run the commit hooks of the modules (store_modules), in order: the work
 * they keep waiting until the end of a transaction. */
/* The modules' commit hooks; busy as in store_module.commit. */
static fq_status modules_commit(store_conn *w, int busy, fq_err *err)
{
	fq_status st = FQ_OK;
	for (const store_module *m = store_modules; m->name && st == FQ_OK; m++)
		if (m->commit)
			st = m->commit(w, busy, err);
	return st;
}

/* Whether the writer is busy: the batch being committed holds more than
 * one job, or jobs wait in the queue behind it. */
static int writer_busy(store *s, int n)
{
	if (n > 1)
		return 1;
	pthread_mutex_lock(&s->q_mu);
	int busy = s->q_head != NULL;
	pthread_mutex_unlock(&s->q_mu);
	return busy;
}

static void commit_batch(store *s, job *batch, int n)
{
	store_conn *w = s->writer;
	fq_err err = {0};
	fq_status bst = conn_exec(w, "BEGIN IMMEDIATE", &err);
	for (job *j = batch; j && bst == FQ_OK; j = j->next)
		run_one(w, j);
	int undone = batch->alone && batch->st != FQ_OK; /* a job alone failed: undo it */
	if (bst == FQ_OK && !undone)
		bst = modules_commit(w, writer_busy(s, n), &err);
	if (bst == FQ_OK && !undone)
		bst = conn_exec(w, "COMMIT", &err);
	if (bst != FQ_OK)
		fq_error("group commit of %d failed: %s", n, err.message);
	if (bst != FQ_OK || undone) {
		conn_exec(w, "ROLLBACK", NULL);
		metrics_undo(w, 0);
	}
	uint64_t ok = 0, failed = 0;
	for (job *j = batch; j; j = j->next) {
		if (bst != FQ_OK && j->st == FQ_OK) {
			j->st = FQ_ESTORE;
			j->err = err;
		}
		if (j->st == FQ_OK)
			ok++;
		else
			failed++;
	}
	pthread_mutex_lock(&s->q_mu);
	s->stats.commits++;
	s->stats.transactions += ok;
	s->stats.failed += failed;
	s->stats.batch_hist[bucket_of(n)]++;
	pthread_mutex_unlock(&s->q_mu);
	while (batch) {
		job *next = batch->next;
		batch->done(batch->arg, batch->st, &batch->err);
		free(batch);
		batch = next;
	}
}

/* Let SQLite refresh the planner's statistics where they have gone stale,
 * as it recommends before a connection closes and every few hours on a
 * long-lived one; analysis_limit bounds the rows each ANALYZE reads. The
 * hot statements keep their plans whatever the statistics say
 * (store_plans.h). */
static void optimize(store_conn *w)
{
	conn_exec(w, "PRAGMA analysis_limit=" STORE_ANALYSIS_LIMIT "; PRAGMA optimize;", NULL);
}

static void *writer_main(void *arg)
{
	store *s = arg;
	int64_t optimized = fq_mono_us();
	for (;;) {
		pthread_mutex_lock(&s->q_mu);
		while (!s->q_head && !s->stopping)
			pthread_cond_wait(&s->q_cv, &s->q_mu);
		if (!s->q_head && s->stopping) {
			pthread_mutex_unlock(&s->q_mu);
			return NULL;
		}
		job *batch = s->q_head, *last = batch;
		int n = 1;
		while (!batch->alone && last->next && !last->next->alone && n < s->batch_max) {
			last = last->next;
			n++;
		}
		s->q_head = last->next;
		if (!s->q_head)
			s->q_tail = NULL;
		last->next = NULL;
		s->q_len -= (uint64_t)n;
		pthread_mutex_unlock(&s->q_mu);
		commit_batch(s, batch, n);
		if (fq_mono_us() - optimized >= (int64_t)STORE_OPTIMIZE_INTERVAL_S * 1000000) {
			optimize(s->writer);
			optimized = fq_mono_us();
		}
	}
}

static fq_status enqueue(store *s, store_tx_fn fn, void *arg, store_done_fn done, int alone)
{
	job *j = calloc(1, sizeof *j);
	if (!j)
		return FQ_ENOMEM;
	j->fn = fn;
	j->arg = arg;
	j->done = done;
	j->alone = alone;
	pthread_mutex_lock(&s->q_mu);
	if (s->stopping || s->q_len >= STORE_QUEUE_MAX) {
		pthread_mutex_unlock(&s->q_mu);
		free(j);
		return FQ_EUNAVAILABLE;
	}
	if (s->q_tail)
		s->q_tail->next = j;
	else
		s->q_head = j;
	s->q_tail = j;
	s->q_len++;
	pthread_cond_signal(&s->q_cv);
	pthread_mutex_unlock(&s->q_mu);
	return FQ_OK;
}

fq_status store_write_async(store *s, store_tx_fn fn, void *arg, store_done_fn done)
{
	return enqueue(s, fn, arg, done, 0);
}

typedef struct sync_wait {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int finished;
	fq_status st;
	fq_err err;
} sync_wait;

static void sync_done(void *arg, fq_status st, const fq_err *err)
{
	sync_wait *w = arg;
	pthread_mutex_lock(&w->mu);
	w->st = st;
	if (err)
		w->err = *err;
	w->finished = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

typedef struct sync_call {
	store_tx_fn fn;
	void *arg;
	sync_wait *wait;
} sync_call;

static fq_status sync_body(store_conn *c, void *arg, fq_err *err)
{
	sync_call *call = arg;
	return call->fn(c, call->arg, err);
}

static void sync_call_done(void *arg, fq_status st, const fq_err *err)
{
	sync_call *call = arg;
	sync_done(call->wait, st, err);
}

static fq_status write_wait(store *s, store_tx_fn fn, void *arg, int alone, fq_err *err)
{
	sync_wait w = {.finished = 0};
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	sync_call call = {fn, arg, &w};
	fq_status st = enqueue(s, sync_body, &call, sync_call_done, alone);
	if (st == FQ_OK) {
		pthread_mutex_lock(&w.mu);
		while (!w.finished)
			pthread_cond_wait(&w.cv, &w.mu);
		pthread_mutex_unlock(&w.mu);
		st = w.st;
		if (st != FQ_OK && err)
			*err = w.err;
	} else {
		fq_fail(err, st, "", "the store is not accepting writes");
	}
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cv);
	return st;
}

fq_status store_write(store *s, store_tx_fn fn, void *arg, fq_err *err)
{
	return write_wait(s, fn, arg, 0, err);
}

fq_status store_write_alone(store *s, store_tx_fn fn, void *arg, fq_err *err)
{
	return write_wait(s, fn, arg, 1, err);
}

/* ---- read pool ----------------------------------------------------- */

fq_status store_read_begin(store *s, store_conn **out)
{
	pthread_mutex_lock(&s->pool_mu);
	while (s->n_free == 0)
		pthread_cond_wait(&s->pool_cv, &s->pool_mu);
	store_conn *c = s->readers[s->reader_free[--s->n_free]];
	pthread_mutex_unlock(&s->pool_mu);
	if (stmt_exec(c, stmt_get(c, "BEGIN"), NULL) != FQ_OK) {
		store_read_end(s, c);
		return FQ_ESTORE;
	}
	*out = c;
	return FQ_OK;
}

void store_read_end(store *s, store_conn *c)
{
	if (!c)
		return;
	if (!sqlite3_get_autocommit(c->db))
		stmt_exec(c, stmt_get(c, "COMMIT"), NULL);
	pthread_mutex_lock(&s->pool_mu);
	s->reader_free[s->n_free++] = c->pool_index;
	pthread_cond_signal(&s->pool_cv);
	pthread_mutex_unlock(&s->pool_mu);
}

/* ---- open and close ------------------------------------------------ */

/* A connection to path with the modules of the store (conn_modules). */
static fq_status open_conn(const char *path, store_conn **out, fq_err *err)
{
	store_conn *c = NULL;
	fq_status st = conn_open(path, 0, &c, err);
	if (st == FQ_OK)
		st = conn_modules(c, store_modules, err);
	if (st != FQ_OK) {
		conn_close(c);
		return st;
	}
	*out = c;
	return FQ_OK;
}

static fq_status open_readers(store *s, int n, fq_err *err)
{
	s->readers = calloc((size_t)n, sizeof *s->readers);
	s->reader_free = calloc((size_t)n, sizeof *s->reader_free);
	if (!s->readers || !s->reader_free)
		return FQ_ENOMEM;
	for (int i = 0; i < n; i++) {
		fq_status st = open_conn(s->path, &s->readers[i], err);
		if (st != FQ_OK)
			return st;
		s->readers[i]->pool_index = i;
		s->reader_free[s->n_free++] = i;
		s->n_readers++;
	}
	return FQ_OK;
}

/* The checkpoint thread, with a connection of its own. */
static fq_status start_checkpointer(store *s, fq_err *err)
{
	store_conn *c = NULL;
	fq_status st = conn_open(s->path, 0, &c, err);
	if (st == FQ_OK)
		st = checkpointer_start(c, s->writer, &s->ckpt, err);
	if (st != FQ_OK)
		conn_close(c);
	return st;
}

static void free_store(store *s)
{
	for (int i = 0; i < s->n_readers; i++)
		conn_close(s->readers[i]);
	free(s->readers);
	free(s->reader_free);
	checkpointer_stop(s->ckpt, s->writer);
	conn_close(s->writer);
	pthread_mutex_destroy(&s->pool_mu);
	pthread_cond_destroy(&s->pool_cv);
	pthread_mutex_destroy(&s->q_mu);
	pthread_cond_destroy(&s->q_cv);
	free(s->path);
	free(s);
}

/* Run the modules' commit hooks once, in one transaction: they write what
 * another program left waiting since the last commit of a server (the text
 * index queue, store_search_index_pending). */
static fq_status modules_commit_at_open(store_conn *w, fq_err *err)
{
	fq_status st = conn_exec(w, "BEGIN IMMEDIATE", err);
	if (st == FQ_OK)
		st = modules_commit(w, 0, err);
	if (st == FQ_OK)
		st = conn_exec(w, "COMMIT", err);
	if (st != FQ_OK)
		conn_exec(w, "ROLLBACK", NULL);
	return st;
}

/* Settings of the SQLite library for the whole process, made once before
 * the first connection opens: no memory statistics, which SQLite would
 * otherwise keep under one process-wide mutex taken by every allocation
 * of every connection (the readers and the writer then contend for it). */
static void sqlite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

fq_status store_open(const char *path, const store_options *opt, store **out, fq_err *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sqlite_configure);
	store *s = calloc(1, sizeof *s);
	if (!s)
		return FQ_ENOMEM;
	pthread_mutex_init(&s->pool_mu, NULL);
	pthread_cond_init(&s->pool_cv, NULL);
	pthread_mutex_init(&s->q_mu, NULL);
	pthread_cond_init(&s->q_cv, NULL);
	s->path = strdup(path);
	int n = opt && opt->read_conns > 0 ? opt->read_conns : 4;
	if (n > STORE_READ_CONNS_MAX)
		n = STORE_READ_CONNS_MAX;
	s->batch_max = opt && opt->batch_max > 0 ? opt->batch_max : 1000;
	fq_status st = s->path ? open_conn(path, &s->writer, err) : FQ_ENOMEM;
	/* the writer touches every index of what it changes, batch after batch:
	 * its pages stay cached (a reader's cache is emptied whenever another
	 * connection has written, so a larger one would not help it) */
	if (st == FQ_OK)
		st = conn_exec(s->writer, "PRAGMA cache_size=" STORE_WRITER_CACHE_KIB ";", err);
	if (st == FQ_OK)
		st = migrations_apply(s->writer, err);
	if (st == FQ_OK)
		st = modules_commit_at_open(s->writer, err);
	if (st == FQ_OK)
		st = open_readers(s, n, err);
	if (st == FQ_OK)
		st = start_checkpointer(s, err);
	if (st == FQ_OK && pthread_create(&s->thread, NULL, writer_main, s) != 0)
		st = fq_fail(err, FQ_ENOMEM, "", "cannot start the writer thread");
	if (st != FQ_OK) {
		free_store(s);
		return st;
	}
	s->schema_version = migrations_current(s->writer);
	*out = s;
	return FQ_OK;
}

void store_close(store *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->q_mu);
	s->stopping = 1;
	pthread_cond_signal(&s->q_cv);
	pthread_mutex_unlock(&s->q_mu);
	pthread_join(s->thread, NULL);
	checkpointer_stop(s->ckpt, s->writer);
	s->ckpt = NULL;
	optimize(s->writer);
	conn_exec(s->writer, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
	free_store(s);
}

int store_schema_version(store *s)
{
	return s->schema_version;
}

int store_schema_known(void)
{
	return migrations_known();
}

void store_stats_get(store *s, store_stats *out)
{
	pthread_mutex_lock(&s->q_mu);
	*out = s->stats;
	out->queue_len = s->q_len;
	pthread_mutex_unlock(&s->q_mu);
	if (s->ckpt)
		checkpointer_counts(s->ckpt, &out->checkpoints, &out->checkpoints_inline);
}

/* ---- backup and restore -------------------------------------------- */

static fq_status copy_db(sqlite3 *src, sqlite3 *dst, fq_err *err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return fq_fail(err, FQ_ESTORE, "", "backup: %s", sqlite3_errmsg(dst));
	int rc;
	/* one step copies everything under one read transaction: a consistent
	 * snapshot even while another process writes */
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return fq_fail(err, FQ_ESTORE, "", "backup: %s", sqlite3_errstr(rc));
	return FQ_OK;
}

static fq_status check_integrity(store_conn *c, fq_err *err)
{
	sqlite3_stmt *st = NULL;
	fq_status res = FQ_ESTORE;
	if (sqlite3_prepare_v2(c->db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		res = r && strcmp(r, "ok") == 0 ? FQ_OK : FQ_ESTORE;
		if (res != FQ_OK)
			fq_fail(err, res, "backup", "integrity check failed: %s", r ? r : "?");
	} else {
		fq_fail(err, res, "backup", "not a database: %s", sqlite3_errmsg(c->db));
	}
	sqlite3_finalize(st);
	return res;
}

/* Copy the database at from over the one at to, then run pragma (its
 * journal mode) on to; with check, from must pass an integrity check
 * first. */
static fq_status copy_path(const char *from, const char *to, int check, const char *pragma,
			   fq_err *err)
{
	store_conn *src = NULL, *dst = NULL;
	fq_status st = conn_open(from, 1, &src, err);
	if (st == FQ_OK && check)
		st = check_integrity(src, err);
	if (st == FQ_OK)
		st = conn_open(to, 0, &dst, err);
	if (st == FQ_OK)
		st = copy_db(src->db, dst->db, err);
	if (st == FQ_OK)
		st = conn_exec(dst, pragma, err);
	conn_close(src);
	conn_close(dst);
	return st;
}

fq_status store_backup(const char *db_path, const char *dest_path, fq_err *err)
{
	struct stat sb;
	if (stat(dest_path, &sb) == 0)
		return fq_fail(err, FQ_ECONFLICT, "path", "%s already exists", dest_path);
	if (stat(db_path, &sb) != 0)
		return fq_fail(err, FQ_ENOTFOUND, "db", "no database at %s", db_path);
	fq_status st = copy_path(db_path, dest_path, 0, "PRAGMA journal_mode=DELETE", err);
	if (st != FQ_OK)
		unlink(dest_path);
	return st;
}

fq_status store_restore(const char *backup_path, const char *db_path, fq_err *err)
{
	return copy_path(backup_path, db_path, 1, "PRAGMA journal_mode=WAL", err);
}
