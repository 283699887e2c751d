/*
 * catalogue_svc.h - the catalogue service: the request categories and the
 * working-day calendar as they stand, and the administrator's edits to
 * them as write jobs (svc.h). An edit is checked again against the row as
 * it is inside the write (catalogue.h) and audited in the same
 * transaction. A calendar edit changes the deadlines computed after it,
 * never those already set.
 */
#ifndef FQ_DOMAIN_CATALOGUE_SVC_H
#define FQ_DOMAIN_CATALOGUE_SVC_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/calendar.h"
#include "domain/catalogue.h"
#include "domain/ladder.h"
#include "domain/sla.h"
#include "domain/svc.h"
#include "store/store_catalogue.h"

/* Bytes of an audit subject such as "category:12" or "calendar:20260101". */
#define CATSVC_SUBJECT_MAX 48

/* A category edit as sent: NULL strings and negative numbers are absent. */
typedef struct catsvc_edit {
	const char *code;    /* create only */
	int64_t parent_id;   /* create only */
	const char *name;
	const char *name_en;
	const char *icon;
	int start_level;
	int priority;
	int active;
	int danger;              /* 0 or 1; negative: absent */
	const char *danger_calls; /* one "number label" a line */
	int has_limits;
	sla_limits limits;
} catsvc_edit;

/* Every category, top classes first (in a). */
fq_status catsvc_categories(store *db, fq_arena *a, store_category **out, size_t *n,
			    fq_err *err);

/* The calendar's overrides of one year (in a), in date order. */
fq_status catsvc_calendar(store *db, fq_arena *a, int year, cal_entry **out, size_t *n,
			  fq_err *err);

/* Who made an administrator's change, and from where: its audit row. */
typedef struct catsvc_audit {
	int64_t account_id; /* the administrator */
	const char *peer;   /* the client's address */
	const char *detail; /* what was sent */
} catsvc_audit;

/*
 * Create or update a category as a write job. Create: the new category
 * starts from its top class (parent_id; FQ_EINVAL "parent_id" when it
 * names none, "code" when the code does not start with the class's code
 * and a dot) and takes what the edit leaves out from it. Update: the edit
 * is laid over category id (FQ_ENOTFOUND "id"). Either is checked
 * (catalogue_check and catalogue_check_danger, FQ_EINVAL naming the
 * field), written and audited;
 * result is the category as written (in arena).
 */
typedef struct catsvc_category_job {
	svc_job job;            /* first */
	fq_arena *arena;        /* for the result; the submitter keeps it */
	catsvc_audit by;
	int64_t id;             /* update: the category; create: the new one (out) */
	catsvc_edit edit;
	store_category result;  /* out: as written */
} catsvc_category_job;

/* Set the job's body: create (1) or update (0). */
void catsvc_category_job_init(catsvc_category_job *j, int create);

/* Set (entry.kind set) or remove (remove) the calendar's override of
 * entry.date as a write job, audited. */
typedef struct catsvc_day_job {
	svc_job job; /* first */
	catsvc_audit by;
	cal_entry entry; /* put: the row; remove: the day */
	int remove;
} catsvc_day_job;

/* Set the job's body. */
void catsvc_day_job_init(catsvc_day_job *j);

#endif
