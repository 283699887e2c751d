/*
 * migrations.c - the numbered schema migrations, embedded in the binary.
 * At open, every migration newer than the database's version is applied
 * inside one transaction and recorded in schema_migrations; a database
 * newer than the binary is refused. Append new migrations at the end;
 * never edit one that has shipped.
 */
#include "store/sqlite_int.h"

#include <stdio.h>

/* Migration 10's text index: the first segment of a path such as "5/9/"
 * ("5"; "" when there is none), the rest after it ("9/"), and the token
 * of a segment (see store_search.c, put_scope_token), after sep. */
#define FTS_PATH_HEAD(p) "substr(" p ", 1, instr(" p ", '/') - 1)"
#define FTS_PATH_TAIL(p) "substr(" p ", instr(" p ", '/') + 1)"
#define FTS_SCOPE_TOKEN(s, sep)                                                                \
	"CASE WHEN " s " = '' THEN '' ELSE '" sep "' || char(57344, 983040 + CAST(" s           \
	" AS INTEGER) / 65000, 983040 + CAST(" s " AS INTEGER) % 65000) END"

/* Migration 10: take request id out of the text index, or out of the
 * queue of requests still to be indexed (requests_fts_pending) when it is
 * there: the index must be told exactly what it holds. */
#define FTS_UNINDEX(id)                                                                        \
	"  INSERT INTO requests_fts(requests_fts, rowid, title, description, address, scope)"  \
	"  SELECT 'delete', * FROM requests_fts_source WHERE id = " id                          \
	"  AND NOT EXISTS (SELECT 1 FROM requests_fts_pending WHERE id = " id ");"              \
	"  DELETE FROM requests_fts_pending WHERE id = " id ";"

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
	/* migration 5: talents */
	{5, "talents: pools, members, skills, roles, declared relations, dispatched tasks",
	 "CREATE TABLE talent_pools ("
	 "  id INTEGER PRIMARY KEY,"
	 "  unit_id INTEGER NOT NULL UNIQUE REFERENCES units(id)," /* a community or village */
	 "  unit_path TEXT NOT NULL," /* that unit's path, for scope */
	 "  name TEXT NOT NULL,"
	 "  created_by INTEGER REFERENCES accounts(id),"
	 "  created_at INTEGER NOT NULL"
	 ");"
	 "CREATE TABLE talents ("
	 "  id INTEGER PRIMARY KEY,"
	 "  pool_id INTEGER NOT NULL REFERENCES talent_pools(id),"
	 "  person_id INTEGER NOT NULL REFERENCES persons(id),"
	 "  household_id INTEGER REFERENCES households(id)," /* the person's, for conflicts */
	 "  account_id INTEGER REFERENCES accounts(id)," /* to answer offers; NULL without one */
	 "  home_path TEXT NOT NULL," /* path of the home building (else the pool's unit): nearness */
	 "  enrolment TEXT NOT NULL CHECK (enrolment IN"
	 "    ('self_nomination','recommendation','election')),"
	 "  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN"
	 "    ('pending','approved','rejected','withdrawn')),"
	 "  title TEXT NOT NULL DEFAULT ''," /* 退休教师, 律师 ... */
	 "  note TEXT NOT NULL DEFAULT '',"
	 "  enrolled_by INTEGER REFERENCES accounts(id),"
	 "  decided_by INTEGER REFERENCES accounts(id)," /* approved or rejected by */
	 "  decided_at INTEGER,"
	 "  decision_note TEXT NOT NULL DEFAULT '',"
	 "  availability TEXT NOT NULL DEFAULT 'available' CHECK (availability IN"
	 "    ('available','busy','away')),"
	 "  available_until INTEGER," /* busy or away until (unix s); NULL: until changed */
	 "  capacity INTEGER NOT NULL DEFAULT 2 CHECK (capacity BETWEEN 1 AND 20)," /* tasks at once */
	 "  skill_mask INTEGER NOT NULL DEFAULT 0," /* talent_skills as bits, for the ranking */
	 "  role_mask INTEGER NOT NULL DEFAULT 0," /* talent_roles as bits */
	 "  open_tasks INTEGER NOT NULL DEFAULT 0," /* offered + accepted, kept with the tasks */
	 "  done_tasks INTEGER NOT NULL DEFAULT 0,"
	 "  rating_sum INTEGER NOT NULL DEFAULT 0,"
	 "  rating_count INTEGER NOT NULL DEFAULT 0,"
	 "  created_at INTEGER NOT NULL,"
	 "  updated_at INTEGER NOT NULL"
	 ");"
	 "CREATE UNIQUE INDEX talents_pool_person ON talents(pool_id, person_id);"
	 "CREATE INDEX talents_person ON talents(person_id);"
	 "CREATE INDEX talents_account ON talents(account_id) WHERE account_id IS NOT NULL;"
	 /* the suggestion query: approved members under a street, every
	  * column the ranking reads in the index */
	 "CREATE INDEX talents_rank ON talents(status, home_path, id, person_id, household_id,"
	 "  skill_mask, role_mask, capacity, open_tasks, rating_sum, rating_count,"
	 "  availability, available_until);"
	 "CREATE TABLE talent_skills ("
	 "  talent_id INTEGER NOT NULL REFERENCES talents(id),"
	 "  skill TEXT NOT NULL," /* law, psychology, ... (domain/talent.h) */
	 "  PRIMARY KEY (talent_id, skill)"
	 ") WITHOUT ROWID;"
	 "CREATE INDEX talent_skills_skill ON talent_skills(skill, talent_id);"
	 "CREATE TABLE talent_roles ("
	 "  talent_id INTEGER NOT NULL REFERENCES talents(id),"
	 "  role TEXT NOT NULL," /* publicist 宣传员, informant 信息员, mediator 调解员, ... */
	 "  PRIMARY KEY (talent_id, role)"
	 ") WITHOUT ROWID;"
	 "CREATE TABLE talent_relations ("
	 "  id INTEGER PRIMARY KEY,"
	 "  talent_id INTEGER NOT NULL REFERENCES talents(id),"
	 "  person_id INTEGER REFERENCES persons(id),"
	 "  household_id INTEGER REFERENCES households(id),"
	 "  relation TEXT NOT NULL," /* 亲属, 同事, 债务 ... as declared */
	 "  created_at INTEGER NOT NULL,"
	 "  CHECK (person_id IS NOT NULL OR household_id IS NOT NULL)"
	 ");"
	 "CREATE INDEX talent_relations_talent ON talent_relations(talent_id);"
	 "CREATE INDEX talent_relations_person ON talent_relations(person_id, talent_id)"
	 "  WHERE person_id IS NOT NULL;"
	 "CREATE INDEX talent_relations_household ON talent_relations(household_id, talent_id)"
	 "  WHERE household_id IS NOT NULL;"
	 "CREATE TABLE talent_tasks ("
	 "  id INTEGER PRIMARY KEY,"
	 "  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('request','dispute','topic')),"
	 "  subject_id INTEGER NOT NULL,"
	 "  unit_path TEXT NOT NULL," /* the subject's unit path, for scope */
	 "  talent_id INTEGER NOT NULL REFERENCES talents(id),"
	 "  state TEXT NOT NULL CHECK (state IN"
	 "    ('offered','accepted','declined','expired','done','cancelled')),"
	 "  note TEXT NOT NULL DEFAULT ''," /* what the coordinator asks */
	 "  offered_at INTEGER NOT NULL,"
	 "  answer_within_s INTEGER NOT NULL," /* kept for the next offer of the chain */
	 "  answer_by INTEGER NOT NULL,"
	 "  answered_at INTEGER,"
	 "  answer_note TEXT NOT NULL DEFAULT ''," /* a decline's reason */
	 "  done_at INTEGER,"
	 "  outcome TEXT,"
	 "  rating INTEGER CHECK (rating BETWEEN 1 AND 5),"
	 "  rated_at INTEGER,"
	 "  coordinator_account_id INTEGER NOT NULL REFERENCES accounts(id),"
	 "  chain INTEGER NOT NULL DEFAULT 1," /* 1 sent by hand; n: the (n-1)th passed on */
	 "  rank INTEGER NOT NULL," /* the suggestion's rank when offered */
	 "  score REAL NOT NULL,"
	 "  reason_codes TEXT NOT NULL DEFAULT ''," /* snapshot: codes, comma separated */
	 "  reasons TEXT NOT NULL DEFAULT ''," /* snapshot: the Chinese texts, '；' separated */
	 "  created_at INTEGER NOT NULL,"
	 "  updated_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX talent_tasks_subject ON talent_tasks(subject_kind, subject_id, id);"
	 "CREATE INDEX talent_tasks_talent ON talent_tasks(talent_id, state, id);"
	 "CREATE INDEX talent_tasks_scope ON talent_tasks(unit_path, id);"
	 /* the sweeper's queue: only offers waiting for an answer */
	 "CREATE INDEX talent_tasks_answer_by ON talent_tasks(answer_by, id) WHERE state = 'offered';"
	 /* a counter moved by every change of a member, so that read
	  * connections may keep the ranking's candidates between requests */
	 "CREATE TABLE talent_version (id INTEGER PRIMARY KEY CHECK (id = 1), v INTEGER NOT NULL);"
	 "INSERT INTO talent_version(id, v) VALUES (1, 0);"
	 "CREATE TRIGGER talents_version_ins AFTER INSERT ON talents BEGIN"
	 "  UPDATE talent_version SET v = v + 1 WHERE id = 1;"
	 "END;"
	 "CREATE TRIGGER talents_version_upd AFTER UPDATE ON talents BEGIN"
	 "  UPDATE talent_version SET v = v + 1 WHERE id = 1;"
	 "END;"
	 "CREATE TRIGGER talents_version_del AFTER DELETE ON talents BEGIN"
	 "  UPDATE talent_version SET v = v + 1 WHERE id = 1;"
	 "END;"},
	/* end migration 5 */
	/* migration 6: disputes */
	{6, "disputes: cases, parties, mediators, timeline, sessions, agreement, signatures, follow-ups, case file, counters",
	 "CREATE TABLE disputes ("
	 "  id INTEGER PRIMARY KEY,"
	 "  number TEXT NOT NULL UNIQUE," /* TJ20261123000123 */
	 "  unit_id INTEGER NOT NULL REFERENCES units(id)," /* where it is handled now */
	 "  unit_path TEXT NOT NULL," /* that unit's path, for scope */
	 "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5)," /* the dispute ladder */
	 "  state TEXT NOT NULL CHECK (state IN ('registered','consent','mediating',"
	 "    'agreement_signed','reconciled','failed','refused','closed')),"
	 "  request_id INTEGER REFERENCES requests(id)," /* when it came from a request */
	 "  type TEXT NOT NULL," /* family, neighbour, property, labour, ... */
	 "  source TEXT NOT NULL CHECK (source IN ('party_application','own_initiative',"
	 "    'police_transfer','court_entrusted','government_assigned')),"
	 "  title TEXT NOT NULL,"
	 "  facts TEXT NOT NULL,"
	 "  claims TEXT NOT NULL DEFAULT '',"
	 "  outcome TEXT," /* at the end: agreement, reconciled, failed, refused */
	 "  close_reason TEXT,"
	 "  level_due INTEGER," /* unix s: the current level's limit */
	 "  target_due INTEGER NOT NULL," /* unix s: closed within 30 days */
	 "  reminded_at INTEGER," /* last level reminder by the sweeper */
	 "  escalations INTEGER NOT NULL DEFAULT 0,"
	 "  effective_at INTEGER," /* the agreement took effect */
	 "  judicial_end INTEGER," /* YYYYMMDD: last day to apply for judicial confirmation */
	 "  judicial_state TEXT NOT NULL DEFAULT 'none' CHECK (judicial_state IN"
	 "    ('none','applied','confirmed','refused')),"
	 "  judicial_at INTEGER,"
	 "  judicial_reminded_at INTEGER,"
	 "  created_by INTEGER REFERENCES accounts(id),"
	 "  created_at INTEGER NOT NULL,"
	 "  updated_at INTEGER NOT NULL,"
	 "  closed_at INTEGER"
	 ");"
	 "CREATE INDEX disputes_scope ON disputes(unit_path, id);"
	 "CREATE INDEX disputes_state ON disputes(state, id);"
	 "CREATE INDEX disputes_request ON disputes(request_id) WHERE request_id IS NOT NULL;"
	 "CREATE INDEX disputes_level_due ON disputes(level_due)"
	 "  WHERE state IN ('registered','consent','mediating');"
	 "CREATE INDEX disputes_judicial_end ON disputes(judicial_end)"
	 "  WHERE state IN ('agreement_signed','closed') AND judicial_state = 'none';"
	 "CREATE TABLE dispute_parties ("
	 "  id INTEGER PRIMARY KEY,"
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  person_id INTEGER REFERENCES persons(id)," /* NULL for an outside party */
	 "  household_id INTEGER REFERENCES households(id),"
	 "  name TEXT NOT NULL,"
	 "  phone TEXT,"
	 "  role TEXT NOT NULL CHECK (role IN ('applicant','respondent','third_party')),"
	 "  address TEXT NOT NULL DEFAULT '',"
	 "  consent TEXT NOT NULL DEFAULT 'pending' CHECK (consent IN ('pending','agreed','refused')),"
	 "  consent_at INTEGER,"
	 "  consent_note TEXT NOT NULL DEFAULT ''"
	 ");"
	 "CREATE INDEX dispute_parties_dispute ON dispute_parties(dispute_id, id);"
	 "CREATE INDEX dispute_parties_person ON dispute_parties(person_id) WHERE person_id IS NOT NULL;"
	 "CREATE INDEX dispute_parties_household ON dispute_parties(household_id)"
	 "  WHERE household_id IS NOT NULL;"
	 "CREATE TABLE dispute_mediators ("
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	 "  lead INTEGER NOT NULL DEFAULT 0,"
	 "  added_at INTEGER NOT NULL DEFAULT (unixepoch()),"
	 "  PRIMARY KEY (dispute_id, account_id)"
	 ") WITHOUT ROWID;"
	 "CREATE INDEX dispute_mediators_account ON dispute_mediators(account_id, dispute_id);"
	 "CREATE TABLE dispute_events ("
	 "  id INTEGER PRIMARY KEY,"
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  at INTEGER NOT NULL,"
	 "  actor_account_id INTEGER," /* NULL: the system (sweeper) */
	 "  event TEXT NOT NULL,"
	 "  old_state TEXT, new_state TEXT NOT NULL,"
	 "  old_level INTEGER, new_level INTEGER NOT NULL,"
	 "  note TEXT NOT NULL DEFAULT ''"
	 ");"
	 "CREATE INDEX dispute_events_dispute ON dispute_events(dispute_id, id);"
	 "CREATE TABLE dispute_sessions ("
	 "  id INTEGER PRIMARY KEY,"
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  at INTEGER NOT NULL," /* when the session was held */
	 "  place TEXT NOT NULL,"
	 "  mediators TEXT NOT NULL,"
	 "  attendees TEXT NOT NULL,"
	 "  record TEXT NOT NULL,"
	 "  account_id INTEGER,"
	 "  created_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX dispute_sessions_dispute ON dispute_sessions(dispute_id, at);"
	 "CREATE TABLE dispute_agreements ("
	 "  dispute_id INTEGER PRIMARY KEY REFERENCES disputes(id),"
	 "  facts TEXT NOT NULL,"
	 "  points TEXT NOT NULL," /* points in dispute */
	 "  responsibilities TEXT NOT NULL,"
	 "  created_at INTEGER NOT NULL,"
	 "  updated_at INTEGER NOT NULL"
	 ");"
	 "CREATE TABLE dispute_terms ("
	 "  id INTEGER PRIMARY KEY,"
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  seq INTEGER NOT NULL,"
	 "  text TEXT NOT NULL,"
	 "  deadline INTEGER," /* YYYYMMDD */
	 "  performed INTEGER NOT NULL DEFAULT 0,"
	 "  performed_at INTEGER"
	 ");"
	 "CREATE INDEX dispute_terms_dispute ON dispute_terms(dispute_id, seq);"
	 "CREATE TABLE dispute_signatures ("
	 "  id INTEGER PRIMARY KEY,"
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  signer TEXT NOT NULL CHECK (signer IN ('party','mediator')),"
	 "  party_id INTEGER REFERENCES dispute_parties(id),"
	 "  account_id INTEGER REFERENCES accounts(id)," /* the mediator, or who recorded it */
	 "  name TEXT NOT NULL,"
	 "  method TEXT NOT NULL CHECK (method IN ('sign','seal','thumbprint')),"
	 "  at INTEGER NOT NULL"
	 ");"
	 "CREATE UNIQUE INDEX dispute_signatures_party ON dispute_signatures(dispute_id, party_id)"
	 "  WHERE signer = 'party';"
	 "CREATE UNIQUE INDEX dispute_signatures_mediator ON dispute_signatures(dispute_id)"
	 "  WHERE signer = 'mediator';"
	 "CREATE TABLE dispute_followups ("
	 "  id INTEGER PRIMARY KEY,"
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  at INTEGER NOT NULL,"
	 "  account_id INTEGER,"
	 "  performance TEXT NOT NULL CHECK (performance IN ('full','partial','none')),"
	 "  note TEXT NOT NULL DEFAULT ''"
	 ");"
	 "CREATE INDEX dispute_followups_dispute ON dispute_followups(dispute_id, at);"
	 "CREATE TABLE dispute_documents ("
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  code TEXT NOT NULL," /* intake, rights_notice, identity, ... */
	 "  present INTEGER NOT NULL DEFAULT 0,"
	 "  note TEXT NOT NULL DEFAULT '',"
	 "  mime TEXT, bytes INTEGER, path TEXT," /* an uploaded file, under data_dir */
	 "  account_id INTEGER,"
	 "  updated_at INTEGER NOT NULL,"
	 "  PRIMARY KEY (dispute_id, code)"
	 ") WITHOUT ROWID;"
	 /* metric counters, kept in the same transaction as the events: one
	  * row per (unit, dim, day); unit is every ancestor-or-self of the
	  * handling unit and 0 for the deployment; dim '' (all) or 't:<type>' */
	 "CREATE TABLE dispute_counters ("
	 "  unit_id INTEGER NOT NULL,"
	 "  dim TEXT NOT NULL,"
	 "  day INTEGER NOT NULL,"
	 "  registered INTEGER NOT NULL DEFAULT 0,"
	 "  refused INTEGER NOT NULL DEFAULT 0,"
	 "  escalated INTEGER NOT NULL DEFAULT 0,"
	 "  signed INTEGER NOT NULL DEFAULT 0,"
	 "  closed INTEGER NOT NULL DEFAULT 0,"
	 "  resolved INTEGER NOT NULL DEFAULT 0," /* closed with agreement or reconciliation */
	 "  failed INTEGER NOT NULL DEFAULT 0,"
	 "  closed_on_time INTEGER NOT NULL DEFAULT 0,"
	 "  judicial_applied INTEGER NOT NULL DEFAULT 0,"
	 "  judicial_confirmed INTEGER NOT NULL DEFAULT 0,"
	 "  PRIMARY KEY (unit_id, dim, day)"
	 ") WITHOUT ROWID;"},
	/* end migration 6 */
	/* migration 7: mediation */
	{7, "mediation: party links and sessions, message threads, attachments, read marks",
	 "CREATE TABLE mediation_links ("
	 "  id INTEGER PRIMARY KEY,"
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  party_id INTEGER NOT NULL REFERENCES dispute_parties(id),"
	 "  token_hash BLOB NOT NULL UNIQUE," /* keyed BLAKE2b of the token; the token is never kept */
	 "  created_by INTEGER NOT NULL REFERENCES accounts(id),"
	 "  created_at INTEGER NOT NULL,"
	 "  expires_at INTEGER NOT NULL,"
	 "  revoked_at INTEGER,"
	 "  revoked_by INTEGER REFERENCES accounts(id),"
	 "  last_used_at INTEGER"
	 ");"
	 "CREATE INDEX mediation_links_dispute ON mediation_links(dispute_id, id);"
	 "CREATE TABLE mediation_party_sessions ("
	 "  token_hash BLOB PRIMARY KEY,"
	 "  link_id INTEGER NOT NULL REFERENCES mediation_links(id),"
	 "  csrf TEXT NOT NULL,"
	 "  created_at INTEGER NOT NULL,"
	 "  expires_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX mediation_party_sessions_expires ON mediation_party_sessions(expires_at);"
	 "CREATE TABLE mediation_messages ("
	 "  id INTEGER PRIMARY KEY,"
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  party_id INTEGER REFERENCES dispute_parties(id)," /* a party speaking */
	 "  account_id INTEGER REFERENCES accounts(id)," /* staff, or the resident party's account */
	 "  link_id INTEGER REFERENCES mediation_links(id)," /* the link a party came through */
	 "  body TEXT NOT NULL,"
	 "  created_at INTEGER NOT NULL,"
	 "  retracted_at INTEGER," /* marked by its author; the body is kept */
	 "  CHECK (party_id IS NOT NULL OR account_id IS NOT NULL)"
	 ");"
	 "CREATE INDEX mediation_messages_dispute ON mediation_messages(dispute_id, id);"
	 "CREATE TABLE mediation_attachments ("
	 "  id INTEGER PRIMARY KEY,"
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  message_id INTEGER NOT NULL REFERENCES mediation_messages(id),"
	 "  file_name TEXT NOT NULL,"
	 "  mime TEXT NOT NULL," /* by magic bytes: JPEG, PNG, WebP, PDF */
	 "  bytes INTEGER NOT NULL,"
	 "  width INTEGER, height INTEGER,"
	 "  data BLOB NOT NULL," /* images without their metadata */
	 "  thumb BLOB," /* JPEG thumbnail of an image */
	 "  created_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX mediation_attachments_message ON mediation_attachments(message_id);"
	 "CREATE INDEX mediation_attachments_dispute ON mediation_attachments(dispute_id, id);"
	 "CREATE TABLE mediation_reads ("
	 "  dispute_id INTEGER NOT NULL REFERENCES disputes(id),"
	 "  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	 "  last_message_id INTEGER NOT NULL,"
	 "  read_at INTEGER NOT NULL,"
	 "  PRIMARY KEY (dispute_id, account_id)"
	 ") WITHOUT ROWID;"
	 /* everything said is kept: no delete, and only the retraction mark changes */
	 "CREATE TRIGGER mediation_messages_no_delete BEFORE DELETE ON mediation_messages BEGIN"
	 "  SELECT RAISE(ABORT, 'mediation messages are kept');"
	 "END;"
	 "CREATE TRIGGER mediation_messages_no_edit BEFORE UPDATE OF"
	 "  dispute_id, party_id, account_id, link_id, body, created_at ON mediation_messages BEGIN"
	 "  SELECT RAISE(ABORT, 'mediation messages are kept');"
	 "END;"
	 "CREATE TRIGGER mediation_attachments_no_delete BEFORE DELETE ON mediation_attachments BEGIN"
	 "  SELECT RAISE(ABORT, 'mediation attachments are kept');"
	 "END;"},
	/* end migration 7 */
	/* migration 8: councils */
	{8, "councils: topics, proposal supports, meetings, agenda, votes, ballots, resolutions, tasks",
	 "CREATE TABLE council_thresholds ("
	 "  unit_id INTEGER PRIMARY KEY REFERENCES units(id)," /* community, village or street */
	 "  supports INTEGER NOT NULL CHECK (supports >= 1)" /* supports a proposal needs */
	 ");"
	 "CREATE TABLE council_topics ("
	 "  id INTEGER PRIMARY KEY,"
	 "  unit_id INTEGER NOT NULL REFERENCES units(id)," /* community, village or street */
	 "  unit_path TEXT NOT NULL," /* the unit's path, for scope */
	 "  title TEXT NOT NULL,"
	 "  body TEXT NOT NULL DEFAULT '',"
	 "  source TEXT NOT NULL CHECK (source IN ('request','proposal','staff')),"
	 "  request_id INTEGER REFERENCES requests(id)," /* source 'request' */
	 "  proposer_person_id INTEGER REFERENCES persons(id)," /* for conflicts of interest */
	 "  proposer_account_id INTEGER REFERENCES accounts(id),"
	 "  state TEXT NOT NULL CHECK (state IN"
	 "    ('proposed','supporting','on_agenda','deliberated','decided','dropped')),"
	 "  threshold INTEGER NOT NULL DEFAULT 0," /* supports needed, fixed at creation (proposals) */
	 "  supports INTEGER NOT NULL DEFAULT 0,"
	 "  created_at INTEGER NOT NULL,"
	 "  updated_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX council_topics_scope ON council_topics(unit_path, id);"
	 "CREATE INDEX council_topics_state ON council_topics(state, id);"
	 "CREATE TABLE council_supports ("
	 "  topic_id INTEGER NOT NULL REFERENCES council_topics(id),"
	 "  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	 "  at INTEGER NOT NULL,"
	 "  PRIMARY KEY (topic_id, account_id)" /* one support per resident account */
	 ") WITHOUT ROWID;"
	 "CREATE TABLE council_topic_events ("
	 "  id INTEGER PRIMARY KEY,"
	 "  topic_id INTEGER NOT NULL REFERENCES council_topics(id),"
	 "  at INTEGER NOT NULL,"
	 "  actor_account_id INTEGER," /* NULL: reached by the rule (threshold, vote) */
	 "  event TEXT NOT NULL,"
	 "  old_state TEXT, new_state TEXT NOT NULL,"
	 "  note TEXT NOT NULL DEFAULT ''"
	 ");"
	 "CREATE INDEX council_topic_events_topic ON council_topic_events(topic_id, id);"
	 "CREATE TABLE council_meetings ("
	 "  id INTEGER PRIMARY KEY,"
	 "  unit_id INTEGER NOT NULL REFERENCES units(id),"
	 "  unit_path TEXT NOT NULL,"
	 "  title TEXT NOT NULL,"
	 "  kind TEXT NOT NULL CHECK (kind IN ('council','round_table'))," /* 议事会, 幸福圆桌会 */
	 "  starts_at INTEGER NOT NULL,"
	 "  place TEXT NOT NULL DEFAULT '',"
	 "  state TEXT NOT NULL CHECK (state IN ('scheduled','open','closed')),"
	 "  created_by INTEGER REFERENCES accounts(id),"
	 "  opened_at INTEGER, closed_at INTEGER,"
	 "  created_at INTEGER NOT NULL,"
	 "  updated_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX council_meetings_scope ON council_meetings(unit_path, starts_at);"
	 "CREATE TABLE council_participants ("
	 "  id INTEGER PRIMARY KEY,"
	 "  meeting_id INTEGER NOT NULL REFERENCES council_meetings(id),"
	 "  kind TEXT NOT NULL CHECK (kind IN"
	 "    ('talent','resident_rep','department','property_company','staff')),"
	 "  talent_id INTEGER," /* talents.id (migration 5) when kind is 'talent' */
	 "  account_id INTEGER REFERENCES accounts(id)," /* NULL: votes on paper */
	 "  name TEXT NOT NULL," /* display name shown with the role */
	 "  can_vote INTEGER NOT NULL DEFAULT 1 CHECK (can_vote IN (0,1)),"
	 "  created_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX council_participants_meeting ON council_participants(meeting_id, id);"
	 "CREATE UNIQUE INDEX council_participants_account ON council_participants(meeting_id, account_id)"
	 "  WHERE account_id IS NOT NULL;"
	 "CREATE INDEX council_participants_by_account ON council_participants(account_id)"
	 "  WHERE account_id IS NOT NULL;"
	 "CREATE TABLE council_items ("
	 "  id INTEGER PRIMARY KEY,"
	 "  meeting_id INTEGER NOT NULL REFERENCES council_meetings(id),"
	 "  topic_id INTEGER NOT NULL REFERENCES council_topics(id),"
	 "  position INTEGER NOT NULL,"
	 "  minutes TEXT NOT NULL DEFAULT '',"
	 "  UNIQUE (meeting_id, topic_id),"
	 "  UNIQUE (meeting_id, position)"
	 ");"
	 "CREATE INDEX council_items_topic ON council_items(topic_id);"
	 "CREATE TABLE council_opinions ("
	 "  id INTEGER PRIMARY KEY,"
	 "  item_id INTEGER NOT NULL REFERENCES council_items(id),"
	 "  participant_id INTEGER NOT NULL REFERENCES council_participants(id),"
	 "  text TEXT NOT NULL,"
	 "  recorded_by INTEGER REFERENCES accounts(id),"
	 "  at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX council_opinions_item ON council_opinions(item_id, id);"
	 "CREATE TABLE council_votes ("
	 "  id INTEGER PRIMARY KEY,"
	 "  meeting_id INTEGER NOT NULL REFERENCES council_meetings(id),"
	 "  item_id INTEGER REFERENCES council_items(id)," /* NULL: a motion of the meeting */
	 "  motion TEXT NOT NULL,"
	 "  secret INTEGER NOT NULL CHECK (secret IN (0,1)),"
	 "  quorum_num INTEGER NOT NULL," /* quorum: voted >= eligible * num / den */
	 "  quorum_den INTEGER NOT NULL CHECK (quorum_den >= 1 AND quorum_num BETWEEN 0 AND quorum_den),"
	 "  majority TEXT NOT NULL CHECK (majority IN ('simple','absolute')),"
	 "  state TEXT NOT NULL CHECK (state IN ('open','closed')),"
	 "  eligible INTEGER NOT NULL," /* participants with a vote, fixed at opening */
	 "  voted INTEGER, yes INTEGER, no INTEGER, abstain INTEGER," /* set at closing */
	 "  quorum_met INTEGER, passed INTEGER, outcome TEXT,"
	 "  opened_by INTEGER REFERENCES accounts(id),"
	 "  opened_at INTEGER NOT NULL, closed_at INTEGER"
	 ");"
	 "CREATE INDEX council_votes_meeting ON council_votes(meeting_id, id);"
	 /* results are final: a closed vote never changes, and takes no ballot */
	 "CREATE TRIGGER council_votes_final BEFORE UPDATE ON council_votes"
	 "  WHEN old.state = 'closed' BEGIN SELECT RAISE(ABORT, 'vote closed'); END;"
	 "CREATE TRIGGER council_votes_keep BEFORE DELETE ON council_votes"
	 "  BEGIN SELECT RAISE(ABORT, 'votes are kept'); END;"
	 /* who has voted: one row per participant and vote, with no choice */
	 "CREATE TABLE council_voters ("
	 "  vote_id INTEGER NOT NULL REFERENCES council_votes(id),"
	 "  participant_id INTEGER NOT NULL REFERENCES council_participants(id),"
	 "  recorded_by INTEGER REFERENCES accounts(id)," /* staff for a paper ballot, else the voter */
	 "  PRIMARY KEY (vote_id, participant_id)"
	 ") WITHOUT ROWID;"
	 /* the choices: an open ballot keyed by its participant; a secret one by a
	  * random key and with no participant, in a table without insertion order */
	 "CREATE TABLE council_ballots ("
	 "  vote_id INTEGER NOT NULL REFERENCES council_votes(id),"
	 "  ballot_key INTEGER NOT NULL," /* participant id (open) or random (secret) */
	 "  participant_id INTEGER REFERENCES council_participants(id)," /* NULL when secret */
	 "  choice TEXT NOT NULL CHECK (choice IN ('yes','no','abstain')),"
	 "  PRIMARY KEY (vote_id, ballot_key)"
	 ") WITHOUT ROWID;"
	 "CREATE TRIGGER council_ballots_open BEFORE INSERT ON council_ballots"
	 "  WHEN (SELECT state FROM council_votes WHERE id = new.vote_id) != 'open'"
	 "  BEGIN SELECT RAISE(ABORT, 'vote closed'); END;"
	 "CREATE TRIGGER council_ballots_final BEFORE UPDATE ON council_ballots"
	 "  BEGIN SELECT RAISE(ABORT, 'ballots are final'); END;"
	 "CREATE TRIGGER council_ballots_keep BEFORE DELETE ON council_ballots"
	 "  BEGIN SELECT RAISE(ABORT, 'ballots are kept'); END;"
	 "CREATE TABLE council_resolutions ("
	 "  id INTEGER PRIMARY KEY,"
	 "  vote_id INTEGER NOT NULL UNIQUE REFERENCES council_votes(id)," /* a passed vote */
	 "  meeting_id INTEGER NOT NULL REFERENCES council_meetings(id),"
	 "  topic_id INTEGER REFERENCES council_topics(id),"
	 "  unit_path TEXT NOT NULL,"
	 "  text TEXT NOT NULL,"
	 "  created_by INTEGER REFERENCES accounts(id),"
	 "  created_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX council_resolutions_scope ON council_resolutions(unit_path, id);"
	 "CREATE TABLE council_tasks ("
	 "  id INTEGER PRIMARY KEY,"
	 "  resolution_id INTEGER NOT NULL REFERENCES council_resolutions(id),"
	 "  parent_id INTEGER REFERENCES council_tasks(id),"
	 "  unit_path TEXT NOT NULL," /* the resolution's, for scope */
	 "  title TEXT NOT NULL,"
	 "  owner_account_id INTEGER REFERENCES accounts(id),"
	 "  owner_unit_id INTEGER REFERENCES units(id),"
	 "  deadline INTEGER NOT NULL,"
	 "  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
	 "  state TEXT NOT NULL CHECK (state IN ('open','done')),"
	 "  children INTEGER NOT NULL DEFAULT 0," /* a parent's progress comes from them */
	 "  card TEXT NOT NULL DEFAULT 'none' CHECK (card IN ('none','normal','yellow','red')),"
	 "  card_due INTEGER,"
	 "  card_note TEXT NOT NULL DEFAULT '',"
	 "  overdue_at INTEGER," /* set by the sweeper when the deadline passed */
	 "  done_at INTEGER,"
	 "  created_at INTEGER NOT NULL,"
	 "  updated_at INTEGER NOT NULL,"
	 "  CHECK (owner_account_id IS NOT NULL OR owner_unit_id IS NOT NULL)"
	 ");"
	 "CREATE INDEX council_tasks_resolution ON council_tasks(resolution_id, id);"
	 "CREATE INDEX council_tasks_parent ON council_tasks(parent_id) WHERE parent_id IS NOT NULL;"
	 "CREATE INDEX council_tasks_due ON council_tasks(deadline) WHERE state = 'open';"
	 "CREATE INDEX council_tasks_owner ON council_tasks(owner_account_id)"
	 "  WHERE owner_account_id IS NOT NULL;"
	 "CREATE TABLE council_task_updates ("
	 "  id INTEGER PRIMARY KEY,"
	 "  task_id INTEGER NOT NULL REFERENCES council_tasks(id),"
	 "  at INTEGER NOT NULL,"
	 "  account_id INTEGER," /* NULL: the system (roll-up, sweeper) */
	 "  event TEXT NOT NULL," /* progress, supervise, overdue, rollup */
	 "  progress INTEGER,"
	 "  note TEXT NOT NULL DEFAULT ''"
	 ");"
	 "CREATE INDEX council_task_updates_task ON council_task_updates(task_id, id);"},
	/* end migration 8 */
	{9, "indexes of the ladder's account lookups",
	 /* store_req_ladder finds a household's 邻长 account by person and a
	  * unit's grid worker or duty officer by (unit, role); without these
	  * every intake and escalation scanned all accounts. IF NOT EXISTS:
	  * benchmark databases made before this migration added them by hand. */
	 "CREATE INDEX IF NOT EXISTS accounts_person ON accounts(person_id)"
	 "  WHERE person_id IS NOT NULL;"
	 "CREATE INDEX IF NOT EXISTS account_roles_unit ON account_roles(unit_id, role);"},
	{10, "text index with the units of each request, and its term list",
	 /* The text index of migration 2 knew only the text, so a search
	  * within one community walked the matches of the whole deployment
	  * and looked each row up to test its unit. Now each entry also
	  * holds the units of its unit_path (street, community, grid; at
	  * most four segments are read) as tokens: U+E000 and two characters
	  * from U+F0000 spelling the unit id, one trigram each, which no
	  * typed text holds (store_search.c, put_scope_token), so FTS5
	  * itself keeps to a scope. Each text ends in U+E001, so every
	  * two-character word is the start of some trigram: a two-character
	  * query is the trigrams that start with it, read from the term list
	  * requests_fts_terms. The index holds no copy of the text
	  * (content=''); requests_fts_source is the one place its values are
	  * spelled, for the triggers and for the refill below. A new or
	  * changed request is queued in requests_fts_pending and indexed when
	  * its group commit ends (store_search_index_pending): FTS5 writes out
	  * what it holds at every savepoint, and each transaction of a group
	  * runs in one, so indexing in the trigger wrote a segment per
	  * request. */
	 "DROP TRIGGER requests_fts_ai;"
	 "DROP TRIGGER requests_fts_ad;"
	 "DROP TRIGGER requests_fts_au;"
	 "DROP TABLE requests_fts;"
	 "CREATE VIEW requests_fts_source(id, title, description, address, scope) AS"
	 "  SELECT id, t, d, a, " FTS_SCOPE_TOKEN("s1", "")
	 "  || " FTS_SCOPE_TOKEN("s2", " ") " || " FTS_SCOPE_TOKEN("s3", " ")
	 "  || " FTS_SCOPE_TOKEN("s4", " ")
	 "  FROM (SELECT id, t, d, a, s1, s2, s3, " FTS_PATH_HEAD("p3") " AS s4"
	 "  FROM (SELECT id, t, d, a, s1, s2, " FTS_PATH_HEAD("p2") " AS s3,"
	 "   " FTS_PATH_TAIL("p2") " AS p3"
	 "  FROM (SELECT id, t, d, a, s1, " FTS_PATH_HEAD("p1") " AS s2,"
	 "   " FTS_PATH_TAIL("p1") " AS p2"
	 "  FROM (SELECT id, ifnull(title, '') || char(57345) AS t,"
	 "   ifnull(description, '') || char(57345) AS d,"
	 "   ifnull(address, '') || char(57345) AS a,"
	 "   " FTS_PATH_HEAD("substr(unit_path, 2)") " AS s1,"
	 "   " FTS_PATH_TAIL("substr(unit_path, 2)") " AS p1 FROM requests))));"
	 "CREATE VIRTUAL TABLE requests_fts USING fts5("
	 "  title, description, address, scope, content='', tokenize='trigram');"
	 "CREATE VIRTUAL TABLE requests_fts_terms USING fts5vocab(requests_fts, 'instance');"
	 "CREATE TABLE requests_fts_pending(id INTEGER PRIMARY KEY);"
	 "CREATE TRIGGER requests_fts_ai AFTER INSERT ON requests BEGIN"
	 "  INSERT INTO requests_fts_pending(id) VALUES (new.id);"
	 "END;"
	 "CREATE TRIGGER requests_fts_bd BEFORE DELETE ON requests BEGIN"
	 FTS_UNINDEX("old.id")
	 "END;"
	 "CREATE TRIGGER requests_fts_bu BEFORE UPDATE OF title, description, address,"
	 "  unit_path ON requests BEGIN"
	 FTS_UNINDEX("old.id")
	 "END;"
	 "CREATE TRIGGER requests_fts_au AFTER UPDATE OF title, description, address,"
	 "  unit_path ON requests BEGIN"
	 "  INSERT OR IGNORE INTO requests_fts_pending(id) VALUES (new.id);"
	 "END;"
	 "INSERT INTO requests_fts(rowid, title, description, address, scope)"
	 "  SELECT * FROM requests_fts_source;"
	 /* one segment rather than the many levels a bulk insert leaves:
	  * every query of the index visits each segment */
	 "INSERT INTO requests_fts(requests_fts) VALUES ('optimize');"},
	{11, "requests assigned to and typed by an account, by unit",
	 /* store_search.c walks a staff member's assignments and typed
	  * requests outside their own units only (outside_sources): a range
	  * of these indexes each */
	 "CREATE INDEX requests_assignee_unit ON requests(assignee_account_id, unit_path);"
	 "CREATE INDEX requests_reporter_account_unit ON requests(reporter_account_id, unit_path)"
	 "  WHERE reporter_account_id IS NOT NULL;"},
	{12, "possible duplicates by household, building and cell, among open requests",
	 /* store_req_duplicates reads each place's open requests newest first
	  * and stops at the few it shows. Before, one statement walked every
	  * request of the window (or, without statistics, the whole table
	  * from its first row) and tested the place of each: a storm of
	  * reports about one place, and every day of history, made each
	  * intake slower. dup_cell is the cell of the point, 1/200 degree a
	  * side (store_requests.c, cell_lat and cell_lon, computes the same);
	  * only open requests are indexed, so merged and closed ones leave
	  * the ranges. */
	 "ALTER TABLE requests ADD COLUMN dup_cell INTEGER GENERATED ALWAYS AS ("
	 "  CAST((lat + 90.0) * 200 AS INTEGER) * 100000 + CAST((lon + 180.0) * 200 AS INTEGER))"
	 "  VIRTUAL;"
	 "CREATE INDEX requests_dup_household ON requests(household_id, category_id, created_at)"
	 "  WHERE state NOT IN ('closed', 'rejected', 'merged');"
	 "CREATE INDEX requests_dup_building ON requests(building_id, category_id, created_at)"
	 "  WHERE state NOT IN ('closed', 'rejected', 'merged');"
	 /* lat and lon in the cell's index: a cell is wider than the box,
	  * and its rows outside the box are passed over without reading them */
	 "CREATE INDEX requests_dup_cell ON requests(category_id, dup_cell, created_at, lat, lon)"
	 "  WHERE state NOT IN ('closed', 'rejected', 'merged');"
	 /* The columns that refer to requests, indexed as SQLite asks of a
	  * foreign key's child: without them an insert into requests inside a
	  * trigger compiled a scan of requests and council_topics, the
	  * admin's key list counted every Open311 request per key, and the
	  * webhook list built an index of all deliveries each time. */
	 "CREATE INDEX requests_merged_into ON requests(merged_into) WHERE merged_into IS NOT NULL;"
	 "CREATE INDEX council_topics_request ON council_topics(request_id)"
	 "  WHERE request_id IS NOT NULL;"
	 "CREATE INDEX open311_requests_key ON open311_requests(key_id);"
	 /* the webhook list counts each hook's deliveries */
	 "CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, status);"},
	{13, "the indexes of open requests without a list of states",
	 /* An IN list of three or more constants is evaluated with a small
	  * temporary b-tree built afresh by every statement that evaluates
	  * it: every insert into requests, and every update of one, built
	  * four of them to decide whether the row belongs in these partial
	  * indexes. The same sets spelled as comparisons (SQL_REQ_OPEN in
	  * sqlite_int.h; a request is open unless closed, rejected or
	  * merged) cost nothing. */
	 "DROP INDEX requests_open_scope;"
	 "CREATE INDEX requests_open_scope ON requests(unit_path)"
	 "  WHERE state <> 'closed' AND state <> 'rejected' AND state <> 'merged';"
	 "DROP INDEX requests_dup_household;"
	 "CREATE INDEX requests_dup_household ON requests(household_id, category_id, created_at)"
	 "  WHERE state <> 'closed' AND state <> 'rejected' AND state <> 'merged';"
	 "DROP INDEX requests_dup_building;"
	 "CREATE INDEX requests_dup_building ON requests(building_id, category_id, created_at)"
	 "  WHERE state <> 'closed' AND state <> 'rejected' AND state <> 'merged';"
	 "DROP INDEX requests_dup_cell;"
	 "CREATE INDEX requests_dup_cell ON requests(category_id, dup_cell, created_at, lat, lon)"
	 "  WHERE state <> 'closed' AND state <> 'rejected' AND state <> 'merged';"},
	{14, "categories that warn of danger, with the numbers to call; why a case was filed incomplete",
	 /* danger_calls: one "number label" a line (catalogue.h,
	  * catalogue_calls_parse), shown with tap-to-call before the resident
	  * goes on; incomplete_reason: why a dispute was filed with required
	  * case-file items missing (dispute_svc.c, the close action) */
	 "ALTER TABLE categories ADD COLUMN danger INTEGER NOT NULL DEFAULT 0;"
	 "ALTER TABLE categories ADD COLUMN danger_calls TEXT NOT NULL DEFAULT '';"
	 "UPDATE categories SET danger = 1, danger_calls = '119 消防（火警）'"
	 "  WHERE code IN ('safety.gas', 'safety.fire');"
	 "ALTER TABLE disputes ADD COLUMN incomplete_reason TEXT;"},
	{15, "requests by the last digits of their number",
	 /* A search box given a request number, or its last digits, finds the
	  * request through this index (store_search.c, SRC_NUMBER): the last
	  * four characters are the key, the rest of the digits are tested on
	  * the few entries of a key (about one a day), so no search by number
	  * reads the table. */
	 "CREATE INDEX requests_number_tail ON requests(substr(number, -4));"},
	{16, "a version of the working-day calendar that every change of it renews",
	 /* Every deadline reads the calendar; each connection keeps it built
	  * and asks only whether it changed (domain/workdays.c). Asking by an
	  * aggregate over calendar_days cost a scan of the table per move. The
	  * version is random rather than counted, so that a change rolled back
	  * and another one made can never bring back a version seen before. */
	 "CREATE TABLE calendar_version ("
	 "  id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);"
	 "INSERT INTO calendar_version(id, version) VALUES (1, random());"
	 "CREATE TRIGGER calendar_days_ai AFTER INSERT ON calendar_days BEGIN"
	 "  UPDATE calendar_version SET version = random() WHERE id = 1; END;"
	 "CREATE TRIGGER calendar_days_au AFTER UPDATE ON calendar_days BEGIN"
	 "  UPDATE calendar_version SET version = random() WHERE id = 1; END;"
	 "CREATE TRIGGER calendar_days_ad AFTER DELETE ON calendar_days BEGIN"
	 "  UPDATE calendar_version SET version = random() WHERE id = 1; END;"},
	{17, "the streets that `fengqiao demo` built",
	 /* The living demo (demo_live) raises requests in residents' names:
	  * it plays only on a database that holds a demo street. */
	 "CREATE TABLE demo_streets ("
	 "  street_id INTEGER PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,"
	 "  built_at INTEGER NOT NULL);"},
	/* migration 18: volunteers (服务网, docs/volunteers.md) */
	{18, "volunteers: members, the units they serve, teams and their members over time,"
	     " activities with slots and sign-ups, and the ledger of hours",
	 "CREATE TABLE volunteers ("
	 "  id INTEGER PRIMARY KEY,"
	 "  person_id INTEGER NOT NULL UNIQUE REFERENCES persons(id),"
	 "  account_id INTEGER REFERENCES accounts(id)," /* self-registered, or found for the person */
	 "  home_path TEXT NOT NULL," /* the person's building, else grid: scope */
	 "  enrolment TEXT NOT NULL CHECK (enrolment IN ('self','staff')),"
	 "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','left')),"
	 "  skill_mask INTEGER NOT NULL DEFAULT 0," /* domain/volunteer.h's skills as bits */
	 "  availability INTEGER NOT NULL DEFAULT 0," /* bit weekday * 3 + part of day */
	 "  note TEXT,"
	 "  enrolled_by INTEGER REFERENCES accounts(id),"
	 "  created_at INTEGER NOT NULL,"
	 "  updated_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX volunteers_account ON volunteers(account_id) WHERE account_id IS NOT NULL;"
	 "CREATE INDEX volunteers_home ON volunteers(home_path, id);"
	 "CREATE TABLE volunteer_units ("
	 "  volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),"
	 "  unit_id INTEGER NOT NULL REFERENCES units(id),"
	 "  unit_path TEXT NOT NULL,"
	 "  PRIMARY KEY (volunteer_id, unit_id)"
	 ") WITHOUT ROWID;"
	 "CREATE INDEX volunteer_units_path ON volunteer_units(unit_path, volunteer_id);"
	 "CREATE TABLE volunteer_teams ("
	 "  id INTEGER PRIMARY KEY,"
	 "  unit_id INTEGER NOT NULL REFERENCES units(id),"
	 "  unit_path TEXT NOT NULL,"
	 "  name TEXT NOT NULL," /* the brand: 红枫义警, 妈妈唠嗑队 */
	 "  kind TEXT NOT NULL CHECK (kind IN ('trade','community','patrol_police','party')),"
	 "  leader_id INTEGER REFERENCES volunteers(id),"
	 "  size_max INTEGER NOT NULL,"
	 "  members INTEGER NOT NULL DEFAULT 0," /* current members, kept with every move */
	 "  created_by INTEGER REFERENCES accounts(id),"
	 "  created_at INTEGER NOT NULL"
	 ");"
	 "CREATE UNIQUE INDEX volunteer_teams_name ON volunteer_teams(unit_id, name);"
	 "CREATE INDEX volunteer_teams_path ON volunteer_teams(unit_path, id);"
	 "CREATE TABLE volunteer_team_members ("
	 "  id INTEGER PRIMARY KEY,"
	 "  team_id INTEGER NOT NULL REFERENCES volunteer_teams(id),"
	 "  volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),"
	 "  joined_at INTEGER NOT NULL,"
	 "  joined_by INTEGER REFERENCES accounts(id),"
	 "  left_at INTEGER," /* NULL while a member: history is kept */
	 "  left_by INTEGER REFERENCES accounts(id)"
	 ");"
	 "CREATE UNIQUE INDEX volunteer_team_members_now ON volunteer_team_members(team_id,"
	 "  volunteer_id) WHERE left_at IS NULL;"
	 "CREATE INDEX volunteer_team_members_team ON volunteer_team_members(team_id, id);"
	 "CREATE INDEX volunteer_team_members_volunteer ON volunteer_team_members(volunteer_id, id);"
	 "CREATE TABLE activities ("
	 "  id INTEGER PRIMARY KEY,"
	 "  kind TEXT NOT NULL CHECK (kind IN ('activity','course','patrol','callout')),"
	 "  unit_id INTEGER NOT NULL REFERENCES units(id),"
	 "  unit_path TEXT NOT NULL,"
	 "  title TEXT NOT NULL,"
	 "  address TEXT NOT NULL,"
	 "  lat REAL, lon REAL,"
	 "  starts_at INTEGER NOT NULL, ends_at INTEGER NOT NULL,"
	 "  organiser_id INTEGER NOT NULL REFERENCES accounts(id),"
	 "  skill_mask INTEGER NOT NULL DEFAULT 0," /* required skills */
	 "  secret TEXT NOT NULL," /* hex: the key of the rotating check-in code */
	 "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','cancelled')),"
	 "  created_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX activities_path ON activities(unit_path, starts_at);"
	 "CREATE TABLE activity_slots ("
	 "  id INTEGER PRIMARY KEY,"
	 "  activity_id INTEGER NOT NULL REFERENCES activities(id),"
	 "  role TEXT NOT NULL,"
	 "  capacity INTEGER NOT NULL,"
	 "  confirmed INTEGER NOT NULL DEFAULT 0" /* kept with every sign-up move */
	 ");"
	 "CREATE INDEX activity_slots_activity ON activity_slots(activity_id, id);"
	 "CREATE TABLE activity_signups ("
	 "  id INTEGER PRIMARY KEY," /* the order of the waiting list */
	 "  activity_id INTEGER NOT NULL REFERENCES activities(id),"
	 "  slot_id INTEGER NOT NULL REFERENCES activity_slots(id),"
	 "  volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),"
	 "  state TEXT NOT NULL CHECK (state IN ('confirmed','waiting','withdrawn')),"
	 "  starts_at INTEGER NOT NULL, ends_at INTEGER NOT NULL," /* the activity's, for overlaps */
	 "  created_at INTEGER NOT NULL,"
	 "  withdrawn_at INTEGER,"
	 "  checkin_at INTEGER, checkout_at INTEGER,"
	 "  checkin_how TEXT, checkout_how TEXT" /* code, typed, marked */
	 ");"
	 "CREATE UNIQUE INDEX activity_signups_one ON activity_signups(activity_id, volunteer_id)"
	 "  WHERE state != 'withdrawn';"
	 "CREATE INDEX activity_signups_slot ON activity_signups(slot_id, state, id);"
	 "CREATE INDEX activity_signups_activity ON activity_signups(activity_id, id);"
	 "CREATE INDEX activity_signups_volunteer ON activity_signups(volunteer_id, starts_at);"
	 "CREATE INDEX activity_signups_day ON activity_signups(volunteer_id, created_at);"
	 "CREATE TABLE volunteer_hours ("
	 "  id INTEGER PRIMARY KEY,"
	 "  volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),"
	 "  activity_id INTEGER REFERENCES activities(id),"
	 "  signup_id INTEGER REFERENCES activity_signups(id),"
	 "  minutes INTEGER NOT NULL," /* negative in a correction that takes hours away */
	 "  kind TEXT NOT NULL CHECK (kind IN ('attendance','correction')),"
	 "  reason TEXT,"
	 "  author_id INTEGER REFERENCES accounts(id),"
	 "  created_at INTEGER NOT NULL"
	 ");"
	 "CREATE INDEX volunteer_hours_volunteer ON volunteer_hours(volunteer_id, id);"
	 "CREATE INDEX volunteer_hours_signup ON volunteer_hours(signup_id) WHERE signup_id IS NOT NULL;"
	 /* the ledger is append-only: a correction is a new entry */
	 "CREATE TRIGGER volunteer_hours_no_update BEFORE UPDATE ON volunteer_hours BEGIN"
	 "  SELECT RAISE(ABORT, 'volunteer_hours is append-only'); END;"
	 "CREATE TRIGGER volunteer_hours_no_delete BEFORE DELETE ON volunteer_hours BEGIN"
	 "  SELECT RAISE(ABORT, 'volunteer_hours is append-only'); END;"},
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
