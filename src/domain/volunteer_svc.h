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

/* The teams of units within the caller's reach (a resident sees the teams
 * of the units above their home, to join one), by id after after_id. */
fq_status volsvc_teams(store *db, fq_arena *a, const caller *who, int64_t after_id, int limit,
		       store_vol_team **out, size_t *n, fq_err *err);

/* One team as volsvc_teams would show it, with its members; else 404. */
fq_status volsvc_team(store *db, fq_arena *a, const caller *who, int64_t id,
		      volsvc_team_view *out, fq_err *err);

/* ---- writes ------------------------------------------------------------------------------ */

typedef enum volsvc_op {
	VOLSVC_ENROL,       /* in.edit; id out: the volunteer */
	VOLSVC_UPDATE,      /* id: the volunteer; in.edit */
	VOLSVC_TEAM_CREATE, /* in.team; id out: the team */
	VOLSVC_TEAM_JOIN,   /* id: the team; in.member */
	VOLSVC_TEAM_LEAVE,  /* id: the team; in.member */
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
		int64_t member;   /* a volunteer (0: the caller's own) */
	} in;
} volsvc_job;

/* Set the job's body for op; fill the inputs before or after. */
void volsvc_job_init(volsvc_job *j, volsvc_op op);

#endif
