/*
 * talent_svc.h - the talent pool's service: who may do what, and each
 * operation as one unit of work on a store connection (the writer's
 * transaction), so that the API, the demo and the sweeper share one
 * implementation.
 *
 * Who: coordinators (TALENT_WHO_COORDINATE) suggest, send, cancel and rate
 * within the units their roles cover (the subject's unit path); staff
 * (TALENT_WHO_ENROL) enter recommendations and elections and edit
 * members of pools they cover; community officers (TALENT_WHO_APPROVE)
 * approve and reject; a member's own account self-nominates, answers its
 * offers, marks its tasks done, edits its availability and withdraws.
 * Anything outside the caller's reach is FQ_ENOTFOUND, never a hint that
 * it exists.
 *
 * Reads take the store and open their own read transaction; writes are
 * jobs (talsvc_job, svc.h) whose bodies call the functions that take a
 * store connection, and write the audit row in the same transaction.
 *
 * Passing on: when an offer is declined (talsvc_task_act) or expires
 * (talsvc_sweep), the best suggestion not yet tried for the subject is
 * offered in the same transaction, with the same coordinator, note and
 * answer window, up to TALENT_CHAIN_MAX offers in a row.
 */
#ifndef FQ_DOMAIN_TALENT_SVC_H
#define FQ_DOMAIN_TALENT_SVC_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/svc.h"
#include "domain/talent.h"
#include "store/store.h"
#include "store/store_talent.h"

#define TALENT_WHO_COORDINATE (ROLE_DISPATCHER | ROLE_COMMUNITY_OFFICER | ROLE_MEDIATOR | ROLE_ADMIN)
#define TALENT_WHO_READ (WHO_STAFF | ROLE_MEDIATOR)
#define TALENT_WHO_ENROL (ROLE_GRID_WORKER | ROLE_COMMUNITY_OFFICER | ROLE_DISPATCHER | ROLE_ADMIN)
#define TALENT_WHO_APPROVE (ROLE_COMMUNITY_OFFICER | ROLE_ADMIN)

/* Offers the sweeper expires per write transaction. */
#define TALENT_SWEEP_BATCH 200

/* Characters of a pool name, a title, a relation. */
#define TALENT_POOL_NAME_MAX 60
#define TALENT_TITLE_MAX 40
#define TALENT_RELATION_MAX 40

/* Whether the caller may see the member (their own record, or staff over
 * its pool) / the task (the member's own, or staff over the subject). */
int talsvc_member_visible(const caller *who, const store_talent *t);
int talsvc_task_visible(const caller *who, const store_talent_task *k);

/* A pool with the display data of its unit; the caller must cover the
 * unit with TALENT_WHO_APPROVE, which must be a community or village.
 * FQ_ENOTFOUND (unit_id) outside the caller's reach, FQ_EINVAL (unit_id)
 * for another kind, FQ_ECONFLICT when the unit has a pool. */
fq_status talsvc_pool_create(store_conn *c, fq_arena *a, const caller *who, int64_t unit_id,
			     const char *name, int64_t now, int64_t *id, fq_err *err);

/* A member as entered. Tags are wire names (validated here). */
typedef struct talsvc_enrol_in {
	int64_t pool_id;
	int64_t person_id;          /* 0 for a self-nomination: the caller's person */
	talent_enrolment enrolment;
	const char *title;
	const char *note;
	const char *const *skills;
	size_t n_skills;
	const char *const *roles;
	size_t n_roles;
	int capacity;               /* 0: TALENT_CAPACITY_DEFAULT */
} talsvc_enrol_in;

/* Enrol: self-nomination by the caller for their own person, or a
 * recommendation / election entered by staff over the pool. The person
 * must live under the pool's unit. The new member is pending. */
fq_status talsvc_enrol(store_conn *c, fq_arena *a, const caller *who, const talsvc_enrol_in *in,
		       int64_t now, int64_t *id, fq_err *err);

/* Approve, reject or withdraw member id with a note (may be NULL). */
fq_status talsvc_decide(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			talent_decision d, const char *note, int64_t now, fq_err *err);

/* An edit of a member; NULL / negative members are left as they are. */
typedef struct talsvc_edit {
	int availability;           /* talent_availability, or -1 */
	int64_t available_until;    /* with availability: 0 = no end */
	int capacity;               /* or 0 */
	const char *title;
	const char *const *skills;  /* with has_skills */
	size_t n_skills;
	int has_skills;
	const char *const *roles;   /* with has_roles */
	size_t n_roles;
	int has_roles;
} talsvc_edit;

fq_status talsvc_update(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			const talsvc_edit *e, int64_t now, fq_err *err);

/* Declare a relation of member id to a person or a household. */
fq_status talsvc_relation_add(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			      int64_t person_id, int64_t household_id, const char *relation,
			      int64_t now, int64_t *rel_id, fq_err *err);

/* Tags in a bit set from wire names; FQ_EINVAL naming field for an
 * unknown one. */
fq_status talsvc_tags(const char *const *names, size_t n, int roles, const char *field,
		      store_talent_tags *out, fq_err *err);

/* Suggestions for a subject, with display rows of the members. */
typedef struct talsvc_suggestions {
	store_talent_subject subject;
	talent_need need;
	talent_ranking ranking;        /* items and excluded point into cands */
	talent_candidate *cands;
	size_t n_cands;
	store_talent *members;         /* ranking.n rows: the items' members */
	store_talent *excluded_members; /* ranking.n_excluded rows */
} talsvc_suggestions;

/* Rank the approved members of the subject's street for it (k best), in
 * one read transaction. FQ_ENOTFOUND (subject) when the subject does not
 * exist or the caller does not coordinate over it. */
fq_status talsvc_suggest(store *db, fq_arena *a, const caller *who, talent_subject_kind kind,
			 int64_t subject_id, int64_t now, size_t k, talsvc_suggestions *out,
			 fq_err *err);

/* A task as sent. */
typedef struct talsvc_offer_in {
	talent_subject_kind kind;
	int64_t subject_id;
	int64_t talent_id;
	const char *note;
	int64_t answer_within_s; /* 0: TALENT_ANSWER_DEFAULT_S */
} talsvc_offer_in;

/* Send the task: the member must be eligible (not excluded: FQ_EINVAL
 * naming talent_id with the reason); the subject must still be open
 * (FQ_ECONFLICT naming subject). */
fq_status talsvc_offer(store_conn *c, fq_arena *a, const caller *who, const talsvc_offer_in *in,
		       int64_t now, int64_t *task_id, fq_err *err);

/* The request timeline event of a member's outcome (talsvc_task_act). */
#define TALSVC_EV_OUTCOME "talent_outcome"

/* An action on a task: text is a decline's reason or the outcome; rating
 * 1..5 for TALENT_TASK_RATE. *next is the task offered in turn after a
 * decline (0 when none). The outcome of a task on a request is also
 * written on the request's timeline (TALSVC_EV_OUTCOME), in the same
 * transaction. */
fq_status talsvc_task_act(store_conn *c, fq_arena *a, const caller *who, int64_t task_id,
			  talent_task_action act, const char *text, int rating, int64_t now,
			  int64_t *next, fq_err *err);

/* ---- reads (talent_svc_read.c): one read transaction each, rows in a ---------- */

/* Pools the caller sees: staff over a pool, or a role bound under it. */
fq_status talsvc_pools(store *db, fq_arena *a, const caller *who, store_talent_pool **out,
		       size_t *n, fq_err *err);

/* One pool; FQ_ENOTFOUND (pool_id) when there is none. */
fq_status talsvc_pool_get(store *db, fq_arena *a, int64_t id, store_talent_pool *out,
			  fq_err *err);

/* One page of a list: the rows the caller may see, and the id to continue
 * after (0 on the last page; taken before rows out of sight are left out). */
typedef struct talsvc_page {
	void *rows;      /* store_talent or store_talent_task */
	size_t n;
	int64_t last_id;
} talsvc_page;

/* Members matching f within the caller's reach (f->path is set here). */
fq_status talsvc_list(store *db, fq_arena *a, const caller *who, store_talent_filter *f,
		      talsvc_page *out, fq_err *err);

/* A member with its declared relations. */
typedef struct talsvc_member_view {
	store_talent t;
	store_talent_relation *rel;
	size_t n_rel;
} talsvc_member_view;

/* Member id with its relations; FQ_ENOTFOUND (id) when the caller may not
 * see it. */
fq_status talsvc_member(store *db, fq_arena *a, const caller *who, int64_t id,
			talsvc_member_view *out, fq_err *err);

/* The caller's own member record with its relations; FQ_ENOTFOUND when
 * the caller is no member. */
fq_status talsvc_me(store *db, fq_arena *a, const caller *who, talsvc_member_view *out,
		    fq_err *err);

/* Recent tasks a workload shows. */
#define TALSVC_WORKLOAD_RECENT 20

/* A member's workload: tasks by state (counts[s] for talent_task_state s)
 * and the most recent ones. */
typedef struct talsvc_workload {
	store_talent t;
	int64_t counts[TALENT_TASK_STATE_COUNT];
	store_talent_task *recent;
	size_t n_recent;
} talsvc_workload;

/* The workload of member id; FQ_ENOTFOUND (id) when the caller may not see it. */
fq_status talsvc_workload_get(store *db, fq_arena *a, const caller *who, int64_t id,
			      talsvc_workload *out, fq_err *err);

/* One task; FQ_ENOTFOUND (id) when the caller may not see it. */
fq_status talsvc_task(store *db, fq_arena *a, const caller *who, int64_t id,
		      store_talent_task *out, fq_err *err);

/* Tasks matching f that the caller may see. mine: the caller's own as a
 * member (none when the caller is no member), else f->path is the
 * caller's reach. */
fq_status talsvc_tasks(store *db, fq_arena *a, const caller *who, int mine,
		       store_talent_task_filter *f, talsvc_page *out, fq_err *err);

/* ---- writes as jobs (talent_svc_job.c, svc.h) ------------------------------------ */

/* The writes of the pool; each is audited in its own transaction. */
typedef enum talsvc_op {
	TALSVC_POOL_CREATE, /* in.pool; id out: the pool */
	TALSVC_ENROL,       /* in.enrol; id out: the member */
	TALSVC_DECIDE,      /* id: the member; in.decide */
	TALSVC_UPDATE,      /* id: the member; in.edit */
	TALSVC_RELATION,    /* id: the member; in.relation */
	TALSVC_OFFER,       /* in.offer; id out: the task */
	TALSVC_TASK_ACT,    /* id: the task; in.act; next out */
	TALSVC_OP_COUNT
} talsvc_op;

/* A write of the pool on behalf of who, with its inputs and outputs. */
typedef struct talsvc_job {
	svc_job job;      /* first */
	talsvc_op op;     /* set by talsvc_job_init */
	fq_arena *a;      /* the submitter's, not used by it meanwhile */
	const caller *who;
	const char *peer; /* the caller's address, for the audit log (may be NULL) */
	int64_t now;      /* unix seconds */
	int64_t id;       /* the member or task acted on; out: the new row */
	int64_t next;     /* out: the task offered in turn after a decline */
	union {
		struct {
			int64_t unit_id;
			const char *name;
		} pool;
		talsvc_enrol_in enrol;
		struct {
			talent_decision d;
			const char *note;
		} decide;
		talsvc_edit edit;
		struct {
			int64_t person_id, household_id;
			const char *relation;
		} relation;
		talsvc_offer_in offer;
		struct {
			talent_task_action act;
			const char *text; /* a decline's reason or the outcome */
			int rating;
		} act;
	} in;
} talsvc_job;

/* Set the job's body for op; fill the inputs before or after. */
void talsvc_job_init(talsvc_job *j, talsvc_op op);

/* Expire the offers not answered by now and pass each on (blocking, in
 * transactions of TALENT_SWEEP_BATCH); failures are logged. Returns the
 * offers expired. */
int64_t talsvc_sweep(store *db, int64_t now);

#endif
