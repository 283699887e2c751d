/*
 * council_svc_public.c - the public results page of the councils
 * (council_svc.h, no login): decided topics, closed meetings with who
 * took part and their votes, and resolutions with their tasks, below a
 * unit or everywhere.
 */
#include "domain/council_svc_int.h"

/* Closed meetings below path with their participants and votes. */
static fq_status public_meetings(store_conn *c, fq_arena *a, const char *path, cnlsvc_public *p,
				 fq_err *err)
{
	store_council_filter f = {.below = path, .state = "closed", .limit = CNLSVC_PUBLIC_MAX};
	store_council_meeting *m = NULL;
	size_t n = 0;
	fq_status st = store_council_meeting_list(c, a, &f, &m, &n, err);
	cnlsvc_public_meeting *v = st == FQ_OK ? fq_arena_alloc(a, (n ? n : 1) * sizeof *v) : NULL;
	if (st == FQ_OK && !v)
		st = fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; st == FQ_OK && i < n; i++) {
		v[i] = (cnlsvc_public_meeting){.m = m[i]};
		st = store_council_participants(c, a, m[i].id, &v[i].parts, &v[i].n_parts, err);
		if (st == FQ_OK)
			st = store_council_votes(c, a, m[i].id, &v[i].votes, &v[i].n_votes, err);
	}
	p->meetings = v;
	p->n_meetings = st == FQ_OK ? n : 0;
	return st;
}

static fq_status public_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	cnlsvc_public *p = x->out;
	store_unit u = {.path = "/", .name = ""};
	fq_status st = x->id ? store_unit_get(c, x->a, x->id, &u, err) : FQ_OK;
	store_council_filter tf = {.below = u.path, .state = "decided", .limit = CNLSVC_PUBLIC_MAX};
	store_council_filter rf = {.below = u.path, .limit = CNLSVC_PUBLIC_MAX};
	p->unit_name = u.name ? u.name : "";
	if (st == FQ_OK)
		st = store_council_topic_list(c, x->a, &tf, 0, &p->decided, &p->n_decided, err);
	if (st == FQ_OK)
		st = public_meetings(c, x->a, u.path, p, err);
	if (st == FQ_OK)
		st = cnlsvc_resolutions_of(c, x->a, &rf, &p->res, &p->n_res, err);
	return st;
}

fq_status cnlsvc_public_page(store *db, fq_arena *a, int64_t unit, cnlsvc_public *out,
			     fq_err *err)
{
	*out = (cnlsvc_public){0};
	return svc_get(db, public_read, (svc_rd){.a = a, .id = unit, .out = out}, err);
}
