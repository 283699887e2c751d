/*
 * jsonw.h - a compact JSON writer for large response bodies: values are
 * appended to a growable buffer as they are produced, with no jansson tree
 * in between. A year of statistics by day is 7,000 values; building them
 * as a tree and dumping it took six times as long as reading the counters.
 *
 * The text is byte for byte what json_dumps(..., JSON_COMPACT) writes for
 * the same values, so a handler can move between the two without its
 * answers changing: integers in decimal; reals with 17 significant digits
 * and always a '.' or an exponent ("30.0", "1e-7"); strings as UTF-8 with
 * '"', '\' and control characters escaped. A string that is not plain
 * printable ASCII is escaped by jansson itself, so the two cannot drift.
 * Members come out in the order they are written.
 *
 * Errors are sticky: after the first failure every call does nothing and
 * jsonw_end returns that failure, so a writer can be driven without
 * checking each step. Failures: FQ_EINVAL for a string that is not UTF-8,
 * a real that is not finite, or a key, value or end out of place;
 * FQ_ENOMEM or FQ_ETOOBIG from the buffer.
 */
#ifndef FQ_API_JSONW_H
#define FQ_API_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/status.h"

/* Deepest nesting of objects and arrays one text may have. */
#define JSONW_DEPTH_MAX 16

typedef struct jsonw {
	fq_buf *out;                 /* where the text goes (borrowed) */
	char close[JSONW_DEPTH_MAX]; /* '}' or ']' of each open container */
	bool empty[JSONW_DEPTH_MAX]; /* nothing written in it yet */
	int depth;                   /* containers open now */
	bool in_member;              /* a key was written, its value is due */
	bool done;                   /* the outermost value is complete */
	fq_status st;                /* first failure, FQ_OK while none */
} jsonw;

/* Start writing one JSON value into out (appended to). */
void jsonw_begin(jsonw *w, fq_buf *out);

/* Open an object or an array, as a value. */
void jsonw_object(jsonw *w);
void jsonw_array(jsonw *w);

/* Close the innermost open object or array. */
void jsonw_close(jsonw *w);

/* The key of the next member of the innermost object; the value follows. */
void jsonw_key(jsonw *w, const char *key);

/* Values. jsonw_str writes null for NULL. */
void jsonw_int(jsonw *w, int64_t v);
void jsonw_real(jsonw *w, double v);
void jsonw_str(jsonw *w, const char *s);
void jsonw_null(jsonw *w);
void jsonw_bool(jsonw *w, bool v);

/* The first failure of the text (see the top of this file), or FQ_EINVAL
 * when a container is still open or no value was written; FQ_OK when the
 * text is complete. */
fq_status jsonw_end(jsonw *w);

#endif
