/*
 * json.c - request bodies, validation and replies in JSON; see json.h.
 */
#include "api/json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/timeutil.h"
#include "core/utf8.h"

static int is_json_type(const char *ct)
{
	if (!ct)
		return 0;
	size_t n = strcspn(ct, ";");
	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return n == 16 && strncasecmp(ct, "application/json", 16) == 0;
}

fq_status api_body_json(http_req *r, json_t **out, fq_err *err)
{
	size_t len;
	const char *body = http_body(r, &len);
	if (!is_json_type(http_header(r, "Content-Type")))
		return fq_failr(err, FQ_EMEDIATYPE, "Content-Type", "body.content_type",
				"the body must be application/json");
	size_t bad = 0;
	if (!utf8_valid(body, len, &bad))
		return fq_failr(err, FQ_EBADREQ, "body", "body.utf8",
				"the body is not valid UTF-8 at byte %zu",
				bad);
	json_error_t je;
	json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return fq_failr(err, FQ_EBADREQ, "body", "body.json",
				"malformed JSON at line %d, column %d: %s",
				je.line, je.column, je.text);
	if (!json_is_object(j)) {
		json_decref(j);
		return fq_failr(err, FQ_EINVAL, "body", "body.not_object",
				"the body must be a JSON object");
	}
	*out = j;
	return FQ_OK;
}

static const char *kind_name(api_field_kind k)
{
	static const char *names[] = {"a string",     "an integer", "a number", "true or false",
				      "an object",    "an array",   "a string", "a string"};
	return names[k];
}

static int kind_ok(const json_t *v, api_field_kind k)
{
	switch (k) {
	case JF_STRING: return json_is_string(v);
	case JF_INT: return json_is_integer(v);
	case JF_NUMBER: return json_is_number(v);
	case JF_BOOL: return json_is_boolean(v);
	case JF_OBJECT: return json_is_object(v);
	case JF_ARRAY: return json_is_array(v);
	case JF_LINE:
	case JF_TEXT: return json_is_string(v);
	}
	return 0;
}

fq_status api_text_check(const char *field, const char *s, size_t len, utf8_text_kind kind,
			 int allow_empty, size_t *start, size_t *end, fq_err *err)
{
	switch (utf8_text_check(s, len, kind, start, end)) {
	case UTF8_TEXT_OK: return FQ_OK;
	case UTF8_TEXT_INVALID:
		return fq_failr(err, FQ_EINVAL, field, "field.not_text", "%s is not valid UTF-8",
				field);
	case UTF8_TEXT_CONTROL:
		if (kind == UTF8_TEXT_LINE)
			return fq_failr(err, FQ_EINVAL, field, "field.one_line",
					"%s must be one line without control characters", field);
		return fq_failr(err, FQ_EINVAL, field, "field.not_text",
				"%s must not hold control characters other than line breaks",
				field);
	case UTF8_TEXT_BLANK:
		if (allow_empty && len == 0)
			return FQ_OK;
		return fq_failr(err, FQ_EINVAL, field, "field.blank", "%s must not be blank",
				field);
	}
	return fq_failr(err, FQ_EINVAL, field, "field.not_text", "%s is not valid text", field);
}

/* Apply the text rule to a JF_LINE or JF_TEXT value and trim it in place. */
static fq_status check_text(json_t *v, const api_field *f, fq_err *err)
{
	utf8_text_kind kind = f->kind == JF_LINE ? UTF8_TEXT_LINE : UTF8_TEXT_LINES;
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), start = 0, end = len;
	fq_status st = api_text_check(f->name, s, len, kind, !(f->flags & JF_REQUIRED), &start,
				      &end, err);
	if (st != FQ_OK)
		return st;
	if ((start != 0 || end != len) && json_string_setn(v, s + start, end - start) != 0)
		return fq_fail(err, FQ_ENOMEM, f->name, "out of memory");
	return FQ_OK;
}

static fq_status check_string(json_t *v, const api_field *f, fq_err *err)
{
	if (f->kind != JF_STRING) {
		fq_status st = check_text(v, f, err);
		if (st != FQ_OK)
			return st;
	}
	size_t max = f->max_chars ? f->max_chars : API_STRING_MAX;
	size_t n = utf8_char_count(json_string_value(v), json_string_length(v));
	if (n > max)
		return fq_failr(err, FQ_EINVAL, f->name, "field.too_long",
				"%s is %zu characters long; the limit is %zu",
				f->name, n, max);
	if ((f->flags & JF_REQUIRED) && n == 0)
		return fq_failr(err, FQ_EINVAL, f->name, "field.required", "%s must not be empty",
				f->name);
	return FQ_OK;
}

static fq_status check_one(json_t *v, const api_field *f, fq_err *err)
{
	if (!kind_ok(v, f->kind))
		return fq_failr(err, FQ_EINVAL, f->name, "field.type", "%s must be %s", f->name,
				kind_name(f->kind));
	if (json_is_string(v))
		return check_string(v, f, err);
	if ((f->kind == JF_INT || f->kind == JF_NUMBER) && (f->min != 0 || f->max != 0)) {
		double d = json_number_value(v);
		if (!(d >= f->min && d <= f->max))
			return fq_failr(err, FQ_EINVAL, f->name, "field.range",
					"%s must be from %g to %g", f->name,
					f->min, f->max);
	}
	return FQ_OK;
}

fq_status api_json_check(json_t *obj, const api_field *spec, size_t n, fq_err *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		size_t i;
		for (i = 0; i < n && strcmp(spec[i].name, key) != 0; i++)
			;
		if (i == n)
			return fq_failr(err, FQ_EINVAL, key, "field.unknown", "unknown field %s",
					key);
	}
	for (size_t i = 0; i < n; i++) {
		json_t *fv = json_object_get(obj, spec[i].name);
		if (!fv || json_is_null(fv)) {
			if (spec[i].flags & JF_REQUIRED)
				return fq_failr(err, FQ_EINVAL, spec[i].name, "field.required",
						"%s is required",
						spec[i].name);
			continue;
		}
		fq_status st = check_one(fv, &spec[i], err);
		if (st != FQ_OK)
			return st;
	}
	return FQ_OK;
}

fq_status api_body_checked(http_req *r, const api_field *spec, size_t n, json_t **out,
			   fq_err *err)
{
	fq_status st = api_body_json(r, out, err);
	if (st == FQ_OK)
		st = api_json_check(*out, spec, n, err);
	return st;
}

const char *api_json_str(const json_t *obj, const char *name)
{
	return json_string_value(json_object_get(obj, name));
}

fq_status api_query_int(http_req *r, const char *name, int64_t min, int64_t max, int64_t dflt,
			int64_t *out, fq_err *err)
{
	const char *v = http_query(r, name);
	if (!v || !*v) {
		*out = dflt;
		return FQ_OK;
	}
	char *end;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (errno || *end || x < min || x > max)
		return fq_failr(err, FQ_EINVAL, name, "field.range",
				"%s must be a whole number from %lld to %lld",
				name, (long long)min, (long long)max);
	*out = x;
	return FQ_OK;
}

fq_status api_query_text(http_req *r, const char *name, size_t max_chars, const char **out,
			 fq_err *err)
{
	const char *v = http_query(r, name);
	*out = NULL;
	if (!v || !*v)
		return FQ_OK;
	size_t len = strlen(v);
	if (!utf8_valid(v, len, NULL))
		return fq_failr(err, FQ_EINVAL, name, "field.not_text", "%s is not valid UTF-8",
				name);
	if (utf8_char_count(v, len) > max_chars)
		return fq_failr(err, FQ_EINVAL, name, "field.too_long",
				"%s is longer than %zu characters", name,
				max_chars);
	*out = v;
	return FQ_OK;
}

fq_status api_query_double(http_req *r, const char *name, double min, double max, int required,
			   double *out, fq_err *err)
{
	const char *v = http_query(r, name);
	if (!v || !*v) {
		if (required)
			return fq_failr(err, FQ_EINVAL, name, "field.required", "%s is required",
					name);
		return FQ_OK;
	}
	char *end;
	errno = 0;
	double x = strtod(v, &end);
	if (errno || *end || !isfinite(x) || x < min || x > max)
		return fq_failr(err, FQ_EINVAL, name, "field.range",
				"%s must be a number from %g to %g", name, min,
				max);
	*out = x;
	return FQ_OK;
}

fq_status api_param_id(http_req *r, int i, int64_t *out, fq_err *err)
{
	if (http_param_id(r, i, out) != 0)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such item");
	return FQ_OK;
}

bool api_param_id_or_reply(http_req *r, int i, int64_t *out)
{
	fq_err err = {0};
	fq_status st = api_param_id(r, i, out, &err);
	if (st != FQ_OK)
		api_reply_error(r, st, &err);
	return st == FQ_OK;
}

void api_reply_json(http_req *r, int status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!s) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	api_reply_json_text(r, status, s, strlen(s));
}

void api_reply_json_text(http_req *r, int status, char *body, size_t len)
{
	http_reply_take(r, status, "application/json; charset=utf-8", body, len);
}

void api_reply_error(http_req *r, fq_status st, const fq_err *err)
{
	http_reply_error(r, st, err);
}

char *api_buf_or_reply(http_req *r, fq_status st, const fq_err *err, fq_buf *b, size_t *len)
{
	*len = b->len;
	char *body = st == FQ_OK ? fq_buf_take(b) : NULL;
	fq_buf_free(b);
	if (!body)
		api_reply_error(r, st == FQ_OK ? FQ_ENOMEM : st, st == FQ_OK ? NULL : err);
	return body;
}

void api_reply_result(http_req *r, fq_status st, const fq_err *err, int status, json_t *j)
{
	if (st == FQ_OK && j) {
		api_reply_json(r, status, j);
		return;
	}
	json_decref(j);
	api_reply_error(r, st == FQ_OK ? FQ_ENOMEM : st, st == FQ_OK ? NULL : err);
}

json_t *api_rows_json(fq_arena *a, const void *rows, size_t n, const api_rows *k)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		json_array_append_new(arr, k->json(a, (const char *)rows + i * k->size));
	return arr;
}

int64_t api_rows_last_id(const void *rows, size_t n, const api_rows *k)
{
	if (n == 0)
		return 0;
	int64_t id;
	memcpy(&id, (const char *)rows + (n - 1) * k->size + k->id_at, sizeof id);
	return id;
}

void api_reply_items(http_req *r, fq_status st, const fq_err *err, const void *rows, size_t n,
		     const api_rows *k)
{
	if (st != FQ_OK) {
		api_reply_error(r, st, err);
		return;
	}
	json_t *items = api_rows_json(http_arena(r), rows, n, k);
	api_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

json_t *api_jmasked(fq_arena *a, const char *value, api_mask_fn *mask, const char *failed)
{
	if (!value || !*value)
		return json_null();
	size_t size = strlen(value) + 1;
	char *out = fq_arena_alloc(a, size);
	if (out && mask(value, out, size) == FQ_OK)
		return json_string(out);
	return failed ? json_string(failed) : json_null();
}

json_t *api_time(int64_t unix_s)
{
	char buf[40];
	return json_string(fq_time_rfc3339(unix_s, buf, sizeof buf));
}

json_t *api_jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *api_jid(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

json_t *api_jtime(int64_t unix_s)
{
	return unix_s ? api_time(unix_s) : json_null();
}
