/*
 * org.h - the rules of the org tree that are not storage: which grid holds
 * a point when several candidates do, how a materialised path breaks into
 * the ids of its ancestors, the opaque list cursor, and who may see the
 * households, people and 邻长 in it (DESIGN.md section 4).
 *
 * The org tree itself (units, names, boundaries) is not personal data:
 * every logged-in caller may read all of it. Households and people are:
 * a caller sees them only through a role whose scope covers them, a
 * 邻长 only the households linked to them, a resident only their own.
 */
#ifndef FQ_DOMAIN_ORG_H
#define FQ_DOMAIN_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/access.h"
#include "domain/geo.h"
#include "store/store_org.h"

/* Units on one path from the top of the tree down to a unit, itself included. */
#define ORG_DEPTH_MAX 16

/* Rows of one list page: the default and the most a caller may ask for. */
#define ORG_LIMIT_DEFAULT 50
#define ORG_LIMIT_MAX 500

/* Bytes of a cursor string, NUL included. */
#define ORG_CURSOR_MAX 24

/* The path that stands for "the whole deployment": only roles bound to
 * the whole deployment cover it. */
#define ORG_ROOT_PATH "/"

/* Roles that may list the households under a unit (within their scope). */
#define ORG_HOUSEHOLD_LIST_ROLES (WHO_STAFF | ROLE_BUILDING_LEADER)

/* Roles that may look up 邻长 (within their scope). */
#define ORG_LEADER_LIST_ROLES WHO_STAFF

/* Fields of a person that can be revealed unmasked, as bits. */
typedef enum org_field {
	ORG_FIELD_PHONE = 1u << 0,
	ORG_FIELD_ID_NUMBER = 1u << 1,
} org_field;

/* A grid and its boundary, for org_locate_pick. */
typedef struct org_grid_shape {
	int64_t id;                    /* the grid's unit id */
	const geo_multipolygon *shape; /* its boundary; NULL is never chosen */
} org_grid_shape;

/* What decides who may see a household (or a person in it). */
typedef struct org_household_scope {
	int64_t household_id;      /* 0 for a person without household */
	const char *grid_path;     /* path of the household's grid, or NULL */
	const char *building_path; /* path of its building, or NULL */
	bool linked;               /* linked to the caller's 邻长 record */
} org_household_scope;

/* True when kind is one the units table allows ("street", "community",
 * "village", "grid", "building", "department"). */
bool org_unit_kind_valid(const char *kind);

/* Decode a list cursor: NULL or "" gives 0 (the first page). A cursor
 * that org_cursor_encode did not make is FQ_EINVAL naming "cursor"; *after
 * is then untouched. */
fq_status org_cursor_decode(const char *cursor, int64_t *after, fq_err *err);

/* The cursor that continues a list after the row with id last_id (> 0). */
void org_cursor_encode(int64_t last_id, char out[ORG_CURSOR_MAX]);

/* Split a materialised path "/1/4/17/" into its ids, top first (1, 4, 17),
 * into ids (room for max). FQ_EINVAL (field "path") when the path is not
 * of that form, FQ_ETOOBIG when it holds more than max ids; ids and *n are
 * then unspecified and untouched respectively. */
fq_status org_path_ids(const char *path, int64_t *ids, size_t max, size_t *n, fq_err *err);

/* Of the n grids, the one whose boundary holds pt (edges included); when
 * several do (a point on a shared edge, overlapping boundaries) the one
 * with the lowest id, so the answer does not depend on the order of the
 * candidates. *out is its index in grids. FQ_ENOTFOUND when none holds
 * the point; *out is then untouched. */
fq_status org_locate_pick(const org_grid_shape *grids, size_t n, geo_point pt, size_t *out);

/* The index in chain (top first, as org_path_ids orders it) of the lowest
 * unit whose kind is one of kinds (a NULL-terminated list), or -1. */
int org_chain_find(const store_unit *chain, size_t n, const char *const *kinds);

/* The path of the widest unit the caller reaches through one of roles
 * (ORG_ROOT_PATH for a deployment-wide binding), or NULL when the caller
 * has none of them. Ties go to the first binding. */
const char *org_scope_root(const caller *c, unsigned roles);

/* True when the caller may list the households under the unit at
 * path: a role in ORG_HOUSEHOLD_LIST_ROLES bound at or above it. */
bool org_households_listable(const caller *c, const char *path);

/* True when the caller may look up 邻长 under the unit at path. */
bool org_leaders_listable(const caller *c, const char *path);

/* Whether the caller should ask the store if a household is linked to
 * them: they hold the 邻长 role and have a 邻长 record. */
bool org_needs_link(const caller *c);

/* True when the caller may see the household s and the people in it
 * (names, masked numbers): staff whose scope covers its grid, a building
 * leader whose scope covers its building, the 邻长 linked to it, or a
 * member of it. */
bool org_household_visible(const caller *c, const org_household_scope *s);

/* Whether the caller may see a person of household s through one of roles,
 * with each role's own reach: a 邻长 only the households linked to them, a
 * building leader the buildings in their scope, every other role the grids
 * in its scope. */
bool org_person_reachable(const caller *c, const org_household_scope *s, unsigned roles);

/* The bit of a field name ("phone", "id_number"), or 0 when unknown. */
org_field org_field_parse(const char *name);

/* The wire name of one field bit. */
const char *org_field_name(org_field f);

/* May the caller see the fields (a set of org_field bits) of a person of
 * household s unmasked? FQ_ENOTFOUND when the household is not visible to
 * them at all; FQ_EFORBIDDEN naming the first field that no role of theirs
 * in ACCESS_REVEAL_PHONE / ACCESS_REVEAL_ID reaches; else FQ_OK. */
fq_status org_reveal_check(const caller *c, const org_household_scope *s, unsigned fields,
			   fq_err *err);

/* True when the caller may see leader l and the households linked to
 * them: staff whose scope covers the leader's unit, or the leader
 * themself. */
bool org_leader_visible(const caller *c, const store_leader *l);

#endif
