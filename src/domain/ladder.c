/*
 * ladder.c - levels of the ladder and the default handler at each, with
 * the fallback up the ladder when a level has nobody; see ladder.h.
 */
#include "domain/ladder.h"

#include <string.h>

static const struct {
	const char *name;
	const char *zh;
	unsigned handlers;
} levels[LADDER_LEVEL_MAX + 1] = {
	[LADDER_NEIGHBOURHOOD] = {"neighbourhood", "邻里", ROLE_LEADER | ROLE_BUILDING_LEADER},
	[LADDER_GRID] = {"grid", "网格", ROLE_GRID_WORKER},
	[LADDER_COMMUNITY] = {"community", "社区/村", ROLE_COMMUNITY_OFFICER},
	[LADDER_STREET] = {"street", "街道", ROLE_DISPATCHER | ROLE_DEPARTMENT_OFFICER},
};

const char *ladder_level_name(int level)
{
	return ladder_level_valid(level) ? levels[level].name : NULL;
}

const char *ladder_level_label(int level, const char *lang)
{
	if (!ladder_level_valid(level))
		return NULL;
	return (lang && strcmp(lang, "zh") == 0) ? levels[level].zh : levels[level].name;
}

int ladder_level_parse(const char *name)
{
	for (int l = LADDER_LEVEL_MIN; name && l <= LADDER_LEVEL_MAX; l++)
		if (strcmp(levels[l].name, name) == 0)
			return l;
	return 0;
}

unsigned ladder_handler_roles(int level)
{
	return ladder_level_valid(level) ? levels[level].handlers : 0;
}

/* The first choice at one level and its fallback within the level, with
 * the unit the request belongs to there. */
static void candidates(int level, const ladder_context *ctx, int64_t acc[2],
		       role roles[2], int64_t *unit)
{
	acc[1] = 0;
	roles[1] = 0;
	switch (level) {
	case LADDER_NEIGHBOURHOOD:
		acc[0] = ctx->leader_account;
		roles[0] = ROLE_LEADER;
		acc[1] = ctx->building_leader_account;
		roles[1] = ROLE_BUILDING_LEADER;
		*unit = ctx->grid_unit_id;
		return;
	case LADDER_GRID:
		acc[0] = ctx->grid_worker_account;
		roles[0] = ROLE_GRID_WORKER;
		*unit = ctx->grid_unit_id;
		return;
	case LADDER_COMMUNITY:
		acc[0] = ctx->community_duty_account;
		roles[0] = ROLE_COMMUNITY_OFFICER;
		*unit = ctx->community_unit_id;
		return;
	default:
		acc[0] = ctx->street_dispatcher_account;
		roles[0] = ROLE_DISPATCHER;
		*unit = ctx->street_unit_id;
		return;
	}
}

fq_status ladder_default_assignee(int level, const ladder_context *ctx,
				  ladder_assignee *out, fq_err *err)
{
	if (!ladder_level_valid(level))
		return fq_failr(err, FQ_EINVAL, "level", "request.level_range",
				"must be between %d and %d",
				LADDER_LEVEL_MIN, LADDER_LEVEL_MAX);
	for (int l = level; l <= LADDER_LEVEL_MAX; l++) {
		int64_t acc[2], unit = 0;
		role roles[2];
		candidates(l, ctx, acc, roles, &unit);
		for (int k = 0; k < 2; k++) {
			if (acc[k] <= 0)
				continue;
			*out = (ladder_assignee){.level = l, .account_id = acc[k],
						 .unit_id = unit, .role = roles[k],
						 .fallback = l != level || k != 0};
			return FQ_OK;
		}
	}
	return fq_failr(err, FQ_ENOTFOUND, "assignee", "request.no_dispatcher",
			"no handler at level %d or above: the street has no dispatcher", level);
}

fq_status ladder_cohandlers_check(int level, const ladder_cohandler *list, size_t n,
				  fq_err *err)
{
	if (level != LADDER_STREET)
		return fq_failr(err, FQ_ECONFLICT, "departments", "request.cohandle_level",
				"departments co-handle only at level %d (street), not at level %d",
				LADDER_STREET, level);
	if (n == 0 || n > LADDER_COHANDLERS_MAX)
		return fq_failr(err, FQ_EINVAL, "departments", "request.departments_range",
				"must list between 1 and %d departments", LADDER_COHANDLERS_MAX);
	size_t leads = 0;
	for (size_t i = 0; i < n; i++) {
		if (list[i].unit_id <= 0)
			return fq_fail(err, FQ_EINVAL, "departments",
				       "department %zu has no unit", i + 1);
		for (size_t j = 0; j < i; j++)
			if (list[j].unit_id == list[i].unit_id)
				return fq_failr(err, FQ_EINVAL, "departments",
						"request.department_twice",
						"unit %lld is listed twice",
						(long long)list[i].unit_id);
		leads += list[i].lead != 0;
	}
	if (leads != 1)
		return fq_failr(err, FQ_EINVAL, "lead", "request.department_lead",
				"exactly one department must lead, not %zu", leads);
	return FQ_OK;
}
