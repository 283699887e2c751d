/*
 * store_volunteer_team.c - volunteer teams and their members over time in
 * SQLite (store_volunteer.h). A membership is a row that gets left_at when
 * the member leaves; volunteer_teams.members counts the current ones and
 * moves in the same statement pair as every join and leave.
 */
#include "store/store_volunteer.h"

#include "store/sqlite_int.h"

#define SQL_TEAM_COLS                                                                          \
	"SELECT t.id, t.unit_id, t.unit_path, u.name, t.name, t.kind, t.leader_id,"               \
	" (SELECT p.name FROM volunteers v JOIN persons p ON p.id = v.person_id"                  \
	"  WHERE v.id = t.leader_id), t.size_max, t.members, t.created_by, t.created_at"          \
	" FROM volunteer_teams t "
#define SQL_TEAM_UNIT "JOIN units u ON u.id = t.unit_id "

static const char SQL_TEAM_GET[] = SQL_TEAM_COLS SQL_TEAM_UNIT "WHERE t.id = ?";
static const char SQL_TEAM_LIST[] =
	SQL_TEAM_COLS "INDEXED BY volunteer_teams_path " SQL_TEAM_UNIT "WHERE t.unit_path >= ?1"
	" AND t.unit_path < substr(?1, 1, length(?1) - 1) || '0' AND t.id > ?2"
	" ORDER BY t.id LIMIT ?3";
static const char SQL_TEAM_INSERT[] =
	"INSERT INTO volunteer_teams(unit_id, unit_path, name, kind, leader_id, size_max,"
	" created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_TEAM_COUNT[] = "UPDATE volunteer_teams SET members = members + ? WHERE id = ?";
static const char SQL_MEMBER_JOIN[] =
	"INSERT INTO volunteer_team_members(team_id, volunteer_id, joined_at, joined_by)"
	" VALUES (?, ?, ?, ?)";
static const char SQL_MEMBER_LEAVE[] =
	"UPDATE volunteer_team_members SET left_at = ?3, left_by = ?4"
	" WHERE team_id = ?1 AND volunteer_id = ?2 AND left_at IS NULL";
static const char SQL_MEMBERS[] =
	"SELECT m.id, m.volunteer_id, p.name, m.joined_at, m.joined_by, m.left_at, m.left_by"
	" FROM volunteer_team_members m JOIN volunteers v ON v.id = m.volunteer_id"
	" JOIN persons p ON p.id = v.person_id WHERE m.team_id = ? ORDER BY m.id LIMIT ?";

ROW_READER(read_team, store_vol_team,
	COL(I64, id), COL(I64, unit_id), COL(OPT, unit_path), COL(OPT, unit_name), COL(OPT, name),
	COL(OPT, kind), COL(I64, leader_id), COL(OPT, leader_name), COL(INT, size_max),
	COL(INT, members), COL(I64, created_by), COL(I64, created_at))

ROW_READER(read_member, store_vol_member,
	COL(I64, id), COL(I64, volunteer_id), COL(OPT, name), COL(I64, joined_at),
	COL(I64, joined_by), COL(I64, left_at), COL(I64, left_by))

fq_status store_vol_team_insert(store_conn *c, const store_vol_team *t, int64_t *id,
				fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_TEAM_INSERT, ARG_I64(t->unit_id), ARG_TEXT(t->unit_path),
				      ARG_TEXT(t->name), ARG_TEXT(t->kind), ARG_ID(t->leader_id),
				      ARG_INT(t->size_max), ARG_ID(t->created_by),
				      ARG_I64(t->created_at));
	fq_status res = stmt_insert(c, st, id, err);
	if (res == FQ_ECONFLICT)
		return fq_fail(err, FQ_ECONFLICT, "name", "the unit has a team of that name");
	return res;
}

fq_status store_vol_team_get(store_conn *c, fq_arena *a, int64_t id, store_vol_team *out,
			     fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_TEAM_GET, ARG_I64(id));
	return stmt_one(c, a, st, read_team, out, "id", "team", err);
}

fq_status store_vol_teams(store_conn *c, fq_arena *a, const char *path, int64_t after_id,
			  int limit, store_vol_team **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_TEAM_LIST, ARG_TEXT(path ? path : "/"),
				      ARG_I64(after_id), ARG_INT(limit));
	void *rows = NULL;
	fq_status res = stmt_rows(c, a, st, STORE_VOL_ROWS_MAX, sizeof **out, read_team, &rows, n,
				  err);
	if (res == FQ_OK)
		*out = rows;
	return res;
}

static fq_status count(store_conn *c, int64_t team_id, int d, fq_err *err)
{
	return stmt_exec(c, stmt_bound(c, SQL_TEAM_COUNT, ARG_INT(d), ARG_I64(team_id)), err);
}

fq_status store_vol_team_join(store_conn *c, int64_t team_id, int64_t volunteer_id, int64_t by,
			      int64_t now, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_MEMBER_JOIN, ARG_I64(team_id), ARG_I64(volunteer_id),
				      ARG_I64(now), ARG_ID(by));
	fq_status res = stmt_insert(c, st, NULL, err);
	if (res == FQ_ECONFLICT)
		return fq_fail(err, FQ_ECONFLICT, "volunteer_id", "already a member of the team");
	return res == FQ_OK ? count(c, team_id, 1, err) : res;
}

fq_status store_vol_team_leave(store_conn *c, int64_t team_id, int64_t volunteer_id, int64_t by,
			       int64_t now, fq_err *err)
{
	fq_status res = stmt_exec(c,
				  stmt_bound(c, SQL_MEMBER_LEAVE, ARG_I64(team_id),
					     ARG_I64(volunteer_id), ARG_I64(now), ARG_ID(by)),
				  err);
	if (res != FQ_OK)
		return res;
	if (sqlite3_changes(c->db) == 0)
		return fq_fail(err, FQ_ENOTFOUND, "volunteer_id", "not a member of the team");
	return count(c, team_id, -1, err);
}

fq_status store_vol_team_members(store_conn *c, fq_arena *a, int64_t team_id,
				 store_vol_member **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_MEMBERS, ARG_I64(team_id),
				      ARG_INT(STORE_VOL_ROWS_MAX));
	void *rows = NULL;
	fq_status res = stmt_rows(c, a, st, STORE_VOL_ROWS_MAX, sizeof **out, read_member, &rows,
				  n, err);
	if (res == FQ_OK)
		*out = rows;
	return res;
}

/* The hot statements of teams (docs/plans.md). */
const store_plan_entry store_volunteer_team_plans[] = {
	{"volunteers.team_get", SQL_TEAM_GET, "rowid", NULL},
	{"volunteers.team_list", SQL_TEAM_LIST, "volunteer_teams_path", NULL},
	{"volunteers.team_insert", SQL_TEAM_INSERT, "", NULL},
	{"volunteers.team_count", SQL_TEAM_COUNT, "rowid", NULL},
	{"volunteers.member_join", SQL_MEMBER_JOIN, "", NULL},
	{"volunteers.member_leave", SQL_MEMBER_LEAVE, "volunteer_team_members_now", NULL},
	{"volunteers.members", SQL_MEMBERS, "volunteer_team_members_team", NULL},
	{NULL, NULL, NULL, NULL},
};
