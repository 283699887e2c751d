/*
 * council_svc.h - the councils' service (docs/councils.md): the reads of
 * topics, meetings, votes, resolutions and tasks, each in one read
 * transaction with who may see what applied, and every write as a job
 * (svc.h) whose body checks and writes one transaction: a support that
 * brings a proposal onto the agenda, a meeting that closes and
 * deliberates its topics, a vote counted once with its topic moved, a
 * task whose progress rolls up its ancestors.
 *
 * Scope: a caller sees the council things of units on one line of
 * ancestry with one of their roles' units (council_sees); staff
 * (COUNCIL_STAFF) run the councils of units their roles cover
 * (council_staff). Things out of sight are FQ_ENOTFOUND, never
 * FQ_EFORBIDDEN; things in sight that the caller may not do are
 * FQ_EFORBIDDEN.
 *
 * Files: council_svc.c (scope, topics, the job table), council_svc_meetings.c,
 * council_svc_votes.c, council_svc_tasks.c, council_svc_public.c (the
 * public page); council_svc_int.h is theirs only.
 */
#ifndef FQ_DOMAIN_COUNCIL_SVC_H
#define FQ_DOMAIN_COUNCIL_SVC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/council.h"
#include "domain/svc.h"
#include "store/store.h"
#include "store/store_council.h"

/* Events of a topic's timeline in one read, open votes listed for one
 * account, tasks of the overdue list, rows of each part of the public page. */
#define CNLSVC_EVENTS_MAX 100
#define CNLSVC_MY_VOTES_MAX 50
#define CNLSVC_OVERDUE_MAX 200
#define CNLSVC_PUBLIC_MAX 50

/* The default quorum of a vote: two thirds of the eligible. */
#define CNLSVC_QUORUM_NUM_DEFAULT 2
#define CNLSVC_QUORUM_DEN_DEFAULT 3

/* ---- reads ---------------------------------------------------------------------- */

/*
 * The lists (topics, meetings, resolutions) take the filter as asked
 * (state, source, after_id, limit) and the unit of ?unit= (0: none), and
 * complete its scope so that it keeps exactly the rows the caller may read
 * one by one. FQ_ENOTFOUND (field "unit") when the unit is out of the
 * caller's sight. Rows are in the arena a.
 */
fq_status cnlsvc_topics(store *db, fq_arena *a, const caller *who, int64_t unit,
			store_council_filter *f, store_council_topic **out, size_t *n, fq_err *err);
fq_status cnlsvc_meetings(store *db, fq_arena *a, const caller *who, int64_t unit,
			  store_council_filter *f, store_council_meeting **out, size_t *n,
			  fq_err *err);

/* A resolution with its follow-up tasks. */
typedef struct cnlsvc_resolution_view {
	store_council_resolution r;
	store_council_task *tasks;
	size_t n_tasks;
} cnlsvc_resolution_view;

/* Resolutions with their tasks, newest first. */
fq_status cnlsvc_resolutions(store *db, fq_arena *a, const caller *who, int64_t unit,
			     store_council_filter *f, cnlsvc_resolution_view **out, size_t *n,
			     fq_err *err);

/* A topic with the latest CNLSVC_EVENTS_MAX events of its timeline. */
typedef struct cnlsvc_topic_view {
	store_council_topic t;
	store_council_event *ev;
	size_t n_ev;
} cnlsvc_topic_view;

/* Topic id as the caller sees it (supported: by them); FQ_ENOTFOUND (id)
 * out of sight. */
fq_status cnlsvc_topic(store *db, fq_arena *a, const caller *who, int64_t id,
		       cnlsvc_topic_view *out, fq_err *err);

/* Everything a meeting page shows, read in one snapshot. */
typedef struct cnlsvc_meeting_view {
	store_council_meeting m;
	store_council_participant *parts;
	size_t n_parts;
	store_council_item *items;
	size_t n_items;
	store_council_opinion *ops;
	size_t n_ops;
	store_council_vote *votes;
	size_t n_votes;
	bool staff; /* the caller runs the meeting's unit */
	int64_t me; /* the caller's participant id, or 0 */
} cnlsvc_meeting_view;

/* Meeting id for a participant or anyone who sees its unit; FQ_ENOTFOUND
 * (id) otherwise. */
fq_status cnlsvc_meeting(store *db, fq_arena *a, const caller *who, int64_t id,
			 cnlsvc_meeting_view *out, fq_err *err);

/* A vote as one caller sees it. */
typedef struct cnlsvc_vote_view {
	store_council_vote v;
	store_council_meeting m;
	store_council_ballot *ballots; /* who chose what: a closed open ballot only */
	size_t n_ballots;
	int64_t me;     /* the caller's participant id, or 0 */
	bool can_vote;  /* the caller is a participant with a vote */
	bool has_voted;
} cnlsvc_vote_view;

/* Vote id for a participant of its meeting or anyone who sees its unit;
 * FQ_ENOTFOUND (id) otherwise. */
fq_status cnlsvc_vote(store *db, fq_arena *a, const caller *who, int64_t id,
		      cnlsvc_vote_view *out, fq_err *err);

/* The open votes of meetings the caller takes part in (at most
 * CNLSVC_MY_VOTES_MAX). */
fq_status cnlsvc_my_votes(store *db, fq_arena *a, const caller *who,
			  store_council_my_vote **out, size_t *n, fq_err *err);

/* One resolution / one task by id (FQ_ENOTFOUND when there is none): for
 * the answer to a write that the caller was allowed to make. */
fq_status cnlsvc_resolution(store *db, fq_arena *a, int64_t id, store_council_resolution *out,
			    fq_err *err);
fq_status cnlsvc_task(store *db, fq_arena *a, int64_t id, store_council_task *out,
		      fq_err *err);

/* Open tasks overdue at now under ?unit= (0: the caller's widest staff
 * unit), for staff of that unit only (FQ_EFORBIDDEN otherwise). */
fq_status cnlsvc_overdue(store *db, fq_arena *a, const caller *who, int64_t unit, int64_t now,
			 store_council_task **out, size_t *n, fq_err *err);

/* A closed meeting on the public page: who took part and the votes. */
typedef struct cnlsvc_public_meeting {
	store_council_meeting m;
	store_council_participant *parts;
	size_t n_parts;
	store_council_vote *votes;
	size_t n_votes;
} cnlsvc_public_meeting;

/* The public results page of a unit (or of everything): decided topics,
 * closed meetings and resolutions with their tasks, CNLSVC_PUBLIC_MAX of
 * each. Whoever shows it leaves out names of people but the participants'. */
typedef struct cnlsvc_public {
	const char *unit_name; /* "" for everything */
	store_council_topic *decided;
	size_t n_decided;
	cnlsvc_public_meeting *meetings;
	size_t n_meetings;
	cnlsvc_resolution_view *res;
	size_t n_res;
} cnlsvc_public;

/* The page below unit (0: everything); FQ_ENOTFOUND when there is no such
 * unit. Needs no caller. */
fq_status cnlsvc_public_page(store *db, fq_arena *a, int64_t unit, cnlsvc_public *out,
			     fq_err *err);

/* ---- writes as jobs (svc.h) -------------------------------------------------------- */

/* The writes: what the job's id (and item_id, the agenda item of the
 * path) is, the inputs that count (in.x), and the output. */
typedef enum cnlsvc_op {
	CNLSVC_TOPIC_CREATE,     /* unit_id, title, body, source, request_id; new_id */
	CNLSVC_TOPIC_SUPPORT,    /* id: the topic */
	CNLSVC_TOPIC_DROP,       /* id: the topic; note */
	CNLSVC_TOPIC_DECIDE,     /* id: the topic; note */
	CNLSVC_THRESHOLD,        /* id: the unit; supports */
	CNLSVC_MEETING_CREATE,   /* unit_id, title, kind, starts_at, place; id and new_id */
	CNLSVC_MEETING_UPDATE,   /* id: the meeting; title, starts_at, place */
	CNLSVC_PARTICIPANT_ADD,  /* id: the meeting; kind, name, account_id, talent_id, can_vote; new_id */
	CNLSVC_AGENDA_ADD,       /* id: the meeting; topic_id; new_id: the item */
	CNLSVC_MEETING_OPEN,     /* id: the meeting */
	CNLSVC_MEETING_CLOSE,    /* id: the meeting */
	CNLSVC_MINUTES,          /* id: the meeting, and item_id; minutes */
	CNLSVC_OPINION,          /* id: the meeting, and item_id; text, participant_id; new_id: speaker */
	CNLSVC_VOTE_OPEN,        /* id: the meeting; item_id, motion, secret, quorum, majority; new_id */
	CNLSVC_BALLOT,           /* id: the vote; choice, paper with participant_id */
	CNLSVC_VOTE_CLOSE,       /* id: the vote */
	CNLSVC_RESOLUTION,       /* id: the vote; text; new_id */
	CNLSVC_TASK_CREATE,      /* id: the resolution; title, deadline, owners, parent_id; new_id */
	CNLSVC_TASK_PROGRESS,    /* id: the task; progress, note */
	CNLSVC_TASK_SUPERVISE,   /* id: the task; card, due, note */
	CNLSVC_OP_COUNT
} cnlsvc_op;

/* The inputs of a write, as sent (strings borrowed, 0 / NULL when absent). */
typedef struct cnlsvc_in {
	int64_t unit_id, request_id, topic_id, item_id, participant_id;
	int64_t account_id, talent_id, parent_id, owner_account_id, owner_unit_id;
	const char *title, *body, *source, *note, *kind, *place, *name;
	const char *minutes, *text, *motion, *majority, *choice, *card;
	int64_t starts_at, deadline, due; /* unix seconds */
	int supports, progress;
	int quorum_num, quorum_den;       /* -1: the default (CNLSVC_QUORUM_*_DEFAULT) */
	int can_vote;                     /* 0 or 1; -1: absent, a participant then votes */
	int secret;                       /* 0 or 1 */
	int paper;                        /* participant_id was sent: staff record a paper ballot */
} cnlsvc_in;

/* A council write on behalf of who, with its inputs and outputs. */
typedef struct cnlsvc_job {
	svc_job job;      /* first */
	cnlsvc_op op;     /* set by cnlsvc_job_init */
	fq_arena *a;      /* the submitter's, not used by it meanwhile */
	const caller *who;
	int64_t now;      /* unix seconds */
	int64_t id;       /* the thing acted on (see cnlsvc_op) */
	int64_t item_id;  /* the agenda item acted on */
	cnlsvc_in in;
	int64_t new_id;   /* out: the row created */
} cnlsvc_job;

/* Set the job's body for op; fill the inputs before or after. */
void cnlsvc_job_init(cnlsvc_job *j, cnlsvc_op op);

/* Run job j (initialised, inputs filled) on c, inside a write job of the
 * caller's own: the same checks and rows as submitting it, for the demo,
 * which plays many council writes in one job. Its status (err says why);
 * j->job.st is not set. */
fq_status cnlsvc_job_run(store_conn *c, cnlsvc_job *j, fq_err *err);

#endif
