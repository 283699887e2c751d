/*
 * store.h - the storage contract. Everything Fengqiao keeps goes through
 * the functions declared here and in the store_*.h headers beside it;
 * nothing outside src/store/ knows which backend (SQLite today,
 * PostgreSQL next) runs underneath or sees a line of SQL.
 *
 * Reads run on a pooled read connection inside one read transaction, so a
 * handler sees one consistent snapshot. Writes run on the single writer
 * thread: every write transaction waiting at the same moment is committed
 * together (group commit), each in its own savepoint so one failure rolls
 * back only itself, and each caller is answered only after the commit is
 * durable (fsync).
 */
#ifndef FQ_STORE_STORE_H
#define FQ_STORE_STORE_H

#include <stdint.h>

#include "core/status.h"

typedef struct store store;
typedef struct store_conn store_conn;

/* Upper bounds that the store enforces. */
#define STORE_READ_CONNS_MAX 256
#define STORE_QUEUE_MAX 100000 /* waiting write transactions before 503 */
/* PRAGMA optimize runs on the writer at close and after a commit once this
 * long has passed since the last; each ANALYZE it starts reads at most
 * STORE_ANALYSIS_LIMIT rows of an index. */
#define STORE_OPTIMIZE_INTERVAL_S (6 * 3600)
/* The writer's page cache, as PRAGMA cache_size (negative: KiB). */
#define STORE_WRITER_CACHE_KIB "-65536"
#define STORE_ANALYSIS_LIMIT "1000"

typedef struct store_options {
	int read_conns; /* pooled read connections (one per worker thread) */
	int batch_max;  /* most transactions in one group commit */
} store_options;

/* Open (creating if needed) the database at path, apply the migrations this
 * binary knows inside one transaction, and start the writer thread.
 * A database whose schema is newer than this binary is refused with
 * FQ_ECONFLICT and a message saying so. On error *out is untouched. */
fq_status store_open(const char *path, const store_options *opt, store **out, fq_err *err);

/* Finish every queued write, stop the writer thread and close all
 * connections. NULL-safe. */
void store_close(store *s);

/* Schema version of the open database (the highest migration applied), and
 * the highest this binary knows. */
int store_schema_version(store *s);
int store_schema_known(void);

/* Take a read connection from the pool (waiting if all are busy) and begin
 * a read transaction on it. Pair with store_read_end. */
fq_status store_read_begin(store *s, store_conn **out);

/* End the read transaction and return the connection. NULL-safe. */
void store_read_end(store *s, store_conn *c);

/* A write transaction body: runs on the writer thread inside a savepoint.
 * Return FQ_OK to keep its changes; anything else rolls them back. */
typedef fq_status (*store_tx_fn)(store_conn *c, void *arg, fq_err *err);

/* Called on the writer thread once the batch holding the transaction has
 * been committed durably (st == FQ_OK) or has failed; err holds the detail.
 * Must be quick: it runs before the next batch starts. */
typedef void (*store_done_fn)(void *arg, fq_status st, const fq_err *err);

/* Queue fn for the next group commit and return at once; done is called
 * later. FQ_EUNAVAILABLE when the store is closing or the queue is full
 * (then done is never called). */
fq_status store_write_async(store *s, store_tx_fn fn, void *arg, store_done_fn done);

/* Queue fn and wait for its commit. The status is fn's, or FQ_ESTORE if the
 * commit failed. */
fq_status store_write(store *s, store_tx_fn fn, void *arg, fq_err *err);

/* As store_write, but fn is a transaction of its own: committed alone,
 * not in a savepoint, and its failure rolls back only itself. For long
 * bulk work (the demo history, imports) that opens savepoints of its own:
 * inside a job's savepoint each of them would cost it more. */
fq_status store_write_alone(store *s, store_tx_fn fn, void *arg, fq_err *err);

/* Counters for /metrics. */
#define STORE_BATCH_BUCKETS 12 /* batch sizes 1,2,4,...,1024,+Inf */
typedef struct store_stats {
	uint64_t commits;                          /* group commits done */
	uint64_t transactions;                     /* write transactions committed */
	uint64_t failed;                           /* transactions rolled back */
	uint64_t batch_hist[STORE_BATCH_BUCKETS];  /* batches with size <= 2^i */
	uint64_t queue_len;                        /* waiting right now */
	uint64_t checkpoints;                      /* WAL checkpoints by their thread */
	uint64_t checkpoints_inline;               /* ... by the writer, at the WAL's bound */
} store_stats;

void store_stats_get(store *s, store_stats *out);

/* Copy a consistent snapshot of the database at db_path to dest_path while
 * other processes may be writing it (SQLite online backup). dest_path must
 * not exist. */
fq_status store_backup(const char *db_path, const char *dest_path, fq_err *err);

/* Replace the database at db_path with the snapshot at backup_path, after
 * checking the snapshot's integrity. No server may be running on db_path. */
fq_status store_restore(const char *backup_path, const char *db_path, fq_err *err);

/* Per-connection cache slots for callers above the store that want to keep
 * something derived from the data next to the connection that read it
 * (e.g. the working-day calendar). A connection is used by one thread at a
 * time, so a slot needs no lock; the caller checks its own freshness. */
#define STORE_CACHE_SLOTS 4
#define STORE_CACHE_CALENDAR 0 /* domain/workdays.c: the working-day calendar */
#define STORE_CACHE_TALENTS 1  /* store_talent.c: a street's suggestion candidates */
#define STORE_CACHE_METRICS 2  /* store_metrics.c: counter additions not yet written */

/* The value in slot (NULL when empty). */
void *store_conn_cache(store_conn *c, int slot);

/* Replace the value in slot, freeing the old one with its free function;
 * free_fn is called on the value when it is replaced or the connection
 * closes. */
void store_conn_cache_set(store_conn *c, int slot, void *value, void (*free_fn)(void *));

/* Last inserted row id on this connection (write transactions). */
int64_t store_last_id(store_conn *c);

#endif
