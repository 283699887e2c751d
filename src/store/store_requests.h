/*
 * store_requests.h - the rows of the requests module (诉求) and the SQL on
 * them: a request with every column, its timeline events, co-handling
 * departments, idempotency keys, possible duplicates, the time limits of a
 * category, the working-day calendar rows, the accounts that may handle a
 * request at each level of the ladder (the ladder candidates), and the
 * live_events outbox row.
 *
 * Rows that come back copy their text into the caller's arena. Writes run
 * inside a store write transaction (store_write / store_write_async);
 * reads inside store_read_begin/store_read_end or a write transaction.
 * Lookups that find nothing return FQ_ENOTFOUND and leave the
 * out-parameters untouched; every other failure is FQ_ESTORE with the
 * database's message. Integer columns that may be NULL come back as 0
 * (ids and times are never 0 when set).
 */
#ifndef FQ_STORE_STORE_REQUESTS_H
#define FQ_STORE_STORE_REQUESTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "model/calendar.h"
#include "model/ladder.h"
#include "store/store.h"

/* Most timeline events one call returns. */
#define STORE_REQ_EVENTS_MAX 1000
/* Most possible duplicates one call returns. */
#define STORE_REQ_DUPLICATES_MAX 5
/* The side of a duplicate cell in degrees (about 550 m of latitude), as
 * the dup_cell column of migration 12 computes it, and the most cells one
 * duplicate search reads. */
#define STORE_REQ_DUP_CELLS_PER_DEG 200
#define STORE_REQ_DUP_CELLS_MAX 9
/* Key/value pairs of one event's detail object. */
#define STORE_REQ_DETAIL_MAX 8

/* A request: every column of the requests table, then (read-only, filled
 * by store_req_get) names joined from other tables. */
typedef struct store_request {
	int64_t id;
	const char *number;           /* FQyyyymmddNNNNNN */
	int64_t street_id;            /* 0 when unknown */
	int64_t community_id;
	int64_t grid_id;
	const char *unit_path;        /* the grid's path, for scope */
	int64_t category_id;
	const char *channel;          /* self, proxy, hotline, visit, inspection, open311 */
	const char *title;
	const char *description;
	int has_point;                /* non-zero when lat/lon hold a location */
	double lat, lon;
	const char *address;          /* "" when none */
	int64_t building_id;
	int64_t household_id;
	int64_t reporter_account_id;  /* who typed it */
	int64_t reporter_person_id;   /* whose request it is */
	int anonymous;
	const char *state;            /* lifecycle state name */
	int level;                    /* 1..4 */
	int priority;                 /* 1 urgent .. 3 */
	int64_t assignee_account_id;
	int64_t assignee_unit_id;
	int64_t accept_due;           /* unix s */
	int64_t resolve_due;
	int64_t followup_due;
	int64_t dispatched_at;
	int64_t accepted_at;
	int accepted_late;
	int64_t resolved_at;
	int64_t closed_at;
	const char *result;           /* NULL when none */
	const char *card;             /* none, normal, yellow, red */
	int64_t card_due;
	const char *ext_state;        /* none, pending, approved, refused, lapsed */
	int ext_amount;               /* the extension asked; 0 when none */
	const char *ext_unit;         /* "hours", "workdays" or NULL */
	int extensions;
	int redo_count;
	int64_t merged_into;
	int rating_resolved;          /* 1 yes, 0 no, -1 not rated */
	int rating_satisfaction;      /* 1..5, 0 not rated */
	const char *rating_comment;   /* NULL when none */
	int64_t reminded_at;
	int64_t created_at;
	int64_t updated_at;
	/* joined, read-only */
	const char *category_code;
	const char *category_name;
	const char *grid_name;
	const char *building_path;    /* NULL when no building */
	const char *assignee_name;    /* display name, else username; NULL when none */
	const char *assignee_roles;   /* the assignee's role names, comma-separated */
	const char *assignee_unit_name;
	const char *assignee_unit_kind;
	const char *reporter_name;    /* the reporter person's name, or NULL */
	const char *reporter_phone;   /* unmasked, or NULL */
	const char *caller_name;      /* hotline: from the submitted event, or NULL */
	const char *caller_phone;     /* hotline: unmasked, or NULL */
	const char *building_name;    /* NULL when no building */
	const char *building_address; /* NULL when none */
	int building_has_point;       /* non-zero when building_lat/lon hold its door */
	double building_lat, building_lon;
} store_request;

/* A request category, as intake needs it. */
typedef struct store_req_category {
	int64_t id;
	const char *code;
	const char *name;
	int start_level;
	int priority;
	int active;
} store_req_category;

/* The time limits of one (category, level), as stored. */
typedef struct store_req_limits {
	int accept_amount;
	const char *accept_unit;  /* "hours" or "workdays" */
	int resolve_amount;
	const char *resolve_unit;
} store_req_limits;

/* One calendar_days row. */
typedef struct store_req_calendar_day {
	int32_t day;       /* YYYYMMDD */
	const char *kind;  /* "holiday" or "workday" */
	const char *name;
} store_req_calendar_day;

/* One value of an event's detail object: text, or a number when is_num. */
typedef struct store_req_kv {
	const char *key;
	const char *text;
	int64_t num;
	int is_num;
} store_req_kv;

/* A timeline event to insert. */
typedef struct store_req_event_new {
	int64_t request_id;
	int64_t at;                /* unix s */
	int64_t actor_account_id;  /* 0: the system */
	const char *event;
	const char *old_state;     /* NULL for the creation */
	const char *new_state;
	int old_level;             /* 0 for the creation */
	int new_level;
	const char *note;          /* NULL is "" */
	store_req_kv detail[STORE_REQ_DETAIL_MAX]; /* stored as a JSON object */
	int n_detail;
} store_req_event_new;

/* A timeline event as stored, with its actor's name. */
typedef struct store_req_event {
	int64_t id;
	int64_t at;
	int64_t actor_account_id;  /* 0: the system */
	const char *actor_name;    /* NULL for the system */
	const char *event;
	const char *old_state;     /* NULL for the creation */
	const char *new_state;
	int old_level;             /* 0 for the creation */
	int new_level;
	const char *note;
	const char *detail;        /* JSON object text, or NULL */
} store_req_event;

/* A co-handling department of a request. */
typedef struct store_req_cohandler {
	int64_t unit_id;
	int lead;
	const char *name;  /* read-only: the unit's name */
} store_req_cohandler;

/* A stored idempotency key. */
typedef struct store_req_idem {
	int64_t request_id;
	const char *fingerprint;
} store_req_idem;

/* What a possible duplicate must share with a new request: the category,
 * an open state, a creation between since and until and an id below
 * before_id, and a location inside the box, or the building, or the
 * household. */
typedef struct store_req_dup_query {
	int64_t category_id;
	int64_t since;        /* unix s: created at or after */
	int64_t until;        /* unix s: created at or before */
	int64_t before_id;    /* INT64_MAX for a request not yet stored */
	int has_box;          /* the box below applies */
	double min_lat, max_lat, min_lon, max_lon;
	int64_t building_id;  /* 0: none */
	int64_t household_id; /* 0: none */
} store_req_dup_query;

/* A possible duplicate. */
typedef struct store_req_dup {
	int64_t id;
	const char *number;
	const char *title;
	const char *state;
	int has_point;
	double lat, lon;
} store_req_dup;

/* A live event to put in the outbox. */
typedef struct store_live_event {
	int64_t at;              /* unix s */
	const char *unit_path;   /* the request's, for scope */
	int64_t request_id;
	const char *kind;        /* the timeline event name */
	const char *number;
	const char *state;
	int level;
	const char *title;
	const char *category;    /* the category's code */
} store_live_event;

/* Insert r (every column but id; the joined members are ignored) and set
 * *id_out. FQ_ECONFLICT when the number is taken. */
fq_status store_req_insert(store_conn *c, const store_request *r, int64_t *id_out, fq_err *err);

/* The request with that id, with the joined names. */
fq_status store_req_get(store_conn *c, fq_arena *a, int64_t id, store_request *out,
			fq_err *err);

/* Write the columns a transition changes (state, level, assignee,
 * deadlines, times, result, card, extension, counts, merge, rating,
 * reminded_at, updated_at) of request r->id, which was `before` when
 * read in this transaction. When no indexed column differs from before
 * (state, level, assignee account, the accept, resolve, follow-up and
 * card deadlines, the card), only the others are written, so no index is
 * rewritten: a reminder or an extension request touches the row alone.
 * FQ_ENOTFOUND when it does not exist. */
fq_status store_req_update(store_conn *c, const store_request *before,
			   const store_request *r, fq_err *err);

/* The highest request number between lo and hi (inclusive, compared as
 * text) into *out (arena), or NULL when there is none. */
fq_status store_req_max_number(store_conn *c, fq_arena *a, const char *lo, const char *hi,
			       const char **out, fq_err *err);

/* Insert a timeline event and set *id_out. */
fq_status store_req_event_insert(store_conn *c, const store_req_event_new *ev, int64_t *id_out,
				 fq_err *err);

/* The timeline of request id, oldest first, at most max
 * (1..STORE_REQ_EVENTS_MAX) events. */
fq_status store_req_events(store_conn *c, fq_arena *a, int64_t id, int max,
			   store_req_event **out, size_t *n, fq_err *err);

/* The co-handling departments of request id, lead first, at most
 * LADDER_COHANDLERS_MAX. */
fq_status store_req_cohandlers(store_conn *c, fq_arena *a, int64_t id,
			       store_req_cohandler **out, size_t *n, fq_err *err);

/* Replace the co-handling departments of request id with the n in list
 * (names ignored). FQ_ECONFLICT when a unit does not exist. */
fq_status store_req_cohandlers_set(store_conn *c, int64_t id, const ladder_cohandler *list,
				   size_t n, fq_err *err);

/* The idempotency key `key` of account_id. FQ_ENOTFOUND when unused. */
fq_status store_req_idem_get(store_conn *c, fq_arena *a, int64_t account_id, const char *key,
			     store_req_idem *out, fq_err *err);

/* Remember that account_id's key created request_id from a body with
 * this fingerprint. FQ_ECONFLICT when the key is already stored. */
fq_status store_req_idem_insert(store_conn *c, int64_t account_id, const char *key,
				int64_t request_id, const char *fingerprint, int64_t now,
				fq_err *err);

/* Open requests matching q (see store_req_dup_query), newest first, at
 * most STORE_REQ_DUPLICATES_MAX. Each of the household, the building and
 * the cells of the box (1/STORE_REQ_DUP_CELLS_PER_DEG degree a side, at most
 * STORE_REQ_DUP_CELLS_MAX of them around the box's centre) is one range of
 * an index of open requests (migration 12), read newest first and stopped
 * at the most wanted, so the cost is the same however many open requests
 * share the place: a storm of reports about one burst pipe costs each
 * report a few index seeks. */
fq_status store_req_duplicates(store_conn *c, fq_arena *a, const store_req_dup_query *q,
			       store_req_dup **out, size_t *n, fq_err *err);

/* The category with that id (code NULL) or that code (id 0). */
fq_status store_req_category_get(store_conn *c, fq_arena *a, int64_t id, const char *code,
				 store_req_category *out, fq_err *err);

/* The limits of category_id at level. FQ_ENOTFOUND when the category has
 * none for that level. */
fq_status store_req_limits_get(store_conn *c, fq_arena *a, int64_t category_id, int level,
			       store_req_limits *out, fq_err *err);

/* Every calendar_days row in date order, at most CAL_ENTRIES_MAX. */
/* A number that changes whenever the calendar_days table does, to tell
 * whether a calendar built earlier still holds. */
fq_status store_req_calendar_sig(store_conn *c, int64_t *out, fq_err *err);

fq_status store_req_calendar(store_conn *c, fq_arena *a, store_req_calendar_day **out,
			     size_t *n, fq_err *err);

/*
 * The accounts that may handle a request at each level, into out (whose
 * unit ids the caller has set; zero ids are not looked up): the 邻长
 * linked to household_id (accounts.person_id = leaders.person_id), the
 * building leader of building_id (the leader record's account, else an
 * account with the building_leader role bound to the building), the
 * grid_worker bound to the grid, the community_officer bound to the
 * community, and the dispatcher bound to the street (else one bound to the
 * whole deployment). Disabled accounts are skipped; among several the
 * lowest id wins. Members not found are 0.
 */
fq_status store_req_ladder(store_conn *c, int64_t household_id, int64_t building_id,
			   ladder_context *out, fq_err *err);

/* The display name of account id, else its username. */
fq_status store_req_account_name(store_conn *c, fq_arena *a, int64_t id, const char **out,
				 fq_err *err);

/* The person whose phone is exactly phone, with their household (0 when
 * none). FQ_ENOTFOUND when no person or more than one has it. */
fq_status store_req_person_by_phone(store_conn *c, const char *phone, int64_t *person_id,
				    int64_t *household_id, fq_err *err);

/* Put ev in the live_events outbox with the payload {"request_id",
 * "number", "event", "state", "level", "title", "category", "at"} (at as
 * RFC 3339) and set *id_out (may be NULL). */
fq_status store_live_insert(store_conn *c, const store_live_event *ev, int64_t *id_out,
			    fq_err *err);

#endif
