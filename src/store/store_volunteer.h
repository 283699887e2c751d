/*
 * store_volunteer.h - the rows of volunteers (服务网, docs/volunteers.md):
 * volunteers with the units they serve (store_volunteer.c), teams with
 * their members over time (store_volunteer_team.c). Skills and
 * availability travel as the bit sets of domain/volunteer.h; enumerations
 * as their wire names. Text comes back in the caller's arena.
 */
#ifndef FQ_STORE_STORE_VOLUNTEER_H
#define FQ_STORE_STORE_VOLUNTEER_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

/* Rows one list may return. */
#define STORE_VOL_ROWS_MAX 500

/* ---- volunteers ------------------------------------------------------------------- */

typedef struct store_volunteer {
	int64_t id;
	int64_t person_id;
	const char *name;         /* the person's */
	const char *phone;        /* unmasked, or NULL */
	int64_t account_id;       /* or 0 */
	const char *home_path;    /* scope */
	const char *enrolment;    /* self or staff */
	const char *status;       /* active or left */
	int skill_mask;
	int availability;
	const char *note;
	int64_t enrolled_by;      /* or 0 */
	int64_t created_at;
	int64_t updated_at;
	int64_t minutes;          /* verified minutes in the ledger */
	int is_leader;            /* the person is also a 邻长 */
	int is_talent;            /* and a member of a talent pool */
} store_volunteer;

/* A unit one volunteer serves. */
typedef struct store_vol_unit {
	int64_t unit_id;
	const char *path;
	const char *name;
} store_vol_unit;

/* Insert v (id and the read-only fields ignored); FQ_ECONFLICT (field
 * "person_id") when the person is a volunteer already. */
fq_status store_vol_insert(store_conn *c, const store_volunteer *v, int64_t *id, fq_err *err);

/* One volunteer; FQ_ENOTFOUND (field "id") when there is none. */
fq_status store_vol_get(store_conn *c, fq_arena *a, int64_t id, store_volunteer *out,
			fq_err *err);

/* The volunteer of account_id; FQ_ENOTFOUND when the account has none. */
fq_status store_vol_by_account(store_conn *c, fq_arena *a, int64_t account_id,
			       store_volunteer *out, fq_err *err);

/* Write skill_mask, availability, note, status and updated_at of v. */
fq_status store_vol_update(store_conn *c, const store_volunteer *v, fq_err *err);

/* Replace the units volunteer id serves with units[0..n). */
fq_status store_vol_units_set(store_conn *c, int64_t id, const store_vol_unit *units, size_t n,
			      fq_err *err);

/* The units volunteer id serves, by path (at most STORE_VOL_ROWS_MAX). */
fq_status store_vol_units(store_conn *c, fq_arena *a, int64_t id, store_vol_unit **out,
			  size_t *n, fq_err *err);

/* Filter of store_vol_list; zero members do not filter. */
typedef struct store_vol_filter {
	const char *path;    /* volunteers living under this path ("/" for all) */
	unsigned skill_mask; /* who hold all of these skills */
	int64_t after_id;    /* the cursor */
	int limit;           /* 1..STORE_VOL_ROWS_MAX */
} store_vol_filter;

/* Volunteers matching f, by id. */
fq_status store_vol_list(store_conn *c, fq_arena *a, const store_vol_filter *f,
			 store_volunteer **out, size_t *n, fq_err *err);

/* ---- teams ----------------------------------------------------------------------------- */

typedef struct store_vol_team {
	int64_t id;
	int64_t unit_id;
	const char *unit_path;
	const char *unit_name;
	const char *name;
	const char *kind;
	int64_t leader_id;        /* a volunteer, or 0 */
	const char *leader_name;  /* or NULL */
	int size_max;
	int members;
	int64_t created_by;
	int64_t created_at;
} store_vol_team;

/* Insert t (id, names and members ignored); FQ_ECONFLICT (field "name")
 * when the unit has a team of that name. */
fq_status store_vol_team_insert(store_conn *c, const store_vol_team *t, int64_t *id,
				fq_err *err);

/* One team; FQ_ENOTFOUND (field "id") when there is none. */
fq_status store_vol_team_get(store_conn *c, fq_arena *a, int64_t id, store_vol_team *out,
			     fq_err *err);

/* Teams of units under path, by id after after_id, at most limit. */
fq_status store_vol_teams(store_conn *c, fq_arena *a, const char *path, int64_t after_id,
			  int limit, store_vol_team **out, size_t *n, fq_err *err);

/* One membership of a team, current (left_at 0) or past. */
typedef struct store_vol_member {
	int64_t id;
	int64_t volunteer_id;
	const char *name;
	int64_t joined_at;
	int64_t joined_by;
	int64_t left_at;          /* or 0 */
	int64_t left_by;          /* or 0 */
} store_vol_member;

/* volunteer_id joins team_id and the team's count grows; FQ_ECONFLICT
 * (field "volunteer_id") when they are a member already. */
fq_status store_vol_team_join(store_conn *c, int64_t team_id, int64_t volunteer_id, int64_t by,
			      int64_t now, fq_err *err);

/* volunteer_id leaves team_id (the row is kept, with left_at) and the
 * count shrinks; FQ_ENOTFOUND (field "volunteer_id") when not a member. */
fq_status store_vol_team_leave(store_conn *c, int64_t team_id, int64_t volunteer_id, int64_t by,
			       int64_t now, fq_err *err);

/* The memberships of team_id, current and past, by id. */
fq_status store_vol_team_members(store_conn *c, fq_arena *a, int64_t team_id,
				 store_vol_member **out, size_t *n, fq_err *err);

/* ---- activities (store_volunteer_act.c) ------------------------------------------------ */


typedef struct store_activity {
	int64_t id;
	const char *kind;
	int64_t unit_id;
	const char *unit_path;
	const char *title;
	const char *address;
	double lat, lon;          /* when has_point */
	int has_point;
	int64_t starts_at, ends_at;
	int64_t organiser_id;     /* an account */
	int skill_mask;           /* required skills */
	const char *secret;       /* hex: the key of the check-in code */
	const char *status;
	int64_t created_at;
} store_activity;

typedef struct store_act_slot {
	int64_t id;
	int64_t activity_id;
	const char *role;
	int capacity;
	int confirmed;
} store_act_slot;

/* Insert the activity a (id ignored) with its n slots. */
fq_status store_act_insert(store_conn *c, const store_activity *a, const store_act_slot *slots,
			   size_t n, int64_t *id, fq_err *err);

/* One activity; FQ_ENOTFOUND (field "id") when there is none. */
fq_status store_act_get(store_conn *c, fq_arena *a, int64_t id, store_activity *out,
			fq_err *err);

/* Activities of units under path, by id after after_id, at most limit. */
fq_status store_acts(store_conn *c, fq_arena *a, const char *path, int64_t after_id, int limit,
		     store_activity **out, size_t *n, fq_err *err);

/* The slots of an activity, by id. */
fq_status store_act_slots(store_conn *c, fq_arena *a, int64_t activity_id, store_act_slot **out,
			  size_t *n, fq_err *err);

/* Add d to the confirmed count of slot_id. */
fq_status store_act_slot_count(store_conn *c, int64_t slot_id, int d, fq_err *err);

/* ---- sign-ups ------------------------------------------------------------------------------ */

typedef struct store_signup {
	int64_t id;               /* the order of the waiting list */
	int64_t activity_id;
	int64_t slot_id;
	int64_t volunteer_id;
	const char *name;         /* the volunteer's */
	const char *state;        /* confirmed, waiting, withdrawn */
	int64_t starts_at, ends_at;
	int64_t created_at;
	int64_t withdrawn_at;     /* or 0 */
	int64_t checkin_at;       /* or 0 */
	int64_t checkout_at;      /* or 0 */
} store_signup;

/* Insert s (id, name, times of withdrawal and check ignored). */
fq_status store_signup_insert(store_conn *c, const store_signup *s, int64_t *id, fq_err *err);

/* The sign-up of volunteer_id on activity_id that is not withdrawn;
 * FQ_ENOTFOUND (field "volunteer_id") when there is none. */
fq_status store_signup_of(store_conn *c, fq_arena *a, int64_t activity_id, int64_t volunteer_id,
			  store_signup *out, fq_err *err);

/* Sign-ups of volunteer_id not withdrawn whose span meets [from, to). */
fq_status store_signup_overlaps(store_conn *c, int64_t volunteer_id, int64_t from, int64_t to,
				int *n, fq_err *err);

/* Sign-ups volunteer_id made in [from, to) (withdrawn ones count). */
fq_status store_signup_made(store_conn *c, int64_t volunteer_id, int64_t from, int64_t to,
			    int *n, fq_err *err);

/* The first waiting sign-up of slot_id (0 when none). */
fq_status store_signup_first_waiting(store_conn *c, int64_t slot_id, int64_t *id, fq_err *err);

/* Move sign-up id to state (withdrawn_at = now for "withdrawn"). */
fq_status store_signup_state(store_conn *c, int64_t id, const char *state, int64_t now,
			     fq_err *err);

/* Record a check-in (out 0) or check-out (out 1) of sign-up id at at. */
fq_status store_signup_check(store_conn *c, int64_t id, int out, int64_t at, const char *how,
			     fq_err *err);

/* The sign-ups of an activity, by id (the order of the waiting list). */
fq_status store_signups(store_conn *c, fq_arena *a, int64_t activity_id, store_signup **out,
			size_t *n, fq_err *err);

/* ---- the ledger of hours ------------------------------------------------------------------------ */

typedef struct store_hours {
	int64_t id;
	int64_t volunteer_id;
	int64_t activity_id;      /* or 0 */
	int64_t signup_id;        /* or 0 */
	int64_t minutes;
	const char *kind;         /* attendance or correction */
	const char *reason;       /* or NULL */
	int64_t author_id;        /* or 0 */
	int64_t created_at;
} store_hours;

/* Append h (id ignored). The ledger is never changed. */
fq_status store_hours_insert(store_conn *c, const store_hours *h, int64_t *id, fq_err *err);

/* The entries of volunteer_id, by id (at most STORE_VOL_ROWS_MAX). */
fq_status store_hours_of(store_conn *c, fq_arena *a, int64_t volunteer_id, store_hours **out,
			 size_t *n, fq_err *err);

#endif
