/*
 * store_volunteer_act.c - activities, their slots, sign-ups and the ledger
 * of hours in SQLite (store_volunteer.h). The confirmed count of a slot
 * moves with every sign-up move in the same transaction; the waiting list
 * is the order of the sign-ups' ids; the ledger is append-only (triggers
 * of migration 18 refuse an update or a delete).
 */
#include "store/store_volunteer.h"

#include "store/sqlite_int.h"

#define SQL_ACT_COLS                                                                           \
	"SELECT a.id, a.kind, a.unit_id, a.unit_path, a.title, a.address, coalesce(a.lat, 0),"    \
	" coalesce(a.lon, 0), a.lat IS NOT NULL, a.starts_at, a.ends_at, a.organiser_id,"         \
	" a.skill_mask, a.secret, a.status, a.created_at FROM activities a "

static const char SQL_ACT_GET[] = SQL_ACT_COLS "WHERE a.id = ?";
static const char SQL_ACT_LIST[] =
	SQL_ACT_COLS "INDEXED BY activities_path WHERE a.unit_path >= ?1"
	" AND a.unit_path < substr(?1, 1, length(?1) - 1) || '0' AND a.id > ?2"
	" ORDER BY a.id LIMIT ?3";
static const char SQL_ACT_INSERT[] =
	"INSERT INTO activities(kind, unit_id, unit_path, title, address, lat, lon, starts_at,"
	" ends_at, organiser_id, skill_mask, secret, created_at)"
	" VALUES (?, ?, ?, ?, ?, CASE WHEN ?6 THEN ?7 END, CASE WHEN ?6 THEN ?8 END,"
	" ?9, ?10, ?11, ?12, ?13, ?14)";
static const char SQL_SLOT_INSERT[] =
	"INSERT INTO activity_slots(activity_id, role, capacity) VALUES (?, ?, ?)";
static const char SQL_SLOTS[] =
	"SELECT id, activity_id, role, capacity, confirmed FROM activity_slots"
	" WHERE activity_id = ? ORDER BY id LIMIT ?";
static const char SQL_SLOT_COUNT[] =
	"UPDATE activity_slots SET confirmed = confirmed + ? WHERE id = ?";

#define SQL_SIGNUP_COLS                                                                        \
	"SELECT s.id, s.activity_id, s.slot_id, s.volunteer_id,"                                  \
	" (SELECT p.name FROM volunteers v JOIN persons p ON p.id = v.person_id"                  \
	"  WHERE v.id = s.volunteer_id), s.state, s.starts_at, s.ends_at, s.created_at,"          \
	" s.withdrawn_at, s.checkin_at, s.checkout_at FROM activity_signups s "

static const char SQL_SIGNUP_INSERT[] =
	"INSERT INTO activity_signups(activity_id, slot_id, volunteer_id, state, starts_at,"
	" ends_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_SIGNUP_OF[] =
	SQL_SIGNUP_COLS "WHERE s.activity_id = ? AND s.volunteer_id = ? AND s.state != 'withdrawn'";
static const char SQL_SIGNUP_OVERLAPS[] =
	"SELECT count(*) FROM activity_signups INDEXED BY activity_signups_volunteer"
	" WHERE volunteer_id = ?1 AND starts_at < ?3 AND ends_at > ?2 AND state != 'withdrawn'";
static const char SQL_SIGNUP_MADE[] =
	"SELECT count(*) FROM activity_signups INDEXED BY activity_signups_day"
	" WHERE volunteer_id = ?1 AND created_at >= ?2 AND created_at < ?3";
static const char SQL_SIGNUP_WAITING[] =
	"SELECT id FROM activity_signups INDEXED BY activity_signups_slot"
	" WHERE slot_id = ? AND state = 'waiting' ORDER BY id LIMIT 1";
static const char SQL_SIGNUP_STATE[] =
	"UPDATE activity_signups SET state = ?2,"
	" withdrawn_at = CASE WHEN ?2 = 'withdrawn' THEN ?3 END WHERE id = ?1";
static const char SQL_SIGNUP_CHECKIN[] =
	"UPDATE activity_signups SET checkin_at = ?2, checkin_how = ?3 WHERE id = ?1";
static const char SQL_SIGNUP_CHECKOUT[] =
	"UPDATE activity_signups SET checkout_at = ?2, checkout_how = ?3 WHERE id = ?1";
static const char SQL_SIGNUPS[] =
	SQL_SIGNUP_COLS "INDEXED BY activity_signups_activity WHERE s.activity_id = ?"
	" ORDER BY s.id LIMIT ?";

static const char SQL_HOURS_INSERT[] =
	"INSERT INTO volunteer_hours(volunteer_id, activity_id, signup_id, minutes, kind, reason,"
	" author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_HOURS_OF[] =
	"SELECT id, volunteer_id, activity_id, signup_id, minutes, kind, reason, author_id,"
	" created_at FROM volunteer_hours WHERE volunteer_id = ? ORDER BY id LIMIT ?";

ROW_READER(read_act, store_activity,
	COL(I64, id), COL(OPT, kind), COL(I64, unit_id), COL(OPT, unit_path), COL(OPT, title),
	COL(OPT, address), COL(DBL, lat), COL(DBL, lon), COL(INT, has_point), COL(I64, starts_at),
	COL(I64, ends_at), COL(I64, organiser_id), COL(INT, skill_mask), COL(OPT, secret),
	COL(OPT, status), COL(I64, created_at))

ROW_READER(read_slot, store_act_slot,
	COL(I64, id), COL(I64, activity_id), COL(OPT, role), COL(INT, capacity),
	COL(INT, confirmed))

ROW_READER(read_signup, store_signup,
	COL(I64, id), COL(I64, activity_id), COL(I64, slot_id), COL(I64, volunteer_id),
	COL(OPT, name), COL(OPT, state), COL(I64, starts_at), COL(I64, ends_at),
	COL(I64, created_at), COL(I64, withdrawn_at), COL(I64, checkin_at), COL(I64, checkout_at))

ROW_READER(read_hours, store_hours,
	COL(I64, id), COL(I64, volunteer_id), COL(I64, activity_id), COL(I64, signup_id),
	COL(I64, minutes), COL(OPT, kind), COL(OPT, reason), COL(I64, author_id),
	COL(I64, created_at))

/* Rows of st (max at most STORE_VOL_ROWS_MAX) through read into *out. */
static fq_status rows_of(store_conn *c, fq_arena *a, sqlite3_stmt *st, size_t size,
			 store_row_reader read, void *out, size_t *n, fq_err *err)
{
	void *rows = NULL;
	fq_status res = stmt_rows(c, a, st, STORE_VOL_ROWS_MAX, size, read, &rows, n, err);
	if (res == FQ_OK)
		*(void **)out = rows;
	return res;
}

fq_status store_act_insert(store_conn *c, const store_activity *a, const store_act_slot *slots,
			   size_t n, int64_t *id, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c, SQL_ACT_INSERT, ARG_TEXT(a->kind), ARG_I64(a->unit_id), ARG_TEXT(a->unit_path),
	    ARG_TEXT(a->title), ARG_TEXT(a->address), ARG_INT(a->has_point), ARG_DBL(a->lat),
	    ARG_DBL(a->lon), ARG_I64(a->starts_at), ARG_I64(a->ends_at), ARG_I64(a->organiser_id),
	    ARG_INT(a->skill_mask), ARG_TEXT(a->secret), ARG_I64(a->created_at));
	fq_status res = stmt_insert(c, st, id, err);
	for (size_t i = 0; i < n && res == FQ_OK; i++)
		res = stmt_insert(c,
				  stmt_bound(c, SQL_SLOT_INSERT, ARG_I64(*id), ARG_TEXT(slots[i].role),
					     ARG_INT(slots[i].capacity)),
				  NULL, err);
	return res;
}

fq_status store_act_get(store_conn *c, fq_arena *a, int64_t id, store_activity *out,
			fq_err *err)
{
	return stmt_one(c, a, stmt_bound(c, SQL_ACT_GET, ARG_I64(id)), read_act, out, "id",
			"activity", err);
}

fq_status store_acts(store_conn *c, fq_arena *a, const char *path, int64_t after_id, int limit,
		     store_activity **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_ACT_LIST, ARG_TEXT(path ? path : "/"),
				      ARG_I64(after_id), ARG_INT(limit));
	return rows_of(c, a, st, sizeof **out, read_act, out, n, err);
}

fq_status store_act_slots(store_conn *c, fq_arena *a, int64_t activity_id, store_act_slot **out,
			  size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_SLOTS, ARG_I64(activity_id),
				      ARG_INT(STORE_VOL_ROWS_MAX));
	return rows_of(c, a, st, sizeof **out, read_slot, out, n, err);
}

fq_status store_act_slot_count(store_conn *c, int64_t slot_id, int d, fq_err *err)
{
	return stmt_exec(c, stmt_bound(c, SQL_SLOT_COUNT, ARG_INT(d), ARG_I64(slot_id)), err);
}

fq_status store_signup_insert(store_conn *c, const store_signup *s, int64_t *id, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_SIGNUP_INSERT, ARG_I64(s->activity_id),
				      ARG_I64(s->slot_id), ARG_I64(s->volunteer_id),
				      ARG_TEXT(s->state), ARG_I64(s->starts_at), ARG_I64(s->ends_at),
				      ARG_I64(s->created_at));
	fq_status res = stmt_insert(c, st, id, err);
	if (res == FQ_ECONFLICT)
		return fq_fail(err, FQ_ECONFLICT, "volunteer_id", "signed up already");
	return res;
}

fq_status store_signup_of(store_conn *c, fq_arena *a, int64_t activity_id, int64_t volunteer_id,
			  store_signup *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_SIGNUP_OF, ARG_I64(activity_id), ARG_I64(volunteer_id));
	return stmt_one(c, a, st, read_signup, out, "volunteer_id", "sign-up", err);
}

/* The count of sql over (volunteer_id, from, to). */
static fq_status count_span(store_conn *c, const char *sql, int64_t volunteer_id, int64_t from,
			    int64_t to, int *n, fq_err *err)
{
	return stmt_count(c, stmt_bound(c, sql, ARG_I64(volunteer_id), ARG_I64(from), ARG_I64(to)),
			  n, err);
}

fq_status store_signup_overlaps(store_conn *c, int64_t volunteer_id, int64_t from, int64_t to,
				int *n, fq_err *err)
{
	return count_span(c, SQL_SIGNUP_OVERLAPS, volunteer_id, from, to, n, err);
}

fq_status store_signup_made(store_conn *c, int64_t volunteer_id, int64_t from, int64_t to,
			    int *n, fq_err *err)
{
	return count_span(c, SQL_SIGNUP_MADE, volunteer_id, from, to, n, err);
}

fq_status store_signup_first_waiting(store_conn *c, int64_t slot_id, int64_t *id, fq_err *err)
{
	*id = 0;
	fq_status res = stmt_int(c, stmt_bound(c, SQL_SIGNUP_WAITING, ARG_I64(slot_id)), id, err);
	return res == FQ_ENOTFOUND ? FQ_OK : res;
}

fq_status store_signup_state(store_conn *c, int64_t id, const char *state, int64_t now,
			     fq_err *err)
{
	return stmt_exec(c, stmt_bound(c, SQL_SIGNUP_STATE, ARG_I64(id), ARG_TEXT(state),
				       ARG_I64(now)),
			 err);
}

fq_status store_signup_check(store_conn *c, int64_t id, int out, int64_t at, const char *how,
			     fq_err *err)
{
	return stmt_exec(c, stmt_bound(c, out ? SQL_SIGNUP_CHECKOUT : SQL_SIGNUP_CHECKIN,
				       ARG_I64(id), ARG_I64(at), ARG_TEXT(how)),
			 err);
}

fq_status store_signups(store_conn *c, fq_arena *a, int64_t activity_id, store_signup **out,
			size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_SIGNUPS, ARG_I64(activity_id),
				      ARG_INT(STORE_VOL_ROWS_MAX));
	return rows_of(c, a, st, sizeof **out, read_signup, out, n, err);
}

fq_status store_hours_insert(store_conn *c, const store_hours *h, int64_t *id, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_HOURS_INSERT, ARG_I64(h->volunteer_id),
				      ARG_ID(h->activity_id), ARG_ID(h->signup_id),
				      ARG_I64(h->minutes), ARG_TEXT(h->kind), ARG_TEXT(h->reason),
				      ARG_ID(h->author_id), ARG_I64(h->created_at));
	return stmt_insert(c, st, id, err);
}

fq_status store_hours_of(store_conn *c, fq_arena *a, int64_t volunteer_id, store_hours **out,
			 size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_HOURS_OF, ARG_I64(volunteer_id),
				      ARG_INT(STORE_VOL_ROWS_MAX));
	return rows_of(c, a, st, sizeof **out, read_hours, out, n, err);
}

/* The hot statements of activities, sign-ups and hours (docs/plans.md). */
const store_plan_entry store_volunteer_act_plans[] = {
	{"volunteers.act_get", SQL_ACT_GET, "rowid", NULL},
	{"volunteers.act_list", SQL_ACT_LIST, "activities_path", NULL},
	{"volunteers.act_insert", SQL_ACT_INSERT, "", NULL},
	{"volunteers.slot_insert", SQL_SLOT_INSERT, "", NULL},
	{"volunteers.slots", SQL_SLOTS, "activity_slots_activity", NULL},
	{"volunteers.slot_count", SQL_SLOT_COUNT, "rowid", NULL},
	{"volunteers.signup_insert", SQL_SIGNUP_INSERT, "", NULL},
	{"volunteers.signup_of", SQL_SIGNUP_OF, "activity_signups_one", NULL},
	{"volunteers.signup_overlaps", SQL_SIGNUP_OVERLAPS, "activity_signups_volunteer", NULL},
	{"volunteers.signup_made", SQL_SIGNUP_MADE, "activity_signups_day", NULL},
	{"volunteers.signup_waiting", SQL_SIGNUP_WAITING, "activity_signups_slot", NULL},
	{"volunteers.signup_state", SQL_SIGNUP_STATE, "rowid", NULL},
	{"volunteers.signup_checkin", SQL_SIGNUP_CHECKIN, "rowid", NULL},
	{"volunteers.signup_checkout", SQL_SIGNUP_CHECKOUT, "rowid", NULL},
	{"volunteers.signups", SQL_SIGNUPS, "activity_signups_activity", NULL},
	{"volunteers.hours_insert", SQL_HOURS_INSERT, "", NULL},
	{"volunteers.hours_of", SQL_HOURS_OF, "volunteer_hours_volunteer", NULL},
	{NULL, NULL, NULL, NULL},
};
