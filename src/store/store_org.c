/*
 * store_org.c - the SQL that reads the org tree, households, persons and
 * leaders; see store_org.h.
 *
 * "Below a unit" is a range test on the materialised path: every path that
 * starts with "/1/4/" sorts at or after "/1/4/" and before "/1/40" (the
 * last byte raised by one), so the (kind, path) index answers it without
 * LIKE. Households are found through their grid (grid_id, id index) or
 * their building; which of three fixed statements runs depends on the
 * unit's kind.
 */
#include "store/store_org.h"

#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_plans.h"

/* ---- statements ------------------------------------------------------ */

#define UNIT_COLS "id, parent_id, kind, code, name, path, boundary, address, lat, lon"

static const char SQL_UNIT_GET[] = "SELECT " UNIT_COLS " FROM units WHERE id = ?1";

static const char SQL_UNIT_LIST[] =
	"SELECT " UNIT_COLS " FROM units WHERE id > ?1 AND (?2 IS NULL OR kind = ?2)"
	" AND (?3 IS NULL OR name LIKE ?3 ESCAPE '\\' OR code LIKE ?3 ESCAPE '\\'"
	"      OR address LIKE ?3 ESCAPE '\\')"
	" ORDER BY id LIMIT ?4";

static const char SQL_UNIT_LIST_PARENT[] =
	"SELECT " UNIT_COLS " FROM units WHERE parent_id = ?5 AND id > ?1"
	" AND (?2 IS NULL OR kind = ?2)"
	" AND (?3 IS NULL OR name LIKE ?3 ESCAPE '\\' OR code LIKE ?3 ESCAPE '\\'"
	"      OR address LIKE ?3 ESCAPE '\\')"
	" ORDER BY id LIMIT ?4";

static const char SQL_CHILD_COUNTS[] =
	"SELECT kind, count(*) FROM units WHERE parent_id = ?1 GROUP BY kind ORDER BY kind";

static const char SQL_HH_COUNT_GRID[] = "SELECT count(*) FROM households WHERE grid_id = ?1";
static const char SQL_HH_COUNT_BUILDING[] =
	"SELECT count(*) FROM households WHERE building_id = ?1";
static const char SQL_HH_COUNT_BELOW[] =
	"SELECT count(*) FROM households WHERE grid_id IN"
	" (SELECT id FROM units WHERE kind = 'grid' AND path >= ?2 AND path < ?3)";

/* The R*Tree first (CROSS JOIN keeps the order): under some statistics
 * SQLite read every grid and probed the R*Tree for each. */
static const char SQL_GRID_CANDIDATES[] =
	"SELECT u.id, u.parent_id, u.kind, u.code, u.name, u.path, u.boundary, u.address,"
	" u.lat, u.lon FROM grid_rtree r CROSS JOIN units u ON u.id = r.id"
	" WHERE r.min_lon <= ?1 AND r.max_lon >= ?1 AND r.min_lat <= ?2 AND r.max_lat >= ?2"
	" AND u.kind = 'grid' ORDER BY u.id LIMIT ?3";

/* Columns and joins shared by every household query; the head is the 户主,
 * else the first member. */
#define HH_SELECT                                                                              \
	"SELECT h.id, h.code, h.address, h.building_id, b.name, b.path, h.grid_id, g.code,"    \
	" g.name, g.path, h.entrance, h.floor, h.room,"                                        \
	" (SELECT count(*) FROM persons m WHERE m.household_id = h.id),"                       \
	" hp.id, hp.name, hp.phone"                                                            \
	" FROM households h JOIN units b ON b.id = h.building_id"                              \
	" JOIN units g ON g.id = h.grid_id"                                                    \
	" LEFT JOIN persons hp ON hp.id = (SELECT x.id FROM persons x"                         \
	" WHERE x.household_id = h.id ORDER BY x.relation IS NOT '户主', x.id LIMIT 1) "

#define HH_PAGE                                                                                \
	" AND h.id > ?4 AND (?5 IS NULL OR h.address LIKE ?5 ESCAPE '\\'"                      \
	" OR h.code LIKE ?5 ESCAPE '\\' OR EXISTS (SELECT 1 FROM persons y"                    \
	" WHERE y.household_id = h.id AND y.name LIKE ?5 ESCAPE '\\'))"                        \
	" ORDER BY h.id LIMIT ?6"

static const char SQL_HH_LIST_GRID[] = HH_SELECT "WHERE h.grid_id = ?1" HH_PAGE;
static const char SQL_HH_LIST_BUILDING[] = HH_SELECT "WHERE h.building_id = ?1" HH_PAGE;
/* The page's ids first (index only), then the columns for those rows
 * alone: a sort of every household of a street with the per-row
 * subqueries above would cost a hundred times more. */
static const char SQL_HH_LIST_BELOW[] =
	HH_SELECT "WHERE h.id IN (SELECT h.id FROM households h WHERE h.grid_id IN"
		  " (SELECT id FROM units WHERE kind = 'grid' AND path >= ?2 AND path < ?3)"
		  HH_PAGE ") ORDER BY h.id";

static const char SQL_HH_GET[] = HH_SELECT "WHERE h.id = ?1";

static const char SQL_LEADER_HH[] =
	HH_SELECT "JOIN leader_households lh ON lh.household_id = h.id"
		  " WHERE lh.leader_id = ?1 ORDER BY h.id LIMIT ?2";

#define PERSON_COLS                                                                            \
	"p.id, p.household_id, p.name, p.relation, p.gender, p.birth_year, p.phone, p.id_number"

static const char SQL_PERSON_GET[] =
	"SELECT " PERSON_COLS ", h.building_id, g.path, b.path FROM persons p"
	" LEFT JOIN households h ON h.id = p.household_id"
	" LEFT JOIN units g ON g.id = h.grid_id LEFT JOIN units b ON b.id = h.building_id"
	" WHERE p.id = ?1";

static const char SQL_HH_PERSONS[] =
	"SELECT " PERSON_COLS ", NULL, NULL, NULL FROM persons p WHERE p.household_id = ?1"
	" ORDER BY p.id LIMIT ?2";

static const char SQL_LINKED[] =
	"SELECT 1 FROM leader_households WHERE leader_id = ?1 AND household_id = ?2";

#define LEADER_SELECT                                                                          \
	"SELECT l.id, l.kind, l.person_id, p.name, p.phone, u.id, u.kind, u.code, u.name,"     \
	" u.path, (SELECT count(*) FROM leader_households lh WHERE lh.leader_id = l.id)"       \
	" FROM leaders l JOIN persons p ON p.id = l.person_id JOIN units u ON u.id = l.unit_id "

static const char SQL_LEADER_GET[] = LEADER_SELECT "WHERE l.id = ?1";

static const char SQL_LEADER_LIST[] =
	LEADER_SELECT "WHERE l.kind = 'neighbour' AND u.path >= ?1 AND u.path < ?2 AND l.id > ?3"
		      " AND (?4 IS NULL OR p.name LIKE ?4 ESCAPE '\\') ORDER BY l.id LIMIT ?5";

/* ---- helpers --------------------------------------------------------- */

/* The smallest string greater than every string that starts with path:
 * path with its last byte raised by one. NULL for an empty path. */
static char *path_upper(fq_arena *a, const char *path)
{
	size_t n = strlen(path);
	if (n == 0)
		return NULL;
	char *hi = fq_arena_strdup(a, path);
	if (hi)
		hi[n - 1] = (char)(hi[n - 1] + 1);
	return hi;
}

static fq_status check_limit(int limit, fq_err *err)
{
	if (limit < 1 || limit > STORE_ORG_ROWS_MAX)
		return fq_fail(err, FQ_EINVAL, "limit", "limit must be from 1 to %d",
			       STORE_ORG_ROWS_MAX);
	return FQ_OK;
}

/* stmt_rows of at most max rows into *out, once max passes check_limit. */
static fq_status org_rows(store_conn *c, fq_arena *a, sqlite3_stmt *st, int max, size_t size,
			  store_row_reader read, void *out, size_t *n, fq_err *err)
{
	fq_status res = check_limit(max, err);
	return res != FQ_OK ? res : stmt_rows(c, a, st, (size_t)max, size, read, out, n, err);
}

static int read_unit(fq_arena *a, sqlite3_stmt *st, void *row)
{
	int bad = 0;
	store_unit *u = row;
	u->id = sqlite3_column_int64(st, 0);
	u->parent_id = sqlite3_column_int64(st, 1);
	u->kind = col_opt(a, st, 2, &bad);
	u->code = col_opt(a, st, 3, &bad);
	u->name = col_opt(a, st, 4, &bad);
	u->path = col_opt(a, st, 5, &bad);
	u->boundary = col_opt(a, st, 6, &bad);
	u->address = col_opt(a, st, 7, &bad);
	u->has_point = sqlite3_column_type(st, 8) != SQLITE_NULL &&
		       sqlite3_column_type(st, 9) != SQLITE_NULL;
	u->lat = sqlite3_column_double(st, 8);
	u->lon = sqlite3_column_double(st, 9);
	return bad ? -1 : 0;
}

ROW_READER(read_household, store_household,
	COL(I64, id), COL(OPT, code), COL(OPT, address), COL(I64, building_id),
	COL(OPT, building_name), COL(OPT, building_path), COL(I64, grid_id), COL(OPT, grid_code),
	COL(OPT, grid_name), COL(OPT, grid_path), COL(NUL, entrance), COL(NUL, floor),
	COL(OPT, room), COL(I64, members), COL(I64, head_id), COL(OPT, head_name),
	COL(OPT, head_phone))

ROW_READER(read_person, store_person,
	COL(I64, id), COL(I64, household_id), COL(OPT, name), COL(OPT, relation), COL(OPT, gender),
	COL(NUL, birth_year), COL(OPT, phone), COL(OPT, id_number), COL(I64, building_id),
	COL(OPT, grid_path), COL(OPT, building_path))

ROW_READER(read_leader, store_leader,
	COL(I64, id), COL(OPT, kind), COL(I64, person_id), COL(OPT, name), COL(OPT, phone),
	COL(I64, unit_id), COL(OPT, unit_kind), COL(OPT, unit_code), COL(OPT, unit_name),
	COL(OPT, unit_path), COL(I64, households))

/* Step a bound statement that yields one integer. */
/* ---- units ----------------------------------------------------------- */

fq_status store_unit_get(store_conn *c, fq_arena *a, int64_t id, store_unit *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_UNIT_GET, ARG_I64(id));
	return stmt_one(c, a, st, read_unit, out, "id", "unit", err);
}

fq_status store_unit_list(store_conn *c, fq_arena *a, const store_unit_filter *f, store_unit **out,
			  size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, f->parent_id ? SQL_UNIT_LIST_PARENT : SQL_UNIT_LIST, ARG_I64(f->after_id),
	               ARG_TEXT(f->kind && *f->kind ? f->kind : NULL),
	               ARG_TEXT(like_contains(a, f->q)), ARG_INT(f->limit));
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	if (f->parent_id)
		sqlite3_bind_int64(st, 5, f->parent_id);
	return org_rows(c, a, st, f->limit, sizeof **out, read_unit, out, n, err);
}

ROW_READER(read_kind_count, store_kind_count,
	COL(OPT, kind), COL(I64, count))

fq_status store_unit_child_counts(store_conn *c, fq_arena *a, int64_t id, store_kind_count **out,
				  size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_CHILD_COUNTS, ARG_I64(id));
	return stmt_rows(c, a, st, STORE_UNIT_KINDS_MAX, sizeof **out,
	                 read_kind_count, (void **)out, n, err);
}

/* Pick and bind the statement that finds the households below u: by grid,
 * by building, or by the grids in u's path range (params 1..3). */
static sqlite3_stmt *below_stmt(store_conn *c, fq_arena *a, const store_unit *u,
				const char *by_grid, const char *by_building, const char *by_path)
{
	const char *sql = by_path;
	if (strcmp(u->kind, "grid") == 0)
		sql = by_grid;
	else if (strcmp(u->kind, "building") == 0)
		sql = by_building;
	sqlite3_stmt *st = stmt_get(c, sql);
	if (!st)
		return NULL;
	if (sql != by_path) {
		sqlite3_bind_int64(st, 1, u->id);
		return st;
	}
	bind_text(st, 2, u->path);
	bind_text(st, 3, path_upper(a, u->path));
	return st;
}

fq_status store_unit_household_count(store_conn *c, const store_unit *u, int64_t *out,
				     fq_err *err)
{
	fq_arena scratch;
	fq_arena_init(&scratch);
	sqlite3_stmt *st = below_stmt(c, &scratch, u, SQL_HH_COUNT_GRID, SQL_HH_COUNT_BUILDING,
				      SQL_HH_COUNT_BELOW);
	fq_status res = stmt_ready(st, err);
	int64_t count = 0;
	if (res == FQ_OK)
		res = stmt_int(c, st, &count, err);
	if (res == FQ_OK)
		*out = count;
	fq_arena_free(&scratch);
	return res;
}

fq_status store_grid_candidates(store_conn *c, fq_arena *a, double lon, double lat,
				store_unit **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_GRID_CANDIDATES, ARG_DBL(lon), ARG_DBL(lat),
	                              ARG_INT(STORE_GRID_CANDIDATES_MAX));
	return stmt_rows(c, a, st, STORE_GRID_CANDIDATES_MAX, sizeof **out,
	                 read_unit, (void **)out, n, err);
}

/* ---- households and persons -------------------------------------------- */

fq_status store_household_list(store_conn *c, fq_arena *a, const store_household_filter *f,
			       store_household **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = below_stmt(c, a, f->unit, SQL_HH_LIST_GRID, SQL_HH_LIST_BUILDING,
				      SQL_HH_LIST_BELOW);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	sqlite3_bind_int64(st, 4, f->after_id);
	bind_text(st, 5, like_contains(a, f->q));
	sqlite3_bind_int(st, 6, f->limit);
	return org_rows(c, a, st, f->limit, sizeof **out, read_household, out, n, err);
}

fq_status store_household_get(store_conn *c, fq_arena *a, int64_t id, store_household *out,
			      fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_HH_GET, ARG_I64(id));
	return stmt_one(c, a, st, read_household, out, "id", "household", err);
}

fq_status store_household_persons(store_conn *c, fq_arena *a, int64_t hh, int max,
				  store_person **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_HH_PERSONS, ARG_I64(hh), ARG_INT(max));
	return org_rows(c, a, st, max, sizeof **out, read_person, out, n, err);
}

fq_status store_person_get(store_conn *c, fq_arena *a, int64_t id, store_person *out,
			   fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_PERSON_GET, ARG_I64(id));
	return stmt_one(c, a, st, read_person, out, "id", "person", err);
}

/* ---- leaders --------------------------------------------------------- */

fq_status store_leader_linked(store_conn *c, int64_t leader_id, int64_t hh, int *out,
			      fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_LINKED, ARG_I64(leader_id), ARG_I64(hh));
	return stmt_ints(c, st, (int *const[]){out}, 1, err);
}

fq_status store_leader_list(store_conn *c, fq_arena *a, const store_leader_filter *f,
			    store_leader **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, SQL_LEADER_LIST, ARG_TEXT(f->path), ARG_TEXT(path_upper(a, f->path)),
	               ARG_I64(f->after_id), ARG_TEXT(like_contains(a, f->q)), ARG_INT(f->limit));
	return org_rows(c, a, st, f->limit, sizeof **out, read_leader, out, n, err);
}

fq_status store_leader_get(store_conn *c, fq_arena *a, int64_t id, store_leader *out,
			   fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_LEADER_GET, ARG_I64(id));
	return stmt_one(c, a, st, read_leader, out, "id", "leader", err);
}

fq_status store_leader_households(store_conn *c, fq_arena *a, int64_t leader_id, int max,
				  store_household **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_LEADER_HH, ARG_I64(leader_id), ARG_INT(max));
	return org_rows(c, a, st, max, sizeof **out, read_household, out, n, err);
}

/* ---- hot statements (store_plans.h) ---------------------------------------- */

const store_plan_entry store_org_plans[] = {
	{"org.unit_get", SQL_UNIT_GET, "rowid", NULL},
	{"org.grid_candidates", SQL_GRID_CANDIDATES, "rowid", NULL},
	{"org.household_get", SQL_HH_GET, "rowid persons_household", NULL},
	{"org.households_of_grid", SQL_HH_LIST_GRID, "households_grid", NULL},
	{"org.household_count_grid", SQL_HH_COUNT_GRID, "households_grid", NULL},
	{NULL, NULL, NULL, NULL},
};
