/*
 * arena.c - chunked bump allocator; see arena.h for the contract.
 */
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fq_arena_chunk {
	fq_arena_chunk *next; /* older chunk */
	size_t size;          /* usable bytes in data */
	size_t used;          /* bytes handed out from data */
	max_align_t data[];   /* storage, aligned for any type */
};

#define ALIGN_UP(n) (((n) + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1))

void fq_arena_init(fq_arena *a)
{
	a->head = NULL;
	a->total = 0;
}

static fq_arena_chunk *chunk_new(size_t want, size_t prev)
{
	size_t size = prev ? prev * 2 : FQ_ARENA_CHUNK_MIN;
	if (size > FQ_ARENA_CHUNK_MAX)
		size = FQ_ARENA_CHUNK_MAX;
	if (size < want)
		size = want;
	fq_arena_chunk *c = malloc(sizeof *c + size);
	if (!c)
		return NULL;
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

void *fq_arena_alloc(fq_arena *a, size_t n)
{
	if (n > SIZE_MAX / 2)
		return NULL;
	n = ALIGN_UP(n ? n : 1);
	fq_arena_chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		fq_arena_chunk *nc = chunk_new(n, c ? c->size : 0);
		if (!nc)
			return NULL;
		nc->next = c;
		a->head = c = nc;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *fq_arena_strndup(fq_arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = fq_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *fq_arena_strdup(fq_arena *a, const char *s)
{
	return s ? fq_arena_strndup(a, s, strlen(s)) : NULL;
}

char *fq_arena_printf(fq_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = fq_arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void fq_arena_free(fq_arena *a)
{
	if (!a)
		return;
	fq_arena_chunk *c = a->head;
	while (c) {
		fq_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}
