/*
 * mediation_svc.c - the cloud-mediation service's threads: who takes part
 * in a case, the lists, loading a thread and an attachment, and the write
 * jobs of a thread (the audited read, post, retract, upload); see
 * mediation_svc.h.
 */
#include "domain/mediation_svc.h"

#include <stdlib.h>

#include "domain/dispute_svc.h"
#include "store/store_auth.h"

#define AUDIT_READ "mediation_read"
#define AUDIT_POST "mediation_post"
#define AUDIT_RETRACT "mediation_retract"

/* ---- who takes part ------------------------------------------------------ */

fq_status medsvc_scope(store_conn *c, fq_arena *a, int64_t dispute_id, const caller *who,
		       store_med_case *k, med_case_scope *out, fq_err *err)
{
	fq_status st = store_med_case_get(c, a, dispute_id, k, err);
	bool works_on = false;
	int64_t party = 0;
	if (st == FQ_OK && who && who->account_id) {
		/* the disputes module's one rule; it takes the case as its store has it */
		store_dispute d = {.id = dispute_id, .unit_id = k->unit_id, .unit_path = k->unit_path};
		st = dspsvc_may_access(c, who, &d, &works_on, err);
	}
	if (st == FQ_OK && who)
		st = store_med_party_of_person(c, dispute_id, who->person_id, &party, err);
	if (st != FQ_OK)
		return st;
	*out = (med_case_scope){.id = dispute_id, .caller_works_on = works_on,
			       .caller_party_id = party};
	return FQ_OK;
}

/* The arguments and results of one read of this file. */
typedef struct med_read {
	fq_arena *a;
	const caller *who;
	int64_t dispute_id;
	int64_t id;                 /* a message to read after, or an attachment */
	bool thumb;
	med_case_scope scope;
	store_med_case *rows;       /* a list, of cap rows for the staff's */
	size_t n, cap;
	medsvc_view v;
	store_med_attachment *att;
} med_read;

static fq_status actor_body(store_conn *c, void *arg, fq_err *err)
{
	med_read *x = arg;
	store_med_case k;
	return medsvc_scope(c, x->a, x->dispute_id, x->who, &k, &x->scope, err);
}

fq_status medsvc_actor(store *db, fq_arena *a, const caller *who, int64_t dispute_id,
		       med_actor *out, fq_err *err)
{
	med_read x = {.a = a, .who = who, .dispute_id = dispute_id};
	fq_status st = svc_read(db, actor_body, &x, err);
	return st == FQ_OK ? med_actor_for(who, &x.scope, out, err) : st;
}

const char *medsvc_subject(fq_arena *a, int64_t dispute_id)
{
	return fq_arena_printf(a, "dispute:%lld", (long long)dispute_id);
}

const char *medsvc_actor_detail(fq_arena *a, const med_actor *actor)
{
	if (actor->party_id == 0)
		return NULL;
	return fq_arena_printf(a, "party:%lld link:%lld", (long long)actor->party_id,
			       (long long)actor->link_id);
}

/* ---- the lists -------------------------------------------------------------- */

static int by_activity(const void *pa, const void *pb)
{
	const store_med_case *x = pa, *y = pb;
	if (x->last_message_at != y->last_message_at)
		return x->last_message_at < y->last_message_at ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* Append rows (n) to the list (all, *na of cap), skipping ids already in it. */
static void merge(store_med_case *all, size_t *na, size_t cap, const store_med_case *rows,
		  size_t n)
{
	for (size_t i = 0; i < n && *na < cap; i++) {
		bool seen = false;
		for (size_t j = 0; j < *na && !seen; j++)
			seen = all[j].id == rows[i].id;
		if (!seen)
			all[(*na)++] = rows[i];
	}
}

/* Every case the caller works on: the ones they mediate, and under each
 * of their scoped roles. */
static fq_status cases_body(store_conn *c, void *arg, fq_err *err)
{
	med_read *x = arg;
	const caller *who = x->who;
	store_med_case *rows = NULL;
	size_t n = 0;
	fq_status st = store_med_cases_mediated(c, x->a, who->account_id, MED_CASES_MAX, &rows,
						&n, err);
	if (st == FQ_OK)
		merge(x->rows, &x->n, x->cap, rows, n);
	for (int i = 0; st == FQ_OK && i < who->n_roles; i++) {
		if (!(who->r[i].role & MED_SCOPE_ROLES) || !who->r[i].path)
			continue;
		st = store_med_cases_under(c, x->a, who->r[i].path, who->account_id, MED_CASES_MAX,
					   &rows, &n, err);
		if (st == FQ_OK)
			merge(x->rows, &x->n, x->cap, rows, n);
	}
	return st;
}

/* The list read by body, latest activity first, at most MED_CASES_MAX. */
static fq_status cases_read(store *db, med_read *x,
			    fq_status (*body)(store_conn *c, void *arg, fq_err *err),
			    store_med_case **out, size_t *n, fq_err *err)
{
	fq_status st = svc_read(db, body, x, err);
	if (st != FQ_OK)
		return st;
	if (x->n > 1)
		qsort(x->rows, x->n, sizeof *x->rows, by_activity);
	*out = x->rows;
	*n = x->n > MED_CASES_MAX ? MED_CASES_MAX : x->n;
	return FQ_OK;
}

fq_status medsvc_cases(store *db, fq_arena *a, const caller *who, store_med_case **out,
		       size_t *n, fq_err *err)
{
	med_read x = {.a = a, .who = who, .cap = (size_t)MED_CASES_MAX * (CALLER_ROLES_MAX + 1)};
	x.rows = fq_arena_alloc(a, x.cap * sizeof *x.rows);
	if (!x.rows)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	return cases_read(db, &x, cases_body, out, n, err);
}

static fq_status mine_body(store_conn *c, void *arg, fq_err *err)
{
	med_read *x = arg;
	if (!x->who->person_id)
		return FQ_OK; /* no person: a party of nothing */
	return store_med_cases_of_person(c, x->a, x->who->person_id, x->who->account_id,
					 MED_CASES_MAX, &x->rows, &x->n, err);
}

fq_status medsvc_mine(store *db, fq_arena *a, const caller *who, store_med_case **out,
		      size_t *n, fq_err *err)
{
	med_read x = {.a = a, .who = who};
	return cases_read(db, &x, mine_body, out, n, err);
}

/* ---- a thread and its files --------------------------------------------------- */

static fq_status view_body(store_conn *c, void *arg, fq_err *err)
{
	med_read *x = arg;
	medsvc_view *v = &x->v;
	fq_status st = store_med_case_get(c, x->a, x->dispute_id, &v->k, err);
	if (st == FQ_OK && v->full)
		st = store_med_parties(c, x->a, x->dispute_id, &v->parties, &v->n_parties, err);
	if (st == FQ_OK && v->full)
		st = store_med_mediators(c, x->a, x->dispute_id, &v->meds, &v->n_meds, err);
	if (st == FQ_OK)
		st = store_med_messages(c, x->a, x->dispute_id, x->id, MED_THREAD_PAGE_MAX,
					&v->msgs, &v->n_msgs, err);
	return st;
}

fq_status medsvc_view_load(store *db, fq_arena *a, int64_t dispute_id, int64_t after_id,
			   medsvc_view *out, fq_err *err)
{
	med_read x = {.a = a, .dispute_id = dispute_id, .id = after_id,
		      .v = {.full = after_id == 0}};
	fq_status st = svc_read(db, view_body, &x, err);
	if (st == FQ_OK)
		*out = x.v;
	return st;
}

static fq_status att_body(store_conn *c, void *arg, fq_err *err)
{
	med_read *x = arg;
	return store_med_attachment_get(c, x->a, x->dispute_id, x->id, x->thumb, x->att, err);
}

fq_status medsvc_attachment(store *db, fq_arena *a, int64_t dispute_id, int64_t att_id,
			    bool thumb, store_med_attachment *out, fq_err *err)
{
	med_read x = {.a = a, .dispute_id = dispute_id, .id = att_id, .thumb = thumb, .att = out};
	return svc_read(db, att_body, &x, err);
}

/* ---- party sessions ---------------------------------------------------------------- */

/* The session's standing at now: its link's first (a revoked or expired
 * link says so), then its own end. */
static fq_status session_live(const store_med_psession *s, int64_t now, fq_err *err)
{
	fq_status st =
		med_link_check(med_link_state_at(s->link_expires_at, s->link_revoked_at, now), err);
	if (st == FQ_OK && s->expires_at <= now)
		st = fq_failr(err, FQ_EUNAUTH, "", "mediation.visit_ended",
			      "your visit has ended; open your link again");
	return st;
}

fq_status medsvc_session_check(store_conn *c, fq_arena *a,
			       const unsigned char hash[MED_HASH_BYTES], int64_t now,
			       store_med_psession *out, fq_err *err)
{
	fq_status st = store_med_psession_lookup(c, a, hash, MED_HASH_BYTES, out, err);
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EUNAUTH, "", "mediation.visit_ended",
				"your visit has ended; open your link again");
	if (st != FQ_OK)
		return st;
	return session_live(out, now, err);
}

/* ---- the writes of a thread ----------------------------------------------------- */

/* The audit row of a write by by, its detail "<what> <actor's detail>". */
static fq_status audit(store_conn *c, const medsvc_by *by, const char *action, const char *what,
		       fq_err *err)
{
	const char *detail = medsvc_actor_detail(by->a, &by->actor);
	return store_audit_insert(c, by->actor.party_id ? 0 : by->actor.account_id, action,
				  medsvc_subject(by->a, by->dispute_id),
				  fq_arena_printf(by->a, "%s%s%s", what, detail ? " " : "",
						  detail ? detail : ""),
				  by->peer, err);
}

/* A party by link still stands; an account needs no second look. */
static fq_status still_stands(store_conn *c, const medsvc_by *by, fq_err *err)
{
	store_med_psession s;
	return by->party_hash ? medsvc_session_check(c, by->a, by->party_hash, by->now, &s, err)
			      : FQ_OK;
}

/* A new message of by in an open thread: *id out. */
static fq_status message_new(store_conn *c, const medsvc_by *by, const char *body, int64_t *id,
			     fq_err *err)
{
	store_med_case k;
	fq_status st = still_stands(c, by, err);
	if (st == FQ_OK)
		st = store_med_case_get(c, by->a, by->dispute_id, &k, err);
	if (st == FQ_OK)
		st = med_thread_open(k.state, err);
	if (st == FQ_OK)
		st = store_med_message_insert(c, by->dispute_id, by->actor.party_id,
					      by->actor.account_id, by->actor.link_id, body, by->now,
					      id, err);
	return st;
}

/* The audit row of a write to message id, then the message read back. */
static fq_status audited(store_conn *c, const medsvc_by *by, const char *action,
			 const char *what, int64_t id, store_med_message *msg, fq_err *err)
{
	fq_status st = audit(c, by, action, what, err);
	if (st == FQ_OK)
		st = store_med_message_get(c, by->a, by->dispute_id, id, msg, err);
	return st;
}

static fq_status read_run(store_conn *c, svc_job *job, fq_err *err)
{
	medsvc_read_job *j = (medsvc_read_job *)job;
	const medsvc_by *by = &j->by;
	fq_status st = store_audit_insert(c, by->actor.party_id ? 0 : by->actor.account_id,
					  AUDIT_READ, medsvc_subject(by->a, by->dispute_id),
					  medsvc_actor_detail(by->a, &by->actor), by->peer, err);
	int64_t last = j->v->n_msgs ? j->v->msgs[j->v->n_msgs - 1].id : 0;
	if (st == FQ_OK && by->actor.account_id && last)
		st = store_med_read_mark(c, by->dispute_id, by->actor.account_id, last, by->now,
					 err);
	if (st == FQ_OK && by->actor.link_id)
		st = store_med_link_touch(c, by->actor.link_id, by->now, err);
	return st;
}

void medsvc_read_job_init(medsvc_read_job *j)
{
	j->job.run = read_run;
}

static fq_status post_run(store_conn *c, svc_job *job, fq_err *err)
{
	medsvc_post_job *j = (medsvc_post_job *)job;
	int64_t mid = 0;
	fq_status st = message_new(c, &j->by, j->body, &mid, err);
	for (size_t i = 0; st == FQ_OK && i < j->n; i++) {
		j->rows[i].message_id = mid;
		const photo_blob *th = &j->img[i].thumb;
		st = store_med_attachment_insert(c, &j->rows[i], th->data, th->len, &j->rows[i].id,
						 err);
	}
	const char *what = j->n ? fq_arena_printf(j->by.a, "message:%lld files:%zu", (long long)mid,
						  j->n)
				: fq_arena_printf(j->by.a, "message:%lld", (long long)mid);
	if (st == FQ_OK)
		st = audited(c, &j->by, AUDIT_POST, what, mid, &j->msg, err);
	return st;
}

void medsvc_post_job_init(medsvc_post_job *j)
{
	j->job.run = post_run;
}

static fq_status retract_run(store_conn *c, svc_job *job, fq_err *err)
{
	medsvc_retract_job *j = (medsvc_retract_job *)job;
	const medsvc_by *by = &j->by;
	fq_status st = still_stands(c, by, err);
	if (st == FQ_OK)
		st = store_med_message_get(c, by->a, by->dispute_id, j->mid, &j->msg, err);
	if (st == FQ_OK)
		st = med_may_retract(&by->actor, j->msg.account_id, j->msg.party_id,
				     j->msg.retracted_at, err);
	if (st == FQ_OK)
		st = store_med_message_retract(c, j->mid, by->now, err);
	if (st == FQ_OK)
		st = audited(c, by, AUDIT_RETRACT,
			     fq_arena_printf(by->a, "message:%lld", (long long)j->mid), j->mid, &j->msg,
			     err);
	return st;
}

void medsvc_retract_job_init(medsvc_retract_job *j)
{
	j->job.run = retract_run;
}
