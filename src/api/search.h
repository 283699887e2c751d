/*
 * search.h - request list items as JSON, for handlers outside search.c
 * that show requests (the 邻长 lookup in org.c), so that a request looks
 * the same wherever it is listed.
 */
#ifndef FQ_API_SEARCH_H
#define FQ_API_SEARCH_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/search_svc.h"

/* One request as list items show it: {id, number, title, category,
 * channel, state, level, priority, grid, created_at, accept_due,
 * resolve_due, sla, card}, with sla seen from now. New reference. */
json_t *api_request_item_json(const store_search_row *row, int64_t now);

/* A new JSON array of the rows (srchsvc_households_requests) of
 * household_id, in their order, seen from now. */
json_t *api_household_requests_json(const store_search_row *rows, size_t n, int64_t household_id,
				    int64_t now);

#endif
