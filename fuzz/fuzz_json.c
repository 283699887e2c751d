/*
 * fuzz_json.c - libFuzzer target for request bodies in JSON: the checks
 * api_body_json makes (UTF-8, jansson with duplicate keys refused), then
 * the declarative validation of src/api/json.c (api_json_check) against
 * specs that hold every field kind and flag the route families use
 * (one-line and multi-line text, raw strings, ranged integers and numbers,
 * booleans, objects, arrays), and the text rule of core/utf8 on the raw
 * bytes. Checks that trimming keeps a span inside the input and that a
 * field that passed is settled: checked again, it has nothing to trim.
 */

#include "api/json.h"
#include "core/utf8.h"
#include "fuzz.h"

/* Field sets shaped like the route families' (requests, councils,
 * disputes, mediation, talents): short names, so the fuzzer finds them. */
static const api_field SPEC_TEXT[] = {
    {"title", JF_LINE, JF_REQUIRED, 60, 0, 0},
    {"description", JF_TEXT, 0, 2000, 0, 0},
    {"address", JF_LINE, 0, 200, 0, 0},
    {"code", JF_STRING, 0, 40, 0, 0},
    {"lat", JF_NUMBER, 0, 0, -90, 90},
    {"n", JF_INT, 0, 0, 1, 9e15},
    {"ok", JF_BOOL, 0, 0, 0, 0},
};

static const api_field SPEC_NESTED[] = {
    {"body", JF_TEXT, JF_REQUIRED, 0, 0, 0},
    {"o", JF_OBJECT, 0, 0, 0, 0},
    {"a", JF_ARRAY, 0, 0, 0, 0},
    {"t", JF_INT, 0, 0, -9e15, 9e15},
    {"x", JF_STRING, JF_REQUIRED, 0, 0, 0},
};

/* The text rule on the raw bytes, both kinds, with its contract checked. */
static void text_rule(const char *s, size_t len)
{
	static const utf8_text_kind kinds[] = {UTF8_TEXT_LINE, UTF8_TEXT_LINES};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t start = len + 1, end = len + 1;
		utf8_text_fault f = utf8_text_check(s, len, kinds[k], &start, &end);
		if (f == UTF8_TEXT_OK)
			FUZZ_CHECK(start < end && end <= len);
		if (f == UTF8_TEXT_BLANK)
			FUZZ_CHECK(start == end);
	}
}

/* A text field that passed is trimmed already: checking it again finds
 * nothing to trim and nothing wrong (empty only when optional). */
static void assert_settled(const api_field *f, const char *v)
{
	utf8_text_kind kind = f->kind == JF_LINE ? UTF8_TEXT_LINE : UTF8_TEXT_LINES;
	size_t len = strlen(v), start = 0, end = 0;
	utf8_text_fault fault = utf8_text_check(v, len, kind, &start, &end);
	if (len == 0 && !(f->flags & JF_REQUIRED))
		return;
	FUZZ_CHECK(fault == UTF8_TEXT_OK && start == 0 && end == len);
	FUZZ_CHECK(utf8_char_count(v, len) <= (f->max_chars ? f->max_chars : API_STRING_MAX));
}

/* Run one spec over a copy of obj (api_json_check trims in place). */
static void check_spec(const json_t *obj, const api_field *spec, size_t n)
{
	json_t *copy = json_deep_copy(obj);
	fq_err err = {0};
	if (copy && api_json_check(copy, spec, n, &err) == FQ_OK) {
		for (size_t i = 0; i < n; i++) {
			json_t *v = json_object_get(copy, spec[i].name);
			if (json_is_string(v) && spec[i].kind != JF_STRING)
				assert_settled(&spec[i], json_string_value(v));
		}
	}
	json_decref(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	text_rule(s, size);
	if (!utf8_valid(s, size, NULL))
		return 0;
	json_error_t je;
	json_t *j = json_loadb(s, size, JSON_REJECT_DUPLICATES, &je);
	if (json_is_object(j)) {
		check_spec(j, SPEC_TEXT, sizeof SPEC_TEXT / sizeof SPEC_TEXT[0]);
		check_spec(j, SPEC_NESTED, sizeof SPEC_NESTED / sizeof SPEC_NESTED[0]);
	}
	json_decref(j);
	return 0;
}
