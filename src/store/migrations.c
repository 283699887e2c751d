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
