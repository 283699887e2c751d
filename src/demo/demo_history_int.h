/*
 * demo_history_int.h - private to demo_history.c and demo_history_text.c:
 * the category table the history draws from (weights, where each kind of
 * request can happen, which channels raise it, its text templates and the
 * results its handlers report) and the slot filler of the templates.
 */
#ifndef FQ_DEMO_DEMO_HISTORY_INT_H
#define FQ_DEMO_DEMO_HISTORY_INT_H

#include <stddef.h>
#include <stdint.h>

/* Where a category or template applies (bit set). */
#define DH_APT 1u   /* apartment blocks (compounds with entrances and floors) */
#define DH_VIL 2u   /* village groups of houses */
#define DH_ANY (DH_APT | DH_VIL)

/* Seasons in which a category is more frequent (month factor). */
typedef enum dh_season {
	DH_ALL_YEAR = 0,
	DH_WINTER,  /* December to February */
	DH_SUMMER,  /* June to August */
	DH_RAINY,   /* April to June */
} dh_season;

/* Channels a category comes through, weighted (index = reqsvc_channel). */
#define DH_CHANNELS 6

/* One text template: a title and a description with slots. */
typedef struct dh_template {
	unsigned where;         /* DH_APT, DH_VIL or DH_ANY */
	const char *title;
	const char *text;
} dh_template;

/* Results a handler reports when resolving one category. */
#define DH_RESULTS 2

typedef struct dh_category {
	const char *code;              /* seed catalogue sub-category */
	unsigned weight;               /* requests per 10,000, before season and place */
	unsigned where;                /* where it can happen */
	dh_season season;
	const uint8_t *affinity;       /* per channel: weight factor, 0 = never */
	const dh_template *templates;
	size_t n_templates;
	const char *results[DH_RESULTS];
	const char *lead;              /* lead department (name suffix) at the street */
	const char *second;            /* a second co-handling department, or NULL */
} dh_category;

/* The values the slots of a template take.
 *   {b} building   {e} compound or village group   {v} community or village
 *   {u} entrance   {f} floor   {r} room   {up} the room upstairs
 *   {a} address    {x} road    {p} a public place   {d} a duration
 *   {t} a time of day   {n} a small number */
typedef struct dh_slots {
	const char *building, *estate, *village, *address, *road, *place, *duration, *time;
	int entrance, floor, room, room_up, number;
} dh_slots;

/* The category table and its length (static). */
const dh_category *dh_categories(size_t *n);

/* The entry of code, or NULL. */
const dh_category *dh_category_find(const char *code);

/* Public places, durations and times of day to fill {p}, {d}, {t}. */
const char *const *dh_places(unsigned where, size_t *n);
const char *const *dh_durations(size_t *n);
const char *const *dh_times(size_t *n);

/* Reasons and notes of the moves (static lists). */
typedef enum dh_list {
	DH_ESCALATE_REASONS,
	DH_ROUTER_ESCALATE_REASONS,
	DH_EXTEND_REASONS,
	DH_REJECT_REASONS,
	DH_RETURN_NOTES,
	DH_COMMENTS_GOOD,
	DH_COMMENTS_FAIR,
	DH_COMMENTS_BAD,
	DH_LIST_COUNT
} dh_list;

const char *const *dh_list_get(dh_list which, size_t *n);

/* Fill pattern's slots from s into out (n bytes, NUL-terminated; cut at
 * a character boundary when it would not fit). An unknown slot is copied
 * as it stands. */
void dh_fill(const char *pattern, const dh_slots *s, char *out, size_t n);

#endif
