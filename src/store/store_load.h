/*
 * store_load.h - bulk data in and out: inserting the org tree, households,
 * people and leaders (for `fengqiao import` and `fengqiao demo`), the
 * look-ups by code an importer checks its rows against, and the export
 * queries that stream units, households and people to a file writer.
 *
 * Inserts run inside a write transaction (a store_tx_fn); they take rows
 * whose references are already resolved to ids and return the new id.
 * Look-ups and exports run on any connection, read or write.
 */
#ifndef FQ_STORE_STORE_LOAD_H
#define FQ_STORE_STORE_LOAD_H

#include <stdint.h>

#include "core/status.h"
#include "store/store.h"

/* Bytes of the buffers a unit look-up fills. */
#define STORE_LOAD_KIND_SIZE 16
#define STORE_LOAD_PATH_SIZE 256

/* A unit to insert. */
typedef struct store_load_unit_row {
	int64_t parent_id;    /* 0 for a street (a root) */
	const char *kind;     /* "street", "community", "village", "grid", "building",
			       * "department" */
	const char *code;     /* unique */
	const char *name;
	const char *boundary; /* GeoJSON geometry text (grids), or NULL */
	int has_bbox;         /* non-zero: index the box below in grid_rtree */
	double min_lon, min_lat, max_lon, max_lat; /* the boundary's box */
	const char *address;  /* or NULL */
	int has_point;        /* non-zero: lat and lon hold the building's door */
	double lat, lon;
} store_load_unit_row;

/* Insert a unit. Its path is the parent's path plus its own id ("/1/4/17/")
 * and its street_id the parent's (a street's is its own id).
 * Errors: FQ_ENOTFOUND (field "parent") when parent_id names no unit;
 * FQ_ECONFLICT when the code is taken; FQ_ESTORE. *id_out is written only
 * on success. */
fq_status store_load_unit(store_conn *c, const store_load_unit_row *u, int64_t *id_out,
			  fq_err *err);

/* A household to insert. */
typedef struct store_load_household_row {
	const char *code;     /* unique */
	int64_t building_id;  /* the building (or village group) unit */
	int64_t grid_id;      /* the building's grid */
	int64_t street_id;
	int entrance;         /* 单元, 0 = none */
	int floor;            /* 0 = none (basements are negative) */
	const char *room;     /* or NULL */
	const char *address;
} store_load_household_row;

/* Insert a household. Errors: FQ_ECONFLICT (code taken or a reference
 * broken), FQ_ESTORE. */
fq_status store_load_household(store_conn *c, const store_load_household_row *h,
			       int64_t *id_out, fq_err *err);

/* A person to insert. */
typedef struct store_load_person_row {
	int64_t household_id; /* 0 = none */
	const char *name;
	const char *id_number; /* normalised 18 characters, unique; or NULL */
	const char *phone;     /* or NULL */
	const char *relation;  /* 户主, 配偶, ... or NULL */
	const char *gender;    /* "M", "F" or NULL */
	int birth_year;        /* 0 = unknown */
	int64_t street_id;
} store_load_person_row;

/* Insert a person. Errors: FQ_ECONFLICT (ID number taken), FQ_ESTORE. */
fq_status store_load_person(store_conn *c, const store_load_person_row *p, int64_t *id_out,
			    fq_err *err);

/* A leader to insert. */
typedef struct store_load_leader_row {
	int64_t person_id;
	const char *kind;  /* "neighbour", "building", "entrance" */
	int64_t unit_id;   /* grid for a neighbour leader, else the building */
	int entrance;      /* entrance leaders; 0 = none */
	int64_t street_id;
} store_load_leader_row;

/* Insert a leader. Errors: FQ_ECONFLICT, FQ_ESTORE. */
fq_status store_load_leader(store_conn *c, const store_load_leader_row *l, int64_t *id_out,
			    fq_err *err);

/* Link a leader to a household (联户). Errors: FQ_ECONFLICT when already
 * linked or a reference is broken, FQ_ESTORE. */
fq_status store_load_leader_household(store_conn *c, int64_t leader_id, int64_t household_id,
				      fq_err *err);

/* What an importer needs to know about an existing unit. */
typedef struct store_load_unit_ref {
	int64_t id;
	int64_t parent_id;                 /* 0 for a street */
	int64_t street_id;
	char kind[STORE_LOAD_KIND_SIZE];   /* wire name */
	char path[STORE_LOAD_PATH_SIZE];   /* "/1/4/17/" */
} store_load_unit_ref;

/* The unit with this code. FQ_ENOTFOUND (out untouched) when none;
 * FQ_ESTORE. */
fq_status store_load_find_unit(store_conn *c, const char *code, store_load_unit_ref *out,
			       fq_err *err);

/* What an importer needs to know about an existing household. */
typedef struct store_load_household_ref {
	int64_t id;
	int64_t building_id;
	int64_t grid_id;
	int64_t street_id;
	int entrance; /* 0 = none */
} store_load_household_ref;

/* The household with this code. FQ_ENOTFOUND when none; FQ_ESTORE. */
fq_status store_load_find_household(store_conn *c, const char *code,
				    store_load_household_ref *out, fq_err *err);

/* What an importer needs to know about an existing person. */
typedef struct store_load_person_ref {
	int64_t id;
	int64_t household_id; /* 0 = none */
	int64_t street_id;
} store_load_person_ref;

/* The person with this normalised ID number. FQ_ENOTFOUND when none;
 * FQ_ESTORE. */
fq_status store_load_find_person(store_conn *c, const char *id_number,
				 store_load_person_ref *out, fq_err *err);

/* Whether a leader (person, kind, unit, entrance) exists: FQ_OK with its
 * id, FQ_ENOTFOUND, or FQ_ESTORE. */
fq_status store_load_find_leader(store_conn *c, const store_load_leader_row *l,
				 int64_t *id_out, fq_err *err);

/* The neighbour leader (邻长) a household is linked to: FQ_OK with the
 * leader id, FQ_ENOTFOUND when it has none, or FQ_ESTORE. */
fq_status store_load_household_neighbour(store_conn *c, int64_t household_id,
					 int64_t *leader_id, fq_err *err);

/* Number of units in the database. */
fq_status store_load_count_units(store_conn *c, int64_t *n_out, fq_err *err);

/* Record that `fengqiao demo` built street_id at at (unix s). */
fq_status store_load_demo_street(store_conn *c, int64_t street_id, int64_t at, fq_err *err);

/* The number of streets `fengqiao demo` built into this database. */
fq_status store_load_count_demo_streets(store_conn *c, int64_t *n_out, fq_err *err);

/* One unit as exported; strings borrowed for the duration of the call. */
typedef struct store_export_unit {
	const char *kind;        /* wire name */
	const char *code;
	const char *name;
	const char *parent_code; /* "" for a street */
	const char *boundary;    /* GeoJSON text or "" */
	const char *address;     /* or "" */
	int has_point;           /* lat and lon set */
	double lat, lon;
} store_export_unit;

/* One household as exported. */
typedef struct store_export_household {
	const char *code;
	const char *building_code;
	int entrance;            /* 0 = none */
	int floor;               /* 0 = none */
	const char *room;        /* or "" */
	const char *address;
} store_export_household;

/* One person as exported (unmasked: the caller masks). */
typedef struct store_export_person {
	const char *name;
	const char *id_number;      /* or "" */
	const char *phone;          /* or "" */
	const char *household_code; /* or "" */
	const char *relation;       /* or "" */
	const char *gender;         /* "M", "F" or "" */
	int birth_year;             /* 0 = unknown */
} store_export_person;

/* Row callbacks: return FQ_OK to go on; anything else stops the export
 * and is returned by it. */
typedef fq_status (*store_export_unit_fn)(void *arg, const store_export_unit *u, fq_err *err);
typedef fq_status (*store_export_household_fn)(void *arg, const store_export_household *h,
					       fq_err *err);
typedef fq_status (*store_export_person_fn)(void *arg, const store_export_person *p,
					    fq_err *err);

/* Call fn for every unit whose path starts with scope_path (NULL: every
 * unit), parents before children. Errors: fn's status, FQ_ESTORE. */
fq_status store_export_units(store_conn *c, const char *scope_path, store_export_unit_fn fn,
			     void *arg, fq_err *err);

/* Call fn for every household whose building lies under scope_path (NULL:
 * every household). Errors: fn's status, FQ_ESTORE. */
fq_status store_export_households(store_conn *c, const char *scope_path,
				  store_export_household_fn fn, void *arg, fq_err *err);

/* Call fn for every person whose household's building lies under
 * scope_path (NULL: every person, with or without a household). Errors:
 * fn's status, FQ_ESTORE. */
fq_status store_export_people(store_conn *c, const char *scope_path,
			      store_export_person_fn fn, void *arg, fq_err *err);

#endif
