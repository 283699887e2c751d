/*
 * demo_street.h - inserting the demo streets of demo/demo.h for `fengqiao
 * demo`: each street is planned in memory, then its rows (units,
 * households, people, leaders and their households, the demo accounts,
 * all with one shared password hash) go in one write job through
 * domain/demo_svc.h, as the importer would load them, and are timed. A
 * database that already has units is refused, so the demo never doubles
 * data.
 */
#ifndef FQ_DEMO_DEMO_STREET_H
#define FQ_DEMO_DEMO_STREET_H

#include <stdint.h>

#include "core/status.h"
#include "demo/demo.h"
#include "domain/svc.h"

/* Writes a grid's polygon as GeoJSON text the caller frees (the api
 * layer's geojson_polygon_dump, handed down by the command). */
typedef fq_status (*demo_boundary_fn)(const geo_polygon *poly, char **out, fq_err *err);

/* What every street of one build shares. */
typedef struct demo_build {
	uint64_t seed;
	int scale;                   /* streets built */
	int households;              /* of each street */
	const char *hash;            /* the password hash of every account */
	demo_boundary_fn boundary;
} demo_build;

/* A street as inserted: its plan and the row ids of its units, households
 * and persons (what the history, the pools and the cases need). */
typedef struct demo_street {
	demo_plan *plan;
	int64_t *unit_ids;
	int64_t *household_ids;
	int64_t *person_ids;
} demo_street;

/* 0 when db has no units; else -1, with the reason (naming path) on
 * stderr. */
int demo_street_check_empty(store *db, const char *path);

/* Plan and insert street s of build b and print its line. ids holds the
 * ID numbers of the streets built before (demo_plan_build). When keep is
 * not NULL the plan and its row ids are handed to the caller there; free
 * them with demo_street_free. Returns 0, or -1 with the reason on stderr. */
int demo_street_build(store *db, const demo_build *b, int s, demo_idset *ids,
		      demo_street *keep);

/* Release what demo_street_build kept; NULL-safe members. */
void demo_street_free(demo_street *k);

/* Print the accounts of a street: one line each, except the numbered
 * series of grid workers and community officers. */
void demo_street_print_accounts(const demo_plan *p);

#endif
