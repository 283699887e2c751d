/*
 * store_council_votes.c - the SQL of council votes and ballots,
 * resolutions and follow-up tasks, and the sweep that flags overdue tasks
 * (store_council.h).
 *
 * A closed vote cannot be updated or deleted and an open one only takes
 * ballots: triggers of migration 8 refuse the rest, so the results stored
 * at closing are final even against a bug above.
 */
#include "store/sqlite_int.h"
#include "store/store_council.h"

/* ---- votes -------------------------------------------------------------- */

#define VOTE_SELECT                                                                             \
	"SELECT v.id, v.meeting_id, v.item_id, i.topic_id, v.motion, v.secret, v.quorum_num,"    \
	" v.quorum_den, v.majority, v.state, v.eligible, v.voted, v.yes, v.no, v.abstain,"       \
	" v.quorum_met, v.passed, v.outcome, v.opened_at, v.closed_at, r.id,"                    \
	" (SELECT count(*) FROM council_voters w WHERE w.vote_id = v.id)"
#define VOTE_COLS                                                                               \
	VOTE_SELECT " FROM council_votes v LEFT JOIN council_items i ON i.id = v.item_id"        \
		    " LEFT JOIN council_resolutions r ON r.vote_id = v.id "

ROW_READER(read_vote, store_council_vote,
	COL(I64, id), COL(I64, meeting_id), COL(I64, item_id), COL(I64, topic_id), COL(STR, motion),
	COL(INT, secret), COL(INT, quorum_num), COL(INT, quorum_den), COL(STR, majority),
	COL(STR, state), COL(INT, eligible), COL(INT, voted), COL(INT, yes), COL(INT, no),
	COL(INT, abstain), COL(INT, quorum_met), COL(INT, passed), COL(STR, outcome),
	COL(I64, opened_at), COL(I64, closed_at), COL(I64, resolution_id), COL(INT, cast))

fq_status store_council_vote_insert(store_conn *c, const store_council_vote *v, int64_t by,
				    int64_t now, int64_t *id_out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO council_votes(meeting_id, item_id, motion, secret, quorum_num,"
	               " quorum_den, majority, state, eligible, opened_by, opened_at)"
	               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?9, ?10)",
	               ARG_I64(v->meeting_id), ARG_ID(v->item_id), ARG_TEXT(v->motion),
	               ARG_INT(v->secret ? 1 : 0), ARG_INT(v->quorum_num), ARG_INT(v->quorum_den),
	               ARG_TEXT(v->majority), ARG_INT(v->eligible), ARG_ID(by), ARG_I64(now));
	return stmt_insert(c, st, id_out, err);
}

fq_status store_council_vote_get(store_conn *c, fq_arena *a, int64_t id, store_council_vote *out,
				 fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, VOTE_COLS "WHERE v.id = ?1", ARG_I64(id));
	return stmt_one(c, a, st, read_vote, out, "id", NULL, err);
}

fq_status store_council_votes(store_conn *c, fq_arena *a, int64_t meeting_id,
			      store_council_vote **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, VOTE_COLS "WHERE v.meeting_id = ?1 ORDER BY v.id LIMIT ?2",
	                              ARG_I64(meeting_id), ARG_INT(STORE_COUNCIL_ROWS_MAX));
	return stmt_rows(c, a, st, STORE_COUNCIL_ROWS_MAX, sizeof **out, read_vote, (void **)out, n,
	                 err);
}

fq_status store_council_vote_count(store_conn *c, int64_t meeting_id, int *all, int *open,
				   fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT count(*), coalesce(sum(state = 'open'), 0)"
	                              " FROM council_votes WHERE meeting_id = ?1",
	                              ARG_I64(meeting_id));
	return stmt_ints(c, st, (int *const[]){all, open}, 2, err);
}

fq_status store_council_vote_close(store_conn *c, const store_council_vote *v, int64_t now,
				   fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "UPDATE council_votes SET state = 'closed', voted = ?2, yes = ?3, no = ?4,"
	               " abstain = ?5, quorum_met = ?6, passed = ?7, outcome = ?8, eligible = ?9,"
	               " closed_at = ?10 WHERE id = ?1",
	               ARG_I64(v->id), ARG_INT(v->voted), ARG_INT(v->yes), ARG_INT(v->no),
	               ARG_INT(v->abstain), ARG_INT(v->quorum_met), ARG_INT(v->passed),
	               ARG_TEXT(v->outcome), ARG_INT(v->eligible), ARG_I64(now));
	fq_status res = stmt_exec(c, st, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "state", "council.vote_state",
				"the vote is closed");
	return res;
}

/* ---- ballots ------------------------------------------------------------ */

fq_status store_council_ballot_cast(store_conn *c, int64_t vote_id, int secret,
				    int64_t participant_id, const char *choice,
				    int64_t recorded_by, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO council_voters(vote_id, participant_id,"
	               " recorded_by) VALUES (?1, ?2, ?3)",
	               ARG_I64(vote_id), ARG_I64(participant_id), ARG_ID(recorded_by));
	fq_status res = stmt_exec(c, st, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "participant", "council.ballot_cast",
				"this participant has voted");
	if (res != FQ_OK)
		return res;
	/* a secret ballot: a random key, no participant; the table has no rowid,
	 * so neither the key nor the order of rows tells when it was cast */
	st = secret ? stmt_get(c, "INSERT INTO council_ballots(vote_id, ballot_key, participant_id,"
	                          " choice) VALUES (?1, random(), NULL, ?3)")
	            : stmt_get(c, "INSERT INTO council_ballots(vote_id, ballot_key, participant_id,"
	                          " choice) VALUES (?1, ?2, ?2, ?3)");
	if (!st)
		return stmt_ready(st, err);
	sqlite3_bind_int64(st, 1, vote_id);
	if (!secret)
		sqlite3_bind_int64(st, 2, participant_id);
	bind_text(st, 3, choice);
	res = stmt_exec(c, st, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "state", "council.vote_state",
				"the vote is closed");
	return res;
}

fq_status store_council_tally(store_conn *c, int64_t vote_id, int *yes, int *no, int *abstain,
			      fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "SELECT coalesce(sum(choice = 'yes'), 0), coalesce(sum(choice = 'no'), 0),"
	    " coalesce(sum(choice = 'abstain'), 0) FROM council_ballots WHERE vote_id = ?1",
	    ARG_I64(vote_id));
	return stmt_ints(c, st, (int *const[]){yes, no, abstain}, 3, err);
}

fq_status store_council_has_voted(store_conn *c, int64_t vote_id, int64_t participant_id,
				  int *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT 1 FROM council_voters WHERE vote_id = ?1"
	                              " AND participant_id = ?2",
	                              ARG_I64(vote_id), ARG_I64(participant_id));
	int64_t v = 0;
	fq_status res = stmt_int(c, st, &v, err);
	if (res == FQ_OK)
		*out = v != 0;
	return res;
}

ROW_READER(read_ballot, store_council_ballot,
	COL(I64, participant_id), COL(STR, name), COL(STR, choice))

fq_status store_council_open_ballots(store_conn *c, fq_arena *a, int64_t vote_id,
				     store_council_ballot **out, size_t *n, fq_err *err)
{
	/* the join on council_votes.secret = 0 keeps secret ballots out even if
	 * a row had a participant by mistake */
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "SELECT b.participant_id, p.name, b.choice FROM council_ballots b"
	               " JOIN council_votes v ON v.id = b.vote_id AND v.secret = 0"
	               " JOIN council_participants p ON p.id = b.participant_id"
	               " WHERE b.vote_id = ?1 ORDER BY p.id LIMIT ?2",
	               ARG_I64(vote_id), ARG_INT(STORE_COUNCIL_ROWS_MAX));
	return stmt_rows(c, a, st, STORE_COUNCIL_ROWS_MAX, sizeof **out, read_ballot, (void **)out,
	                 n, err);
}

static int read_my_vote(fq_arena *a, sqlite3_stmt *st, void *row)
{
	store_council_my_vote *m = row;
	int bad = read_vote(a, st, &m->vote);
	int nb = 0;
	m->meeting_title = col_str(a, st, 22, &nb);
	m->participant_id = sqlite3_column_int64(st, 23);
	m->can_vote = sqlite3_column_int(st, 24);
	m->has_voted = sqlite3_column_int(st, 25);
	return bad || nb ? -1 : 0;
}

fq_status store_council_my_votes(store_conn *c, fq_arena *a, int64_t account_id, int max,
				 store_council_my_vote **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               VOTE_SELECT ", m.title, p.id, p.can_vote,"
	                           " EXISTS (SELECT 1 FROM council_voters w WHERE w.vote_id = v.id"
	                           " AND w.participant_id = p.id)"
	                           " FROM council_participants p"
	                           " JOIN council_meetings m ON m.id = p.meeting_id"
	                           " JOIN council_votes v ON v.meeting_id = m.id"
	                           " LEFT JOIN council_items i ON i.id = v.item_id"
	                           " LEFT JOIN council_resolutions r ON r.vote_id = v.id"
	                           " WHERE p.account_id = ?1 AND m.state != 'closed'"
	                           " ORDER BY v.state = 'open' DESC, v.id DESC LIMIT ?2",
	               ARG_I64(account_id), ARG_INT(max));
	return stmt_rows(c, a, st, (size_t)max, sizeof **out, read_my_vote, (void **)out, n, err);
}

/* ---- resolutions ------------------------------------------------------------ */

#define RESOLUTION_COLS                                                                         \
	"SELECT r.id, r.vote_id, r.meeting_id, r.topic_id, r.unit_path, r.text, m.title,"        \
	" t.title, r.created_at FROM council_resolutions r"                                      \
	" JOIN council_meetings m ON m.id = r.meeting_id"                                        \
	" LEFT JOIN council_topics t ON t.id = r.topic_id "

ROW_READER(read_resolution, store_council_resolution,
	COL(I64, id), COL(I64, vote_id), COL(I64, meeting_id), COL(I64, topic_id),
	COL(STR, unit_path), COL(STR, text), COL(STR, meeting_title), COL(STR, topic_title),
	COL(I64, created_at))

fq_status store_council_resolution_insert(store_conn *c, const store_council_resolution *r,
					  int64_t by, int64_t now, int64_t *id_out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "INSERT INTO council_resolutions(vote_id, meeting_id, topic_id, unit_path, text,"
	    " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    ARG_I64(r->vote_id), ARG_I64(r->meeting_id), ARG_ID(r->topic_id),
	    ARG_TEXT(r->unit_path), ARG_TEXT(r->text), ARG_ID(by), ARG_I64(now));
	fq_status res = stmt_insert(c, st, id_out, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "vote_id", "council.resolution_exists",
				"the vote has a resolution already");
	return res;
}

fq_status store_council_resolution_get(store_conn *c, fq_arena *a, int64_t id,
				       store_council_resolution *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, RESOLUTION_COLS "WHERE r.id = ?1", ARG_I64(id));
	return stmt_one(c, a, st, read_resolution, out, "id", NULL, err);
}

fq_status store_council_resolution_list(store_conn *c, fq_arena *a,
					const store_council_filter *f,
					store_council_resolution **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    RESOLUTION_COLS "WHERE (?1 IS NULL OR substr(r.unit_path, 1, length(?1)) = ?1)"
	                    " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(?2) j"
	                    " WHERE substr(r.unit_path, 1, length(j.value)) = j.value"
	                    " OR substr(j.value, 1, length(r.unit_path)) = r.unit_path))"
	                    " AND (?3 = 0 OR r.id < ?3) ORDER BY r.id DESC LIMIT ?4",
	    ARG_TEXT(f->below), ARG_TEXT(f->seen_by), ARG_I64(f->after_id));
	if (!st)
		return stmt_ready(st, err);
	int limit =
	    f->limit > 0 && f->limit <= STORE_COUNCIL_LIST_MAX ? f->limit : STORE_COUNCIL_LIST_MAX;
	sqlite3_bind_int(st, 4, limit);
	return stmt_rows(c, a, st, (size_t)limit, sizeof **out, read_resolution, (void **)out, n,
	                 err);
}

/* ---- tasks ---------------------------------------------------------------- */

#define TASK_COLS                                                                               \
	"SELECT k.id, k.resolution_id, k.parent_id, k.unit_path, k.title, k.owner_account_id,"   \
	" a.display_name, k.owner_unit_id, u.name, u.path, k.deadline, k.progress, k.state,"     \
	" k.children, k.card, k.card_due, k.card_note, k.overdue_at, k.created_at, k.updated_at" \
	" FROM council_tasks k LEFT JOIN accounts a ON a.id = k.owner_account_id"                \
	" LEFT JOIN units u ON u.id = k.owner_unit_id "

ROW_READER(read_task, store_council_task,
	COL(I64, id), COL(I64, resolution_id), COL(I64, parent_id), COL(STR, unit_path),
	COL(STR, title), COL(I64, owner_account_id), COL(STR, owner_name), COL(I64, owner_unit_id),
	COL(STR, owner_unit_name), COL(STR, owner_unit_path), COL(I64, deadline),
	COL(INT, progress), COL(STR, state), COL(INT, children), COL(STR, card), COL(I64, card_due),
	COL(STR, card_note), COL(I64, overdue_at), COL(I64, created_at), COL(I64, updated_at))

fq_status store_council_task_insert(store_conn *c, const store_council_task *t, int64_t now,
				    int64_t *id_out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO council_tasks(resolution_id, parent_id, unit_path, title,"
	               " owner_account_id, owner_unit_id, deadline, progress, state, created_at,"
	               " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 'open', ?8, ?8)",
	               ARG_I64(t->resolution_id), ARG_ID(t->parent_id), ARG_TEXT(t->unit_path),
	               ARG_TEXT(t->title), ARG_ID(t->owner_account_id), ARG_ID(t->owner_unit_id),
	               ARG_I64(t->deadline), ARG_I64(now));
	fq_status res = stmt_exec(c, st, err);
	if (res != FQ_OK)
		return res;
	int64_t id = store_last_id(c);
	if (t->parent_id) {
		st = stmt_bound(c,
		                "UPDATE council_tasks SET children = children + 1, updated_at = ?2"
		                " WHERE id = ?1",
		                ARG_I64(t->parent_id), ARG_I64(now));
		res = stmt_exec(c, st, err);
	}
	if (res == FQ_OK)
		*id_out = id;
	return res;
}

fq_status store_council_task_get(store_conn *c, fq_arena *a, int64_t id,
				 store_council_task *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, TASK_COLS "WHERE k.id = ?1", ARG_I64(id));
	return stmt_one(c, a, st, read_task, out, "id", NULL, err);
}

fq_status store_council_tasks_of(store_conn *c, fq_arena *a, int64_t resolution_id,
				 store_council_task **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, TASK_COLS "WHERE k.resolution_id = ?1 ORDER BY k.id LIMIT ?2",
	               ARG_I64(resolution_id), ARG_INT(STORE_COUNCIL_ROWS_MAX));
	return stmt_rows(c, a, st, STORE_COUNCIL_ROWS_MAX, sizeof **out, read_task, (void **)out, n,
	                 err);
}

fq_status store_council_task_count(store_conn *c, int64_t resolution_id, int *out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, "SELECT count(*) FROM council_tasks WHERE resolution_id = ?1",
	               ARG_I64(resolution_id));
	return stmt_count(c, st, out, err);
}

fq_status store_council_tasks_overdue(store_conn *c, fq_arena *a, const char *below,
				      int64_t now, int limit, store_council_task **out,
				      size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               TASK_COLS "WHERE k.state = 'open' AND (k.deadline < ?2 OR k.card != 'none')"
	                         " AND (?1 IS NULL OR substr(k.unit_path, 1, length(?1)) = ?1)"
	                         " ORDER BY k.deadline, k.id LIMIT ?3",
	               ARG_TEXT(below), ARG_I64(now), ARG_INT(limit));
	return stmt_rows(c, a, st, (size_t)limit, sizeof **out, read_task, (void **)out, n, err);
}

fq_status store_council_task_set_progress(store_conn *c, int64_t id, int progress,
					  const char *state, int64_t now, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "UPDATE council_tasks SET progress = ?2, state = ?3, updated_at = ?4,"
	    " done_at = CASE WHEN ?3 = 'done' THEN coalesce(done_at, ?4) END WHERE id = ?1",
	    ARG_I64(id), ARG_INT(progress), ARG_TEXT(state), ARG_I64(now));
	return stmt_exec(c, st, err);
}

static int read_progress(fq_arena *a, sqlite3_stmt *st, void *row)
{
	(void)a;
	*(int *)row = sqlite3_column_int(st, 0);
	return 0;
}

fq_status store_council_task_children(store_conn *c, fq_arena *a, int64_t parent_id,
				      int **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT progress FROM council_tasks WHERE parent_id = ?1"
	                              " ORDER BY id LIMIT ?2",
	                              ARG_I64(parent_id), ARG_INT(STORE_COUNCIL_ROWS_MAX));
	return stmt_rows(c, a, st, STORE_COUNCIL_ROWS_MAX, sizeof **out, read_progress,
	                 (void **)out, n, err);
}

fq_status store_council_task_set_card(store_conn *c, int64_t id, const char *card, int64_t due,
				      const char *note, int64_t now, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "UPDATE council_tasks SET card = ?2, card_due = ?3,"
	                              " card_note = ?4, updated_at = ?5 WHERE id = ?1",
	                              ARG_I64(id), ARG_TEXT(card), ARG_ID(due),
	                              ARG_TEXT(note ? note : ""), ARG_I64(now));
	return stmt_exec(c, st, err);
}

fq_status store_council_task_note(store_conn *c, int64_t task_id, int64_t account,
				  const char *event, int progress, const char *note, int64_t now,
				  fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO council_task_updates(task_id, at, account_id,"
	               " event, progress, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	               ARG_I64(task_id), ARG_I64(now), ARG_ID(account), ARG_TEXT(event));
	if (!st)
		return stmt_ready(st, err);
	if (progress >= 0)
		sqlite3_bind_int(st, 5, progress);
	else
		sqlite3_bind_null(st, 5);
	bind_text(st, 6, note ? note : "");
	return stmt_exec(c, st, err);
}

fq_status store_council_sweep(store_conn *c, int64_t now, int *flagged_out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "INSERT INTO council_task_updates(task_id, at, account_id, event, progress, note)"
	    " SELECT id, ?1, NULL, 'overdue', progress, '' FROM council_tasks"
	    " WHERE state = 'open' AND overdue_at IS NULL"
	    " AND (deadline < ?1 OR card_due IS NOT NULL AND card_due < ?1)",
	    ARG_I64(now));
	fq_status res = stmt_exec(c, st, err);
	if (res != FQ_OK)
		return res;
	int flagged = sqlite3_changes(c->db);
	st = stmt_bound(c,
	                "UPDATE council_tasks SET overdue_at = ?1 WHERE state = 'open'"
	                " AND overdue_at IS NULL"
	                " AND (deadline < ?1 OR card_due IS NOT NULL AND card_due < ?1)",
	                ARG_I64(now));
	res = stmt_exec(c, st, err);
	if (res == FQ_OK)
		*flagged_out = flagged;
	return res;
}
