/*
 * router.h - matching a method and path against the route table. Patterns
 * are literal segments and {captures}; the first row whose pattern and
 * method match wins. HEAD is answered by the GET rows, so that every GET
 * route answers HEAD without a row of its own. Kept apart from the server
 * so it can be unit-tested.
 */
#ifndef FQ_HTTP_ROUTER_H
#define FQ_HTTP_ROUTER_H

#include <stddef.h>

#include "http/http.h"

#define ROUTER_NOT_FOUND (-1)
#define ROUTER_BAD_METHOD (-2)

/* Find the row for method and path: of the rows that match, the one with
 * the most literal segments wins ("/requests/export" over
 * "/requests/{id}"), and the first row among equals; a HEAD request matches
 * the GET rows. On a match returns its index and points params[i] into
 * scratch (size scratch_n) at each capture. When the path matches but no
 * method does, returns ROUTER_BAD_METHOD and writes the allowed methods,
 * comma-separated, to allow (HEAD follows GET). Otherwise ROUTER_NOT_FOUND. */
int router_find(const http_route *routes, size_t n, const char *method, const char *path,
		const char *params[HTTP_PARAMS_MAX], char *scratch, size_t scratch_n,
		char *allow, size_t allow_n);

#endif
