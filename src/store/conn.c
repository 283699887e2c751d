/*
 * conn.c - SQLite connections, the prepared-statement cache and the helpers
 * that run statements and read their rows, shared by every store file; see
 * sqlite_int.h.
 */
#include "store/sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define BUSY_TIMEOUT_MS 10000

/* ---- statement profile (FQ_SQL_PROFILE=1) ---------------------------- */

/* Distinct statements a profile tells apart (a power of two), and how many
 * it prints. */
#define PROFILE_SLOTS 4096
#define PROFILE_PRINT 25

typedef struct {
	const char *key; /* sqlite3_sql() when last seen */
	char *sql;       /* the statement's text, a copy */
	uint64_t ns;     /* time spent in it */
	uint64_t runs;   /* times it ran */
} profile_slot;

struct sql_profile {
	profile_slot slot[PROFILE_SLOTS];
};

/* The slot of a statement's text: found by its address, then by its text. */
static profile_slot *profile_slot_of(struct sql_profile *pr, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 4) & (PROFILE_SLOTS - 1);
	for (size_t i = 0; i < PROFILE_SLOTS; i++) {
		profile_slot *s = &pr->slot[(h + i) & (PROFILE_SLOTS - 1)];
		if (s->key == sql && strcmp(s->sql, sql) == 0)
			return s;
		if (!s->sql) {
			s->key = sql;
			s->sql = strdup(sql);
			return s->sql ? s : NULL;
		}
	}
	return NULL;
}

static int profile_cb(unsigned kind, void *ctx, void *p, void *x)
{
	if (kind != SQLITE_TRACE_PROFILE)
		return 0;
	profile_slot *s = profile_slot_of(ctx, sqlite3_sql(p));
	if (s) {
		s->ns += (uint64_t) * (sqlite3_int64 *)x;
		s->runs++;
	}
	return 0;
}

static int by_time(const void *a, const void *b)
{
	uint64_t x = ((const profile_slot *)a)->ns, y = ((const profile_slot *)b)->ns;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* A connection's profile to stderr, the costliest statements first. */
static void profile_print(struct sql_profile *pr)
{
	qsort(pr->slot, PROFILE_SLOTS, sizeof pr->slot[0], by_time);
	for (int i = 0; i < PROFILE_PRINT && pr->slot[i].sql; i++)
		fprintf(stderr, "sql-profile %10.1f ms %9llu runs %8.1f us/run  %.160s\n",
			(double)pr->slot[i].ns / 1e6, (unsigned long long)pr->slot[i].runs,
			(double)pr->slot[i].ns / 1e3 / (double)pr->slot[i].runs, pr->slot[i].sql);
}

static void profile_free(struct sql_profile *pr)
{
	for (int i = 0; pr && i < PROFILE_SLOTS; i++)
		free(pr->slot[i].sql);
	free(pr);
}

fq_status conn_open(const char *path, int readonly, store_conn **out, fq_err *err)
{
	store_conn *c = calloc(1, sizeof *c);
	if (!c)
		return FQ_ENOMEM;
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	flags |= SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &c->db, flags, NULL);
	if (rc != SQLITE_OK) {
		fq_fail(err, FQ_ESTORE, "db", "cannot open %s: %s", path,
			c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		sqlite3_close(c->db);
		free(c);
		return FQ_ESTORE;
	}
	c->pool_index = -1;
	const char *guard = getenv("FQ_PLAN_GUARD");
	if (guard && *guard)
		c->plan_guard = strcmp(guard, "log") == 0 ? PLAN_GUARD_LOG : PLAN_GUARD_ABORT;
	const char *prof = getenv("FQ_SQL_PROFILE");
	if (prof && *prof == '1' && (c->profile = calloc(1, sizeof *c->profile)))
		sqlite3_trace_v2(c->db, SQLITE_TRACE_PROFILE, profile_cb, c->profile);
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(c->db, 1);
	/* No memory map (mmap_size stays 0): in WAL mode a connection whose
	 * read transaction finds that another connection has committed drops
	 * its cache and unmaps the whole map, so under steady writes every
	 * read paid an munmap and a page fault per page touched again (a
	 * quarter of the server's CPU per request at intake); pages read with
	 * pread from the kernel's cache cost less. */
	fq_status st = conn_exec(c,
				 "PRAGMA foreign_keys=ON;"
				 "PRAGMA synchronous=FULL;"
				 "PRAGMA temp_store=MEMORY;"
				 "PRAGMA cache_size=-16000;",
				 err);
	if (st == FQ_OK && !readonly)
		st = conn_exec(c, "PRAGMA journal_mode=WAL;", err);
	if (st != FQ_OK) {
		conn_close(c);
		return st;
	}
	*out = c;
	return FQ_OK;
}

fq_status conn_modules(store_conn *c, const store_module *mods, fq_err *err)
{
	c->modules = mods;
	for (const store_module *m = mods; m && m->name; m++)
		if (m->functions && m->functions(c->db) != SQLITE_OK)
			return fq_fail(err, FQ_ESTORE, "db",
			               "cannot register the SQL functions of %s: %s", m->name,
			               sqlite3_errmsg(c->db));
	return FQ_OK;
}

void *store_conn_cache(store_conn *c, int slot)
{
	return slot >= 0 && slot < STORE_CACHE_SLOTS ? c->cache[slot] : NULL;
}

void store_conn_cache_set(store_conn *c, int slot, void *value, void (*free_fn)(void *))
{
	if (slot < 0 || slot >= STORE_CACHE_SLOTS)
		return;
	if (c->cache[slot] && c->cache_free[slot])
		c->cache_free[slot](c->cache[slot]);
	c->cache[slot] = value;
	c->cache_free[slot] = free_fn;
}

void conn_close(store_conn *c)
{
	if (!c)
		return;
	for (int i = 0; i < STORE_CACHE_SLOTS; i++)
		store_conn_cache_set(c, i, NULL, NULL);
	for (int i = 0; i < c->cache_used; i++)
		sqlite3_finalize(c->cache_stmt[i]);
	if (c->profile)
		profile_print(c->profile);
	profile_free(c->profile);
	sqlite3_close(c->db);
	free(c);
}

fq_status conn_exec(store_conn *c, const char *sql, fq_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		return FQ_OK;
	fq_fail(err, FQ_ESTORE, "", "%s", msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return FQ_ESTORE;
}

sqlite3_stmt *stmt_get(store_conn *c, const char *sql)
{
	for (int i = 0; i < c->cache_used; i++)
		if (c->cache_sql[i] == sql) {
			sqlite3_reset(c->cache_stmt[i]);
			sqlite3_clear_bindings(c->cache_stmt[i]);
			return c->cache_stmt[i];
		}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		fq_error("prepare failed: %s: %s", sqlite3_errmsg(c->db), sql);
		return NULL;
	}
	if (c->plan_guard)
		plan_guard(c, sql);
	if (c->cache_used < STMT_CACHE_SIZE) {
		c->cache_sql[c->cache_used] = sql;
		c->cache_stmt[c->cache_used++] = st;
		return st;
	}
	/* cache full: replace the last slot; correct, only slower */
	sqlite3_finalize(c->cache_stmt[STMT_CACHE_SIZE - 1]);
	c->cache_sql[STMT_CACHE_SIZE - 1] = sql;
	c->cache_stmt[STMT_CACHE_SIZE - 1] = st;
	return st;
}

fq_status stmt_fail(store_conn *c, int rc, fq_err *err)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return fq_fail(err, FQ_ECONFLICT, "", "%s", sqlite3_errmsg(c->db));
	fq_error("sqlite: %s", sqlite3_errmsg(c->db));
	return fq_fail(err, FQ_ESTORE, "", "%s", sqlite3_errmsg(c->db));
}

fq_status stmt_ready(sqlite3_stmt *st, fq_err *err)
{
	return st ? FQ_OK : fq_fail(err, FQ_ESTORE, "", "statement could not be prepared");
}

fq_status stmt_one(store_conn *c, fq_arena *a, sqlite3_stmt *st, store_row_reader read,
		   void *row, const char *field, const char *what, fq_err *err)
{
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && read(a, st, row) != 0)
		res = fq_fail(err, FQ_ENOMEM, "", "out of memory");
	else if (rc == SQLITE_DONE && what)
		res = fq_fail(err, FQ_ENOTFOUND, field, "no such %s", what);
	else if (rc == SQLITE_DONE)
		res = fq_fail(err, FQ_ENOTFOUND, field, "not found");
	else if (rc != SQLITE_ROW)
		res = stmt_fail(c, rc, err);
	sqlite3_reset(st);
	return res;
}

/* Make room for one more row of size bytes in *rows (holding count of
 * *cap); 0, or -1 when out of memory. */
static int grow(fq_arena *a, char **rows, size_t *cap, size_t count, size_t size)
{
	if (count < *cap)
		return 0;
	size_t want = *cap ? *cap * 2 : STMT_ROWS_FIRST;
	char *more = fq_arena_alloc(a, want * size);
	if (!more)
		return -1;
	if (count)
		memcpy(more, *rows, count * size);
	*rows = more;
	*cap = want;
	return 0;
}

fq_status stmt_rows(store_conn *c, fq_arena *a, sqlite3_stmt *st, size_t max, size_t row_size,
		    store_row_reader read, void **out, size_t *n, fq_err *err)
{
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	char *rows = NULL;
	size_t count = 0, cap = 0;
	int rc = SQLITE_DONE;
	if (grow(a, &rows, &cap, 0, row_size) != 0)
		res = fq_fail(err, FQ_ENOMEM, "", "out of memory");
	while (res == FQ_OK && count < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow(a, &rows, &cap, count, row_size) != 0 ||
		    read(a, st, rows + count * row_size) != 0)
			res = fq_fail(err, FQ_ENOMEM, "", "out of memory");
		count++;
	}
	if (res == FQ_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		res = stmt_fail(c, rc, err);
	sqlite3_reset(st);
	if (res == FQ_OK) {
		*out = rows;
		*n = count;
	}
	return res;
}

fq_status stmt_int(store_conn *c, sqlite3_stmt *st, int64_t *out, fq_err *err)
{
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		*out = 0;
	else
		res = stmt_fail(c, rc, err);
	sqlite3_reset(st);
	return res;
}

fq_status stmt_ids(store_conn *c, sqlite3_stmt *st, int64_t *ids, size_t max, size_t *n,
		   fq_err *err)
{
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (*n < max)
			ids[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FQ_OK : stmt_fail(c, rc, err);
}

fq_status stmt_ints(store_conn *c, sqlite3_stmt *st, int *const *out, size_t n, fq_err *err)
{
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		res = stmt_fail(c, rc, err);
	for (size_t k = 0; res == FQ_OK && k < n; k++)
		*out[k] = rc == SQLITE_ROW ? sqlite3_column_int(st, (int)k) : 0;
	sqlite3_reset(st);
	return res;
}

fq_status stmt_count(store_conn *c, sqlite3_stmt *st, int *out, fq_err *err)
{
	int64_t v = 0;
	fq_status res = stmt_int(c, st, &v, err);
	if (res == FQ_OK)
		*out = (int)v;
	return res;
}

fq_status stmt_exec(store_conn *c, sqlite3_stmt *st, fq_err *err)
{
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	int rc = sqlite3_step(st);
	res = rc == SQLITE_DONE || rc == SQLITE_ROW ? FQ_OK : stmt_fail(c, rc, err);
	sqlite3_reset(st);
	return res;
}

fq_status stmt_insert(store_conn *c, sqlite3_stmt *st, int64_t *id, fq_err *err)
{
	fq_status res = stmt_exec(c, st, err);
	if (res == FQ_OK && id)
		*id = sqlite3_last_insert_rowid(c->db);
	return res;
}

void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void bind_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

int read_id(fq_arena *a, sqlite3_stmt *st, void *row)
{
	(void)a;
	*(int64_t *)row = sqlite3_column_int64(st, 0);
	return 0;
}

char *col_text(fq_arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t)
		return NULL;
	return fq_arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
}

char *col_opt(fq_arena *a, sqlite3_stmt *st, int i, int *bad)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	char *s = col_text(a, st, i);
	if (!s)
		*bad = 1;
	return s;
}

const char *col_str(fq_arena *a, sqlite3_stmt *st, int i, int *bad)
{
	const char *s = col_opt(a, st, i, bad);
	return s ? s : "";
}

/* Bytes of a field of each col_type. */
static const unsigned char col_size[] = {
	[COL_I64] = COL_SIZE_I64, [COL_ID] = COL_SIZE_ID,   [COL_INT] = COL_SIZE_INT,
	[COL_NUL] = COL_SIZE_NUL, [COL_DBL] = COL_SIZE_DBL, [COL_STR] = COL_SIZE_STR,
	[COL_OPT] = COL_SIZE_OPT, [COL_BLOB] = COL_SIZE_BLOB,
};

/* Column i of st into the field at p, of type t. */
static void read_col(fq_arena *a, sqlite3_stmt *st, int i, col_type t, void *p, int *bad)
{
	col_value v = {0};
	switch (t) {
	case COL_I64:
	case COL_ID:
		v.i64 = sqlite3_column_int64(st, i);
		break;
	case COL_INT:
		v.i = sqlite3_column_int(st, i);
		break;
	case COL_NUL:
		v.i64 = sqlite3_column_type(st, i) == SQLITE_NULL ? INT64_MIN
								   : sqlite3_column_int64(st, i);
		break;
	case COL_DBL:
		v.d = sqlite3_column_double(st, i);
		break;
	case COL_STR:
		v.s = col_str(a, st, i, bad);
		break;
	case COL_OPT:
		v.s = col_opt(a, st, i, bad);
		break;
	case COL_BLOB: /* not a column type: ARG_BLOB only */
		break;
	}
	memcpy(p, &v, col_size[t]);
}

int read_cols(fq_arena *a, sqlite3_stmt *st, int first, const col_map *cols, size_t n,
	      void *row)
{
	int bad = 0;
	for (size_t k = 0; k < n; k++)
		read_col(a, st, first + (int)k, cols[k].type, (char *)row + cols[k].offset, &bad);
	return bad ? -1 : 0;
}

/* The field at p, of type t, to parameter i of st. */
static void bind_col(sqlite3_stmt *st, int i, col_type t, const void *p)
{
	col_value v = {0};
	memcpy(&v, p, col_size[t]);
	switch (t) {
	case COL_I64:
	case COL_NUL:
		sqlite3_bind_int64(st, i, v.i64);
		break;
	case COL_ID:
		bind_id(st, i, v.i64);
		break;
	case COL_INT:
		sqlite3_bind_int(st, i, v.i);
		break;
	case COL_DBL:
		sqlite3_bind_double(st, i, v.d);
		break;
	case COL_STR:
		bind_text(st, i, v.s ? v.s : "");
		break;
	case COL_OPT:
		bind_text(st, i, v.s);
		break;
	case COL_BLOB:
		sqlite3_bind_blob(st, i, v.blob.p, v.blob.n, SQLITE_TRANSIENT);
		break;
	}
}

sqlite3_stmt *stmt_args(store_conn *c, const char *sql, const stmt_arg *args, size_t n)
{
	sqlite3_stmt *st = stmt_get(c, sql);
	for (size_t k = 0; st && k < n; k++)
		bind_col(st, (int)k + 1, args[k].type, &args[k].v);
	return st;
}

const char *like_contains(fq_arena *a, const char *q)
{
	if (!q || !*q)
		return NULL;
	char *out = fq_arena_alloc(a, 2 * strlen(q) + 3);
	if (!out)
		return NULL;
	char *p = out;
	*p++ = '%';
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == LIKE_ESCAPE)
			*p++ = LIKE_ESCAPE;
		*p++ = *q;
	}
	*p++ = '%';
	*p = '\0';
	return out;
}

int64_t store_last_id(store_conn *c)
{
	return sqlite3_last_insert_rowid(c->db);
}
