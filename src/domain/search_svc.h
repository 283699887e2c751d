/*
 * search_svc.h - the request list service: a page of the requests within
 * the caller's reach that match a filter, the same as a CSV or XLSX file,
 * and the recent requests of some households. The filter's plain
 * arguments are checked by the caller; the service resolves what needs
 * the store (a category by id or code, a unit and whether the caller
 * reaches it) inside the same read as the search (docs/search.md).
 */
#ifndef FQ_DOMAIN_SEARCH_SVC_H
#define FQ_DOMAIN_SEARCH_SVC_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/sheet.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/search.h"
#include "domain/svc.h"
#include "store/store_search.h"

/* What of a filter the store resolves: NULL or "" and 0 are absent. */
typedef struct srchsvc_refs {
	const char *category; /* id or code; a top class takes its sub-categories */
	int64_t unit_id;      /* the unit below which to look */
} srchsvc_refs;

/*
 * A page of f (limit, before_id set by the caller) within who's reach,
 * newest first (in a); *more is 1 when there is a next page. f gets its
 * category, unit path and scope: FQ_EINVAL "category" for an unknown
 * category, FQ_ENOTFOUND "unit" for a unit outside the caller's reach.
 */
fq_status srchsvc_requests(store *db, fq_arena *a, const caller *who, const srchsvc_refs *refs,
			   store_search_filter *f, store_search_row **out, size_t *n, int *more,
			   fq_err *err);

/*
 * Every request of f (as srchsvc_requests, without paging) as a file of
 * format fmt, in a malloc'd buffer the caller frees: FQ_ETOOBIG "limit"
 * past SEARCH_EXPORT_MAX rows, FQ_EIO when the temporary file fails.
 */
fq_status srchsvc_export(store *db, fq_arena *a, const caller *who, const srchsvc_refs *refs,
			 store_search_filter *f, sheet_format fmt, char **data, size_t *len,
			 fq_err *err);

/* Inside a service's read: the most recent requests of each of the n
 * households ids (at most SEARCH_HOUSEHOLD_REQUESTS each), newest first,
 * in a; each row names its household. */
fq_status srchsvc_households_requests(store_conn *c, fq_arena *a, const int64_t *ids, size_t n,
				      store_search_row **out, size_t *nr, fq_err *err);

#endif
