/*
 * open311_svc.c - the Open311 service: the catalogue as it publishes it,
 * keys, requests, updates, buildings, the plan and the write job of a new
 * request; see open311_svc.h.
 */
#include "domain/open311_svc.h"

#include <string.h>

#include "domain/auth.h"
#include "store/store_auth.h"

/* Top classes of the catalogue that are about people rather than places:
 * disputes between named parties, subsistence, elderly care, employment,
 * certificates. Their categories are not offered, and their requests are
 * not listed, through Open311. */
static const char *const private_classes[] = {"dispute", "service"};

/* ---- extra questions ------------------------------------------------------- */

static const o311_value yes_no_trapped[] = {{"yes", "有人被困"}, {"no", "无人被困"}};
static const o311_value yes_no_left[] = {{"yes", "已撤离"}, {"no", "未撤离"}};
static const o311_value outage_kinds[] = {
	{"water", "停水"}, {"power", "停电"}, {"both", "水电都停"}};
static const o311_value day_parts[] = {
	{"morning", "早上"}, {"day", "白天"}, {"evening", "傍晚"}, {"night", "夜间"}};
static const o311_value manhole_spots[] = {
	{"road", "车行道"}, {"sidewalk", "人行道"}, {"green", "绿化带"}, {"other", "其他"}};

#define VALUES(v) v, sizeof v / sizeof v[0]

static const o311_question q_elevator[] = {
	{"trapped", "singlevaluelist", true, "是否有人被困在电梯里？", "选一项",
	 VALUES(yes_no_trapped)},
};
static const o311_question q_gas[] = {
	{"evacuated", "singlevaluelist", false, "现场人员是否已经撤离？", "选一项",
	 VALUES(yes_no_left)},
};
static const o311_question q_outage[] = {
	{"kind", "singlevaluelist", true, "停的是水还是电？", "选一项", VALUES(outage_kinds)},
	{"since", "datetime", false, "从什么时候开始？", "日期时间，如 2026-11-23T08:00:00+08:00",
	 NULL, 0},
};
static const o311_question q_street_light[] = {
	{"lamps", "number", false, "有几盏路灯不亮？", "一个数", NULL, 0},
};
static const o311_question q_noise[] = {
	{"when", "multivaluelist", false, "噪音通常出现在什么时段？", "可选多项",
	 VALUES(day_parts)},
};
static const o311_question q_manhole[] = {
	{"spot", "singlevaluelist", true, "井盖缺失的位置在哪里？", "选一项",
	 VALUES(manhole_spots)},
};

/* The services with extra questions, by category code. */
static const struct service_questions {
	const char *code;
	const o311_question *q;
	size_t n;
} questions[] = {
	{"property.elevator", VALUES(q_elevator)},
	{"safety.gas", VALUES(q_gas)},
	{"property.utility_outage", VALUES(q_outage)},
	{"traffic.street_light", VALUES(q_street_light)},
	{"environment.noise", VALUES(q_noise)},
	{"facility.manhole", VALUES(q_manhole)},
};

#undef VALUES

static const struct service_questions *questions_of(const char *code)
{
	for (size_t i = 0; i < sizeof questions / sizeof questions[0]; i++)
		if (strcmp(questions[i].code, code) == 0)
			return &questions[i];
	return NULL;
}

/* ---- services ---------------------------------------------------------------- */

static int is_private(const char *class_code)
{
	for (size_t i = 0; i < sizeof private_classes / sizeof private_classes[0]; i++)
		if (strcmp(private_classes[i], class_code) == 0)
			return 1;
	return 0;
}

/* The top class of cats[i]: itself, or its parent; NULL when the parent is
 * missing. */
static const store_category *class_of(const store_category *cats, size_t n, size_t i)
{
	if (cats[i].parent_id == 0)
		return &cats[i];
	for (size_t k = 0; k < n; k++)
		if (cats[k].id == cats[i].parent_id)
			return &cats[k];
	return NULL;
}

fq_status o311_services_load(store_conn *c, fq_arena *a, o311_service **out, size_t *n,
			     fq_err *err)
{
	store_category *cats = NULL;
	size_t nc = 0;
	fq_status st = store_categories_list(c, a, &cats, &nc, err);
	if (st != FQ_OK)
		return st;
	o311_service *s = fq_arena_alloc(a, (nc ? nc : 1) * sizeof *s);
	if (!s)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < nc; i++) {
		const store_category *top = class_of(cats, nc, i);
		if (!top || is_private(top->code))
			continue;
		const struct service_questions *q = questions_of(cats[i].code);
		s[k++] = (o311_service){.cat = &cats[i], .group = top->name,
				       .questions = q ? q->q : NULL, .n_questions = q ? q->n : 0};
	}
	*out = s;
	*n = k;
	return FQ_OK;
}

/* The arguments and results of one read of this file. */
typedef struct o311_read {
	fq_arena *a;
	o311_service **services;
	const o311_service *s; /* the published services */
	size_t ns;
	const char *text;      /* an api_key, a token, an address */
	store_o311_key *key;
	const store_o311_filter *f;
	store_o311_request **rows;
	store_o311_update **updates;
	size_t *n;
	const int64_t *ids;
	size_t n_ids;
	int64_t *id;           /* a request, a building, an account */
	store_o311_request *one;
	const reqsvc_input *in;
	caller *who;
	reqsvc_plan *plan;
} o311_read;

static fq_status services_body(store_conn *c, void *arg, fq_err *err)
{
	o311_read *x = arg;
	return o311_services_load(c, x->a, x->services, x->n, err);
}

const o311_service *o311_service_find(const o311_service *s, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(s[i].cat->code, code) == 0)
			return &s[i];
	return NULL;
}

fq_status o311svc_services(store *db, fq_arena *a, o311_service **out, size_t *n, fq_err *err)
{
	o311_read x = {.a = a, .services = out, .n = n};
	return svc_read(db, services_body, &x, err);
}

/* ---- keys, requests, updates ------------------------------------------------------ */

static fq_status key_body(store_conn *c, void *arg, fq_err *err)
{
	o311_read *x = arg;
	unsigned char hash[AUTH_TOKEN_HASH_BYTES];
	auth_token_hash(x->text, hash);
	fq_status st = store_o311_key_by_hash(c, x->a, hash, x->key, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EFORBIDDEN, "api_key", "invalid api_key");
	return st;
}

fq_status o311svc_key(store *db, fq_arena *a, const char *api_key, store_o311_key *out,
		      fq_err *err)
{
	o311_read x = {.a = a, .text = api_key, .key = out};
	return svc_read(db, key_body, &x, err);
}

/* The requests of x->f, or their updates when x->updates is set. */
static fq_status list_body(store_conn *c, void *arg, fq_err *err)
{
	o311_read *x = arg;
	if (x->updates)
		return store_o311_updates(c, x->a, x->f, x->updates, x->n, err);
	return store_o311_requests(c, x->a, x->f, x->rows, x->n, err);
}

fq_status o311svc_requests(store *db, fq_arena *a, const store_o311_filter *f,
			   store_o311_request **out, size_t *n, fq_err *err)
{
	o311_read x = {.a = a, .f = f, .rows = out, .n = n};
	return svc_read(db, list_body, &x, err);
}

/* Non-zero when category id is one of the published services. */
static int published(const o311_service *s, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (s[i].cat->id == id)
			return 1;
	return 0;
}

static fq_status by_ids_body(store_conn *c, void *arg, fq_err *err)
{
	o311_read *x = arg;
	store_o311_request *rows = fq_arena_alloc(x->a, (x->n_ids ? x->n_ids : 1) * sizeof *rows);
	if (!rows)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	*x->rows = rows;
	*x->n = 0;
	for (size_t i = 0; i < x->n_ids; i++) {
		fq_status st = store_o311_request_get(c, x->a, x->ids[i], &rows[*x->n], err);
		if (st == FQ_ENOTFOUND ||
		    (st == FQ_OK && !published(x->s, x->ns, rows[*x->n].category_id)))
			continue;
		if (st != FQ_OK)
			return st;
		(*x->n)++;
	}
	return FQ_OK;
}

fq_status o311svc_requests_by_ids(store *db, fq_arena *a, const o311_service *s, size_t ns,
				  const int64_t *ids, size_t n_ids, store_o311_request **out,
				  size_t *n, fq_err *err)
{
	o311_read x = {.a = a, .s = s, .ns = ns, .ids = ids, .n_ids = n_ids, .rows = out, .n = n};
	return svc_read(db, by_ids_body, &x, err);
}

static fq_status request_body(store_conn *c, void *arg, fq_err *err)
{
	o311_read *x = arg;
	fq_status st = x->text ? store_o311_request_by_number(c, x->text, x->id, err) : FQ_OK;
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "token", "token %s was not found", x->text);
	if (st == FQ_OK)
		st = store_o311_request_get(c, x->a, *x->id, x->one, err);
	if (st == FQ_OK && !published(x->s, x->ns, x->one->category_id))
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND && x->text)
		return fq_fail(err, FQ_ENOTFOUND, "token", "token %s was not found", x->text);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "service_request_id",
			       "service_request_id %lld was not found", (long long)*x->id);
	return st;
}

fq_status o311svc_request(store *db, fq_arena *a, const o311_service *s, size_t ns,
			  const char *token, int64_t *id, store_o311_request *out, fq_err *err)
{
	o311_read x = {.a = a, .s = s, .ns = ns, .text = token, .id = id, .one = out};
	return svc_read(db, request_body, &x, err);
}

fq_status o311svc_updates(store *db, fq_arena *a, const store_o311_filter *f,
			  store_o311_update **out, size_t *n, fq_err *err)
{
	o311_read x = {.a = a, .f = f, .updates = out, .n = n};
	return svc_read(db, list_body, &x, err);
}

/* ---- a new request ---------------------------------------------------------------- */

static fq_status building_body(store_conn *c, void *arg, fq_err *err)
{
	o311_read *x = arg;
	store_o311_building b;
	if (x->text)
		return store_o311_building_by_address(c, x->text, x->id, err);
	return store_o311_building_get(c, x->a, *x->id, &b, err);
}

fq_status o311svc_building(store *db, fq_arena *a, int64_t id, fq_err *err)
{
	o311_read x = {.a = a, .id = &id};
	return svc_read(db, building_body, &x, err);
}

fq_status o311svc_building_by_address(store *db, const char *address, int64_t *id, fq_err *err)
{
	o311_read x = {.text = address, .id = id};
	return svc_read(db, building_body, &x, err);
}

static fq_status plan_body(store_conn *c, void *arg, fq_err *err)
{
	o311_read *x = arg;
	fq_status st = store_caller_load(c, x->a, *x->id, x->who, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EFORBIDDEN, "api_key",
			       "the account of this api_key is disabled");
	if (st == FQ_OK)
		st = reqsvc_plan_create(c, x->a, x->who, x->in, x->plan, err);
	return st;
}

fq_status o311svc_plan(store *db, fq_arena *a, int64_t account_id, const reqsvc_input *in,
		       caller *who, reqsvc_plan *out, fq_err *err)
{
	o311_read x = {.a = a, .id = &account_id, .in = in, .who = who, .plan = out};
	return svc_read(db, plan_body, &x, err);
}

static fq_status create_run(store_conn *c, svc_job *job, fq_err *err)
{
	o311svc_create_job *j = (o311svc_create_job *)job;
	int64_t replayed = 0;
	fq_status st = reqsvc_create(c, &j->plan, NULL, NULL, &replayed, err);
	if (st == FQ_OK)
		st = store_o311_request_link(c, j->plan.row.id, j->key_id, j->media_url, err);
	return st;
}

void o311svc_create_job_init(o311svc_create_job *j)
{
	j->job.run = create_run;
}
