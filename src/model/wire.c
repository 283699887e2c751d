/*
 * wire.c - the two lookups of a table of wire names; see wire.h.
 */
#include "model/wire.h"

#include <string.h>

const char *wire_name(const char *const *names, size_t n, int v)
{
	return v > 0 && (size_t)v < n ? names[v] : NULL;
}

int wire_parse(const char *const *names, size_t n, const char *name)
{
	for (size_t v = 1; name && v < n; v++)
		if (names[v] && strcmp(names[v], name) == 0)
			return (int)v;
	return 0;
}
