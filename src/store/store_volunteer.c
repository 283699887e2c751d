/*
 * store_volunteer.c - volunteers and the units they serve in SQLite
 * (store_volunteer.h). A scope is the range of paths [path, path with its
 * last '/' raised to '0'), computed in the SQL, so the index on home_path
 * serves it.
 */
#include "store/store_volunteer.h"

#include "store/sqlite_int.h"

/* The upper end of the range of paths under the parameter ?1. */
#define SQL_UNDER(col) col " >= ?1 AND " col " < substr(?1, 1, length(?1) - 1) || '0'"

#define SQL_VOL_COLS                                                                           \
	"SELECT v.id, v.person_id, p.name, p.phone, v.account_id, v.home_path, v.enrolment,"      \
	" v.status, v.skill_mask, v.availability, v.note, v.enrolled_by, v.created_at,"           \
	" v.updated_at,"                                                                          \
	" (SELECT coalesce(sum(h.minutes), 0) FROM volunteer_hours h"                             \
	"  WHERE h.volunteer_id = v.id),"                                                         \
	" EXISTS (SELECT 1 FROM leaders l WHERE l.person_id = v.person_id),"                      \
	" EXISTS (SELECT 1 FROM talents t WHERE t.person_id = v.person_id"                        \
	"  AND t.status = 'approved')"                                                            \
	" FROM volunteers v "
#define SQL_VOL_PERSON "JOIN persons p ON p.id = v.person_id "

static const char SQL_VOL_GET[] = SQL_VOL_COLS SQL_VOL_PERSON "WHERE v.id = ?";
static const char SQL_VOL_BY_ACCOUNT[] = SQL_VOL_COLS SQL_VOL_PERSON
	"WHERE v.account_id = ? AND v.account_id IS NOT NULL ORDER BY v.id LIMIT 1";
static const char SQL_VOL_LIST[] =
	SQL_VOL_COLS "INDEXED BY volunteers_home " SQL_VOL_PERSON "WHERE " SQL_UNDER("v.home_path")
	" AND v.id > ?2 AND (v.skill_mask & ?3) = ?3 ORDER BY v.id LIMIT ?4";
static const char SQL_VOL_INSERT[] =
	"INSERT INTO volunteers(person_id, account_id, home_path, enrolment, status, skill_mask,"
	" availability, note, enrolled_by, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)";
static const char SQL_VOL_UPDATE[] = "UPDATE volunteers SET skill_mask = ?, availability = ?,"
				     " note = ?, status = ?, updated_at = ? WHERE id = ?";
static const char SQL_VOL_UNITS_DEL[] = "DELETE FROM volunteer_units WHERE volunteer_id = ?";
static const char SQL_VOL_UNITS_INS[] =
	"INSERT OR IGNORE INTO volunteer_units(volunteer_id, unit_id, unit_path) VALUES (?, ?, ?)";
static const char SQL_VOL_UNITS[] =
	"SELECT vu.unit_id, vu.unit_path, u.name FROM volunteer_units vu"
	" JOIN units u ON u.id = vu.unit_id WHERE vu.volunteer_id = ? ORDER BY vu.unit_path LIMIT ?";

ROW_READER(read_vol, store_volunteer,
	COL(I64, id), COL(I64, person_id), COL(OPT, name), COL(OPT, phone), COL(I64, account_id),
	COL(OPT, home_path), COL(OPT, enrolment), COL(OPT, status), COL(INT, skill_mask),
	COL(INT, availability), COL(OPT, note), COL(I64, enrolled_by), COL(I64, created_at),
	COL(I64, updated_at), COL(I64, minutes), COL(INT, is_leader), COL(INT, is_talent))

ROW_READER(read_unit, store_vol_unit, COL(I64, unit_id), COL(OPT, path), COL(OPT, name))

fq_status store_vol_insert(store_conn *c, const store_volunteer *v, int64_t *id, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_VOL_INSERT, ARG_I64(v->person_id), ARG_ID(v->account_id),
				      ARG_TEXT(v->home_path), ARG_TEXT(v->enrolment),
				      ARG_INT(v->skill_mask), ARG_INT(v->availability),
				      ARG_TEXT(v->note), ARG_ID(v->enrolled_by),
				      ARG_I64(v->created_at), ARG_I64(v->created_at));
	fq_status res = stmt_insert(c, st, id, err);
	if (res == FQ_ECONFLICT)
		return fq_fail(err, FQ_ECONFLICT, "person_id", "the person is a volunteer already");
	return res;
}

fq_status store_vol_get(store_conn *c, fq_arena *a, int64_t id, store_volunteer *out,
			fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_VOL_GET, ARG_I64(id));
	return stmt_one(c, a, st, read_vol, out, "id", "volunteer", err);
}

fq_status store_vol_by_account(store_conn *c, fq_arena *a, int64_t account_id,
			       store_volunteer *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_VOL_BY_ACCOUNT, ARG_I64(account_id));
	return stmt_one(c, a, st, read_vol, out, "volunteer_id", "volunteer", err);
}

fq_status store_vol_update(store_conn *c, const store_volunteer *v, fq_err *err)
{
	return stmt_exec(c,
			 stmt_bound(c, SQL_VOL_UPDATE, ARG_INT(v->skill_mask),
				    ARG_INT(v->availability), ARG_TEXT(v->note),
				    ARG_TEXT(v->status), ARG_I64(v->updated_at), ARG_I64(v->id)),
			 err);
}

fq_status store_vol_units_set(store_conn *c, int64_t id, const store_vol_unit *units, size_t n,
			      fq_err *err)
{
	fq_status res = stmt_exec(c, stmt_bound(c, SQL_VOL_UNITS_DEL, ARG_I64(id)), err);
	for (size_t i = 0; i < n && res == FQ_OK; i++)
		res = stmt_exec(c,
				stmt_bound(c, SQL_VOL_UNITS_INS, ARG_I64(id),
					   ARG_I64(units[i].unit_id), ARG_TEXT(units[i].path)),
				err);
	return res;
}

fq_status store_vol_units(store_conn *c, fq_arena *a, int64_t id, store_vol_unit **out,
			  size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_VOL_UNITS, ARG_I64(id), ARG_INT(STORE_VOL_ROWS_MAX));
	void *rows = NULL;
	fq_status res = stmt_rows(c, a, st, STORE_VOL_ROWS_MAX, sizeof **out, read_unit, &rows, n,
				  err);
	if (res == FQ_OK)
		*out = rows;
	return res;
}

fq_status store_vol_list(store_conn *c, fq_arena *a, const store_vol_filter *f,
			 store_volunteer **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_VOL_LIST, ARG_TEXT(f->path ? f->path : "/"),
				      ARG_I64(f->after_id), ARG_INT((int)f->skill_mask),
				      ARG_INT(f->limit));
	void *rows = NULL;
	fq_status res = stmt_rows(c, a, st, STORE_VOL_ROWS_MAX, sizeof **out, read_vol, &rows, n,
				  err);
	if (res == FQ_OK)
		*out = rows;
	return res;
}

/* The hot statements of volunteers (docs/plans.md). */
const store_plan_entry store_volunteer_plans[] = {
	{"volunteers.get", SQL_VOL_GET, "rowid", NULL},
	{"volunteers.by_account", SQL_VOL_BY_ACCOUNT, "volunteers_account", NULL},
	{"volunteers.list", SQL_VOL_LIST, "volunteers_home", NULL},
	{"volunteers.insert", SQL_VOL_INSERT, "", NULL},
	{"volunteers.update", SQL_VOL_UPDATE, "rowid", NULL},
	{"volunteers.units_del", SQL_VOL_UNITS_DEL, "pk", NULL},
	{"volunteers.units_ins", SQL_VOL_UNITS_INS, "", NULL},
	{"volunteers.units", SQL_VOL_UNITS, "pk", NULL},
	{NULL, NULL, NULL, NULL},
};
