/*
 * mediation_svc.h - the cloud-mediation service (云调解, docs/mediation.md):
 * who takes part in a case's thread and how, the lists of cases, a thread
 * as one answer shows it, its attachments, the party links and the party
 * sessions they open; and every write as a job (svc.h): the audited read
 * of a thread, posting (with files or not), retracting, creating and
 * revoking links, joining by link.
 *
 * Every write of a thread writes its audit row in the same transaction.
 * A write by a party by link checks again, inside the transaction, that
 * its session and link still stand, so a post cannot slip in after a
 * revocation. The functions taking the store open their own read
 * transaction.
 */
#ifndef FQ_DOMAIN_MEDIATION_SVC_H
#define FQ_DOMAIN_MEDIATION_SVC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/mediation.h"
#include "domain/photo.h"
#include "domain/svc.h"
#include "store/store_mediation.h"

/* A thread as one answer shows it. */
typedef struct medsvc_view {
	store_med_case k;
	store_med_party *parties;
	size_t n_parties;
	store_med_mediator *meds;
	size_t n_meds;
	store_med_message *msgs;
	size_t n_msgs;
	bool full; /* the case's facts were loaded (not a poll) */
} medsvc_view;

/* How the caller takes part in case dispute_id (med_actor_for): 404
 * naming "id" when there is no such case or the caller has no part in it. */
fq_status medsvc_actor(store *db, fq_arena *a, const caller *who, int64_t dispute_id,
		       med_actor *out, fq_err *err);

/* The cases the caller works on (under each scoped role, and those they
 * mediate), latest activity first, at most MED_CASES_MAX, with unread
 * counts; rows in a. */
fq_status medsvc_cases(store *db, fq_arena *a, const caller *who, store_med_case **out,
		       size_t *n, fq_err *err);

/* The cases where the caller's person is a party (none without a person). */
fq_status medsvc_mine(store *db, fq_arena *a, const caller *who, store_med_case **out,
		      size_t *n, fq_err *err);

/* The thread of dispute_id: messages after after_id and, when after_id is
 * 0, the case's facts, parties and mediators; in a. */
fq_status medsvc_view_load(store *db, fq_arena *a, int64_t dispute_id, int64_t after_id,
			   medsvc_view *out, fq_err *err);

/* Attachment att_id of dispute_id (its thumbnail when thumb), bytes in a;
 * FQ_ENOTFOUND when the case has no such attachment. */
fq_status medsvc_attachment(store *db, fq_arena *a, int64_t dispute_id, int64_t att_id,
			    bool thumb, store_med_attachment *out, fq_err *err);

/* Who writes in a thread, and from where. */
typedef struct medsvc_by {
	fq_arena *a;                     /* of the request: what the job reads back */
	int64_t dispute_id;
	med_actor actor;
	const unsigned char *party_hash; /* a party by link: its session's hash, checked again */
	const char *peer;                /* the client's address, for the audit row */
	int64_t now;                     /* unix seconds */
} medsvc_by;

/* The audited read of a thread v (by.dispute_id is v's): an audit row,
 * the account's read mark moved to the last message shown, the link's
 * last use. */
typedef struct medsvc_read_job {
	svc_job job; /* first */
	medsvc_by by;
	const medsvc_view *v;
} medsvc_read_job;
void medsvc_read_job_init(medsvc_read_job *j);

/* Post body (checked with med_body_valid; "" allowed with files) in an
 * open thread, with n attachments (rows, checked; img[i] the decoded photo
 * of row i with its thumbnail, zeroed for a PDF; n 0 for a message
 * alone): row ids and msg out. */
typedef struct medsvc_post_job {
	svc_job job; /* first */
	medsvc_by by;
	const char *body;
	store_med_attachment *rows;  /* n; message_id and id set by the job */
	const photo_image *img;      /* n */
	size_t n;
	store_med_message msg;       /* out: the new message */
} medsvc_post_job;
void medsvc_post_job_init(medsvc_post_job *j);

/* Retract message mid (med_may_retract); msg out as it now stands. */
typedef struct medsvc_retract_job {
	svc_job job; /* first */
	medsvc_by by;
	int64_t mid;
	store_med_message msg; /* out */
} medsvc_retract_job;
void medsvc_retract_job_init(medsvc_retract_job *j);

/* ---- links and party sessions (mediation_svc_links.c) ---- */

/* The name of party_id of case dispute_id, which the caller must mediate
 * (else 404 "id"); FQ_EINVAL "party_id" when the case has no such party. */
fq_status medsvc_link_party(store *db, fq_arena *a, const caller *who, int64_t dispute_id,
			    int64_t party_id, const char **name, fq_err *err);

/* The links of case dispute_id, which the caller must mediate. */
fq_status medsvc_links(store *db, fq_arena *a, const caller *who, int64_t dispute_id,
		       store_med_link **out, size_t *n, fq_err *err);

/* Link id, when the caller mediates its case (else 404 "id"). */
fq_status medsvc_link(store *db, fq_arena *a, const caller *who, int64_t id, store_med_link *out,
		      fq_err *err);

/* Register link l (dispute_id, party_id, created_by, created_at,
 * expires_at) under the token's hash, with its audit row; l.id out. */
typedef struct medsvc_link_job {
	svc_job job; /* first */
	fq_arena *a;
	store_med_link l;
	unsigned char hash[MED_HASH_BYTES];
	const char *peer;
} medsvc_link_job;
void medsvc_link_job_init(medsvc_link_job *j);

/* Revoke link id as account_id, with its audit row (l read by medsvc_link
 * in, the link as it now stands out). */
typedef struct medsvc_revoke_job {
	svc_job job; /* first */
	fq_arena *a;
	int64_t id, account_id, now;
	const char *peer;
	store_med_link l;
} medsvc_revoke_job;
void medsvc_revoke_job_init(medsvc_revoke_job *j);

/* The party session whose token hashes to hash, standing at now: 401 when
 * there is none, it has ended, or its link was revoked or expired. */
fq_status medsvc_party_session(store *db, fq_arena *a, const unsigned char hash[MED_HASH_BYTES],
			       int64_t now, store_med_psession *out, fq_err *err);

/* Trade a link's token (its hash in link_hash) for a party session. */
typedef struct medsvc_join_job {
	svc_job job; /* first */
	fq_arena *a;
	unsigned char link_hash[MED_HASH_BYTES];
	int64_t now;
	const char *peer;
	char session[MED_TOKEN_SIZE];             /* out of medsvc_join_prepare */
	char csrf[MED_TOKEN_SIZE];                /* out of medsvc_join_prepare */
	unsigned char session_hash[MED_HASH_BYTES];
	int64_t expires;
	store_med_link l;                         /* the link */
} medsvc_join_job;
void medsvc_join_job_init(medsvc_join_job *j);

/* Check the job's link on a read transaction (401 "token" for an unknown,
 * revoked or expired one: nothing is written) and make the session's
 * tokens and expiry. */
fq_status medsvc_join_prepare(store *db, medsvc_join_job *j, fq_err *err);

/* Shared by the two service files: the subject of a case's audit rows
 * ("dispute:<id>") and a party's detail ("party:<id> link:<id>", NULL for
 * an account), in a. */
const char *medsvc_subject(fq_arena *a, int64_t dispute_id);
const char *medsvc_actor_detail(fq_arena *a, const med_actor *actor);

/* The case's access facts for who (is a mediator, the party of their
 * person) and the case itself; FQ_ENOTFOUND "id" when there is none. */
fq_status medsvc_scope(store_conn *c, fq_arena *a, int64_t dispute_id, const caller *who,
		       store_med_case *k, med_case_scope *out, fq_err *err);

/* The party session of hash still stands at now (inside a transaction). */
fq_status medsvc_session_check(store_conn *c, fq_arena *a,
			       const unsigned char hash[MED_HASH_BYTES], int64_t now,
			       store_med_psession *out, fq_err *err);

#endif
