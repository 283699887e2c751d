/*
 * store_council.h - storage of resident councils (migration 8): topics
 * and their supports and events, meetings with participants, agenda
 * items, minutes and opinions (store_council.c); votes, ballots,
 * resolutions and follow-up tasks (store_council_votes.c).
 *
 * Only primitives live here; the rules that decide what may change are in
 * domain/council.h and the transactions that combine both in
 * src/api/councils*.c. Scope is by unit path: `below` keeps rows whose
 * unit is at or under a path (?unit=), `seen_by` keeps rows whose unit is
 * at, under or above one of a caller's unit paths: what the caller may
 * read one by one (staff: their units and below; everyone: the community
 * and street they stand in).
 *
 * Secret ballots: who has voted is kept in council_voters, the choices in
 * council_ballots under a random key with no participant, in a table
 * without insertion order, so no row or query links a voter to a choice.
 */
#ifndef FQ_STORE_STORE_COUNCIL_H
#define FQ_STORE_STORE_COUNCIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

/* Most rows one read returns: a page of a list, the participants, agenda
 * items, votes or tasks of one thing, and the opinions of one meeting.
 * The domain's limits (domain/council.h) stay below these. */
#define STORE_COUNCIL_LIST_MAX 100
#define STORE_COUNCIL_ROWS_MAX 500
#define STORE_COUNCIL_OPINIONS_MAX 15000

/* A topic. Strings live in the arena given to the reading call. */
typedef struct store_council_topic {
	int64_t id;
	int64_t unit_id;
	const char *unit_path;
	const char *unit_name;
	const char *title;
	const char *body;
	const char *source;           /* request, proposal, staff */
	int64_t request_id;           /* 0 = none */
	int64_t proposer_person_id;   /* 0 = none */
	int64_t proposer_account_id;  /* 0 = none */
	const char *proposer_name;    /* the proposer account's display name, or "" */
	const char *state;
	int threshold;                /* supports needed (proposals), else 0 */
	int supports;
	int supported;                /* by the viewer named in the read */
	int64_t created_at;
	int64_t updated_at;
} store_council_topic;

/* Scope and filters of a list; NULL / 0 do not filter. */
typedef struct store_council_filter {
	const char *below;   /* unit path: rows at or under it */
	const char *seen_by; /* JSON array of unit paths: rows at, under or above one */
	const char *state;
	const char *source;  /* topics only */
	int64_t after_id;    /* cursor */
	int limit;           /* 1..COUNCIL_LIST_MAX */
} store_council_filter;

/* One event of a topic's timeline. */
typedef struct store_council_event {
	int64_t at;
	int64_t actor_account_id; /* 0: the rule */
	const char *event;
	const char *old_state;    /* NULL for the first */
	const char *new_state;
	const char *note;
} store_council_event;

/* The support threshold a unit sets itself, or 0 when it sets none. */
fq_status store_council_threshold_get(store_conn *c, int64_t unit_id, int *out, fq_err *err);

/* Set a unit's threshold (insert or replace). */
fq_status store_council_threshold_set(store_conn *c, int64_t unit_id, int supports, fq_err *err);

/* Insert a topic (id, unit_name, proposer_name and supported ignored);
 * *id_out receives its id. */
fq_status store_council_topic_insert(store_conn *c, const store_council_topic *t, int64_t *id_out,
				     fq_err *err);

/* One topic; supported says whether viewer_account_id supports it.
 * FQ_ENOTFOUND when there is none. */
fq_status store_council_topic_get(store_conn *c, fq_arena *a, int64_t id,
				  int64_t viewer_account_id, store_council_topic *out, fq_err *err);

/* Topics by id, up to f->limit, in the arena. */
fq_status store_council_topic_list(store_conn *c, fq_arena *a, const store_council_filter *f,
				   int64_t viewer_account_id, store_council_topic **out,
				   size_t *n, fq_err *err);

/* Set a topic's state (and updated_at) and add the event to its timeline
 * in one call. actor 0 = the rule. */
fq_status store_council_topic_move(store_conn *c, int64_t id, const char *old_state,
				   const char *new_state, const char *event, int64_t actor,
				   const char *note, int64_t now, fq_err *err);

/* The timeline of a topic, oldest first, at most max events. */
fq_status store_council_topic_events(store_conn *c, fq_arena *a, int64_t topic_id, int max,
				     store_council_event **out, size_t *n, fq_err *err);

/* Record account_id's support of a topic and count it: *supports_out is
 * the topic's supports after. FQ_ECONFLICT (field "account") when the
 * account supports it already. */
fq_status store_council_support_add(store_conn *c, int64_t topic_id, int64_t account_id,
				    int64_t now, int *supports_out, fq_err *err);

/* The scope path of a request (its grid's path); FQ_ENOTFOUND (field
 * "request_id") when there is none. */
fq_status store_council_request_path(store_conn *c, fq_arena *a, int64_t request_id,
				     const char **path_out, fq_err *err);

/* The display name of an account; FQ_ENOTFOUND (field "account_id") when
 * there is none. */
fq_status store_council_account_name(store_conn *c, fq_arena *a, int64_t account_id,
				     const char **name_out, fq_err *err);

/* ---- meetings ---------------------------------------------------------- */

typedef struct store_council_meeting {
	int64_t id;
	int64_t unit_id;
	const char *unit_path;
	const char *unit_name;
	const char *title;
	const char *kind;        /* council, round_table */
	int64_t starts_at;
	const char *place;
	const char *state;
	int64_t opened_at;       /* 0 = not yet */
	int64_t closed_at;
	int64_t created_at;
} store_council_meeting;

typedef struct store_council_participant {
	int64_t id;
	int64_t meeting_id;
	const char *kind;        /* talent, resident_rep, department, property_company, staff */
	int64_t talent_id;       /* 0 = none */
	int64_t account_id;      /* 0 = votes on paper */
	const char *name;
	int can_vote;
} store_council_participant;

typedef struct store_council_item {
	int64_t id;
	int64_t meeting_id;
	int64_t topic_id;
	const char *topic_title;
	const char *topic_state;
	int position;
	const char *minutes;
} store_council_item;

typedef struct store_council_opinion {
	int64_t id;
	int64_t item_id;
	int64_t participant_id;
	const char *participant_name;
	const char *participant_kind;
	const char *text;
	int64_t at;
} store_council_opinion;

/* Insert a meeting (state scheduled); *id_out receives its id. */
fq_status store_council_meeting_insert(store_conn *c, const store_council_meeting *m,
				       int64_t created_by, int64_t now, int64_t *id_out,
				       fq_err *err);

/* One meeting; FQ_ENOTFOUND when there is none. */
fq_status store_council_meeting_get(store_conn *c, fq_arena *a, int64_t id,
				    store_council_meeting *out, fq_err *err);

/* Meetings by start time, latest first (cursor: id), in the arena. */
fq_status store_council_meeting_list(store_conn *c, fq_arena *a, const store_council_filter *f,
				     store_council_meeting **out, size_t *n, fq_err *err);

/* Change title, starts_at and place (NULL / 0 keep the old value). */
fq_status store_council_meeting_update(store_conn *c, int64_t id, const char *title,
				       int64_t starts_at, const char *place, int64_t now,
				       fq_err *err);

/* Set a meeting's state; opening sets opened_at, closing closed_at. */
fq_status store_council_meeting_set_state(store_conn *c, int64_t id, const char *state,
					  int64_t now, fq_err *err);

/* Add a participant; FQ_ECONFLICT (field "account_id") when the account
 * takes part already. */
fq_status store_council_participant_insert(store_conn *c, const store_council_participant *p,
					   int64_t now, int64_t *id_out, fq_err *err);

/* The participants of a meeting in the order added (at most
 * COUNCIL_PARTICIPANTS_MAX). */
fq_status store_council_participants(store_conn *c, fq_arena *a, int64_t meeting_id,
				     store_council_participant **out, size_t *n, fq_err *err);

/* One participant of a meeting by id, or by account (account_id > 0 and
 * id 0). FQ_ENOTFOUND when there is none. */
fq_status store_council_participant_get(store_conn *c, fq_arena *a, int64_t meeting_id,
					int64_t id, int64_t account_id,
					store_council_participant *out, fq_err *err);

/* How many participants the meeting has, and how many of them may vote. */
fq_status store_council_participant_count(store_conn *c, int64_t meeting_id, int *all,
					  int *voters, fq_err *err);

/* Add a topic to the end of the agenda; FQ_ECONFLICT (field "topic_id")
 * when it is on this agenda already. */
fq_status store_council_item_insert(store_conn *c, int64_t meeting_id, int64_t topic_id,
				    int64_t *id_out, fq_err *err);

/* The agenda of a meeting, in order. */
fq_status store_council_items(store_conn *c, fq_arena *a, int64_t meeting_id,
			      store_council_item **out, size_t *n, fq_err *err);

/* One agenda item of a meeting; FQ_ENOTFOUND when it is not one of its. */
fq_status store_council_item_get(store_conn *c, fq_arena *a, int64_t meeting_id, int64_t id,
				 store_council_item *out, fq_err *err);

/* Replace an item's minutes. */
fq_status store_council_item_set_minutes(store_conn *c, int64_t id, const char *minutes,
					 fq_err *err);

/* Add an opinion; *count_out is the item's opinions before it. */
fq_status store_council_opinion_count(store_conn *c, int64_t item_id, int *out, fq_err *err);
fq_status store_council_opinion_insert(store_conn *c, int64_t item_id, int64_t participant_id,
				       const char *text, int64_t recorded_by, int64_t now,
				       fq_err *err);

/* The opinions on a meeting's agenda, item by item, oldest first. */
fq_status store_council_opinions(store_conn *c, fq_arena *a, int64_t meeting_id,
				 store_council_opinion **out, size_t *n, fq_err *err);

/* ---- votes and ballots (store_council_votes.c) --------------------------- */

typedef struct store_council_vote {
	int64_t id;
	int64_t meeting_id;
	int64_t item_id;       /* 0: a motion of the meeting */
	int64_t topic_id;      /* the item's topic, or 0 */
	const char *motion;
	int secret;
	int quorum_num, quorum_den;
	const char *majority;  /* simple, absolute */
	const char *state;     /* open, closed */
	int eligible;
	int voted, yes, no, abstain; /* closed votes */
	int quorum_met, passed;
	const char *outcome;   /* closed votes: passed, rejected, tie, no_quorum; else "" */
	int64_t opened_at, closed_at;
	int64_t resolution_id; /* 0 = none */
	int cast;              /* participants who have voted so far */
} store_council_vote;

/* Insert a vote (state open); *id_out receives its id. */
fq_status store_council_vote_insert(store_conn *c, const store_council_vote *v, int64_t by,
				    int64_t now, int64_t *id_out, fq_err *err);

/* One vote; FQ_ENOTFOUND when there is none. */
fq_status store_council_vote_get(store_conn *c, fq_arena *a, int64_t id, store_council_vote *out,
				 fq_err *err);

/* The votes of a meeting in the order opened. */
fq_status store_council_votes(store_conn *c, fq_arena *a, int64_t meeting_id,
			      store_council_vote **out, size_t *n, fq_err *err);

/* How many votes of a meeting there are and how many are open. */
fq_status store_council_vote_count(store_conn *c, int64_t meeting_id, int *all, int *open,
				   fq_err *err);

/* Close a vote with its results (v->voted ... v->outcome). FQ_ECONFLICT
 * when it is closed already (the results never change). */
fq_status store_council_vote_close(store_conn *c, const store_council_vote *v, int64_t now,
				   fq_err *err);

/* Record that participant has voted (FQ_ECONFLICT, field "participant",
 * when they have) and their choice: with them on an open ballot, under a
 * random key and without them on a secret one. */
fq_status store_council_ballot_cast(store_conn *c, int64_t vote_id, int secret,
				    int64_t participant_id, const char *choice,
				    int64_t recorded_by, fq_err *err);

/* Count the choices of a vote. */
fq_status store_council_tally(store_conn *c, int64_t vote_id, int *yes, int *no, int *abstain,
			      fq_err *err);

/* Whether a participant has voted. */
fq_status store_council_has_voted(store_conn *c, int64_t vote_id, int64_t participant_id,
				  int *out, fq_err *err);

/* An open ballot's choices with their voters' names (open ballots only). */
typedef struct store_council_ballot {
	int64_t participant_id;
	const char *name;
	const char *choice;
} store_council_ballot;
fq_status store_council_open_ballots(store_conn *c, fq_arena *a, int64_t vote_id,
				     store_council_ballot **out, size_t *n, fq_err *err);

/* A vote the account may cast: open votes of meetings where it is a
 * participant, with its participant row and whether it has voted. */
typedef struct store_council_my_vote {
	store_council_vote vote;
	const char *meeting_title;
	int64_t participant_id;
	int can_vote;
	int has_voted;
} store_council_my_vote;
fq_status store_council_my_votes(store_conn *c, fq_arena *a, int64_t account_id, int max,
				 store_council_my_vote **out, size_t *n, fq_err *err);

/* ---- resolutions and tasks ------------------------------------------------ */

typedef struct store_council_resolution {
	int64_t id;
	int64_t vote_id;
	int64_t meeting_id;
	int64_t topic_id;     /* 0 = a motion */
	const char *unit_path;
	const char *text;
	const char *meeting_title;
	const char *topic_title; /* "" for a motion */
	int64_t created_at;
} store_council_resolution;

typedef struct store_council_task {
	int64_t id;
	int64_t resolution_id;
	int64_t parent_id;        /* 0 = top */
	const char *unit_path;
	const char *title;
	int64_t owner_account_id; /* 0 = none */
	const char *owner_name;   /* the owner account's display name, or "" */
	int64_t owner_unit_id;    /* 0 = none */
	const char *owner_unit_name;
	const char *owner_unit_path; /* "" when no owner unit */
	int64_t deadline;
	int progress;
	const char *state;        /* open, done */
	int children;
	const char *card;         /* none, normal, yellow, red */
	int64_t card_due;
	const char *card_note;
	int64_t overdue_at;       /* 0 = not flagged */
	int64_t created_at;
	int64_t updated_at;
} store_council_task;

fq_status store_council_resolution_insert(store_conn *c, const store_council_resolution *r,
					  int64_t by, int64_t now, int64_t *id_out, fq_err *err);
fq_status store_council_resolution_get(store_conn *c, fq_arena *a, int64_t id,
				       store_council_resolution *out, fq_err *err);

/* Resolutions by id, newest first (filter: below, seen_by, after_id as a
 * cursor going down, limit). */
fq_status store_council_resolution_list(store_conn *c, fq_arena *a,
					const store_council_filter *f,
					store_council_resolution **out, size_t *n, fq_err *err);

/* Insert a task and count it on its parent; *id_out receives its id. */
fq_status store_council_task_insert(store_conn *c, const store_council_task *t, int64_t now,
				    int64_t *id_out, fq_err *err);

fq_status store_council_task_get(store_conn *c, fq_arena *a, int64_t id,
				 store_council_task *out, fq_err *err);

/* The tasks of a resolution, parents before children (by id). */
fq_status store_council_tasks_of(store_conn *c, fq_arena *a, int64_t resolution_id,
				 store_council_task **out, size_t *n, fq_err *err);

/* How many tasks a resolution has. */
fq_status store_council_task_count(store_conn *c, int64_t resolution_id, int *out, fq_err *err);

/* Open tasks under `below` whose deadline is before now, earliest first,
 * or (any_card) that carry a supervision card. */
fq_status store_council_tasks_overdue(store_conn *c, fq_arena *a, const char *below,
				      int64_t now, int limit, store_council_task **out,
				      size_t *n, fq_err *err);

/* Set a task's progress and state (done_at set when done). */
fq_status store_council_task_set_progress(store_conn *c, int64_t id, int progress,
					  const char *state, int64_t now, fq_err *err);

/* The progress of a task's children, in a new arena array. */
fq_status store_council_task_children(store_conn *c, fq_arena *a, int64_t parent_id,
				      int **out, size_t *n, fq_err *err);

/* Put a supervision card on a task. */
fq_status store_council_task_set_card(store_conn *c, int64_t id, const char *card, int64_t due,
				      const char *note, int64_t now, fq_err *err);

/* Add to a task's timeline. account 0 = the system; progress < 0 = none. */
fq_status store_council_task_note(store_conn *c, int64_t task_id, int64_t account,
				  const char *event, int progress, const char *note, int64_t now,
				  fq_err *err);

/* Flag open tasks whose deadline or card deadline has passed and note it
 * on their timelines; *flagged_out counts them. */
fq_status store_council_sweep(store_conn *c, int64_t now, int *flagged_out, fq_err *err);

#endif
