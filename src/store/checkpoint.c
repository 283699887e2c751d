/*
 * checkpoint.c - WAL checkpoints off the writer's path.
 *
 * SQLite's own automatic checkpoint runs inside the COMMIT of whichever
 * connection pushes the WAL past 1,000 pages: here always the writer
 * thread, which then copies pages into the database file and fsyncs it
 * while every parked request waits behind it. Instead the writer's WAL
 * hook only wakes a thread of its own, with its own connection, that runs
 * a PASSIVE checkpoint (it never blocks the writer or a reader) while the
 * writer goes on.
 *
 * A WAL is reset to its start only when a checkpoint has copied all of it
 * before the next write begins. Under writes without a pause the thread
 * always lags a little, so once the WAL passes CKPT_PAGES_INLINE the
 * writer runs one PASSIVE checkpoint itself: it copies only what the
 * thread has not yet copied, and lets the next write start the WAL again.
 */
#include "store/sqlite_int.h"

#include <pthread.h>
#include <stdlib.h>

/* WAL pages added since the thread was last woken that wake it again
 * (SQLite's default for its automatic checkpoint): each checkpoint copies
 * about this many pages and fsyncs the database file once. */
#define CKPT_PAGES 1000
/* WAL pages after a commit at which the writer checkpoints itself (about
 * 64 MB of 4 KiB pages): the bound on the WAL's size under steady writes. */
#define CKPT_PAGES_INLINE 16000

struct checkpointer {
	store_conn *conn;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int wanted;
	int stopping;
	int woken_at;      /* WAL pages when the thread was last woken (writer only) */
	uint64_t runs;     /* checkpoints done by the thread */
	uint64_t inline_runs;  /* ... and by the writer, at the bound */
};

static void *checkpointer_main(void *arg)
{
	checkpointer *k = arg;
	pthread_mutex_lock(&k->mu);
	for (;;) {
		while (!k->wanted && !k->stopping)
			pthread_cond_wait(&k->cv, &k->mu);
		if (k->stopping)
			break;
		k->wanted = 0;
		pthread_mutex_unlock(&k->mu);
		sqlite3_wal_checkpoint_v2(k->conn->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&k->mu);
		k->runs++;
	}
	pthread_mutex_unlock(&k->mu);
	return NULL;
}

/* The writer's WAL hook, after each commit: pages is the WAL's length. */
static int wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	checkpointer *k = arg;
	if (pages < k->woken_at) /* the WAL started again from its beginning */
		k->woken_at = 0;
	if (pages >= CKPT_PAGES_INLINE) {
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		k->woken_at = 0;
		pthread_mutex_lock(&k->mu);
		k->inline_runs++;
		pthread_mutex_unlock(&k->mu);
	} else if (pages - k->woken_at >= CKPT_PAGES) {
		k->woken_at = pages;
		pthread_mutex_lock(&k->mu);
		k->wanted = 1;
		pthread_cond_signal(&k->cv);
		pthread_mutex_unlock(&k->mu);
	}
	return SQLITE_OK;
}

fq_status checkpointer_start(store_conn *conn, store_conn *writer, checkpointer **out,
			     fq_err *err)
{
	checkpointer *k = calloc(1, sizeof *k);
	if (!k)
		return FQ_ENOMEM;
	k->conn = conn;
	pthread_mutex_init(&k->mu, NULL);
	pthread_cond_init(&k->cv, NULL);
	if (pthread_create(&k->thread, NULL, checkpointer_main, k) != 0) {
		pthread_mutex_destroy(&k->mu);
		pthread_cond_destroy(&k->cv);
		free(k);
		return fq_fail(err, FQ_ENOMEM, "", "cannot start the checkpoint thread");
	}
	/* replaces SQLite's automatic checkpoint on the writer */
	sqlite3_wal_hook(writer->db, wal_hook, k);
	*out = k;
	return FQ_OK;
}

void checkpointer_counts(checkpointer *k, uint64_t *runs, uint64_t *inline_runs)
{
	pthread_mutex_lock(&k->mu);
	*runs = k->runs;
	*inline_runs = k->inline_runs;
	pthread_mutex_unlock(&k->mu);
}

void checkpointer_stop(checkpointer *k, store_conn *writer)
{
	if (!k)
		return;
	sqlite3_wal_hook(writer->db, NULL, NULL);
	pthread_mutex_lock(&k->mu);
	k->stopping = 1;
	pthread_cond_signal(&k->cv);
	pthread_mutex_unlock(&k->mu);
	pthread_join(k->thread, NULL);
	conn_close(k->conn);
	pthread_mutex_destroy(&k->mu);
	pthread_cond_destroy(&k->cv);
	free(k);
}
