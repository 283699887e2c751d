/*
 * open311_svc.h - the Open311 service's write: storing a request an
 * Open311 client raised, as planned by the requests service
 * (reqsvc_plan_create, channel "open311"), with the link to the client's
 * key and its media URL, in one job (svc.h; docs/open311.md).
 */
#ifndef FQ_DOMAIN_OPEN311_SVC_H
#define FQ_DOMAIN_OPEN311_SVC_H

#include <stdint.h>

#include "core/status.h"
#include "domain/requests.h"
#include "domain/svc.h"

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
