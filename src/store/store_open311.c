/*
 * store_open311.c - Open311 API keys and the reads behind the Open311
 * lists; see store_open311.h.
 *
 * The lists name their categories and states as bound JSON arrays read by
 * json_each(), so every statement is one static string whatever the
 * filter. The list of requests walks requests_created newest first and
 * stops at the page (the category test is kept off the index with a unary
 * plus, so the planner does not trade that walk for a sort); the updates
 * walk request_events_at.
 */
#include "store/store_open311.h"

#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_plans.h"

/* Bytes of one id in a JSON array: 19 digits, a sign and a comma. */
#define ID_TEXT_MAX 21
/* Longest state name accepted in a filter. */
#define STATE_NAME_MAX 32

/* ---- keys ------------------------------------------------------------------ */

static const char SQL_KEY_INSERT[] =
	"INSERT INTO open311_keys(name, key_hash, key_prefix, account_id, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

static const char SQL_KEY_BY_HASH[] =
	"SELECT id, name, key_prefix, account_id, created_at FROM open311_keys"
	" WHERE key_hash = ?1 AND revoked_at IS NULL";

static const char SQL_KEY_REVOKE[] =
	"UPDATE open311_keys SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL";

static const char SQL_KEY_LIST[] =
	"SELECT k.id, k.name, k.key_prefix, k.account_id, k.created_at, coalesce(k.revoked_at, 0),"
	"  (SELECT count(*) FROM open311_requests o WHERE o.key_id = k.id)"
	" FROM open311_keys k ORDER BY k.id LIMIT ?1";

static const char SQL_REQUEST_LINK[] =
	"INSERT INTO open311_requests(request_id, key_id, media_url) VALUES (?1, ?2, ?3)";

fq_status store_o311_key_insert(store_conn *c, const char *name, const unsigned char *hash,
				const char *prefix, int64_t account_id, int64_t now,
				int64_t *id_out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, SQL_KEY_INSERT, ARG_TEXT(name), ARG_BLOB(hash, STORE_O311_HASH_BYTES),
	               ARG_TEXT(prefix), ARG_I64(account_id), ARG_I64(now));
	if (!st)
		return stmt_ready(st, err);
	fq_status res = stmt_insert(c, st, id_out, err);
	if (res == FQ_ECONFLICT)
		return fq_fail(err, FQ_ECONFLICT, "name",
		               "the application %s has a valid key already", name);
	return res;
}

#define KEY_COLS COL(I64, id), COL(OPT, name), COL(OPT, prefix), COL(I64, account_id), \
	COL(I64, created_at)

ROW_READER(read_key, store_o311_key, KEY_COLS)

/* A key of the list: with when it was revoked and its requests. */
ROW_READER(read_listed_key, store_o311_key, KEY_COLS, COL(I64, revoked_at), COL(I64, requests))

fq_status store_o311_key_by_hash(store_conn *c, fq_arena *a, const unsigned char *hash,
				 store_o311_key *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_KEY_BY_HASH, ARG_BLOB(hash, STORE_O311_HASH_BYTES));
	return stmt_one(c, a, st, read_key, out, "api_key", "api_key", err);
}

fq_status store_o311_key_revoke(store_conn *c, const char *name, int64_t now, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_KEY_REVOKE, ARG_TEXT(name), ARG_I64(now));
	fq_status res = stmt_exec(c, st, err);
	if (res == FQ_OK && sqlite3_changes(c->db) == 0)
		res =
		    fq_fail(err, FQ_ENOTFOUND, "name", "the application %s has no valid key", name);
	return res;
}

fq_status store_o311_key_list(store_conn *c, fq_arena *a, store_o311_key **out, size_t *n,
			      fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_KEY_LIST, ARG_INT(STORE_O311_KEYS_MAX));
	return stmt_rows(c, a, st, STORE_O311_KEYS_MAX, sizeof **out, read_listed_key, (void **)out,
	                 n, err);
}

fq_status store_o311_request_link(store_conn *c, int64_t request_id, int64_t key_id,
				  const char *media_url, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_REQUEST_LINK, ARG_I64(request_id), ARG_I64(key_id),
	                              ARG_TEXT(media_url));
	return stmt_exec(c, st, err);
}

/* ---- requests -------------------------------------------------------------- */

/* The columns of a request and the tables they come from, for read_request. */
#define REQUEST_COLUMNS REQUEST_COLUMNS_INDEXED("")
#define REQUEST_COLUMNS_INDEXED(pin)                                                         \
	"SELECT r.id, r.number, r.state, r.level, r.category_id, c.code, c.name, r.channel,"  \
	"  r.description, r.address, r.lat IS NOT NULL AND r.lon IS NOT NULL, r.lat, r.lon,"   \
	"  coalesce(r.building_id, 0), b.address, b.lat IS NOT NULL AND b.lon IS NOT NULL,"     \
	"  b.lat, b.lon, g.name, r.anonymous, au.name, r.created_at, r.updated_at,"           \
	"  coalesce(r.resolve_due, 0), coalesce(r.merged_into, 0),"                           \
	"  (SELECT e.event FROM request_events e WHERE e.request_id = r.id"                   \
	"     AND (e.old_state IS NULL OR e.old_state <> e.new_state"                          \
	"          OR e.old_level <> e.new_level)"                                             \
	"   ORDER BY e.id DESC LIMIT 1),"                                                      \
	"  coalesce((SELECT p.id FROM request_photos p WHERE p.request_id = r.id"              \
	"            ORDER BY p.id LIMIT 1), 0),"                                              \
	"  o.media_url"                                                                        \
	" FROM requests r" pin " JOIN categories c ON c.id = r.category_id"                   \
	" LEFT JOIN units b ON b.id = r.building_id AND b.kind = 'building'"                  \
	" LEFT JOIN units g ON g.id = r.grid_id"                                               \
	" LEFT JOIN units au ON au.id = r.assignee_unit_id"                                    \
	" LEFT JOIN open311_requests o ON o.request_id = r.id"

/* Newest first along requests_created, stopping at the page; pinned, as
 * with a million requests' statistics SQLite read each category's
 * requests of the window and sorted them all. */
static const char SQL_REQUESTS[] =
	REQUEST_COLUMNS_INDEXED(" INDEXED BY requests_created")
	" WHERE r.created_at BETWEEN ?1 AND ?2"
	"   AND +r.category_id IN (SELECT value FROM json_each(?3))"
	"   AND (?4 IS NULL OR r.state IN (SELECT value FROM json_each(?4)))"
	" ORDER BY r.created_at DESC, r.id DESC LIMIT ?5 OFFSET ?6";

static const char SQL_REQUEST_GET[] = REQUEST_COLUMNS " WHERE r.id = ?1";

static const char SQL_REQUEST_BY_NUMBER[] = "SELECT id FROM requests WHERE number = ?1";

/* One row of REQUEST_COLUMNS. */
ROW_READER(read_request, store_o311_request,
	COL(I64, id), COL(OPT, number), COL(OPT, state), COL(INT, level), COL(I64, category_id),
	COL(OPT, category_code), COL(OPT, category_name), COL(OPT, channel),
	COL(OPT, description), COL(OPT, address), COL(INT, has_point), COL(DBL, lat),
	COL(DBL, lon), COL(I64, building_id), COL(OPT, building_address),
	COL(INT, has_building_point), COL(DBL, building_lat), COL(DBL, building_lon),
	COL(OPT, grid_name), COL(INT, anonymous), COL(OPT, agency), COL(I64, created_at),
	COL(I64, updated_at), COL(I64, resolve_due), COL(I64, merged_into), COL(OPT, last_event),
	COL(I64, photo_id), COL(OPT, media_url))

/* The ids as a JSON array in the arena, or NULL when out of memory. */
static char *ids_json(fq_arena *a, const int64_t *ids, size_t n)
{
	char *s = fq_arena_alloc(a, n * ID_TEXT_MAX + 3);
	if (!s)
		return NULL;
	size_t used = 0;
	s[used++] = '[';
	for (size_t i = 0; i < n; i++)
		used += (size_t)sprintf(s + used, "%s%lld", i ? "," : "", (long long)ids[i]);
	s[used++] = ']';
	s[used] = '\0';
	return s;
}

/* The state names as a JSON array in the arena; NULL for none, or when a
 * name is not of [a-z_] (*bad set) or out of memory. */
static char *states_json(fq_arena *a, const char *const *names, size_t n, int *bad)
{
	*bad = 0;
	if (n == 0)
		return NULL;
	char *s = fq_arena_alloc(a, n * (STATE_NAME_MAX + 3) + 3);
	if (!s)
		return NULL;
	size_t used = 0;
	s[used++] = '[';
	for (size_t i = 0; i < n; i++) {
		size_t len = names[i] ? strlen(names[i]) : 0;
		if (len == 0 || len > STATE_NAME_MAX ||
		    strspn(names[i], "abcdefghijklmnopqrstuvwxyz_") != len) {
			*bad = 1;
			return NULL;
		}
		used += (size_t)sprintf(s + used, "%s\"%s\"", i ? "," : "", names[i]);
	}
	s[used++] = ']';
	s[used] = '\0';
	return s;
}

static fq_status check_filter(const store_o311_filter *f, fq_err *err)
{
	if (f->n_categories == 0 || f->n_categories > STORE_O311_CATEGORIES_MAX || !f->categories)
		return fq_fail(err, FQ_EINVAL, "service_code", "1 to %d categories",
			       STORE_O311_CATEGORIES_MAX);
	if (f->n_states > STORE_O311_STATES_MAX)
		return fq_fail(err, FQ_EINVAL, "status", "at most %d states", STORE_O311_STATES_MAX);
	if (f->limit < 1 || f->limit > STORE_O311_ROWS_MAX || f->offset < 0)
		return fq_fail(err, FQ_EINVAL, "page_size", "1 to %d rows from offset 0 on",
			       STORE_O311_ROWS_MAX);
	return FQ_OK;
}

/* Bind the filter to the parameters ?1..?6 shared by the two lists. */
static fq_status bind_filter(sqlite3_stmt *st, fq_arena *a, const store_o311_filter *f,
			     fq_err *err)
{
	int bad = 0;
	char *cats = ids_json(a, f->categories, f->n_categories);
	char *states = states_json(a, f->states, f->n_states, &bad);
	if (bad)
		return fq_fail(err, FQ_EINVAL, "status", "a state name is not valid");
	if (!cats || (f->n_states && !states))
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	sqlite3_bind_int64(st, 1, f->from);
	sqlite3_bind_int64(st, 2, f->to);
	bind_text(st, 3, cats);
	bind_text(st, 4, states);
	sqlite3_bind_int(st, 5, f->limit);
	sqlite3_bind_int64(st, 6, f->offset);
	return FQ_OK;
}

fq_status store_o311_requests(store_conn *c, fq_arena *a, const store_o311_filter *f,
			      store_o311_request **out, size_t *n, fq_err *err)
{
	fq_status res = check_filter(f, err);
	if (res != FQ_OK)
		return res;
	sqlite3_stmt *st = stmt_get(c, SQL_REQUESTS);
	if (!st)
		return stmt_ready(st, err);
	res = bind_filter(st, a, f, err);
	if (res != FQ_OK)
		return res;
	return stmt_rows(c, a, st, (size_t)f->limit, sizeof **out, read_request, (void **)out, n,
	                 err);
}

fq_status store_o311_request_get(store_conn *c, fq_arena *a, int64_t id,
				 store_o311_request *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_REQUEST_GET, ARG_I64(id));
	return stmt_one(c, a, st, read_request, out, "service_request_id", "request", err);
}

fq_status store_o311_request_by_number(store_conn *c, const char *number, int64_t *id_out,
				       fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_REQUEST_BY_NUMBER, ARG_TEXT(number));
	int64_t id = 0;
	fq_status res = stmt_int(c, st, &id, err);
	if (res == FQ_OK && id == 0)
		res = fq_fail(err, FQ_ENOTFOUND, "token", "no such token");
	if (res == FQ_OK)
		*id_out = id;
	return res;
}

/* ---- updates --------------------------------------------------------------- */

static const char SQL_UPDATES[] =
	"SELECT e.id, e.request_id, e.event, e.new_state, e.new_level, e.at,"
	"  coalesce(r.merged_into, 0),"
	"  CASE WHEN e.event = 'resolved' THEN coalesce((SELECT p.id FROM request_photos p"
	"    WHERE p.request_id = r.id AND p.kind = 'result' ORDER BY p.id LIMIT 1), 0)"
	"  ELSE 0 END"
	" FROM request_events e JOIN requests r ON r.id = e.request_id"
	" WHERE e.at BETWEEN ?1 AND ?2"
	"   AND (e.old_state IS NULL OR e.old_state <> e.new_state OR e.old_level <> e.new_level)"
	"   AND +r.category_id IN (SELECT value FROM json_each(?3))"
	" ORDER BY e.at, e.id LIMIT ?5 OFFSET ?6"; /* ?4 (states) is bound, unused */

ROW_READER(read_update, store_o311_update,
	COL(I64, id), COL(I64, request_id), COL(OPT, event), COL(OPT, new_state),
	COL(INT, new_level), COL(I64, at), COL(I64, merged_into), COL(I64, result_photo_id))

fq_status store_o311_updates(store_conn *c, fq_arena *a, const store_o311_filter *f,
			     store_o311_update **out, size_t *n, fq_err *err)
{
	store_o311_filter g = *f;
	g.n_states = 0;
	fq_status res = check_filter(&g, err);
	if (res != FQ_OK)
		return res;
	sqlite3_stmt *st = stmt_get(c, SQL_UPDATES);
	if (!st)
		return stmt_ready(st, err);
	res = bind_filter(st, a, &g, err);
	if (res != FQ_OK)
		return res;
	return stmt_rows(c, a, st, (size_t)g.limit, sizeof **out, read_update, (void **)out, n,
	                 err);
}

/* ---- buildings ------------------------------------------------------------- */

static const char SQL_BUILDING[] =
	"SELECT id, name, coalesce(address, ''), lat IS NOT NULL AND lon IS NOT NULL, lat, lon"
	" FROM units WHERE id = ?1 AND kind = 'building'";

static const char SQL_BUILDING_BY_ADDRESS[] =
	"SELECT id FROM units WHERE kind = 'building' AND (address = ?1 OR name = ?1)"
	" ORDER BY id LIMIT 2";

ROW_READER(read_building, store_o311_building,
	COL(I64, id), COL(OPT, name), COL(OPT, address), COL(INT, has_point), COL(DBL, lat),
	COL(DBL, lon))

fq_status store_o311_building_get(store_conn *c, fq_arena *a, int64_t id,
				  store_o311_building *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_BUILDING, ARG_I64(id));
	return stmt_one(c, a, st, read_building, out, "address_id", "building", err);
}

fq_status store_o311_building_by_address(store_conn *c, const char *text, int64_t *id_out,
					 fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_BUILDING_BY_ADDRESS);
	if (!st)
		return stmt_ready(st, err);
	bind_text(st, 1, text);
	int64_t ids[2] = {0, 0};
	size_t k = 0;
	fq_status res = stmt_ids(c, st, ids, 2, &k, err);
	if (res == FQ_OK && k != 1)
		res = fq_fail(err, FQ_ENOTFOUND, "address_string",
			      k ? "more than one building has that address"
				: "no building has that address");
	if (res == FQ_OK)
		*id_out = ids[0];
	return res;
}

/* ---- hot statements (store_plans.h) ---------------------------------------- */

const store_plan_entry store_open311_plans[] = {
	{"open311.requests", SQL_REQUESTS, "requests_created", NULL},
	{"open311.request_get", SQL_REQUEST_GET, "rowid", NULL},
	{"open311.request_by_number", SQL_REQUEST_BY_NUMBER, "sqlite_autoindex_requests_1", NULL},
	{"open311.updates", SQL_UPDATES, "request_events_at", NULL},
	{NULL, NULL, NULL, NULL},
};
