/*
 * requests.h - the requests service (诉求, DESIGN.md sections 2 and 3):
 * raising a request (validation, locating it in a grid, the ladder's
 * default handler, deadlines, duplicates, the number, the timeline,
 * counters and the live outbox, in one transaction), applying a lifecycle
 * action to one (reqsvc_apply, the contract the sweeper and others code
 * against), setting the co-handling departments of a street-level request,
 * and the view of one request for a caller: what they may see of it and
 * what they may do with it now.
 *
 * The rules live in lifecycle.h (the transition table), ladder.h (who
 * handles), sla.h and calendar.h (deadlines) and metrics.h (counters);
 * this module loads what they need from the store, asks them, and writes
 * the outcome back. It knows no JSON and no SQL.
 *
 * Who sees a request (anything else is FQ_ENOTFOUND, never a 403): staff
 * whose role covers the request's grid, its assignee and the accounts on
 * duty for it (the holder), its reporter, the 邻长 linked to its
 * household, a building leader whose building it is in, and the
 * department officers of its co-handling departments.
 *
 * Who holds it (REQ_REL_HOLDER): its assignee, and at levels 2..4 any
 * account with the level's handler role (grid worker, community officer,
 * dispatcher) bound to a unit covering it. A department officer of a
 * co-handling department holds it for accept and resolve only.
 *
 * A router role (grid worker, community officer, dispatcher) acts on a
 * request only while the request's level is not above the role's own
 * level (2, 3, 4): once a request has climbed past the grid, its grid
 * worker still sees it but no longer routes it.
 */
#ifndef FQ_DOMAIN_REQUESTS_H
#define FQ_DOMAIN_REQUESTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/geo.h"
#include "domain/ladder.h"
#include "domain/lifecycle.h"
#include "domain/sla.h"
#include "domain/svc.h"
#include "store/store.h"
#include "store/store_photos.h"
#include "store/store_metrics.h"
#include "store/store_requests.h"

/* Longest texts of a new request, in characters. */
#define REQSVC_TITLE_MAX 60
#define REQSVC_DESCRIPTION_MAX 2000
#define REQSVC_ADDRESS_MAX 200
#define REQSVC_CALLER_NAME_MAX 50
#define REQSVC_CATEGORY_CODE_MAX 64
/* Longest Idempotency-Key, in bytes. */
#define REQSVC_IDEM_KEY_MAX 100

/* A request number: "FQ", the day as YYYYMMDD (Asia/Shanghai) and a
 * six-digit sequence of that day; bytes including the NUL. */
#define REQSVC_NUMBER_PREFIX "FQ"
#define REQSVC_NUMBER_SIZE 17
#define REQSVC_SEQ_MAX 999999

/* Possible duplicates: same category, open, created within the window,
 * within the radius of the new location (or in the same building or
 * household); at most REQSVC_DUPLICATES_MAX (STORE_REQ_DUPLICATES_MAX). */
#define REQSVC_DUP_RADIUS_M 200.0
#define REQSVC_DUP_WINDOW_S (7LL * 86400)
#define REQSVC_DUPLICATES_MAX STORE_REQ_DUPLICATES_MAX
/* Metres per degree of latitude, for the duplicate box and distances. */
#define REQSVC_M_PER_DEG_LAT 111320.0

/* A supervision card keeps no start, so no limit to take a share of: it
 * is due soon in its last this many seconds. */
#define REQSVC_CARD_SOON_S (4LL * 3600)

/* Most timeline events a view shows. */
#define REQSVC_TIMELINE_MAX 500

/* Bytes of a body fingerprint: 64 hex digits and the NUL. */
#define REQSVC_FINGERPRINT_SIZE 65

/* Time limits used when a category has none for a level. */
#define REQSVC_DEFAULT_ACCEPT_HOURS 24
#define REQSVC_DEFAULT_RESOLVE_WORKDAYS 5

/* The timeline event of reqsvc_set_cohandlers (outside the lifecycle
 * table: it changes neither state nor level). */
#define REQSVC_EV_COHANDLERS "cohandlers_set"

/* Bit of the co-handlers action in reqsvc_view.actions, after the bits
 * 1u << req_action_kind. */
#define REQSVC_ACT_COHANDLERS (1u << REQ_ACT_COUNT)

/* How a request came in. */
typedef enum reqsvc_channel {
	REQSVC_CH_NONE = 0,
	REQSVC_CH_SELF,       /* "self": a resident for their own household */
	REQSVC_CH_PROXY,      /* "proxy": 代报, a 邻长 for a linked household */
	REQSVC_CH_HOTLINE,    /* "hotline": a dispatcher or admin takes a call */
	REQSVC_CH_VISIT,      /* "visit": a cadre's visit, 三听三问 */
	REQSVC_CH_INSPECTION, /* "inspection": a grid worker's 隐患排查 */
	REQSVC_CH_OPEN311,    /* "open311": Open311 GeoReport clients */
	REQSVC_CH_COUNT
} reqsvc_channel;

/* Who acts on a request (the contract of reqsvc_apply). */
typedef struct reqsvc_actor {
	int64_t account_id; /* 0 = system (sweeper) */
	unsigned roles;     /* role bits or REQ_ACTOR_SYSTEM */
	const caller *who;  /* NULL for system */
} reqsvc_actor;

/* Reads a grid's stored boundary (GeoJSON text) into a new multipolygon
 * the caller frees with geo_multipolygon_free; the API layer supplies it,
 * since GeoJSON is its business. */
typedef fq_status (*reqsvc_shape_fn)(const char *text, geo_multipolygon **out, fq_err *err);

/* A new request as the caller gave it. */
typedef struct reqsvc_input {
	const char *title;          /* required, <= REQSVC_TITLE_MAX characters */
	const char *description;    /* NULL is "" */
	int64_t category_id;        /* the category by id ... */
	const char *category_code;  /* ... or by code; one is required */
	const char *channel;        /* wire name; NULL is "self" */
	bool has_point;             /* lat/lon given */
	double lat, lon;
	int64_t building_id;        /* 0: none */
	int64_t household_id;       /* 0: none */
	const char *address;        /* NULL is "" */
	bool anonymous;
	const char *caller_name;    /* hotline: required */
	const char *caller_phone;   /* hotline: required, a valid phone */
	int64_t now;                /* unix s */
	reqsvc_shape_fn parse_boundary; /* required when has_point */
} reqsvc_input;

/* The handler of a request as a reply shows it. */
typedef struct reqsvc_assignee {
	int64_t account_id;     /* 0 when nobody holds it */
	const char *name;
	role role;              /* the capacity it handles in; 0 when unknown */
	int64_t unit_id;
	const char *unit_name;
	const char *unit_kind;
} reqsvc_assignee;

/* A possible duplicate of a new request. */
typedef struct reqsvc_dup {
	int64_t id;
	const char *number;
	const char *title;
	const char *state;
	double distance_m;      /* < 0 when either has no point */
} reqsvc_dup;

/* What POST /requests answers. */
typedef struct reqsvc_summary {
	int64_t id;
	const char *number;
	const char *state;
	int level;
	reqsvc_assignee assignee;
	int64_t accept_due;
	int64_t resolve_due;
	reqsvc_dup *dups;
	size_t n_dups;
} reqsvc_summary;

/* A new request worked out on any connection, ready to be stored by
 * reqsvc_create. Lives in the arena it was planned in. */
typedef struct reqsvc_plan {
	store_request row;          /* state, level, deadlines ...; no id or number yet */
	int start_level;            /* the category's level */
	int64_t actor_account_id;   /* who raised it */
	const char *caller_name;    /* hotline: kept in the submitted event */
	const char *caller_phone;
	int64_t units[STORE_METRICS_UNITS_MAX]; /* counter units: the grid's path and 0 */
	int n_units;
	reqsvc_summary summary;     /* the answer; id and number set by reqsvc_create */
	fq_arena *arena;
} reqsvc_plan;

/* Where a deadline stands. */
typedef struct reqsvc_deadline {
	int64_t due;            /* unix s; 0 when there is none */
	sla_timing timing;      /* 0 when there is none */
	bool running;           /* still to be met (else met or missed already) */
} reqsvc_deadline;

/* How much of the reporter a caller sees. */
typedef enum reqsvc_reporter_view {
	REQSVC_REPORTER_HIDDEN = 0, /* nothing (anonymous, or no reporter) */
	REQSVC_REPORTER_MASKED,     /* name and phone masked */
	REQSVC_REPORTER_NAMED,      /* name; phone masked */
} reqsvc_reporter_view;

/* One request as a caller may see it. */
typedef struct reqsvc_view {
	store_request req;
	store_req_event *events;
	size_t n_events;
	store_req_cohandler *cohandlers;
	size_t n_cohandlers;
	reqsvc_deadline accept, resolve, followup, card;
	unsigned actions;               /* 1u << req_action_kind, REQSVC_ACT_COHANDLERS */
	reqsvc_reporter_view reporter;
	role assignee_role;             /* 0 when unknown */
} reqsvc_view;

/* What decides how a caller stands to a request (reqsvc_stand). */
typedef struct reqsvc_facts {
	const char *unit_path;          /* the grid's path */
	const char *building_path;      /* NULL when none */
	int level;
	int64_t assignee_account_id;
	int64_t reporter_account_id;
	int64_t reporter_person_id;
	bool linked;                    /* its household is linked to the caller's 邻长 record */
	const store_req_cohandler *cohandlers;
	size_t n_cohandlers;
} reqsvc_facts;

/* How a caller stands to a request. */
typedef struct reqsvc_standing {
	bool visible;      /* may see it at all */
	bool staff;        /* sees it through a staff role covering it */
	bool cohandler;    /* officer of one of its co-handling departments */
	bool linked;       /* the 邻长 its household is linked to */
	unsigned roles;    /* role bits that count on this request */
	unsigned rel;      /* REQ_REL_* */
} reqsvc_standing;

/* Wire name of a channel, or NULL; parse gives REQSVC_CH_NONE when unknown. */
const char *reqsvc_channel_name(reqsvc_channel ch);
reqsvc_channel reqsvc_channel_parse(const char *name);

/* The role bits that may raise a request through ch (docs/requests.md,
 * "Channels"); 0 for REQSVC_CH_NONE and unknown values. */
unsigned reqsvc_channel_roles(reqsvc_channel ch);

/* The channels (bits 1u << reqsvc_channel) whose roles who holds, the
 * open311 channel aside (it is for Open311 clients, not for screens): what
 * a screen offers, and what reqsvc_plan_create lets through. 0 for NULL. */
unsigned reqsvc_channels_for(const caller *who);

/* The number of sequence seq on day: "FQ20261123000123". FQ_EINVAL
 * (field "number") when day is not a valid date or seq is outside
 * 1..REQSVC_SEQ_MAX. */
fq_status reqsvc_number_format(cal_date day, int64_t seq, char out[REQSVC_NUMBER_SIZE],
			       fq_err *err);

/* The sequence of a number of day; 0 when number is NULL or not of that
 * day and form. */
int64_t reqsvc_number_seq(const char *number, cal_date day);

/* Metres between two points (equirectangular; fine at city scale). */
double reqsvc_distance_m(double lat1, double lon1, double lat2, double lon2);

/* Hex BLAKE2b-256 of len bytes of data, for idempotency keys. */
void reqsvc_fingerprint(const void *data, size_t len, char out[REQSVC_FINGERPRINT_SIZE]);

/* How caller who stands to the request described by f. */
void reqsvc_stand(const caller *who, const reqsvc_facts *f, reqsvc_standing *out);

/* The actions (1u << req_action_kind, and REQSVC_ACT_COHANDLERS) a caller
 * standing s may offer on cur now; see req_actions_for. */
unsigned reqsvc_actions(const req_state_in *cur, const reqsvc_standing *s);

/* The capacity an account with these role bits handles a request at level
 * in: the first of its roles among the level's handler roles, else the
 * level's first handler role. */
role reqsvc_assignee_role(int level, unsigned account_roles);

/*
 * Work out a new request raised by who from in, on any connection c
 * (reads only), into *out (arena a): check the fields (FQ_EINVAL naming
 * title, description, category, channel, lat, lon, address, caller_name,
 * caller_phone, household_id, building_id or location), that who may use
 * the channel (FQ_EFORBIDDEN, field "channel"), that the household given
 * is the caller's own (self), linked to them (proxy) or in their units
 * (FQ_ENOTFOUND, field "household_id"); locate the grid; find the default
 * handler of the category's start level and its deadlines, and the
 * possible duplicates. FQ_ECONFLICT (field "assignee") when the ladder
 * finds nobody up to the street.
 */
fq_status reqsvc_plan_create(store_conn *c, fq_arena *a, const caller *who,
			     const reqsvc_input *in, reqsvc_plan *out, fq_err *err);

/* Look up account_id's idempotency key: *replayed_id is the request it
 * created when it was used with the same fingerprint, 0 when it is
 * unused; FQ_ECONFLICT (field "Idempotency-Key") when it was used with
 * another body. Runs on any connection. */
fq_status reqsvc_idem_check(store_conn *c, fq_arena *a, int64_t account_id, const char *key,
			    const char *fingerprint, int64_t *replayed_id, fq_err *err);

/*
 * Store the planned request inside the caller's write transaction: with
 * an idempotency key (may be NULL), a key already used by the same account
 * with the same fingerprint sets *replayed_id to that request and changes
 * nothing; with another fingerprint it is FQ_ECONFLICT (field
 * "Idempotency-Key"). Otherwise: allocate the number, insert the request
 * (state dispatched), the events submitted and dispatched, the counters
 * of both, their live_events rows and the key; p->summary gets id and
 * number and *replayed_id is 0. FQ_EUNAVAILABLE when the day's numbers
 * are used up.
 */
fq_status reqsvc_create(store_conn *c, reqsvc_plan *p, const char *idem_key,
			const char *fingerprint, int64_t *replayed_id, fq_err *err);

/* The summary of stored request id as its creation answered it (duplicates
 * recomputed as of its creation), if who may see it; else FQ_ENOTFOUND. */
fq_status reqsvc_summary_load(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			      reqsvc_summary *out, fq_err *err);

/*
 * Apply one action to request id inside the caller's write transaction (c
 * is the writer's connection inside a store_tx_fn): load, check scope and
 * relation, req_transition, compute deadlines with sla/calendar, update
 * the row, write the timeline event, add the metric counters
 * (store_metrics_add for the grid's ancestors and 0), and insert the
 * live_events outbox row - all in this same transaction. act's
 * actor_roles, actor_rel and merge_into_state are ignored (worked out
 * here). Errors: FQ_ENOTFOUND outside the actor's scope; as
 * req_transition (409 naming the current state, 403, 422 naming the
 * field); FQ_EINVAL (field "merge_into") for a target that does not exist
 * or is not visible; FQ_ECONFLICT (field "assignee") when nobody can take
 * it. *event_id_out (may be NULL) is the timeline event's id.
 */
fq_status reqsvc_apply(store_conn *c, int64_t request_id, const reqsvc_actor *actor,
		       const req_action *act, int64_t *event_id_out, fq_err *err);

/* Most requests one bulk merge takes. */
#define REQSVC_MERGE_MANY_MAX 500

/*
 * Merge each of the n requests ids into merge_into at now, as the merge
 * action does one at a time (reqsvc_apply with REQ_ACT_MERGE), each with
 * its own timeline event: a dispatcher folds a storm of reports about one
 * burst pipe into the first. All or none: FQ_EINVAL (field "ids") for an
 * empty or too long list, a repeated id or the target among them; else
 * the first request that cannot be merged fails the whole with its own
 * error, its message naming the request. Runs in the caller's write
 * transaction.
 */
fq_status reqsvc_merge_many(store_conn *c, int64_t merge_into, const int64_t *ids, size_t n,
			    const reqsvc_actor *actor, int64_t now, fq_err *err);

/*
 * Set the co-handling departments of a level-4 request (replacing any),
 * with the event REQSVC_EV_COHANDLERS and its live row, in the caller's
 * write transaction. Only a dispatcher covering it (or the system) may;
 * the request must be dispatched or accepted. Errors: FQ_ENOTFOUND out of
 * scope; FQ_ECONFLICT in another state (naming it) or below level 4;
 * FQ_EFORBIDDEN; FQ_EINVAL (field "departments" or "lead") as
 * ladder_cohandlers_check, or for a unit that is not a department.
 */
fq_status reqsvc_set_cohandlers(store_conn *c, int64_t request_id, const reqsvc_actor *actor,
				const ladder_cohandler *list, size_t n, int64_t now,
				int64_t *event_id_out, fq_err *err);

/* Request id with its timeline, co-handlers, deadlines at now and
 * the caller's actions, into *out (arena a). FQ_ENOTFOUND when there is
 * no such request or who may not see it. */
fq_status reqsvc_view_load(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			   int64_t now, reqsvc_view *out, fq_err *err);

/* ---- for callers above domain/ (svc.h): reads that take the store, and
 * the writes as jobs (requests_jobs.c) ---- */

/* reqsvc_view_load in a read transaction of its own, and the request's
 * photos from the same snapshot into *photos and *n_photos (oldest first;
 * in a, like the view). */
fq_status reqsvc_view_get(store *db, fq_arena *a, const caller *who, int64_t id, int64_t now,
			  reqsvc_view *out, store_photo **photos, size_t *n_photos, fq_err *err);

/* reqsvc_summary_load in a read transaction of its own. */
fq_status reqsvc_summary_get(store *db, fq_arena *a, const caller *who, int64_t id,
			     reqsvc_summary *out, fq_err *err);

/*
 * The reporter's phone of request id unmasked (the hotline caller's, else
 * the reporting person's), for an audited reveal, at now: FQ_ENOTFOUND
 * (field "id") when who may not see the request; FQ_EFORBIDDEN (field
 * "phone") when who sees the reporter only masked or hidden (anonymous),
 * or holds no role of ACCESS_REVEAL_PHONE. *phone ("" when none) is in a.
 */
fq_status reqsvc_reporter_phone(store *db, fq_arena *a, const caller *who, int64_t id,
				const char **phone, fq_err *err);

/* The audit row of that reveal as a write job: who saw the phone of which
 * request, from which address (may be NULL). */
typedef struct reqsvc_reveal_job {
	svc_job job;               /* first */
	int64_t account_id;
	int64_t request_id;
	const char *address;
} reqsvc_reveal_job;

/* Set the job's body; fill the inputs before or after. */
void reqsvc_reveal_job_init(reqsvc_reveal_job *j);

/* A new request as a write job: reqsvc_create of plan with the key. */
typedef struct reqsvc_create_job {
	svc_job job;               /* first */
	reqsvc_plan plan;          /* set by reqsvc_create_prepare */
	const char *key;           /* Idempotency-Key, or NULL */
	char fingerprint[REQSVC_FINGERPRINT_SIZE];
	int64_t replayed;          /* out: the request a replayed key created, else 0 */
} reqsvc_create_job;

/*
 * In one read: the replay of j->key (reqsvc_idem_check, j->replayed set:
 * nothing to write), else the plan of in for who (reqsvc_plan_create).
 * Sets the job's body; fill key and fingerprint before.
 */
fq_status reqsvc_create_prepare(store *db, fq_arena *a, const caller *who,
				const reqsvc_input *in, reqsvc_create_job *j, fq_err *err);

/* One action (or the co-handlers, when cohandlers is set) on request id
 * as a write job: reqsvc_apply or reqsvc_set_cohandlers, by who. */
typedef struct reqsvc_action_job {
	svc_job job;               /* first */
	const caller *who;
	int64_t id;
	req_action act;
	bool cohandlers;           /* the co-handlers action, not the table's */
	ladder_cohandler list[LADDER_COHANDLERS_MAX];
	size_t n;
	int64_t now;
} reqsvc_action_job;

/* Set the job's body; fill the inputs before or after. */
void reqsvc_action_job_init(reqsvc_action_job *j);

/* reqsvc_merge_many as a write job, by who. */
typedef struct reqsvc_merge_many_job {
	svc_job job;               /* first */
	const caller *who;
	int64_t merge_into;
	int64_t ids[REQSVC_MERGE_MANY_MAX];
	size_t n;
	int64_t now;
} reqsvc_merge_many_job;

/* Set the job's body; fill the inputs before or after. */
void reqsvc_merge_many_job_init(reqsvc_merge_many_job *j);

#endif
