/*
 * mediation_svc_links.c - the cloud-mediation service's party links and
 * party sessions: the checks before a link is made or revoked, the list,
 * the jobs that write them with their audit rows, and joining by link;
 * see mediation_svc.h.
 */
#include "domain/mediation_svc.h"

#include "store/store_auth.h"

#define PSESSION_SWEEP_MAX 100 /* ended party sessions deleted by one join */

/* ---- who may --------------------------------------------------------------- */

/* The case dispute_id if who mediates it (else 404 "id"). */
static fq_status mediate_case(store_conn *c, fq_arena *a, const caller *who, int64_t dispute_id,
			      fq_err *err)
{
	store_med_case k;
	med_case_scope scope;
	fq_status st = medsvc_scope(c, a, dispute_id, who, &k, &scope, err);
	if (st == FQ_OK && !med_may_mediate(who, &scope))
		st = fq_failr(err, FQ_ENOTFOUND, "id", "mediation.case_not_found", "no such case");
	return st;
}

/* The arguments and results of one read of this file. */
typedef struct link_read {
	fq_arena *a;
	const caller *who;
	int64_t id;      /* a case, or a link */
	int64_t party_id;
	const char *name;
	store_med_link *links;
	size_t n;
	store_med_link *one;
	const unsigned char *hash; /* a party session's */
	int64_t now;
	store_med_psession *session;
} link_read;

static fq_status party_body(store_conn *c, void *arg, fq_err *err)
{
	link_read *x = arg;
	store_med_party *ps = NULL;
	size_t n = 0;
	fq_status st = mediate_case(c, x->a, x->who, x->id, err);
	if (st == FQ_OK)
		st = store_med_parties(c, x->a, x->id, &ps, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		if (ps[i].id == x->party_id)
			x->name = ps[i].name;
	if (st == FQ_OK && !x->name)
		st = fq_failr(err, FQ_EINVAL, "party_id", "mediation.party_unknown",
			      "not a party of this case");
	return st;
}

fq_status medsvc_link_party(store *db, fq_arena *a, const caller *who, int64_t dispute_id,
			    int64_t party_id, const char **name, fq_err *err)
{
	link_read x = {.a = a, .who = who, .id = dispute_id, .party_id = party_id};
	fq_status st = svc_read(db, party_body, &x, err);
	if (st == FQ_OK)
		*name = x.name;
	return st;
}

static fq_status links_body(store_conn *c, void *arg, fq_err *err)
{
	link_read *x = arg;
	fq_status st = mediate_case(c, x->a, x->who, x->id, err);
	if (st == FQ_OK)
		st = store_med_links_of_case(c, x->a, x->id, &x->links, &x->n, err);
	return st;
}

fq_status medsvc_links(store *db, fq_arena *a, const caller *who, int64_t dispute_id,
		       store_med_link **out, size_t *n, fq_err *err)
{
	link_read x = {.a = a, .who = who, .id = dispute_id};
	fq_status st = svc_read(db, links_body, &x, err);
	if (st == FQ_OK) {
		*out = x.links;
		*n = x.n;
	}
	return st;
}

static fq_status one_body(store_conn *c, void *arg, fq_err *err)
{
	link_read *x = arg;
	fq_status st = store_med_link_get(c, x->a, x->id, x->one, err);
	if (st == FQ_OK)
		st = mediate_case(c, x->a, x->who, x->one->dispute_id, err);
	if (st == FQ_ENOTFOUND)
		st = fq_failr(err, FQ_ENOTFOUND, "id", "mediation.link_not_found", "no such link");
	return st;
}

fq_status medsvc_link(store *db, fq_arena *a, const caller *who, int64_t id, store_med_link *out,
		      fq_err *err)
{
	link_read x = {.a = a, .who = who, .id = id, .one = out};
	return svc_read(db, one_body, &x, err);
}

/* ---- writing links ------------------------------------------------------------ */

/* The audit row of a link's creation or revocation by account_id. */
static fq_status link_audit(store_conn *c, fq_arena *a, int64_t account_id, const char *action,
			    const store_med_link *l, int64_t link_id, const char *peer,
			    fq_err *err)
{
	return store_audit_insert(c, account_id, action, medsvc_subject(a, l->dispute_id),
				  fq_arena_printf(a, "link:%lld party:%lld", (long long)link_id,
						  (long long)l->party_id),
				  peer, err);
}

static fq_status link_run(store_conn *c, svc_job *job, fq_err *err)
{
	medsvc_link_job *j = (medsvc_link_job *)job;
	fq_status st = store_med_link_insert(c, &j->l, j->hash, sizeof j->hash, &j->l.id, err);
	if (st == FQ_OK)
		st = link_audit(c, j->a, j->l.created_by, "mediation_link_create", &j->l, j->l.id,
				j->peer, err);
	return st;
}

void medsvc_link_job_init(medsvc_link_job *j)
{
	j->job.run = link_run;
}

static fq_status revoke_run(store_conn *c, svc_job *job, fq_err *err)
{
	medsvc_revoke_job *j = (medsvc_revoke_job *)job;
	fq_status st = store_med_link_revoke(c, j->id, j->account_id, j->now, err);
	if (st == FQ_OK)
		st = link_audit(c, j->a, j->account_id, "mediation_link_revoke", &j->l, j->id,
				j->peer, err);
	if (st == FQ_OK)
		st = store_med_link_get(c, j->a, j->id, &j->l, err);
	return st;
}

void medsvc_revoke_job_init(medsvc_revoke_job *j)
{
	j->job.run = revoke_run;
}

/* ---- party sessions ------------------------------------------------------------ */

static fq_status session_body(store_conn *c, void *arg, fq_err *err)
{
	link_read *x = arg;
	return medsvc_session_check(c, x->a, x->hash, x->now, x->session, err);
}

fq_status medsvc_party_session(store *db, fq_arena *a, const unsigned char hash[MED_HASH_BYTES],
			       int64_t now, store_med_psession *out, fq_err *err)
{
	link_read x = {.a = a, .hash = hash, .now = now, .session = out};
	return svc_read(db, session_body, &x, err);
}

/* ---- joining by link -------------------------------------------------------------- */

/* The link of j->link_hash, active at j->now, into j->l. */
static fq_status find_link(store_conn *c, medsvc_join_job *j, fq_err *err)
{
	fq_status st = store_med_link_by_hash(c, j->a, j->link_hash, sizeof j->link_hash, &j->l,
					      err);
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EUNAUTH, "token", "mediation.link_invalid",
				"this link is not valid; ask your mediator for a new one");
	if (st == FQ_OK)
		st = med_link_check(med_link_state_at(j->l.expires_at, j->l.revoked_at, j->now), err);
	return st;
}

static fq_status join_body(store_conn *c, void *arg, fq_err *err)
{
	return find_link(c, arg, err);
}

fq_status medsvc_join_prepare(store *db, medsvc_join_job *j, fq_err *err)
{
	fq_status st = svc_read(db, join_body, j, err);
	if (st == FQ_OK && (med_token_new(j->session) != FQ_OK || med_token_new(j->csrf) != FQ_OK))
		st = fq_fail(err, FQ_ENOMEM, "", "no random bytes");
	if (st != FQ_OK)
		return st;
	med_token_hash(j->session, j->session_hash);
	j->expires = med_session_expiry(j->now, j->l.expires_at);
	return FQ_OK;
}

static fq_status join_run(store_conn *c, svc_job *job, fq_err *err)
{
	medsvc_join_job *j = (medsvc_join_job *)job;
	fq_status st = find_link(c, j, err);
	if (st == FQ_OK)
		st = store_med_psession_insert(c, j->session_hash, sizeof j->session_hash, j->l.id,
					       j->csrf, j->now, j->expires, PSESSION_SWEEP_MAX, err);
	if (st == FQ_OK)
		st = store_med_link_touch(c, j->l.id, j->now, err);
	med_actor party = {.party_id = j->l.party_id, .link_id = j->l.id};
	if (st == FQ_OK)
		st = store_audit_insert(c, 0, "mediation_join", medsvc_subject(j->a, j->l.dispute_id),
					medsvc_actor_detail(j->a, &party), j->peer, err);
	return st;
}

void medsvc_join_job_init(medsvc_join_job *j)
{
	j->job.run = join_run;
}
