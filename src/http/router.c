/*
 * router.c - segment-by-segment route matching, HEAD answered by the GET
 * rows, and the one parser of ids in paths; see router.h.
 */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

/* A row answers the method: its own, and HEAD for a GET row. */
static int method_matches(const char *row, const char *method)
{
	return strcmp(row, method) == 0 ||
	       (strcmp(method, "HEAD") == 0 && strcmp(row, "GET") == 0);
}

/* Append a method to the comma-separated Allow list, once. */
static size_t allow_add(char *allow, size_t allow_n, size_t al, const char *method)
{
	if (allow_n <= al || strstr(allow, method))
		return al;
	int w = snprintf(allow + al, allow_n - al, "%s%s", al ? ", " : "", method);
	if (w > 0)
		al += (size_t)w < allow_n - al ? (size_t)w : allow_n - al - 1;
	return al;
}

/* Match one pattern; captures are copied into scratch. */
static int match(const char *pat, const char *path, const char *params[HTTP_PARAMS_MAX],
		 char *scratch, size_t scratch_n)
{
	size_t used = 0;
	int np = 0;
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		size_t pl = strcspn(pat, "/"), xl = strcspn(path, "/");
		if (pat[0] == '{') {
			if (xl == 0 || np >= HTTP_PARAMS_MAX || used + xl + 1 > scratch_n)
				return 0;
			memcpy(scratch + used, path, xl);
			scratch[used + xl] = '\0';
			params[np++] = scratch + used;
			used += xl + 1;
		} else if (pl != xl || memcmp(pat, path, pl) != 0) {
			return 0;
		}
		pat += pl;
		path += xl;
	}
	return *pat == '\0' && *path == '\0';
}

/* Literal segments of a pattern: more literals is a more specific route. */
static int literals(const char *pat)
{
	int n = 0;
	for (const char *p = pat; *p; p++)
		if (*p == '/' && p[1] && p[1] != '{')
			n++;
	return n;
}

int router_find(const http_route *routes, size_t n, const char *method, const char *path,
		const char *params[HTTP_PARAMS_MAX], char *scratch, size_t scratch_n,
		char *allow, size_t allow_n)
{
	int path_matched = 0, best = -1, best_lit = -1;
	size_t al = 0;
	char best_scratch[HTTP_PATH_MAX];
	const char *best_params[HTTP_PARAMS_MAX] = {0};
	if (allow_n)
		allow[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *tmp[HTTP_PARAMS_MAX] = {0};
		if (!match(routes[i].pattern, path, tmp, scratch, scratch_n))
			continue;
		if (method_matches(routes[i].method, method)) {
			int lit = literals(routes[i].pattern);
			if (lit > best_lit && scratch_n <= sizeof best_scratch) {
				best = (int)i;
				best_lit = lit;
				memcpy(best_scratch, scratch, scratch_n);
				for (int k = 0; k < HTTP_PARAMS_MAX; k++)
					best_params[k] = tmp[k] ? best_scratch + (tmp[k] - scratch) : NULL;
			}
			continue;
		}
		path_matched = 1;
		al = allow_add(allow, allow_n, al, routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			al = allow_add(allow, allow_n, al, "HEAD");
	}
	if (best >= 0) {
		memcpy(scratch, best_scratch, scratch_n);
		for (int k = 0; k < HTTP_PARAMS_MAX; k++)
			params[k] = best_params[k] ? scratch + (best_params[k] - best_scratch) : NULL;
		return best;
	}
	return path_matched ? ROUTER_BAD_METHOD : ROUTER_NOT_FOUND;
}

int http_id_parse(const char *s, int64_t *out)
{
	if (!s || s[0] < '1' || s[0] > '9')
		return -1; /* empty, a sign, a space or a leading zero */
	int64_t v = 0;
	size_t n = 0;
	for (; s[n]; n++) {
		if (n >= HTTP_ID_DIGITS_MAX || s[n] < '0' || s[n] > '9')
			return -1;
		v = v * 10 + (s[n] - '0');
	}
	*out = v;
	return 0;
}
