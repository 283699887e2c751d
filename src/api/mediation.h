/*
 * mediation.h - what the cloud-mediation handlers (mediation.c for staff
 * and resident parties, mediation_party.c for parties by link,
 * mediation_files.c for attachments, mediation_links.c for links) share:
 * a thread's JSON, the audited read, posting and retracting a message.
 * The rules and transactions are domain/mediation_svc.h's.
 *
 * A thread is read (medsvc_view_load), then the read is written to the
 * audit log (and the reader's read mark) through the group commit before
 * the answer goes out: a read that could not be audited is not answered.
 */
#ifndef FQ_API_MEDIATION_H
#define FQ_API_MEDIATION_H

#include <jansson.h>
#include <stdbool.h>

#include "api/app.h"
#include "domain/mediation_svc.h"
#include "http/http.h"

#define MED_PARTY_COOKIE "fq_party"                  /* cookie of a party session */
#define MED_PARTY_COOKIE_PATH "/api/v1/mediation/party" /* the only routes it reaches */

/* The JSON of a view for viewer; attachment URLs start with att_base
 * ("/api/v1/mediation/party/attachments" or
 * "/api/v1/mediation/cases/7/attachments"). NULL when out of memory. */
json_t *medapi_view_json(const medsvc_view *v, const med_actor *viewer, const char *att_base);

/* The JSON of one message. */
json_t *medapi_message_json(const store_med_message *m, const med_actor *viewer,
			    const char *att_base);

/* The JSON of a case's basic facts (no parties), for lists. */
json_t *medapi_case_json(const store_med_case *k);

/* Answer r with the view after auditing the read by actor (account or
 * party) and moving the account's read mark. The view and att_base must
 * live in the request's arena. Takes over the request: the caller
 * returns at once. */
void medapi_reply_audited(app *a, http_req *r, const med_actor *actor, medsvc_view *v,
			  const char *att_base);

/* Post body as actor in dispute_id and answer 201 with the message.
 * party_hash (MED_HASH_BYTES, in the request's arena; NULL for an
 * account) names the session of a party by link, checked again in the
 * write transaction to refuse a post whose standing went away meanwhile.
 * Takes over the request. */
void medapi_post(app *a, http_req *r, int64_t dispute_id, const med_actor *actor,
		 const char *body, const char *att_base, const unsigned char *party_hash);

/* medapi_post of the JSON body of r ({MED_BODY_FIELD: text}), checked
 * first (4xx naming the field). Takes over the request. */
void medapi_post_json(app *a, http_req *r, int64_t dispute_id, const med_actor *actor,
		      const char *att_base, const unsigned char *party_hash);

/* Upload the multipart form of r (fields MED_FILE_FIELD and optional
 * MED_BODY_FIELD) as one message with attachments; as medapi_post. */
void medapi_upload(app *a, http_req *r, int64_t dispute_id, const med_actor *actor,
		   const char *att_base, const unsigned char *party_hash);

/* Answer with attachment att_id of dispute_id (its thumbnail when the
 * query has thumb=1). */
void medapi_send_attachment(app *a, http_req *r, int64_t dispute_id, int64_t att_id);

/* Retract message mid of dispute_id as actor and answer with it; as
 * medapi_post. */
void medapi_retract(app *a, http_req *r, int64_t dispute_id, int64_t mid, const med_actor *actor,
		    const char *att_base, const unsigned char *party_hash);

/* Fill the writer's part of a thread write for actor in dispute_id from r. */
void medapi_by(http_req *r, int64_t dispute_id, const med_actor *actor,
	       const unsigned char *party_hash, medsvc_by *out);

#endif
