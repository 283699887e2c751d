/*
 * multipart.h - reading a multipart/form-data body (file uploads) with
 * libmicrohttpd's post processor, after the whole body has been received
 * under the route's body cap.
 *
 * The handler says which fields it takes and how many bytes each part of
 * a field may hold, as a table (like the JSON field specs of the API
 * layer); a field outside the table, a part over its cap, or too many
 * parts is refused with the field named. The parts come back in the order
 * they were sent, with their bytes as sent: what they are is the caller's
 * business (a declared file name or content type proves nothing).
 */
#ifndef FQ_HTTP_MULTIPART_H
#define FQ_HTTP_MULTIPART_H

#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"
#include "http/http.h"

/* Parts of one form. */
#define HTTP_FORM_PARTS_MAX 32
/* Bytes of a field name and of a declared file name or content type. */
#define HTTP_FORM_NAME_MAX 256
/* Buffer of the post processor (parses part headers; see libmicrohttpd). */
#define HTTP_FORM_PARSE_BUFFER (64 * 1024)

/* One field a form may carry and the most bytes one part of it may hold. */
typedef struct http_form_field {
	const char *name;
	size_t max_bytes;
} http_form_field;

/* One part of the body. */
typedef struct http_part {
	const char *name;         /* the field (one of the table's) */
	const char *filename;     /* declared file name, or NULL */
	const char *content_type; /* declared type, or NULL */
	fq_buf data;              /* the bytes, NUL-terminated */
} http_part;

typedef struct http_form {
	http_part parts[HTTP_FORM_PARTS_MAX];
	size_t n;
} http_form;

/* Parse the body of r into *out: names in the request's arena, bytes in
 * out's buffers. FQ_EMEDIATYPE (field "Content-Type") unless the body is
 * multipart/form-data with a boundary; FQ_EINVAL naming a field that is
 * not in fields; FQ_ETOOBIG naming the field of a part over its cap, or
 * "body" past HTTP_FORM_PARTS_MAX parts; FQ_EBADREQ for a body that is not
 * well-formed multipart. On success free *out with http_form_free; on
 * error there is nothing to free. */
fq_status http_form_parse(http_req *r, const http_form_field *fields, size_t n_fields,
			  http_form *out, fq_err *err);

/* Free the parts' bytes. NULL-safe. */
void http_form_free(http_form *f);

/* The number of parts of field name. */
size_t http_form_count(const http_form *f, const char *name);

/* The first part of field name, or NULL. */
const http_part *http_form_get(const http_form *f, const char *name);

#endif
