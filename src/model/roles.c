/*
 * roles.c - role names; see roles.h.
 */
#include "model/roles.h"

#include <string.h>

static const char *const names[ROLE_COUNT] = {
	"resident",   "leader",     "building_leader", "grid_worker",
	"community_officer", "dispatcher", "department_officer", "supervisor",
	"talent",     "mediator",   "admin",
};

const char *role_name(role r)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (r == (1u << i))
			return names[i];
	return NULL;
}

role role_parse(const char *name)
{
	for (int i = 0; name && i < ROLE_COUNT; i++)
		if (strcmp(names[i], name) == 0)
			return (role)(1u << i);
	return 0;
}
