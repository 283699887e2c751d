/*
 * open311_post.c - POST /open311/v2/requests.{json,xml}: an Open311 client
 * raises a request (docs/open311.md). The form body is read (api_key,
 * service_code, a location, description, attribute[...], media_url; the
 * reporter's contact fields are checked for size and dropped), the key and
 * its rate limit are checked, and the request is worked out by the
 * requests service (reqsvc_plan_create) as channel "open311" by the key's
 * account, through domain/open311_svc.h's reads. The worker is then freed (api_submit)
 * while the writer thread stores it (domain/open311_svc.h's job:
 * reqsvc_create, and the link to the key with the client's media URL) in
 * the next group commit; the continuation answers once that is durable.
 */
#include "api/handlers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/geojson.h"
#include "api/json.h"
#include "api/open311.h"
#include "api/park.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "domain/open311_svc.h"

/* The form's content type. */
#define FORM_TYPE "application/x-www-form-urlencoded"
/* Bytes of the largest whole number accepted as an id. */
#define ID_TEXT_MAX 20
/* The heading of the answers to a service's questions in the text kept. */
#define ANSWERS_HEADING "\n\n【补充信息】"

/* Fields a client may send about its user: checked for size, never kept
 * and never shown (Fengqiao keeps no personal data of Open311 users). */
static const char *const contact_fields[] = {"email", "first_name", "last_name", "phone",
					     "device_id", "account_id"};

typedef struct post_ctx {
	o311svc_create_job job;     /* first: api_submit; the plan, the key, the media URL */
	http_req *r;
	app *a;
	o311_format fmt;
	const o311_field *form;     /* the body's pairs */
	size_t n_form;
	store_o311_key key;         /* the client's key */
	caller who;                 /* the key's account */
	const o311_service *service;
	reqsvc_input in;            /* for the requests service */
	const char *text;           /* description and answers, as kept */
} post_ctx;

/* ---- texts ---------------------------------------------------------------- */

/* The first max characters of s (well-formed UTF-8), in the arena. */
static const char *cut_chars(fq_arena *a, const char *s, size_t max)
{
	size_t len = strlen(s), at = 0;
	for (size_t chars = 0; at < len && chars < max; chars++) {
		uint32_t cp;
		size_t k = utf8_decode(s + at, len - at, &cp);
		at += k ? k : 1;
	}
	return fq_arena_strndup(a, s, at);
}

/* s with white space trimmed at both ends, in the arena. */
static const char *trimmed(fq_arena *a, const char *s, size_t n)
{
	while (n > 0 && strchr(" \t\r\n", *s)) {
		s++;
		n--;
	}
	while (n > 0 && strchr(" \t\r\n", s[n - 1]))
		n--;
	return fq_arena_strndup(a, s, n);
}

/* The title of the request: attribute[title] (FixMyStreet-style clients
 * send the report's title there), else the first line of the description
 * that is not blank, else the service's name; cut to the title's limit. */
static const char *title_of(post_ctx *x, const char *description)
{
	fq_arena *a = http_arena(x->r);
	const char *t = o311_form_get(x->form, x->n_form, "attribute[title]");
	const char *pick = t ? trimmed(a, t, strlen(t)) : NULL;
	for (const char *p = description; (!pick || !*pick) && p && *p;) {
		size_t n = strcspn(p, "\n");
		pick = trimmed(a, p, n);
		p += n + (p[n] == '\n');
	}
	if (!pick || !*pick)
		pick = x->service->cat->name;
	return cut_chars(a, pick, REQSVC_TITLE_MAX);
}

/* A text of at most max characters without control characters other than
 * tab and line breaks (the specification: "may contain line breaks"). */
static fq_status check_chars(const char *s, const char *field, size_t max, fq_err *err)
{
	if (s && utf8_char_count(s, strlen(s)) > max)
		return fq_fail(err, FQ_EINVAL, field, "must be at most %zu characters", max);
	for (const char *p = s; p && *p; p++)
		if (((unsigned char)*p < ' ' && !strchr("\t\r\n", *p)) || *p == 0x7f)
			return fq_fail(err, FQ_EINVAL, field, "must not hold control characters");
	return FQ_OK;
}

/* A single-line text (a name, an address) of at most max characters under
 * the rule of api_text_check; absent or empty passes. */
static fq_status check_line(const char *s, const char *field, size_t max, fq_err *err)
{
	size_t start, end;
	if (!s)
		return FQ_OK;
	fq_status st = check_chars(s, field, max, err);
	if (st == FQ_OK)
		st = api_text_check(field, s, strlen(s), UTF8_TEXT_LINE, 1, &start, &end, err);
	return st;
}

static fq_status check_media_url(const char *url, fq_err *err)
{
	if (!url)
		return FQ_OK;
	fq_status st = check_chars(url, "media_url", O311_URL_MAX, err);
	if (st != FQ_OK)
		return st;
	int scheme = strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
	for (const char *p = url; scheme && *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>')
			scheme = 0;
	return scheme ? FQ_OK
		      : fq_fail(err, FQ_EINVAL, "media_url", "must be an http or https URL");
}

static fq_status check_texts(post_ctx *x, fq_err *err)
{
	const char *d = o311_form_get(x->form, x->n_form, "description");
	fq_status st = check_chars(d, "description", O311_DESCRIPTION_MAX, err);
	for (size_t i = 0; st == FQ_OK && i < sizeof contact_fields / sizeof contact_fields[0]; i++)
		st = check_line(o311_form_get(x->form, x->n_form, contact_fields[i]),
				contact_fields[i], O311_CONTACT_MAX, err);
	x->job.media_url = o311_form_get(x->form, x->n_form, "media_url");
	if (st == FQ_OK)
		st = check_media_url(x->job.media_url, err);
	return st;
}

/* ---- attributes ------------------------------------------------------------ */

/* The values given for question code: attribute[code] and, for lists of
 * several values, attribute[code][]; at most O311_ATTR_VALUES_MAX. */
static size_t answers_of(const post_ctx *x, const char *code, const char **out)
{
	size_t n = 0, len = strlen(code);
	for (size_t i = 0; i < x->n_form && n < O311_ATTR_VALUES_MAX; i++) {
		const char *k = x->form[i].key;
		if (strncmp(k, "attribute[", 10) != 0 || strncmp(k + 10, code, len) != 0 ||
		    k[10 + len] != ']')
			continue;
		const char *rest = k + 11 + len;
		if ((*rest == '\0' || strcmp(rest, "[]") == 0) && x->form[i].value[0])
			out[n++] = x->form[i].value;
	}
	return n;
}

/* The name of the choice key of q, or NULL. */
static const char *choice_name(const o311_question *q, const char *key)
{
	for (size_t i = 0; i < q->n_values; i++)
		if (strcmp(q->values[i].key, key) == 0)
			return q->values[i].name;
	return NULL;
}

/* One answer to q checked and made readable (a choice's name, a datetime
 * as RFC 3339); NULL with err filled when it is not acceptable. */
static const char *answer_text(fq_arena *a, const o311_question *q, const char *v,
			       const char *field, fq_err *err)
{
	const char *dt = q->datatype;
	if (strcmp(dt, "singlevaluelist") == 0 || strcmp(dt, "multivaluelist") == 0) {
		const char *name = choice_name(q, v);
		if (!name)
			fq_fail(err, FQ_EINVAL, field, "%s is not one of its values", v);
		return name;
	}
	if (strcmp(dt, "number") == 0) {
		char *end = NULL;
		double d = strtod(v, &end);
		if (end == v || *end || !isfinite(d)) {
			fq_fail(err, FQ_EINVAL, field, "must be a number");
			return NULL;
		}
		return v;
	}
	if (strcmp(dt, "datetime") == 0) {
		int64_t t = 0;
		char buf[40];
		if (fq_time_parse(v, &t) != 0) {
			fq_fail(err, FQ_EINVAL, field, "must be a W3C datetime with an offset");
			return NULL;
		}
		return fq_arena_strdup(a, fq_time_rfc3339(t, buf, sizeof buf));
	}
	size_t max = strcmp(dt, "text") == 0 ? O311_ATTR_TEXT_MAX : O311_ATTR_STRING_MAX;
	if (check_chars(v, field, max, err) != FQ_OK)
		return NULL;
	if (strcmp(dt, "string") == 0 && strpbrk(v, "\r\n")) {
		fq_fail(err, FQ_EINVAL, field, "must be one line");
		return NULL;
	}
	return v;
}

/* The answer line of question q ("" when unanswered). */
static fq_status answer_line(post_ctx *x, const o311_question *q, const char **line,
			     fq_err *err)
{
	fq_arena *a = http_arena(x->r);
	const char *vals[O311_ATTR_VALUES_MAX];
	size_t n = answers_of(x, q->code, vals);
	const char *field = fq_arena_printf(a, "attribute[%s]", q->code);
	*line = "";
	if (n == 0 && q->required)
		return fq_fail(err, FQ_EINVAL, field ? field : "attribute", "is required");
	if (n > 1 && strcmp(q->datatype, "multivaluelist") != 0)
		n = 1;
	const char *joined = "";
	for (size_t i = 0; i < n; i++) {
		const char *t = answer_text(a, q, vals[i], field ? field : "attribute", err);
		if (!t)
			return FQ_EINVAL;
		joined = fq_arena_printf(a, "%s%s%s", joined, i ? "、" : "", t);
	}
	if (n)
		*line = fq_arena_printf(a, "\n%s%s", q->description, joined);
	return *line && joined ? FQ_OK : fq_fail(err, FQ_ENOMEM, "", "out of memory");
}

/* The description as kept: the client's text, then the answers to the
 * service's questions. Unknown attributes are ignored (clients send their
 * own, such as FixMyStreet's easting and report_url). */
static fq_status compose_text(post_ctx *x, fq_err *err)
{
	fq_arena *a = http_arena(x->r);
	const char *d = o311_form_get(x->form, x->n_form, "description");
	const char *answers = "";
	for (size_t i = 0; i < x->service->n_questions; i++) {
		const char *line = NULL;
		fq_status st = answer_line(x, &x->service->questions[i], &line, err);
		if (st != FQ_OK)
			return st;
		answers = fq_arena_printf(a, "%s%s", answers, line);
		if (!answers)
			return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	}
	x->text = *answers ? fq_arena_printf(a, "%s" ANSWERS_HEADING "%s", d ? d : "", answers)
			   : (d ? d : "");
	if (!x->text)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	x->in.title = title_of(x, d);
	x->in.description = cut_chars(a, x->text, REQSVC_DESCRIPTION_MAX);
	return x->in.title && x->in.description ? FQ_OK
						: fq_fail(err, FQ_ENOMEM, "", "out of memory");
}

/* ---- the location ------------------------------------------------------------ */

static fq_status parse_degrees(const char *s, const char *field, double *out, fq_err *err)
{
	char *end = NULL;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v))
		return fq_fail(err, FQ_EINVAL, field, "must be a number of degrees");
	*out = v;
	return FQ_OK;
}

static fq_status parse_point(post_ctx *x, fq_err *err)
{
	const char *lat = o311_form_get(x->form, x->n_form, "lat");
	const char *lon = o311_form_get(x->form, x->n_form, "long");
	if (!lat && !lon)
		return FQ_OK;
	if (!lat || !lon)
		return fq_fail(err, FQ_EINVAL, lat ? "long" : "lat", "lat and long go together");
	fq_status st = parse_degrees(lat, "lat", &x->in.lat, err);
	if (st == FQ_OK)
		st = parse_degrees(lon, "long", &x->in.lon, err);
	x->in.has_point = st == FQ_OK;
	return st;
}

static fq_status parse_building(post_ctx *x, fq_err *err)
{
	const char *id = o311_form_get(x->form, x->n_form, "address_id");
	if (!id)
		return FQ_OK;
	char *end = NULL;
	long long v = strlen(id) <= ID_TEXT_MAX ? strtoll(id, &end, 10) : 0;
	fq_err why = {0};
	if (v <= 0 || !end || *end || o311svc_building(x->a->db, http_arena(x->r), v, &why) != FQ_OK)
		return fq_fail(err, FQ_EINVAL, "address_id", "names no building");
	x->in.building_id = v;
	return FQ_OK;
}

static fq_status parse_boundary(const char *text, geo_multipolygon **out, fq_err *err)
{
	return geojson_parse(text, strlen(text), out, err);
}

/* lat and long, address_id (a building), address_string: at least one.
 * An address alone must name exactly one building. */
static fq_status parse_location(post_ctx *x, fq_err *err)
{
	const char *addr = o311_form_get(x->form, x->n_form, "address_string");
	fq_status st = parse_point(x, err);
	if (st == FQ_OK)
		st = parse_building(x, err);
	if (st == FQ_OK)
		st = check_line(addr, "address_string", O311_ADDRESS_MAX, err);
	if (st != FQ_OK)
		return st;
	x->in.address = addr;
	x->in.parse_boundary = parse_boundary;
	if (x->in.has_point || x->in.building_id)
		return FQ_OK;
	if (!addr)
		return fq_fail(err, FQ_EINVAL, "location",
			       "give lat and long, address_string or address_id");
	int64_t id = 0;
	fq_err why = {0};
	st = o311svc_building_by_address(x->a->db, addr, &id, &why);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EINVAL, "address_string",
			       "%s: send lat and long, or address_id (a building id)", why.message);
	if (st != FQ_OK && err)
		*err = why;
	x->in.building_id = id;
	return st;
}

/* ---- working it out ---------------------------------------------------------- */

static fq_status find_service(post_ctx *x, fq_err *err)
{
	const char *code = o311_form_get(x->form, x->n_form, "service_code");
	if (!code)
		return fq_fail(err, FQ_EINVAL, "service_code", "service_code is required");
	o311_service *s = NULL;
	size_t n = 0;
	fq_status st = o311svc_services(x->a->db, http_arena(x->r), &s, &n, err);
	if (st != FQ_OK)
		return st;
	x->service = o311_service_find(s, n, code);
	if (!x->service || !x->service->cat->active)
		return fq_fail(err, FQ_ENOTFOUND, "service_code", "%s was not found", code);
	return FQ_OK;
}

/* Everything up to the plan of the new request, through the service's reads. */
static fq_status plan(post_ctx *x, fq_err *err)
{
	fq_status st = find_service(x, err);
	if (st == FQ_OK)
		st = check_texts(x, err);
	if (st == FQ_OK)
		st = parse_location(x, err);
	if (st == FQ_OK)
		st = compose_text(x, err);
	x->in.category_code = x->service ? x->service->cat->code : NULL;
	x->in.channel = "open311";
	x->in.now = fq_now_ms() / 1000;
	if (st == FQ_OK)
		st = o311svc_plan(x->a->db, http_arena(x->r), x->key.account_id, &x->in, &x->who,
				  &x->job.plan, err);
	/* the whole text: the service's limit of 2000 characters is the web
	 * form's; the Open311 specification allows 4000 */
	if (st == FQ_OK)
		x->job.plan.row.description = x->text;
	return st;
}

/* ---- storing it and answering -------------------------------------------------- */

/* What happens next, in plain words: who has it and by when. */
static const char *notice_of(fq_arena *a, const reqsvc_summary *s, const char *grid)
{
	char accept[40], resolve[40];
	const char *unit = s->assignee.unit_name ? s->assignee.unit_name : grid;
	return fq_arena_printf(a, "已派单至%s，将于 %s 前签收、%s 前办结", unit ? unit : "责任单位",
			       fq_time_rfc3339(s->accept_due, accept, sizeof accept),
			       fq_time_rfc3339(s->resolve_due, resolve, sizeof resolve));
}

static void post_reply(app *a, http_req *r)
{
	(void)a;
	post_ctx *x = http_user(r);
	if (x->job.job.st != FQ_OK) {
		o311_fail(r, x->fmt, x->job.job.st, &x->job.job.err);
		return;
	}
	const reqsvc_summary *s = &x->job.plan.summary;
	json_t *doc = json_pack("[{s:o, s:o, s:n}]", "service_request_id", o311_id(s->id),
				"service_notice",
				o311_str(notice_of(http_arena(r), s, x->job.plan.row.grid_name)),
				"account_id");
	o311_reply(r, x->fmt, 200, "service_requests", doc);
}

static int is_form(const char *ct)
{
	size_t n = ct ? strcspn(ct, ";") : 0;
	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return n == sizeof FORM_TYPE - 1 && strncasecmp(ct, FORM_TYPE, n) == 0;
}

/* The body's pairs, answering a failure (-1). */
static int read_form(post_ctx *x)
{
	fq_err err = {0};
	size_t len = 0;
	const char *body = http_body(x->r, &len);
	if (!is_form(http_header(x->r, "Content-Type"))) {
		o311_error(x->r, x->fmt, 400, "the body must be " FORM_TYPE);
		return -1;
	}
	o311_field *f = NULL;
	fq_status st = o311_form_parse(http_arena(x->r), body, len, &f, &x->n_form, &err);
	if (st != FQ_OK) {
		o311_fail(x->r, x->fmt, st, &err);
		return -1;
	}
	x->form = f;
	return 0;
}

void api_o311_create(app *a, http_req *r)
{
	post_ctx *x = fq_arena_alloc(http_arena(r), sizeof *x);
	o311_format fmt = O311_XML;
	o311_format_of_path(http_path(r), &fmt);
	if (!x) {
		o311_error(r, fmt, 400, "out of memory");
		return;
	}
	*x = (post_ctx){.r = r, .a = a, .fmt = fmt};
	o311svc_create_job_init(&x->job);
	if (read_form(x) != 0)
		return;
	const char *key = o311_form_get(x->form, x->n_form, "api_key");
	if (!key)
		key = http_query(r, "api_key") && *http_query(r, "api_key") ? http_query(r, "api_key")
									    : NULL;
	if (o311_guard(a, r, fmt, key, true, &x->key) != 0)
		return;
	fq_err err = {0};
	fq_status st = plan(x, &err);
	if (st != FQ_OK) {
		o311_fail(r, fmt, st, &err);
		return;
	}
	x->job.key_id = x->key.id;
	api_submit(a, r, &x->job.job, post_reply);
}
