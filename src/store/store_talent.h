/*
 * store_talent.h - the rows of the talent pool (群英库) and of
 * dispatch-by-name (点将派单): pools per community or village, members
 * with their skills, roles and declared relations, the candidates a
 * ranking reads, the subjects (requests, disputes, council topics) with
 * their parties, and the tasks offered to members (store_talent.c,
 * store_talent_task.c).
 *
 * Enumerations travel as their wire names (domain/talent.h parses them);
 * skills and roles travel both as names (talent_skills, talent_roles) and
 * as bit sets in the order of domain/talent.h (talents.skill_mask,
 * role_mask), which the writer keeps in step. Text comes back in the
 * caller's arena.
 */
#ifndef FQ_STORE_STORE_TALENT_H
#define FQ_STORE_STORE_TALENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

/* Rows one list may return, and candidates one ranking may read. */
#define STORE_TALENT_ROWS_MAX 500
#define STORE_TALENT_CANDIDATES_MAX 50000
/* Parties of one subject that count for conflicts, and members already
 * tried for one subject. */
#define STORE_TALENT_PARTIES_MAX 64
#define STORE_TALENT_TRIED_MAX 256
/* Skills or roles written for one member at most. */
#define STORE_TALENT_TAGS_MAX 32

/* ---- pools ------------------------------------------------------------------- */

typedef struct store_talent_pool {
	int64_t id;
	int64_t unit_id;
	const char *unit_path;
	const char *unit_name;
	const char *unit_kind;  /* community or village */
	const char *name;
	int64_t approved;       /* members by status */
	int64_t pending;
	int64_t created_at;
} store_talent_pool;

/* Every pool, by unit path (there is at most one per community). */
fq_status store_talent_pools(store_conn *c, fq_arena *a, store_talent_pool **out, size_t *n,
			     fq_err *err);

/* One pool; FQ_ENOTFOUND (field "pool_id") when there is none. */
fq_status store_talent_pool_get(store_conn *c, fq_arena *a, int64_t id, store_talent_pool *out,
				fq_err *err);

/* A new pool on unit_id; FQ_ECONFLICT when the unit has one. */
fq_status store_talent_pool_insert(store_conn *c, int64_t unit_id, const char *unit_path,
				   const char *name, int64_t by, int64_t now, int64_t *id,
				   fq_err *err);

/* ---- members ------------------------------------------------------------------ */

typedef struct store_talent {
	int64_t id;
	int64_t pool_id;
	const char *pool_name;
	const char *pool_path;    /* the pool's unit path: scope */
	int64_t person_id;
	const char *name;         /* the person's */
	const char *phone;        /* unmasked, or NULL */
	int64_t birth_year;       /* or 0 */
	const char *gender;       /* "M", "F" or NULL */
	int64_t household_id;     /* or 0 */
	int64_t account_id;       /* or 0 */
	const char *home_path;
	const char *enrolment;
	const char *status;
	const char *title;
	const char *note;
	int64_t enrolled_by;      /* or 0 */
	int64_t decided_by;       /* or 0 */
	int64_t decided_at;       /* or 0 */
	const char *decision_note;
	const char *availability;
	int64_t available_until;  /* or 0 */
	int capacity;
	unsigned skill_mask;
	unsigned role_mask;
	int open_tasks;
	int done_tasks;
	int64_t rating_sum;
	int64_t rating_count;
	int64_t created_at;
	int64_t updated_at;
} store_talent;

/* A member's tags as written: names and the matching bit set. */
typedef struct store_talent_tags {
	const char *const *names;
	size_t n;
	unsigned mask;
} store_talent_tags;

/* Insert t (id, names and counters ignored) with its skills and roles;
 * FQ_ECONFLICT when the person is already in the pool. */
fq_status store_talent_insert(store_conn *c, const store_talent *t, const store_talent_tags *skills,
			      const store_talent_tags *roles, int64_t *id, fq_err *err);

/* One member; FQ_ENOTFOUND (field "id") when there is none. */
fq_status store_talent_get(store_conn *c, fq_arena *a, int64_t id, store_talent *out,
			   fq_err *err);

/* The member record of account_id (an approved one first, then the
 * newest); FQ_ENOTFOUND when the account has none. */
fq_status store_talent_by_account(store_conn *c, fq_arena *a, int64_t account_id,
				  store_talent *out, fq_err *err);

/* Write status, decided_by/at/note, title, note, availability, until,
 * capacity and updated_at of t. */
fq_status store_talent_update(store_conn *c, const store_talent *t, fq_err *err);

/* Replace the skills (roles) of a member, names and mask together. */
fq_status store_talent_set_skills(store_conn *c, int64_t id, const store_talent_tags *t,
				  fq_err *err);
fq_status store_talent_set_roles(store_conn *c, int64_t id, const store_talent_tags *t,
				 fq_err *err);

/* Add to a member's counters (open and done tasks, rating sum and count). */
fq_status store_talent_count(store_conn *c, int64_t id, int d_open, int d_done, int d_sum,
			     int d_count, int64_t now, fq_err *err);

/* Filter of store_talent_list; zero / NULL members do not filter. */
typedef struct store_talent_filter {
	const char *path;    /* pools under this path ("/" for all) */
	int64_t pool_id;
	const char *skill;
	const char *role;
	const char *status;
	int64_t after_id;    /* the cursor */
	int limit;           /* 1..STORE_TALENT_ROWS_MAX */
} store_talent_filter;

fq_status store_talent_list(store_conn *c, fq_arena *a, const store_talent_filter *f,
			    store_talent **out, size_t *n, fq_err *err);

/* The person's household, home path (building, else grid) and first
 * active account (0 when none); FQ_ENOTFOUND (field) when no such person. */
fq_status store_talent_person_home(store_conn *c, fq_arena *a, int64_t person_id,
				   const char *field, int64_t *household_id,
				   const char **home_path, int64_t *account_id, fq_err *err);

/* ---- relations ------------------------------------------------------------------ */

typedef struct store_talent_relation {
	int64_t id;
	int64_t person_id;     /* or 0 */
	const char *person_name; /* or NULL */
	int64_t household_id;  /* or 0 */
	const char *household_address; /* or NULL */
	const char *relation;
	int64_t created_at;
} store_talent_relation;

/* Relations of one member are capped at this many. */
#define STORE_TALENT_RELATIONS_MAX 50

fq_status store_talent_relations(store_conn *c, fq_arena *a, int64_t talent_id,
				 store_talent_relation **out, size_t *n, fq_err *err);

/* A new relation; FQ_ENOTFOUND (field "person_id" / "household_id") when
 * the person or household does not exist. */
fq_status store_talent_relation_insert(store_conn *c, int64_t talent_id, int64_t person_id,
				       int64_t household_id, const char *relation, int64_t now,
				       int64_t *id, fq_err *err);

/* ---- ranking input ---------------------------------------------------------------- */

/* One approved member as the ranking reads it. availability: 0 available,
 * 1 busy, 2 away (the order of domain/talent.h). */
typedef struct store_talent_cand {
	int64_t id;
	int64_t person_id;
	int64_t household_id;
	const char *home_path;
	unsigned skill_mask;
	unsigned role_mask;
	int capacity;
	int open_tasks;
	int64_t rating_sum;
	int64_t rating_count;
	int availability;
	int64_t available_until;
} store_talent_cand;


/* The approved members whose home is under path (a street's);
 * FQ_ETOOBIG past STORE_TALENT_CANDIDATES_MAX. On a read connection the
 * rows are borrowed from the connection's cache (valid until the read
 * ends; reused while no member has changed); on the writer they are in
 * the arena. */
fq_status store_talent_candidates(store_conn *c, fq_arena *a, const char *path,
				  store_talent_cand **out, size_t *n, fq_err *err);

/* A subject with what the ranking needs of it. */
typedef struct store_talent_subject {
	const char *path;       /* its unit's path */
	const char *key;        /* category code, "dispute.<type>" or "topic" */
	const char *title;      /* for display */
	int open;               /* still being handled */
	int64_t persons[STORE_TALENT_PARTIES_MAX];    /* parties (reporter, proposer) */
	size_t n_persons;
	int64_t households[STORE_TALENT_PARTIES_MAX]; /* their households */
	size_t n_households;
} store_talent_subject;

/* The subject kind:id ("request", "dispute", "topic"); FQ_ENOTFOUND
 * (field "subject") when there is none, or when the database has no
 * table for that kind. */
fq_status store_talent_subject_get(store_conn *c, fq_arena *a, const char *kind, int64_t id,
			       store_talent_subject *out, fq_err *err);

/* Members with a declared relation to one of the persons or households,
 * appended to ids (which holds max); duplicates may appear. */
fq_status store_talent_related(store_conn *c, const store_talent_subject *s, int64_t *ids,
			       size_t max, size_t *n, fq_err *err);

/* Members already offered the subject, into ids (max), and the longest
 * chain so far. */
fq_status store_talent_tried(store_conn *c, const char *kind, int64_t id, int64_t *ids,
			     size_t max, size_t *n, int *chain, fq_err *err);

/* ---- tasks ---------------------------------------------------------------------- */

typedef struct store_talent_task {
	int64_t id;
	const char *subject_kind;
	int64_t subject_id;
	const char *unit_path;
	int64_t talent_id;
	const char *talent_name;       /* on reads */
	int64_t talent_account_id;     /* on reads; 0 when none */
	const char *state;
	const char *note;
	int64_t offered_at;
	int64_t answer_within_s;
	int64_t answer_by;
	int64_t answered_at;           /* or 0 */
	const char *answer_note;
	int64_t done_at;               /* or 0 */
	const char *outcome;           /* or NULL */
	int rating;                    /* or 0 */
	int64_t rated_at;              /* or 0 */
	int64_t coordinator_account_id;
	const char *coordinator_name;  /* on reads */
	int chain;
	int rank;
	double score;
	const char *reason_codes;
	const char *reasons;
	int64_t created_at;
	int64_t updated_at;
	const char *subject_title;     /* on reads; NULL when the subject is gone */
	const char *subject_place;     /* on reads: where the subject is, or NULL */
} store_talent_task;

fq_status store_talent_task_insert(store_conn *c, const store_talent_task *t, int64_t *id,
				   fq_err *err);

/* One task; FQ_ENOTFOUND (field "id") when there is none. */
fq_status store_talent_task_get(store_conn *c, fq_arena *a, int64_t id, store_talent_task *out,
				fq_err *err);

/* Write state, answered_at, answer_note, done_at, outcome, rating,
 * rated_at and updated_at of t. */
fq_status store_talent_task_update(store_conn *c, const store_talent_task *t, fq_err *err);

/* Filter of store_talent_task_list; zero / NULL members do not filter. */
typedef struct store_talent_task_filter {
	const char *path;          /* subjects under this path */
	int64_t talent_id;
	const char *subject_kind;  /* with subject_id */
	int64_t subject_id;
	const char *state;
	int64_t before_id;         /* the cursor: newest first */
	int limit;
} store_talent_task_filter;

fq_status store_talent_task_list(store_conn *c, fq_arena *a, const store_talent_task_filter *f,
				 store_talent_task **out, size_t *n, fq_err *err);

/* Tasks of a member by state: counts[i] for states[i] (a NULL-terminated
 * list of names). */
fq_status store_talent_task_counts(store_conn *c, int64_t talent_id, const char *const *states,
				   int64_t *counts, fq_err *err);

/* Ids of offers whose answer_by is before now, oldest first, at most max. */
fq_status store_talent_task_due(store_conn *c, int64_t now, int64_t *ids, size_t max, size_t *n,
				fq_err *err);

/* A closed request under path for the demo's past tasks: ids and times of
 * creation, oldest first, at most max. */
fq_status store_talent_closed_requests(store_conn *c, const char *path, int64_t *ids,
				       int64_t *created, size_t max, size_t *n, fq_err *err);

/* Add the account as a (not lead) mediator of the dispute, once. */
fq_status store_talent_dispute_mediator(store_conn *c, int64_t dispute_id, int64_t account_id,
					fq_err *err);

#endif
