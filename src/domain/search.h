/*
 * search.h - the rules of the request list: who sees which requests
 * (DESIGN.md section 4), how a text query is matched, where a request
 * stands against its deadline, and the bounds of a page and of an export.
 *
 * Reach: staff roles (WHO_STAFF) see every request under the units their
 * roles are bound to (the request's unit_path is its grid's path); a
 * 楼栋长 the requests located in their building; a department officer
 * those their department co-handles; a 邻长 those of the households linked
 * to them; and everyone the requests they raised (as the person or as
 * the account that typed it) and those assigned to them. Talent and
 * mediators see what is assigned to them.
 *
 * Text: a query is a substring match over title, description and address
 * (store_search.h says how each length is served).
 */
#ifndef FQ_DOMAIN_SEARCH_H
#define FQ_DOMAIN_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/access.h"
#include "domain/sla.h"
#include "store/store_search.h"

/* Rows of one page: the default and the most a caller may ask for. */
#define SEARCH_LIMIT_DEFAULT 50
#define SEARCH_LIMIT_MAX 200

/* Characters of a text query. */
#define SEARCH_Q_MAX 100

/* Most rows one export may hold; a larger result is refused (413) and the
 * caller narrows the filters. */
#define SEARCH_EXPORT_MAX 100000


/* Recent requests shown with each household of a 邻长. */
#define SEARCH_HOUSEHOLD_REQUESTS 20

/* Roles that may export a list. */
#define SEARCH_EXPORT_ROLES WHO_STAFF

/* The requests the caller may see, as a store scope. Paths that lie under
 * another of the caller's paths are dropped. Never fails. */
void search_scope_of(const caller *c, store_search_scope *out);

/* May the caller filter by the unit at path? Staff may name a unit that
 * overlaps the units of their staff roles (above or below); for others a
 * unit only narrows their own requests. FQ_ENOTFOUND (field "unit") when
 * a staff caller names a unit outside their reach. */
fq_status search_unit_allowed(const caller *c, const char *path, fq_err *err);

/* True when name is a channel of intake (self, proxy, hotline, visit,
 * inspection, open311). */
bool search_channel_valid(const char *name);

/* The Chinese label of a channel (自报, 代报 ...), or name itself when
 * unknown. */
const char *search_channel_label(const char *name);

/* Digits a query needs to be taken for the last digits of a request
 * number (the index requests_number_tail keys on the last four). */
#define SEARCH_NUMBER_DIGITS_MIN STORE_SEARCH_NUMBER_KEY

/* Put the text query q (already checked as UTF-8 within SEARCH_Q_MAX) in
 * the filter as f->fts; an empty q sets none. A q that is a request number
 * ("FQ" and its 14 digits, any case) or its last 4 to 14 digits also sets
 * f->number: such a query finds the requests whose number ends with those
 * digits as well as those whose text holds it. */
void search_set_text(store_search_filter *f, const char *q);

/* Where the request stands against its current deadline at now: the
 * accept deadline while dispatched, the resolve deadline while accepted.
 * 0 when neither applies (other states, or no deadline). */
sla_timing search_timing(const store_search_row *r, int64_t now);

#endif
