/*
 * open311_svc.h - the Open311 service (docs/open311.md): the category
 * catalogue as Open311 publishes it (services and their extra questions),
 * the client keys, the published requests and their updates as reads, the
 * buildings a location names, the plan of a new request by a key's
 * account, and storing it as a write job (svc.h) with the link to the
 * client's key and its media URL. Every read opens its own transaction.
 */
#ifndef FQ_DOMAIN_OPEN311_SVC_H
#define FQ_DOMAIN_OPEN311_SVC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/requests.h"
#include "domain/svc.h"
#include "store/store_catalogue.h"
#include "store/store_open311.h"

/* ---- services: the category catalogue as Open311 sees it ---- */

/* One choice of a list question. */
typedef struct o311_value {
	const char *key;
	const char *name;
} o311_value;

/* One extra question of a service (an Open311 attribute). */
typedef struct o311_question {
	const char *code;
	const char *datatype;     /* string number datetime text singlevaluelist multivaluelist */
	bool required;
	const char *description;  /* the question */
	const char *datatype_description;
	const o311_value *values; /* list datatypes */
	size_t n_values;
} o311_question;

/* A category offered or shown through Open311. */
typedef struct o311_service {
	const store_category *cat;
	const char *group;               /* its top class's name */
	const o311_question *questions;  /* its extra questions */
	size_t n_questions;
} o311_service;

/* The published categories (not of a private class: disputes between
 * people, welfare and personal services), active or not, top classes
 * first as the catalogue orders them; in the arena. o311svc_services
 * opens its own read transaction. */
fq_status o311_services_load(store_conn *c, fq_arena *a, o311_service **out, size_t *n,
			     fq_err *err);
fq_status o311svc_services(store *db, fq_arena *a, o311_service **out, size_t *n, fq_err *err);

/* The published service with that code, or NULL. */
const o311_service *o311_service_find(const o311_service *s, size_t n, const char *code);

/* ---- keys, requests, updates ---- */

/* The valid key api_key into *out; FQ_EFORBIDDEN "api_key" when it is not one. */
fq_status o311svc_key(store *db, fq_arena *a, const char *api_key, store_o311_key *out,
		      fq_err *err);

/* The requests of filter f, in a. */
fq_status o311svc_requests(store *db, fq_arena *a, const store_o311_filter *f,
			   store_o311_request **out, size_t *n, fq_err *err);

/* The requests ids[0..n_ids) in that order, leaving out unknown ones and
 * those of categories not among the published services s (ns). */
fq_status o311svc_requests_by_ids(store *db, fq_arena *a, const o311_service *s, size_t ns,
				  const int64_t *ids, size_t n_ids, store_o311_request **out,
				  size_t *n, fq_err *err);

/* Published request id (of a service among s); else FQ_ENOTFOUND naming
 * "service_request_id". When token is not NULL, id is read from it first
 * (the request's number; FQ_ENOTFOUND naming "token" when there is none). */
fq_status o311svc_request(store *db, fq_arena *a, const o311_service *s, size_t ns,
			  const char *token, int64_t *id, store_o311_request *out, fq_err *err);

/* The updates of filter f, in a. */
fq_status o311svc_updates(store *db, fq_arena *a, const store_o311_filter *f,
			  store_o311_update **out, size_t *n, fq_err *err);

/* ---- a new request ---- */

/* FQ_OK when building id exists (FQ_ENOTFOUND otherwise). */
fq_status o311svc_building(store *db, fq_arena *a, int64_t id, fq_err *err);

/* The one building address names: FQ_ENOTFOUND (err says why) when it
 * names none or several. */
fq_status o311svc_building_by_address(store *db, const char *address, int64_t *id, fq_err *err);

/* The plan of in (reqsvc_plan_create) by the key's account, loaded into
 * *who: FQ_EFORBIDDEN "api_key" when the account is disabled. */
fq_status o311svc_plan(store *db, fq_arena *a, int64_t account_id, const reqsvc_input *in,
		       caller *who, reqsvc_plan *out, fq_err *err);

/* Store plan (reqsvc_create: its summary gets the id and number) and link
 * it to key_id with media_url (may be NULL). */
typedef struct o311svc_create_job {
	svc_job job; /* first */
	reqsvc_plan plan;
	int64_t key_id;
	const char *media_url;
} o311svc_create_job;

/* Set the job's body; fill the inputs before or after. */
void o311svc_create_job_init(o311svc_create_job *j);

#endif
