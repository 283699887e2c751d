/*
 * store_catalogue.h - the request categories (tables categories and
 * category_limits) and the working-day calendar's override rows (table
 * calendar_days): read in a read transaction, written inside a write
 * transaction (a store_tx_fn on the writer's connection).
 *
 * A category is a top class (parent_id 0) or a sub-category of one; every
 * category carries one accept and one resolve limit per level of the
 * ladder. Rows come back allocated in the caller's arena.
 */
#ifndef FQ_STORE_STORE_CATALOGUE_H
#define FQ_STORE_STORE_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "model/calendar.h"
#include "model/sla.h"
#include "store/store.h"

/* Most categories the store lists in one call (the catalogue ships ~40). */
#define STORE_CATEGORIES_MAX 1000

/* Most calendar rows listed in one call. */
#define STORE_CALENDAR_ROWS_MAX CAL_ENTRIES_MAX

/* One category with its limits. */
typedef struct store_category {
	int64_t id;         /* 0 before insertion */
	int64_t parent_id;  /* 0 for a top class */
	const char *code;   /* "dispute.neighbour" */
	const char *name;   /* 邻里纠纷 */
	const char *name_en;
	const char *icon;   /* an emoji */
	int start_level;    /* 1..4 */
	int priority;       /* 1 urgent, 2 normal, 3 low */
	int active;         /* 0 hides it from intake */
	int sort;           /* order among its siblings */
	sla_limits limits;  /* level[0] for level 1 ... */
	int has_limits;     /* non-zero when every level has a row */
	int danger;         /* a danger to life: warn the reporter before anything else */
	const char *danger_calls; /* numbers to call, one "number label" a line; "" none */
} store_category;

/* Number of categories, and of calendar override rows. */
fq_status store_categories_count(store_conn *c, int64_t *out, fq_err *err);
fq_status store_calendar_count(store_conn *c, int64_t *out, fq_err *err);

/* Insert a category and its limits (write transaction). parent_id 0 makes
 * a top class; a negative sort places it after its siblings. FQ_ECONFLICT (field "code") when the code is taken. The new
 * id goes to *id_out (may be NULL). */
fq_status store_category_insert(store_conn *c, const store_category *cat, int64_t *id_out,
				fq_err *err);

/* Replace the editable fields of category cat->id (name, name_en, icon,
 * start_level, priority, active, danger, danger_calls) and all its limits (write transaction).
 * FQ_ENOTFOUND when there is no such category. The code, parent and sort
 * are not changed. */
fq_status store_category_update(store_conn *c, const store_category *cat, fq_err *err);

/* One category by id (0 = none) or, when id is 0, by code. FQ_ENOTFOUND
 * when absent; *out is written only on success. */
fq_status store_category_get(store_conn *c, int64_t id, const char *code, fq_arena *a,
			     store_category *out, fq_err *err);

/* Every category, top classes first in sort order, then each class's
 * sub-categories in sort order (ordered by parent, sort, id). */
fq_status store_categories_list(store_conn *c, fq_arena *a, store_category **out, size_t *n,
				fq_err *err);

/* Override rows with from <= day <= to (YYYYMMDD), in date order; names
 * are copied into the arena. */
fq_status store_calendar_list(store_conn *c, cal_date from, cal_date to, fq_arena *a,
			      cal_entry **out, size_t *n, fq_err *err);

/* Insert or replace the override row of e->date (write transaction). */
fq_status store_calendar_put(store_conn *c, const cal_entry *e, fq_err *err);

/* Delete the override row of day (write transaction); FQ_ENOTFOUND when
 * there is none. */
fq_status store_calendar_delete(store_conn *c, cal_date day, fq_err *err);

#endif
