/*
 * store_dispute.h - dispute cases (migration 6) in the store: the case row
 * and everything filed with it (parties, mediators, timeline, sessions,
 * agreement, terms, signatures, follow-ups, case file), the list within a
 * scope, the sweeper's queues, and the metric counters. Reads run inside
 * a read transaction, writes inside a write transaction; strings come back
 * in the caller's arena.
 */
#ifndef FQ_STORE_STORE_DISPUTE_H
#define FQ_STORE_STORE_DISPUTE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

/* Most rows one list call returns. */
#define STORE_DISPUTE_LIST_MAX 200
/* Most parties, terms, sessions ... loaded with one case. */
#define STORE_DISPUTE_CHILDREN_MAX 500

/* One case row. Strings are never NULL except outcome, close_reason. */
typedef struct store_dispute {
	int64_t id;
	const char *number;
	int64_t unit_id;
	const char *unit_path;
	const char *unit_name; /* read only */
	int level;
	const char *state;
	int64_t request_id;    /* 0 for none */
	const char *type;
	const char *source;
	const char *title;
	const char *facts;
	const char *claims;
	const char *outcome;
	const char *close_reason;
	int64_t level_due;     /* 0 when no limit runs */
	int64_t target_due;
	int64_t reminded_at;
	int escalations;
	int64_t effective_at;
	int32_t judicial_end;  /* YYYYMMDD, 0 for none */
	const char *judicial_state;
	int64_t judicial_at;
	int32_t judicial_reminded; /* YYYYMMDD of the last reminder, 0 for none */
	int64_t created_by;
	int64_t created_at;
	int64_t updated_at;
	int64_t closed_at;
	const char *incomplete_reason; /* why it was filed with required case-file items
					  missing; NULL when none were */
} store_dispute;

typedef struct store_dispute_party {
	int64_t id;
	int64_t person_id;    /* 0: an outside party */
	int64_t household_id; /* 0: none */
	const char *name;
	const char *phone;    /* may be NULL */
	const char *role;
	const char *address;
	const char *consent;
	int64_t consent_at;
	const char *consent_note;
} store_dispute_party;

typedef struct store_dispute_mediator {
	int64_t account_id;
	const char *name;
	int lead;
} store_dispute_mediator;

typedef struct store_dispute_event {
	int64_t id;
	int64_t at;
	int64_t actor_account_id; /* 0: the system */
	const char *actor_name;
	const char *event;
	const char *old_state; /* may be NULL */
	const char *new_state;
	int old_level;         /* 0 for none */
	int new_level;
	const char *note;
} store_dispute_event;

typedef struct store_dispute_session {
	int64_t id;
	int64_t at;
	const char *place, *mediators, *attendees, *record;
} store_dispute_session;

typedef struct store_dispute_term {
	int64_t id;
	int seq;
	const char *text;
	int32_t deadline; /* YYYYMMDD, 0 for none */
	int performed;
	int64_t performed_at;
} store_dispute_term;

typedef struct store_dispute_signature {
	int64_t id;
	const char *signer; /* "party" or "mediator" */
	int64_t party_id;   /* 0 for the mediator */
	int64_t account_id;
	const char *name;
	const char *method;
	int64_t at;
} store_dispute_signature;

typedef struct store_dispute_followup {
	int64_t id;
	int64_t at;
	int64_t account_id;
	const char *performance;
	const char *note;
} store_dispute_followup;

typedef struct store_dispute_document {
	const char *code;
	int present;
	const char *note;
	const char *mime; /* of an uploaded file, or NULL */
	int64_t bytes;
	int64_t updated_at;
} store_dispute_document;

/* A case with everything filed with it. */
typedef struct store_dispute_case {
	store_dispute d;
	store_dispute_party *parties;
	size_t n_parties;
	store_dispute_mediator *mediators;
	size_t n_mediators;
	store_dispute_event *events;
	size_t n_events;
	store_dispute_session *sessions;
	size_t n_sessions;
	bool has_agreement;
	const char *ag_facts, *ag_points, *ag_responsibilities;
	int64_t ag_updated_at;
	store_dispute_term *terms;
	size_t n_terms;
	store_dispute_signature *signatures;
	size_t n_signatures;
	store_dispute_followup *followups;
	size_t n_followups;
	store_dispute_document *documents;
	size_t n_documents;
} store_dispute_case;

/* A unit as the ladder needs it. */
typedef struct store_dispute_unit {
	int64_t id;
	const char *kind;
	const char *path;
	const char *name;
} store_dispute_unit;

/* What a party taken from the register brings. */
typedef struct store_dispute_person {
	int64_t id;
	int64_t household_id; /* 0 for none */
	int64_t grid_id;      /* the household's grid, 0 for none */
	const char *name;
	const char *phone;    /* may be NULL */
	const char *address;
} store_dispute_person;

/* What a case raised from a request brings. */
typedef struct store_dispute_request {
	int64_t id;
	int64_t grid_id;            /* 0 for none */
	int64_t reporter_person_id; /* 0 for none */
	const char *category_code;  /* "dispute.neighbour" */
	const char *title;
	const char *description;
	const char *unit_path;
} store_dispute_request;

/* Which cases a list returns: within one of the scope paths, or mediated
 * by mediator_account; NULL / 0 fields do not filter. Newest first, ids
 * below before_id when it is positive. */
#define STORE_DISPUTE_SCOPES_MAX 4
typedef struct store_dispute_filter {
	const char *paths[STORE_DISPUTE_SCOPES_MAX];
	size_t n_paths;
	int64_t mediator_account;
	const char *state;
	const char *type;
	int level;
	const char *q;       /* a part of the case number (TJ…) or the title, or NULL */
	int64_t before_id;
	int limit;
} store_dispute_filter;

/* Counters, one row per (unit, dim, day). */
typedef struct store_dispute_counts {
	int64_t registered, refused, escalated, signed_, closed, resolved, failed, closed_on_time,
		judicial_applied, judicial_confirmed;
} store_dispute_counts;

/* One day of counters. */
typedef struct store_dispute_day {
	int32_t day;
	store_dispute_counts n;
} store_dispute_day;

/* Counters of one unit over a stretch. */
typedef struct store_dispute_unit_counts {
	int64_t unit_id;
	const char *name;
	store_dispute_counts n;
} store_dispute_unit_counts;

/* ---- reads ---------------------------------------------------------------- */

/* The case row. FQ_ENOTFOUND (field "id") when there is none. */
fq_status store_dispute_get(store_conn *c, fq_arena *a, int64_t id, store_dispute *out,
			    fq_err *err);
/* The case row and everything filed with it. FQ_ENOTFOUND as above. */
fq_status store_dispute_load(store_conn *c, fq_arena *a, int64_t id, store_dispute_case *out,
			     fq_err *err);
/* Parties of a case only (in id order). */
fq_status store_dispute_parties(store_conn *c, fq_arena *a, int64_t id,
				store_dispute_party **out, size_t *n, fq_err *err);
/* *out = true when account_id is listed as a mediator of the case. */
fq_status store_dispute_is_mediator(store_conn *c, int64_t id, int64_t account_id, bool *out,
				    fq_err *err);
/* A list by the filter (limit 1..STORE_DISPUTE_LIST_MAX). */
fq_status store_dispute_list(store_conn *c, fq_arena *a, const store_dispute_filter *f,
			     store_dispute **out, size_t *n, fq_err *err);
/* A unit by id; FQ_ENOTFOUND (field "unit_id") when there is none. */
fq_status store_dispute_unit_get(store_conn *c, fq_arena *a, int64_t id, store_dispute_unit *out,
				 fq_err *err);
/* The nearest ancestor-or-self of the unit at `path` whose kind is `kind`;
 * FQ_ENOTFOUND when there is none. */
fq_status store_dispute_unit_up(store_conn *c, fq_arena *a, const char *path, const char *kind,
				store_dispute_unit *out, fq_err *err);
/* A person of the register with household, grid and address; FQ_ENOTFOUND
 * (field `field`) when there is none. */
fq_status store_dispute_person_get(store_conn *c, fq_arena *a, int64_t id, const char *field,
				   store_dispute_person *out, fq_err *err);
/* A request with its category; FQ_ENOTFOUND (field "request_id"). */
fq_status store_dispute_request_get(store_conn *c, fq_arena *a, int64_t id,
				    store_dispute_request *out, fq_err *err);
/* The display name of an account, or FQ_ENOTFOUND (field `field`). */
fq_status store_dispute_account_name(store_conn *c, fq_arena *a, int64_t id, const char *field,
				     const char **out, fq_err *err);
/* Counters of `unit_id` and dim '' per day within from..to (YYYYMMDD), in
 * day order. */
fq_status store_dispute_days(store_conn *c, fq_arena *a, int64_t unit_id, int32_t from,
			     int32_t to, store_dispute_day **out, size_t *n, fq_err *err);
/* Counters of each child unit of parent_id (dim '') summed within from..to. */
fq_status store_dispute_children(store_conn *c, fq_arena *a, int64_t parent_id, int32_t from,
				 int32_t to, store_dispute_unit_counts **out, size_t *n,
				 fq_err *err);
/* Open cases (registered, consent, mediating) within the path, and of
 * those the ones past their level's limit at `now`. */
fq_status store_dispute_open_count(store_conn *c, const char *path, int64_t now, int64_t *open,
				   int64_t *overdue, fq_err *err);

/* ---- the sweeper's queues --------------------------------------------------- */

/* Ids of open cases whose level limit is within `remind_s` of now or past
 * it, in due order, ids above after_id; at most limit. */
fq_status store_dispute_due(store_conn *c, int64_t now, int64_t remind_s, int64_t after_id,
			    int limit, int64_t *ids, size_t *n, fq_err *err);
/* Ids of cases whose judicial window (judicial_state none) ends within
 * from..to (YYYYMMDD), ids above after_id; at most limit. */
fq_status store_dispute_judicial_due(store_conn *c, int32_t from, int32_t to, int64_t after_id,
				     int limit, int64_t *ids, size_t *n, fq_err *err);

/* ---- writes ----------------------------------------------------------------- */

/* Insert the case row d (number is made here: "TJ" + day + id); *id the new id. */
fq_status store_dispute_insert(store_conn *c, const store_dispute *d, int32_t day, int64_t *id,
			       fq_err *err);
/* Save the mutable columns of d (state, level, unit, dues, outcome,
 * judicial fields, timestamps). */
fq_status store_dispute_save(store_conn *c, const store_dispute *d, fq_err *err);
fq_status store_dispute_party_insert(store_conn *c, int64_t dispute_id,
				     const store_dispute_party *p, int64_t *id, fq_err *err);
/* Set a party's consent; FQ_ENOTFOUND (field "party_id") when the party is
 * not one of the case's. */
fq_status store_dispute_party_consent(store_conn *c, int64_t dispute_id, int64_t party_id,
				      const char *consent, int64_t at, const char *note,
				      fq_err *err);
/* Add a mediator (kept when listed already); with lead, make them the only lead. */
fq_status store_dispute_mediator_add(store_conn *c, int64_t dispute_id, int64_t account_id,
				     int lead, fq_err *err);
fq_status store_dispute_event_insert(store_conn *c, int64_t dispute_id, const store_dispute_event *e,
				     fq_err *err);
fq_status store_dispute_session_insert(store_conn *c, int64_t dispute_id,
				       const store_dispute_session *s, int64_t account_id,
				       int64_t now, int64_t *id, fq_err *err);
/* Write the agreement text and replace its terms. */
fq_status store_dispute_agreement_put(store_conn *c, int64_t dispute_id, const char *facts,
				      const char *points, const char *responsibilities,
				      const store_dispute_term *terms, size_t n_terms, int64_t now,
				      fq_err *err);
/* Record a signature; FQ_ECONFLICT (field "party_id") when that signer has signed. */
fq_status store_dispute_signature_insert(store_conn *c, int64_t dispute_id,
					 const store_dispute_signature *s, fq_err *err);
fq_status store_dispute_followup_insert(store_conn *c, int64_t dispute_id,
					const store_dispute_followup *f, fq_err *err);
/* Mark term seq performed at `at`; FQ_ENOTFOUND (field "term") when there is none. */
fq_status store_dispute_term_performed(store_conn *c, int64_t dispute_id, int seq, int64_t at,
				       fq_err *err);
/* Upsert one checklist entry. */
fq_status store_dispute_document_put(store_conn *c, int64_t dispute_id,
				     const store_dispute_document *d, int64_t account_id,
				     fq_err *err);
/* Add delta to the counters of `day` for every unit on `path` (ancestors
 * and self) and unit 0, under dim '' and 't:<type>'. */
fq_status store_dispute_count(store_conn *c, const char *path, const char *type, int32_t day,
			      const store_dispute_counts *delta, fq_err *err);

#endif
