/*
 * catalogue.h - the request categories a deployment starts with, and the
 * rules for editing them and the working-day calendar.
 *
 * The seed catalogue follows the social-governance event catalogue in use
 * (矛盾纠纷; 治安与安全隐患; 民生服务; ...) with sub-categories, each with
 * the ladder level it starts at, a priority and an accept (签收) and a
 * resolve (办结) limit per level, drawn from the 12345 hotline norms:
 * urgent matters are accepted within 1 hour and resolved within 24; water,
 * power and lifts within 24 hours; general matters are accepted within
 * 2 hours or 1 working day and resolved in 3 to 7 working days; complex
 * ones (disputes over land, labour) in up to 15 working days.
 *
 * catalogue_seed_if_empty puts the catalogue and the calendar's 2025-2026
 * overrides (cal_seed_entries) into an empty store; every command that
 * opens the store calls it, so a fresh database is usable at once.
 */
#ifndef FQ_DOMAIN_CATALOGUE_H
#define FQ_DOMAIN_CATALOGUE_H

#include <stddef.h>

#include "core/status.h"
#include "domain/calendar.h"
#include "domain/sla.h"
#include "store/store.h"

/* Priorities of a category. */
#define CAT_PRIORITY_URGENT 1
#define CAT_PRIORITY_NORMAL 2
#define CAT_PRIORITY_LOW 3

/* Longest texts of a category, in characters. */
#define CAT_CODE_MAX 64
#define CAT_NAME_MAX 32
#define CAT_NAME_EN_MAX 64
#define CAT_ICON_MAX 8

/* One category of the seed catalogue. */
typedef struct cat_seed {
	const char *code;         /* "dispute.neighbour"; a top class has no dot */
	const char *parent;       /* code of the top class; NULL for a top class */
	const char *name;         /* 邻里纠纷 */
	const char *name_en;      /* "Neighbour dispute" */
	const char *icon;         /* an emoji */
	int start_level;          /* 1..4 */
	int priority;             /* CAT_PRIORITY_* */
	const sla_limits *limits; /* per level; static */
} cat_seed;

/* The seed catalogue, top classes each followed by their sub-categories;
 * *n receives the count. Static, lives for the whole program. */
const cat_seed *catalogue_seed_entries(size_t *n);

/*
 * Seed an empty store in one write transaction: the catalogue when the
 * categories table is empty, the calendar overrides when calendar_days
 * is empty (each independently, so edits made later are never
 * overwritten). Blocks until the commit is durable. FQ_OK when there was
 * nothing to do; a store error otherwise, with nothing changed.
 */
fq_status catalogue_seed_if_empty(store *db, fq_err *err);

/*
 * Check a category's editable fields: code (for a new category: a
 * lowercase word, a dot, and a lowercase word of [a-z0-9_], within
 * CAT_CODE_MAX), name (1..CAT_NAME_MAX characters), name_en (up to
 * CAT_NAME_EN_MAX), icon (up to CAT_ICON_MAX), start_level 1..4, priority
 * 1..3, and the limits (field "limits[L].accept" or "limits[L].resolve").
 * code may be NULL to skip its check (an edit). FQ_EINVAL naming the first
 * bad field.
 */
fq_status catalogue_check(const char *code, const char *name, const char *name_en,
			  const char *icon, int start_level, int priority,
			  const sla_limits *limits, fq_err *err);

#endif
