/*
 * store_poster.h - what a building's QR poster (扫码上报) prints: the
 * building with its address, the grid it lies in, that grid's community
 * and the grid worker who answers for it. One read, on a connection from
 * store_read_begin; text is copied into the caller's arena.
 */
#ifndef FQ_STORE_STORE_POSTER_H
#define FQ_STORE_STORE_POSTER_H

#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

/* A building as its poster shows it. */
typedef struct store_poster_building {
	int64_t id;
	const char *name;         /* 翠竹小区1栋 */
	const char *address;      /* "" when the building has none */
	const char *path;         /* the building's unit path, for scope */
	int64_t grid_id;          /* the grid above it, or 0 */
	const char *grid_name;    /* "" when there is no grid above it */
	const char *community_name; /* the grid's community or village, "" when none */
	const char *worker_name;  /* display name (else username) of the grid's worker
				     (enabled, lowest account id), "" when the grid has none */
} store_poster_building;

/* The building with that id into *out. FQ_ENOTFOUND (field "id") when no
 * unit of kind building has it, FQ_ESTORE on a database error; *out is
 * untouched on error. */
fq_status store_poster_building_get(store_conn *c, fq_arena *a, int64_t id,
				    store_poster_building *out, fq_err *err);

#endif
