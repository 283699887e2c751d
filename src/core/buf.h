/*
 * buf.h - a growable byte buffer, always NUL-terminated, for bodies and
 * text built piece by piece. A buffer with a cap refuses to grow past it,
 * which is how request bodies are limited.
 */
#ifndef FQ_CORE_BUF_H
#define FQ_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/status.h"

typedef struct fq_buf {
	char *data;   /* NUL-terminated contents, NULL until first append */
	size_t len;   /* bytes used, not counting the NUL */
	size_t cap;   /* bytes allocated */
	size_t limit; /* refuse to grow len past this; 0 = unlimited */
} fq_buf;

/* Append n bytes. FQ_ETOOBIG past the limit, FQ_ENOMEM when out of memory;
 * on error the buffer is unchanged. */
fq_status fq_buf_append(fq_buf *b, const void *p, size_t n);

/* Append a NUL-terminated string. Errors as fq_buf_append. */
fq_status fq_buf_puts(fq_buf *b, const char *s);

/* printf-append. Errors as fq_buf_append. */
fq_status fq_buf_printf(fq_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Append s with &, <, >, " and ' as HTML character references. Errors as
 * fq_buf_append. */
fq_status fq_buf_html(fq_buf *b, const char *s);

/* Append pieces in order: even positions are markup, appended as they
 * are; odd positions are text, escaped by fq_buf_html. NULL ends the
 * list. */
fq_status fq_buf_html_pieces(fq_buf *b, const char *const *pieces);

/* Hand the contents to the caller (who frees them) and reset the buffer.
 * Returns an empty allocated string when nothing was appended, NULL only
 * when out of memory. */
char *fq_buf_take(fq_buf *b);

/* Free the contents; NULL-safe. The limit is kept. */
void fq_buf_free(fq_buf *b);

#endif
