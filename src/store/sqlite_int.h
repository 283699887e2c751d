/*
 * sqlite_int.h - private to src/store/: the SQLite connection wrapper and
 * the prepared-statement helpers every store_*.c file uses. Nothing outside
 * src/store/ includes this.
 */
#ifndef FQ_STORE_SQLITE_INT_H
#define FQ_STORE_SQLITE_INT_H

#include <stddef.h>
#include <string.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"
#include "store/store_plans.h"

#define STMT_CACHE_SIZE 96 /* distinct statements kept prepared per connection */

struct store_conn {
	sqlite3 *db;                              /* the connection */
	const char *cache_sql[STMT_CACHE_SIZE];   /* statement text (static strings) */
	sqlite3_stmt *cache_stmt[STMT_CACHE_SIZE];
	int cache_used;                           /* slots filled */
	int pool_index;                           /* position in the read pool, -1 for the writer */
	void *cache[STORE_CACHE_SLOTS];           /* see store_conn_cache() */
	void (*cache_free[STORE_CACHE_SLOTS])(void *);
	struct sql_profile *profile;              /* FQ_SQL_PROFILE: time per statement */
	int plan_guard;                           /* FQ_PLAN_GUARD: PLAN_GUARD_* */
	const struct store_module *modules;       /* see conn_modules(); NULL for none */
	size_t counts_item_mark;                  /* metrics_mark() when a sweep item began */
};

/* A request is open unless closed, rejected or merged: the WHERE of the
 * partial indexes of open requests (migration 13), spelled the same in
 * every statement that reads them so that SQLite can use them, and as
 * comparisons because an IN list costs a temporary b-tree per statement. */
#define SQL_REQ_OPEN "state <> 'closed' AND state <> 'rejected' AND state <> 'merged'"

/*
 * A store module's part in every connection and every group commit. The
 * connection (conn.c), the writer (store.c) and the plan guard reach the
 * modules only through the one const table store_modules, so that no
 * store file calls back up into a module by name.
 */
typedef struct store_module {
	const char *name;              /* "metrics"; NULL ends the table */
	const store_plan_entry *plans; /* its hot statements, ended by a NULL name; or NULL */
	int (*functions)(sqlite3 *db); /* registers its SQL functions on a new connection
					  and returns an SQLite result code; or NULL */
	/* writes what it keeps waiting, inside the writer's transaction
	 * before each commit and once at open; or NULL. busy: the commit holds
	 * more than one job or more wait behind it, so work that may wait can
	 * wait for a later commit (0 at open and for a lone job). */
	fq_status (*commit)(store_conn *c, int busy, fq_err *err);
} store_module;

/* The modules, in the order their commit hooks run (store_modules.c). */
extern const store_module store_modules[];

/* Give c the modules mods (a table like store_modules): their SQL functions
 * are registered on c, and the plan guard knows their hot statements.
 * FQ_ESTORE naming the module when a registration fails. */
fq_status conn_modules(store_conn *c, const store_module *mods, fq_err *err);

/* The counter additions of store_metrics_add not yet written (see there):
 * metrics_flush writes them, summed per row (the metrics module's commit
 * hook); metrics_mark and metrics_undo drop the ones added since a mark
 * when a job or a sweep item is undone. They are kept in the connection's
 * cache slot STORE_CACHE_METRICS and freed with it. */
fq_status metrics_flush(store_conn *c, fq_err *err);

/* metrics_flush as a commit hook: the counters are written at every commit. */
fq_status metrics_commit(store_conn *c, int busy, fq_err *err);
size_t metrics_mark(store_conn *c);
void metrics_undo(store_conn *c, size_t mark);

/* Register the SQL functions of store_metrics.c (counts_sum) on db;
 * an SQLite result code. */
int counts_sum_register(sqlite3 *db);

/* What the plan guard does with a bad plan (FQ_PLAN_GUARD=1 or =log). */
enum { PLAN_GUARD_OFF, PLAN_GUARD_LOG, PLAN_GUARD_ABORT };

/* Bytes of the reason plan_judge writes. */
#define PLAN_WHY_MAX 160

/* Check the plan of sql, just prepared on c, as store_plans.h says: a full
 * scan of a large table (unless sql is a hot statement of c's modules
 * registered to walk it, or marked STORE_PLAN_SCAN) is logged, and with
 * PLAN_GUARD_ABORT aborts. */
void plan_guard(store_conn *c, const char *sql);

/* Judge plan, the text store_plan_text gave for sql: NULL when good, else
 * what is wrong (a full scan of a large table other than walks, an
 * automatic index, an index of the space-separated uses not used),
 * written into why of size bytes. */
const char *plan_judge(const char *plan, const char *sql, const char *uses, const char *walks,
		       char *why, size_t size);

/* The hot statements of each store file, for store_modules.c; each table
 * ends with an entry whose name is NULL. */
extern const store_plan_entry store_req_plans[];
extern const store_plan_entry store_auth_plans[];
extern const store_plan_entry store_org_plans[];
extern const store_plan_entry store_sweep_plans[];
extern const store_plan_entry store_metrics_plans[];
extern const store_plan_entry store_open311_plans[];
extern const store_plan_entry store_live_plans[];
extern const store_plan_entry store_search_plans[];
extern const store_plan_entry store_talent_plans[];
extern const store_plan_entry store_volunteer_plans[];
extern const store_plan_entry store_volunteer_team_plans[];
extern const store_plan_entry store_volunteer_act_plans[];

/* A prepared statement for sql, which must be a string literal (it is
 * cached by address). Reset and unbound. NULL on error, logged. */
sqlite3_stmt *stmt_get(store_conn *c, const char *sql);

/* Map a SQLite result code to a status, filling err with the message. */
fq_status stmt_fail(store_conn *c, int rc, fq_err *err);

/* FQ_OK, or FQ_ESTORE ("statement could not be prepared") when st is
 * NULL, as stmt_get returns it on error. The helpers below that take a
 * statement check it themselves. */
fq_status stmt_ready(sqlite3_stmt *st, fq_err *err);

/* Step a statement that returns no rows, then reset it: FQ_OK on DONE,
 * FQ_ECONFLICT on a constraint failure, FQ_ESTORE otherwise. */
fq_status stmt_exec(store_conn *c, sqlite3_stmt *st, fq_err *err);

/* As stmt_exec, for an INSERT: on FQ_OK *id (unless id is NULL) is the
 * rowid of the new row. */
fq_status stmt_insert(store_conn *c, sqlite3_stmt *st, int64_t *id, fq_err *err);

/* Reads the current row of st into row (a struct of the caller's), its
 * strings copied into a: 0, or -1 when out of memory (col_opt and col_str
 * tell). */
typedef int (*store_row_reader)(fq_arena *a, sqlite3_stmt *st, void *row);

/* Step the bound statement st once: the row through read into row;
 * FQ_ENOTFOUND naming field ("no such <what>", or "not found" when what is
 * NULL) when there is none; FQ_ENOMEM when read runs out of memory.
 * Resets st. */
fq_status stmt_one(store_conn *c, fq_arena *a, sqlite3_stmt *st, store_row_reader read,
		   void *row, const char *field, const char *what, fq_err *err);

/* A store_row_reader of the integer in column 0 into an int64_t (an id). */
int read_id(fq_arena *a, sqlite3_stmt *st, void *row);

/* Rows of stmt_rows' first array; it doubles as rows come. */
#define STMT_ROWS_FIRST 16

/* Step the bound statement st for up to max rows of row_size bytes each,
 * read into a new arena array (never NULL on success); *out and *n are
 * written on success only. FQ_ENOMEM when the array or a read runs out of
 * memory. Resets st. */
fq_status stmt_rows(store_conn *c, fq_arena *a, sqlite3_stmt *st, size_t max, size_t row_size,
		    store_row_reader read, void **out, size_t *n, fq_err *err);

/* Step the bound statement st once for the integer in column 0 of its
 * row, 0 when there is no row. Resets st. */
fq_status stmt_int(store_conn *c, sqlite3_stmt *st, int64_t *out, fq_err *err);

/* Step the bound statement st to its end, appending the integer in column
 * 0 of each row to ids while *n < max (the rows past max are passed
 * over); *n counts what ids holds. Resets st. */
fq_status stmt_ids(store_conn *c, sqlite3_stmt *st, int64_t *ids, size_t max, size_t *n,
		   fq_err *err);

/* Step the bound statement st once for the integers in columns 0 to n - 1
 * of its row into *out[0] to *out[n - 1] (0 each when there is no row):
 * stmt_ints(c, st, (int *const[]){&all, &open}, 2, err). Resets st. */
fq_status stmt_ints(store_conn *c, sqlite3_stmt *st, int *const *out, size_t n, fq_err *err);

/* As stmt_int, for a count that fits an int. */
fq_status stmt_count(store_conn *c, sqlite3_stmt *st, int *out, fq_err *err);

/* Bind s, or SQL NULL when s is NULL. */
void bind_text(sqlite3_stmt *st, int i, const char *s);

/* Bind id, or SQL NULL when id is 0. */
void bind_id(sqlite3_stmt *st, int i, int64_t id);

/* Column text copied into the arena: NULL for SQL NULL, and NULL when out
 * of memory (a row reader uses col_opt, which tells the two apart). */
char *col_text(fq_arena *a, sqlite3_stmt *st, int i);

/* Column i as text in a: NULL for SQL NULL; sets *bad (and gives NULL)
 * when out of memory. */
char *col_opt(fq_arena *a, sqlite3_stmt *st, int i, int *bad);

/* As col_opt, but "" for SQL NULL (and when out of memory). */
const char *col_str(fq_arena *a, sqlite3_stmt *st, int i, int *bad);

/* ---- column maps ----------------------------------------------------------
 * A record's columns are declared once, as a const table of col_map read by
 * read_cols: entry k stands for column first + k of a row and names the
 * record's field and how it is stored. ROW_READER declares a
 * store_row_reader by its table. The same types say how an ARG_* value of
 * stmt_bound binds. */

/* How a field is stored, and what NULL is. */
typedef enum col_type {
	COL_I64,  /* int64_t: NULL reads 0 */
	COL_ID,   /* int64_t id: NULL reads 0, 0 binds NULL (as bind_id) */
	COL_INT,  /* int, int32_t or unsigned: NULL reads 0 */
	COL_NUL,  /* int64_t: NULL reads INT64_MIN (store_org.h's STORE_INT_NULL) */
	COL_DBL,  /* double */
	COL_STR,  /* const char * in the arena: NULL reads "", binds "" */
	COL_OPT,  /* const char * in the arena: NULL reads and binds NULL */
	COL_BLOB, /* col_blob: binds only (ARG_BLOB) */
} col_type;

/* Bytes bound as a blob. */
typedef struct col_blob {
	const void *p;
	int n;
} col_blob;

typedef struct col_map {
	unsigned short offset; /* of the field in the record */
	unsigned short type;   /* col_type */
} col_map;

/* Bytes of a field of each type; COL checks them when it compiles. */
#define COL_SIZE_I64 sizeof(int64_t)
#define COL_SIZE_ID sizeof(int64_t)
#define COL_SIZE_INT sizeof(int)
#define COL_SIZE_NUL sizeof(int64_t)
#define COL_SIZE_DBL sizeof(double)
#define COL_SIZE_STR sizeof(char *)
#define COL_SIZE_OPT sizeof(char *)
#define COL_SIZE_BLOB sizeof(col_blob)

/* 0, or a compile error when cond is false. */
#define COL_CHECK(cond) (0 * sizeof(struct { int ok : (cond) ? 1 : -1; }))

/* The entry of field of the record type R (a typedef in scope, as
 * ROW_READER declares it), stored as COL_<type>. */
#define COL(type, field)                                                                        \
	{offsetof(R, field) + COL_CHECK(sizeof(((R *)0)->field) == COL_SIZE_##type),           \
	 COL_##type}

/* Entries of a col_map array. */
#define COLS_N(map) (sizeof(map) / sizeof((map)[0]))

/* Read the n columns of st's current row from column first on into the
 * fields of row that cols names, strings copied into a: 0, or -1 when out
 * of memory (a store_row_reader's result). */
int read_cols(fq_arena *a, sqlite3_stmt *st, int first, const col_map *cols, size_t n,
	      void *row);

/* A static store_row_reader name that reads a row, from column 0 on, into a
 * record of type rec by the COL entries that follow, one per column; the
 * fields no entry names are zeroed. */
#define ROW_READER(name, rec, ...)                                                              \
	static int name(fq_arena *a, sqlite3_stmt *st, void *row)                               \
	{                                                                                       \
		typedef rec R;                                                                  \
		static const col_map cols[] = {__VA_ARGS__};                                    \
		memset(row, 0, sizeof(R));                                                      \
		return read_cols(a, st, 0, cols, COLS_N(cols), row);                            \
	}

/* ---- statements with their parameters ------------------------------------ */

/* A field's value, of any col_type; each type is its member at offset 0. */
typedef union col_value {
	int64_t i64;
	int i;
	double d;
	const char *s;
	col_blob blob;
} col_value;

/* One parameter of stmt_bound: a value and how it binds (its col_type). */
typedef struct stmt_arg {
	col_type type;
	col_value v;
} stmt_arg;

#define ARG_I64(x) {COL_I64, {.i64 = (x)}}  /* an integer */
#define ARG_ID(x) {COL_ID, {.i64 = (x)}}    /* an id: 0 binds NULL */
#define ARG_INT(x) {COL_INT, {.i = (x)}}    /* an int */
#define ARG_NZ(x) {COL_ID, {.i64 = (x)}}    /* a number that is NULL when 0 (a floor) */
#define ARG_DBL(x) {COL_DBL, {.d = (x)}}    /* a double */
#define ARG_TEXT(x) {COL_OPT, {.s = (x)}}   /* text: NULL binds NULL (as bind_text) */
#define ARG_STR(x) {COL_STR, {.s = (x)}}    /* text: NULL binds "" */
#define ARG_BLOB(p, n) {COL_BLOB, {.blob = {(p), (int)(n)}}} /* n bytes at p, copied */

/* The prepared statement for sql (as stmt_get) with args[0..n-1] bound to
 * its parameters 1 to n; NULL on error, which the stmt_* helpers that take
 * a statement report. */
sqlite3_stmt *stmt_args(store_conn *c, const char *sql, const stmt_arg *args, size_t n);

/* stmt_args with the ARG_* values that follow sql, in parameter order:
 * stmt_exec(c, stmt_bound(c, SQL, ARG_I64(id), ARG_TEXT(name)), err). */
#define stmt_bound(c, sql, ...)                                                                 \
	stmt_args(c, sql, (const stmt_arg[]){__VA_ARGS__},                                     \
		  sizeof((const stmt_arg[]){__VA_ARGS__}) / sizeof(stmt_arg))

/* The escape character of every LIKE pattern the store builds: its SQL
 * says ESCAPE '\'. */
#define LIKE_ESCAPE '\\'

/* "%q%" in a, with LIKE's wildcards (and LIKE_ESCAPE) in q escaped, for a
 * "contains" test; NULL when q is NULL or "" (no test) or out of memory. */
const char *like_contains(fq_arena *a, const char *q);

/* Run SQL without results (schema, pragmas). */
fq_status conn_exec(store_conn *c, const char *sql, fq_err *err);

/* Open a connection with the pragmas every connection needs. */
fq_status conn_open(const char *path, int readonly, store_conn **out, fq_err *err);
void conn_close(store_conn *c);

/* WAL checkpoints off the writer's path (checkpoint.c): a thread with
 * connection conn (which it closes when stopped) checkpoints when the
 * writer's commits have grown the WAL; see checkpoint.c for when. */
typedef struct checkpointer checkpointer;
fq_status checkpointer_start(store_conn *conn, store_conn *writer, checkpointer **out,
			     fq_err *err);
/* Checkpoints made so far by the thread, and by the writer itself at the
 * WAL's bound. */
void checkpointer_counts(checkpointer *k, uint64_t *runs, uint64_t *inline_runs);
/* Stop the thread (after its current checkpoint) and unhook the writer. */
void checkpointer_stop(checkpointer *k, store_conn *writer);

/* Migrations (migrations.c): apply what is missing inside one transaction. */
fq_status migrations_apply(store_conn *c, fq_err *err);
int migrations_known(void);
int migrations_current(store_conn *c);

#endif
