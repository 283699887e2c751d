/*
 * jsonw.c - compact JSON writer, byte-compatible with jansson's
 * json_dumps(JSON_COMPACT); see jsonw.h.
 */
#include "api/jsonw.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Significant digits of a real: jansson's default precision. */
#define REAL_DIGITS 17
/* Bytes of a real: sign, 17 digits, '.', "e-308", ".0" and the NUL. */
#define REAL_MAX 40
/* Bytes of an int64_t in decimal: sign, 19 digits. */
#define INT_MAX_BYTES 21
/* Whole reals below this are written as integers and ".0", which is what
 * "%.17g" prints for them (fixed notation, no fraction), without its cost;
 * rates of 100% and 0% are a quarter of a statistics series. */
#define REAL_WHOLE_MAX 1e15
/* Printable ASCII, written as it is inside a string (but '"' and '\'). */
#define ASCII_FIRST 0x20
#define ASCII_LAST 0x7e

static void fail(jsonw *w, fq_status st)
{
	if (w->st == FQ_OK)
		w->st = st;
}

static void put(jsonw *w, const char *p, size_t n)
{
	if (w->st != FQ_OK)
		return;
	fq_status st = fq_buf_append(w->out, p, n);
	if (st != FQ_OK)
		fail(w, st);
}

void jsonw_begin(jsonw *w, fq_buf *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->st = FQ_OK;
}

/* Before a value: check that one is due here and write the comma that
 * separates it from the previous element. False when nothing may be
 * written. */
static bool before_value(jsonw *w)
{
	if (w->st != FQ_OK)
		return false;
	if (w->depth == 0) {
		if (w->done)
			fail(w, FQ_EINVAL);
		return w->st == FQ_OK;
	}
	int top = w->depth - 1;
	if (w->close[top] == '}') {
		if (!w->in_member)
			fail(w, FQ_EINVAL);
		w->in_member = false;
		return w->st == FQ_OK;
	}
	if (!w->empty[top])
		put(w, ",", 1);
	w->empty[top] = false;
	return w->st == FQ_OK;
}

/* After a value: the text is complete when it was the outermost one. */
static void after_value(jsonw *w)
{
	if (w->depth == 0)
		w->done = true;
}

static void open_container(jsonw *w, char open, char close)
{
	if (!before_value(w))
		return;
	if (w->depth == JSONW_DEPTH_MAX) {
		fail(w, FQ_EINVAL);
		return;
	}
	put(w, &open, 1);
	w->close[w->depth] = close;
	w->empty[w->depth] = true;
	w->depth++;
}

void jsonw_object(jsonw *w)
{
	open_container(w, '{', '}');
}

void jsonw_array(jsonw *w)
{
	open_container(w, '[', ']');
}

void jsonw_close(jsonw *w)
{
	if (w->st != FQ_OK)
		return;
	if (w->depth == 0 || w->in_member) {
		fail(w, FQ_EINVAL);
		return;
	}
	w->depth--;
	put(w, &w->close[w->depth], 1);
	after_value(w);
}

static int plain_ascii(const char *s, size_t *len)
{
	size_t i = 0;
	for (; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < ASCII_FIRST || ch > ASCII_LAST || ch == '"' || ch == '\\')
			return 0;
	}
	*len = i;
	return 1;
}

static int dump_to_buf(const char *p, size_t n, void *data)
{
	jsonw *w = data;
	put(w, p, n);
	return w->st == FQ_OK ? 0 : -1;
}

/* s as a JSON string: printable ASCII as it is, anything else escaped by
 * jansson (which also refuses text that is not UTF-8). */
static void put_string(jsonw *w, const char *s)
{
	size_t len;
	if (plain_ascii(s, &len)) {
		put(w, "\"", 1);
		put(w, s, len);
		put(w, "\"", 1);
		return;
	}
	json_t *j = json_string(s);
	if (!j) {
		fail(w, FQ_EINVAL);
		return;
	}
	if (json_dump_callback(j, dump_to_buf, w, JSON_COMPACT | JSON_ENCODE_ANY) != 0)
		fail(w, FQ_ENOMEM);
	json_decref(j);
}

void jsonw_key(jsonw *w, const char *key)
{
	if (w->st != FQ_OK)
		return;
	if (!key || w->depth == 0 || w->close[w->depth - 1] != '}' || w->in_member) {
		fail(w, FQ_EINVAL);
		return;
	}
	int top = w->depth - 1;
	if (!w->empty[top])
		put(w, ",", 1);
	w->empty[top] = false;
	put_string(w, key);
	put(w, ":", 1);
	w->in_member = true;
}

static void put_int(jsonw *w, int64_t v)
{
	char buf[INT_MAX_BYTES];
	char *p = buf + sizeof buf;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	put(w, p, (size_t)(buf + sizeof buf - p));
}

void jsonw_int(jsonw *w, int64_t v)
{
	if (!before_value(w))
		return;
	put_int(w, v);
	after_value(w);
}

/* Drop the '+' and the leading zeros of the exponent printf wrote at exp
 * (just past the 'e'): "1e+07" is "1e7", "1e-07" is "1e-7". */
static void trim_exponent(char *exp)
{
	char *digits = *exp == '-' ? exp + 1 : exp;
	char *from = exp + 1;
	while (*from == '0')
		from++;
	if (from != digits)
		memmove(digits, from, strlen(from) + 1);
}

/* v as jansson writes it: "%.17g", then ".0" when printf wrote neither a
 * '.' nor an exponent, and the exponent trimmed. */
static void put_real(jsonw *w, double v)
{
	if (v == trunc(v) && fabs(v) < REAL_WHOLE_MAX && !(v == 0 && signbit(v))) {
		put_int(w, (int64_t)v);
		put(w, ".0", 2);
		return;
	}
	char buf[REAL_MAX];
	snprintf(buf, sizeof buf - 2, "%.*g", REAL_DIGITS, v);
	char *exp = strchr(buf, 'e');
	if (exp)
		trim_exponent(exp + 1);
	else if (!strchr(buf, '.'))
		strcat(buf, ".0");
	put(w, buf, strlen(buf));
}

void jsonw_real(jsonw *w, double v)
{
	if (w->st == FQ_OK && !isfinite(v))
		fail(w, FQ_EINVAL);
	if (!before_value(w))
		return;
	put_real(w, v);
	after_value(w);
}

void jsonw_str(jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	if (!before_value(w))
		return;
	put_string(w, s);
	after_value(w);
}

/* A bare word: null, true or false. */
static void put_word(jsonw *w, const char *word)
{
	if (!before_value(w))
		return;
	put(w, word, strlen(word));
	after_value(w);
}

void jsonw_null(jsonw *w)
{
	put_word(w, "null");
}

void jsonw_bool(jsonw *w, bool v)
{
	put_word(w, v ? "true" : "false");
}

fq_status jsonw_end(jsonw *w)
{
	if (w->st == FQ_OK && (w->depth != 0 || !w->done))
		fail(w, FQ_EINVAL);
	return w->st;
}
