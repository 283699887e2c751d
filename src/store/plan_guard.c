/*
 * plan_guard.c - the judge of query plans: the plan SQLite would run for a
 * statement, what is wrong with it (a full scan of a large table, an
 * automatic index, an index it should use and does not), and the guard
 * that judges each statement as it is first prepared (FQ_PLAN_GUARD). It
 * calls no other store file: the hot statements it knows are those of the
 * connection's modules (conn_modules).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "store/sqlite_int.h"
#include "store/store_plans.h"

/* Bytes of a plan text the checks keep. */
#define PLAN_TEXT_MAX 4096

/* Tables whose full scan costs a hot statement its speed: they grow with
 * the requests, the people or the years. */
static const char *const LARGE_TABLES[] = {
	"requests", "request_events", "request_photos", "request_cohandlers", "live_events",
	"audit_log", "persons", "households", "units", "sessions", "accounts", "account_roles",
	"metric_counters", "idempotency_keys", "leaders", "leader_households", "disputes",
	"dispute_events", "dispute_parties", "mediation_messages", "talents", "talent_tasks",
	"webhook_deliveries", "open311_requests",
};

fq_status store_plan_text(store_conn *c, fq_arena *a, const char *sql, char **out, fq_err *err)
{
	char *text = fq_arena_alloc(a, PLAN_TEXT_MAX);
	if (!text)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	sqlite3_stmt *st = NULL;
	char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
	int rc = q ? sqlite3_prepare_v2(c->db, q, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(q);
	if (rc != SQLITE_OK)
		return fq_fail(err, FQ_ESTORE, "", "cannot explain: %s", sqlite3_errmsg(c->db));
	size_t len = 0;
	text[0] = '\0';
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 3);
		int w = snprintf(text + len, PLAN_TEXT_MAX - len, "%s%s", len ? "; " : "",
				 line ? line : "");
		if (w > 0 && (size_t)w < PLAN_TEXT_MAX - len)
			len += (size_t)w;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fq_fail(err, FQ_ESTORE, "", "cannot explain: %s", sqlite3_errmsg(c->db));
	*out = text;
	return FQ_OK;
}

/* Whether the plan holds "<what> <table>" as a whole step: followed by the
 * end, a space or the separator. */
static int has_step(const char *plan, const char *what, const char *table)
{
	char needle[128];
	snprintf(needle, sizeof needle, "%s %s", what, table);
	size_t n = strlen(needle);
	for (const char *p = strstr(plan, needle); p; p = strstr(p + 1, needle)) {
		char after = p[n];
		int starts = p == plan || p[-1] == ' ';
		if (starts && (after == '\0' || after == ' ' || after == ';'))
			return 1;
	}
	return 0;
}

/* Whether the plan uses index name ("rowid": the integer primary key;
 * "pk": the primary key of a table with another one). */
static int uses_index(const char *plan, const char *name, size_t len)
{
	if (len == 5 && strncmp(name, "rowid", 5) == 0)
		return strstr(plan, "INTEGER PRIMARY KEY") != NULL;
	if (len == 2 && strncmp(name, "pk", 2) == 0)
		return strstr(plan, "USING PRIMARY KEY") != NULL;
	for (const char *p = strstr(plan, "INDEX "); p; p = strstr(p + 1, "INDEX ")) {
		const char *n = p + 6;
		if (strncmp(n, name, len) == 0 &&
		    (n[len] == '\0' || n[len] == ' ' || n[len] == ';'))
			return 1;
	}
	return 0;
}

/* Words that may follow a table's name in SQL without being its alias. */
static const char *const NOT_ALIAS[] = {
	"JOIN", "LEFT", "INNER", "CROSS", "NATURAL", "WHERE", "ON", "USING", "INDEXED", "NOT",
	"ORDER", "GROUP", "LIMIT", "SET", "VALUES", "AS", "WINDOW", "UNION", "EXCEPT",
	"INTERSECT", "HAVING", "RETURNING", "DEFAULT",
};

static int is_word_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

/* The next word of sql after p (skipping spaces and one "AS"), into w. */
static void next_word(const char *p, char *w, size_t size)
{
	for (int pass = 0; pass < 2; pass++) {
		while (*p == ' ')
			p++;
		size_t n = 0;
		while (is_word_char(p[n]) && n + 1 < size)
			n++;
		memcpy(w, p, n);
		w[n] = '\0';
		if (strcasecmp(w, "AS") != 0)
			return;
		p += n;
	}
}

static int keyword(const char *w)
{
	for (size_t i = 0; i < sizeof NOT_ALIAS / sizeof NOT_ALIAS[0]; i++)
		if (strcasecmp(w, NOT_ALIAS[i]) == 0)
			return 1;
	return !*w;
}

/* Whether the plan scans table t whole, under its name or any alias sql
 * gives it, or searches it through an automatic index. */
static int scans_table(const char *plan, const char *sql, const char *t, int *automatic)
{
	char needle[96];
	*automatic = 0;
	snprintf(needle, sizeof needle, "SEARCH %s USING AUTOMATIC", t);
	if (has_step(plan, "SCAN", t) || (*automatic = strstr(plan, needle) != NULL))
		return 1;
	size_t n = strlen(t);
	for (const char *p = strstr(sql, t); p; p = strstr(p + 1, t)) {
		if ((p > sql && is_word_char(p[-1])) || is_word_char(p[n]))
			continue;
		char alias[64];
		next_word(p + n, alias, sizeof alias);
		if (keyword(alias))
			continue;
		snprintf(needle, sizeof needle, "SEARCH %s USING AUTOMATIC", alias);
		if (has_step(plan, "SCAN", alias) || (*automatic = strstr(plan, needle) != NULL))
			return 1;
	}
	return 0;
}

const char *plan_judge(const char *plan, const char *sql, const char *uses, const char *walks,
		       char *why, size_t size)
{
	for (size_t i = 0; i < sizeof LARGE_TABLES / sizeof LARGE_TABLES[0]; i++) {
		const char *t = LARGE_TABLES[i];
		int automatic = 0;
		if ((!walks || strcmp(walks, t) != 0) && scans_table(plan, sql, t, &automatic)) {
			snprintf(why, size,
			         automatic ? "an automatic index on %s" : "a full scan of %s", t);
			return why;
		}
	}
	for (const char *p = uses; p && *p;) {
		size_t n = strcspn(p, " ");
		if (n && !uses_index(plan, p, n)) {
			snprintf(why, size, "no use of %.*s", (int)n, p);
			return why;
		}
		p += n + (p[n] == ' ');
	}
	return NULL;
}

/* ---- the guard -------------------------------------------------------------- */

/* The hot statement of c's modules whose text is sql, or NULL. */
static const store_plan_entry *registered(const store_conn *c, const char *sql)
{
	for (const store_module *m = c->modules; m && m->name; m++)
		for (const store_plan_entry *e = m->plans; e && e->name; e++)
			if (e->sql == sql)
				return e;
	return NULL;
}

void plan_guard(store_conn *c, const char *sql)
{
	if (strncmp(sql, STORE_PLAN_SCAN, strlen(STORE_PLAN_SCAN)) == 0)
		return;
	fq_arena a;
	fq_arena_init(&a);
	fq_err err = {0};
	char *plan = NULL;
	char why[PLAN_WHY_MAX];
	const store_plan_entry *e = registered(c, sql);
	if (store_plan_text(c, &a, sql, &plan, &err) == FQ_OK &&
	    plan_judge(plan, sql, e ? e->uses : NULL, e ? e->walks : NULL, why, sizeof why)) {
		fq_error("plan guard: %s in the plan \"%s\" of: %s", why, plan, sql);
		if (c->plan_guard == PLAN_GUARD_ABORT)
			abort();
	}
	fq_arena_free(&a);
}
