/*
 * store_load.c - SQLite side of store_load.h: inserts of the org tree and
 * population with their materialised paths and R*Tree boxes, look-ups by
 * code, and the streaming export queries.
 */
#include "store/store_load.h"

#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

/* ---- inserts --------------------------------------------------------- */

/* The parent's path and street id, for a unit about to be inserted. */
static fq_status parent_of(store_conn *c, int64_t parent_id, char path[STORE_LOAD_PATH_SIZE],
			   int64_t *street_id, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, "SELECT path, street_id FROM units WHERE id = ?");
	if (!st)
		return stmt_ready(st, err);
	sqlite3_bind_int64(st, 1, parent_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return fq_fail(err, FQ_ENOTFOUND, "parent", "no unit with id %lld",
			       (long long)parent_id);
	if (rc != SQLITE_ROW)
		return stmt_fail(c, rc, err);
	const char *p = (const char *)sqlite3_column_text(st, 0);
	snprintf(path, STORE_LOAD_PATH_SIZE, "%s", p ? p : "/");
	*street_id = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return FQ_OK;
}

static fq_status insert_unit_row(store_conn *c, const store_load_unit_row *u, int64_t street_id,
				 fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO units(parent_id, kind, code, name, path, "
	                              "street_id, boundary, address, lat, lon) "
	                              "VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?)",
	                              ARG_ID(u->parent_id), ARG_TEXT(u->kind), ARG_TEXT(u->code),
	                              ARG_TEXT(u->name), ARG_ID(street_id), ARG_TEXT(u->boundary),
	                              ARG_TEXT(u->address));
	if (st && u->has_point) {
		sqlite3_bind_double(st, 8, u->lat);
		sqlite3_bind_double(st, 9, u->lon);
	}
	return stmt_exec(c, st, err);
}

static fq_status set_path(store_conn *c, int64_t id, const char *path, int64_t street_id,
			  fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, "UPDATE units SET path = ?, street_id = ? WHERE id = ?",
	                              ARG_TEXT(path), ARG_I64(street_id), ARG_I64(id));
	return stmt_exec(c, st, err);
}

static fq_status index_box(store_conn *c, int64_t id, const store_load_unit_row *u, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO grid_rtree(id, min_lon, max_lon, min_lat, "
	                              "max_lat) VALUES (?, ?, ?, ?, ?)",
	                              ARG_I64(id), ARG_DBL(u->min_lon), ARG_DBL(u->max_lon),
	                              ARG_DBL(u->min_lat), ARG_DBL(u->max_lat));
	return stmt_exec(c, st, err);
}

fq_status store_load_unit(store_conn *c, const store_load_unit_row *u, int64_t *id_out,
			  fq_err *err)
{
	char path[STORE_LOAD_PATH_SIZE] = "/";
	int64_t street_id = 0;
	fq_status st = FQ_OK;
	if (u->parent_id)
		st = parent_of(c, u->parent_id, path, &street_id, err);
	if (st == FQ_OK)
		st = insert_unit_row(c, u, street_id, err);
	if (st != FQ_OK)
		return st;
	int64_t id = store_last_id(c);
	if (!u->parent_id)
		street_id = id;
	size_t used = strlen(path);
	int n = snprintf(path + used, sizeof path - used, "%lld/", (long long)id);
	if (n < 0 || (size_t)n >= sizeof path - used)
		return fq_fail(err, FQ_EINVAL, "parent", "the unit tree is too deep");
	st = set_path(c, id, path, street_id, err);
	if (st == FQ_OK && u->has_bbox)
		st = index_box(c, id, u, err);
	if (st == FQ_OK)
		*id_out = id;
	return st;
}

fq_status store_load_household(store_conn *c, const store_load_household_row *h,
			       int64_t *id_out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO households(code, building_id, grid_id, "
	               "entrance, floor, room, address, street_id) "
	               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	               ARG_TEXT(h->code), ARG_I64(h->building_id), ARG_I64(h->grid_id),
	               ARG_NZ(h->entrance), ARG_NZ(h->floor), ARG_TEXT(h->room),
	               ARG_TEXT(h->address), ARG_I64(h->street_id));
	return stmt_insert(c, st, id_out, err);
}

fq_status store_load_person(store_conn *c, const store_load_person_row *p, int64_t *id_out,
			    fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO persons(household_id, name, id_number, "
	                              "phone, relation, gender, birth_year, street_id) "
	                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	                              ARG_ID(p->household_id), ARG_TEXT(p->name),
	                              ARG_TEXT(p->id_number), ARG_TEXT(p->phone),
	                              ARG_TEXT(p->relation), ARG_TEXT(p->gender),
	                              ARG_NZ(p->birth_year), ARG_I64(p->street_id));
	return stmt_insert(c, st, id_out, err);
}

fq_status store_load_leader(store_conn *c, const store_load_leader_row *l, int64_t *id_out,
			    fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO leaders(person_id, kind, unit_id, entrance, "
	               "street_id) VALUES (?, ?, ?, ?, ?)",
	               ARG_I64(l->person_id), ARG_TEXT(l->kind), ARG_I64(l->unit_id),
	               ARG_NZ(l->entrance), ARG_I64(l->street_id));
	return stmt_insert(c, st, id_out, err);
}

fq_status store_load_leader_household(store_conn *c, int64_t leader_id, int64_t household_id,
				      fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO leader_households(leader_id, household_id) "
	                              "VALUES (?, ?)",
	                              ARG_I64(leader_id), ARG_I64(household_id));
	return stmt_exec(c, st, err);
}

/* ---- look-ups -------------------------------------------------------- */

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static int read_unit_ref(fq_arena *a, sqlite3_stmt *st, void *row)
{
	(void)a;
	store_load_unit_ref *out = row;
	out->id = sqlite3_column_int64(st, 0);
	out->parent_id = sqlite3_column_int64(st, 1);
	out->street_id = sqlite3_column_int64(st, 2);
	copy_col(out->kind, sizeof out->kind, st, 3);
	copy_col(out->path, sizeof out->path, st, 4);
	return 0;
}

fq_status store_load_find_unit(store_conn *c, const char *code, store_load_unit_ref *out,
			       fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT id, coalesce(parent_id, 0), coalesce(street_id, 0),"
	                              " kind, path FROM units WHERE code = ?",
	                              ARG_TEXT(code));
	return stmt_one(c, NULL, st, read_unit_ref, out, "code", "unit", err);
}

ROW_READER(read_household_ref, store_load_household_ref,
	COL(I64, id), COL(I64, building_id), COL(I64, grid_id), COL(I64, street_id),
	COL(INT, entrance))

fq_status store_load_find_household(store_conn *c, const char *code,
				    store_load_household_ref *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT id, building_id, grid_id, coalesce(street_id, 0), "
	                              "coalesce(entrance, 0) FROM households WHERE code = ?",
	                              ARG_TEXT(code));
	return stmt_one(c, NULL, st, read_household_ref, out, "code", "household", err);
}

ROW_READER(read_person_ref, store_load_person_ref,
	COL(I64, id), COL(I64, household_id), COL(I64, street_id))

fq_status store_load_find_person(store_conn *c, const char *id_number,
				 store_load_person_ref *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT id, coalesce(household_id, 0), "
	                              "coalesce(street_id, 0) FROM persons WHERE id_number = ?",
	                              ARG_TEXT(id_number));
	return stmt_one(c, NULL, st, read_person_ref, out, "id_number", "person", err);
}

fq_status store_load_find_leader(store_conn *c, const store_load_leader_row *l,
				 int64_t *id_out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT id FROM leaders WHERE person_id = ? AND kind = ? "
	                              "AND unit_id = ? AND coalesce(entrance, 0) = ?",
	                              ARG_I64(l->person_id), ARG_TEXT(l->kind), ARG_I64(l->unit_id),
	                              ARG_INT(l->entrance));
	return stmt_one(c, NULL, st, read_id, id_out, "leader", "leader", err);
}

fq_status store_load_household_neighbour(store_conn *c, int64_t household_id,
					 int64_t *leader_id, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT l.id FROM leader_households lh "
	                              "JOIN leaders l ON l.id = lh.leader_id "
	                              "WHERE lh.household_id = ? AND l.kind = 'neighbour' "
	                              "LIMIT 1",
	                              ARG_I64(household_id));
	return stmt_one(c, NULL, st, read_id, leader_id, "household_id", "neighbour leader", err);
}

fq_status store_load_count_units(store_conn *c, int64_t *n_out, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, STORE_PLAN_SCAN "at the start of an import */ SELECT count(*) FROM units");
	return stmt_int(c, st, n_out, err);
}

fq_status store_load_demo_street(store_conn *c, int64_t street_id, int64_t at, fq_err *err)
{
	return stmt_exec(c,
			 stmt_bound(c, "INSERT INTO demo_streets(street_id, built_at) VALUES (?, ?)",
				    ARG_I64(street_id), ARG_I64(at)),
			 err);
}

fq_status store_load_count_demo_streets(store_conn *c, int64_t *n_out, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, STORE_PLAN_SCAN "a handful of rows, once at start */"
				       " SELECT count(*) FROM demo_streets");
	return stmt_int(c, st, n_out, err);
}

/* ---- exports --------------------------------------------------------- */

/* Bind the range [path, path with its last '/' raised to '0') that holds
 * exactly the paths starting with path ('0' follows '/' in ASCII), so the
 * scan can use the (kind, path) index. */
static fq_status bind_scope(sqlite3_stmt *st, const char *path, fq_err *err)
{
	size_t n = strlen(path);
	if (n == 0 || path[n - 1] != '/')
		return fq_fail(err, FQ_EINVAL, "unit", "a unit path ends with '/'");
	sqlite3_bind_text(st, 1, path, (int)n, SQLITE_TRANSIENT);
	char upper[STORE_LOAD_PATH_SIZE];
	snprintf(upper, sizeof upper, "%s", path);
	upper[n - 1] = '0';
	sqlite3_bind_text(st, 2, upper, (int)n, SQLITE_TRANSIENT);
	return FQ_OK;
}

/* The columns of each export, before its FROM. */
#define EXPORT_UNITS                                                                              \
	"SELECT u.kind, u.code, u.name, p.code, u.boundary, u.address, u.lat, u.lon"               \
	" FROM units u LEFT JOIN units p ON p.id = u.parent_id "
#define EXPORT_HOUSEHOLDS "SELECT h.code, b.code, h.entrance, h.floor, h.room, h.address "
#define EXPORT_PEOPLE                                                                             \
	"SELECT p.name, p.id_number, p.phone, h.code, p.relation, p.gender, p.birth_year "

/* The row callback of one export and its argument. */
typedef struct export_call {
	store_export_unit_fn unit;
	store_export_household_fn household;
	store_export_person_fn person;
	void *arg;
} export_call;

static const char *text_or_empty(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

/* Reads one row of an export and hands it to call. */
typedef fq_status (*export_row_fn)(sqlite3_stmt *st, const export_call *call, fq_err *err);

/* Run one export: the statement scoped (its ?1 and ?2 take the range of
 * scope_path) or, when scope_path is NULL, the statement all; each row goes
 * to row(). */
static fq_status export_rows(store_conn *c, const char *scope_path, const char *scoped,
			     const char *all, export_row_fn row, const export_call *call,
			     fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, scope_path ? scoped : all);
	if (!st)
		return stmt_ready(st, err);
	fq_status res = scope_path ? bind_scope(st, scope_path, err) : FQ_OK;
	int rc;
	while (res == FQ_OK && (rc = sqlite3_step(st)) != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			res = stmt_fail(c, rc, err);
		else
			res = row(st, call, err);
	}
	sqlite3_reset(st);
	return res;
}

static fq_status unit_row(sqlite3_stmt *st, const export_call *call, fq_err *err)
{
	store_export_unit u = {
		.kind = text_or_empty(st, 0), .code = text_or_empty(st, 1),
		.name = text_or_empty(st, 2), .parent_code = text_or_empty(st, 3),
		.boundary = text_or_empty(st, 4), .address = text_or_empty(st, 5),
		.has_point = sqlite3_column_type(st, 6) != SQLITE_NULL &&
			     sqlite3_column_type(st, 7) != SQLITE_NULL,
		.lat = sqlite3_column_double(st, 6), .lon = sqlite3_column_double(st, 7),
	};
	return call->unit(call->arg, &u, err);
}

fq_status store_export_units(store_conn *c, const char *scope_path, store_export_unit_fn fn,
			     void *arg, fq_err *err)
{
	export_call call = {.unit = fn, .arg = arg};
	return export_rows(c, scope_path,
			   EXPORT_UNITS "WHERE u.path >= ?1 AND u.path < ?2 ORDER BY u.path",
			   STORE_PLAN_SCAN "the export of every unit */ " EXPORT_UNITS
			   "ORDER BY u.path",
			   unit_row, &call, err);
}

static fq_status household_row(sqlite3_stmt *st, const export_call *call, fq_err *err)
{
	store_export_household h = {
		.code = text_or_empty(st, 0), .building_code = text_or_empty(st, 1),
		.entrance = sqlite3_column_int(st, 2), .floor = sqlite3_column_int(st, 3),
		.room = text_or_empty(st, 4), .address = text_or_empty(st, 5),
	};
	return call->household(call->arg, &h, err);
}

fq_status store_export_households(store_conn *c, const char *scope_path,
				  store_export_household_fn fn, void *arg, fq_err *err)
{
	export_call call = {.household = fn, .arg = arg};
	return export_rows(c, scope_path,
			   EXPORT_HOUSEHOLDS
			   "FROM units b JOIN households h ON h.building_id = b.id"
			   " WHERE b.kind = 'building' AND b.path >= ?1 AND b.path < ?2",
			   STORE_PLAN_SCAN "the export of every household */ " EXPORT_HOUSEHOLDS
			   "FROM households h JOIN units b ON b.id = h.building_id ORDER BY h.id",
			   household_row, &call, err);
}

static fq_status person_row(sqlite3_stmt *st, const export_call *call, fq_err *err)
{
	store_export_person p = {
		.name = text_or_empty(st, 0), .id_number = text_or_empty(st, 1),
		.phone = text_or_empty(st, 2), .household_code = text_or_empty(st, 3),
		.relation = text_or_empty(st, 4), .gender = text_or_empty(st, 5),
		.birth_year = sqlite3_column_int(st, 6),
	};
	return call->person(call->arg, &p, err);
}

fq_status store_export_people(store_conn *c, const char *scope_path,
			      store_export_person_fn fn, void *arg, fq_err *err)
{
	export_call call = {.person = fn, .arg = arg};
	return export_rows(c, scope_path,
			   EXPORT_PEOPLE "FROM units b JOIN households h ON h.building_id = b.id"
			   " JOIN persons p ON p.household_id = h.id"
			   " WHERE b.kind = 'building' AND b.path >= ?1 AND b.path < ?2",
			   STORE_PLAN_SCAN "the export of every person */ " EXPORT_PEOPLE
			   "FROM persons p LEFT JOIN households h ON h.id = p.household_id"
			   " ORDER BY p.id",
			   person_row, &call, err);
}
