/*
 * store_dispute.c - the SQL of dispute cases (migration 6); see
 * store_dispute.h. Every statement is a literal prepared through the
 * per-connection cache.
 */
#include "store/store_dispute.h"

#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

#define ROW_COLS                                                                              \
	"d.id, d.number, d.unit_id, d.unit_path, coalesce(u.name, ''), d.level, d.state,"     \
	" d.request_id, d.type, d.source, d.title, d.facts, d.claims, d.outcome,"              \
	" d.close_reason, d.level_due, d.target_due, d.reminded_at, d.escalations,"            \
	" d.effective_at, d.judicial_end, d.judicial_state, d.judicial_at,"                    \
	" d.judicial_reminded_at, d.created_by, d.created_at, d.updated_at, d.closed_at,"     \
	" d.incomplete_reason FROM disputes d LEFT JOIN units u ON u.id = d.unit_id"

ROW_READER(read_row, store_dispute,
	COL(I64, id), COL(STR, number), COL(I64, unit_id), COL(STR, unit_path), COL(STR, unit_name),
	COL(INT, level), COL(STR, state), COL(I64, request_id), COL(STR, type), COL(STR, source),
	COL(STR, title), COL(STR, facts), COL(STR, claims), COL(OPT, outcome),
	COL(OPT, close_reason), COL(I64, level_due), COL(I64, target_due), COL(I64, reminded_at),
	COL(INT, escalations), COL(I64, effective_at), COL(INT, judicial_end),
	COL(STR, judicial_state), COL(I64, judicial_at), COL(INT, judicial_reminded),
	COL(I64, created_by), COL(I64, created_at), COL(I64, updated_at), COL(I64, closed_at),
	COL(OPT, incomplete_reason))

fq_status store_dispute_get(store_conn *c, fq_arena *a, int64_t id, store_dispute *out,
			    fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, "SELECT " ROW_COLS " WHERE d.id = ?1", ARG_I64(id));
	return stmt_one(c, a, st, read_row, out, "id", "dispute", err);
}

/* ---- children of a case ------------------------------------------------------ */

/* Step st (id bound as ?1, limit as ?2) into an arena array of `size`-byte
 * elements, each filled by read. */
static fq_status load_rows(store_conn *c, fq_arena *a, sqlite3_stmt *st, int64_t id, size_t size,
			   store_row_reader read, void **out, size_t *n, fq_err *err)
{
	fq_status s = stmt_ready(st, err);
	if (s != FQ_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, STORE_DISPUTE_CHILDREN_MAX);
	return stmt_rows(c, a, st, STORE_DISPUTE_CHILDREN_MAX, size, read, out, n, err);
}

ROW_READER(party_row, store_dispute_party,
	COL(I64, id), COL(I64, person_id), COL(I64, household_id), COL(STR, name), COL(OPT, phone),
	COL(STR, role), COL(STR, address), COL(STR, consent), COL(I64, consent_at),
	COL(STR, consent_note))

static const char SQL_PARTIES[] =
	"SELECT id, person_id, household_id, name, phone, role, address, consent, consent_at,"
	" consent_note FROM dispute_parties WHERE dispute_id = ?1 ORDER BY id LIMIT ?2";

fq_status store_dispute_parties(store_conn *c, fq_arena *a, int64_t id,
				store_dispute_party **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_PARTIES);
	return load_rows(c, a, st, id, sizeof **out, party_row, (void **)out, n, err);
}

ROW_READER(mediator_row, store_dispute_mediator,
	COL(I64, account_id), COL(STR, name), COL(INT, lead))

ROW_READER(event_row, store_dispute_event,
	COL(I64, id), COL(I64, at), COL(I64, actor_account_id), COL(OPT, actor_name),
	COL(STR, event), COL(OPT, old_state), COL(STR, new_state), COL(INT, old_level),
	COL(INT, new_level), COL(STR, note))

ROW_READER(session_row, store_dispute_session,
	COL(I64, id), COL(I64, at), COL(STR, place), COL(STR, mediators), COL(STR, attendees),
	COL(STR, record))

ROW_READER(term_row, store_dispute_term,
	COL(I64, id), COL(INT, seq), COL(STR, text), COL(INT, deadline), COL(INT, performed),
	COL(I64, performed_at))

ROW_READER(signature_row, store_dispute_signature,
	COL(I64, id), COL(STR, signer), COL(I64, party_id), COL(I64, account_id), COL(STR, name),
	COL(STR, method), COL(I64, at))

ROW_READER(followup_row, store_dispute_followup,
	COL(I64, id), COL(I64, at), COL(I64, account_id), COL(STR, performance), COL(STR, note))

ROW_READER(document_row, store_dispute_document,
	COL(STR, code), COL(INT, present), COL(STR, note), COL(OPT, mime), COL(I64, bytes),
	COL(I64, updated_at))

/* The agreement's columns into the case (not a whole record: no zeroing). */
static int read_agreement(fq_arena *a, sqlite3_stmt *st, void *row)
{
	store_dispute_case *k = row;
	int bad = 0;
	k->ag_facts = col_str(a, st, 0, &bad);
	k->ag_points = col_str(a, st, 1, &bad);
	k->ag_responsibilities = col_str(a, st, 2, &bad);
	k->ag_updated_at = sqlite3_column_int64(st, 3);
	return bad ? -1 : 0;
}

static fq_status load_agreement(store_conn *c, fq_arena *a, store_dispute_case *k, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT facts, points, responsibilities, updated_at"
	                              " FROM dispute_agreements WHERE dispute_id = ?1",
	                              ARG_I64(k->d.id));
	fq_status s = stmt_one(c, a, st, read_agreement, k, "id", NULL, err);
	if (s == FQ_ENOTFOUND)
		return FQ_OK; /* no agreement yet */
	k->has_agreement = s == FQ_OK;
	return s;
}

static const char SQL_MEDIATORS[] =
	"SELECT m.account_id, coalesce(nullif(a.display_name, ''), a.username), m.lead"
	" FROM dispute_mediators m JOIN accounts a ON a.id = m.account_id"
	" WHERE m.dispute_id = ?1 ORDER BY m.lead DESC, m.added_at LIMIT ?2";
static const char SQL_EVENTS[] =
	"SELECT e.id, e.at, e.actor_account_id, coalesce(nullif(a.display_name, ''), a.username),"
	" e.event, e.old_state, e.new_state, e.old_level, e.new_level, e.note"
	" FROM dispute_events e LEFT JOIN accounts a ON a.id = e.actor_account_id"
	" WHERE e.dispute_id = ?1 ORDER BY e.id LIMIT ?2";
static const char SQL_SESSIONS[] = "SELECT id, at, place, mediators, attendees, record"
				   " FROM dispute_sessions WHERE dispute_id = ?1"
				   " ORDER BY at, id LIMIT ?2";
static const char SQL_TERMS[] = "SELECT id, seq, text, deadline, performed, performed_at"
				" FROM dispute_terms WHERE dispute_id = ?1 ORDER BY seq LIMIT ?2";
static const char SQL_SIGNATURES[] = "SELECT id, signer, party_id, account_id, name, method, at"
				     " FROM dispute_signatures WHERE dispute_id = ?1"
				     " ORDER BY id LIMIT ?2";
static const char SQL_FOLLOWUPS[] = "SELECT id, at, account_id, performance, note"
				    " FROM dispute_followups WHERE dispute_id = ?1"
				    " ORDER BY at, id LIMIT ?2";
static const char SQL_DOCUMENTS[] = "SELECT code, present, note, mime, bytes, updated_at"
				    " FROM dispute_documents WHERE dispute_id = ?1"
				    " ORDER BY code LIMIT ?2";

/* A list filed with a case: its statement (?1 the case, ?2 the limit), the
 * reader and size of its rows, and where the array and its count go in a
 * store_dispute_case. */
typedef struct child_list {
	const char *sql;
	store_row_reader read;
	size_t size;  /* bytes of a row */
	size_t rows;  /* offset of the array */
	size_t count; /* offset of its count */
} child_list;

/* The size and offsets of a child_list for the array field. */
#define CHILD(field)                                                                            \
	sizeof(*((store_dispute_case *)0)->field), offsetof(store_dispute_case, field),          \
		offsetof(store_dispute_case, n_##field)

static const child_list CHILDREN[] = {
	{SQL_PARTIES, party_row, CHILD(parties)},
	{SQL_MEDIATORS, mediator_row, CHILD(mediators)},
	{SQL_EVENTS, event_row, CHILD(events)},
	{SQL_SESSIONS, session_row, CHILD(sessions)},
	{SQL_TERMS, term_row, CHILD(terms)},
	{SQL_SIGNATURES, signature_row, CHILD(signatures)},
	{SQL_FOLLOWUPS, followup_row, CHILD(followups)},
	{SQL_DOCUMENTS, document_row, CHILD(documents)},
};

static fq_status load_children(store_conn *c, fq_arena *a, store_dispute_case *k, fq_err *err)
{
	fq_status s = FQ_OK;
	for (size_t i = 0; s == FQ_OK && i < sizeof CHILDREN / sizeof CHILDREN[0]; i++) {
		const child_list *l = &CHILDREN[i];
		s = load_rows(c, a, stmt_get(c, l->sql), k->d.id, l->size, l->read,
			      (void **)((char *)k + l->rows), (size_t *)((char *)k + l->count), err);
	}
	return s;
}

fq_status store_dispute_load(store_conn *c, fq_arena *a, int64_t id, store_dispute_case *out,
			     fq_err *err)
{
	memset(out, 0, sizeof *out);
	fq_status s = store_dispute_get(c, a, id, &out->d, err);
	if (s == FQ_OK)
		s = load_children(c, a, out, err);
	if (s == FQ_OK)
		s = load_agreement(c, a, out, err);
	return s;
}

fq_status store_dispute_is_mediator(store_conn *c, int64_t id, int64_t account_id, bool *out,
				    fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, "SELECT 1 FROM dispute_mediators"
					 " WHERE dispute_id = ?1 AND account_id = ?2",
				      ARG_I64(id), ARG_I64(account_id));
	int64_t found = 0;
	fq_status s = stmt_int(c, st, &found, err);
	if (s == FQ_OK)
		*out = found != 0;
	return s;
}

/* ---- the list ------------------------------------------------------------------ */

#define SCOPE_TEST(n) "(?" #n " IS NOT NULL AND substr(d.unit_path, 1, length(?" #n ")) = ?" #n ")"

fq_status store_dispute_list(store_conn *c, fq_arena *a, const store_dispute_filter *f,
			     store_dispute **out, size_t *n, fq_err *err)
{
	const char *like = f->q && *f->q ? like_contains(a, f->q) : NULL;
	if (f->q && *f->q && !like)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	sqlite3_stmt *st = stmt_get(
		c, STORE_PLAN_SCAN "walks the disputes newest first and stops at the page; disputes"
		   " are thousands a year */ SELECT " ROW_COLS " WHERE (" SCOPE_TEST(1) " OR " SCOPE_TEST(2) " OR " SCOPE_TEST(3)
		   " OR " SCOPE_TEST(4) " OR d.id IN (SELECT dispute_id FROM dispute_mediators"
		   " WHERE account_id = ?5))"
		   " AND (?6 IS NULL OR d.state = ?6) AND (?7 IS NULL OR d.type = ?7)"
		   " AND (?8 = 0 OR d.level = ?8) AND (?9 = 0 OR d.id < ?9)"
		   " AND (?11 IS NULL OR d.number LIKE ?11 ESCAPE '\\'"
		   "  OR d.title LIKE ?11 ESCAPE '\\')"
		   " ORDER BY d.id DESC LIMIT ?10");
	fq_status s = stmt_ready(st, err);
	if (s != FQ_OK)
		return s;
	for (size_t i = 0; i < STORE_DISPUTE_SCOPES_MAX; i++)
		bind_text(st, (int)i + 1, i < f->n_paths ? f->paths[i] : NULL);
	sqlite3_bind_int64(st, 5, f->mediator_account);
	bind_text(st, 6, f->state);
	bind_text(st, 7, f->type);
	sqlite3_bind_int(st, 8, f->level);
	sqlite3_bind_int64(st, 9, f->before_id);
	int limit = f->limit > 0 && f->limit <= STORE_DISPUTE_LIST_MAX ? f->limit
									: STORE_DISPUTE_LIST_MAX;
	sqlite3_bind_int(st, 10, limit);
	bind_text(st, 11, like);
	store_dispute *rows = fq_arena_alloc(a, (size_t)limit * sizeof *rows);
	size_t k = 0;
	int rc = SQLITE_DONE;
	while (rows && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_row(a, st, &rows[k++]);
	if (!rows)
		s = fq_fail(err, FQ_ENOMEM, "", "out of memory");
	else if (rc != SQLITE_DONE)
		s = stmt_fail(c, rc, err);
	sqlite3_reset(st);
	*out = rows;
	*n = k;
	return s;
}

/* ---- units, people, requests, accounts ------------------------------------------- */

ROW_READER(read_unit, store_dispute_unit,
	COL(I64, id), COL(STR, kind), COL(STR, path), COL(STR, name))

ROW_READER(read_person, store_dispute_person,
	COL(I64, id), COL(I64, household_id), COL(I64, grid_id), COL(STR, name), COL(OPT, phone),
	COL(STR, address))

ROW_READER(read_request, store_dispute_request,
	COL(I64, id), COL(I64, grid_id), COL(I64, reporter_person_id), COL(STR, category_code),
	COL(STR, title), COL(STR, description), COL(STR, unit_path))

fq_status store_dispute_unit_get(store_conn *c, fq_arena *a, int64_t id, store_dispute_unit *out,
				 fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, "SELECT id, kind, path, name FROM units WHERE id = ?1", ARG_I64(id));
	return stmt_one(c, a, st, read_unit, out, "unit_id", "unit", err);
}

fq_status store_dispute_unit_up(store_conn *c, fq_arena *a, const char *path, const char *kind,
				store_dispute_unit *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT id, kind, path, name FROM units"
	                              " WHERE kind = ?2 AND substr(?1, 1, length(path)) = path"
	                              " ORDER BY length(path) DESC LIMIT 1",
	                              ARG_TEXT(path), ARG_TEXT(kind));
	return stmt_one(c, a, st, read_unit, out, "unit_id", "unit", err);
}

fq_status store_dispute_person_get(store_conn *c, fq_arena *a, int64_t id, const char *field,
				   store_dispute_person *out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT p.id, p.household_id, h.grid_id, p.name, p.phone,"
	               " coalesce(h.address, '') FROM persons p"
	               " LEFT JOIN households h ON h.id = p.household_id WHERE p.id = ?1",
	               ARG_I64(id));
	return stmt_one(c, a, st, read_person, out, field, "person", err);
}

fq_status store_dispute_request_get(store_conn *c, fq_arena *a, int64_t id,
				    store_dispute_request *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT r.id, r.grid_id, r.reporter_person_id, k.code,"
	                              " r.title, r.description, r.unit_path FROM requests r"
	                              " JOIN categories k ON k.id = r.category_id WHERE r.id = ?1",
	                              ARG_I64(id));
	return stmt_one(c, a, st, read_request, out, "request_id", "request", err);
}

/* A name: "" for NULL. */
static int read_name(fq_arena *a, sqlite3_stmt *st, void *row)
{
	int bad = 0;
	*(const char **)row = col_str(a, st, 0, &bad);
	return bad ? -1 : 0;
}

fq_status store_dispute_account_name(store_conn *c, fq_arena *a, int64_t id, const char *field,
				     const char **out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT coalesce(nullif(display_name, ''), username)"
	                              " FROM accounts WHERE id = ?1 AND disabled = 0",
	                              ARG_I64(id));
	return stmt_one(c, a, st, read_name, out, field, "account", err);
}

/* ---- counters ----------------------------------------------------------------------- */

#define COUNT_COLS                                                                            \
	"sum(registered), sum(refused), sum(escalated), sum(signed), sum(closed),"          \
	" sum(resolved), sum(failed), sum(closed_on_time), sum(judicial_applied),"          \
	" sum(judicial_confirmed)"

static void read_counts(sqlite3_stmt *st, int i, store_dispute_counts *n)
{
	int64_t *f[] = {&n->registered, &n->refused, &n->escalated, &n->signed_,
			&n->closed, &n->resolved, &n->failed, &n->closed_on_time,
			&n->judicial_applied, &n->judicial_confirmed};
	for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
		*f[k] = sqlite3_column_int64(st, i + (int)k);
}

static int day_row(fq_arena *a, sqlite3_stmt *st, void *elem)
{
	(void)a;
	store_dispute_day *d = elem;
	d->day = sqlite3_column_int(st, 0);
	read_counts(st, 1, &d->n);
	return 0;
}

static int unit_counts_row(fq_arena *a, sqlite3_stmt *st, void *elem)
{
	int bad = 0;
	store_dispute_unit_counts *u = elem;
	u->unit_id = sqlite3_column_int64(st, 0);
	u->name = col_str(a, st, 1, &bad);
	read_counts(st, 2, &u->n);
	return bad ? -1 : 0;
}

fq_status store_dispute_days(store_conn *c, fq_arena *a, int64_t unit_id, int32_t from,
			     int32_t to, store_dispute_day **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, "SELECT day, " COUNT_COLS " FROM dispute_counters"
				       " WHERE unit_id = ?1 AND dim = '' AND day BETWEEN ?3 AND ?4"
				       " GROUP BY day ORDER BY day LIMIT ?2");
	if (st) {
		sqlite3_bind_int(st, 3, from);
		sqlite3_bind_int(st, 4, to);
	}
	return load_rows(c, a, st, unit_id, sizeof **out, day_row, (void **)out, n, err);
}

fq_status store_dispute_children(store_conn *c, fq_arena *a, int64_t parent_id, int32_t from,
				 int32_t to, store_dispute_unit_counts **out, size_t *n,
				 fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, "SELECT u.id, u.name, " COUNT_COLS " FROM units u"
				       " LEFT JOIN dispute_counters k ON k.unit_id = u.id AND k.dim = ''"
				       " AND k.day BETWEEN ?3 AND ?4"
				       " WHERE u.parent_id = ?1 AND u.kind IN ('community','village','grid')"
				       " GROUP BY u.id ORDER BY u.id LIMIT ?2");
	if (st) {
		sqlite3_bind_int(st, 3, from);
		sqlite3_bind_int(st, 4, to);
	}
	return load_rows(c, a, st, parent_id, sizeof **out, unit_counts_row, (void **)out, n, err);
}

fq_status store_dispute_open_count(store_conn *c, const char *path, int64_t now, int64_t *open,
				   int64_t *overdue, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT count(*), coalesce(sum(level_due < ?2), 0)"
	                              " FROM disputes WHERE substr(unit_path, 1, length(?1)) = ?1"
	                              " AND state IN ('registered','consent','mediating')",
	                              ARG_TEXT(path), ARG_I64(now));
	fq_status s = stmt_ready(st, err);
	if (s != FQ_OK)
		return s;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*open = sqlite3_column_int64(st, 0);
		*overdue = sqlite3_column_int64(st, 1);
	} else {
		s = stmt_fail(c, rc, err);
	}
	sqlite3_reset(st);
	return s;
}

/* ---- the sweeper's queues ----------------------------------------------------------- */

fq_status store_dispute_due(store_conn *c, int64_t now, int64_t remind_s, int64_t after_id,
			    int limit, int64_t *ids, size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT id FROM disputes INDEXED BY disputes_level_due"
	               " WHERE state IN ('registered','consent','mediating')"
	               " AND level_due IS NOT NULL AND level_due <= ?1 + ?2 AND id > ?3"
	               " ORDER BY id LIMIT ?4",
	               ARG_I64(now), ARG_I64(remind_s), ARG_I64(after_id), ARG_INT(limit));
	*n = 0;
	return stmt_ids(c, st, ids, (size_t)limit, n, err);
}

fq_status store_dispute_judicial_due(store_conn *c, int32_t from, int32_t to, int64_t after_id,
				     int limit, int64_t *ids, size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT id FROM disputes INDEXED BY disputes_judicial_end"
	               " WHERE state IN ('agreement_signed','closed')"
	               " AND judicial_state = 'none' AND judicial_end BETWEEN ?1 AND ?2"
	               " AND id > ?3 ORDER BY id LIMIT ?4",
	               ARG_INT(from), ARG_INT(to), ARG_I64(after_id), ARG_INT(limit));
	*n = 0;
	return stmt_ids(c, st, ids, (size_t)limit, n, err);
}

/* ---- writes ------------------------------------------------------------------------- */

fq_status store_dispute_insert(store_conn *c, const store_dispute *d, int32_t day, int64_t *id,
			       fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "INSERT INTO disputes(number, unit_id, unit_path, level, state, request_id, type,"
	    " source, title, facts, claims, level_due, target_due, created_by, created_at,"
	    " updated_at) VALUES (printf('TJ%d%06d', ?1,"
	    " (SELECT coalesce(max(id), 0) + 1 FROM disputes)), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
	    ARG_INT(day), ARG_I64(d->unit_id), ARG_TEXT(d->unit_path), ARG_INT(d->level),
	    ARG_TEXT(d->state), ARG_ID(d->request_id), ARG_TEXT(d->type), ARG_TEXT(d->source),
	    ARG_TEXT(d->title), ARG_TEXT(d->facts), ARG_TEXT(d->claims), ARG_ID(d->level_due),
	    ARG_I64(d->target_due), ARG_ID(d->created_by), ARG_I64(d->created_at));
	return stmt_insert(c, st, id, err);
}

fq_status store_dispute_save(store_conn *c, const store_dispute *d, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "UPDATE disputes SET unit_id = ?2, unit_path = ?3, level = ?4, state = ?5,"
	    " outcome = ?6, close_reason = ?7, level_due = ?8, reminded_at = ?9,"
	    " escalations = ?10, effective_at = ?11, judicial_end = ?12, judicial_state = ?13,"
	    " judicial_at = ?14, judicial_reminded_at = ?15, updated_at = ?16, closed_at = ?17,"
	    " incomplete_reason = ?18 WHERE id = ?1",
	    ARG_I64(d->id), ARG_I64(d->unit_id), ARG_TEXT(d->unit_path), ARG_INT(d->level),
	    ARG_TEXT(d->state), ARG_TEXT(d->outcome), ARG_TEXT(d->close_reason),
	    ARG_ID(d->level_due), ARG_ID(d->reminded_at), ARG_INT(d->escalations),
	    ARG_ID(d->effective_at), ARG_ID(d->judicial_end), ARG_TEXT(d->judicial_state),
	    ARG_ID(d->judicial_at), ARG_ID(d->judicial_reminded), ARG_I64(d->updated_at),
	    ARG_ID(d->closed_at), ARG_TEXT(d->incomplete_reason));
	return stmt_exec(c, st, err);
}

fq_status store_dispute_party_insert(store_conn *c, int64_t dispute_id,
				     const store_dispute_party *p, int64_t *id, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO dispute_parties(dispute_id, person_id,"
	               " household_id, name, phone, role, address)"
	               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	               ARG_I64(dispute_id), ARG_ID(p->person_id), ARG_ID(p->household_id),
	               ARG_TEXT(p->name), ARG_TEXT(p->phone && *p->phone ? p->phone : NULL),
	               ARG_TEXT(p->role), ARG_TEXT(p->address ? p->address : ""));
	return stmt_insert(c, st, id, err);
}

fq_status store_dispute_party_consent(store_conn *c, int64_t dispute_id, int64_t party_id,
				      const char *consent, int64_t at, const char *note,
				      fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "UPDATE dispute_parties SET consent = ?3, consent_at = ?4,"
	                              " consent_note = ?5 WHERE dispute_id = ?1 AND id = ?2",
	                              ARG_I64(dispute_id), ARG_I64(party_id), ARG_TEXT(consent),
	                              ARG_I64(at), ARG_TEXT(note ? note : ""));
	fq_status s = stmt_exec(c, st, err);
	if (s == FQ_OK && sqlite3_changes(c->db) == 0)
		s = fq_fail(err, FQ_ENOTFOUND, "party_id", "no such party of this dispute");
	return s;
}

fq_status store_dispute_mediator_add(store_conn *c, int64_t dispute_id, int64_t account_id,
				     int lead, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT OR IGNORE INTO dispute_mediators(dispute_id,"
	               " account_id, lead, added_at) VALUES (?1, ?2, 0, unixepoch())",
	               ARG_I64(dispute_id), ARG_I64(account_id));
	fq_status s = stmt_exec(c, st, err);
	if (s != FQ_OK || !lead)
		return s;
	st = stmt_bound(c,
	                "UPDATE dispute_mediators SET lead = (account_id = ?2)"
	                " WHERE dispute_id = ?1",
	                ARG_I64(dispute_id), ARG_I64(account_id));
	return stmt_exec(c, st, err);
}

fq_status store_dispute_event_insert(store_conn *c, int64_t dispute_id, const store_dispute_event *e,
				     fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "INSERT INTO dispute_events(dispute_id, at,"
	    " actor_account_id, event, old_state, new_state, old_level,"
	    " new_level, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	    ARG_I64(dispute_id), ARG_I64(e->at), ARG_ID(e->actor_account_id), ARG_TEXT(e->event),
	    ARG_TEXT(e->old_state), ARG_TEXT(e->new_state), ARG_ID(e->old_level),
	    ARG_INT(e->new_level), ARG_TEXT(e->note ? e->note : ""));
	return stmt_exec(c, st, err);
}

fq_status store_dispute_session_insert(store_conn *c, int64_t dispute_id,
				       const store_dispute_session *x, int64_t account_id,
				       int64_t now, int64_t *id, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO dispute_sessions(dispute_id, at, place,"
	                              " mediators, attendees, record, account_id, created_at)"
	                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	                              ARG_I64(dispute_id), ARG_I64(x->at), ARG_TEXT(x->place),
	                              ARG_TEXT(x->mediators), ARG_TEXT(x->attendees),
	                              ARG_TEXT(x->record), ARG_ID(account_id), ARG_I64(now));
	return stmt_insert(c, st, id, err);
}

static fq_status terms_put(store_conn *c, int64_t dispute_id, const store_dispute_term *t,
			   size_t n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, "DELETE FROM dispute_terms WHERE dispute_id = ?1", ARG_I64(dispute_id));
	fq_status s = stmt_exec(c, st, err);
	for (size_t i = 0; s == FQ_OK && i < n; i++) {
		st = stmt_get(c, "INSERT INTO dispute_terms(dispute_id, seq, text, deadline)"
		                 " VALUES (?1, ?2, ?3, ?4)");
		s = stmt_ready(st, err);
		if (s != FQ_OK)
			break;
		sqlite3_bind_int64(st, 1, dispute_id);
		sqlite3_bind_int(st, 2, (int)i + 1);
		bind_text(st, 3, t[i].text);
		bind_id(st, 4, t[i].deadline);
		s = stmt_exec(c, st, err);
	}
	return s;
}

fq_status store_dispute_agreement_put(store_conn *c, int64_t dispute_id, const char *facts,
				      const char *points, const char *responsibilities,
				      const store_dispute_term *terms, size_t n_terms, int64_t now,
				      fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO dispute_agreements(dispute_id, facts, points, responsibilities,"
	               " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
	               " ON CONFLICT(dispute_id) DO UPDATE SET facts = excluded.facts,"
	               " points = excluded.points, responsibilities = excluded.responsibilities,"
	               " updated_at = excluded.updated_at",
	               ARG_I64(dispute_id), ARG_TEXT(facts), ARG_TEXT(points),
	               ARG_TEXT(responsibilities), ARG_I64(now));
	fq_status s = stmt_exec(c, st, err);
	if (s == FQ_OK)
		s = terms_put(c, dispute_id, terms, n_terms, err);
	return s;
}

fq_status store_dispute_signature_insert(store_conn *c, int64_t dispute_id,
					 const store_dispute_signature *x, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO dispute_signatures(dispute_id, signer,"
	                              " party_id, account_id, name, method, at)"
	                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	                              ARG_I64(dispute_id), ARG_TEXT(x->signer), ARG_ID(x->party_id),
	                              ARG_ID(x->account_id), ARG_TEXT(x->name), ARG_TEXT(x->method),
	                              ARG_I64(x->at));
	fq_status s = stmt_exec(c, st, err);
	if (s == FQ_ECONFLICT)
		s = fq_failr(err, FQ_ECONFLICT, x->party_id ? "party_id" : "signer",
			     "dispute.already_signed",
			     "%s has already signed", x->name);
	return s;
}

fq_status store_dispute_followup_insert(store_conn *c, int64_t dispute_id,
					const store_dispute_followup *f, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO dispute_followups(dispute_id, at, account_id,"
	                              " performance, note) VALUES (?1, ?2, ?3, ?4, ?5)",
	                              ARG_I64(dispute_id), ARG_I64(f->at), ARG_ID(f->account_id),
	                              ARG_TEXT(f->performance), ARG_TEXT(f->note ? f->note : ""));
	return stmt_exec(c, st, err);
}

fq_status store_dispute_term_performed(store_conn *c, int64_t dispute_id, int seq, int64_t at,
				       fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "UPDATE dispute_terms SET performed = 1, performed_at = ?3"
	                              " WHERE dispute_id = ?1 AND seq = ?2",
	                              ARG_I64(dispute_id), ARG_INT(seq), ARG_I64(at));
	fq_status s = stmt_exec(c, st, err);
	if (s == FQ_OK && sqlite3_changes(c->db) == 0)
		s = fq_failr(err, FQ_ENOTFOUND, "term", "dispute.term_unknown",
			     "the agreement has no term %d", seq);
	return s;
}

fq_status store_dispute_document_put(store_conn *c, int64_t dispute_id,
				     const store_dispute_document *d, int64_t account_id,
				     fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "INSERT INTO dispute_documents(dispute_id, code, present, note, account_id,"
	    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT(dispute_id, code) DO UPDATE SET present = excluded.present,"
	    " note = excluded.note, account_id = excluded.account_id,"
	    " updated_at = excluded.updated_at",
	    ARG_I64(dispute_id), ARG_TEXT(d->code), ARG_INT(d->present ? 1 : 0),
	    ARG_TEXT(d->note ? d->note : ""), ARG_ID(account_id), ARG_I64(d->updated_at));
	return stmt_exec(c, st, err);
}

static fq_status count_one(store_conn *c, int64_t unit_id, const char *dim, int32_t day,
			   const store_dispute_counts *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "INSERT INTO dispute_counters(unit_id, dim, day, registered, refused, escalated,"
	    " signed, closed, resolved, failed, closed_on_time, judicial_applied,"
	    " judicial_confirmed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
	    " ON CONFLICT(unit_id, dim, day) DO UPDATE SET"
	    " registered = registered + excluded.registered,"
	    " refused = refused + excluded.refused, escalated = escalated + excluded.escalated,"
	    " signed = signed + excluded.signed, closed = closed + excluded.closed,"
	    " resolved = resolved + excluded.resolved, failed = failed + excluded.failed,"
	    " closed_on_time = closed_on_time + excluded.closed_on_time,"
	    " judicial_applied = judicial_applied + excluded.judicial_applied,"
	    " judicial_confirmed = judicial_confirmed + excluded.judicial_confirmed",
	    ARG_I64(unit_id), ARG_TEXT(dim), ARG_INT(day));
	fq_status s = stmt_ready(st, err);
	if (s != FQ_OK)
		return s;
	int64_t v[] = {n->registered, n->refused, n->escalated, n->signed_,
		       n->closed, n->resolved, n->failed, n->closed_on_time,
		       n->judicial_applied, n->judicial_confirmed};
	for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
		sqlite3_bind_int64(st, 4 + (int)k, v[k]);
	return stmt_exec(c, st, err);
}

/* Bytes of a counter dimension ("t:land_acquisition"). */
#define DIM_MAX 48

fq_status store_dispute_count(store_conn *c, const char *path, const char *type, int32_t day,
			      const store_dispute_counts *delta, fq_err *err)
{
	char dim[DIM_MAX];
	snprintf(dim, sizeof dim, "t:%s", type ? type : "");
	fq_status s = count_one(c, 0, "", day, delta, err);
	if (s == FQ_OK)
		s = count_one(c, 0, dim, day, delta, err);
	const char *p = path ? path : "";
	while (s == FQ_OK && *p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		int64_t unit = 0;
		while (*p >= '0' && *p <= '9')
			unit = unit * 10 + (*p++ - '0');
		if (unit > 0)
			s = count_one(c, unit, "", day, delta, err);
		if (s == FQ_OK && unit > 0)
			s = count_one(c, unit, dim, day, delta, err);
		while (*p && *p != '/')
			p++;
	}
	return s;
}
