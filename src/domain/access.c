/*
 * access.c - scope tests over materialised unit paths; see access.h.
 */
#include "domain/access.h"

#include <string.h>

int access_has(const caller *c, unsigned roles)
{
	return c && (c->roles & roles) != 0;
}

int access_covers(const caller *c, unsigned roles, const char *path)
{
	if (!c || !path)
		return 0;
	for (int i = 0; i < c->n_roles; i++) {
		const caller_role *r = &c->r[i];
		if (!(r->role & roles))
			continue;
		if (r->unit_id == 0)
			return 1;
		if (r->path && strncmp(path, r->path, strlen(r->path)) == 0)
			return 1;
	}
	return 0;
}
