/*
 * store_talent.c - pools, members, relations, candidates and subjects of
 * the talent pool in SQLite (store_talent.h). Paths are compared as
 * ranges [prefix, prefix with its last '/' turned into '0'), so the
 * indexes on home_path and unit_path serve the scope tests.
 */
#include "store/store_talent_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- shared helpers ------------------------------------------------------------ */

/* The upper bound of the range of paths under path. */
static const char *path_upper(fq_arena *a, const char *path)
{
	char *up = fq_arena_strdup(a, path && *path ? path : "/");
	size_t n = up ? strlen(up) : 0;
	if (n && up[n - 1] == '/')
		up[n - 1] = '0';
	return up;
}

const char *talent_prefix(fq_arena *a, const char *path)
{
	return fq_arena_strdup(a, path && *path ? path : "/");
}

/* Bind the range of paths under path at i and i + 1. */
static void bind_range(fq_arena *a, sqlite3_stmt *st, int i, const char *path)
{
	bind_text(st, i, talent_prefix(a, path));
	bind_text(st, i + 1, path_upper(a, path));
}

/* ---- pools ------------------------------------------------------------------------ */

#define SQL_POOL_COLS                                                                          \
	"SELECT p.id, p.unit_id, p.unit_path, u.name, u.kind, p.name,"                            \
	" (SELECT count(*) FROM talents t WHERE t.pool_id = p.id AND t.status = 'approved'),"     \
	" (SELECT count(*) FROM talents t WHERE t.pool_id = p.id AND t.status = 'pending'),"      \
	" p.created_at FROM talent_pools p CROSS JOIN units u ON u.id = p.unit_id "

ROW_READER(read_pool, store_talent_pool,
	COL(I64, id), COL(I64, unit_id), COL(OPT, unit_path), COL(OPT, unit_name),
	COL(OPT, unit_kind), COL(OPT, name), COL(I64, approved), COL(I64, pending),
	COL(I64, created_at))

fq_status store_talent_pools(store_conn *c, fq_arena *a, store_talent_pool **out, size_t *n,
			     fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_POOL_COLS "ORDER BY p.unit_path LIMIT ?",
	                              ARG_INT(STORE_TALENT_ROWS_MAX));
	return stmt_rows(c, a, st, STORE_TALENT_ROWS_MAX, sizeof **out,
	                 read_pool, (void **)out, n, err);
}

fq_status store_talent_pool_get(store_conn *c, fq_arena *a, int64_t id, store_talent_pool *out,
				fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_POOL_COLS "WHERE p.id = ?", ARG_I64(id));
	return stmt_one(c, a, st, read_pool, out, "pool_id", "pool", err);
}

fq_status store_talent_pool_insert(store_conn *c, int64_t unit_id, const char *unit_path,
				   const char *name, int64_t by, int64_t now, int64_t *id,
				   fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO talent_pools(unit_id, unit_path, name, "
	                              "created_by, created_at) VALUES (?, ?, ?, ?, ?)",
	                              ARG_I64(unit_id), ARG_TEXT(unit_path), ARG_TEXT(name),
	                              ARG_ID(by), ARG_I64(now));
	fq_status res = stmt_insert(c, st, id, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "unit_id", "talent.pool_exists",
				"the unit has a pool already");
	return res;
}

/* ---- members ----------------------------------------------------------------------- */

#define SQL_TALENT_COLS                                                                        \
	"SELECT t.id, t.pool_id, p.name, p.unit_path, t.person_id, ps.name, ps.phone,"            \
	" ps.birth_year, ps.gender, t.household_id, t.account_id, t.home_path, t.enrolment,"      \
	" t.status, t.title, t.note, t.enrolled_by, t.decided_by, t.decided_at,"                  \
	" t.decision_note, t.availability, t.available_until, t.capacity, t.skill_mask,"          \
	" t.role_mask, t.open_tasks, t.done_tasks, t.rating_sum, t.rating_count,"                 \
	" t.created_at, t.updated_at"                                                             \
	" FROM talents t JOIN talent_pools p ON p.id = t.pool_id"                                 \
	" JOIN persons ps ON ps.id = t.person_id "

ROW_READER(read_talent, store_talent,
	COL(I64, id), COL(I64, pool_id), COL(OPT, pool_name), COL(OPT, pool_path),
	COL(I64, person_id), COL(OPT, name), COL(OPT, phone), COL(I64, birth_year),
	COL(OPT, gender), COL(I64, household_id), COL(I64, account_id), COL(OPT, home_path),
	COL(OPT, enrolment), COL(OPT, status), COL(OPT, title), COL(OPT, note),
	COL(I64, enrolled_by), COL(I64, decided_by), COL(I64, decided_at), COL(OPT, decision_note),
	COL(OPT, availability), COL(I64, available_until), COL(INT, capacity), COL(INT, skill_mask),
	COL(INT, role_mask), COL(INT, open_tasks), COL(INT, done_tasks), COL(I64, rating_sum),
	COL(I64, rating_count), COL(I64, created_at), COL(I64, updated_at))

static fq_status write_tags(store_conn *c, int64_t id, const store_talent_tags *t, int roles,
			    fq_err *err)
{
	sqlite3_stmt *del = stmt_get(c, roles ? "DELETE FROM talent_roles WHERE talent_id = ?"
					      : "DELETE FROM talent_skills WHERE talent_id = ?");
	sqlite3_stmt *ins = stmt_get(c, roles ? "INSERT OR IGNORE INTO talent_roles(talent_id, role) "
						"VALUES (?, ?)"
					      : "INSERT OR IGNORE INTO talent_skills(talent_id, skill) "
						"VALUES (?, ?)");
	sqlite3_stmt *mask = stmt_get(c, roles ? "UPDATE talents SET role_mask = ? WHERE id = ?"
					       : "UPDATE talents SET skill_mask = ? WHERE id = ?");
	fq_status res = stmt_ready(del && ins ? mask : NULL, err);
	if (res != FQ_OK)
		return res;
	if (t->n > STORE_TALENT_TAGS_MAX)
		return fq_fail(err, FQ_ETOOBIG, roles ? "roles" : "skills", "too many entries");
	sqlite3_bind_int64(del, 1, id);
	res = stmt_exec(c, del, err);
	for (size_t i = 0; i < t->n && res == FQ_OK; i++) {
		sqlite3_bind_int64(ins, 1, id);
		bind_text(ins, 2, t->names[i]);
		res = stmt_exec(c, ins, err);
	}
	if (res != FQ_OK)
		return res;
	sqlite3_bind_int64(mask, 1, t->mask);
	sqlite3_bind_int64(mask, 2, id);
	return stmt_exec(c, mask, err);
}

fq_status store_talent_set_skills(store_conn *c, int64_t id, const store_talent_tags *t,
				  fq_err *err)
{
	return write_tags(c, id, t, 0, err);
}

fq_status store_talent_set_roles(store_conn *c, int64_t id, const store_talent_tags *t,
				 fq_err *err)
{
	return write_tags(c, id, t, 1, err);
}

fq_status store_talent_insert(store_conn *c, const store_talent *t, const store_talent_tags *skills,
			      const store_talent_tags *roles, int64_t *id, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "INSERT INTO talents(pool_id, person_id, household_id, account_id, home_path,"
	    " enrolment, status, title, note, enrolled_by, availability, capacity,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    ARG_I64(t->pool_id), ARG_I64(t->person_id), ARG_ID(t->household_id),
	    ARG_ID(t->account_id), ARG_TEXT(t->home_path), ARG_TEXT(t->enrolment),
	    ARG_TEXT(t->status), ARG_TEXT(t->title ? t->title : ""),
	    ARG_TEXT(t->note ? t->note : ""), ARG_ID(t->enrolled_by),
	    ARG_TEXT(t->availability ? t->availability : "available"), ARG_INT(t->capacity),
	    ARG_I64(t->created_at), ARG_I64(t->created_at));
	fq_status res = stmt_exec(c, st, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "person_id", "talent.member_exists",
				"the person is in this pool already");
	if (res != FQ_OK)
		return res;
	int64_t new_id = store_last_id(c);
	res = write_tags(c, new_id, skills, 0, err);
	if (res == FQ_OK)
		res = write_tags(c, new_id, roles, 1, err);
	if (res == FQ_OK)
		*id = new_id;
	return res;
}

fq_status store_talent_get(store_conn *c, fq_arena *a, int64_t id, store_talent *out,
			   fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_TALENT_COLS "WHERE t.id = ?", ARG_I64(id));
	return stmt_one(c, a, st, read_talent, out, "id", "talent", err);
}

fq_status store_talent_by_account(store_conn *c, fq_arena *a, int64_t account_id,
				  store_talent *out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               SQL_TALENT_COLS "WHERE t.account_id = ?"
	                               " ORDER BY t.status = 'approved' DESC, t.id DESC"
	                               " LIMIT 1",
	               ARG_I64(account_id));
	return stmt_one(c, a, st, read_talent, out, "account", "talent of this account", err);
}

fq_status store_talent_update(store_conn *c, const store_talent *t, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "UPDATE talents SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?,"
	    " title = ?, note = ?, availability = ?, available_until = ?, capacity = ?,"
	    " updated_at = ? WHERE id = ?",
	    ARG_TEXT(t->status), ARG_ID(t->decided_by), ARG_ID(t->decided_at),
	    ARG_TEXT(t->decision_note ? t->decision_note : ""), ARG_TEXT(t->title ? t->title : ""),
	    ARG_TEXT(t->note ? t->note : ""), ARG_TEXT(t->availability), ARG_ID(t->available_until),
	    ARG_INT(t->capacity), ARG_I64(t->updated_at), ARG_I64(t->id));
	return stmt_exec(c, st, err);
}

fq_status store_talent_count(store_conn *c, int64_t id, int d_open, int d_done, int d_sum,
			     int d_count, int64_t now, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "UPDATE talents SET open_tasks = max(0, open_tasks + ?),"
	               " done_tasks = done_tasks + ?, rating_sum = rating_sum + ?,"
	               " rating_count = rating_count + ?, updated_at = ? WHERE id = ?",
	               ARG_INT(d_open), ARG_INT(d_done), ARG_INT(d_sum), ARG_INT(d_count),
	               ARG_I64(now), ARG_I64(id));
	return stmt_exec(c, st, err);
}

fq_status store_talent_list(store_conn *c, fq_arena *a, const store_talent_filter *f,
			    store_talent **out, size_t *n, fq_err *err)
{
	if (f->limit < 1 || f->limit > STORE_TALENT_ROWS_MAX)
		return fq_fail(err, FQ_EINVAL, "limit", "limit must be from 1 to %d",
			       STORE_TALENT_ROWS_MAX);
	sqlite3_stmt *st = stmt_bound(
		c, SQL_TALENT_COLS
		"WHERE p.unit_path >= ?1 AND p.unit_path < ?2 AND t.id > ?3"
		" AND (?4 IS NULL OR t.pool_id = ?4) AND (?5 IS NULL OR t.status = ?5)"
		" AND (?6 IS NULL OR EXISTS (SELECT 1 FROM talent_skills s"
		"   WHERE s.talent_id = t.id AND s.skill = ?6))"
		" AND (?7 IS NULL OR EXISTS (SELECT 1 FROM talent_roles r"
		"   WHERE r.talent_id = t.id AND r.role = ?7))"
		" ORDER BY t.id LIMIT ?8",
		ARG_TEXT(talent_prefix(a, f->path)), ARG_TEXT(path_upper(a, f->path)),
		ARG_I64(f->after_id), ARG_ID(f->pool_id), ARG_TEXT(f->status), ARG_TEXT(f->skill),
		ARG_TEXT(f->role), ARG_INT(f->limit));
	return stmt_rows(c, a, st, (size_t)f->limit, sizeof **out, read_talent, (void **)out, n,
	                 err);
}

typedef struct home_row {
	int64_t household_id;
	const char *home_path;
	int64_t account_id;
} home_row;

ROW_READER(read_home, home_row,
	COL(I64, household_id), COL(OPT, home_path), COL(I64, account_id))

fq_status store_talent_person_home(store_conn *c, fq_arena *a, int64_t person_id,
				   const char *field, int64_t *household_id,
				   const char **home_path, int64_t *account_id, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "SELECT p.household_id, coalesce(b.path, g.path, '/'),"
	    " (SELECT min(id) FROM accounts ac WHERE ac.person_id = p.id AND ac.disabled = 0)"
	    " FROM persons p LEFT JOIN households h ON h.id = p.household_id"
	    " LEFT JOIN units b ON b.id = h.building_id LEFT JOIN units g ON g.id = h.grid_id"
	    " WHERE p.id = ?",
	    ARG_I64(person_id));
	home_row h = {0};
	fq_status res = stmt_one(c, a, st, read_home, &h, field, "person", err);
	if (res != FQ_OK)
		return res;
	*household_id = h.household_id;
	*home_path = h.home_path;
	*account_id = h.account_id;
	return FQ_OK;
}

/* ---- relations ------------------------------------------------------------------------ */

ROW_READER(read_relation, store_talent_relation,
	COL(I64, id), COL(I64, person_id), COL(OPT, person_name), COL(I64, household_id),
	COL(OPT, household_address), COL(OPT, relation), COL(I64, created_at))

fq_status store_talent_relations(store_conn *c, fq_arena *a, int64_t talent_id,
				 store_talent_relation **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "SELECT r.id, r.person_id, p.name, r.household_id, h.address, r.relation,"
	    " r.created_at FROM talent_relations r LEFT JOIN persons p ON p.id = r.person_id"
	    " LEFT JOIN households h ON h.id = r.household_id WHERE r.talent_id = ?"
	    " ORDER BY r.id LIMIT ?",
	    ARG_I64(talent_id), ARG_INT(STORE_TALENT_RELATIONS_MAX + 1));
	return stmt_rows(c, a, st, STORE_TALENT_RELATIONS_MAX + 1, sizeof **out, read_relation,
	                 (void **)out, n, err);
}

static fq_status exists(store_conn *c, const char *sql, int64_t id, const char *field,
			const char *what, fq_err *err)
{
	int64_t one = 0;
	return stmt_one(c, NULL, stmt_bound(c, sql, ARG_I64(id)), read_id, &one, field, what, err);
}

fq_status store_talent_relation_insert(store_conn *c, int64_t talent_id, int64_t person_id,
				       int64_t household_id, const char *relation, int64_t now,
				       int64_t *id, fq_err *err)
{
	fq_status res = FQ_OK;
	if (person_id)
		res = exists(c, "SELECT 1 FROM persons WHERE id = ?", person_id, "person_id",
			     "person", err);
	if (res == FQ_OK && household_id)
		res = exists(c, "SELECT 1 FROM households WHERE id = ?", household_id,
			     "household_id", "household", err);
	if (res != FQ_OK)
		return res;
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO talent_relations(talent_id, person_id,"
	                              " household_id, relation, created_at) VALUES (?, ?, ?, ?, ?)",
	                              ARG_I64(talent_id), ARG_ID(person_id), ARG_ID(household_id),
	                              ARG_TEXT(relation), ARG_I64(now));
	return stmt_insert(c, st, id, err);
}

/* ---- ranking input -------------------------------------------------------------------- */

ROW_READER(read_cand, store_talent_cand,
	COL(I64, id), COL(I64, person_id), COL(I64, household_id), COL(OPT, home_path),
	COL(INT, skill_mask), COL(INT, role_mask), COL(INT, capacity), COL(INT, open_tasks),
	COL(I64, rating_sum), COL(I64, rating_count), COL(INT, availability),
	COL(I64, available_until))

/* First size of the candidates' array; it doubles as rows come. */
#define CANDIDATES_FIRST 1024

static fq_status load_cands(store_conn *c, fq_arena *a, const char *path,
			    store_talent_cand **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(
		c, "SELECT id, person_id, household_id, home_path, skill_mask, role_mask, capacity,"
		   " open_tasks, rating_sum, rating_count,"
		   " CASE availability WHEN 'busy' THEN 1 WHEN 'away' THEN 2 ELSE 0 END,"
		   " available_until FROM talents"
		   " WHERE status = 'approved' AND home_path >= ? AND home_path < ?");
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	bind_range(a, st, 1, path);
	size_t cap = CANDIDATES_FIRST, got = 0;
	store_talent_cand *rows = fq_arena_alloc(a, cap * sizeof *rows);
	int rc = SQLITE_DONE;
	while (rows && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (got == STORE_TALENT_CANDIDATES_MAX) {
			res = fq_failr(err, FQ_ETOOBIG, "subject", "talent.candidates_max",
				       "more than %d members could take this task",
				       STORE_TALENT_CANDIDATES_MAX);
			goto out;
		}
		if (got == cap) {
			store_talent_cand *more = fq_arena_alloc(a, 2 * cap * sizeof *rows);
			if (more)
				memcpy(more, rows, cap * sizeof *rows);
			rows = more;
			cap *= 2;
			if (!rows)
				break;
		}
		read_cand(a, st, &rows[got++]);
	}
	if (!rows)
		res = fq_fail(err, FQ_ENOMEM, "", "out of memory");
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		res = stmt_fail(c, rc, err);
	if (res == FQ_OK) {
		*out = rows;
		*n = got;
	}
out:
	sqlite3_reset(st);
	return res;
}

/* The candidates a read connection keeps (STORE_CACHE_TALENTS). */
typedef struct cand_cache {
	int64_t version;        /* talent_version.v they were read at */
	char *path;             /* the street they are of */
	store_talent_cand *rows;
	size_t n;
	fq_arena arena;         /* rows, paths */
} cand_cache;

static void cand_cache_free(void *p)
{
	cand_cache *k = p;
	if (!k)
		return;
	fq_arena_free(&k->arena);
	free(k);
}

static fq_status talent_version(store_conn *c, int64_t *v, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, "SELECT v FROM talent_version WHERE id = 1");
	return stmt_int(c, st, v, err);
}

fq_status store_talent_candidates(store_conn *c, fq_arena *a, const char *path,
				  store_talent_cand **out, size_t *n, fq_err *err)
{
	int64_t v = 0;
	if (c->pool_index < 0)
		return load_cands(c, a, path, out, n, err); /* the writer: never cached */
	fq_status res = talent_version(c, &v, err);
	if (res != FQ_OK)
		return res;
	cand_cache *k = store_conn_cache(c, STORE_CACHE_TALENTS);
	if (k && k->version == v && strcmp(k->path, path) == 0) {
		*out = k->rows;
		*n = k->n;
		return FQ_OK;
	}
	k = calloc(1, sizeof *k);
	if (!k)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fq_arena_init(&k->arena);
	k->version = v;
	k->path = fq_arena_strdup(&k->arena, path);
	res = k->path ? load_cands(c, &k->arena, path, &k->rows, &k->n, err)
		      : fq_fail(err, FQ_ENOMEM, "", "out of memory");
	if (res != FQ_OK) {
		cand_cache_free(k);
		return res;
	}
	store_conn_cache_set(c, STORE_CACHE_TALENTS, k, cand_cache_free);
	*out = k->rows;
	*n = k->n;
	return FQ_OK;
}
