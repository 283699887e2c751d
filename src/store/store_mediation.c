/*
 * store_mediation.c - SQL of cloud mediation; see store_mediation.h. Cases
 * are read from the disputes tables (migration 6); links, party sessions,
 * messages, attachments and read marks are migration 7's.
 */
#include "store/store_mediation.h"

#include <stdint.h>
#include <string.h>

#include "store/sqlite_int.h"

/* ---- cases --------------------------------------------------------------- */

#define CASE_COLS                                                                        \
	"d.id, d.number, d.title, d.type, d.state, d.level, d.unit_id, d.unit_path, u.name, " \
	"d.created_at"

ROW_READER(case_from_row, store_med_case,
	COL(I64, id), COL(OPT, number), COL(OPT, title), COL(OPT, type), COL(OPT, state),
	COL(INT, level), COL(I64, unit_id), COL(OPT, unit_path), COL(OPT, unit_name),
	COL(I64, created_at))

fq_status store_med_case_get(store_conn *c, fq_arena *a, int64_t id, store_med_case *out,
			     fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT " CASE_COLS " FROM disputes d"
	                              " JOIN units u ON u.id = d.unit_id WHERE d.id = ?1",
	                              ARG_I64(id));
	return stmt_one(c, a, st, case_from_row, out, "id", "case", err);
}

fq_status store_med_party_of_person(store_conn *c, int64_t dispute_id, int64_t person_id,
				    int64_t *out, fq_err *err)
{
	if (person_id == 0) {
		*out = 0;
		return FQ_OK;
	}
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT id FROM dispute_parties"
	               " WHERE dispute_id = ?1 AND person_id = ?2 ORDER BY id LIMIT 1",
	               ARG_I64(dispute_id), ARG_I64(person_id));
	return stmt_int(c, st, out, err); /* 0: not a party */
}

static int read_party(fq_arena *a, sqlite3_stmt *st, void *row)
{
	int bad = 0;
	*(store_med_party *)row = (store_med_party){
		.id = sqlite3_column_int64(st, 0),
		.person_id = sqlite3_column_int64(st, 1),
		.name = col_opt(a, st, 2, &bad),
		.role = col_opt(a, st, 3, &bad),
	};
	return bad ? -1 : 0;
}

fq_status store_med_parties(store_conn *c, fq_arena *a, int64_t dispute_id,
			    store_med_party **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT id, coalesce(person_id, 0), name, role"
	                              " FROM dispute_parties WHERE dispute_id = ?1 ORDER BY id",
	                              ARG_I64(dispute_id));
	return stmt_rows(c, a, st, SIZE_MAX, sizeof **out, read_party, (void **)out, n, err);
}

static int read_mediator(fq_arena *a, sqlite3_stmt *st, void *row)
{
	int bad = 0;
	*(store_med_mediator *)row = (store_med_mediator){
		.account_id = sqlite3_column_int64(st, 0),
		.display_name = col_opt(a, st, 1, &bad),
		.lead = sqlite3_column_int(st, 2) != 0,
	};
	return bad ? -1 : 0;
}

fq_status store_med_mediators(store_conn *c, fq_arena *a, int64_t dispute_id,
			      store_med_mediator **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT m.account_id, coalesce(nullif(a.display_name, ''),"
	                              " a.username), m.lead FROM dispute_mediators m"
	                              " JOIN accounts a ON a.id = m.account_id"
	                              " WHERE m.dispute_id = ?1 ORDER BY m.lead DESC, m.account_id",
	                              ARG_I64(dispute_id));
	return stmt_rows(c, a, st, SIZE_MAX, sizeof **out, read_mediator, (void **)out, n, err);
}

/* ---- case lists ------------------------------------------------------------ */

/* The list columns: the case, then its unread count for account ?1 (not
 * counting what that account wrote) and the time of its last message. */
#define LIST_COLS                                                                         \
	CASE_COLS ", (SELECT count(*) FROM mediation_messages m WHERE m.dispute_id = d.id"     \
		  " AND m.id > coalesce((SELECT r.last_message_id FROM mediation_reads r"      \
		  " WHERE r.dispute_id = d.id AND r.account_id = ?1), 0)"                      \
		  " AND coalesce(m.account_id, 0) != ?1),"                                     \
		  " coalesce((SELECT max(m.created_at) FROM mediation_messages m"              \
		  " WHERE m.dispute_id = d.id), 0) AS last_at"

/* A case of a list: the case, its unread count and its last message. */
static int read_list_case(fq_arena *a, sqlite3_stmt *st, void *row)
{
	store_med_case *k = row;
	if (case_from_row(a, st, k) != 0)
		return -1;
	k->unread = sqlite3_column_int64(st, 10);
	k->last_message_at = sqlite3_column_int64(st, 11);
	return 0;
}

static fq_status list_rows(store_conn *c, fq_arena *a, sqlite3_stmt *st, store_med_case **out,
			   size_t *n, fq_err *err)
{
	return stmt_rows(c, a, st, SIZE_MAX, sizeof **out, read_list_case, (void **)out, n, err);
}

fq_status store_med_cases_under(store_conn *c, fq_arena *a, const char *path, int64_t account_id,
				int limit, store_med_case **out, size_t *n, fq_err *err)
{
	size_t len = strlen(path);
	char *end = len ? fq_arena_strdup(a, path) : NULL;
	if (!end)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	end[len - 1] = (char)(end[len - 1] + 1); /* "/1/4/" .. "/1/40": every path under it */
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT " LIST_COLS " FROM disputes d"
	               " JOIN units u ON u.id = d.unit_id"
	               " WHERE d.unit_path >= ?2 AND d.unit_path < ?3"
	               " ORDER BY last_at DESC, d.id DESC LIMIT ?4",
	               ARG_I64(account_id), ARG_TEXT(path), ARG_TEXT(end), ARG_INT(limit));
	return list_rows(c, a, st, out, n, err);
}

fq_status store_med_cases_mediated(store_conn *c, fq_arena *a, int64_t account_id, int limit,
				   store_med_case **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT " LIST_COLS " FROM dispute_mediators dm"
	                              " JOIN disputes d ON d.id = dm.dispute_id"
	                              " JOIN units u ON u.id = d.unit_id WHERE dm.account_id = ?1"
	                              " ORDER BY last_at DESC, d.id DESC LIMIT ?2",
	                              ARG_I64(account_id), ARG_INT(limit));
	return list_rows(c, a, st, out, n, err);
}

fq_status store_med_cases_of_person(store_conn *c, fq_arena *a, int64_t person_id,
				    int64_t account_id, int limit, store_med_case **out, size_t *n,
				    fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT " LIST_COLS " FROM disputes d"
	                              " JOIN units u ON u.id = d.unit_id"
	                              " WHERE d.id IN (SELECT p.dispute_id FROM dispute_parties p"
	                              " WHERE p.person_id = ?2)"
	                              " ORDER BY last_at DESC, d.id DESC LIMIT ?3",
	                              ARG_I64(account_id), ARG_I64(person_id), ARG_INT(limit));
	return list_rows(c, a, st, out, n, err);
}

/* ---- links ----------------------------------------------------------------- */

#define LINK_COLS                                                                          \
	"l.id, l.dispute_id, l.party_id, p.name, l.created_by, l.created_at, l.expires_at," \
	" coalesce(l.revoked_at, 0), coalesce(l.last_used_at, 0)"

ROW_READER(link_from_row, store_med_link,
	COL(I64, id), COL(I64, dispute_id), COL(I64, party_id), COL(OPT, party_name),
	COL(I64, created_by), COL(I64, created_at), COL(I64, expires_at), COL(I64, revoked_at),
	COL(I64, last_used_at))

fq_status store_med_link_insert(store_conn *c, const store_med_link *l, const unsigned char *hash,
				size_t hash_len, int64_t *id, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO mediation_links(dispute_id, party_id,"
	                              " token_hash, created_by, created_at, expires_at)"
	                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                              ARG_I64(l->dispute_id), ARG_I64(l->party_id));
	if (!st)
		return stmt_ready(st, err);
	sqlite3_bind_blob(st, 3, hash, (int)hash_len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, l->created_by);
	sqlite3_bind_int64(st, 5, l->created_at);
	sqlite3_bind_int64(st, 6, l->expires_at);
	return stmt_insert(c, st, id, err);
}

fq_status store_med_link_by_hash(store_conn *c, fq_arena *a, const unsigned char *hash,
				 size_t hash_len, store_med_link *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT " LINK_COLS " FROM mediation_links l"
	                              " JOIN dispute_parties p ON p.id = l.party_id"
	                              " WHERE l.token_hash = ?1",
	                              ARG_BLOB(hash, hash_len));
	return stmt_one(c, a, st, link_from_row, out, "id", "link", err);
}

fq_status store_med_link_get(store_conn *c, fq_arena *a, int64_t id, store_med_link *out,
			     fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT " LINK_COLS " FROM mediation_links l"
	               " JOIN dispute_parties p ON p.id = l.party_id WHERE l.id = ?1",
	               ARG_I64(id));
	return stmt_one(c, a, st, link_from_row, out, "id", "link", err);
}

fq_status store_med_links_of_case(store_conn *c, fq_arena *a, int64_t dispute_id,
				  store_med_link **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT " LINK_COLS " FROM mediation_links l"
	                              " JOIN dispute_parties p ON p.id = l.party_id"
	                              " WHERE l.dispute_id = ?1 ORDER BY l.id DESC",
	                              ARG_I64(dispute_id));
	return stmt_rows(c, a, st, SIZE_MAX, sizeof **out, link_from_row, (void **)out, n, err);
}

fq_status store_med_link_revoke(store_conn *c, int64_t id, int64_t account_id, int64_t now,
				fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "UPDATE mediation_links SET revoked_at = ?2, revoked_by = ?3"
	                              " WHERE id = ?1 AND revoked_at IS NULL",
	                              ARG_I64(id), ARG_I64(now), ARG_ID(account_id));
	fq_status s = stmt_exec(c, st, err);
	if (s != FQ_OK)
		return s;
	st = stmt_bound(c, "DELETE FROM mediation_party_sessions WHERE link_id = ?1", ARG_I64(id));
	return stmt_exec(c, st, err);
}

fq_status store_med_link_touch(store_conn *c, int64_t id, int64_t now, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, "UPDATE mediation_links SET last_used_at = ?2 WHERE id = ?1", ARG_I64(id),
	               ARG_I64(now));
	return stmt_exec(c, st, err);
}

/* ---- party sessions ------------------------------------------------------------ */

fq_status store_med_psession_insert(store_conn *c, const unsigned char *hash, size_t hash_len,
				    int64_t link_id, const char *csrf, int64_t now,
				    int64_t expires_at, int max_sweep, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "DELETE FROM mediation_party_sessions WHERE token_hash IN"
	                              " (SELECT token_hash FROM mediation_party_sessions"
	                              " WHERE expires_at <= ?1 LIMIT ?2)",
	                              ARG_I64(now), ARG_INT(max_sweep));
	fq_status s = stmt_exec(c, st, err);
	if (s != FQ_OK)
		return s;
	st = stmt_bound(c,
	                "INSERT INTO mediation_party_sessions(token_hash, link_id, csrf,"
	                " created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	                ARG_BLOB(hash, hash_len), ARG_I64(link_id), ARG_TEXT(csrf), ARG_I64(now),
	                ARG_I64(expires_at));
	return stmt_exec(c, st, err);
}

static int read_psession(fq_arena *a, sqlite3_stmt *st, void *row)
{
	int bad = 0;
	*(store_med_psession *)row = (store_med_psession){
		.link_id = sqlite3_column_int64(st, 0),
		.dispute_id = sqlite3_column_int64(st, 1),
		.party_id = sqlite3_column_int64(st, 2),
		.csrf = col_opt(a, st, 3, &bad),
		.expires_at = sqlite3_column_int64(st, 4),
		.link_expires_at = sqlite3_column_int64(st, 5),
		.link_revoked_at = sqlite3_column_int64(st, 6),
	};
	return bad ? -1 : 0;
}

fq_status store_med_psession_lookup(store_conn *c, fq_arena *a, const unsigned char *hash,
				    size_t hash_len, store_med_psession *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT s.link_id, l.dispute_id, l.party_id, s.csrf,"
	                              " s.expires_at, l.expires_at, coalesce(l.revoked_at, 0)"
	                              " FROM mediation_party_sessions s"
	                              " JOIN mediation_links l ON l.id = s.link_id"
	                              " WHERE s.token_hash = ?1",
	                              ARG_BLOB(hash, hash_len));
	return stmt_one(c, a, st, read_psession, out, "token", "session", err);
}

/* ---- messages ------------------------------------------------------------------- */

fq_status store_med_message_insert(store_conn *c, int64_t dispute_id, int64_t party_id,
				   int64_t account_id, int64_t link_id, const char *body,
				   int64_t now, int64_t *id, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO mediation_messages(dispute_id, party_id,"
	                              " account_id, link_id, body, created_at)"
	                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                              ARG_I64(dispute_id), ARG_ID(party_id), ARG_ID(account_id),
	                              ARG_ID(link_id), ARG_TEXT(body), ARG_I64(now));
	return stmt_insert(c, st, id, err);
}

#define MESSAGE_COLS                                                                      \
	"m.id, m.dispute_id, coalesce(m.party_id, 0), coalesce(m.account_id, 0),"          \
	" coalesce(p.name, nullif(a.display_name, ''), a.username, ''), m.body, m.created_at," \
	" coalesce(m.retracted_at, 0)"
#define MESSAGE_FROM                                                          \
	" FROM mediation_messages m LEFT JOIN dispute_parties p ON p.id = m.party_id" \
	" LEFT JOIN accounts a ON a.id = m.account_id"

ROW_READER(message_from_row, store_med_message,
	COL(I64, id), COL(I64, dispute_id), COL(I64, party_id), COL(I64, account_id),
	COL(OPT, author_name), COL(OPT, body), COL(I64, created_at), COL(I64, retracted_at))

ROW_READER(attachment_from_row, store_med_attachment,
	COL(I64, id), COL(I64, dispute_id), COL(I64, message_id), COL(OPT, file_name),
	COL(OPT, mime), COL(I64, bytes), COL(INT, width), COL(INT, height), COL(I64, created_at))

/* Give each of the n messages (ascending ids) its attachments. */
static fq_status attach_all(store_conn *c, fq_arena *a, store_med_message *msgs, size_t n,
			    fq_err *err)
{
	if (n == 0)
		return FQ_OK;
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT id, dispute_id, message_id, file_name, mime, bytes,"
	               " coalesce(width, 0), coalesce(height, 0), created_at"
	               " FROM mediation_attachments WHERE dispute_id = ?1"
	               " AND message_id BETWEEN ?2 AND ?3 ORDER BY message_id, id",
	               ARG_I64(msgs[0].dispute_id), ARG_I64(msgs[0].id), ARG_I64(msgs[n - 1].id));
	if (!st)
		return stmt_ready(st, err);
	store_med_attachment *all = NULL;
	size_t n_all = 0;
	fq_status s = stmt_rows(c, a, st, SIZE_MAX, sizeof *all, attachment_from_row, (void **)&all,
	                        &n_all, err);
	for (size_t i = 0, k = 0; s == FQ_OK && i < n_all; i++) {
		while (k < n && msgs[k].id < all[i].message_id)
			k++;
		if (k == n || msgs[k].id != all[i].message_id)
			continue;
		if (!msgs[k].att)
			msgs[k].att = &all[i]; /* its attachments follow each other in all */
		msgs[k].n_att++;
	}
	return s;
}

fq_status store_med_messages(store_conn *c, fq_arena *a, int64_t dispute_id, int64_t after_id,
			     int limit, store_med_message **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT " MESSAGE_COLS MESSAGE_FROM
	               " WHERE m.dispute_id = ?1 AND m.id > ?2 ORDER BY m.id LIMIT ?3",
	               ARG_I64(dispute_id), ARG_I64(after_id), ARG_INT(limit));
	if (!st)
		return stmt_ready(st, err);
	store_med_message *rows = NULL;
	size_t cnt = 0;
	fq_status s = stmt_rows(c, a, st, SIZE_MAX, sizeof *rows, message_from_row, (void **)&rows,
	                        &cnt, err);
	if (s == FQ_OK)
		s = attach_all(c, a, rows, cnt, err);
	if (s == FQ_OK) {
		*out = rows;
		*n = cnt;
	}
	return s;
}

fq_status store_med_message_get(store_conn *c, fq_arena *a, int64_t dispute_id, int64_t mid,
				store_med_message *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c, "SELECT " MESSAGE_COLS MESSAGE_FROM " WHERE m.dispute_id = ?1 AND m.id = ?2",
	    ARG_I64(dispute_id), ARG_I64(mid));
	return stmt_one(c, a, st, message_from_row, out, "message_id", "message", err);
}

fq_status store_med_message_retract(store_conn *c, int64_t mid, int64_t now, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "UPDATE mediation_messages SET retracted_at = ?2"
	                              " WHERE id = ?1 AND retracted_at IS NULL",
	                              ARG_I64(mid), ARG_I64(now));
	return stmt_exec(c, st, err);
}

/* ---- attachments and read marks --------------------------------------------------- */

fq_status store_med_attachment_insert(store_conn *c, const store_med_attachment *att,
				      const void *thumb, size_t thumb_len, int64_t *id,
				      fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO mediation_attachments(dispute_id, message_id,"
	               " file_name, mime, bytes, width, height, data, thumb,"
	               " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	               ARG_I64(att->dispute_id), ARG_I64(att->message_id), ARG_TEXT(att->file_name),
	               ARG_TEXT(att->mime), ARG_I64((int64_t)att->data_len), ARG_ID(att->width),
	               ARG_ID(att->height));
	if (!st)
		return stmt_ready(st, err);
	sqlite3_bind_blob64(st, 8, att->data, att->data_len, SQLITE_STATIC);
	if (thumb)
		sqlite3_bind_blob64(st, 9, thumb, thumb_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 9);
	sqlite3_bind_int64(st, 10, att->created_at);
	fq_status s = stmt_exec(c, st, err);
	sqlite3_clear_bindings(st);
	if (s == FQ_OK)
		*id = store_last_id(c);
	return s;
}

/* An attachment with its data (or thumbnail) copied into a. */
static int read_attachment_data(fq_arena *a, sqlite3_stmt *st, void *row)
{
	store_med_attachment *out = row;
	if (attachment_from_row(a, st, out) != 0)
		return -1;
	size_t len = (size_t)sqlite3_column_bytes(st, 9);
	void *copy = fq_arena_alloc(a, len);
	if (copy && len)
		memcpy(copy, sqlite3_column_blob(st, 9), len);
	out->data = copy;
	out->data_len = len;
	if (sqlite3_column_int(st, 10))
		out->mime = "image/jpeg";
	return copy ? 0 : -1;
}

fq_status store_med_attachment_get(store_conn *c, fq_arena *a, int64_t dispute_id, int64_t id,
				   bool thumb, store_med_attachment *out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT id, dispute_id, message_id, file_name, mime, bytes,"
	               " coalesce(width, 0), coalesce(height, 0), created_at,"
	               " CASE WHEN ?3 AND thumb IS NOT NULL THEN thumb ELSE data END,"
	               " ?3 AND thumb IS NOT NULL"
	               " FROM mediation_attachments WHERE dispute_id = ?1 AND id = ?2",
	               ARG_I64(dispute_id), ARG_I64(id), ARG_INT(thumb ? 1 : 0));
	return stmt_one(c, a, st, read_attachment_data, out, "attachment_id", "attachment", err);
}

fq_status store_med_read_mark(store_conn *c, int64_t dispute_id, int64_t account_id,
			      int64_t last_id, int64_t now, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO mediation_reads(dispute_id, account_id,"
	               " last_message_id, read_at) VALUES (?1, ?2, ?3, ?4)"
	               " ON CONFLICT(dispute_id, account_id) DO UPDATE SET"
	               " last_message_id = max(last_message_id, excluded.last_message_id),"
	               " read_at = excluded.read_at",
	               ARG_I64(dispute_id), ARG_I64(account_id), ARG_I64(last_id), ARG_I64(now));
	return stmt_exec(c, st, err);
}
