/*
 * store_auth.c - accounts, role bindings, sessions and the audit log on
 * SQLite; see store_auth.h for the contract.
 */
#include "store/store_auth.h"

#include <string.h>

#include "core/buf.h"
#include "core/timeutil.h"
#include "model/roles.h"
#include "store/sqlite_int.h"
#include "store/store_plans.h"

/* The statements of every authenticated request. The session by its key,
 * pinned: once PRAGMA optimize had seen a table of two sessions, SQLite
 * read the whole table for each request. */
static const char SQL_SESSION_LOOKUP[] =
	"SELECT s.account_id, s.csrf, s.created_at, s.expires_at "
	"FROM sessions s INDEXED BY sqlite_autoindex_sessions_1 "
	"JOIN accounts a ON a.id = s.account_id "
	"WHERE s.token_hash = ? AND a.disabled = 0";
static const char SQL_CALLER_IDENTITY[] =
	"SELECT a.username, a.display_name, coalesce(a.person_id, 0), "
	"coalesce(p.household_id, 0), coalesce(("
	"  SELECT min(l.id) FROM leaders l"
	"  WHERE l.person_id = a.person_id AND l.kind = 'neighbour'), 0) "
	"FROM accounts a LEFT JOIN persons p ON p.id = a.person_id "
	"WHERE a.id = ? AND a.disabled = 0";
static const char SQL_CALLER_ROLES[] =
	"SELECT r.role, r.unit_id, u.path, u.name, u.kind, u.code "
	"FROM account_roles r LEFT JOIN units u ON u.id = r.unit_id "
	"WHERE r.account_id = ? ORDER BY r.rowid";

/* The expired sessions, at most ?2, by sessions_expires. */
static const char SQL_SESSION_SWEEP[] =
	"DELETE FROM sessions INDEXED BY sessions_expires WHERE expires_at <= ?1 AND rowid IN"
	" (SELECT rowid FROM sessions INDEXED BY sessions_expires WHERE expires_at <= ?1 LIMIT ?2)";

static int row_exists(store_conn *c, const char *sql, int64_t id)
{
	sqlite3_stmt *st = stmt_get(c, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* ---- accounts -------------------------------------------------------- */

fq_status store_account_insert(store_conn *c, const char *username, const char *display_name,
			       const char *password_hash, int64_t person_id, int64_t *id_out,
			       fq_err *err)
{
	if (person_id != 0) {
		int have = row_exists(c, "SELECT 1 FROM persons WHERE id = ?", person_id);
		if (have < 0)
			return fq_fail(err, FQ_ESTORE, "", "cannot look up the person");
		if (!have)
			return fq_failr(err, FQ_EINVAL, "person_id", "person.not_found",
					"there is no person with id %lld", (long long)person_id);
	}
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO accounts(username, display_name, password_hash, "
	               "person_id) VALUES (?, ?, ?, ?)",
	               ARG_TEXT(username), ARG_TEXT(display_name ? display_name : ""),
	               ARG_TEXT(password_hash));
	if (!st)
		return stmt_ready(st, err);
	if (person_id != 0)
		sqlite3_bind_int64(st, 4, person_id);
	fq_status res = stmt_exec(c, st, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "username", "account.username_taken",
				"the username %s is taken", username);
	if (res != FQ_OK)
		return res;
	*id_out = store_last_id(c);
	return FQ_OK;
}

fq_status store_account_role_add(store_conn *c, int64_t account_id, const char *role,
				 int64_t unit_id, fq_err *err)
{
	if (!role_parse(role))
		return fq_failr(err, FQ_EINVAL, "role", "account.role_unknown", "unknown role %s",
				role ? role : "(none)");
	int have = row_exists(c, "SELECT 1 FROM accounts WHERE id = ?", account_id);
	if (have == 0)
		return fq_failr(err, FQ_ENOTFOUND, "account", "account.not_found",
				"no account with id %lld",
				(long long)account_id);
	if (have > 0 && unit_id != 0)
		have = row_exists(c, "SELECT 1 FROM units WHERE id = ?", unit_id);
	if (have < 0)
		return fq_fail(err, FQ_ESTORE, "", "cannot look up the account or unit");
	if (have == 0)
		return fq_failr(err, FQ_EINVAL, "unit", "unit.not_found",
				"there is no unit with id %lld",
				(long long)unit_id);
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT OR IGNORE INTO account_roles(account_id, role, unit_id) "
	               "VALUES (?, ?, ?)",
	               ARG_I64(account_id), ARG_TEXT(role), ARG_I64(unit_id));
	return stmt_exec(c, st, err);
}

fq_status store_audit_insert(store_conn *c, int64_t account_id, const char *action,
			     const char *subject, const char *detail, const char *address,
			     fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c,
				    "INSERT INTO audit_log(at, account_id, action, subject, detail, "
				    "address) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return stmt_ready(st, err);
	sqlite3_bind_int64(st, 1, fq_now_ms() / 1000);
	if (account_id != 0)
		sqlite3_bind_int64(st, 2, account_id);
	bind_text(st, 3, action);
	bind_text(st, 4, subject ? subject : "");
	bind_text(st, 5, detail);
	bind_text(st, 6, address);
	return stmt_exec(c, st, err);
}

ROW_READER(read_account, store_account,
	COL(I64, id), COL(OPT, username), COL(OPT, display_name), COL(I64, person_id),
	COL(INT, disabled), COL(I64, created_at))

/* An account with its password hash (column 6). */
static int read_account_hashed(fq_arena *a, sqlite3_stmt *st, void *row)
{
	store_account *out = row;
	int bad = read_account(a, st, out) != 0;
	out->password_hash = col_opt(a, st, 6, &bad);
	return bad ? -1 : 0;
}

fq_status store_account_by_username(store_conn *c, fq_arena *a, const char *username,
				    store_account *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT id, username, display_name, coalesce(person_id, 0), "
	                              "disabled, created_at, password_hash FROM accounts "
	                              "WHERE username = ?",
	                              ARG_TEXT(username));
	return stmt_one(c, a, st, read_account_hashed, out, "username", "account", err);
}

ROW_READER(read_role, store_account_role,
	COL(OPT, role), COL(I64, unit_id), COL(OPT, unit_code), COL(OPT, unit_name),
	COL(OPT, unit_kind))

fq_status store_account_roles(store_conn *c, fq_arena *a, int64_t account_id,
			      store_account_role **out, int *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT r.role, r.unit_id, u.code, u.name, u.kind "
	                              "FROM account_roles r LEFT JOIN units u ON u.id = r.unit_id "
	                              "WHERE r.account_id = ? ORDER BY r.rowid LIMIT ?",
	                              ARG_I64(account_id), ARG_INT(STORE_ACCOUNT_ROLES_MAX));
	size_t k = 0;
	fq_status res = stmt_rows(c, a, st, STORE_ACCOUNT_ROLES_MAX, sizeof **out, read_role,
	                          (void **)out, &k, err);
	if (res == FQ_OK)
		*n = (int)k;
	return res;
}

/* FQ_ENOTFOUND unless the last statement changed a row. */
static fq_status changed_one(store_conn *c, fq_status res, int64_t account_id, fq_err *err)
{
	if (res == FQ_OK && sqlite3_changes(c->db) == 0)
		return fq_failr(err, FQ_ENOTFOUND, "account", "account.not_found",
				"no account with id %lld",
				(long long)account_id);
	return res;
}

static fq_status delete_account_sessions(store_conn *c, int64_t account_id, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, "DELETE FROM sessions WHERE account_id = ?", ARG_I64(account_id));
	return stmt_exec(c, st, err);
}

fq_status store_account_set_password(store_conn *c, int64_t account_id,
				     const char *password_hash, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, "UPDATE accounts SET password_hash = ? WHERE id = ?",
	                              ARG_TEXT(password_hash), ARG_I64(account_id));
	fq_status res = changed_one(c, stmt_exec(c, st, err), account_id, err);
	if (res == FQ_OK)
		res = delete_account_sessions(c, account_id, err);
	return res;
}

fq_status store_account_set_disabled(store_conn *c, int64_t account_id, int disabled,
				     fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, "UPDATE accounts SET disabled = ? WHERE id = ?",
	                              ARG_INT(disabled ? 1 : 0), ARG_I64(account_id));
	fq_status res = changed_one(c, stmt_exec(c, st, err), account_id, err);
	if (res == FQ_OK && disabled)
		res = delete_account_sessions(c, account_id, err);
	return res;
}

/* The scope paths as a JSON array for json_each; paths hold only digits
 * and slashes, so no escaping is needed and anything else is dropped. */
static char *paths_json(fq_arena *a, const char *const *paths, int n)
{
	fq_buf b = {0};
	fq_status st = fq_buf_puts(&b, "[");
	for (int i = 0; i < n && i < STORE_SCOPE_PATHS_MAX && st == FQ_OK; i++) {
		if (!paths[i] || strspn(paths[i], "/0123456789") != strlen(paths[i]))
			continue;
		st = fq_buf_printf(&b, "%s\"%s\"", b.len > 1 ? "," : "", paths[i]);
	}
	if (st == FQ_OK)
		st = fq_buf_puts(&b, "]");
	char *s = st == FQ_OK ? fq_arena_strdup(a, b.data) : NULL;
	fq_buf_free(&b);
	return s;
}

/* One walk of accounts in id order that stops at the page: the unit paths
 * (?5, a JSON array, or NULL for all), the text (?3, a LIKE pattern over
 * the username and display name, or NULL), the role (?4, or NULL) and
 * enabled accounts only (?6) are tested on each account walked. */
static const char SQL_ACCOUNT_PAGE[] =
	"SELECT a.id, a.username, a.display_name, coalesce(a.person_id, 0), a.disabled,"
	" a.created_at FROM accounts a WHERE a.id > ?1"
	" AND (?3 IS NULL OR a.username LIKE ?3 ESCAPE '\\'"
	"  OR a.display_name LIKE ?3 ESCAPE '\\')"
	" AND (?4 IS NULL OR EXISTS (SELECT 1 FROM account_roles r4"
	"  WHERE r4.account_id = a.id AND r4.role = ?4))"
	" AND (?5 IS NULL OR EXISTS ("
	"  SELECT 1 FROM account_roles r LEFT JOIN units u ON u.id = r.unit_id, json_each(?5) p"
	"  WHERE r.account_id = a.id AND (substr(u.path, 1, length(p.value)) = p.value"
	"  OR (?7 AND (u.id IS NULL OR substr(p.value, 1, length(u.path)) = u.path)))))"
	" AND (?6 = 0 OR a.disabled = 0)"
	" ORDER BY a.id LIMIT ?2";

fq_status store_account_list(store_conn *c, fq_arena *a, const store_account_filter *f,
			     store_account **out, size_t *n, fq_err *err)
{
	int limit = f->limit < 1 || f->limit > STORE_ACCOUNT_PAGE_MAX ? STORE_ACCOUNT_PAGE_MAX
								      : f->limit;
	char *paths = f->n_paths ? paths_json(a, f->paths, f->n_paths) : NULL;
	const char *like = f->q && *f->q ? like_contains(a, f->q) : NULL;
	if ((f->n_paths && !paths) || (f->q && *f->q && !like))
		return FQ_ENOMEM;
	sqlite3_stmt *st = stmt_get(c, SQL_ACCOUNT_PAGE);
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot list accounts");
	sqlite3_bind_int64(st, 1, f->after_id);
	sqlite3_bind_int(st, 2, limit);
	bind_text(st, 3, like);
	bind_text(st, 4, f->role);
	bind_text(st, 5, paths);
	sqlite3_bind_int(st, 6, f->enabled_only != 0);
	sqlite3_bind_int(st, 7, f->with_above != 0);
	store_account *rows = NULL;
	size_t k = 0;
	fq_status res = stmt_rows(c, a, st, (size_t)limit, sizeof *rows, read_account,
				  (void **)&rows, &k, err);
	for (size_t i = 0; i < k && res == FQ_OK; i++)
		res = store_account_roles(c, a, rows[i].id, &rows[i].roles, &rows[i].n_roles, err);
	if (res == FQ_OK) {
		*out = rows;
		*n = k;
	}
	return res;
}

fq_status store_account_unit_by_code(store_conn *c, const char *code, int64_t *id_out,
				     fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, "SELECT id FROM units WHERE code = ?", ARG_TEXT(code));
	fq_status res = stmt_one(c, NULL, st, read_id, id_out, "unit", "unit", err);
	if (res == FQ_ENOTFOUND)
		fq_fail(err, res, "unit", "there is no unit with code %s", code ? code : "");
	return res;
}

ROW_READER(read_person, store_account_person,
	COL(I64, id), COL(OPT, name), COL(I64, household_id), COL(OPT, household_code),
	COL(OPT, household_address), COL(I64, building_id), COL(I64, grid_id))

fq_status store_account_person_get(store_conn *c, fq_arena *a, int64_t person_id,
				   store_account_person *out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT p.id, p.name, coalesce(h.id, 0), h.code, h.address, "
	               "coalesce(h.building_id, 0), coalesce(h.grid_id, 0) "
	               "FROM persons p LEFT JOIN households h ON h.id = p.household_id "
	               "WHERE p.id = ?",
	               ARG_I64(person_id));
	return stmt_one(c, a, st, read_person, out, "person_id", "person", err);
}

/* ---- sessions ------------------------------------------------------- */

fq_status store_session_insert(store_conn *c, const unsigned char *token_hash, size_t hash_len,
			       const char *csrf, int64_t account_id, int64_t created_at,
			       int64_t expires_at, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO sessions(token_hash, account_id, csrf, created_at, "
	               "expires_at) VALUES (?, ?, ?, ?, ?)",
	               ARG_BLOB(token_hash, hash_len), ARG_I64(account_id), ARG_TEXT(csrf),
	               ARG_I64(created_at), ARG_I64(expires_at));
	return stmt_exec(c, st, err);
}

ROW_READER(read_session, store_session,
	COL(I64, account_id), COL(OPT, csrf), COL(I64, created_at), COL(I64, expires_at))

fq_status store_session_lookup(store_conn *c, fq_arena *a, const unsigned char *token_hash,
			       size_t hash_len, store_session *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_SESSION_LOOKUP, ARG_BLOB(token_hash, hash_len));
	return stmt_one(c, a, st, read_session, out, "", "session", err);
}

fq_status store_session_delete(store_conn *c, const unsigned char *token_hash, size_t hash_len,
			       fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, "DELETE FROM sessions WHERE token_hash = ?",
	                              ARG_BLOB(token_hash, hash_len));
	return stmt_exec(c, st, err);
}

fq_status store_session_sweep(store_conn *c, int64_t now, int max, int *deleted, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_SESSION_SWEEP, ARG_I64(now), ARG_INT(max));
	fq_status res = stmt_exec(c, st, err);
	if (res == FQ_OK && deleted)
		*deleted = sqlite3_changes(c->db);
	return res;
}

/* ---- the caller ------------------------------------------------------ */

ROW_READER(read_identity, caller,
	COL(OPT, username), COL(OPT, display_name), COL(I64, person_id), COL(I64, household_id),
	COL(I64, leader_id))

static fq_status caller_identity(store_conn *c, fq_arena *a, int64_t account_id, caller *out,
				 fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_CALLER_IDENTITY, ARG_I64(account_id));
	fq_status res = stmt_one(c, a, st, read_identity, out, "account", "account", err);
	if (res == FQ_OK)
		out->account_id = account_id;
	return res;
}

static fq_status caller_roles(store_conn *c, fq_arena *a, int64_t account_id, caller *out,
			      fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_CALLER_ROLES);
	if (!st)
		return stmt_ready(st, err);
	sqlite3_bind_int64(st, 1, account_id);
	int rc, bad = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n_roles < CALLER_ROLES_MAX) {
		role bit = role_parse((const char *)sqlite3_column_text(st, 0));
		int64_t unit = sqlite3_column_int64(st, 1);
		const char *path = (const char *)sqlite3_column_text(st, 2);
		if (!bit || (unit != 0 && !path))
			continue;
		caller_role *r = &out->r[out->n_roles++];
		r->role = bit;
		r->unit_id = unit;
		r->path = unit ? col_str(a, st, 2, &bad) : "/";
		r->unit_name = col_str(a, st, 3, &bad);
		r->unit_kind = col_str(a, st, 4, &bad);
		r->unit_code = col_str(a, st, 5, &bad);
		out->roles |= (unsigned)bit;
	}
	fq_status res = rc == SQLITE_DONE || rc == SQLITE_ROW ? FQ_OK : stmt_fail(c, rc, err);
	if (res == FQ_OK && bad)
		res = fq_fail(err, FQ_ENOMEM, "", "out of memory");
	sqlite3_reset(st);
	return res;
}

fq_status store_caller_load(store_conn *c, fq_arena *a, int64_t account_id, caller *out,
			    fq_err *err)
{
	caller tmp;
	memset(&tmp, 0, sizeof tmp);
	fq_status res = caller_identity(c, a, account_id, &tmp, err);
	if (res == FQ_OK)
		res = caller_roles(c, a, account_id, &tmp, err);
	if (res == FQ_OK)
		*out = tmp;
	return res;
}

/* ---- hot statements (store_plans.h) ---------------------------------------- */

const store_plan_entry store_auth_plans[] = {
	{"auth.session_lookup", SQL_SESSION_LOOKUP, "sqlite_autoindex_sessions_1 rowid", NULL},
	{"auth.caller_identity", SQL_CALLER_IDENTITY, "rowid leaders_person", NULL},
	{"auth.caller_roles", SQL_CALLER_ROLES, "", NULL},
	{"auth.session_sweep", SQL_SESSION_SWEEP, "sessions_expires", NULL},
	{NULL, NULL, NULL, NULL},
};
