/*
 * store_council.c - the SQL of council topics, supports, thresholds,
 * meetings, participants, agenda items and opinions (store_council.h).
 * Rows are read with the store's helpers (sqlite_int.h).
 */
#include "store/sqlite_int.h"
#include "store/store_council.h"

/* ---- thresholds --------------------------------------------------------- */

fq_status store_council_threshold_get(store_conn *c, int64_t unit_id, int *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c, "SELECT supports FROM council_thresholds WHERE unit_id = ?1", ARG_I64(unit_id));
	return stmt_count(c, st, out, err);
}

fq_status store_council_threshold_set(store_conn *c, int64_t unit_id, int supports, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT OR REPLACE INTO council_thresholds(unit_id, supports)"
	                              " VALUES (?1, ?2)",
	                              ARG_I64(unit_id), ARG_INT(supports));
	return stmt_exec(c, st, err);
}

/* ---- topics ------------------------------------------------------------- */

#define TOPIC_COLS                                                                              \
	"SELECT t.id, t.unit_id, t.unit_path, u.name, t.title, t.body, t.source, t.request_id,"  \
	" t.proposer_person_id, t.proposer_account_id, a.display_name, t.state, t.threshold,"    \
	" t.supports, EXISTS (SELECT 1 FROM council_supports s WHERE s.topic_id = t.id"          \
	" AND s.account_id = ?9), t.created_at, t.updated_at"                                    \
	" FROM council_topics t JOIN units u ON u.id = t.unit_id"                                \
	" LEFT JOIN accounts a ON a.id = t.proposer_account_id "

static const char SQL_TOPIC_GET[] = TOPIC_COLS "WHERE t.id = ?1";

static const char SQL_TOPIC_LIST[] =
	TOPIC_COLS "WHERE (?1 IS NULL OR substr(t.unit_path, 1, length(?1)) = ?1)"
	" AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(?2) j"
	" WHERE substr(t.unit_path, 1, length(j.value)) = j.value"
	" OR substr(j.value, 1, length(t.unit_path)) = t.unit_path))"
	" AND (?3 IS NULL OR t.state = ?3) AND (?4 IS NULL OR t.source = ?4)"
	" AND (?5 = 0 OR t.id < ?5) ORDER BY t.id DESC LIMIT ?6";

ROW_READER(read_topic, store_council_topic,
	COL(I64, id), COL(I64, unit_id), COL(STR, unit_path), COL(STR, unit_name), COL(STR, title),
	COL(STR, body), COL(STR, source), COL(I64, request_id), COL(I64, proposer_person_id),
	COL(I64, proposer_account_id), COL(STR, proposer_name), COL(STR, state),
	COL(INT, threshold), COL(INT, supports), COL(INT, supported), COL(I64, created_at),
	COL(I64, updated_at))

fq_status store_council_topic_insert(store_conn *c, const store_council_topic *t, int64_t *id_out,
				     fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "INSERT INTO council_topics(unit_id, unit_path, title, body, source, request_id,"
	    " proposer_person_id, proposer_account_id, state, threshold, supports, created_at,"
	    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?11)",
	    ARG_I64(t->unit_id), ARG_TEXT(t->unit_path), ARG_TEXT(t->title),
	    ARG_TEXT(t->body ? t->body : ""), ARG_TEXT(t->source), ARG_ID(t->request_id),
	    ARG_ID(t->proposer_person_id), ARG_ID(t->proposer_account_id), ARG_TEXT(t->state),
	    ARG_INT(t->threshold), ARG_I64(t->created_at));
	return stmt_insert(c, st, id_out, err);
}

fq_status store_council_topic_get(store_conn *c, fq_arena *a, int64_t id,
				  int64_t viewer_account_id, store_council_topic *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_TOPIC_GET);
	if (!st)
		return stmt_ready(st, err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 9, viewer_account_id);
	return stmt_one(c, a, st, read_topic, out, "id", NULL, err);
}

/* Bind the scope and cursor of a list: below ?1, seen_by ?2, after ?5,
 * limit ?6. */
static void bind_filter(sqlite3_stmt *st, const store_council_filter *f)
{
	bind_text(st, 1, f->below);
	bind_text(st, 2, f->seen_by);
	bind_text(st, 3, f->state);
	sqlite3_bind_int64(st, 5, f->after_id);
	sqlite3_bind_int(st, 6, f->limit > 0 && f->limit <= STORE_COUNCIL_LIST_MAX ? f->limit
										    : STORE_COUNCIL_LIST_MAX);
}

fq_status store_council_topic_list(store_conn *c, fq_arena *a, const store_council_filter *f,
				   int64_t viewer_account_id, store_council_topic **out,
				   size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, SQL_TOPIC_LIST);
	if (!st)
		return stmt_ready(st, err);
	bind_filter(st, f);
	bind_text(st, 4, f->source);
	sqlite3_bind_int64(st, 9, viewer_account_id);
	return stmt_rows(c, a, st, STORE_COUNCIL_LIST_MAX, sizeof **out, read_topic, (void **)out,
	                 n, err);
}

fq_status store_council_topic_move(store_conn *c, int64_t id, const char *old_state,
				   const char *new_state, const char *event, int64_t actor,
				   const char *note, int64_t now, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "UPDATE council_topics SET state = ?2, updated_at = ?3"
	                              " WHERE id = ?1",
	                              ARG_I64(id), ARG_TEXT(new_state), ARG_I64(now));
	fq_status res = stmt_exec(c, st, err);
	if (res != FQ_OK)
		return res;
	st = stmt_bound(c,
	                "INSERT INTO council_topic_events(topic_id, at, actor_account_id, event,"
	                " old_state, new_state, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	                ARG_I64(id), ARG_I64(now), ARG_ID(actor), ARG_TEXT(event),
	                ARG_TEXT(old_state), ARG_TEXT(new_state), ARG_TEXT(note ? note : ""));
	return stmt_exec(c, st, err);
}

ROW_READER(read_event, store_council_event,
	COL(I64, at), COL(I64, actor_account_id), COL(STR, event), COL(OPT, old_state),
	COL(STR, new_state), COL(STR, note))

fq_status store_council_topic_events(store_conn *c, fq_arena *a, int64_t topic_id, int max,
				     store_council_event **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT at, actor_account_id, event, old_state, new_state,"
	                              " note FROM council_topic_events WHERE topic_id = ?1"
	                              " ORDER BY id LIMIT ?2",
	                              ARG_I64(topic_id), ARG_INT(max));
	return stmt_rows(c, a, st, (size_t)max, sizeof **out, read_event, (void **)out, n, err);
}

fq_status store_council_support_add(store_conn *c, int64_t topic_id, int64_t account_id,
				    int64_t now, int *supports_out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO council_supports(topic_id, account_id, at)"
	                              " VALUES (?1, ?2, ?3)",
	                              ARG_I64(topic_id), ARG_I64(account_id), ARG_I64(now));
	fq_status res = stmt_exec(c, st, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "account", "council.support_twice",
				"you support this proposal already");
	if (res != FQ_OK)
		return res;
	st = stmt_bound(c,
	                "UPDATE council_topics SET supports = supports + 1, updated_at = ?2"
	                " WHERE id = ?1 RETURNING supports",
	                ARG_I64(topic_id), ARG_I64(now));
	return stmt_count(c, st, supports_out, err);
}

static int read_text0(fq_arena *a, sqlite3_stmt *st, void *row)
{
	int bad = 0;
	*(const char **)row = col_str(a, st, 0, &bad);
	return bad ? -1 : 0;
}

fq_status store_council_request_path(store_conn *c, fq_arena *a, int64_t request_id,
				     const char **path_out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, "SELECT unit_path FROM requests WHERE id = ?1", ARG_I64(request_id));
	return stmt_one(c, a, st, read_text0, path_out, "request_id", NULL, err);
}

fq_status store_council_account_name(store_conn *c, fq_arena *a, int64_t account_id,
				     const char **name_out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, "SELECT display_name FROM accounts WHERE id = ?1", ARG_I64(account_id));
	return stmt_one(c, a, st, read_text0, name_out, "account_id", NULL, err);
}

/* ---- meetings ----------------------------------------------------------- */

#define MEETING_COLS                                                                            \
	"SELECT m.id, m.unit_id, m.unit_path, u.name, m.title, m.kind, m.starts_at, m.place,"    \
	" m.state, m.opened_at, m.closed_at, m.created_at"                                       \
	" FROM council_meetings m JOIN units u ON u.id = m.unit_id "

ROW_READER(read_meeting, store_council_meeting,
	COL(I64, id), COL(I64, unit_id), COL(STR, unit_path), COL(STR, unit_name), COL(STR, title),
	COL(STR, kind), COL(I64, starts_at), COL(STR, place), COL(STR, state), COL(I64, opened_at),
	COL(I64, closed_at), COL(I64, created_at))

fq_status store_council_meeting_insert(store_conn *c, const store_council_meeting *m,
				       int64_t created_by, int64_t now, int64_t *id_out,
				       fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "INSERT INTO council_meetings(unit_id, unit_path, title, kind, starts_at, place,"
	    " state, created_by, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'scheduled', ?7, ?8, ?8)",
	    ARG_I64(m->unit_id), ARG_TEXT(m->unit_path), ARG_TEXT(m->title), ARG_TEXT(m->kind),
	    ARG_I64(m->starts_at), ARG_TEXT(m->place ? m->place : ""), ARG_ID(created_by),
	    ARG_I64(now));
	return stmt_insert(c, st, id_out, err);
}

fq_status store_council_meeting_get(store_conn *c, fq_arena *a, int64_t id,
				    store_council_meeting *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, MEETING_COLS "WHERE m.id = ?1", ARG_I64(id));
	return stmt_one(c, a, st, read_meeting, out, "id", NULL, err);
}

fq_status store_council_meeting_list(store_conn *c, fq_arena *a, const store_council_filter *f,
				     store_council_meeting **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(
		c, MEETING_COLS "WHERE (?1 IS NULL OR substr(m.unit_path, 1, length(?1)) = ?1)"
				" AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(?2) j"
				" WHERE substr(m.unit_path, 1, length(j.value)) = j.value"
				" OR substr(j.value, 1, length(m.unit_path)) = m.unit_path))"
				" AND (?3 IS NULL OR m.state = ?3) AND (?5 = 0 OR m.id < ?5)"
				" ORDER BY m.id DESC LIMIT ?6");
	if (!st)
		return stmt_ready(st, err);
	bind_filter(st, f);
	return stmt_rows(c, a, st, STORE_COUNCIL_LIST_MAX, sizeof **out, read_meeting, (void **)out,
	                 n, err);
}

fq_status store_council_meeting_update(store_conn *c, int64_t id, const char *title,
				       int64_t starts_at, const char *place, int64_t now,
				       fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "UPDATE council_meetings SET title = coalesce(?2, title),"
	                              " starts_at = CASE WHEN ?3 > 0 THEN ?3 ELSE starts_at END,"
	                              " place = coalesce(?4, place), updated_at = ?5 WHERE id = ?1",
	                              ARG_I64(id), ARG_TEXT(title), ARG_I64(starts_at),
	                              ARG_TEXT(place), ARG_I64(now));
	return stmt_exec(c, st, err);
}

fq_status store_council_meeting_set_state(store_conn *c, int64_t id, const char *state,
					  int64_t now, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "UPDATE council_meetings SET state = ?2, updated_at = ?3,"
	    " opened_at = CASE WHEN ?2 = 'open' THEN ?3 ELSE opened_at END,"
	    " closed_at = CASE WHEN ?2 = 'closed' THEN ?3 ELSE closed_at END WHERE id = ?1",
	    ARG_I64(id), ARG_TEXT(state), ARG_I64(now));
	return stmt_exec(c, st, err);
}

/* ---- participants ------------------------------------------------------- */

#define PARTICIPANT_COLS                                                                        \
	"SELECT id, meeting_id, kind, talent_id, account_id, name, can_vote"                     \
	" FROM council_participants "

ROW_READER(read_participant, store_council_participant,
	COL(I64, id), COL(I64, meeting_id), COL(STR, kind), COL(I64, talent_id),
	COL(I64, account_id), COL(STR, name), COL(INT, can_vote))

fq_status store_council_participant_insert(store_conn *c, const store_council_participant *p,
					   int64_t now, int64_t *id_out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
	    c,
	    "INSERT INTO council_participants(meeting_id, kind, talent_id, account_id, name,"
	    " can_vote, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    ARG_I64(p->meeting_id), ARG_TEXT(p->kind), ARG_ID(p->talent_id), ARG_ID(p->account_id),
	    ARG_TEXT(p->name), ARG_INT(p->can_vote ? 1 : 0), ARG_I64(now));
	fq_status res = stmt_insert(c, st, id_out, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "account_id", "council.participant_twice",
				"that account takes part in the meeting already");
	return res;
}

fq_status store_council_participants(store_conn *c, fq_arena *a, int64_t meeting_id,
				     store_council_participant **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c, PARTICIPANT_COLS "WHERE meeting_id = ?1 ORDER BY id LIMIT ?2",
	               ARG_I64(meeting_id), ARG_INT(STORE_COUNCIL_ROWS_MAX));
	return stmt_rows(c, a, st, STORE_COUNCIL_ROWS_MAX, sizeof **out, read_participant,
	                 (void **)out, n, err);
}

fq_status store_council_participant_get(store_conn *c, fq_arena *a, int64_t meeting_id,
					int64_t id, int64_t account_id,
					store_council_participant *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              PARTICIPANT_COLS "WHERE meeting_id = ?1 AND"
	                                               " (id = ?2 OR ?2 = 0 AND account_id = ?3)",
	                              ARG_I64(meeting_id), ARG_I64(id), ARG_I64(account_id));
	return stmt_one(c, a, st, read_participant, out, "participant_id", NULL, err);
}

fq_status store_council_participant_count(store_conn *c, int64_t meeting_id, int *all,
					  int *voters, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "SELECT count(*), coalesce(sum(can_vote), 0)"
	                              " FROM council_participants WHERE meeting_id = ?1",
	                              ARG_I64(meeting_id));
	return stmt_ints(c, st, (int *const[]){all, voters}, 2, err);
}

/* ---- agenda items and opinions ------------------------------------------- */

#define ITEM_COLS                                                                               \
	"SELECT i.id, i.meeting_id, i.topic_id, t.title, t.state, i.position, i.minutes"         \
	" FROM council_items i JOIN council_topics t ON t.id = i.topic_id "

ROW_READER(read_item, store_council_item,
	COL(I64, id), COL(I64, meeting_id), COL(I64, topic_id), COL(STR, topic_title),
	COL(STR, topic_state), COL(INT, position), COL(STR, minutes))

fq_status store_council_item_insert(store_conn *c, int64_t meeting_id, int64_t topic_id,
				    int64_t *id_out, fq_err *err)
{
	sqlite3_stmt *st =
	    stmt_bound(c,
	               "INSERT INTO council_items(meeting_id, topic_id, position)"
	               " SELECT ?1, ?2, coalesce(max(position), 0) + 1 FROM council_items"
	               " WHERE meeting_id = ?1",
	               ARG_I64(meeting_id), ARG_I64(topic_id));
	fq_status res = stmt_insert(c, st, id_out, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "topic_id", "council.agenda_twice",
				"the topic is on this agenda already");
	return res;
}

fq_status store_council_items(store_conn *c, fq_arena *a, int64_t meeting_id,
			      store_council_item **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              ITEM_COLS "WHERE i.meeting_id = ?1 ORDER BY i.position"
	                                        " LIMIT ?2",
	                              ARG_I64(meeting_id), ARG_INT(STORE_COUNCIL_ROWS_MAX));
	return stmt_rows(c, a, st, STORE_COUNCIL_ROWS_MAX, sizeof **out, read_item, (void **)out, n,
	                 err);
}

fq_status store_council_item_get(store_conn *c, fq_arena *a, int64_t meeting_id, int64_t id,
				 store_council_item *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, ITEM_COLS "WHERE i.meeting_id = ?1 AND i.id = ?2",
	                              ARG_I64(meeting_id), ARG_I64(id));
	return stmt_one(c, a, st, read_item, out, "item_id", NULL, err);
}

fq_status store_council_item_set_minutes(store_conn *c, int64_t id, const char *minutes,
					 fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, "UPDATE council_items SET minutes = ?2 WHERE id = ?1",
	                              ARG_I64(id), ARG_TEXT(minutes));
	return stmt_exec(c, st, err);
}

fq_status store_council_opinion_count(store_conn *c, int64_t item_id, int *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, "SELECT count(*) FROM council_opinions WHERE item_id = ?1",
	                              ARG_I64(item_id));
	return stmt_count(c, st, out, err);
}

fq_status store_council_opinion_insert(store_conn *c, int64_t item_id, int64_t participant_id,
				       const char *text, int64_t recorded_by, int64_t now,
				       fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
	                              "INSERT INTO council_opinions(item_id, participant_id, text,"
	                              " recorded_by, at) VALUES (?1, ?2, ?3, ?4, ?5)",
	                              ARG_I64(item_id), ARG_I64(participant_id), ARG_TEXT(text),
	                              ARG_ID(recorded_by), ARG_I64(now));
	return stmt_exec(c, st, err);
}

ROW_READER(read_opinion, store_council_opinion,
	COL(I64, id), COL(I64, item_id), COL(I64, participant_id), COL(STR, participant_name),
	COL(STR, participant_kind), COL(STR, text), COL(I64, at))

fq_status store_council_opinions(store_conn *c, fq_arena *a, int64_t meeting_id,
				 store_council_opinion **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(
		c, "SELECT o.id, o.item_id, o.participant_id, p.name, p.kind, o.text, o.at"
		   " FROM council_opinions o JOIN council_items i ON i.id = o.item_id"
		   " JOIN council_participants p ON p.id = o.participant_id"
		   " WHERE i.meeting_id = ?1 ORDER BY i.position, o.id LIMIT ?2");
	if (!st)
		return stmt_ready(st, err);
	size_t max = STORE_COUNCIL_OPINIONS_MAX;
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_int64(st, 2, (int64_t)max);
	return stmt_rows(c, a, st, max, sizeof **out, read_opinion, (void **)out, n, err);
}
