/*
 * volunteers_json.c - what the volunteer handlers share
 * (volunteers_int.h): lists in bodies, skills as JSON, the start of a
 * write job and the pages of lists.
 */
#include "api/volunteers_int.h"

#include "api/auth.h"
#include "core/timeutil.h"
#include "domain/org.h"

/* The array field name of body with at most max entries, or NULL. */
static fq_status array_of(const json_t *body, const char *name, size_t max, json_t **arr,
			  fq_err *err)
{
	*arr = json_object_get(body, name);
	if (*arr && !json_is_array(*arr))
		return fq_fail(err, FQ_EINVAL, name, "%s must be a list", name);
	if (*arr && json_array_size(*arr) > max)
		return fq_fail(err, FQ_EINVAL, name, "%s holds at most %zu entries", name, max);
	return FQ_OK;
}

fq_status vol_names(http_req *r, const json_t *body, const char *name, size_t max,
		    volsvc_names *out, fq_err *err)
{
	json_t *arr = NULL;
	*out = (volsvc_names){0};
	fq_status st = array_of(body, name, max, &arr, err);
	if (st != FQ_OK || !arr)
		return st;
	size_t n = json_array_size(arr);
	const char **v = fq_arena_alloc(http_arena(r), (n + 1) * sizeof *v);
	if (!v)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		v[i] = fq_arena_strdup(http_arena(r), json_string_value(json_array_get(arr, i)));
		if (!v[i])
			return fq_fail(err, FQ_EINVAL, name, "%s must be a list of names", name);
	}
	*out = (volsvc_names){.v = v, .n = n, .present = 1};
	return FQ_OK;
}

fq_status vol_ids(http_req *r, const json_t *body, const char *name, size_t max,
		  const int64_t **out, size_t *n, int *present, fq_err *err)
{
	json_t *arr = NULL;
	*out = NULL;
	*n = 0;
	*present = 0;
	fq_status st = array_of(body, name, max, &arr, err);
	if (st != FQ_OK || !arr)
		return st;
	size_t len = json_array_size(arr);
	int64_t *v = fq_arena_alloc(http_arena(r), (len + 1) * sizeof *v);
	if (!v)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < len; i++) {
		json_t *e = json_array_get(arr, i);
		v[i] = json_is_integer(e) ? (int64_t)json_integer_value(e) : 0;
		if (v[i] <= 0)
			return fq_fail(err, FQ_EINVAL, name, "%s must be a list of ids", name);
	}
	*out = v;
	*n = len;
	*present = 1;
	return FQ_OK;
}

json_t *vol_skills_json(unsigned mask)
{
	json_t *arr = json_array();
	for (int i = 0; arr && i < VOL_SKILL_COUNT; i++)
		if (mask & (1u << i))
			json_array_append_new(arr, json_pack("{s:s, s:s}", "code", vol_skill_name(i),
							     "label", vol_skill_label(i)));
	return arr;
}

void vol_job_start(http_req *r, volsvc_job *x, volsvc_op op)
{
	volsvc_job_init(x, op);
	x->a = http_arena(r);
	x->who = api_caller(r);
	x->peer = http_peer(r);
	x->now = fq_now_ms() / 1000;
}

fq_status vol_page_args(http_req *r, int *limit, int64_t *after, fq_err *err)
{
	int64_t lim = 0;
	fq_status st = api_query_int(r, "limit", 1, STORE_VOL_ROWS_MAX, VOL_LIST_DEFAULT, &lim, err);
	if (st == FQ_OK)
		st = org_cursor_decode(http_query(r, "cursor"), after, err);
	*limit = (int)lim;
	return st;
}

void vol_reply_page(http_req *r, fq_status st, const fq_err *err, const void *rows, size_t n,
		    int64_t next_id, const api_rows *k)
{
	if (st != FQ_OK) {
		api_reply_error(r, st, err);
		return;
	}
	json_t *next = json_null();
	if (next_id > 0) {
		char cursor[ORG_CURSOR_MAX];
		org_cursor_encode(next_id, cursor);
		next = json_string(cursor);
	}
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", api_rows_json(http_arena(r), rows,
									    n, k),
					 "next_cursor", next));
}

void vol_reply_list(app *a, http_req *r, volsvc_list_fn *fn, const api_rows *k)
{
	fq_err err = {0};
	volsvc_page p = {0};
	int limit = 0;
	int64_t after = 0;
	fq_status st = vol_page_args(r, &limit, &after, &err);
	if (st == FQ_OK)
		st = fn(a->db, http_arena(r), api_caller(r), after, limit, &p, &err);
	vol_reply_page(r, st, &err, p.rows, p.n, p.next, k);
}
