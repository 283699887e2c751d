/*
 * store_modules.c - the one table of the store's modules (sqlite_int.h):
 * the hot statements of each for the plan registry and the guard, the SQL
 * functions a connection registers, and the hooks the writer runs before
 * each group commit. A new store module with hot statements, SQL functions
 * or work kept waiting until the commit adds its line here.
 */
#include "store/sqlite_int.h"
#include "store/store_search.h"

const store_module store_modules[] = {
	{"requests", store_req_plans, NULL, NULL},
	{"auth", store_auth_plans, NULL, NULL},
	{"org", store_org_plans, NULL, NULL},
	{"sweep", store_sweep_plans, NULL, NULL},
	{"metrics", store_metrics_plans, counts_sum_register, metrics_commit},
	{"open311", store_open311_plans, NULL, NULL},
	{"live", store_live_plans, NULL, NULL},
	{"talents", store_talent_plans, NULL, NULL},
	{"volunteers", store_volunteer_plans, NULL, NULL},
	{"volunteer_teams", store_volunteer_team_plans, NULL, NULL},
	{"activities", store_volunteer_act_plans, NULL, NULL},
	{"search", store_search_plans, NULL, store_search_commit},
	{NULL, NULL, NULL, NULL},
};
