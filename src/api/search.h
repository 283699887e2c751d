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

#include "core/arena.h"
#include "core/status.h"
#include "store/store_search.h"

/* One request as list items show it: {id, number, title, category,
 * channel, state, level, priority, grid, created_at, accept_due,
 * resolve_due, sla, card}, with sla seen from now. New reference. */
json_t *api_request_item_json(const store_search_row *row, int64_t now);

/* For each of the n households ids, a new JSON array of its most recent
 * requests (at most SEARCH_HOUSEHOLD_REQUESTS), newest first, in out[i].
 * On error nothing is left in out. */
fq_status api_households_requests(store_conn *c, fq_arena *a, const int64_t *ids, size_t n,
				  json_t **out, fq_err *err);

#endif
