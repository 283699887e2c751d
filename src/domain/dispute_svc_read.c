/*
 * dispute_svc_read.c - the reads of the disputes service, each in a read
 * transaction of its own: one case, the list, a party's phone with the
 * audit job of its reveal, and the statistics; see dispute_svc.h.
 */
#include "domain/dispute_svc.h"

/* The arguments and results of the statistics' read. */
typedef struct dsp_read {
	fq_arena *a;
	const caller *who;
	int64_t id;              /* a unit for the statistics */
	int32_t from, to;        /* days of the statistics */
	int64_t now;
	dspsvc_stats *stats;
} dsp_read;

static fq_status case_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	return dspsvc_get(c, x->a, x->who, x->id, x->out, err);
}

fq_status dspsvc_case(store *db, fq_arena *a, const caller *who, int64_t id,
		      store_dispute_case *out, fq_err *err)
{
	return svc_get(db, case_body, (svc_rd){.a = a, .who = who, .id = id, .out = out}, err);
}

static fq_status list_body(store_conn *c, const svc_rd *x, fq_err *err)
{
	return dspsvc_list(c, x->a, x->who, x->f, x->out, x->n, err);
}

fq_status dspsvc_cases(store *db, fq_arena *a, const caller *who, store_dispute_filter *f,
		       store_dispute **out, size_t *n, fq_err *err)
{
	return svc_list(db, list_body, a, who, 0, f, out, n, err);
}

fq_status dspsvc_party_phone(store *db, fq_arena *a, const caller *who, int64_t id,
			     int64_t party_id, const char **phone, fq_err *err)
{
	store_dispute_case k;
	fq_status st = dspsvc_case(db, a, who, id, &k, err);
	if (st == FQ_OK && !access_has(who, DSP_REVEAL_ROLES))
		st = fq_failr(err, FQ_EFORBIDDEN, "", "person.reveal_forbidden",
			      "your role may not see phone numbers unmasked");
	const char *found = NULL;
	for (size_t i = 0; st == FQ_OK && i < k.n_parties; i++)
		if (k.parties[i].id == party_id)
			found = k.parties[i].phone ? k.parties[i].phone : "";
	if (st == FQ_OK && !found)
		st = fq_fail(err, FQ_ENOTFOUND, "party_id", "no such party of this dispute");
	if (st == FQ_OK)
		*phone = found;
	return st;
}

static fq_status reveal_run(store_conn *c, svc_job *job, fq_err *err)
{
	dspsvc_reveal_job *j = (dspsvc_reveal_job *)job;
	return svc_reveal_audit(c, j->account_id, "dispute_party", j->party_id, j->address, err);
}

void dspsvc_reveal_job_init(dspsvc_reveal_job *j)
{
	j->job.run = reveal_run;
}

static fq_status stats_body(store_conn *c, void *arg, fq_err *err)
{
	dsp_read *x = arg;
	dspsvc_stats *s = x->stats;
	s->unit = (store_dispute_unit){.id = 0, .path = "/", .name = "全部"};
	fq_status st = x->id > 0 ? store_dispute_unit_get(c, x->a, x->id, &s->unit, err) : FQ_OK;
	if (st == FQ_OK && !access_covers(x->who, DSP_STAFF_ROLES, s->unit.path))
		st = fq_fail(err, FQ_ENOTFOUND, "unit_id", "no such unit");
	if (st == FQ_OK)
		st = store_dispute_days(c, x->a, s->unit.id, x->from, x->to, &s->days, &s->n_days,
					err);
	if (st == FQ_OK && s->unit.id)
		st = store_dispute_children(c, x->a, s->unit.id, x->from, x->to, &s->units,
					    &s->n_units, err);
	if (st == FQ_OK)
		st = store_dispute_open_count(c, s->unit.path, x->now, &s->open, &s->overdue, err);
	return st;
}

fq_status dspsvc_stats_read(store *db, fq_arena *a, const caller *who, int64_t unit_id,
			    int32_t from, int32_t to, int64_t now, dspsvc_stats *out, fq_err *err)
{
	*out = (dspsvc_stats){0};
	dsp_read x = {.a = a, .who = who, .id = unit_id, .from = from, .to = to, .now = now,
		      .stats = out};
	return svc_read(db, stats_body, &x, err);
}
