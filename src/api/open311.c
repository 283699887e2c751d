/*
 * open311.c - the reading side of Open311 GeoReport v2 under /open311/v2/
 * (docs/open311.md): service discovery, the service list and service
 * definitions (the category catalogue), the list of service requests with
 * the specification's filters and the page/page_size extension, one
 * request, a token (a request number) to its id, mySociety's
 * servicerequestupdates, and the specification's 404 for any other
 * resource under the base path. Creating a request is open311_post.c.
 *
 * Every route is public in the route table: GETs need no api_key (one that
 * is given must be valid, and buys the key its own rate budget); scope is
 * the published requests of the whole deployment, and no answer carries
 * personal data (open311_view.c decides what is shown; the reads are
 * domain/open311_svc.h's).
 */
#include "api/handlers.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/open311.h"
#include "core/timeutil.h"

/* Bytes of a date argument after normalising. */
#define TIME_ARG_MAX 40
/* The largest id a list may name (2^53 - 1, exact in every JSON reader). */
#define ID_MAX 9007199254740991LL

/* A query argument, NULL when absent or empty (empty behaves as absent). */
static const char *arg(http_req *r, const char *name)
{
	const char *v = http_query(r, name);
	return v && *v ? v : NULL;
}

/* The format of a route whose last segment ends in .json or .xml. */
static o311_format path_format(http_req *r)
{
	o311_format fmt = O311_XML;
	o311_format_of_path(http_path(r), &fmt);
	return fmt;
}

/* Begin a GET: the format of the path, then the api_key and the rate
 * limit. -1 when the error has been answered. */
static int get_begin(app *a, http_req *r, o311_format fmt)
{
	return o311_guard(a, r, fmt, arg(r, "api_key"), false, NULL);
}

/* Path capture 0 as "{name}.xml" or "{name}.json" into *name and *fmt;
 * -1 after replying 404 with msg when it is not one. */
static int split_or_404(http_req *r, const char **name, o311_format *fmt, const char *msg)
{
	*fmt = O311_XML;
	if (o311_split(http_arena(r), http_param(r, 0), name, fmt) == 0)
		return 0;
	o311_error(r, *fmt, 404, msg);
	return -1;
}

/* ---- discovery ----------------------------------------------------------- */

void api_o311_discovery(app *a, http_req *r)
{
	o311_format fmt = path_format(r);
	if (get_begin(a, r, fmt) != 0)
		return;
	const char *url = fq_arena_printf(http_arena(r), "%s" O311_BASE_PATH, o311_base_url(a, r));
	json_t *doc = json_pack(
		"{s:s, s:s, s:s, s:[{s:s, s:o, s:s, s:s, s:[s, s]}]}", "changeset", O311_CHANGESET,
		"contact", "街道指挥中心（the street office's command centre）",
		"key_service",
		"API keys are issued by this deployment's administrator "
		"(fengqiao apikey add --name APP); reading needs no key",
		"endpoints", "specification", O311_SPEC_URL, "url", o311_str(url), "changeset",
		O311_CHANGESET, "type", "production", "formats", "text/xml", "application/json");
	o311_reply(r, fmt, 200, "discovery", doc);
}

/* ---- services ------------------------------------------------------------ */

/* The published services, answering a failure (NULL then). */
static o311_service *load_services(app *a, http_req *r, o311_format fmt, size_t *n)
{
	fq_err err = {0};
	o311_service *s = NULL;
	fq_status st = o311svc_services(a->db, http_arena(r), &s, n, &err);
	if (st != FQ_OK) {
		o311_fail(r, fmt, st, &err);
		return NULL;
	}
	return s;
}

void api_o311_services(app *a, http_req *r)
{
	o311_format fmt = path_format(r);
	size_t n = 0;
	if (get_begin(a, r, fmt) != 0)
		return;
	o311_service *s = load_services(a, r, fmt, &n);
	if (!s)
		return;
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++)
		if (s[i].cat->active)
			json_array_append_new(list, o311_service_json(&s[i]));
	o311_reply(r, fmt, 200, "services", list);
}

void api_o311_service(app *a, http_req *r)
{
	const char *code = NULL;
	o311_format fmt;
	size_t n = 0;
	static const char no_such[] = "no such resource: use services/{service_code}.xml or .json";
	if (split_or_404(r, &code, &fmt, no_such) != 0 || get_begin(a, r, fmt) != 0)
		return;
	o311_service *s = load_services(a, r, fmt, &n);
	if (!s)
		return;
	const o311_service *one = o311_service_find(s, n, code);
	if (!one || !one->cat->active) {
		o311_error(r, fmt, 404, fq_arena_printf(http_arena(r), "service_code %s was not found",
							code));
		return;
	}
	o311_reply(r, fmt, 200, "service_definition", o311_definition_json(one));
}

/* ---- arguments of the lists ---------------------------------------------- */

/* A W3C date or datetime made acceptable to fq_time_parse: an offset whose
 * '+' arrived as a space (unencoded in the query) and a time without
 * seconds are mended. */
static const char *normalise_time(fq_arena *a, const char *s)
{
	char buf[TIME_ARG_MAX];
	size_t n = strlen(s);
	if (n >= sizeof buf - 3)
		return s;
	memcpy(buf, s, n + 1);
	if (n > 19 && buf[n - 6] == ' ')
		buf[n - 6] = '+';
	/* 2010-01-01T00:00Z or 2010-01-01T00:00+08:00: no seconds */
	int short_time = n >= 17 && buf[10] == 'T' && buf[13] == ':' &&
			 (buf[16] == 'Z' || buf[16] == '+' || buf[16] == '-');
	if (short_time) {
		memmove(buf + 19, buf + 16, n - 16 + 1);
		memcpy(buf + 16, ":00", 3);
	}
	const char *out = fq_arena_strdup(a, buf);
	return out ? out : s;
}

/* The time of argument name into *out; *given says whether it was there.
 * FQ_EINVAL naming it when it is not a W3C date or datetime with offset. */
static fq_status time_arg(http_req *r, const char *name, int64_t *out, int *given, fq_err *err)
{
	const char *v = arg(r, name);
	*given = v != NULL;
	if (!v)
		return FQ_OK;
	if (fq_time_parse(normalise_time(http_arena(r), v), out) != 0)
		return fq_fail(err, FQ_EINVAL, name,
			       "must be a W3C datetime with an offset, e.g. 2026-11-23T08:00:00+08:00");
	return FQ_OK;
}

/* The window [from, to] of start_date and end_date: at most
 * O311_WINDOW_MAX_S long; without either, the span dflt up to now; with
 * one, the longest window from or to it. */
static fq_status window_args(http_req *r, int64_t dflt, int64_t *from, int64_t *to,
			     fq_err *err)
{
	int has_start = 0, has_end = 0;
	int64_t start = 0, end = 0, now = fq_now_ms() / 1000;
	fq_status st = time_arg(r, "start_date", &start, &has_start, err);
	if (st == FQ_OK)
		st = time_arg(r, "end_date", &end, &has_end, err);
	if (st != FQ_OK)
		return st;
	if (!has_start && !has_end) {
		end = now;
		start = now - dflt;
	} else if (!has_end) {
		end = start + O311_WINDOW_MAX_S;
	} else if (!has_start) {
		start = end - O311_WINDOW_MAX_S;
	}
	if (end < start)
		return fq_fail(err, FQ_EINVAL, "end_date", "end_date is before start_date");
	if (end - start > O311_WINDOW_MAX_S)
		return fq_fail(err, FQ_EINVAL, "end_date",
			       "start_date and end_date may span at most 90 days");
	*from = start;
	*to = end;
	return FQ_OK;
}

/* A whole number in [min, max]; numbers sent as strings are the rule in a
 * query. -1 when s is not one. */
static int whole(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end = NULL;
	errno = 0;
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* page and page_size into offset and limit. */
static fq_status page_args(http_req *r, store_o311_filter *f, fq_err *err)
{
	int64_t page = 1, size = O311_ROWS_MAX;
	const char *p = arg(r, "page"), *ps = arg(r, "page_size");
	if (p && whole(p, 1, O311_OFFSET_MAX, &page) != 0)
		return fq_fail(err, FQ_EINVAL, "page", "page must be a whole number from 1");
	if (ps && whole(ps, 1, O311_ROWS_MAX, &size) != 0)
		return fq_fail(err, FQ_EINVAL, "page_size", "page_size must be from 1 to %d",
			       O311_ROWS_MAX);
	if ((page - 1) * size > O311_OFFSET_MAX)
		return fq_fail(err, FQ_EINVAL, "page", "page reaches past row %lld",
			       (long long)O311_OFFSET_MAX);
	f->offset = (page - 1) * size;
	f->limit = (int)size;
	return FQ_OK;
}

/* The next item of a comma list at *s, trimmed, into the arena; NULL at
 * the end. Empty items are skipped. */
static const char *next_item(fq_arena *a, const char **s)
{
	while (**s) {
		const char *p = *s;
		size_t n = strcspn(p, ",");
		*s = p + n + (p[n] == ',');
		while (n > 0 && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n > 0)
			return fq_arena_strndup(a, p, n);
	}
	return NULL;
}

/* The categories of service_code (all published ones when absent). */
static fq_status category_args(http_req *r, const o311_service *s, size_t ns,
			       store_o311_filter *f, fq_err *err)
{
	fq_arena *a = http_arena(r);
	int64_t *ids = fq_arena_alloc(a, (ns ? ns : 1) * sizeof *ids);
	if (!ids)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	const char *list = arg(r, "service_code");
	size_t n = 0, named = 0;
	for (size_t i = 0; !list && i < ns; i++)
		ids[n++] = s[i].cat->id;
	for (const char *code; list && (code = next_item(a, &list));) {
		const o311_service *one = o311_service_find(s, ns, code);
		if (!one)
			return fq_fail(err, FQ_EINVAL, "service_code", "%s is not a service code",
				       code);
		if (++named > O311_CODES_MAX)
			return fq_fail(err, FQ_EINVAL, "service_code", "at most %d service codes",
				       O311_CODES_MAX);
		if (n < ns)
			ids[n++] = one->cat->id;
	}
	if (n == 0)
		return fq_fail(err, FQ_EINVAL, "service_code", "no service code given");
	f->categories = ids;
	f->n_categories = n;
	return FQ_OK;
}

/* The states of status (a comma list of open and closed; both is any). */
static fq_status status_args(http_req *r, store_o311_filter *f, fq_err *err)
{
	const char *list = arg(r, "status");
	int want_open = 0, want_closed = 0;
	for (const char *word; list && (word = next_item(http_arena(r), &list));) {
		const char *const *states = NULL;
		size_t n = 0;
		if (o311_states_of(word, &states, &n) != 0)
			return fq_fail(err, FQ_EINVAL, "status", "status must be open or closed");
		if (strcasecmp(word, "open") == 0)
			want_open = 1;
		else
			want_closed = 1;
		f->states = states;
		f->n_states = n;
	}
	if (want_open && want_closed) {
		f->states = NULL;
		f->n_states = 0;
	}
	return FQ_OK;
}

/* ---- GET of a list ------------------------------------------------------------ */

/* Adds the rows of a list to list (a JSON array), with links under base. */
typedef fq_status list_fill(app *a, http_req *r, const char *base, json_t *list, fq_err *err);

/* Reply to a GET of a list in the format of the path: the rows fill
 * adds, under key, or the error that kept them. */
static void reply_list(app *a, http_req *r, const char *key, list_fill *fill)
{
	o311_format fmt = path_format(r);
	if (get_begin(a, r, fmt) != 0)
		return;
	fq_err err = {0};
	json_t *list = json_array();
	fq_status st = list ? fill(a, r, o311_base_url(a, r), list, &err)
			    : fq_fail(&err, FQ_ENOMEM, "", "out of memory");
	if (st != FQ_OK) {
		json_decref(list);
		o311_fail(r, fmt, st, &err);
		return;
	}
	o311_reply(r, fmt, 200, key, list);
}

/* ---- GET requests ----------------------------------------------------------- */

/* The requests named by the comma list ids (overrides every other
 * argument), in the order named; unknown and unpublished ones are left
 * out. */
static fq_status list_by_ids(app *ap, http_req *r, const char *ids, const o311_service *s,
			     size_t ns, const char *base, json_t *list, fq_err *err)
{
	fq_arena *a = http_arena(r);
	int64_t *want = fq_arena_alloc(a, O311_IDS_MAX * sizeof *want);
	size_t named = 0;
	if (!want)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (const char *item; (item = next_item(a, &ids));) {
		int64_t id = 0;
		if (whole(item, 1, ID_MAX, &id) != 0)
			return fq_fail(err, FQ_EINVAL, "service_request_id",
				       "%s is not a service_request_id", item);
		if (named == O311_IDS_MAX)
			return fq_fail(err, FQ_EINVAL, "service_request_id",
				       "at most %d service_request_id values", O311_IDS_MAX);
		want[named++] = id;
	}
	store_o311_request *rows = NULL;
	size_t n = 0;
	fq_status st = o311svc_requests_by_ids(ap->db, a, s, ns, want, named, &rows, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		json_array_append_new(list, o311_request_json(a, base, &rows[i]));
	return st;
}

/* The requests of the filters. */
static fq_status list_by_filter(app *a, http_req *r, const o311_service *s, size_t ns,
				const char *base, json_t *list, fq_err *err)
{
	store_o311_filter f = {0};
	fq_status st = window_args(r, O311_WINDOW_MAX_S, &f.from, &f.to, err);
	if (st == FQ_OK)
		st = category_args(r, s, ns, &f, err);
	if (st == FQ_OK)
		st = status_args(r, &f, err);
	if (st == FQ_OK)
		st = page_args(r, &f, err);
	store_o311_request *rows = NULL;
	size_t n = 0;
	if (st == FQ_OK)
		st = o311svc_requests(a->db, http_arena(r), &f, &rows, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		json_array_append_new(list, o311_request_json(http_arena(r), base, &rows[i]));
	return st;
}

/* The requests named by ?service_request_id=, else those of the filters. */
static fq_status requests_list(app *a, http_req *r, const char *base, json_t *list, fq_err *err)
{
	o311_service *s = NULL;
	size_t ns = 0;
	const char *ids = arg(r, "service_request_id");
	fq_status st = o311svc_services(a->db, http_arena(r), &s, &ns, err);
	if (st == FQ_OK && ids)
		st = list_by_ids(a, r, ids, s, ns, base, list, err);
	else if (st == FQ_OK)
		st = list_by_filter(a, r, s, ns, base, list, err);
	return st;
}

void api_o311_requests(app *a, http_req *r)
{
	reply_list(a, r, "service_requests", requests_list);
}

/* ---- one request, a token ------------------------------------------------------ */

/* Published request id (read from token when it is not NULL) into *out. */
static fq_status one_request(app *a, http_req *r, const char *token, int64_t *id,
			     store_o311_request *out, fq_err *err)
{
	o311_service *s = NULL;
	size_t ns = 0;
	fq_status st = o311svc_services(a->db, http_arena(r), &s, &ns, err);
	if (st == FQ_OK)
		st = o311svc_request(a->db, http_arena(r), s, ns, token, id, out, err);
	return st;
}

void api_o311_request(app *a, http_req *r)
{
	static const char no_such[] =
		"no such request: use requests/{service_request_id}.xml or .json";
	const char *stem = NULL;
	o311_format fmt;
	int64_t id = 0;
	if (split_or_404(r, &stem, &fmt, no_such) != 0)
		return;
	if (http_id_parse(stem, &id) != 0 || id > ID_MAX) {
		o311_error(r, fmt, 404, no_such);
		return;
	}
	if (get_begin(a, r, fmt) != 0)
		return;
	fq_err err = {0};
	store_o311_request row;
	fq_status st = one_request(a, r, NULL, &id, &row, &err);
	if (st != FQ_OK) {
		o311_fail(r, fmt, st, &err);
		return;
	}
	const char *base = o311_base_url(a, r);
	json_t *list = json_array();
	if (list)
		json_array_append_new(list, o311_request_json(http_arena(r), base, &row));
	o311_reply(r, fmt, 200, "service_requests", list);
}

void api_o311_token(app *a, http_req *r)
{
	const char *token = NULL;
	o311_format fmt;
	static const char no_such[] = "no such resource: use tokens/{token}.xml or .json";
	if (split_or_404(r, &token, &fmt, no_such) != 0 || get_begin(a, r, fmt) != 0)
		return;
	fq_err err = {0};
	int64_t id = 0;
	store_o311_request row;
	fq_status st = one_request(a, r, token, &id, &row, &err);
	if (st != FQ_OK) {
		o311_fail(r, fmt, st, &err);
		return;
	}
	o311_reply(r, fmt, 200, "service_requests",
		   json_pack("[{s:o, s:s}]", "service_request_id", o311_id(id), "token", token));
}

/* ---- servicerequestupdates ---------------------------------------------------- */

static json_t *update_json(fq_arena *a, const char *base, const store_o311_update *u)
{
	json_t *media = u->result_photo_id
				? o311_str(fq_arena_printf(a, "%s/api/v1/requests/%lld/photos/%lld",
							   base, (long long)u->request_id,
							   (long long)u->result_photo_id))
				: json_null();
	return json_pack("{s:o, s:o, s:s, s:o, s:o, s:o}", "update_id", o311_id(u->id),
			 "service_request_id", o311_id(u->request_id), "status",
			 o311_status_of(u->new_state), "updated_datetime", o311_time(u->at),
			 "description",
			 o311_str(o311_event_note(a, u->event, u->new_state, u->new_level,
						  u->merged_into)),
			 "media_url", media);
}

static fq_status updates_list(app *a, http_req *r, const char *base, json_t *list, fq_err *err)
{
	o311_service *s = NULL;
	size_t ns = 0;
	store_o311_filter f = {0};
	fq_status st = window_args(r, O311_UPDATES_DEFAULT_S, &f.from, &f.to, err);
	if (st == FQ_OK)
		st = o311svc_services(a->db, http_arena(r), &s, &ns, err);
	if (st == FQ_OK)
		st = category_args(r, s, ns, &f, err);
	if (st == FQ_OK)
		st = page_args(r, &f, err);
	store_o311_update *rows = NULL;
	size_t n = 0;
	if (st == FQ_OK)
		st = o311svc_updates(a->db, http_arena(r), &f, &rows, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		json_array_append_new(list, update_json(http_arena(r), base, &rows[i]));
	return st;
}

void api_o311_updates(app *a, http_req *r)
{
	reply_list(a, r, "service_request_updates", updates_list);
}

/* ---- anything else under the base path -------------------------------------- */

void api_o311_unknown(app *a, http_req *r)
{
	(void)a;
	o311_format fmt = O311_XML;
	o311_format_of_path(http_path(r), &fmt);
	o311_error(r, fmt, 404,
		   fq_arena_printf(http_arena(r), "no such resource: %s %s", http_method(r),
				   http_path(r)));
}
