/*
 * arena.h - a bump allocator for one request (or one command): everything a
 * handler allocates while answering lives here and is freed in one call when
 * the request completes, so handlers need no per-object frees.
 */
#ifndef FQ_CORE_ARENA_H
#define FQ_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

/* Size of the first chunk; later chunks double up to FQ_ARENA_CHUNK_MAX. */
#define FQ_ARENA_CHUNK_MIN 4096
#define FQ_ARENA_CHUNK_MAX (1024 * 1024)

typedef struct fq_arena_chunk fq_arena_chunk;

typedef struct fq_arena {
	fq_arena_chunk *head; /* newest chunk first */
	size_t total;         /* bytes handed out, for limits and metrics */
} fq_arena;

/* Initialise an empty arena; no memory is taken until the first alloc. */
void fq_arena_init(fq_arena *a);

/* Zeroed memory of n bytes aligned for any type, or NULL when out of
 * memory. Lives until fq_arena_free. */
void *fq_arena_alloc(fq_arena *a, size_t n);

/* Copy of s (NULL gives NULL), or NULL when out of memory. */
char *fq_arena_strdup(fq_arena *a, const char *s);

/* Copy of the first n bytes of s, NUL-terminated. */
char *fq_arena_strndup(fq_arena *a, const char *s, size_t n);

/* printf into the arena; NULL when out of memory. */
char *fq_arena_printf(fq_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Release every chunk; the arena may be reused after. NULL-safe. */
void fq_arena_free(fq_arena *a);

#endif
