/*
 * roles.h - the roles of DESIGN.md section 4, as bits so that a route can
 * say who may call it in one word, and their names on the wire and on the
 * command line.
 */
#ifndef FQ_MODEL_ROLES_H
#define FQ_MODEL_ROLES_H

typedef enum role {
	ROLE_RESIDENT = 1u << 0,
	ROLE_LEADER = 1u << 1,          /* 邻长 */
	ROLE_BUILDING_LEADER = 1u << 2, /* 楼栋长 / 单元长 */
	ROLE_GRID_WORKER = 1u << 3,
	ROLE_COMMUNITY_OFFICER = 1u << 4,
	ROLE_DISPATCHER = 1u << 5,
	ROLE_DEPARTMENT_OFFICER = 1u << 6,
	ROLE_SUPERVISOR = 1u << 7,
	ROLE_TALENT = 1u << 8,          /* 群英 */
	ROLE_MEDIATOR = 1u << 9,
	ROLE_ADMIN = 1u << 10,
} role;

#define ROLE_COUNT 11

/* `who` values for the route table. */
#define WHO_PUBLIC 0u
#define WHO_ANY ((1u << ROLE_COUNT) - 1)
/* Staff who work on households and people within their units. */
#define WHO_STAFF (ROLE_GRID_WORKER | ROLE_COMMUNITY_OFFICER | ROLE_DISPATCHER | \
		   ROLE_SUPERVISOR | ROLE_ADMIN)

/* The wire name of a role ("grid_worker"), or NULL for an unknown bit. */
const char *role_name(role r);

/* The role with that wire name; 0 when unknown. */
role role_parse(const char *name);

#endif
