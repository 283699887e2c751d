/*
 * ladder.h - the four levels a request climbs (DESIGN.md section 2,
 * "微事不出邻里、小事不出片组、大事不出社村、难事不出街道") and who handles
 * it by default at each level.
 *
 *   1 邻里 neighbourhood  the reporter household's 邻长, else the 楼栋长
 *   2 网格 grid           the grid worker of the grid holding the location
 *   3 社区/村 community   the community's (or village's) on-duty account
 *   4 街道 street         the street command centre's dispatcher; it may
 *                         add departments as co-handlers, one of them lead
 *
 * The caller (which can query) finds the candidate accounts and passes them
 * in a ladder_context; this module only applies the rules. A level with no
 * candidate hands the request to the next level up, so a level-1 request of
 * a household with neither 邻长 nor 楼栋长 starts at level 2.
 */
#ifndef FQ_DOMAIN_LADDER_H
#define FQ_DOMAIN_LADDER_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/roles.h"
#include "model/ladder.h"

/* Who handles a request, and at which level. */
typedef struct ladder_assignee {
	int level;          /* level that handles: the one asked for or above */
	int64_t account_id; /* the handler's account, never 0 */
	int64_t unit_id;    /* unit the request belongs to at that level (0 if unknown) */
	role role;          /* capacity: ROLE_LEADER, ROLE_BUILDING_LEADER,
			       ROLE_GRID_WORKER, ROLE_COMMUNITY_OFFICER or
			       ROLE_DISPATCHER */
	int fallback;       /* non-zero when the first choice of the level asked
			       for was missing */
} ladder_assignee;

/* Wire name of a level ("neighbourhood", "grid", "community", "street"),
 * or NULL when out of range. */
const char *ladder_level_name(int level);

/* Label of a level: "邻里", "网格", "社区/村", "街道" for lang "zh", the wire
 * name for any other lang; NULL when out of range. */
const char *ladder_level_label(int level, const char *lang);

/* The level with that wire name; 0 when unknown or NULL. */
int ladder_level_parse(const char *name);

/* Role bits of the accounts that handle requests at a level (level 1:
 * leaders and building leaders; 4: dispatchers and department officers);
 * 0 when out of range. */
unsigned ladder_handler_roles(int level);

/*
 * The default handler of a request at `level`, from the candidates in ctx:
 * level 1 the 邻长, else the 楼栋长, else as level 2; level 2 the grid
 * worker, else as level 3; level 3 the community duty account, else as
 * level 4; level 4 the street dispatcher. out->level is where the chain
 * stopped. Errors, *out untouched: FQ_EINVAL with field "level" for a level
 * out of range; FQ_ENOTFOUND with field "assignee" when the chain reaches
 * level 4 and there is no street dispatcher.
 */
fq_status ladder_default_assignee(int level, const ladder_context *ctx,
				  ladder_assignee *out, fq_err *err);

/*
 * Check the co-handling departments of a request at `level`: only level 4
 * has them (FQ_ECONFLICT otherwise); 1..LADDER_COHANDLERS_MAX entries,
 * unit ids positive and distinct, exactly one lead (FQ_EINVAL with field
 * "departments" or, for the lead, "lead").
 */
fq_status ladder_cohandlers_check(int level, const ladder_cohandler *list, size_t n,
				  fq_err *err);

#endif
