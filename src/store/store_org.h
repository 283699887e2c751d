/*
 * store_org.h - reading the org tree and the people in it: units with their
 * materialised paths and grid boundaries, the R*Tree of grid bounding
 * boxes, households, persons, 邻长 and their linked households. Only reads
 * live here; the rows are written by the import and demo code
 * (store_load.c).
 *
 * Every function runs on a connection from store_read_begin (or the
 * writer), copies the text it returns into the caller's arena, and writes
 * its out-parameters only on success. Lists are ordered by id and take an
 * "after id" cursor and a row limit.
 */
#ifndef FQ_STORE_STORE_ORG_H
#define FQ_STORE_STORE_ORG_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

/* An integer column that holds SQL NULL comes back as this. */
#define STORE_INT_NULL INT64_MIN

/* Most grids whose bounding box may hold one point that are examined. */
#define STORE_GRID_CANDIDATES_MAX 256

/* Most rows any list here returns in one call. */
#define STORE_ORG_ROWS_MAX 1000

/* Kinds a unit may have (the CHECK of the units table), in one place. */
#define STORE_UNIT_KINDS_MAX 6

/* One org unit. */
typedef struct store_unit {
	int64_t id;
	int64_t parent_id;    /* 0 for a unit without parent */
	const char *kind;     /* street, community, village, grid, building or department */
	const char *code;     /* unique code, e.g. the 15-digit grid code */
	const char *name;
	const char *path;     /* "/1/4/17/": ancestors and self */
	const char *boundary; /* GeoJSON geometry text (grids), or NULL */
	const char *address;  /* buildings: the street address, or NULL */
	int has_point;        /* buildings: non-zero when lat/lon hold the door's point */
	double lat, lon;
} store_unit;

/* Filter of store_unit_list; zero / NULL members do not filter. */
typedef struct store_unit_filter {
	const char *kind;   /* exact kind */
	int64_t parent_id;  /* direct children of this unit */
	const char *q;      /* substring of the name, the code or the address */
	int64_t after_id;   /* only ids greater than this (the cursor) */
	int limit;          /* rows wanted, 1..STORE_ORG_ROWS_MAX */
} store_unit_filter;

/* How many direct children of one kind a unit has. */
typedef struct store_kind_count {
	const char *kind;
	int64_t count;
} store_kind_count;

/* A household with what a list shows of it. */
typedef struct store_household {
	int64_t id;
	const char *code;
	const char *address;
	int64_t building_id;
	const char *building_name;
	const char *building_path;
	int64_t grid_id;
	const char *grid_code;
	const char *grid_name;
	const char *grid_path;
	int64_t entrance;       /* 单元, or STORE_INT_NULL */
	int64_t floor;          /* or STORE_INT_NULL */
	const char *room;       /* or NULL */
	int64_t members;        /* persons in the household */
	int64_t head_id;        /* the 户主 (else the first member), or 0 */
	const char *head_name;  /* NULL when the household has no members */
	const char *head_phone; /* unmasked; NULL when unknown */
} store_household;

/* Filter of store_household_list. */
typedef struct store_household_filter {
	const store_unit *unit; /* households whose grid is this unit or below it, or
				   whose building is this unit */
	const char *q;          /* substring of the address, the code or a member's name */
	int64_t after_id;       /* the cursor */
	int limit;              /* 1..STORE_ORG_ROWS_MAX */
} store_household_filter;

/* A person, with the paths that decide who may see them. */
typedef struct store_person {
	int64_t id;
	int64_t household_id;      /* 0 when the person has no household */
	const char *name;
	const char *relation;      /* 户主, 配偶, ... or NULL */
	const char *gender;        /* "M", "F" or NULL */
	int64_t birth_year;        /* or STORE_INT_NULL */
	const char *phone;         /* unmasked, or NULL */
	const char *id_number;     /* unmasked, or NULL */
	int64_t building_id;       /* of the household, or 0 */
	const char *grid_path;     /* of the household's grid, or NULL */
	const char *building_path; /* of the household's building, or NULL */
} store_person;

/* A leader (邻长, 楼栋长 or 单元长) with their person and unit. */
typedef struct store_leader {
	int64_t id;
	const char *kind;       /* "neighbour", "building" or "entrance" */
	int64_t person_id;
	const char *name;
	const char *phone;      /* unmasked, or NULL */
	int64_t unit_id;        /* grid or building the leader serves */
	const char *unit_kind;
	const char *unit_code;
	const char *unit_name;
	const char *unit_path;
	int64_t households;     /* linked households */
} store_leader;

/* Filter of store_leader_list: 邻长 (kind "neighbour") only. */
typedef struct store_leader_filter {
	const char *path;  /* leaders whose unit's path starts with this */
	const char *q;     /* substring of the leader's name */
	int64_t after_id;  /* the cursor */
	int limit;         /* 1..STORE_ORG_ROWS_MAX */
} store_leader_filter;

/* The unit with that id into *out. FQ_ENOTFOUND when there is none,
 * FQ_ESTORE on a database error. */
fq_status store_unit_get(store_conn *c, fq_arena *a, int64_t id, store_unit *out, fq_err *err);

/* Units matching f, ordered by id, at most f->limit of them, into a new
 * arena array *out of *n rows. FQ_EINVAL (field "limit") when the limit is
 * out of range, FQ_ESTORE on a database error. */
fq_status store_unit_list(store_conn *c, fq_arena *a, const store_unit_filter *f, store_unit **out,
			  size_t *n, fq_err *err);

/* The number of direct children of unit id per kind, ordered by kind; kinds
 * without children are left out (at most STORE_UNIT_KINDS_MAX rows). */
fq_status store_unit_child_counts(store_conn *c, fq_arena *a, int64_t id, store_kind_count **out,
				  size_t *n, fq_err *err);

/* The number of households below u (see store_household_filter.unit). */
fq_status store_unit_household_count(store_conn *c, const store_unit *u, int64_t *out,
				     fq_err *err);

/* The grids whose bounding box (in grid_rtree) holds the point, with their
 * boundaries, ordered by id, at most STORE_GRID_CANDIDATES_MAX. The exact
 * test is the caller's. */
fq_status store_grid_candidates(store_conn *c, fq_arena *a, double lon, double lat,
				store_unit **out, size_t *n, fq_err *err);

/* Households matching f, ordered by id, at most f->limit. FQ_EINVAL (field
 * "limit") when the limit is out of range. */
fq_status store_household_list(store_conn *c, fq_arena *a, const store_household_filter *f,
			       store_household **out, size_t *n, fq_err *err);

/* The household with that id. FQ_ENOTFOUND when there is none. */
fq_status store_household_get(store_conn *c, fq_arena *a, int64_t id, store_household *out,
			      fq_err *err);

/* The members of household hh, ordered by id, at most max (1..STORE_ORG_ROWS_MAX). */
fq_status store_household_persons(store_conn *c, fq_arena *a, int64_t hh, int max,
				  store_person **out, size_t *n, fq_err *err);

/* The person with that id, with the paths of their household's grid and
 * building. FQ_ENOTFOUND when there is none. */
fq_status store_person_get(store_conn *c, fq_arena *a, int64_t id, store_person *out,
			   fq_err *err);

/* *out = 1 when the leader leader_id is linked to household hh, else 0. */
fq_status store_leader_linked(store_conn *c, int64_t leader_id, int64_t hh, int *out,
			      fq_err *err);

/* 邻长 matching f, ordered by id, at most f->limit, each with their count of
 * linked households. FQ_EINVAL (field "limit") when the limit is out of
 * range. */
fq_status store_leader_list(store_conn *c, fq_arena *a, const store_leader_filter *f,
			    store_leader **out, size_t *n, fq_err *err);

/* The leader with that id (any kind). FQ_ENOTFOUND when there is none. */
fq_status store_leader_get(store_conn *c, fq_arena *a, int64_t id, store_leader *out,
			   fq_err *err);

/* The households linked to leader leader_id, ordered by id, at most max
 * (1..STORE_ORG_ROWS_MAX). */
fq_status store_leader_households(store_conn *c, fq_arena *a, int64_t leader_id, int max,
				  store_household **out, size_t *n, fq_err *err);

#endif
