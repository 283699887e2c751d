/*
 * open311_util.c - what every Open311 route needs: the format of a path,
 * answers in JSON or XML from one jansson value, the specification's
 * error list, the base URL of links, form bodies, the rate limiter and the
 * api_key check; see open311.h.
 */
#include "api/open311.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/origin.h"
#include "api/xml.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "domain/auth.h"

/* Digits printed for a real number (lat/long). */
#define REAL_DIGITS 10
/* Bytes of a number printed as XML text. */
#define NUMBER_TEXT_MAX 40
/* Bytes of the Retry-After value. */
#define RETRY_TEXT_MAX 24

static const char JSON_TYPE[] = "application/json; charset=utf-8";
static const char XML_TYPE[] = "text/xml; charset=utf-8";

/* ---- formats ------------------------------------------------------------- */

static int format_of_suffix(const char *suffix, o311_format *out)
{
	if (strcmp(suffix, "json") == 0)
		*out = O311_JSON;
	else if (strcmp(suffix, "xml") == 0)
		*out = O311_XML;
	else
		return -1;
	return 0;
}

int o311_format_of_path(const char *path, o311_format *out)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	return dot ? format_of_suffix(dot + 1, out) : -1;
}

int o311_split(fq_arena *a, const char *segment, const char **stem, o311_format *out)
{
	const char *dot = segment ? strrchr(segment, '.') : NULL;
	if (!dot || dot == segment || format_of_suffix(dot + 1, out) != 0)
		return -1;
	*stem = fq_arena_strndup(a, segment, (size_t)(dot - segment));
	return *stem ? 0 : -1;
}

/* ---- XML from the JSON form ---------------------------------------------- */

/* Item element names of the lists the documents hold. */
static const struct list_item {
	const char *list;
	const char *item;
} list_items[] = {
	{"services", "service"},
	{"service_requests", "request"},
	{"service_request_updates", "request_update"},
	{"errors", "error"},
	{"endpoints", "endpoint"},
	{"formats", "format"},
	{"attributes", "attribute"},
	{"values", "value"},
};

static const char *item_of(const char *list)
{
	for (size_t i = 0; i < sizeof list_items / sizeof list_items[0]; i++)
		if (strcmp(list_items[i].list, list) == 0)
			return list_items[i].item;
	return "item";
}

/* Text of a scalar: strings as they are, numbers, booleans; NULL for null. */
static const char *scalar_text(const json_t *v, char buf[NUMBER_TEXT_MAX])
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, NUMBER_TEXT_MAX, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, NUMBER_TEXT_MAX, "%.*g", REAL_DIGITS, json_real_value(v));
		return buf;
	}
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	return NULL;
}

static void write_value(xml_writer *w, const char *name, const json_t *v)
{
	if (json_is_object(v)) {
		const char *key;
		json_t *member;
		xml_open(w, name);
		json_object_foreach((json_t *)v, key, member)
			write_value(w, key, member);
		xml_close(w);
	} else if (json_is_array(v)) {
		const char *item = item_of(name);
		size_t i;
		json_t *entry;
		xml_open(w, name);
		json_array_foreach(v, i, entry)
			write_value(w, item, entry);
		xml_close(w);
	} else {
		char buf[NUMBER_TEXT_MAX];
		xml_element(w, name, scalar_text(v, buf));
	}
}

/* The XML document of doc under root, in a new malloc'd string. */
static char *xml_of(const char *root, const json_t *doc, size_t *len)
{
	fq_buf b = {0};
	xml_writer w;
	xml_begin(&w, &b);
	write_value(&w, root, doc);
	if (xml_end(&w) != FQ_OK) {
		fq_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return fq_buf_take(&b);
}

void o311_reply(http_req *r, o311_format fmt, int status, const char *root, json_t *doc)
{
	char *text = NULL;
	size_t len = 0;
	if (doc && fmt == O311_XML) {
		text = xml_of(root, doc, &len);
	} else if (doc) {
		text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(REAL_DIGITS));
		len = text ? strlen(text) : 0;
	}
	json_decref(doc);
	if (!text) {
		static const char oom[] = "out of memory";
		http_reply(r, 500, "text/plain; charset=utf-8", oom, sizeof oom - 1);
		return;
	}
	http_reply_take(r, status, fmt == O311_XML ? XML_TYPE : JSON_TYPE, text, len);
}

/* ---- errors -------------------------------------------------------------- */

void o311_error(http_req *r, o311_format fmt, int status, const char *description)
{
	json_t *doc = json_pack("[{s:i, s:s}]", "code", status, "description",
				description ? description : "");
	o311_reply(r, fmt, status, "errors", doc);
}

int o311_status_http(fq_status st)
{
	switch (st) {
	case FQ_ENOTFOUND: return 404;
	case FQ_EFORBIDDEN:
	case FQ_EUNAUTH: return 403;
	case FQ_ERATELIMIT: return 429;
	default: return 400;
	}
}

void o311_fail(http_req *r, o311_format fmt, fq_status st, const fq_err *err)
{
	const char *msg = err && err->message[0] ? err->message : fq_status_code(st);
	const char *text = err && err->field[0]
				   ? fq_arena_printf(http_arena(r), "%s: %s", err->field, msg)
				   : msg;
	o311_error(r, fmt, o311_status_http(st), text ? text : msg);
}

/* ---- links --------------------------------------------------------------- */

const char *o311_base_url(app *a, http_req *r)
{
	return api_origin(a, r);
}

/* ---- JSON helpers -------------------------------------------------------- */

json_t *o311_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *o311_time(int64_t unix_s)
{
	char buf[40];
	return unix_s ? json_string(fq_time_rfc3339(unix_s, buf, sizeof buf)) : json_null();
}

json_t *o311_id(int64_t id)
{
	char buf[24];
	if (id <= 0)
		return json_null();
	snprintf(buf, sizeof buf, "%lld", (long long)id);
	return json_string(buf);
}

/* Length of the run of digits starting at s (single ' ' or '-' between
 * digits belong to it) and how many digits it holds. */
static size_t digit_run(const char *s, size_t *digits)
{
	size_t i = 0, d = 0;
	while (isdigit((unsigned char)s[i])) {
		d++;
		i++;
		if ((s[i] == ' ' || s[i] == '-') && isdigit((unsigned char)s[i + 1]))
			i++;
	}
	*digits = d;
	return i;
}

/* Non-zero when the len bytes at s are a date, yyyy-m-d. */
static int is_date(const char *s, size_t len)
{
	int y = 0, m = 0, d = 0, used = 0;
	return len <= 10 && sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 &&
	       (size_t)used == len && s[4] == '-';
}

const char *o311_mask_digits(fq_arena *a, const char *text)
{
	char *out = text ? fq_arena_strdup(a, text) : NULL;
	for (size_t i = 0; out && out[i];) {
		size_t digits = 0, len = digit_run(out + i, &digits);
		if (len == 0) {
			i++;
			continue;
		}
		int mask = digits >= O311_DIGITS_MASK_MIN && !is_date(out + i, len);
		for (size_t k = i; mask && k < i + len; k++)
			if (isdigit((unsigned char)out[k]))
				out[k] = '*';
		i += len;
	}
	return out;
}

/* ---- form bodies --------------------------------------------------------- */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode n bytes at s into *out (arena). FQ_EBADREQ for a malformed
 * escape, an escaped NUL or bytes that are not UTF-8. */
static fq_status form_decode(fq_arena *a, const char *s, size_t n, const char **out,
			     fq_err *err)
{
	char *d = fq_arena_alloc(a, n + 1);
	if (!d)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			d[k++] = ' ';
			continue;
		}
		if (s[i] != '%') {
			d[k++] = s[i];
			continue;
		}
		int hi = i + 2 < n ? hex_value(s[i + 1]) : -1;
		int lo = i + 2 < n ? hex_value(s[i + 2]) : -1;
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			return fq_fail(err, FQ_EBADREQ, "body",
				       "the form body holds a malformed %%-escape");
		d[k++] = (char)(hi * 16 + lo);
		i += 2;
	}
	d[k] = '\0';
	if (!utf8_valid(d, k, NULL))
		return fq_fail(err, FQ_EBADREQ, "body", "the form body is not UTF-8");
	*out = d;
	return FQ_OK;
}

/* Decode the pair in the n bytes at s into *f. */
static fq_status form_pair(fq_arena *a, const char *s, size_t n, o311_field *f, fq_err *err)
{
	const char *eq = memchr(s, '=', n);
	size_t klen = eq ? (size_t)(eq - s) : n;
	fq_status st = form_decode(a, s, klen, &f->key, err);
	f->value = "";
	if (st == FQ_OK && eq)
		st = form_decode(a, eq + 1, n - klen - 1, &f->value, err);
	return st;
}

fq_status o311_form_parse(fq_arena *a, const char *body, size_t len, o311_field **out,
			  size_t *n, fq_err *err)
{
	o311_field *f = fq_arena_alloc(a, O311_FORM_FIELDS_MAX * sizeof *f);
	if (!f)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		const char *amp = memchr(body + i, '&', len - i);
		size_t end = amp ? (size_t)(amp - body) : len;
		if (end > i && k == O311_FORM_FIELDS_MAX)
			return fq_fail(err, FQ_ETOOBIG, "body", "the form holds more than %d fields",
				       O311_FORM_FIELDS_MAX);
		if (end > i) {
			fq_status st = form_pair(a, body + i, end - i, &f[k++], err);
			if (st != FQ_OK)
				return st;
		}
		i = end + 1;
	}
	*out = f;
	*n = k;
	return FQ_OK;
}

const char *o311_form_get(const o311_field *f, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].key, key) == 0 && f[i].value[0])
			return f[i].value;
	return NULL;
}

/* ---- the rate limiter ---------------------------------------------------- */

_Static_assert(crypto_shorthash_BYTES >= sizeof(uint64_t), "the slot hash needs 8 bytes");

typedef struct rate_slot {
	char who[O311_RATE_KEY_MAX]; /* "" when free */
	int64_t start_ms;            /* when its window began */
	int gets, posts;             /* counted in the window */
} rate_slot;

struct o311_limiter {
	pthread_mutex_t mu;
	int64_t (*clock_ms)(void);
	unsigned char hash_key[crypto_shorthash_KEYBYTES];
	rate_slot slots[O311_RATE_SLOTS];
};

static int64_t mono_ms(void)
{
	return fq_mono_us() / 1000;
}

o311_limiter *o311_limiter_new(int64_t (*clock_ms)(void))
{
	if (auth_init() != FQ_OK)
		return NULL;
	o311_limiter *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	pthread_mutex_init(&l->mu, NULL);
	l->clock_ms = clock_ms ? clock_ms : mono_ms;
	crypto_shorthash_keygen(l->hash_key);
	return l;
}

void o311_limiter_free(o311_limiter *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->mu);
	free(l);
}

/* The slot of who: its own, else a free or expired one, else the one
 * whose window began longest ago. A slot handed to a new caller is reset.
 * Called with the lock held. */
static rate_slot *slot_of(o311_limiter *l, const char *who, int64_t now)
{
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, (const unsigned char *)who, strlen(who), l->hash_key);
	uint64_t v = 0;
	memcpy(&v, h, sizeof v);
	size_t set = (size_t)(v % (O311_RATE_SLOTS / O311_RATE_WAYS)) * O311_RATE_WAYS;
	rate_slot *victim = NULL;
	int victim_free = 0;
	for (size_t i = set; i < set + O311_RATE_WAYS; i++) {
		rate_slot *s = &l->slots[i];
		if (s->who[0] && strcmp(s->who, who) == 0)
			return s;
		int free_now = !s->who[0] || now - s->start_ms >= O311_RATE_WINDOW_MS;
		if (free_now && !victim_free) {
			victim = s;
			victim_free = 1;
		} else if (!victim_free && (!victim || s->start_ms < victim->start_ms)) {
			victim = s;
		}
	}
	*victim = (rate_slot){.start_ms = now};
	snprintf(victim->who, sizeof victim->who, "%s", who);
	return victim;
}

int64_t o311_limiter_take(o311_limiter *l, const char *who, bool post)
{
	pthread_mutex_lock(&l->mu);
	int64_t now = l->clock_ms();
	rate_slot *s = slot_of(l, who, now);
	if (now - s->start_ms >= O311_RATE_WINDOW_MS) {
		s->start_ms = now;
		s->gets = s->posts = 0;
	}
	int *count = post ? &s->posts : &s->gets;
	int max = post ? O311_POSTS_PER_WINDOW : O311_GETS_PER_WINDOW;
	int64_t wait = 0;
	if (*count >= max)
		wait = s->start_ms + O311_RATE_WINDOW_MS - now;
	else
		(*count)++;
	pthread_mutex_unlock(&l->mu);
	return wait;
}

/* ---- the api_key and the rate limit -------------------------------------- */

static void reply_limited(http_req *r, o311_format fmt, int64_t wait_ms)
{
	char retry[RETRY_TEXT_MAX];
	snprintf(retry, sizeof retry, "%lld", (long long)((wait_ms + 999) / 1000));
	http_add_header(r, "Retry-After", retry);
	o311_error(r, fmt, 429, "too many requests: try again after Retry-After seconds");
}

int o311_guard(app *a, http_req *r, o311_format fmt, const char *api_key, bool post,
	       store_o311_key *key_out)
{
	fq_err err = {0};
	store_o311_key key = {0};
	if (post && !api_key) {
		o311_error(r, fmt, 403, "api_key is required to create a request");
		return -1;
	}
	fq_status st = api_key ? o311svc_key(a->db, http_arena(r), api_key, &key, &err) : FQ_OK;
	if (st != FQ_OK) {
		o311_fail(r, fmt, st, &err);
		return -1;
	}
	o311_limiter *l = a->open311;
	const char *who = key.id ? fq_arena_printf(http_arena(r), "key:%lld", (long long)key.id)
				 : fq_arena_printf(http_arena(r), "addr:%s", http_peer(r));
	int64_t wait = l && who ? o311_limiter_take(l, who, post) : 0;
	if (wait > 0) {
		reply_limited(r, fmt, wait);
		return -1;
	}
	if (key_out)
		*key_out = key;
	return 0;
}
