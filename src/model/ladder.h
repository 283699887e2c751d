/*
 * ladder.h - the values of the four-level ladder (domain/ladder.h) that
 * the store reads and writes: the levels, the candidates of each level
 * found for one request, and a department co-handling a request.
 */
#ifndef FQ_MODEL_LADDER_H
#define FQ_MODEL_LADDER_H

#include <stdint.h>

/* The levels, lowest first. */
#define LADDER_LEVEL_MIN 1
#define LADDER_LEVEL_MAX 4

typedef enum ladder_level {
	LADDER_NEIGHBOURHOOD = 1, /* "neighbourhood", 邻里 */
	LADDER_GRID = 2,          /* "grid", 网格 */
	LADDER_COMMUNITY = 3,     /* "community", 社区/村 */
	LADDER_STREET = 4,        /* "street", 街道 */
} ladder_level;

/* Most departments that co-handle one request at the street level. */
#define LADDER_COHANDLERS_MAX 8

/* Candidates found by the caller for one request; 0 = none. */
typedef struct ladder_context {
	int64_t leader_account;            /* 邻长 linked to the reporter's household */
	int64_t building_leader_account;   /* 楼栋长 of the reporter's building */
	int64_t grid_worker_account;       /* grid worker of the grid holding the location */
	int64_t community_duty_account;    /* on-duty account of that grid's community */
	int64_t street_dispatcher_account; /* dispatcher of the street command centre */
	int64_t grid_unit_id;              /* the grid (which stands for 片组 at level 1) */
	int64_t community_unit_id;         /* the community or village */
	int64_t street_unit_id;            /* the street */
} ladder_context;

/* A department co-handling a street-level request. */
typedef struct ladder_cohandler {
	int64_t unit_id; /* the department's unit */
	int lead;        /* non-zero for the one that leads (牵头) */
} ladder_cohandler;

/* True for 1..LADDER_LEVEL_MAX. */
int ladder_level_valid(int level);

#endif
