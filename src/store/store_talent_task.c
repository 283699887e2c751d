/*
 * store_talent_task.c - the subjects a task is about (requests, disputes
 * of migration 6, council topics of migration 8) with their parties, the
 * members tried for a subject, and the task rows (store_talent.h).
 */
#include "store/store_talent_int.h"

#include <string.h>

/* ---- subjects ------------------------------------------------------------------ */

static void add_id(int64_t *ids, size_t *n, int64_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (ids[i] == id)
			return;
	if (id && *n < STORE_TALENT_PARTIES_MAX)
		ids[(*n)++] = id;
}

/* The subject row: path, key, title, open, and one party (person, household
 * of the row, household of the person). */
static fq_status subject_row(store_conn *c, fq_arena *a, sqlite3_stmt *st,
			     store_talent_subject *out, fq_err *err)
{
	int rc = sqlite3_step(st);
	fq_status res = FQ_OK;
	if (rc == SQLITE_ROW) {
		out->path = col_text(a, st, 0);
		out->key = col_text(a, st, 1);
		out->title = col_text(a, st, 2);
		out->open = sqlite3_column_int(st, 3);
		add_id(out->persons, &out->n_persons, sqlite3_column_int64(st, 4));
		add_id(out->households, &out->n_households, sqlite3_column_int64(st, 5));
		add_id(out->households, &out->n_households, sqlite3_column_int64(st, 6));
	} else if (rc == SQLITE_DONE) {
		res = fq_fail(err, FQ_ENOTFOUND, "subject", "no such subject");
	} else {
		res = stmt_fail(c, rc, err);
	}
	sqlite3_reset(st);
	return res;
}

static fq_status dispute_parties(store_conn *c, int64_t id, store_talent_subject *out,
				 fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, "SELECT d.person_id, d.household_id, p.household_id"
				       " FROM dispute_parties d LEFT JOIN persons p ON p.id = d.person_id"
				       " WHERE d.dispute_id = ? ORDER BY d.id");
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		add_id(out->persons, &out->n_persons, sqlite3_column_int64(st, 0));
		add_id(out->households, &out->n_households, sqlite3_column_int64(st, 1));
		add_id(out->households, &out->n_households, sqlite3_column_int64(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FQ_OK : stmt_fail(c, rc, err);
}

static sqlite3_stmt *subject_stmt(store_conn *c, const char *kind)
{
	if (strcmp(kind, "request") == 0)
		return stmt_get(c, "SELECT r.unit_path, k.code, r.title,"
				   " r.state NOT IN ('closed','rejected','merged'),"
				   " r.reporter_person_id, r.household_id, p.household_id"
				   " FROM requests r JOIN categories k ON k.id = r.category_id"
				   " LEFT JOIN persons p ON p.id = r.reporter_person_id WHERE r.id = ?");
	if (strcmp(kind, "dispute") == 0)
		return stmt_get(c, "SELECT unit_path, 'dispute.' || type, title,"
				   " state IN ('registered','consent','mediating'), NULL, NULL, NULL"
				   " FROM disputes WHERE id = ?");
	if (strcmp(kind, "topic") == 0)
		return stmt_get(c, "SELECT u.path, 'topic', t.title, 1, t.proposer_person_id,"
				   " p.household_id, NULL FROM council_topics t"
				   " JOIN units u ON u.id = t.unit_id"
				   " LEFT JOIN persons p ON p.id = t.proposer_person_id WHERE t.id = ?");
	return NULL;
}

fq_status store_talent_subject_get(store_conn *c, fq_arena *a, const char *kind, int64_t id,
			       store_talent_subject *out, fq_err *err)
{
	sqlite3_stmt *st = kind ? subject_stmt(c, kind) : NULL;
	if (!st)
		return fq_fail(err, FQ_ENOTFOUND, "subject", "no such subject (no %s in this database)",
			       kind ? kind : "kind");
	memset(out, 0, sizeof *out);
	sqlite3_bind_int64(st, 1, id);
	fq_status res = subject_row(c, a, st, out, err);
	if (res == FQ_OK && strcmp(kind, "dispute") == 0)
		res = dispute_parties(c, id, out, err);
	return res;
}

fq_status store_talent_related(store_conn *c, const store_talent_subject *s, int64_t *ids,
			       size_t max, size_t *n, fq_err *err)
{
	sqlite3_stmt *byp = stmt_get(c, "SELECT talent_id FROM talent_relations WHERE person_id = ?");
	sqlite3_stmt *byh = stmt_get(c, "SELECT talent_id FROM talent_relations"
					" WHERE household_id = ?");
	fq_status res = stmt_ready(byp ? byh : NULL, err);
	*n = 0;
	for (size_t i = 0; i < s->n_persons && res == FQ_OK; i++) {
		sqlite3_bind_int64(byp, 1, s->persons[i]);
		res = stmt_ids(c, byp, ids, max, n, err);
	}
	for (size_t i = 0; i < s->n_households && res == FQ_OK; i++) {
		sqlite3_bind_int64(byh, 1, s->households[i]);
		res = stmt_ids(c, byh, ids, max, n, err);
	}
	return res;
}

fq_status store_talent_tried(store_conn *c, const char *kind, int64_t id, int64_t *ids,
			     size_t max, size_t *n, int *chain, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT talent_id, chain FROM talent_tasks"
	                              " WHERE subject_kind = ? AND subject_id = ? ORDER BY id",
	                              ARG_TEXT(kind), ARG_I64(id));
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	*n = 0;
	*chain = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n < max)
			ids[(*n)++] = sqlite3_column_int64(st, 0);
		int ch = sqlite3_column_int(st, 1);
		*chain = ch > *chain ? ch : *chain;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FQ_OK : stmt_fail(c, rc, err);
}

/* ---- tasks ------------------------------------------------------------------------ */

/* What the member is shown of a task's subject: its title, and where it
 * is (a request's building address or name, else its address or grid; a
 * dispute's or topic's unit). */
#define SUBJECT_SEEN                                                                          \
	"CASE k.subject_kind"                                                                    \
	" WHEN 'request' THEN (SELECT x.title FROM requests x WHERE x.id = k.subject_id)"       \
	" WHEN 'dispute' THEN (SELECT x.title FROM disputes x WHERE x.id = k.subject_id)"       \
	" WHEN 'topic' THEN (SELECT x.title FROM council_topics x WHERE x.id = k.subject_id)"   \
	" END, CASE k.subject_kind"                                                              \
	" WHEN 'request' THEN (SELECT coalesce(nullif(b.address, ''), b.name,"                  \
	"   nullif(x.address, ''), g.name) FROM requests x LEFT JOIN units b"                    \
	"   ON b.id = x.building_id LEFT JOIN units g ON g.id = x.grid_id WHERE x.id = k.subject_id)"\
	" WHEN 'dispute' THEN (SELECT u.name FROM disputes x JOIN units u ON u.id = x.unit_id"  \
	"   WHERE x.id = k.subject_id)"                                                          \
	" WHEN 'topic' THEN (SELECT u.name FROM council_topics x JOIN units u ON u.id = x.unit_id"\
	"   WHERE x.id = k.subject_id) END"

/* The tasks first (CROSS JOIN): once PRAGMA optimize had analysed talents
 * but not an empty talent_tasks, SQLite read all of talents for a list. */
#define SQL_TASK_COLS                                                                         \
	"SELECT k.id, k.subject_kind, k.subject_id, k.unit_path, k.talent_id, p.name,"           \
	" t.account_id, k.state, k.note, k.offered_at, k.answer_within_s, k.answer_by,"          \
	" k.answered_at, k.answer_note, k.done_at, k.outcome, k.rating, k.rated_at,"             \
	" k.coordinator_account_id, a.display_name, k.chain, k.rank, k.score,"                   \
	" k.reason_codes, k.reasons, k.created_at, k.updated_at, " SUBJECT_SEEN               \
	" FROM talent_tasks k CROSS JOIN talents t ON t.id = k.talent_id"                        \
	" JOIN persons p ON p.id = t.person_id"                                                  \
	" LEFT JOIN accounts a ON a.id = k.coordinator_account_id "

#define SQL_TASK_GET SQL_TASK_COLS "WHERE k.id = ?"

/* Newest first within a scope: walks talent_tasks by id and stops at the page. */
#define SQL_TASK_LIST                                                                         \
	SQL_TASK_COLS                                                                            \
	"WHERE substr(k.unit_path, 1, length(?1)) = ?1 AND k.id < ?2"                            \
	" AND (?3 IS NULL OR k.talent_id = ?3)"                                                  \
	" AND (?4 IS NULL OR (k.subject_kind = ?4 AND k.subject_id = ?5))"                       \
	" AND (?6 IS NULL OR k.state = ?6) ORDER BY k.id DESC LIMIT ?7"

ROW_READER(read_task, store_talent_task,
	COL(I64, id), COL(OPT, subject_kind), COL(I64, subject_id), COL(OPT, unit_path),
	COL(I64, talent_id), COL(OPT, talent_name), COL(I64, talent_account_id), COL(OPT, state),
	COL(OPT, note), COL(I64, offered_at), COL(I64, answer_within_s), COL(I64, answer_by),
	COL(I64, answered_at), COL(OPT, answer_note), COL(I64, done_at), COL(OPT, outcome),
	COL(INT, rating), COL(I64, rated_at), COL(I64, coordinator_account_id),
	COL(OPT, coordinator_name), COL(INT, chain), COL(INT, rank), COL(DBL, score),
	COL(OPT, reason_codes), COL(OPT, reasons), COL(I64, created_at), COL(I64, updated_at),
	COL(OPT, subject_title), COL(OPT, subject_place))

fq_status store_talent_task_insert(store_conn *c, const store_talent_task *t, int64_t *id,
				   fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "INSERT INTO talent_tasks(subject_kind, subject_id, unit_path, talent_id, state,"
	    " note, offered_at, answer_within_s, answer_by, coordinator_account_id, chain,"
	    " rank, score, reason_codes, reasons, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    ARG_TEXT(t->subject_kind), ARG_I64(t->subject_id), ARG_TEXT(t->unit_path),
	    ARG_I64(t->talent_id), ARG_TEXT(t->state), ARG_TEXT(t->note ? t->note : ""),
	    ARG_I64(t->offered_at), ARG_I64(t->answer_within_s), ARG_I64(t->answer_by),
	    ARG_I64(t->coordinator_account_id), ARG_INT(t->chain), ARG_INT(t->rank),
	    ARG_DBL(t->score), ARG_TEXT(t->reason_codes ? t->reason_codes : ""),
	    ARG_TEXT(t->reasons ? t->reasons : ""), ARG_I64(t->created_at), ARG_I64(t->created_at));
	return stmt_insert(c, st, id, err);
}

fq_status store_talent_task_get(store_conn *c, fq_arena *a, int64_t id, store_talent_task *out,
				fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_TASK_GET, ARG_I64(id));
	return stmt_one(c, a, st, read_task, out, "id", "task", err);
}

fq_status store_talent_task_update(store_conn *c, const store_talent_task *t, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "UPDATE talent_tasks SET state = ?, answered_at = ?, answer_note = ?, done_at = ?,"
	    " outcome = ?, rating = ?, rated_at = ?, updated_at = ? WHERE id = ?",
	    ARG_TEXT(t->state), ARG_ID(t->answered_at),
	    ARG_TEXT(t->answer_note ? t->answer_note : ""), ARG_ID(t->done_at),
	    ARG_TEXT(t->outcome), ARG_ID(t->rating), ARG_ID(t->rated_at), ARG_I64(t->updated_at),
	    ARG_I64(t->id));
	return stmt_exec(c, st, err);
}

fq_status store_talent_task_list(store_conn *c, fq_arena *a, const store_talent_task_filter *f,
				 store_talent_task **out, size_t *n, fq_err *err)
{
	if (f->limit < 1 || f->limit > STORE_TALENT_ROWS_MAX)
		return fq_fail(err, FQ_EINVAL, "limit", "limit must be from 1 to %d",
		               STORE_TALENT_ROWS_MAX);
	sqlite3_stmt *st =
	    stmt_bound(c, SQL_TASK_LIST, ARG_TEXT(talent_prefix(a, f->path)),
	               ARG_I64(f->before_id > 0 ? f->before_id : INT64_MAX), ARG_ID(f->talent_id),
	               ARG_TEXT(f->subject_kind), ARG_I64(f->subject_id), ARG_TEXT(f->state),
	               ARG_INT(f->limit));
	return stmt_rows(c, a, st, (size_t)f->limit, sizeof **out, read_task, (void **)out, n, err);
}

fq_status store_talent_task_counts(store_conn *c, int64_t talent_id, const char *const *states,
				   int64_t *counts, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, "SELECT state, count(*) FROM talent_tasks"
				       " WHERE talent_id = ? GROUP BY state");
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	for (int i = 0; states[i]; i++)
		counts[i] = 0;
	sqlite3_bind_int64(st, 1, talent_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		for (int i = 0; s && states[i]; i++)
			if (strcmp(states[i], s) == 0)
				counts[i] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FQ_OK : stmt_fail(c, rc, err);
}

fq_status store_talent_task_due(store_conn *c, int64_t now, int64_t *ids, size_t max, size_t *n,
				fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT id FROM talent_tasks WHERE state = 'offered'"
	                              " AND answer_by < ? ORDER BY answer_by, id LIMIT ?",
	                              ARG_I64(now), ARG_I64((int64_t)max));
	*n = 0;
	return stmt_ids(c, st, ids, max, n, err);
}

fq_status store_talent_dispute_mediator(store_conn *c, int64_t dispute_id, int64_t account_id,
					fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT OR IGNORE INTO dispute_mediators(dispute_id,"
	                              " account_id, lead) VALUES (?, ?, 0)",
	                              ARG_I64(dispute_id), ARG_I64(account_id));
	return stmt_exec(c, st, err);
}

fq_status store_talent_closed_requests(store_conn *c, const char *path, int64_t *ids,
				       int64_t *created, size_t max, size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT id, created_at FROM requests"
	               " WHERE substr(unit_path, 1, length(?1)) = ?1 AND state = 'closed'"
	               " ORDER BY id LIMIT ?2",
	               ARG_TEXT(path), ARG_I64((int64_t)max));
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		ids[*n] = sqlite3_column_int64(st, 0);
		created[(*n)++] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? FQ_OK : stmt_fail(c, rc, err);
}

/* The plan registry (store_plans.h): a task and the task list, whose plan
 * must start from talent_tasks (the CROSS JOIN above). */
const store_plan_entry store_talent_plans[] = {
	{"talents.task", SQL_TASK_GET, "rowid", NULL},
	{"talents.task_list", SQL_TASK_LIST, "rowid", "talent_tasks"},
	{NULL, NULL, NULL, NULL},
};
