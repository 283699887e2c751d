/*
 * demo.h - the plan of a demo street shaped like Jili street (集里街道,
 * Liuyang 430181): 7 communities and 8 villages, 90 grids whose
 * quadrilaterals tile the street's rectangle, apartment blocks with
 * entrances and floors in the communities and village groups of houses in
 * the villages, about 47,000 households of 2 to 4 people with valid ID
 * numbers, a 邻长 for every 10 to 15 households of a grid, a 楼栋长 for
 * every building, the street's departments, and the demo accounts of every
 * role.
 *
 * Building a plan is pure and deterministic: no I/O, no clock, and the
 * same parameters always give the same plan, byte for byte. Everything
 * refers to everything else by index into the plan's arrays, in an order
 * where parents come before children, so a loader can insert the arrays
 * front to back and map indexes to row ids as it goes.
 *
 * The tiling: the street's rectangle is cut into a lattice of
 * DEMO_LATTICE_COLS x DEMO_LATTICE_ROWS cells whose inner corner points
 * are moved at random by up to DEMO_JITTER of a cell (points on the
 * rectangle's edges move only along the edge). Each grid is the
 * quadrilateral of one cell's four corners, shared with its neighbours,
 * so grids never overlap, leave no gap, and stay convex. A snake path that
 * walks the lattice in bands two cells high is cut into runs, one run per
 * community or village, so each is a contiguous block of grids.
 */
#ifndef FQ_DEMO_DEMO_H
#define FQ_DEMO_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "demo/demo_names.h"
#include "domain/geo.h"

/* The lattice of grids. DEMO_LATTICE_ROWS must be even (bands of two). */
#define DEMO_LATTICE_COLS 9
#define DEMO_LATTICE_ROWS 10
#define DEMO_GRID_COUNT (DEMO_LATTICE_COLS * DEMO_LATTICE_ROWS)

/* Communities and villages together, and the grids of each community
 * (the villages share the rest evenly). */
#define DEMO_BLOCK_COUNT (DEMO_COMMUNITY_COUNT + DEMO_VILLAGE_COUNT)
#define DEMO_GRIDS_PER_COMMUNITY 7

/* The first street's rectangle, in degrees, and how far east each further
 * street of a multi-street build is placed. */
#define DEMO_WEST 113.56
#define DEMO_SOUTH 28.12
#define DEMO_WIDTH 0.08
#define DEMO_HEIGHT 0.06
#define DEMO_STREET_STRIDE 0.09

/* Largest move of an inner lattice point, as a fraction of a cell; below
 * 0.25 every quadrilateral stays convex. */
#define DEMO_JITTER 0.2

/* Households of one street: the default (Jili street has about 47,000),
 * and the bounds a caller may ask for (at least one per grid). */
#define DEMO_HOUSEHOLDS_DEFAULT 47000
#define DEMO_HOUSEHOLDS_MIN DEMO_GRID_COUNT
#define DEMO_HOUSEHOLDS_MAX 500000

/* Most streets one build may ask for (street_index < this). */
#define DEMO_STREETS_MAX 100

/* Households one 邻长 is linked to, aimed at (10 to 15 in practice). */
#define DEMO_LEADER_HOUSEHOLDS 13

/* Departments, talents (群英) and mediators of each street. */
#define DEMO_DEPARTMENT_COUNT 8
#define DEMO_TALENT_COUNT 3
#define DEMO_MEDIATOR_COUNT 2

/* The password of every demo account. */
#define DEMO_PASSWORD "fengqiao-demo"

/* Buffer sizes of the plan's text fields. */
#define DEMO_CODE_SIZE 48
#define DEMO_UNIT_NAME_SIZE 96
#define DEMO_ADDRESS_SIZE 192
#define DEMO_ROOM_SIZE 16
#define DEMO_USERNAME_SIZE 32
#define DEMO_DISPLAY_SIZE 64

/* Points of a grid's closed boundary ring (four corners and the first
 * again). */
#define DEMO_RING_POINTS 5

typedef enum demo_kind {
	DEMO_STREET,
	DEMO_COMMUNITY,
	DEMO_VILLAGE,
	DEMO_GRID,
	DEMO_BUILDING,
	DEMO_DEPARTMENT,
} demo_kind;

/* One unit of the org tree. */
typedef struct demo_unit {
	demo_kind kind;
	int32_t parent;                     /* index in units, -1 for the street */
	char code[DEMO_CODE_SIZE];          /* unique across streets */
	char name[DEMO_UNIT_NAME_SIZE];
	geo_point ring[DEMO_RING_POINTS];   /* grids: counter-clockwise, closed */
	geo_bbox bbox;                      /* grids and the street */
	char address[DEMO_ADDRESS_SIZE];    /* buildings, else "" */
	geo_point door;                     /* buildings: a point inside the grid */
	int entrances;                      /* apartment blocks; 0 for a village group */
	int floors;                         /* apartment blocks; 0 for a village group */
} demo_unit;

/* One household. */
typedef struct demo_household {
	int32_t building;                   /* index in units */
	int32_t grid;                       /* index in units */
	int entrance;                       /* 0 in villages */
	int floor;                          /* 0 in villages */
	char code[DEMO_CODE_SIZE];
	char room[DEMO_ROOM_SIZE];
	char address[DEMO_ADDRESS_SIZE];
	int32_t first_person;               /* index in persons; the head comes first */
	int32_t n_persons;                  /* 2..4 */
} demo_household;

/* One resident. */
typedef struct demo_person {
	int32_t household;                  /* index in households */
	char name[DEMO_NAME_SIZE];
	char id_number[DEMO_ID_SIZE];       /* valid and unique */
	char phone[DEMO_PHONE_SIZE];        /* "" for young children */
	const char *relation;               /* 户主, 配偶, 子女 or 父母 (static) */
	char gender;                        /* 'M' or 'F' */
	int birth_year;
} demo_person;

/* One 邻长 (kind "neighbour", on a grid) or 楼栋长 ("building", on a
 * building). */
typedef struct demo_leader {
	const char *kind;                   /* wire name (static) */
	int32_t person;                     /* index in persons */
	int32_t unit;                       /* index in units */
	int32_t first_link;                 /* index in links */
	int32_t n_links;                    /* households linked (0 for 楼栋长) */
} demo_leader;

/* One login account with one role. */
typedef struct demo_account {
	char username[DEMO_USERNAME_SIZE];
	char display_name[DEMO_DISPLAY_SIZE];
	const char *role;                   /* wire name from domain/roles.h (static) */
	int32_t unit;                       /* index in units, -1 = whole deployment */
	int32_t person;                     /* index in persons, -1 = none */
} demo_account;

/* A whole street. Arrays are owned by the plan. */
typedef struct demo_plan {
	int street_index;                   /* as asked */
	demo_unit *units;                   /* street first, parents before children */
	size_t n_units;
	demo_household *households;         /* grouped by grid, then building */
	size_t n_households;
	demo_person *persons;               /* grouped by household */
	size_t n_persons;
	demo_leader *leaders;               /* 邻长 first, grid by grid, then 楼栋长 */
	size_t n_leaders;
	size_t n_neighbour_leaders;         /* leaders[0 .. this-1] are 邻长 */
	int32_t *links;                     /* household indexes of the 邻长 */
	size_t n_links;
	demo_account *accounts;
	size_t n_accounts;
	size_t caps[6];                     /* allocated lengths, private */
} demo_plan;

/* What to build. */
typedef struct demo_params {
	uint64_t seed;                      /* any value */
	int street_index;                   /* 0 .. DEMO_STREETS_MAX-1: shifts codes,
					       coordinates and account names */
	int households;                     /* DEMO_HOUSEHOLDS_MIN .. DEMO_HOUSEHOLDS_MAX */
} demo_params;

/* The ID numbers handed out so far, so that several streets built one
 * after the other never repeat one. */
typedef struct demo_idset demo_idset;

/* An empty set, or NULL when out of memory. Free with demo_idset_free. */
demo_idset *demo_idset_new(void);

/* Release a set; NULL-safe. */
void demo_idset_free(demo_idset *s);

/* Build the plan of one street. ids (may be NULL) holds the ID numbers of
 * streets built before and receives this street's; a build in the same
 * order from the same seed yields the same plans.
 * Errors: FQ_EINVAL (field "street_index" or "households") for parameters
 * out of range; FQ_ENOMEM. On error *out is untouched and ids may hold
 * some of the street's numbers. Free the plan with demo_plan_free. */
fq_status demo_plan_build(const demo_params *p, demo_idset *ids, demo_plan **out,
			  fq_err *err);

/* Release a plan; NULL-safe. */
void demo_plan_free(demo_plan *plan);

/* Wire name of a kind: "street", "community", "village", "grid",
 * "building", "department". */
const char *demo_kind_name(demo_kind kind);

#endif
