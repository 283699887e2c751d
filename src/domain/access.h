/*
 * access.h - who the caller is and what they may reach. A caller has one
 * or more roles, each bound to an org unit; a role acts on that unit and
 * every unit below it (DESIGN.md section 4). Units carry a materialised
 * path ("/1/4/17/": ancestors and self), so "is this unit within my
 * scope" is a prefix test, with no query.
 */
#ifndef FQ_DOMAIN_ACCESS_H
#define FQ_DOMAIN_ACCESS_H

#include <stdint.h>

#include "domain/roles.h"
#include "model/caller.h"

/* Non-zero when one of the caller's roles in `roles` (a bit set) is bound
 * to the unit whose path is `path` or to one of its ancestors. */
int access_covers(const caller *c, unsigned roles, const char *path);

/* Deep-copy src into *dst with every string in the arena. Returns 0, or
 * -1 when out of memory (dst is then unusable). */
struct fq_arena;
int access_caller_copy(struct fq_arena *a, const caller *src, caller *dst);

/* Non-zero when the caller has any role in `roles`. */
int access_has(const caller *c, unsigned roles);

/* Roles that may see unmasked phone numbers and ID numbers of people in
 * their scope (each unmasked read is audited). */
#define ACCESS_REVEAL_PHONE (ROLE_LEADER | ROLE_BUILDING_LEADER | ROLE_GRID_WORKER | \
			     ROLE_COMMUNITY_OFFICER | ROLE_DISPATCHER | ROLE_ADMIN)
#define ACCESS_REVEAL_ID (ROLE_COMMUNITY_OFFICER | ROLE_ADMIN)

#endif
