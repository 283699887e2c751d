/*
 * migrations.c - the numbered schema migrations, embedded in the binary.
 * At open, every migration newer than the database's version is applied
 * inside one transaction and recorded in schema_migrations; a database
 * newer than the binary is refused. Append new migrations at the end;
 * never edit one that has shipped.
 */
#include "store/sqlite_int.h"

#include <stdio.h>

static const struct migration {
	int version;
	const char *name;
	const char *sql;
} migrations[] = {
	{1, "org tree, people, accounts, sessions, audit",
	 "CREATE TABLE units ("
	 "  id INTEGER PRIMARY KEY,"
	 "  parent_id INTEGER REFERENCES units(id),"
	 "  kind TEXT NOT NULL CHECK (kind IN"
	 "    ('street','community','village','grid','building','department')),"
	 "  code TEXT NOT NULL UNIQUE,"
	 "  name TEXT NOT NULL,"
	 "  path TEXT NOT NULL," /* '/1/4/17/': ancestors and self, for scope */
	 "  street_id INTEGER," /* shard key for a distributed backend */
	 "  boundary TEXT," /* GeoJSON geometry (grids) */
	 "  address TEXT," /* buildings */
	 "  lat REAL, lon REAL," /* buildings: a point at the door */
	 "  created_at INTEGER NOT NULL DEFAULT (unixepoch())"
	 ");"
	 "CREATE INDEX units_parent ON units(parent_id, kind);"
	 "CREATE INDEX units_kind ON units(kind, path);"
	 "CREATE VIRTUAL TABLE grid_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);"
	 "CREATE TABLE households ("
	 "  id INTEGER PRIMARY KEY,"
	 "  code TEXT NOT NULL UNIQUE,"
	 "  building_id INTEGER NOT NULL REFERENCES units(id),"
	 "  grid_id INTEGER NOT NULL REFERENCES units(id),"
	 "  entrance INTEGER," /* 单元 */
	 "  floor INTEGER,"
	 "  room TEXT,"
	 "  address TEXT NOT NULL,"
	 "  street_id INTEGER"
	 ");"
	 "CREATE INDEX households_building ON households(building_id);"
	 "CREATE INDEX households_grid ON households(grid_id, id);"
	 "CREATE TABLE persons ("
	 "  id INTEGER PRIMARY KEY,"
	 "  household_id INTEGER REFERENCES households(id),"
	 "  name TEXT NOT NULL,"
	 "  id_number TEXT UNIQUE,"
	 "  phone TEXT,"
	 "  relation TEXT," /* 户主, 配偶, 子女, 父母, 其他 */
	 "  gender TEXT CHECK (gender IN ('M','F') OR gender IS NULL),"
	 "  birth_year INTEGER,"
	 "  street_id INTEGER"
	 ");"
	 "CREATE INDEX persons_household ON persons(household_id);"
	 "CREATE TABLE leaders ("
	 "  id INTEGER PRIMARY KEY,"
	 "  person_id INTEGER NOT NULL REFERENCES persons(id),"
	 "  kind TEXT NOT NULL CHECK (kind IN ('neighbour','building','entrance')),"
	 "  unit_id INTEGER NOT NULL REFERENCES units(id)," /* grid or building */
	 "  entrance INTEGER,"
	 "  street_id INTEGER"
	 ");"
	 "CREATE INDEX leaders_unit ON leaders(unit_id, kind);"
	 "CREATE INDEX leaders_person ON leaders(person_id);"
	 "CREATE TABLE leader_households ("
	 "  leader_id INTEGER NOT NULL REFERENCES leaders(id),"
	 "  household_id INTEGER NOT NULL REFERENCES households(id),"
	 "  PRIMARY KEY (leader_id, household_id)"
	 ") WITHOUT ROWID;"
	 "CREATE INDEX leader_households_hh ON leader_households(household_id);"
	 "CREATE TABLE accounts ("
	 "  id INTEGER PRIMARY KEY,"
	 "  username TEXT NOT NULL UNIQUE,"
	 "  display_name TEXT NOT NULL DEFAULT '',"
	 "  password_hash TEXT NOT NULL,"
	 "  person_id INTEGER REFERENCES persons(id),"
	 "  disabled INTEGER NOT NULL DEFAULT 0,"
	 "  created_at INTEGER NOT NULL DEFAULT (unixepoch())"
	 ");"
	 "CREATE TABLE account_roles ("
	 "  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	 "  role TEXT NOT NULL,"
	 "  unit_id INTEGER NOT NULL DEFAULT 0," /* 0: the whole deployment */
	 "  PRIMARY KEY (account_id, role, unit_id)"
	 ");"
	 "CREATE TABLE sessions ("
	 "  token_hash BLOB PRIMARY KEY,"
	 "  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	 "  csrf TEXT NOT NULL,"
	 "  created_at INTEGER NOT NULL,"
	 "  expires_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX sessions_account ON sessions(account_id);"
	 "CREATE TABLE audit_log ("
	 "  id INTEGER PRIMARY KEY,"
	 "  at INTEGER NOT NULL,"
	 "  account_id INTEGER,"
	 "  action TEXT NOT NULL,"
	 "  subject TEXT NOT NULL,"
	 "  detail TEXT,"
	 "  address TEXT"
	 ");"
	 "CREATE INDEX audit_account ON audit_log(account_id, at);"},
	{2, "requests: categories, calendar, requests, timeline, photos, search, counters, outbox",
	 "CREATE TABLE categories ("
	 "  id INTEGER PRIMARY KEY,"
	 "  code TEXT NOT NULL UNIQUE," /* 'dispute.neighbour' */
	 "  parent_id INTEGER REFERENCES categories(id),"
	 "  name TEXT NOT NULL," /* 邻里纠纷 */
	 "  name_en TEXT NOT NULL DEFAULT '',"
	 "  icon TEXT NOT NULL DEFAULT '',"
	 "  start_level INTEGER NOT NULL DEFAULT 2 CHECK (start_level BETWEEN 1 AND 4),"
	 "  priority INTEGER NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3)," /* 1 urgent */
	 "  active INTEGER NOT NULL DEFAULT 1,"
	 "  sort INTEGER NOT NULL DEFAULT 0"
	 ");"
	 "CREATE TABLE category_limits ("
	 "  category_id INTEGER NOT NULL REFERENCES categories(id),"
	 "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),"
	 "  accept_amount INTEGER NOT NULL, accept_unit TEXT NOT NULL," /* 'hours'|'workdays' */
	 "  resolve_amount INTEGER NOT NULL, resolve_unit TEXT NOT NULL,"
	 "  PRIMARY KEY (category_id, level)"
	 ") WITHOUT ROWID;"
	 "CREATE TABLE calendar_days ("
	 "  day INTEGER PRIMARY KEY," /* YYYYMMDD */
	 "  kind TEXT NOT NULL CHECK (kind IN ('holiday','workday')),"
	 "  name TEXT NOT NULL DEFAULT ''"
	 ");"
	 "CREATE TABLE requests ("
	 "  id INTEGER PRIMARY KEY,"
	 "  number TEXT NOT NULL UNIQUE," /* FQ20261123000123 */
	 "  street_id INTEGER,"
	 "  community_id INTEGER,"
	 "  grid_id INTEGER REFERENCES units(id),"
	 "  unit_path TEXT NOT NULL DEFAULT '/'," /* the grid's path, for scope */
	 "  category_id INTEGER NOT NULL REFERENCES categories(id),"
	 "  channel TEXT NOT NULL CHECK (channel IN"
	 "    ('self','proxy','hotline','visit','inspection','open311')),"
	 "  title TEXT NOT NULL,"
	 "  description TEXT NOT NULL,"
	 "  lat REAL, lon REAL,"
	 "  address TEXT NOT NULL DEFAULT '',"
	 "  building_id INTEGER REFERENCES units(id),"
	 "  household_id INTEGER REFERENCES households(id),"
	 "  reporter_account_id INTEGER REFERENCES accounts(id)," /* who typed it */
	 "  reporter_person_id INTEGER REFERENCES persons(id)," /* whose request it is */
	 "  anonymous INTEGER NOT NULL DEFAULT 0,"
	 "  state TEXT NOT NULL,"
	 "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),"
	 "  priority INTEGER NOT NULL DEFAULT 2,"
	 "  assignee_account_id INTEGER REFERENCES accounts(id),"
	 "  assignee_unit_id INTEGER REFERENCES units(id),"
	 "  accept_due INTEGER," /* unix s */
	 "  resolve_due INTEGER,"
	 "  followup_due INTEGER,"
	 "  dispatched_at INTEGER,"
	 "  accepted_at INTEGER,"
	 "  accepted_late INTEGER NOT NULL DEFAULT 0,"
	 "  resolved_at INTEGER,"
	 "  closed_at INTEGER,"
	 "  result TEXT,"
	 "  card TEXT NOT NULL DEFAULT 'none',"
	 "  card_due INTEGER,"
	 "  ext_state TEXT NOT NULL DEFAULT 'none',"
	 "  ext_amount INTEGER, ext_unit TEXT," /* the extension asked */
	 "  extensions INTEGER NOT NULL DEFAULT 0,"
	 "  redo_count INTEGER NOT NULL DEFAULT 0,"
	 "  merged_into INTEGER REFERENCES requests(id),"
	 "  rating_resolved INTEGER," /* 1 yes, 0 no */
	 "  rating_satisfaction INTEGER,"
	 "  rating_comment TEXT,"
	 "  reminded_at INTEGER," /* last reminder sent by the sweeper */
	 "  created_at INTEGER NOT NULL,"
	 "  updated_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX requests_scope ON requests(unit_path, id);"
	 "CREATE INDEX requests_state ON requests(state, level, id);"
	 "CREATE INDEX requests_category ON requests(category_id, id);"
	 "CREATE INDEX requests_created ON requests(created_at);"
	 "CREATE INDEX requests_household ON requests(household_id) WHERE household_id IS NOT NULL;"
	 "CREATE INDEX requests_reporter ON requests(reporter_person_id) WHERE reporter_person_id IS NOT NULL;"
	 "CREATE INDEX requests_assignee ON requests(assignee_account_id, state);"
	 /* the sweeper's queues: only open requests are indexed */
	 "CREATE INDEX requests_accept_due ON requests(accept_due) WHERE state = 'dispatched';"
	 "CREATE INDEX requests_resolve_due ON requests(resolve_due) WHERE state = 'accepted';"
	 "CREATE INDEX requests_followup_due ON requests(followup_due) WHERE state = 'resolved';"
	 "CREATE INDEX requests_card_due ON requests(card_due) WHERE card != 'none' AND state IN ('dispatched','accepted');"
	 "CREATE TABLE request_cohandlers ("
	 "  request_id INTEGER NOT NULL REFERENCES requests(id),"
	 "  unit_id INTEGER NOT NULL REFERENCES units(id)," /* a department */
	 "  lead INTEGER NOT NULL DEFAULT 0,"
	 "  PRIMARY KEY (request_id, unit_id)"
	 ") WITHOUT ROWID;"
	 "CREATE TABLE request_events ("
	 "  id INTEGER PRIMARY KEY,"
	 "  request_id INTEGER NOT NULL REFERENCES requests(id),"
	 "  at INTEGER NOT NULL,"
	 "  actor_account_id INTEGER," /* NULL: the system (sweeper) */
	 "  event TEXT NOT NULL,"
	 "  old_state TEXT, new_state TEXT NOT NULL,"
	 "  old_level INTEGER, new_level INTEGER NOT NULL,"
	 "  note TEXT NOT NULL DEFAULT '',"
	 "  detail TEXT" /* JSON object with the action's fields */
	 ");"
	 "CREATE INDEX request_events_request ON request_events(request_id, id);"
	 "CREATE TABLE request_photos ("
	 "  id INTEGER PRIMARY KEY,"
	 "  request_id INTEGER NOT NULL REFERENCES requests(id),"
	 "  kind TEXT NOT NULL CHECK (kind IN ('report','result')),"
	 "  mime TEXT NOT NULL,"
	 "  bytes INTEGER NOT NULL,"
	 "  width INTEGER, height INTEGER,"
	 "  path TEXT NOT NULL," /* under data_dir */
	 "  thumb_path TEXT,"
	 "  account_id INTEGER,"
	 "  created_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX request_photos_request ON request_photos(request_id);"
	 "CREATE VIRTUAL TABLE requests_fts USING fts5("
	 "  title, description, address, content='requests', content_rowid='id',"
	 "  tokenize='trigram');"
	 "CREATE TRIGGER requests_fts_ai AFTER INSERT ON requests BEGIN"
	 "  INSERT INTO requests_fts(rowid, title, description, address)"
	 "  VALUES (new.id, new.title, new.description, new.address);"
	 "END;"
	 "CREATE TRIGGER requests_fts_ad AFTER DELETE ON requests BEGIN"
	 "  INSERT INTO requests_fts(requests_fts, rowid, title, description, address)"
	 "  VALUES ('delete', old.id, old.title, old.description, old.address);"
	 "END;"
	 "CREATE TRIGGER requests_fts_au AFTER UPDATE OF title, description, address ON requests BEGIN"
	 "  INSERT INTO requests_fts(requests_fts, rowid, title, description, address)"
	 "  VALUES ('delete', old.id, old.title, old.description, old.address);"
	 "  INSERT INTO requests_fts(rowid, title, description, address)"
	 "  VALUES (new.id, new.title, new.description, new.address);"
	 "END;"
	 /* metric counters: one row per (unit, dimension, day); unit is every
	  * ancestor of the request's grid (grid, community, street) and 0 for
	  * the whole deployment; dim is '' (all), 'c:<category id>' or
	  * 'ch:<channel>'; day is YYYYMMDD in Asia/Shanghai */
	 "CREATE TABLE metric_counters ("
	 "  unit_id INTEGER NOT NULL,"
	 "  dim TEXT NOT NULL,"
	 "  day INTEGER NOT NULL,"
	 "  intake INTEGER NOT NULL DEFAULT 0,"
	 "  dispatched INTEGER NOT NULL DEFAULT 0,"
	 "  accepted INTEGER NOT NULL DEFAULT 0,"
	 "  accepted_on_time INTEGER NOT NULL DEFAULT 0,"
	 "  resolved INTEGER NOT NULL DEFAULT 0,"
	 "  resolved_on_time INTEGER NOT NULL DEFAULT 0,"
	 "  followups INTEGER NOT NULL DEFAULT 0,"
	 "  followups_resolved INTEGER NOT NULL DEFAULT 0,"
	 "  ratings INTEGER NOT NULL DEFAULT 0,"
	 "  ratings_good INTEGER NOT NULL DEFAULT 0,"
	 "  closed INTEGER NOT NULL DEFAULT 0,"
	 "  escalated INTEGER NOT NULL DEFAULT 0,"
	 "  PRIMARY KEY (unit_id, dim, day)"
	 ") WITHOUT ROWID;"
	 /* the outbox of live events: read by Server-Sent Events (resume by
	  * id for 24 hours) and by the webhook sender */
	 "CREATE TABLE live_events ("
	 "  id INTEGER PRIMARY KEY,"
	 "  at INTEGER NOT NULL,"
	 "  unit_path TEXT NOT NULL," /* scope of who may see it */
	 "  request_id INTEGER,"
	 "  kind TEXT NOT NULL," /* the timeline event name */
	 "  payload TEXT NOT NULL" /* JSON */
	 ");"
	 "CREATE INDEX live_events_at ON live_events(at);"
	 "CREATE TABLE idempotency_keys ("
	 "  account_id INTEGER NOT NULL,"
	 "  key TEXT NOT NULL,"
	 "  request_id INTEGER NOT NULL,"
	 "  fingerprint TEXT NOT NULL," /* hash of the body, to refuse reuse with another body */
	 "  created_at INTEGER NOT NULL,"
	 "  PRIMARY KEY (account_id, key)"
	 ") WITHOUT ROWID;"
	 "CREATE TABLE webhooks ("
	 "  id INTEGER PRIMARY KEY,"
	 "  url TEXT NOT NULL,"
	 "  events TEXT NOT NULL DEFAULT '*'," /* comma list of event names */
	 "  secret TEXT NOT NULL DEFAULT '',"
	 "  active INTEGER NOT NULL DEFAULT 1,"
	 "  last_event_id INTEGER NOT NULL DEFAULT 0," /* delivered up to */
	 "  created_at INTEGER NOT NULL"
	 ");"
	 "CREATE TABLE webhook_deliveries ("
	 "  id INTEGER PRIMARY KEY,"
	 "  webhook_id INTEGER NOT NULL REFERENCES webhooks(id),"
	 "  event_id INTEGER NOT NULL,"
	 "  attempts INTEGER NOT NULL DEFAULT 0,"
	 "  next_at INTEGER NOT NULL,"
	 "  status TEXT NOT NULL DEFAULT 'pending'," /* pending, delivered, failed */
	 "  last_error TEXT"
	 ");"
	 "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_at);"},
	{3, "indexes for sessions, search, hotline and the overview",
	 "CREATE INDEX sessions_expires ON sessions(expires_at);"
	 "CREATE INDEX requests_reporter_account ON requests(reporter_account_id)"
	 "  WHERE reporter_account_id IS NOT NULL;"
	 "CREATE INDEX requests_building ON requests(building_id) WHERE building_id IS NOT NULL;"
	 "CREATE INDEX request_cohandlers_unit ON request_cohandlers(unit_id, request_id);"
	 "CREATE INDEX requests_scope_state ON requests(unit_path, state, id);"
	 "CREATE INDEX requests_accept_due_scope ON requests(unit_path, accept_due)"
	 "  WHERE state = 'dispatched';"
	 "CREATE INDEX requests_resolve_due_scope ON requests(unit_path, resolve_due)"
	 "  WHERE state = 'accepted';"
	 "CREATE INDEX persons_phone ON persons(phone) WHERE phone IS NOT NULL;"
	 "CREATE INDEX requests_category_created ON requests(category_id, created_at);"
	 "CREATE INDEX requests_open_scope ON requests(unit_path)"
	 "  WHERE state IN ('submitted','dispatched','accepted','resolved','returned');"},
	{4, "open311: API keys of client applications; request_events by time",
	 "CREATE TABLE open311_keys ("
	 "  id INTEGER PRIMARY KEY,"
	 "  name TEXT NOT NULL,"
	 "  key_hash BLOB NOT NULL UNIQUE," /* BLAKE2b of the key; the key is never kept */
	 "  key_prefix TEXT NOT NULL," /* first characters, to recognise a key */
	 "  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	 "  created_at INTEGER NOT NULL,"
	 "  revoked_at INTEGER"
	 ");"
	 "CREATE UNIQUE INDEX open311_keys_name ON open311_keys(name) WHERE revoked_at IS NULL;"
	 "CREATE INDEX request_events_at ON request_events(at);"
	 "CREATE TABLE open311_requests ("
	 "  request_id INTEGER PRIMARY KEY REFERENCES requests(id),"
	 "  key_id INTEGER NOT NULL REFERENCES open311_keys(id),"
	 "  media_url TEXT"
	 ");"},
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int migrations_known(void)
{
	return migrations[N_MIGRATIONS - 1].version;
}

int migrations_current(store_conn *c)
{
	sqlite3_stmt *st = NULL;
	int v = 0;
	if (sqlite3_prepare_v2(c->db, "SELECT max(version) FROM schema_migrations", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static fq_status record(store_conn *c, const struct migration *m, fq_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(c->db,
				    "INSERT INTO schema_migrations(version, name, applied_at) "
				    "VALUES (?, ?, unixepoch())",
				    -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int(st, 1, m->version);
		sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FQ_OK : stmt_fail(c, rc, err);
}

fq_status migrations_apply(store_conn *c, fq_err *err)
{
	fq_status st = conn_exec(c,
				 "BEGIN IMMEDIATE;"
				 "CREATE TABLE IF NOT EXISTS schema_migrations ("
				 "  version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
				 "  applied_at INTEGER NOT NULL);",
				 err);
	if (st != FQ_OK)
		return st;
	int have = migrations_current(c);
	if (have > migrations_known()) {
		conn_exec(c, "ROLLBACK", NULL);
		return fq_fail(err, FQ_ECONFLICT, "db",
			       "the database has schema version %d but this fengqiao knows only up "
			       "to %d: run a newer fengqiao",
			       have, migrations_known());
	}
	for (int i = 0; i < N_MIGRATIONS && st == FQ_OK; i++) {
		if (migrations[i].version <= have)
			continue;
		st = conn_exec(c, migrations[i].sql, err);
		if (st == FQ_OK)
			st = record(c, &migrations[i], err);
		if (st != FQ_OK && err) {
			char why[FQ_ERR_MSG_MAX];
			snprintf(why, sizeof why, "%s", err->message);
			fq_fail(err, st, "db", "migration %d (%s) failed: %s", migrations[i].version,
				migrations[i].name, why);
		}
	}
	if (st != FQ_OK) {
		conn_exec(c, "ROLLBACK", NULL);
		return st;
	}
	return conn_exec(c, "COMMIT", err);
}
