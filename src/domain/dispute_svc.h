/*
 * dispute_svc.h - the disputes service: who may read and work on a case,
 * registering a case (from scratch or from a request), every action on it
 * through the transition table of dispute.h with its timeline event and
 * counters written in the same transaction, and the sweeper's pass over
 * level limits and judicial windows (docs/disputes.md).
 *
 * The create/act functions run inside a write transaction (on the writer
 * connection), and are handed to the group commit as jobs (svc.h); the
 * functions taking a store_conn run inside a read transaction, and those
 * taking the store open their own.
 */
#ifndef FQ_DOMAIN_DISPUTE_SVC_H
#define FQ_DOMAIN_DISPUTE_SVC_H
#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/dispute.h"
#include "domain/svc.h"
#include "store/store_dispute.h"

/* Most parties of one case, mediators assigned in one call, terms of one agreement. */
#define DSPSVC_PARTIES_MAX 20
#define DSPSVC_MEDIATORS_MAX 5
#define DSPSVC_TERMS_MAX 30
/* Cases the sweeper handles in one write transaction. */
#define DSPSVC_SWEEP_BATCH 200

/* A party named at registration: from the register (person_id) or from outside. */
typedef struct dspsvc_party_in {
	int64_t person_id; /* 0: an outside party (then name is required) */
	const char *name;
	const char *phone;
	const char *role;  /* applicant, respondent, third_party */
	const char *address;
} dspsvc_party_in;

/* A case to register. */
typedef struct dspsvc_new {
	int64_t request_id; /* 0: from scratch */
	int64_t unit_id;    /* 0: from the request or the first party's grid */
	int level;          /* 0: 1 */
	const char *type, *source, *title, *facts, *claims;
	const dspsvc_party_in *parties;
	size_t n_parties;
} dspsvc_new;

/* One action on a case; which fields count depends on act. */
typedef struct dspsvc_act_in {
	dsp_action act;
	int64_t party_id;            /* agree, refuse, sign (a party) */
	const char *note;            /* reason or note of any action */
	const int64_t *mediators;    /* mediators */
	size_t n_mediators;
	int64_t lead;                /* the lead mediator, 0 for the first */
	store_dispute_session session;
	const char *ag_facts, *ag_points, *ag_responsibilities;
	const store_dispute_term *terms;
	size_t n_terms;
	const char *signer;          /* sign: "party" or "mediator" */
	const char *method;          /* sign: sign, seal, thumbprint */
	const char *result;          /* judicial_result: confirmed, refused */
	const char *performance;     /* followup: full, partial, none */
	int term_seq;                /* performed */
	const char *doc_code;        /* document */
	int doc_present;
	const char *incomplete_reason; /* close: why required case-file items are missing */
} dspsvc_act_in;

/* What an action left. */
typedef struct dspsvc_result {
	dsp_state state;
	int level;
	const char *routes; /* other routes, when the case was refused or failed; else NULL */
} dspsvc_result;

/* What one sweep did. */
typedef struct dspsvc_sweep_report {
	int64_t escalated, reminded, judicial_reminded, failed;
} dspsvc_sweep_report;

/* *out = true when the caller may read and work on the case: a staff or
 * mediator role bound to the case's unit or an ancestor, or listed among
 * its mediators. The one rule of docs/disputes.md (cloud mediation uses it). */
fq_status dspsvc_may_access(store_conn *c, const caller *who, const store_dispute *d, bool *out,
			    fq_err *err);

/* The case with everything filed with it; FQ_ENOTFOUND (field "id") when
 * there is none or it is outside the caller's reach. */
fq_status dspsvc_get(store_conn *c, fq_arena *a, const caller *who, int64_t id,
		     store_dispute_case *out, fq_err *err);

/* Cases the caller may read, filtered (paths and mediator filled from who). */
fq_status dspsvc_list(store_conn *c, fq_arena *a, const caller *who, store_dispute_filter *f,
		      store_dispute **out, size_t *n, fq_err *err);

/* dspsvc_get in a read transaction of its own (who NULL: no scope test). */
fq_status dspsvc_case(store *db, fq_arena *a, const caller *who, int64_t id,
		      store_dispute_case *out, fq_err *err);

/* dspsvc_list in a read transaction of its own. */
fq_status dspsvc_cases(store *db, fq_arena *a, const caller *who, store_dispute_filter *f,
		       store_dispute **out, size_t *n, fq_err *err);

/* The unmasked phone of one party of a case the caller may read, for an
 * audited reveal: FQ_ENOTFOUND outside the caller's reach or ("party_id")
 * for a party of another case, FQ_EFORBIDDEN for a role outside
 * DSP_REVEAL_ROLES. *phone ("" when none) is allocated in a. */
fq_status dspsvc_party_phone(store *db, fq_arena *a, const caller *who, int64_t id,
			     int64_t party_id, const char **phone, fq_err *err);

/* The audit row of a reveal (dspsvc_party_phone) as a write job: who saw
 * which party's phone, from which address (may be NULL). */
typedef struct dspsvc_reveal_job {
	svc_job job; /* first */
	int64_t account_id;
	int64_t party_id;
	const char *address;
} dspsvc_reveal_job;

/* Set the job's body; fill the inputs before or after. */
void dspsvc_reveal_job_init(dspsvc_reveal_job *j);

/* The counts of one unit (0: everywhere) over the days from..to. */
typedef struct dspsvc_stats {
	store_dispute_unit unit;
	store_dispute_day *days; /* one row per day with counts, in order */
	size_t n_days;
	store_dispute_unit_counts *units; /* the unit's children (none for 0) */
	size_t n_units;
	int64_t open, overdue; /* cases open now, and those past their level's limit */
} dspsvc_stats;

/* The statistics of unit_id (0: everywhere) for a caller whose staff roles
 * cover it (else FQ_ENOTFOUND "unit_id"), in a read transaction of its
 * own; rows allocated in a. */
fq_status dspsvc_stats_read(store *db, fq_arena *a, const caller *who, int64_t unit_id,
			    int32_t from, int32_t to, int64_t now, dspsvc_stats *out, fq_err *err);

/*
 * Register a case (write transaction). Checks every field (FQ_EINVAL naming
 * it, FQ_ETOOBIG for "parties" past DSPSVC_PARTIES_MAX), resolves the unit
 * (FQ_ENOTFOUND "unit_id"/"request_id" outside the caller's scope), writes
 * the row, the parties, the case file's intake entry, a "registered" event
 * and the counters. *id receives the new id.
 */
fq_status dspsvc_create(store_conn *c, fq_arena *a, const caller *who, const dspsvc_new *in,
			int64_t now, int64_t *id, fq_err *err);

/* dspsvc_create as a write job (svc.h): the inputs, and the new case's id
 * once it is durable. */
typedef struct dspsvc_create_job {
	svc_job job; /* first */
	fq_arena *a;
	const caller *who;
	dspsvc_new in;
	int64_t now; /* unix seconds */
	int64_t id;  /* out */
} dspsvc_create_job;

/* Set the job's body; fill the inputs before or after. */
void dspsvc_create_job_init(dspsvc_create_job *j);


/*
 * Apply one action (write transaction): FQ_ENOTFOUND outside the caller's
 * reach, FQ_ECONFLICT (409) when the transition table refuses it (the
 * message names the current state), FQ_EINVAL for bad fields. Filing
 * (close) with required case-file items missing (dsp_doc_needed) is
 * FQ_ECONFLICT "documents" naming their codes unless in->incomplete_reason
 * is given; the reason is then kept with the case. Writes the action's
 * rows, one timeline event and the counters.
 */
fq_status dspsvc_act(store_conn *c, fq_arena *a, const caller *who, int64_t id,
		     const dspsvc_act_in *in, int64_t now, dspsvc_result *out, fq_err *err);

/* dspsvc_act as a write job (svc.h): the inputs, and what the action left. */
typedef struct dspsvc_act_job {
	svc_job job; /* first */
	fq_arena *a;
	const caller *who;
	int64_t id;
	dspsvc_act_in in;
	int64_t now;       /* unix seconds */
	dspsvc_result res; /* out */
} dspsvc_act_job;

/* Set the job's body; fill the inputs before or after. */
void dspsvc_act_job_init(dspsvc_act_job *j);

/*
 * One pass of the sweeper at `now` (blocking writes): open cases past
 * their level's limit escalate one level (level 4 is reminded once a day
 * instead), those within DSP_REMIND_BEFORE_S of it are reminded once per
 * level, and agreements whose judicial window ends within
 * DSP_JUDICIAL_REMIND_FIRST_DAYS get their reminders. Fills *rep.
 */
fq_status dspsvc_sweep(store *db, int64_t now, dspsvc_sweep_report *rep, fq_err *err);

/* dspsvc_sweep for the sweeper thread: logs what it did and any failure. */
void dspsvc_sweep_logged(store *db, int64_t now);

#endif
