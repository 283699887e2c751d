/*
 * store_search.h - listing and searching requests within a caller's
 * reach, newest first, by cursor pages or streamed for export; and the
 * recent requests of a set of households (the 邻长 lookup).
 *
 * Who may see what is decided outside (domain/search.h) and arrives here
 * as a store_search_scope: the union of unit subtrees (staff), buildings
 * (楼栋长), the households linked to a 邻长, the requests a person or an
 * account raised, the requests assigned to an account, and those that
 * departments co-handle. The filters narrow that set.
 *
 * How it stays fast on ten million rows (docs/search.md has the plans):
 * a page without text search runs one small query per source of the
 * scope, each walking an index in id order (requests_scope for every unit
 * under a staff subtree, requests_household, requests_reporter, ...) and
 * stopping at the page size, and merges them; text search drives from the
 * FTS5 trigram index in rowid order, whose entries carry the street,
 * community and grid of each request, so that the index itself keeps to
 * the caller's units.
 */
#ifndef FQ_STORE_STORE_SEARCH_H
#define FQ_STORE_STORE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

/* Unit subtrees, buildings and departments one scope may hold. */
#define STORE_SEARCH_PATHS_MAX 16
#define STORE_SEARCH_UNITS_MAX 16

/* Units under one scope that are searched one by one before the store
 * falls back to a single query over the whole subtree. */
#define STORE_SEARCH_SOURCES_MAX 1024

/* Requests created in a date window below which the root scope reads the
 * window by date (requests_created) rather than walking every request. */
#define STORE_SEARCH_WINDOW_SMALL 20000
/* Trigrams a two-character query may stand for; a query that starts more
 * of them (a very common pair) is matched by LIKE instead, which finds a
 * common pair within a few rows of any walk. */
#define STORE_SEARCH_SHORT_TERMS_MAX 400

/* A text match by LIKE (one character, or a very common pair) tests
 * every row it walks; a scope of more units than this walks the table once,
 * newest first, rather than each unit's index entries with a row lookup
 * each (the single walk reads rows in order; for rare words the per-unit
 * walks read the whole scope at random). */
#define STORE_SEARCH_LIKE_UNITS_MAX 16

/* Digits of a request number (FQ, then the day as YYYYMMDD and a sequence
 * of six), and how many of its last characters the index
 * requests_number_tail keys on: a number search gives at least that many. */
#define STORE_SEARCH_NUMBER_DIGITS 14
#define STORE_SEARCH_NUMBER_KEY 4

/* Rows of one page. */
#define STORE_SEARCH_PAGE_MAX 500

/* Requests the text index may keep waiting while the writer is busy: the
 * writer indexes them in one statement once this many wait, or as soon as
 * its queue is empty (FTS5 writes, and later merges, one segment per
 * statement: a segment of hundreds costs about half as much per request
 * as one of twenty). Until then a text search finds them by LIKE. */
#define STORE_SEARCH_INDEX_BATCH 512

/* Longest path of a unit, in bytes. */
#define STORE_PATH_MAX 256

/* Who may see a request: a request is visible when any part matches. */
typedef struct store_search_scope {
	const char *paths[STORE_SEARCH_PATHS_MAX]; /* unit subtrees ("/" = all) */
	int n_paths;
	int64_t buildings[STORE_SEARCH_UNITS_MAX];   /* requests located in them */
	int n_buildings;
	int64_t departments[STORE_SEARCH_UNITS_MAX]; /* requests they co-handle */
	int n_departments;
	int64_t leader_id;   /* households linked to this 邻长; 0 = none */
	int64_t person_id;   /* requests whose reporter_person_id is this; 0 = none */
	int64_t account_id;  /* requests whose reporter_account_id is this; 0 = none */
	int64_t assignee_id; /* requests assigned to this account; 0 = none */
} store_search_scope;

/* Filters; every one is optional (0 / NULL = any). */
typedef struct store_search_filter {
	store_search_scope scope;
	const char *unit_path;  /* only requests whose unit_path lies under this */
	const char *state;      /* a state name, checked by the caller */
	int level;              /* 1..4 */
	int64_t category_id;    /* this category and its sub-categories */
	const char *channel;    /* a channel name, checked by the caller */
	int64_t from, to;       /* created_at bounds, unix s, inclusive */
	int overdue;            /* dispatched past accept_due or accepted past resolve_due */
	int64_t now;            /* for overdue */
	int supervised;         /* card != 'none' */
	const char *fts;        /* text matched as a substring of the title,
				   description or address (ASCII letters in any
				   case): 3 characters or more through the FTS5
				   trigram index as one phrase; 2 through the index's
				   trigrams that start with them; 1 by LIKE */
	char number[STORE_SEARCH_NUMBER_DIGITS + 1]; /* "" or the last digits
				   (STORE_SEARCH_NUMBER_KEY..STORE_SEARCH_NUMBER_DIGITS)
				   of a request number: requests whose number ends
				   with them match too, through requests_number_tail */
	int64_t before_id;      /* cursor: only ids below this; 0 = from the newest */
	int limit;              /* rows wanted, 1..STORE_SEARCH_PAGE_MAX */
} store_search_filter;

/* One request as lists show it. Times are unix seconds; 0 when unset. */
typedef struct store_search_row {
	int64_t id;
	const char *number;
	const char *title;
	const char *description;
	const char *address;
	int64_t category_id;
	const char *category_code;
	const char *category_name;
	const char *channel;
	const char *state;
	int level;
	int priority;
	int64_t grid_id;        /* 0 when the request has no grid */
	const char *grid_name;  /* NULL when no grid */
	int64_t household_id;   /* 0 when none */
	int64_t created_at;
	int64_t started;        /* when its deadlines started: dispatched, else created */
	int64_t accept_due;
	int64_t resolve_due;
	const char *card;       /* none, normal, yellow, red */
	int64_t building_id;    /* 0 when the request has no building */
	const char *building_name; /* NULL when no building */
	const char *building_address; /* NULL when none */
	int has_point;          /* non-zero when lat/lon hold where it is */
	double lat, lon;
} store_search_row;

/* Up to f->limit visible requests matching f with id below f->before_id,
 * newest first, in the arena. *more is set when further rows exist after
 * the last one returned. */
fq_status store_search_requests(store_conn *c, const store_search_filter *f, fq_arena *a,
				store_search_row **out, size_t *n, int *more, fq_err *err);

/* Called for each row of store_search_each; a status other than FQ_OK
 * stops the walk and is returned. The row lives until the next call. */
typedef fq_status (*store_search_row_fn)(void *arg, const store_search_row *row, fq_err *err);

/* Every visible request matching f (limit and cursor ignored), newest
 * first, handed to fn one by one. When more than max_rows match, fails
 * with FQ_ETOOBIG (field "limit") before handing any row: the ids are
 * counted first (a cheap walk of the indexes), then the rows are read in
 * pages of STORE_SEARCH_PAGE_MAX from the same snapshot. */
fq_status store_search_each(store_conn *c, const store_search_filter *f, size_t max_rows,
			    store_search_row_fn fn, void *arg, fq_err *err);

/* The most recent requests (at most per_household each) of the n
 * households ids, grouped by household in the order of ids and newest
 * first within each, in the arena; row.household_id says whose. */
fq_status store_requests_of_households(store_conn *c, const int64_t *ids, int n,
				       int per_household, fq_arena *a, store_search_row **out,
				       size_t *n_out, fq_err *err);

/* A unit's kind and path, for the unit filter; FQ_EINVAL (field "unit")
 * when there is no such unit. kind and path go into the arena. */
fq_status store_search_unit(store_conn *c, int64_t id, fq_arena *a, const char **kind,
			    const char **path, fq_err *err);

/* Index the requests queued in requests_fts_pending (new or changed since
 * the last call; migration 10) and empty the queue, in the caller's
 * transaction. The writer calls it (store_search_commit) at the end of a
 * group commit and once at open, outside any savepoint, so FTS5 writes one
 * segment for many requests rather than one per request. A text search
 * reads the queue too, so what waits there is found all the same. */
fq_status store_search_index_pending(store_conn *c, fq_err *err);

/* The search module's commit hook (store_module.commit): while busy and
 * fewer than STORE_SEARCH_INDEX_BATCH requests wait, nothing; otherwise
 * store_search_index_pending. */
fq_status store_search_commit(store_conn *c, int busy, fq_err *err);

/* The query plan (EXPLAIN QUERY PLAN, one step a line) of every statement
 * store_search_requests would run for f, for tests and docs/search.md. */
fq_status store_search_plan(store_conn *c, const store_search_filter *f, fq_arena *a,
			    char **out, fq_err *err);

#endif
