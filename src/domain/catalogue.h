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

/* Numbers a danger category gives to call (catalogue_calls_parse): at
 * most CAT_CALLS_MAX, each a number of 3 to CAT_CALL_NUMBER_MAX digits
 * (a '-' between digits allowed) and a label of 1 to CAT_CALL_LABEL_MAX
 * characters; stored as one "number label" a line, at most
 * CAT_CALLS_TEXT_MAX bytes. */
#define CAT_CALLS_MAX 3
#define CAT_CALL_NUMBER_MIN 3
#define CAT_CALL_NUMBER_MAX 20
#define CAT_CALL_LABEL_MAX 16
#define CAT_CALLS_TEXT_MAX 256

/* One number to call, with what it reaches ("119", "消防（火警）"). */
typedef struct cat_call {
	char number[CAT_CALL_NUMBER_MAX + 1];
	char label[CAT_CALL_LABEL_MAX * 4 + 1]; /* UTF-8: 4 bytes a character at most */
} cat_call;

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
	const char *danger_calls; /* a danger to life: the numbers to call; NULL for none */
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

/* Check one number to call (i counts from 1, for the field's name):
 * FQ_EINVAL naming "danger_calls[i].number" or "danger_calls[i].label". */
fq_status catalogue_call_check(const char *number, const char *label, int i, fq_err *err);

/*
 * Parse stored danger calls (one "number label" a line; NULL or "" is
 * none) into out, *n receiving the count. FQ_EINVAL naming
 * "danger_calls[i].number" or "danger_calls[i].label" (i from 1) for the
 * first bad line, or "danger_calls" past CAT_CALLS_MAX lines or
 * CAT_CALLS_TEXT_MAX bytes; *n is then untouched.
 */
fq_status catalogue_calls_parse(const char *text, cat_call out[CAT_CALLS_MAX], size_t *n,
				fq_err *err);

/*
 * Check a category's danger warning: calls must parse
 * (catalogue_calls_parse), and a category marked danger needs at least
 * one number (FQ_EINVAL "danger_calls"): the warning is nothing without
 * a number to tap.
 */
fq_status catalogue_check_danger(int danger, const char *calls, fq_err *err);

#endif
