/*
 * store_requests.c - the SQL of the requests module; see store_requests.h.
 *
 * A request is read with one statement that also joins what a view of it
 * shows (category, grid, assignee, reporter, the hotline caller kept in the
 * detail of its "submitted" event). Event details are built as JSON by
 * SQLite itself (json_group_object over a fixed VALUES list whose unused
 * pairs are NULL), so no JSON library is needed below the API layer.
 */
#include "store/store_requests.h"

#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "store/sqlite_int.h"
#include "store/store_plans.h"

/* Bytes of an RFC 3339 time written by fq_time_rfc3339. */
#define TIME_TEXT_MAX 40

/* ---- statements ------------------------------------------------------ */

#define REQ_COLS                                                                               \
	"r.id, r.number, r.street_id, r.community_id, r.grid_id, r.unit_path, r.category_id,"  \
	" r.channel, r.title, r.description, r.lat, r.lon, r.address, r.building_id,"          \
	" r.household_id, r.reporter_account_id, r.reporter_person_id, r.anonymous, r.state,"  \
	" r.level, r.priority, r.assignee_account_id, r.assignee_unit_id, r.accept_due,"       \
	" r.resolve_due, r.followup_due, r.dispatched_at, r.accepted_at, r.accepted_late,"     \
	" r.resolved_at, r.closed_at, r.result, r.card, r.card_due, r.ext_state, r.ext_amount," \
	" r.ext_unit, r.extensions, r.redo_count, r.merged_into, r.rating_resolved,"           \
	" r.rating_satisfaction, r.rating_comment, r.reminded_at, r.created_at, r.updated_at"

/* Index of the first joined column after REQ_COLS. */
#define REQ_JOINED_FIRST 46

static const char SQL_REQ_GET[] =
	"SELECT " REQ_COLS ", cat.code, cat.name, g.name, b.path,"
	" coalesce(nullif(asg.display_name, ''), asg.username),"
	" (SELECT group_concat(ar.role) FROM account_roles ar"
	"  WHERE ar.account_id = r.assignee_account_id),"
	" au.name, au.kind, p.name, p.phone,"
	" (SELECT json_extract(e.detail, '$.caller_name') FROM request_events e"
	"  WHERE e.request_id = r.id AND e.event = 'submitted' ORDER BY e.id LIMIT 1),"
	" (SELECT json_extract(e.detail, '$.caller_phone') FROM request_events e"
	"  WHERE e.request_id = r.id AND e.event = 'submitted' ORDER BY e.id LIMIT 1),"
	" b.name, b.address, b.lat, b.lon"
	" FROM requests r JOIN categories cat ON cat.id = r.category_id"
	" LEFT JOIN units g ON g.id = r.grid_id LEFT JOIN units b ON b.id = r.building_id"
	" LEFT JOIN accounts asg ON asg.id = r.assignee_account_id"
	" LEFT JOIN units au ON au.id = r.assignee_unit_id"
	" LEFT JOIN persons p ON p.id = r.reporter_person_id WHERE r.id = ?1";

static const char SQL_REQ_INSERT[] =
	"INSERT INTO requests(number, street_id, community_id, grid_id, unit_path, category_id,"
	" channel, title, description, lat, lon, address, building_id, household_id,"
	" reporter_account_id, reporter_person_id, anonymous, state, level, priority,"
	" assignee_account_id, assignee_unit_id, accept_due, resolve_due, followup_due,"
	" dispatched_at, accepted_at, accepted_late, resolved_at, closed_at, result, card,"
	" card_due, ext_state, ext_amount, ext_unit, extensions, redo_count, merged_into,"
	" rating_resolved, rating_satisfaction, rating_comment, reminded_at, created_at,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
	" ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32,"
	" ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45)";

/* The updates below leave merged_into (?22) alone: it refers to requests
 * itself, and SQLite rewrites every index of a table whose row changes a
 * column that refers to the same table, so writing it with every move cost
 * ten times the update. SQL_REQ_MERGE writes it when it changes. */
static const char SQL_REQ_MERGE[] = "UPDATE requests SET merged_into = ?2 WHERE id = ?1";

/* SQL_REQ_UPDATE without the indexed columns (state, level, ?4, ?6, ?7,
 * ?8, ?15, ?16), with the same parameter numbers. */
static const char SQL_REQ_UPDATE_UNINDEXED[] =
	"UPDATE requests SET assignee_unit_id = ?5,"
	" dispatched_at = ?9, accepted_at = ?10, accepted_late = ?11, resolved_at = ?12,"
	" closed_at = ?13, result = ?14, ext_state = ?17,"
	" ext_amount = ?18, ext_unit = ?19, extensions = ?20, redo_count = ?21,"
	" rating_resolved = ?23, rating_satisfaction = ?24,"
	" rating_comment = ?25, reminded_at = ?26, updated_at = ?27 WHERE id = ?1";

static const char SQL_REQ_UPDATE[] =
	"UPDATE requests SET state = ?2, level = ?3, assignee_account_id = ?4,"
	" assignee_unit_id = ?5, accept_due = ?6, resolve_due = ?7, followup_due = ?8,"
	" dispatched_at = ?9, accepted_at = ?10, accepted_late = ?11, resolved_at = ?12,"
	" closed_at = ?13, result = ?14, card = ?15, card_due = ?16, ext_state = ?17,"
	" ext_amount = ?18, ext_unit = ?19, extensions = ?20, redo_count = ?21,"
	" rating_resolved = ?23, rating_satisfaction = ?24,"
	" rating_comment = ?25, reminded_at = ?26, updated_at = ?27 WHERE id = ?1";

static const char SQL_MAX_NUMBER[] =
	"SELECT max(number) FROM requests WHERE number >= ?1 AND number <= ?2";

static const char SQL_EVENT_INSERT[] =
	"INSERT INTO request_events(request_id, at, actor_account_id, event, old_state,"
	" new_state, old_level, new_level, note, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	" ?9, (SELECT nullif(json_group_object(column1, column2), '{}') FROM (VALUES"
	" (?10, ?11), (?12, ?13), (?14, ?15), (?16, ?17), (?18, ?19), (?20, ?21), (?22, ?23),"
	" (?24, ?25)) WHERE column1 IS NOT NULL))";

/* First parameter of the detail pairs in SQL_EVENT_INSERT. */
#define EVENT_DETAIL_PARAM 10

static const char SQL_EVENTS[] =
	"SELECT e.id, e.at, coalesce(e.actor_account_id, 0),"
	" coalesce(nullif(a.display_name, ''), a.username), e.event, e.old_state, e.new_state,"
	" coalesce(e.old_level, 0), e.new_level, e.note, e.detail FROM request_events e"
	" LEFT JOIN accounts a ON a.id = e.actor_account_id WHERE e.request_id = ?1"
	" ORDER BY e.id LIMIT ?2";

static const char SQL_COHANDLERS[] =
	"SELECT c.unit_id, c.lead, u.name FROM request_cohandlers c JOIN units u ON u.id = c.unit_id"
	" WHERE c.request_id = ?1 ORDER BY c.lead DESC, c.unit_id LIMIT ?2";

static const char SQL_COHANDLERS_CLEAR[] = "DELETE FROM request_cohandlers WHERE request_id = ?1";

static const char SQL_COHANDLER_INSERT[] =
	"INSERT INTO request_cohandlers(request_id, unit_id, lead) VALUES (?1, ?2, ?3)";

static const char SQL_IDEM_GET[] =
	"SELECT request_id, fingerprint FROM idempotency_keys WHERE account_id = ?1 AND key = ?2";

static const char SQL_IDEM_INSERT[] =
	"INSERT INTO idempotency_keys(account_id, key, request_id, fingerprint, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

/* Possible duplicates, one place at a time: each reads a range of an index
 * of open requests (migrations 12 and 13) newest first and stops at ?11
 * rows. */
#define DUP_COLS                                                          \
	"SELECT id, number, title, state, lat IS NOT NULL AND lon IS NOT NULL," \
	" coalesce(lat, 0), coalesce(lon, 0) FROM requests"
#define DUP_WHEN                                                                     \
	" AND category_id = ?1 AND " SQL_REQ_OPEN                                   \
	" AND created_at BETWEEN ?2 AND ?3 AND id < ?4 ORDER BY created_at DESC LIMIT ?11"

static const char SQL_DUP_HOUSEHOLD[] =
	DUP_COLS " INDEXED BY requests_dup_household WHERE household_id = ?10" DUP_WHEN;
static const char SQL_DUP_BUILDING[] =
	DUP_COLS " INDEXED BY requests_dup_building WHERE building_id = ?9" DUP_WHEN;
static const char SQL_DUP_CELL[] =
	DUP_COLS " INDEXED BY requests_dup_cell WHERE dup_cell = ?12"
	" AND lat BETWEEN ?5 AND ?6 AND lon BETWEEN ?7 AND ?8" DUP_WHEN;

#define CATEGORY_COLS "id, code, name, start_level, priority, active"
static const char SQL_CATEGORY_BY_ID[] =
	"SELECT " CATEGORY_COLS " FROM categories WHERE id = ?1";
static const char SQL_CATEGORY_BY_CODE[] =
	"SELECT " CATEGORY_COLS " FROM categories WHERE code = ?1";

static const char SQL_LIMITS[] =
	"SELECT accept_amount, accept_unit, resolve_amount, resolve_unit FROM category_limits"
	" WHERE category_id = ?1 AND level = ?2";

static const char SQL_CALENDAR[] = "SELECT day, kind, name FROM calendar_days ORDER BY day LIMIT ?1";
/* Renewed by triggers whenever a day is added, removed or changed
 * (migration 16). */
static const char SQL_CALENDAR_SIG[] = "SELECT version FROM calendar_version WHERE id = 1";

static const char SQL_LADDER_LEADER[] =
	"SELECT a.id FROM leader_households lh"
	" JOIN leaders l ON l.id = lh.leader_id AND l.kind = 'neighbour'"
	" JOIN accounts a ON a.person_id = l.person_id AND a.disabled = 0"
	" WHERE lh.household_id = ?1 ORDER BY l.id, a.id LIMIT 1";

/* CROSS JOIN: the building's leaders first; with the statistics PRAGMA
 * optimize leaves SQLite walked every account instead. */
static const char SQL_LADDER_BUILDING[] =
	"SELECT id FROM (SELECT 0 AS pri, a.id AS id FROM leaders l"
	"  CROSS JOIN accounts a ON a.person_id = l.person_id AND a.disabled = 0"
	"  WHERE l.kind = 'building' AND l.unit_id = ?1"
	" UNION ALL SELECT 1, a.id FROM account_roles ar"
	"  JOIN accounts a ON a.id = ar.account_id AND a.disabled = 0"
	"  WHERE ar.role = 'building_leader' AND ar.unit_id = ?1)"
	" ORDER BY pri, id LIMIT 1";

static const char SQL_LADDER_ROLE[] =
	"SELECT a.id FROM account_roles ar JOIN accounts a ON a.id = ar.account_id"
	" AND a.disabled = 0 WHERE ar.role = ?1 AND ar.unit_id = ?2 ORDER BY a.id LIMIT 1";

static const char SQL_ACCOUNT_NAME[] =
	"SELECT coalesce(nullif(display_name, ''), username) FROM accounts WHERE id = ?1";

static const char SQL_PERSON_BY_PHONE[] =
	"SELECT id, coalesce(household_id, 0) FROM persons WHERE phone = ?1 ORDER BY id LIMIT 2";

static const char SQL_LIVE_INSERT[] =
	"INSERT INTO live_events(at, unit_path, request_id, kind, payload) VALUES (?1, ?2, ?3, ?4,"
	" json_object('request_id', ?3, 'number', ?5, 'event', ?4, 'state', ?6, 'level', ?7,"
	" 'title', ?8, 'category', ?9, 'at', ?10))";

/* ---- requests -------------------------------------------------------- */

static void read_joined(fq_arena *a, sqlite3_stmt *st, store_request *r, int *bad)
{
	int j = REQ_JOINED_FIRST;
	r->category_code = col_opt(a, st, j, bad);
	r->category_name = col_opt(a, st, j + 1, bad);
	r->grid_name = col_opt(a, st, j + 2, bad);
	r->building_path = col_opt(a, st, j + 3, bad);
	r->assignee_name = col_opt(a, st, j + 4, bad);
	r->assignee_roles = col_opt(a, st, j + 5, bad);
	r->assignee_unit_name = col_opt(a, st, j + 6, bad);
	r->assignee_unit_kind = col_opt(a, st, j + 7, bad);
	r->reporter_name = col_opt(a, st, j + 8, bad);
	r->reporter_phone = col_opt(a, st, j + 9, bad);
	r->caller_name = col_opt(a, st, j + 10, bad);
	r->caller_phone = col_opt(a, st, j + 11, bad);
	r->building_name = col_opt(a, st, j + 12, bad);
	r->building_address = col_opt(a, st, j + 13, bad);
	r->building_has_point = sqlite3_column_type(st, j + 14) != SQLITE_NULL &&
				sqlite3_column_type(st, j + 15) != SQLITE_NULL;
	r->building_lat = sqlite3_column_double(st, j + 14);
	r->building_lon = sqlite3_column_double(st, j + 15);
}

/* Columns 0..21 of REQ_COLS: what the request is. */
static void read_request_head(fq_arena *a, sqlite3_stmt *st, store_request *r, int *bad)
{
	r->id = sqlite3_column_int64(st, 0);
	r->number = col_opt(a, st, 1, bad);
	r->street_id = sqlite3_column_int64(st, 2);
	r->community_id = sqlite3_column_int64(st, 3);
	r->grid_id = sqlite3_column_int64(st, 4);
	r->unit_path = col_opt(a, st, 5, bad);
	r->category_id = sqlite3_column_int64(st, 6);
	r->channel = col_opt(a, st, 7, bad);
	r->title = col_opt(a, st, 8, bad);
	r->description = col_opt(a, st, 9, bad);
	r->has_point = sqlite3_column_type(st, 10) != SQLITE_NULL &&
		       sqlite3_column_type(st, 11) != SQLITE_NULL;
	r->lat = sqlite3_column_double(st, 10);
	r->lon = sqlite3_column_double(st, 11);
	r->address = col_opt(a, st, 12, bad);
	r->building_id = sqlite3_column_int64(st, 13);
	r->household_id = sqlite3_column_int64(st, 14);
	r->reporter_account_id = sqlite3_column_int64(st, 15);
	r->reporter_person_id = sqlite3_column_int64(st, 16);
	r->anonymous = sqlite3_column_int(st, 17);
	r->state = col_opt(a, st, 18, bad);
	r->level = sqlite3_column_int(st, 19);
	r->priority = sqlite3_column_int(st, 20);
	r->assignee_account_id = sqlite3_column_int64(st, 21);
}

/* Columns 22..45 of REQ_COLS: where the request stands. */
static void read_request_tail(fq_arena *a, sqlite3_stmt *st, store_request *r, int *bad)
{
	r->assignee_unit_id = sqlite3_column_int64(st, 22);
	r->accept_due = sqlite3_column_int64(st, 23);
	r->resolve_due = sqlite3_column_int64(st, 24);
	r->followup_due = sqlite3_column_int64(st, 25);
	r->dispatched_at = sqlite3_column_int64(st, 26);
	r->accepted_at = sqlite3_column_int64(st, 27);
	r->accepted_late = sqlite3_column_int(st, 28);
	r->resolved_at = sqlite3_column_int64(st, 29);
	r->closed_at = sqlite3_column_int64(st, 30);
	r->result = col_opt(a, st, 31, bad);
	r->card = col_opt(a, st, 32, bad);
	r->card_due = sqlite3_column_int64(st, 33);
	r->ext_state = col_opt(a, st, 34, bad);
	r->ext_amount = sqlite3_column_int(st, 35);
	r->ext_unit = col_opt(a, st, 36, bad);
	r->extensions = sqlite3_column_int(st, 37);
	r->redo_count = sqlite3_column_int(st, 38);
	r->merged_into = sqlite3_column_int64(st, 39);
	r->rating_resolved =
	    sqlite3_column_type(st, 40) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 40);
	r->rating_satisfaction = sqlite3_column_int(st, 41);
	r->rating_comment = col_opt(a, st, 42, bad);
	r->reminded_at = sqlite3_column_int64(st, 43);
	r->created_at = sqlite3_column_int64(st, 44);
	r->updated_at = sqlite3_column_int64(st, 45);
}

static int read_request(fq_arena *a, sqlite3_stmt *st, void *row)
{
	store_request *r = row;
	int bad = 0;
	read_request_head(a, st, r, &bad);
	read_request_tail(a, st, r, &bad);
	read_joined(a, st, r, &bad);
	return bad ? -1 : 0;
}

/* Parameters 1..20 of SQL_REQ_INSERT. */
static void bind_insert_head(sqlite3_stmt *st, const store_request *r)
{
	bind_text(st, 1, r->number);
	bind_id(st, 2, r->street_id);
	bind_id(st, 3, r->community_id);
	bind_id(st, 4, r->grid_id);
	bind_text(st, 5, r->unit_path ? r->unit_path : "/");
	sqlite3_bind_int64(st, 6, r->category_id);
	bind_text(st, 7, r->channel);
	bind_text(st, 8, r->title);
	bind_text(st, 9, r->description ? r->description : "");
	if (r->has_point) {
		sqlite3_bind_double(st, 10, r->lat);
		sqlite3_bind_double(st, 11, r->lon);
	}
	bind_text(st, 12, r->address ? r->address : "");
	bind_id(st, 13, r->building_id);
	bind_id(st, 14, r->household_id);
	bind_id(st, 15, r->reporter_account_id);
	bind_id(st, 16, r->reporter_person_id);
	sqlite3_bind_int(st, 17, r->anonymous != 0);
	bind_text(st, 18, r->state);
	sqlite3_bind_int(st, 19, r->level);
	sqlite3_bind_int(st, 20, r->priority);
}

/* The mutable columns, at parameter `first` onwards, in the order of
 * SQL_REQ_UPDATE's ?4..?27 (assignee_account_id .. updated_at). */
static void bind_mutable(sqlite3_stmt *st, int first, const store_request *r)
{
	int i = first;
	bind_id(st, i++, r->assignee_account_id);
	bind_id(st, i++, r->assignee_unit_id);
	bind_id(st, i++, r->accept_due);
	bind_id(st, i++, r->resolve_due);
	bind_id(st, i++, r->followup_due);
	bind_id(st, i++, r->dispatched_at);
	bind_id(st, i++, r->accepted_at);
	sqlite3_bind_int(st, i++, r->accepted_late != 0);
	bind_id(st, i++, r->resolved_at);
	bind_id(st, i++, r->closed_at);
	bind_text(st, i++, r->result);
	bind_text(st, i++, r->card ? r->card : "none");
	bind_id(st, i++, r->card_due);
	bind_text(st, i++, r->ext_state ? r->ext_state : "none");
	bind_id(st, i++, r->ext_amount);
	bind_text(st, i++, r->ext_unit);
	sqlite3_bind_int(st, i++, r->extensions);
	sqlite3_bind_int(st, i++, r->redo_count);
	bind_id(st, i++, r->merged_into);
	if (r->rating_resolved >= 0)
		sqlite3_bind_int(st, i, r->rating_resolved);
	i++;
	bind_id(st, i++, r->rating_satisfaction);
	bind_text(st, i++, r->rating_comment);
	bind_id(st, i++, r->reminded_at);
	sqlite3_bind_int64(st, i, r->updated_at);
}

fq_status store_req_insert(store_conn *c, const store_request *r, int64_t *id_out, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_REQ_INSERT);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	bind_insert_head(st, r);
	/* ?21..?43 are the mutable columns in SQL_REQ_UPDATE's order up to
	 * reminded_at; the binder's last one (updated_at, ?44) is then
	 * overwritten by created_at */
	bind_mutable(st, 21, r);
	sqlite3_bind_int64(st, 44, r->created_at);
	sqlite3_bind_int64(st, 45, r->updated_at);
	res = stmt_exec(c, st, err);
	if (res == FQ_OK)
		*id_out = store_last_id(c);
	return res;
}

fq_status store_req_get(store_conn *c, fq_arena *a, int64_t id, store_request *out,
			fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_REQ_GET, ARG_I64(id));
	return stmt_one(c, a, st, read_request, out, "id", "request", err);
}

static int text_same(const char *x, const char *y, const char *dflt)
{
	return strcmp(x ? x : dflt, y ? y : dflt) == 0;
}

/* Whether r differs from before in a column some index of requests holds. */
static int indexed_changed(const store_request *before, const store_request *r)
{
	return !text_same(before->state, r->state, "") || before->level != r->level ||
	       before->assignee_account_id != r->assignee_account_id ||
	       before->accept_due != r->accept_due || before->resolve_due != r->resolve_due ||
	       before->followup_due != r->followup_due || before->card_due != r->card_due ||
	       !text_same(before->card, r->card, "none");
}

static fq_status update_merged(store_conn *c, const store_request *r, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_REQ_MERGE);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	sqlite3_bind_int64(st, 1, r->id);
	bind_id(st, 2, r->merged_into);
	return stmt_exec(c, st, err);
}

fq_status store_req_update(store_conn *c, const store_request *before, const store_request *r,
			   fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, indexed_changed(before, r) ? SQL_REQ_UPDATE
								 : SQL_REQ_UPDATE_UNINDEXED);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	sqlite3_bind_int64(st, 1, r->id);
	bind_text(st, 2, r->state);
	sqlite3_bind_int(st, 3, r->level);
	bind_mutable(st, 4, r);
	res = stmt_exec(c, st, err);
	if (res == FQ_OK && sqlite3_changes(c->db) != 1)
		res = fq_fail(err, FQ_ENOTFOUND, "id", "no such request");
	if (res == FQ_OK && r->merged_into != before->merged_into)
		res = update_merged(c, r, err);
	return res;
}

fq_status store_req_max_number(store_conn *c, fq_arena *a, const char *lo, const char *hi,
			       const char **out, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_MAX_NUMBER);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	bind_text(st, 1, lo);
	bind_text(st, 2, hi);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = col_text(a, st, 0);
	else
		res = stmt_fail(c, rc, err);
	sqlite3_reset(st);
	return res;
}

/* ---- timeline -------------------------------------------------------- */

fq_status store_req_event_insert(store_conn *c, const store_req_event_new *ev, int64_t *id_out,
				 fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_EVENT_INSERT);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	sqlite3_bind_int64(st, 1, ev->request_id);
	sqlite3_bind_int64(st, 2, ev->at);
	bind_id(st, 3, ev->actor_account_id);
	bind_text(st, 4, ev->event);
	bind_text(st, 5, ev->old_state);
	bind_text(st, 6, ev->new_state);
	bind_id(st, 7, ev->old_level);
	sqlite3_bind_int(st, 8, ev->new_level);
	bind_text(st, 9, ev->note ? ev->note : "");
	for (int k = 0; k < ev->n_detail && k < STORE_REQ_DETAIL_MAX; k++) {
		const store_req_kv *kv = &ev->detail[k];
		int p = EVENT_DETAIL_PARAM + 2 * k;
		bind_text(st, p, kv->key);
		if (kv->is_num)
			sqlite3_bind_int64(st, p + 1, kv->num);
		else
			bind_text(st, p + 1, kv->text);
	}
	res = stmt_exec(c, st, err);
	if (res == FQ_OK && id_out)
		*id_out = store_last_id(c);
	return res;
}

ROW_READER(read_event, store_req_event,
	COL(I64, id), COL(I64, at), COL(I64, actor_account_id), COL(OPT, actor_name),
	COL(OPT, event), COL(OPT, old_state), COL(OPT, new_state), COL(INT, old_level),
	COL(INT, new_level), COL(OPT, note), COL(OPT, detail))

fq_status store_req_events(store_conn *c, fq_arena *a, int64_t id, int max,
			   store_req_event **out, size_t *n, fq_err *err)
{
	if (max < 1 || max > STORE_REQ_EVENTS_MAX)
		return fq_fail(err, FQ_EINVAL, "limit", "limit must be from 1 to %d",
		               STORE_REQ_EVENTS_MAX);
	sqlite3_stmt *st = stmt_bound(c, SQL_EVENTS, ARG_I64(id), ARG_INT(max));
	return stmt_rows(c, a, st, (size_t)max, sizeof **out, read_event, (void **)out, n, err);
}

/* ---- co-handlers ----------------------------------------------------- */

ROW_READER(read_cohandler, store_req_cohandler,
	COL(I64, unit_id), COL(INT, lead), COL(OPT, name))

fq_status store_req_cohandlers(store_conn *c, fq_arena *a, int64_t id,
			       store_req_cohandler **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, SQL_COHANDLERS, ARG_I64(id), ARG_INT(LADDER_COHANDLERS_MAX));
	return stmt_rows(c, a, st, LADDER_COHANDLERS_MAX, sizeof **out,
	                 read_cohandler, (void **)out, n, err);
}

fq_status store_req_cohandlers_set(store_conn *c, int64_t id, const ladder_cohandler *list,
				   size_t n, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_COHANDLERS_CLEAR);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	sqlite3_bind_int64(st, 1, id);
	res = stmt_exec(c, st, err);
	for (size_t i = 0; i < n && res == FQ_OK; i++) {
		st = stmt_get(c, SQL_COHANDLER_INSERT);
		if ((res = stmt_ready(st, err)) != FQ_OK)
			break;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, list[i].unit_id);
		sqlite3_bind_int(st, 3, list[i].lead != 0);
		res = stmt_exec(c, st, err);
	}
	return res;
}

/* ---- idempotency keys ------------------------------------------------ */

static int read_idem(fq_arena *a, sqlite3_stmt *st, void *row)
{
	int bad = 0;
	store_req_idem *k = row;
	k->request_id = sqlite3_column_int64(st, 0);
	k->fingerprint = col_opt(a, st, 1, &bad);
	return bad ? -1 : 0;
}

fq_status store_req_idem_get(store_conn *c, fq_arena *a, int64_t account_id, const char *key,
			     store_req_idem *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_IDEM_GET);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	sqlite3_bind_int64(st, 1, account_id);
	bind_text(st, 2, key);
	store_req_idem k;
	res = stmt_one(c, a, st, read_idem, &k, "id", "idempotency key", err);
	if (res == FQ_OK)
		*out = k;
	return res;
}

fq_status store_req_idem_insert(store_conn *c, int64_t account_id, const char *key,
				int64_t request_id, const char *fingerprint, int64_t now,
				fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_IDEM_INSERT);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	sqlite3_bind_int64(st, 1, account_id);
	bind_text(st, 2, key);
	sqlite3_bind_int64(st, 3, request_id);
	bind_text(st, 4, fingerprint);
	sqlite3_bind_int64(st, 5, now);
	return stmt_exec(c, st, err);
}

/* ---- duplicates -------------------------------------------------------- */

static int read_dup(fq_arena *a, sqlite3_stmt *st, void *row)
{
	int bad = 0;
	store_req_dup *d = row;
	d->id = sqlite3_column_int64(st, 0);
	d->number = col_opt(a, st, 1, &bad);
	d->title = col_opt(a, st, 2, &bad);
	d->state = col_opt(a, st, 3, &bad);
	d->has_point = sqlite3_column_int(st, 4);
	d->lat = sqlite3_column_double(st, 5);
	d->lon = sqlite3_column_double(st, 6);
	return bad ? -1 : 0;
}

/* The cell of a point, as the dup_cell column of migration 12 computes it:
 * whole cells of 1/STORE_REQ_DUP_CELLS_PER_DEG degree from (-90, -180). */
static int64_t cell_lat(double lat)
{
	return (int64_t)((lat + 90.0) * STORE_REQ_DUP_CELLS_PER_DEG);
}

static int64_t cell_lon(double lon)
{
	return (int64_t)((lon + 180.0) * STORE_REQ_DUP_CELLS_PER_DEG);
}

#define DUP_CELL_ROW 100000 /* dup_cell = cell_lat * DUP_CELL_ROW + cell_lon */

/* A list of possible duplicates being gathered from several places. */
typedef struct {
	store_req_dup rows[STORE_REQ_DUPLICATES_MAX * (STORE_REQ_DUP_CELLS_MAX + 2)];
	size_t n;
} dup_list;

static void bind_dup(sqlite3_stmt *st, const store_req_dup_query *q)
{
	sqlite3_bind_int64(st, 1, q->category_id);
	sqlite3_bind_int64(st, 2, q->since);
	sqlite3_bind_int64(st, 3, q->until);
	sqlite3_bind_int64(st, 4, q->before_id);
	sqlite3_bind_int(st, 11, STORE_REQ_DUPLICATES_MAX);
}

/* Append the rows of one place (statement sql with the place's id or cell
 * as parameter param) to l, skipping ids already there. */
static fq_status dup_place(store_conn *c, fq_arena *a, const char *sql,
			   const store_req_dup_query *q, int param, int64_t place, dup_list *l,
			   fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, sql);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	bind_dup(st, q);
	sqlite3_bind_double(st, 5, q->min_lat);
	sqlite3_bind_double(st, 6, q->max_lat);
	sqlite3_bind_double(st, 7, q->min_lon);
	sqlite3_bind_double(st, 8, q->max_lon);
	sqlite3_bind_int64(st, param, place);
	void *rows = NULL;
	size_t got = 0;
	res = stmt_rows(c, a, st, STORE_REQ_DUPLICATES_MAX, sizeof(store_req_dup), read_dup, &rows,
			&got, err);
	for (size_t i = 0; res == FQ_OK && i < got; i++) {
		const store_req_dup *d = (const store_req_dup *)rows + i;
		size_t k = 0;
		while (k < l->n && l->rows[k].id != d->id)
			k++;
		if (k == l->n)
			l->rows[l->n++] = *d;
	}
	return res;
}

/* The cells of q's box, at most STORE_REQ_DUP_CELLS_MAX: the box's rows of
 * cells and columns, each clamped to the three around its centre. */
static fq_status dup_cells(store_conn *c, fq_arena *a, const store_req_dup_query *q,
			   dup_list *l, fq_err *err)
{
	int64_t la0 = cell_lat(q->min_lat), la1 = cell_lat(q->max_lat);
	int64_t lo0 = cell_lon(q->min_lon), lo1 = cell_lon(q->max_lon);
	int64_t lam = cell_lat((q->min_lat + q->max_lat) / 2);
	int64_t lom = cell_lon((q->min_lon + q->max_lon) / 2);
	la0 = la0 < lam - 1 ? lam - 1 : la0;
	la1 = la1 > lam + 1 ? lam + 1 : la1;
	lo0 = lo0 < lom - 1 ? lom - 1 : lo0;
	lo1 = lo1 > lom + 1 ? lom + 1 : lo1;
	fq_status res = FQ_OK;
	for (int64_t la = la0; la <= la1 && res == FQ_OK; la++)
		for (int64_t lo = lo0; lo <= lo1 && res == FQ_OK; lo++)
			res = dup_place(c, a, SQL_DUP_CELL, q, 12, la * DUP_CELL_ROW + lo, l, err);
	return res;
}

static int newest_first(const void *x, const void *y)
{
	int64_t a = ((const store_req_dup *)x)->id, b = ((const store_req_dup *)y)->id;
	return a < b ? 1 : a > b ? -1 : 0;
}

fq_status store_req_duplicates(store_conn *c, fq_arena *a, const store_req_dup_query *q,
			       store_req_dup **out, size_t *n, fq_err *err)
{
	dup_list *l = fq_arena_alloc(a, sizeof *l);
	if (!l)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	l->n = 0;
	fq_status res = FQ_OK;
	if (q->household_id > 0)
		res = dup_place(c, a, SQL_DUP_HOUSEHOLD, q, 10, q->household_id, l, err);
	if (res == FQ_OK && q->building_id > 0)
		res = dup_place(c, a, SQL_DUP_BUILDING, q, 9, q->building_id, l, err);
	if (res == FQ_OK && q->has_box)
		res = dup_cells(c, a, q, l, err);
	if (res != FQ_OK)
		return res;
	qsort(l->rows, l->n, sizeof l->rows[0], newest_first);
	*out = l->rows;
	*n = l->n < STORE_REQ_DUPLICATES_MAX ? l->n : STORE_REQ_DUPLICATES_MAX;
	return FQ_OK;
}

/* ---- categories, limits, calendar ------------------------------------ */

ROW_READER(read_category, store_req_category,
	COL(I64, id), COL(OPT, code), COL(OPT, name), COL(INT, start_level), COL(INT, priority),
	COL(INT, active))

fq_status store_req_category_get(store_conn *c, fq_arena *a, int64_t id, const char *code,
				 store_req_category *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, code ? SQL_CATEGORY_BY_CODE : SQL_CATEGORY_BY_ID);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	if (code)
		bind_text(st, 1, code);
	else
		sqlite3_bind_int64(st, 1, id);
	return stmt_one(c, a, st, read_category, out, "id", "category", err);
}

ROW_READER(read_limits, store_req_limits,
	COL(INT, accept_amount), COL(OPT, accept_unit), COL(INT, resolve_amount),
	COL(OPT, resolve_unit))

fq_status store_req_limits_get(store_conn *c, fq_arena *a, int64_t category_id, int level,
			       store_req_limits *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_LIMITS, ARG_I64(category_id), ARG_INT(level));
	return stmt_one(c, a, st, read_limits, out, "id", "limit", err);
}

ROW_READER(read_day, store_req_calendar_day,
	COL(INT, day), COL(OPT, kind), COL(OPT, name))

fq_status store_req_calendar_sig(store_conn *c, int64_t *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_CALENDAR_SIG);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		res = stmt_fail(c, rc, err);
		sqlite3_reset(st);
		return res;
	}
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return FQ_OK;
}

fq_status store_req_calendar(store_conn *c, fq_arena *a, store_req_calendar_day **out,
			     size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_CALENDAR, ARG_INT(CAL_ENTRIES_MAX));
	return stmt_rows(c, a, st, CAL_ENTRIES_MAX, sizeof **out, read_day, (void **)out, n, err);
}

/* ---- the ladder's candidates ------------------------------------------- */

/* The first account of sql bound to one id (0 is not looked up). */
static fq_status ladder_by_id(store_conn *c, const char *sql, int64_t id, int64_t *out,
			      fq_err *err)
{
	*out = 0;
	if (id <= 0)
		return FQ_OK;
	sqlite3_stmt *st = stmt_get(c, sql);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	sqlite3_bind_int64(st, 1, id);
	return stmt_int(c, st, out, err);
}

/* The first enabled account with role bound to unit (0 is not looked up
 * unless role_anywhere, which then tries the whole deployment). */
static fq_status ladder_by_role(store_conn *c, const char *role, int64_t unit, int deployment,
				int64_t *out, fq_err *err)
{
	*out = 0;
	int64_t units[2] = {unit, 0};
	for (int k = 0; k < 1 + (deployment != 0); k++) {
		if (k == 0 && unit <= 0)
			continue;
		sqlite3_stmt *st = stmt_get(c, SQL_LADDER_ROLE);
		fq_status res = stmt_ready(st, err);
		if (res != FQ_OK)
			return res;
		bind_text(st, 1, role);
		sqlite3_bind_int64(st, 2, units[k]);
		res = stmt_int(c, st, out, err); /* 0 when there is none */
		if (res != FQ_OK || *out)
			return res;
	}
	return FQ_OK;
}

fq_status store_req_ladder(store_conn *c, int64_t household_id, int64_t building_id,
			   ladder_context *out, fq_err *err)
{
	ladder_context x = *out;
	fq_status res = ladder_by_id(c, SQL_LADDER_LEADER, household_id, &x.leader_account, err);
	if (res == FQ_OK)
		res = ladder_by_id(c, SQL_LADDER_BUILDING, building_id,
				   &x.building_leader_account, err);
	if (res == FQ_OK)
		res = ladder_by_role(c, "grid_worker", x.grid_unit_id, 0, &x.grid_worker_account,
				     err);
	if (res == FQ_OK)
		res = ladder_by_role(c, "community_officer", x.community_unit_id, 0,
				     &x.community_duty_account, err);
	if (res == FQ_OK)
		res = ladder_by_role(c, "dispatcher", x.street_unit_id, 1,
				     &x.street_dispatcher_account, err);
	if (res == FQ_OK)
		*out = x;
	return res;
}

static int read_name(fq_arena *a, sqlite3_stmt *st, void *row)
{
	int bad = 0;
	*(const char **)row = col_opt(a, st, 0, &bad);
	return bad ? -1 : 0;
}

fq_status store_req_account_name(store_conn *c, fq_arena *a, int64_t id, const char **out,
				 fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_ACCOUNT_NAME);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	sqlite3_bind_int64(st, 1, id);
	const char *name = NULL;
	res = stmt_one(c, a, st, read_name, &name, "id", "account", err);
	if (res == FQ_OK)
		*out = name;
	return res;
}

fq_status store_req_person_by_phone(store_conn *c, const char *phone, int64_t *person_id,
				    int64_t *household_id, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_PERSON_BY_PHONE);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	bind_text(st, 1, phone);
	int rows = 0, rc;
	int64_t pid = 0, hh = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows++;
		pid = sqlite3_column_int64(st, 0);
		hh = sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE)
		res = stmt_fail(c, rc, err);
	else if (rows != 1)
		res = fq_failr(err, FQ_ENOTFOUND, "caller_phone", "request.caller_unknown",
			       "no single person has this phone");
	sqlite3_reset(st);
	if (res == FQ_OK) {
		*person_id = pid;
		*household_id = hh;
	}
	return res;
}

/* ---- the live outbox ----------------------------------------------------- */

fq_status store_live_insert(store_conn *c, const store_live_event *ev, int64_t *id_out,
			    fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_LIVE_INSERT);
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	char at[TIME_TEXT_MAX];
	sqlite3_bind_int64(st, 1, ev->at);
	bind_text(st, 2, ev->unit_path ? ev->unit_path : "/");
	bind_id(st, 3, ev->request_id);
	bind_text(st, 4, ev->kind);
	bind_text(st, 5, ev->number);
	bind_text(st, 6, ev->state);
	sqlite3_bind_int(st, 7, ev->level);
	bind_text(st, 8, ev->title);
	bind_text(st, 9, ev->category);
	bind_text(st, 10, fq_time_rfc3339(ev->at, at, sizeof at));
	res = stmt_exec(c, st, err);
	if (res == FQ_OK && id_out)
		*id_out = store_last_id(c);
	return res;
}

/* ---- hot statements (store_plans.h) ---------------------------------------- */

const store_plan_entry store_req_plans[] = {
	{"requests.get", SQL_REQ_GET, "rowid request_events_request", NULL},
	{"requests.update", SQL_REQ_UPDATE, "rowid", NULL},
	{"requests.update_unindexed", SQL_REQ_UPDATE_UNINDEXED, "rowid", NULL},
	{"requests.merge", SQL_REQ_MERGE, "rowid", NULL},
	{"requests.max_number", SQL_MAX_NUMBER, "sqlite_autoindex_requests_1", NULL},
	{"requests.event_insert", SQL_EVENT_INSERT, "", NULL},
	{"requests.events", SQL_EVENTS, "request_events_request", NULL},
	{"requests.cohandlers", SQL_COHANDLERS, "pk", NULL},
	{"requests.idempotency_get", SQL_IDEM_GET, "pk", NULL},
	{"requests.dup_household", SQL_DUP_HOUSEHOLD, "requests_dup_household", NULL},
	{"requests.dup_building", SQL_DUP_BUILDING, "requests_dup_building", NULL},
	{"requests.dup_cell", SQL_DUP_CELL, "requests_dup_cell", NULL},
	{"requests.category_by_id", SQL_CATEGORY_BY_ID, "rowid", NULL},
	{"requests.limits", SQL_LIMITS, "", NULL},
	{"requests.calendar_version", SQL_CALENDAR_SIG, "rowid", NULL},
	{"requests.ladder_leader", SQL_LADDER_LEADER, "leader_households_hh accounts_person", NULL},
	{"requests.ladder_building", SQL_LADDER_BUILDING, "leaders_unit account_roles_unit", NULL},
	{"requests.ladder_role", SQL_LADDER_ROLE, "account_roles_unit", NULL},
	{"requests.account_name", SQL_ACCOUNT_NAME, "rowid", NULL},
	{"requests.person_by_phone", SQL_PERSON_BY_PHONE, "persons_phone", NULL},
	{"requests.live_insert", SQL_LIVE_INSERT, "", NULL},
	{NULL, NULL, NULL, NULL},
};
