/*
 * access.c - scope tests over materialised unit paths; see access.h.
 */
#include "domain/access.h"

#include <string.h>

#include "core/arena.h"

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

/* Copy one string into the arena; NULL stays NULL. */
static int dup_into(fq_arena *a, const char **s)
{
	if (!*s)
		return 0;
	*s = fq_arena_strdup(a, *s);
	return *s ? 0 : -1;
}

int access_caller_copy(fq_arena *a, const caller *src, caller *dst)
{
	*dst = *src;
	int bad = dup_into(a, &dst->username) | dup_into(a, &dst->display_name) |
		  dup_into(a, &dst->csrf);
	for (int i = 0; i < dst->n_roles && i < CALLER_ROLES_MAX; i++)
		bad |= dup_into(a, &dst->r[i].path) | dup_into(a, &dst->r[i].unit_name) |
		       dup_into(a, &dst->r[i].unit_kind) | dup_into(a, &dst->r[i].unit_code);
	return bad ? -1 : 0;
}
