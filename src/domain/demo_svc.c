/*
 * demo_svc.c - the demo's reads and writes that no service of the product
 * offers yet; see demo_svc.h.
 */
#include "domain/demo_svc.h"

#include "core/timeutil.h"
#include "domain/talent.h"
#include "store/store_auth.h"
#include "store/store_live.h"
#include "store/store_metrics.h"
#include "store/store_search.h"
#include "store/store_talent.h"

fq_status demosvc_load_unit(store_conn *c, const store_load_unit_row *u, int64_t *id,
			    fq_err *err)
{
	return store_load_unit(c, u, id, err);
}

fq_status demosvc_load_household(store_conn *c, const store_load_household_row *h,
				 int64_t *id, fq_err *err)
{
	return store_load_household(c, h, id, err);
}

fq_status demosvc_load_person(store_conn *c, const store_load_person_row *p, int64_t *id,
			      fq_err *err)
{
	return store_load_person(c, p, id, err);
}

fq_status demosvc_load_leader(store_conn *c, const store_load_leader_row *l, int64_t *id,
			      fq_err *err)
{
	return store_load_leader(c, l, id, err);
}

fq_status demosvc_load_link(store_conn *c, int64_t leader_id, int64_t household_id,
			    fq_err *err)
{
	return store_load_leader_household(c, leader_id, household_id, err);
}

static fq_status count_body(store_conn *c, void *arg, fq_err *err)
{
	return store_load_count_units(c, arg, err);
}

fq_status demosvc_units_count(store *db, int64_t *n, fq_err *err)
{
	return svc_read(db, count_body, n, err);
}

fq_status demosvc_mark_street(store_conn *c, int64_t street_id, fq_err *err)
{
	return store_load_demo_street(c, street_id, fq_now_ms() / 1000, err);
}

static fq_status streets_body(store_conn *c, void *arg, fq_err *err)
{
	return store_load_count_demo_streets(c, arg, err);
}

fq_status demosvc_streets_count(store *db, int64_t *n, fq_err *err)
{
	return svc_read(db, streets_body, n, err);
}

fq_status demosvc_account_add(store_conn *c, const demosvc_account *in, int64_t *id,
			      fq_err *err)
{
	fq_status st = store_account_insert(c, in->username, in->display_name, in->hash,
					    in->person_id, id, err);
	if (st == FQ_OK)
		st = store_account_role_add(c, *id, in->role, in->unit_id, err);
	return st;
}

fq_status demosvc_account_id(store_conn *c, const char *username, int64_t *id, fq_err *err)
{
	fq_arena a;
	fq_arena_init(&a);
	store_account acc;
	fq_status st = store_account_by_username(c, &a, username, &acc, err);
	if (st == FQ_OK)
		*id = acc.id;
	fq_arena_free(&a);
	return st;
}

fq_status demosvc_caller(store_conn *c, fq_arena *a, int64_t id, caller *out, fq_err *err)
{
	return store_caller_load(c, a, id, out, err);
}

fq_status demosvc_request(store_conn *c, fq_arena *a, int64_t id, store_request *out,
			  fq_err *err)
{
	return store_req_get(c, a, id, out, err);
}

fq_status demosvc_lead_unit(store_conn *c, fq_arena *a, int64_t id, int64_t *unit,
			    fq_err *err)
{
	store_req_cohandler *list = NULL;
	size_t n = 0;
	fq_status st = store_req_cohandlers(c, a, id, &list, &n, err);
	*unit = 0;
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		if (list[i].lead)
			*unit = list[i].unit_id;
	return st;
}

fq_status demosvc_live_purge(store_conn *c, int64_t before_at, int64_t *purged, fq_err *err)
{
	int deleted = DEMOSVC_PURGE_BATCH;
	fq_status st = FQ_OK;
	while (st == FQ_OK && deleted == DEMOSVC_PURGE_BATCH) {
		st = store_live_purge(c, before_at, DEMOSVC_PURGE_BATCH, &deleted, err);
		if (st == FQ_OK)
			*purged += deleted;
	}
	return st;
}

/* The days and the moment of a history's figures. */
typedef struct figures_in {
	int from, to;
	int64_t at;
} figures_in;

static fq_status figures_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	const figures_in *f = x->in;
	demosvc_figures *out = x->out;
	fq_status st = store_metrics_sum(c, 0, "", f->from, f->to, &out->counts, err);
	if (st == FQ_OK)
		st = store_sweep_open_counts(c, "/", f->at, &out->open, err);
	return st;
}

fq_status demosvc_figures_read(store *db, int from, int to, int64_t at, demosvc_figures *out,
			       fq_err *err)
{
	figures_in f = {from, to, at};
	*out = (demosvc_figures){0};
	return svc_get(db, figures_body, (svc_rd){.in = &f, .out = out}, err);
}

fq_status demosvc_closed_requests(store_conn *c, const char *path, int64_t *ids,
				  int64_t *created, size_t max, size_t *n, fq_err *err)
{
	return store_talent_closed_requests(c, path, ids, created, max, n, err);
}

fq_status demosvc_requests_in_state(store_conn *c, fq_arena *a, const char *state, size_t max,
				    int64_t *ids, size_t *n, fq_err *err)
{
	store_search_filter f = {.scope = {.paths = {"/"}, .n_paths = 1}, .state = state,
				 .limit = (int)max};
	store_search_row *rows = NULL;
	size_t got = 0;
	int more = 0;
	fq_status st = store_search_requests(c, &f, a, &rows, &got, &more, err);
	*n = 0;
	for (size_t i = 0; st == FQ_OK && i < got && i < max; i++)
		ids[(*n)++] = rows[i].id;
	return st;
}

fq_status demosvc_past_task_add(store_conn *c, const demosvc_past_task *in, fq_err *err)
{
	store_talent_task k = {
		.subject_kind = "request", .subject_id = in->request_id, .unit_path = in->unit_path,
		.talent_id = in->talent_id, .state = "offered", .note = in->note,
		.offered_at = in->offered_at, .answer_within_s = TALENT_ANSWER_DEFAULT_S,
		.answer_by = in->offered_at + TALENT_ANSWER_DEFAULT_S,
		.coordinator_account_id = in->coordinator, .chain = 1, .rank = 1, .score = 0,
		.created_at = in->offered_at,
	};
	int64_t id = 0;
	fq_status st = store_talent_task_insert(c, &k, &id, err);
	k.id = id;
	k.state = "done";
	k.answered_at = in->answered_at;
	k.done_at = in->done_at;
	k.outcome = in->outcome;
	k.rating = in->rating;
	k.rated_at = in->done_at;
	k.updated_at = in->done_at;
	if (st == FQ_OK)
		st = store_talent_task_update(c, &k, err);
	if (st == FQ_OK)
		st = store_talent_count(c, in->talent_id, 0, 1, in->rating, 1, in->done_at, err);
	return st;
}
