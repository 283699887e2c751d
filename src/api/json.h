/*
 * json.h - the JSON side of the API layer (the only layer that uses
 * jansson): reading a request body with precise errors, declarative field
 * validation, query-argument parsing, JSON replies (lists of rows among
 * them, through a row descriptor) and masked personal values.
 */
#ifndef FQ_API_JSON_H
#define FQ_API_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/status.h"
#include "core/utf8.h"
#include "http/http.h"

/* Field kinds for api_json_check. JF_STRING is a string taken as sent
 * (codes, times, tokens, passwords); JF_LINE and JF_TEXT are human-entered
 * text under the rule of utf8_text_check: JF_LINE one line (titles, names,
 * addresses), JF_TEXT several lines (descriptions, notes, messages). */
typedef enum {
	JF_STRING,
	JF_INT,
	JF_NUMBER,
	JF_BOOL,
	JF_OBJECT,
	JF_ARRAY,
	JF_LINE,
	JF_TEXT,
} api_field_kind;

#define JF_REQUIRED 1u

/* One expected field of a JSON object: name, kind, flags, and for strings
 * the largest length in characters (0 = API_STRING_MAX), for numbers the
 * allowed range (ignored when min == max == 0). */
typedef struct api_field {
	const char *name;
	api_field_kind kind;
	unsigned flags;
	size_t max_chars;
	double min, max;
} api_field;

#define API_STRING_MAX 1000 /* characters of a string field without its own limit */

/* Parse the request body as a JSON object. 415 unless the content type is
 * application/json, 400 for invalid UTF-8 (with the byte offset) or
 * malformed JSON (with line and column), 422 when it is not an object.
 * On success the caller owns *out (json_decref). */
fq_status api_body_json(http_req *r, json_t **out, fq_err *err);

/* Check obj against the spec: required fields present, kinds right,
 * strings within their length, numbers in range, and no unknown fields.
 * JF_LINE and JF_TEXT fields are trimmed in obj (api_text_check) and
 * their length counted after trimming. The first failure names its field
 * (422); obj may then hold some fields trimmed and others not. */
fq_status api_json_check(json_t *obj, const api_field *spec, size_t n, fq_err *err);

/* The rule for human-entered text (utf8_text_check) applied to the len
 * bytes at s for the field named field: on FQ_OK *start and *end bound
 * the trimmed text. A control character (or a line break in one line)
 * is a 422 naming the field, and so is blank text unless allow_empty and
 * len is 0 (an optional field sent empty). */
fq_status api_text_check(const char *field, const char *s, size_t len, utf8_text_kind kind,
			 int allow_empty, size_t *start, size_t *end, fq_err *err);

/* The body of r as a JSON object (api_body_json) checked against spec
 * (api_json_check), into *out: the caller json_decrefs *out whatever the
 * result (NULL when the body was not an object). */
fq_status api_body_checked(http_req *r, const api_field *spec, size_t n, json_t **out,
			   fq_err *err);

/* A string field or NULL when absent/null. */
const char *api_json_str(const json_t *obj, const char *name);

/* Query arguments. Absent or empty means *out = dflt. Out of range or not
 * a number is a 422 naming the argument. */
fq_status api_query_int(http_req *r, const char *name, int64_t min, int64_t max, int64_t dflt,
			int64_t *out, fq_err *err);
fq_status api_query_double(http_req *r, const char *name, double min, double max, int required,
			   double *out, fq_err *err);

/* A text query argument: NULL when absent or empty; 422 naming it when
 * it is not UTF-8 or holds more than max_chars characters. The text
 * borrows the request's. */
fq_status api_query_text(http_req *r, const char *name, size_t max_chars, const char **out,
			 fq_err *err);

/* A path capture as a positive id (http_id_parse: digits only, no sign,
 * no leading zero); 404 when it is not one. */
fq_status api_param_id(http_req *r, int i, int64_t *out, fq_err *err);

/* api_param_id for a handler: true with *out set, or false after replying
 * with the error. */
bool api_param_id_or_reply(http_req *r, int i, int64_t *out);

/* Reply with j (reference stolen), as UTF-8 JSON. */
void api_reply_json(http_req *r, int status, json_t *j);

/* Reply with JSON text of len bytes (a jsonw's, say); body is taken and
 * freed when the reply has been sent. */
void api_reply_json_text(http_req *r, int status, char *body, size_t len);

/* Reply with an error for st (err may be NULL). */
void api_reply_error(http_req *r, fq_status st, const fq_err *err);

/* The end of a handler that wrote its answer into b: b's bytes, taken
 * (*len their count; the caller replies with them, http_reply_take), when
 * st is FQ_OK; else NULL after replying with the error for st (500 when
 * b cannot be taken). b is left empty either way. */
char *api_buf_or_reply(http_req *r, fq_status st, const fq_err *err, fq_buf *b, size_t *len);

/* The end of a read handler: j (stolen) with status when st is FQ_OK and j
 * was built, 500 when st is FQ_OK but j is NULL (out of memory), else the
 * error for st. */
void api_reply_result(http_req *r, fq_status st, const fq_err *err, int status, json_t *j);

/* One row of a list as JSON (row points at it), made in the arena a where
 * it needs one; NULL when out of memory. */
typedef json_t *api_row_fn(fq_arena *a, const void *row);

/* One kind of row of a list: how to step through the rows and show one. */
typedef struct api_rows {
	size_t size;      /* bytes of a row */
	size_t id_at;     /* offset of its int64_t id (the cursor of a page), when it has one */
	api_row_fn *json; /* one row as JSON */
} api_rows;

/* The JSON array of the n rows of kind k at rows; a row k->json cannot
 * make is left out. NULL when out of memory. */
json_t *api_rows_json(fq_arena *a, const void *rows, size_t n, const api_rows *k);

/* The id of the last of the n rows of kind k at rows (the cursor after a
 * page of them), 0 when n is 0. */
int64_t api_rows_last_id(const void *rows, size_t n, const api_rows *k);

/* RFC 3339 (Asia/Shanghai) string for unix seconds, as a new JSON value. */
json_t *api_time(int64_t unix_s);

/* New JSON values for optional fields, null when absent: a string (NULL),
 * an id (0 or less), a time (0, else as api_time). */
json_t *api_jstr(const char *s);
json_t *api_jid(int64_t id);
json_t *api_jtime(int64_t unix_s);

/* The end of a list read: when st is FQ_OK, 200 with {"items": [the n
 * rows of kind k at rows]}; else the error for st. */
void api_reply_items(http_req *r, fq_status st, const fq_err *err, const void *rows, size_t n,
		     const api_rows *k);

/* How a personal value is masked (domain/person.h's person_mask_*): into
 * out of out_size bytes, at least the size of value. */
typedef fq_status api_mask_fn(const char *value, char *out, size_t out_size);

/* value masked by mask, made in the arena a: null when value is NULL or
 * empty; when it cannot be masked, the string failed (null when failed is
 * NULL). */
json_t *api_jmasked(fq_arena *a, const char *value, api_mask_fn *mask, const char *failed);

#endif
