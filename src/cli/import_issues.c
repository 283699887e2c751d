/*
 * import_issues.c - the bookkeeping of `fengqiao import` (import_int.h)
 * that both the reader (import.c) and the row checkers (import_rows.c)
 * use: the map of keys seen in the file, and the problems found, sorted
 * and printed as FILE:LINE:COLUMN: reason. Apart from both so that the
 * checkers call down into it and never back into the reader.
 */
#include "cli/import_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Slots of a fresh key map; it doubles when half full. */
#define MAP_INITIAL 1024

/* ---- the map of keys seen in the file ------------------------------------ */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static size_t map_slot(const im_map *m, const char *key)
{
	size_t i = (size_t)hash_str(key) & (m->cap - 1);
	while (m->slots[i].key && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

const im_map_entry *im_map_get(const im_map *m, const char *key)
{
	if (!m->cap)
		return NULL;
	const im_map_entry *e = &m->slots[map_slot(m, key)];
	return e->key ? e : NULL;
}

static fq_status map_grow(im_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : MAP_INITIAL;
	im_map bigger = {calloc(cap, sizeof(im_map_entry)), cap, m->n};
	if (!bigger.slots)
		return FQ_ENOMEM;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			bigger.slots[map_slot(&bigger, m->slots[i].key)] = m->slots[i];
	free(m->slots);
	*m = bigger;
	return FQ_OK;
}

fq_status im_map_put(im_map *m, fq_arena *a, const char *key, size_t line, const char *tag)
{
	if ((m->n + 1) * 2 > m->cap && map_grow(m) != FQ_OK)
		return FQ_ENOMEM;
	im_map_entry *e = &m->slots[map_slot(m, key)];
	if (e->key)
		return FQ_OK;
	e->key = fq_arena_strdup(a, key);
	if (!e->key)
		return FQ_ENOMEM;
	e->line = line;
	e->tag = tag;
	m->n++;
	return FQ_OK;
}

void im_map_free(im_map *m)
{
	free(m->slots);
	*m = (im_map){0};
}

/* ---- problems ------------------------------------------------------------ */

void im_add_issue(importer *im, size_t line, size_t column, const char *reason)
{
	if (im->n_issues == im->cap_issues) {
		size_t cap = im->cap_issues ? im->cap_issues * 2 : 64;
		im_issue *grown = realloc(im->issues, cap * sizeof *grown);
		if (!grown) {
			im->out_of_memory = true;
			return;
		}
		im->issues = grown;
		im->cap_issues = cap;
	}
	char *copy = fq_arena_strdup(&im->arena, reason);
	if (!copy) {
		im->out_of_memory = true;
		return;
	}
	size_t seq = im->n_issues++;
	im->issues[seq] = (im_issue){line, column, seq, copy};
}

void im_bad(importer *im, const im_row *r, int key, const char *fmt, ...)
{
	char reason[FQ_ERR_MSG_MAX * 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	im_add_issue(im, r->vline[key], r->col[key], reason);
}

void im_bad_err(importer *im, const im_row *r, int key, const fq_err *e)
{
	im_bad(im, r, key, "%s: %s", im->kind->cols[key].names[0], e->message);
}

static int issue_cmp(const void *a, const void *b)
{
	const im_issue *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void im_print_issues(importer *im)
{
	qsort(im->issues, im->n_issues, sizeof *im->issues, issue_cmp);
	for (size_t i = 0; i < im->n_issues; i++)
		fprintf(stderr, "%s:%zu:%zu: %s\n", im->file, im->issues[i].line,
			im->issues[i].column, im->issues[i].reason);
	if (im->n_issues)
		fprintf(stderr, "%s: %zu problem%s; nothing was imported\n", im->file,
			im->n_issues, im->n_issues == 1 ? "" : "s");
}

/* A CSV syntax error: its message reads "line L, column C: ..." or
 * "line L: ...". */
void im_csv_issue(importer *im, const fq_err *e)
{
	size_t line = 0, column = 0;
	int used = 0;
	if (sscanf(e->message, "line %zu, column %zu: %n", &line, &column, &used) == 2 && used)
		im_add_issue(im, line, column, e->message + used);
	else if (sscanf(e->message, "line %zu: %n", &line, &used) == 1 && used)
		im_add_issue(im, line, 1, e->message + used);
	else
		im_add_issue(im, 1, 1, e->message);
}
