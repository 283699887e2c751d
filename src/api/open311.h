/*
 * open311.h - the pieces the Open311 GeoReport v2 routes share
 * (open311.c: discovery, services, lists and single requests, tokens,
 * updates; open311_post.c: POST requests; open311_util.c: formats,
 * replies, errors, form bodies, the rate limiter, the service catalogue).
 * The handlers themselves are declared in handlers.h. docs/open311.md is
 * the reference.
 *
 * Every answer is built once as a jansson value in the Spark convention
 * of the specification (the JSON form) and written either as JSON or, by a
 * mechanical mapping, as XML: an object becomes an element per member, an
 * array becomes an element holding one item element per entry, named by
 * the table in open311_util.c ("services" holds "service", "values" holds
 * "value", ...). So the two formats can never disagree.
 */
#ifndef FQ_API_OPEN311_H
#define FQ_API_OPEN311_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/app.h"
#include "core/arena.h"
#include "core/status.h"
#include "http/http.h"
#include "domain/open311_svc.h"

/* Where the routes live, and the specification they serve. */
#define O311_BASE_PATH "/open311/v2"
#define O311_SPEC_URL "http://wiki.open311.org/GeoReport_v2"
/* Sortable mark of the last change to the shape of this endpoint
 * (discovery's changeset). */
#define O311_CHANGESET "2026-11-23T00:00:00+08:00"

/* Rate limits per API key (and, for GETs without a key, per client
 * address), in one window. */
#define O311_RATE_WINDOW_MS 60000
#define O311_POSTS_PER_WINDOW 60
#define O311_GETS_PER_WINDOW 600
/* Callers the limiter tracks at once, and the bytes of one caller's name. */
#define O311_RATE_SLOTS 4096
#define O311_RATE_WAYS 8
#define O311_RATE_KEY_MAX 72

/* Request lists: the most rows one answer holds, the longest date window,
 * the default window of the updates list, the furthest a page may reach. */
#define O311_ROWS_MAX STORE_O311_ROWS_MAX
#define O311_WINDOW_MAX_S (90LL * 86400)
#define O311_UPDATES_DEFAULT_S 86400LL
#define O311_OFFSET_MAX 10000000LL
/* service_request_id values one list may name, and service codes. */
#define O311_IDS_MAX O311_ROWS_MAX
#define O311_CODES_MAX 64

/* A POST body: bytes, fields, and the limits of its values in characters. */
#define O311_POST_BODY_MAX (64 * 1024)
#define O311_FORM_FIELDS_MAX 64
#define O311_DESCRIPTION_MAX 4000
#define O311_ADDRESS_MAX 200
#define O311_CONTACT_MAX 200 /* email, names, phone, device and account ids */
#define O311_URL_MAX 1000
#define O311_ATTR_STRING_MAX 200
#define O311_ATTR_TEXT_MAX 1000
#define O311_ATTR_VALUES_MAX 16 /* values of one multivaluelist answer */

/* Runs of this many digits or more in published text are masked: they are
 * phone numbers, ID numbers, bank cards rather than house numbers. */
#define O311_DIGITS_MASK_MIN 7

/* Answer formats. */
typedef enum o311_format { O311_XML = 0, O311_JSON } o311_format;

/* ---- formats, replies, errors ---- */

/* The format named by the suffix of the last segment of path (".json" or
 * ".xml"); -1 when it has neither. */
int o311_format_of_path(const char *path, o311_format *out);

/* Split a captured segment "57.json" into its stem ("57", in the arena)
 * and format; -1 when the suffix is neither or the stem is empty. */
int o311_split(fq_arena *a, const char *segment, const char **stem, o311_format *out);

/* Answer with doc (reference stolen) in fmt: JSON as it is, or XML under
 * the root element root. */
void o311_reply(http_req *r, o311_format fmt, int status, const char *root, json_t *doc);

/* Answer with the specification's error list [{code, description}]: code
 * is the HTTP status. */
void o311_error(http_req *r, o311_format fmt, int status, const char *description);

/* The HTTP status of a failure by the specification: 404 for things that
 * do not exist, 403 for keys, 429 past the rate limit (an extension), 400
 * for everything else. */
int o311_status_http(fq_status st);

/* Answer a failure with o311_status_http and the message (prefixed with
 * the field when there is one). */
void o311_fail(http_req *r, o311_format fmt, fq_status st, const fq_err *err);

/* The origin of the Open311 URLs ("https://host"): public_url when set,
 * else as the request reached this server (api_origin). */
const char *o311_base_url(app *a, http_req *r);

/* ---- JSON helpers ---- */

json_t *o311_str(const char *s);        /* string, or null for NULL */
json_t *o311_time(int64_t unix_s);      /* RFC 3339 +08:00, or null for 0 */
json_t *o311_id(int64_t id);            /* decimal string, or null for 0 */

/* text with every run of O311_DIGITS_MASK_MIN or more digits (single
 * spaces and hyphens between them allowed; a date yyyy-mm-dd is left
 * alone) turned into '*'; in the arena. */
const char *o311_mask_digits(fq_arena *a, const char *text);

/* ---- form bodies (application/x-www-form-urlencoded) ---- */

typedef struct o311_field {
	const char *key;   /* decoded */
	const char *value; /* decoded; "" when the pair had no '=' */
} o311_field;

/* Parse len bytes of body into *out (*n pairs, arena): '+' is a space,
 * %XX a byte; the decoded keys and values must be UTF-8 without NUL.
 * FQ_EBADREQ for a bad escape or bad UTF-8, FQ_ETOOBIG past
 * O311_FORM_FIELDS_MAX pairs. */
fq_status o311_form_parse(fq_arena *a, const char *body, size_t len, o311_field **out,
			  size_t *n, fq_err *err);

/* The value of the first pair named key that is not empty, or NULL:
 * empty optional arguments behave as absent. */
const char *o311_form_get(const o311_field *f, size_t n, const char *key);

/* ---- the rate limiter ---- */

typedef struct o311_limiter o311_limiter;

/* A new limiter reading time from clock_ms (NULL: the monotonic clock).
 * NULL when out of memory. Thread-safe. */
o311_limiter *o311_limiter_new(int64_t (*clock_ms)(void));
void o311_limiter_free(o311_limiter *l);

/* Count one request of who (a key or an address) if its window allows it
 * and return 0; otherwise return the milliseconds until its window ends,
 * counting nothing. When the table is full, the caller whose window began
 * longest ago is forgotten. */
int64_t o311_limiter_take(o311_limiter *l, const char *who, bool post);

/* Check the api_key (may be NULL; a key that is given must be valid: 403)
 * and the rate limit of the caller (the limiter on a->open311, made by
 * `fengqiao serve`) (429 with Retry-After). On success
 * *key_out (may be NULL) is the key, id 0 when none was given; on failure
 * the error has been answered and -1 is returned. */
int o311_guard(app *a, http_req *r, o311_format fmt, const char *api_key, bool post,
	       store_o311_key *key_out);

/* ---- services (the catalogue is domain/open311_svc.h's) ---- */

/* The service as the list shows it: {service_code, service_name,
 * description, metadata, type, keywords, group}. */
json_t *o311_service_json(const o311_service *s);

/* The service definition: {service_code, attributes: [...]}. */
json_t *o311_definition_json(const o311_service *s);

/* ---- requests as Open311 shows them ---- */

/* "open" or "closed" for a lifecycle state name. */
const char *o311_status_of(const char *state);

/* The lifecycle states of status ("open" or "closed", any case) into
 * *states and *n (static); -1 for another word. */
int o311_states_of(const char *status, const char *const **states, size_t *n);

/* The public note of a timeline event ("已签收，正在办理"): a fixed phrase
 * per event (staff's free texts are never published), with the level the
 * event left the request at and the request it was merged into. NULL event
 * falls back to a phrase for state. In the arena; never NULL. */
const char *o311_event_note(fq_arena *a, const char *event, const char *state, int level,
			    int64_t merged_into);

/* One request as the lists show it (no personal data: see docs/open311.md). */
json_t *o311_request_json(fq_arena *a, const char *base, const store_o311_request *r);

#endif
