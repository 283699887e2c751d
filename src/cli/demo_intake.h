/*
 * demo_intake.h - the direct intake of the demo history (`fengqiao demo`,
 * unless --intake service asks for reqsvc_plan_create):
 * the plan of a new request (reqsvc_plan) worked out from what the
 * history already knows - the grid of the building, the reporter - rather
 * than by reqsvc_plan_create, then stored by the real reqsvc_create.
 *
 * The plan is the one reqsvc_plan_create makes for the same input: the
 * same row (grid, community, street, building, household, reporter,
 * category, priority, times), the same dispatch (the ladder's candidates
 * from store_req_ladder, ladder_default_assignee at the category's start
 * level, the system's dispatch through req_transition, deadlines from the
 * category's limits on the working-day calendar) and the same counter
 * units; tests/api/test_demo_history.py builds one history both ways and
 * compares every row. What it leaves out is what reqsvc_create does not
 * store: checking the input a person typed, locating a point among the
 * grids, and the answer's possible duplicates and handler's name.
 */
#ifndef FQ_CLI_DEMO_INTAKE_H
#define FQ_CLI_DEMO_INTAKE_H

#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/requests.h"
#include "store/store.h"

/* Grids remembered (a street has 90; more streets are looked up again). */
#define DEMO_INTAKE_GRIDS_MAX 1024

typedef struct demo_intake demo_intake;

/* A new intake, or NULL when out of memory. Free with demo_intake_free. */
demo_intake *demo_intake_new(void);

/* Release; NULL-safe. */
void demo_intake_free(demo_intake *x);

/*
 * The plan of request `in` raised by `who` at the building `in->building_id`
 * of grid `grid_id`, into *out (arena a), as reqsvc_plan_create would make
 * it; c is the writer's connection. in->household_id is the household it
 * concerns (0 for none), in->caller_phone the hotline caller's. Errors: as
 * the store's; FQ_EINVAL (field "category") for an unknown or retired
 * category; FQ_ECONFLICT (field "assignee") when nobody can handle it.
 */
fq_status demo_intake_plan(store_conn *c, demo_intake *x, fq_arena *a, const caller *who,
			   const reqsvc_input *in, int64_t grid_id, reqsvc_plan *out,
			   fq_err *err);

#endif
