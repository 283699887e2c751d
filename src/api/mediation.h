/*
 * mediation.h - what the cloud-mediation handlers (mediation.c for staff
 * and resident parties, mediation_party.c for parties by link,
 * mediation_files.c for attachments, mediation_links.c for links) share:
 * loading a thread, its JSON, the audited read, and posting a message.
 *
 * A thread is read on a read connection, then the read is written to the
 * audit log (and the reader's read mark) through the group commit before
 * the answer goes out: a read that could not be audited is not answered.
 */
#ifndef FQ_API_MEDIATION_H
#define FQ_API_MEDIATION_H

#include <jansson.h>
#include <stdbool.h>

#include "api/app.h"
#include "api/park.h"
#include "domain/mediation.h"
#include "store/store_mediation.h"

#define MED_PARTY_COOKIE "fq_party"                  /* cookie of a party session */
#define MED_PARTY_COOKIE_PATH "/api/v1/mediation/party" /* the only routes it reaches */

/* A thread as one answer shows it. */
typedef struct medapi_view {
	store_med_case k;
	store_med_party *parties;
	size_t n_parties;
	store_med_mediator *meds;
	size_t n_meds;
	store_med_message *msgs;
	size_t n_msgs;
	bool full;               /* the case's facts were loaded (not a poll) */
} medapi_view;

/* The case's access facts for caller (is a mediator, the party of their
 * person) and the case itself; FQ_ENOTFOUND naming "id" when there is no
 * such case. */
fq_status medapi_scope(store_conn *c, fq_arena *a, int64_t dispute_id, const caller *who,
		       store_med_case *k, med_case_scope *out, fq_err *err);

/* Load the thread of dispute_id: messages after after_id and, when
 * after_id is 0, the case's facts, parties and mediators. */
fq_status medapi_view_load(store_conn *c, fq_arena *a, int64_t dispute_id, int64_t after_id,
			   medapi_view *out, fq_err *err);

/* The JSON of a view for viewer; attachment URLs start with att_base
 * ("/api/v1/mediation/party/attachments" or
 * "/api/v1/mediation/cases/7/attachments"). NULL when out of memory. */
json_t *medapi_view_json(const medapi_view *v, const med_actor *viewer, const char *att_base);

/* The JSON of one message. */
json_t *medapi_message_json(const store_med_message *m, const med_actor *viewer,
			    const char *att_base);

/* The JSON of a case's basic facts (no parties), for lists. */
json_t *medapi_case_json(const store_med_case *k);

/* Answer r with the view after auditing the read by actor (account or
 * party) and moving the account's read mark. The view and att_base must
 * live in the request's arena. Takes over the request: the caller
 * returns at once. */
void medapi_reply_audited(app *a, http_req *r, const med_actor *actor, medapi_view *v,
			  const char *att_base);

/* Post body as actor in dispute_id and answer 201 with the message.
 * check (may be NULL) runs again in the write transaction, with arg, to
 * refuse a post whose standing went away meanwhile. Takes over the
 * request. */
typedef fq_status (*medapi_recheck_fn)(store_conn *c, void *arg, fq_err *err);
void medapi_post(app *a, http_req *r, int64_t dispute_id, const med_actor *actor,
		 const char *body, const char *att_base, medapi_recheck_fn check, void *arg);

/* Upload the multipart form of r (fields MED_FILE_FIELD and optional
 * MED_BODY_FIELD) as one message with attachments; as medapi_post. */
void medapi_upload(app *a, http_req *r, int64_t dispute_id, const med_actor *actor,
		   const char *att_base, medapi_recheck_fn check, void *arg);

/* Answer with attachment att_id of dispute_id (its thumbnail when the
 * query has thumb=1). */
void medapi_send_attachment(app *a, http_req *r, int64_t dispute_id, int64_t att_id);

/* Retract message mid of dispute_id as actor and answer with it. */
void medapi_retract(app *a, http_req *r, int64_t dispute_id, int64_t mid, const med_actor *actor,
		    const char *att_base, medapi_recheck_fn check, void *arg);

/* The subject of a case's audit rows: "dispute:<id>", in the arena. */
const char *medapi_subject(fq_arena *a, int64_t dispute_id);

/* The audit detail naming the actor: "party:<id> link:<id>" or NULL. */
const char *medapi_actor_detail(fq_arena *a, const med_actor *actor);

#endif
