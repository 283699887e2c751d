/*
 * volunteer_svc.h - the service of volunteers (服务网, docs/volunteers.md):
 * who may do what, the reads (each in its own read transaction) and the
 * writes as volsvc_job jobs (svc.h), each audited in its own transaction.
 *
 * Volunteers: a resident with an account registers themselves; staff over
 * the person's home enter anyone of the org tree. A volunteer is seen by
 * themselves and by staff over their home; anything else is 404.
 * Teams: staff over a unit create its teams; members join and leave
 * (themselves, or by staff over the team's unit), the history is kept,
 * and a team never holds more than its size_max.
 */
#ifndef FQ_DOMAIN_VOLUNTEER_SVC_H
#define FQ_DOMAIN_VOLUNTEER_SVC_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/roles.h"
#include "domain/svc.h"
#include "domain/volunteer.h"
#include "model/caller.h"
#include "store/store_volunteer.h"

/* Who enters volunteers and keeps teams within their units, and who reads
 * them. */
#define VOL_WHO_STAFF (ROLE_GRID_WORKER | ROLE_COMMUNITY_OFFICER | ROLE_DISPATCHER | ROLE_ADMIN)
#define VOL_WHO_READ WHO_STAFF

/* Whether who sees volunteer v: themselves, or staff over their home. */
int volsvc_visible(const caller *who, const store_volunteer *v);

/* ---- volunteers ------------------------------------------------------------------- */

/* A list of names as sent; present is 0 when the field was absent. */
typedef struct volsvc_names {
	const char *const *v;
	size_t n;
	int present;
} volsvc_names;

/* A registration (person_id 0: the caller's own person) or an edit (the
 * fields present are changed). */
typedef struct volsvc_edit {
	int64_t person_id;
	volsvc_names skills;       /* vol_skills_parse */
	volsvc_names availability; /* vol_availability_parse */
	const int64_t *units;      /* ids of the units served */
	size_t n_units;
	int has_units;
	const char *note;          /* NULL: unchanged */
	const char *status;        /* "active" or "left"; NULL: unchanged */
} volsvc_edit;

/* A volunteer with the units they serve. */
typedef struct volsvc_view {
	store_volunteer v;
	store_vol_unit *units;
	size_t n_units;
} volsvc_view;

/* One volunteer (volsvc_visible, else 404 naming "id"). */
fq_status volsvc_get(store *db, fq_arena *a, const caller *who, int64_t id, volsvc_view *out,
		     fq_err *err);

/* The caller's own volunteer record; 404 when they have none. */
fq_status volsvc_me(store *db, fq_arena *a, const caller *who, volsvc_view *out, fq_err *err);

/* The volunteers within the caller's scope matching f (f->path is set
 * here), by id. */
fq_status volsvc_list(store *db, fq_arena *a, const caller *who, store_vol_filter *f,
		      store_volunteer **out, size_t *n, fq_err *err);

/* ---- teams -------------------------------------------------------------------------- */

/* A page of a list: rows (of the list's record type) the caller may see,
 * their count, and the id to continue after (0 on the last page: the rows
 * read, before those the caller may not see were left out, did not fill
 * the page). */
typedef struct volsvc_page {
	void *rows;
	size_t n;
	int64_t next;
} volsvc_page;

/* A list read of the caller's rows after after_id, at most limit. */
typedef fq_status volsvc_list_fn(store *db, fq_arena *a, const caller *who, int64_t after_id,
				 int limit, volsvc_page *out, fq_err *err);

typedef struct volsvc_team_in {
	int64_t unit_id;
	const char *name;
	const char *kind;
	int64_t leader_id;  /* a volunteer, or 0 */
	int size_max;       /* 0: VOL_TEAM_SIZE_DEFAULT */
} volsvc_team_in;

/* A team with its memberships, current and past. */
typedef struct volsvc_team_view {
	store_vol_team t;
	store_vol_member *members;
	size_t n_members;
} volsvc_team_view;

/* The teams (store_vol_team) of units within the caller's reach (a
 * resident sees the teams of the units above their home, to join one), by
 * id after after_id. */
volsvc_list_fn volsvc_teams;

/* One team as volsvc_teams would show it, with its members; else 404. */
fq_status volsvc_team(store *db, fq_arena *a, const caller *who, int64_t id,
		      volsvc_team_view *out, fq_err *err);

/* ---- activities ------------------------------------------------------------------------ */

/* Who organises activities within their units. */
#define VOL_WHO_ORGANISE VOL_WHO_STAFF

typedef struct volsvc_act_in {
	const char *kind;          /* activity, course, patrol, callout */
	int64_t unit_id;
	const char *title;
	const char *address;
	int has_point;
	double lat, lon;
	int64_t starts_at, ends_at;
	const store_act_slot *slots; /* role and capacity of each */
	size_t n_slots;
	volsvc_names skills;       /* required skills */
} volsvc_act_in;

/* An activity with its slots and, for its organiser and staff over its
 * unit, its sign-ups (else n_signups 0 and mine the caller's own, if any). */
typedef struct volsvc_act_view {
	store_activity act;
	store_act_slot *slots;
	size_t n_slots;
	store_signup *signups;
	size_t n_signups;
	store_signup mine;         /* id 0: none */
	int manage;                /* the caller organises it */
} volsvc_act_view;

/* Activities (store_activity) of the units within the caller's reach
 * (staff over the unit, or any role bound under it), by id after after_id. */
volsvc_list_fn volsvc_acts;

/* One activity as volsvc_acts would show it; else 404. */
fq_status volsvc_act(store *db, fq_arena *a, const caller *who, int64_t id,
		     volsvc_act_view *out, fq_err *err);

/* The check-in code of the activity at now, for its organiser and staff over
 * its unit (else 404): token, digits and the step's end (unix s). */
fq_status volsvc_act_code(store *db, fq_arena *a, const caller *who, int64_t id, int64_t now,
			  char token[VOL_TOKEN_MAX], char digits[VOL_DIGITS], int64_t *expires,
			  fq_err *err);

/* The ledger of a volunteer (volsvc_visible, else 404), oldest first. */
fq_status volsvc_hours(store *db, fq_arena *a, const caller *who, int64_t volunteer_id,
		       store_hours **out, size_t *n, fq_err *err);

/* ---- writes ------------------------------------------------------------------------------ */

typedef enum volsvc_op {
	VOLSVC_ENROL,       /* in.edit; id out: the volunteer */
	VOLSVC_UPDATE,      /* id: the volunteer; in.edit */
	VOLSVC_TEAM_CREATE, /* in.team; id out: the team */
	VOLSVC_TEAM_JOIN,   /* id: the team; in.member */
	VOLSVC_TEAM_LEAVE,  /* id: the team; in.member */
	VOLSVC_ACT_CREATE,  /* in.act; id out: the activity */
	VOLSVC_SIGNUP,      /* id: the activity; in.member, in.slot_id; out: signup, state */
	VOLSVC_WITHDRAW,    /* id: the activity; in.member; out: promoted */
	VOLSVC_CHECKIN,     /* id: the activity; in.code */
	VOLSVC_CHECKOUT,    /* id: the activity; in.code; out: minutes */
	VOLSVC_MARK,        /* id: the activity; in.member, in.mark; out: minutes */
	VOLSVC_CORRECT,     /* id: the volunteer; in.correct; out: signup (the entry) */
	VOLSVC_OP_COUNT
} volsvc_op;

/* A write of volunteers on behalf of who, with its inputs and outputs. */
typedef struct volsvc_job {
	svc_job job;      /* first */
	volsvc_op op;     /* set by volsvc_job_init */
	fq_arena *a;      /* the submitter's, not used by it meanwhile */
	const caller *who;
	const char *peer; /* the caller's address, for the audit log (may be NULL) */
	int64_t now;      /* unix seconds */
	int64_t id;       /* the row acted on; out: the new row */
	union {
		volsvc_edit edit;
		volsvc_team_in team;
		volsvc_act_in act;
	} in;
	int64_t member;       /* a volunteer (0: the caller's own) */
	int64_t slot_id;      /* a sign-up's slot (0: the only one) */
	const char *code;     /* a check-in or check-out code */
	int64_t mark_in, mark_out; /* attendance the organiser marks */
	int64_t minutes;      /* a correction's; out: minutes credited */
	const char *reason;   /* a correction's */
	int64_t signup;       /* out: the sign-up, or the ledger entry */
	const char *state;    /* out: confirmed or waiting */
	int64_t promoted;     /* out: the sign-up moved up from the waiting list */
} volsvc_job;

/* Set the job's body for op; fill the inputs before or after. */
void volsvc_job_init(volsvc_job *j, volsvc_op op);

#endif
