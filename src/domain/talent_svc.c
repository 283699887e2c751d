/*
 * talent_svc.c - members, suggestions and tasks of the talent pool as
 * units of work on a store connection (talent_svc.h).
 */
#include "domain/talent_svc.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "domain/org_svc.h"
#include "store/store_auth.h"
#include "store/store_org.h"
#include "store/store_requests.h"
#include "store/store_sweep.h"

/* Bytes of the reasons' snapshot of a task. */
#define SNAPSHOT_MAX (TALENT_REASONS_MAX * (TALENT_REASON_TEXT_MAX + 4))

/* ---- who ------------------------------------------------------------------------ */

static int is_self(const caller *who, int64_t account_id)
{
	return who && account_id && who->account_id == account_id;
}

int talsvc_member_visible(const caller *who, const store_talent *t)
{
	return is_self(who, t->account_id) || access_covers(who, TALENT_WHO_READ, t->pool_path);
}

int talsvc_task_visible(const caller *who, const store_talent_task *k)
{
	return is_self(who, k->talent_account_id) ||
	       access_covers(who, TALENT_WHO_READ, k->unit_path);
}

/* ---- pools and members ----------------------------------------------------------- */

fq_status talsvc_pool_create(store_conn *c, fq_arena *a, const caller *who, int64_t unit_id,
			     const char *name, int64_t now, int64_t *id, fq_err *err)
{
	store_unit u;
	fq_status st = orgsvc_unit_in_scope(c, a, who, TALENT_WHO_APPROVE, unit_id, "unit_id", &u,
					    err);
	if (st != FQ_OK)
		return st;
	if (strcmp(u.kind, "community") != 0 && strcmp(u.kind, "village") != 0)
		return fq_failr(err, FQ_EINVAL, "unit_id", "talent.pool_unit_kind",
				"a pool belongs to a community or village");
	char dflt[TALENT_POOL_NAME_MAX * 4];
	if (!name || !*name) {
		snprintf(dflt, sizeof dflt, "%s群英库", u.name);
		name = dflt;
	}
	return store_talent_pool_insert(c, unit_id, u.path, name, who ? who->account_id : 0, now,
					 id, err);
}

fq_status talsvc_tags(const char *const *names, size_t n, int roles, const char *field,
		      store_talent_tags *out, fq_err *err)
{
	unsigned mask = 0;
	if (n > STORE_TALENT_TAGS_MAX)
		return fq_failr(err, FQ_ETOOBIG, field, "talent.list_max",
				"%s holds at most %d entries", field,
				STORE_TALENT_TAGS_MAX);
	for (size_t i = 0; i < n; i++) {
		int v = roles ? talent_role_parse(names[i]) : talent_skill_parse(names[i]);
		if (v < 0)
			return fq_failr(err, FQ_EINVAL, field, "talent.tag_unknown",
					"%s: unknown %s \"%s\"", field,
					roles ? "role" : "skill", names[i] ? names[i] : "");
		mask |= 1u << v;
	}
	*out = (store_talent_tags){names, n, mask};
	return FQ_OK;
}

/* The person to enrol and whether the caller may enter them in pool p. */
static fq_status enrol_person(const caller *who, const talsvc_enrol_in *in,
			      const store_talent_pool *p, int64_t *person, fq_err *err)
{
	if (in->enrolment == TALENT_SELF_NOMINATION) {
		if (!who || !who->person_id)
			return fq_failr(err, FQ_EINVAL, "enrolment", "talent.self_needs_resident",
					"a self-nomination needs an account linked to a resident");
		if (in->person_id && in->person_id != who->person_id)
			return fq_failr(err, FQ_EINVAL, "person_id", "talent.self_own_person",
					"a self-nomination is for the caller's own person");
		*person = who->person_id;
		return FQ_OK;
	}
	if (!access_covers(who, TALENT_WHO_ENROL, p->unit_path))
		return fq_failr(err, FQ_ENOTFOUND, "pool_id", "talent.pool_not_found",
				"no such pool");
	if (!in->person_id)
		return fq_failr(err, FQ_EINVAL, "person_id", "field.required",
				"person_id is required");
	*person = in->person_id;
	return FQ_OK;
}

fq_status talsvc_enrol(store_conn *c, fq_arena *a, const caller *who, const talsvc_enrol_in *in,
		       int64_t now, int64_t *id, fq_err *err)
{
	store_talent_pool pool;
	store_talent_tags skills, roles;
	int64_t person = 0, household = 0, account = 0;
	const char *home = NULL;
	fq_status st = store_talent_pool_get(c, a, in->pool_id, &pool, err);
	if (st == FQ_OK)
		st = enrol_person(who, in, &pool, &person, err);
	if (st == FQ_OK)
		st = talsvc_tags(in->skills, in->n_skills, 0, "skills", &skills, err);
	if (st == FQ_OK)
		st = talsvc_tags(in->roles, in->n_roles, 1, "roles", &roles, err);
	if (st == FQ_OK)
		st = store_talent_person_home(c, a, person, "person_id", &household, &home, &account,
					      err);
	if (st == FQ_OK && strncmp(home, pool.unit_path, strlen(pool.unit_path)) != 0)
		st = fq_failr(err, FQ_EINVAL, "person_id", "talent.person_other_unit",
			      "the person does not live in %s, the pool's unit", pool.unit_name);
	if (st != FQ_OK)
		return st;
	store_talent t = {
		.pool_id = pool.id, .person_id = person, .household_id = household,
		.account_id = in->enrolment == TALENT_SELF_NOMINATION ? who->account_id : account,
		.home_path = home, .enrolment = talent_enrolment_name(in->enrolment),
		.status = talent_status_name(TALENT_PENDING), .title = in->title, .note = in->note,
		.enrolled_by = who ? who->account_id : 0,
		.capacity = in->capacity ? in->capacity : TALENT_CAPACITY_DEFAULT,
		.created_at = now,
	};
	return store_talent_insert(c, &t, &skills, &roles, id, err);
}

/* The member id if the caller may see it, else FQ_ENOTFOUND. */
static fq_status member_get(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			    store_talent *t, fq_err *err)
{
	fq_status st = store_talent_get(c, a, id, t, err);
	if (st == FQ_OK && !talsvc_member_visible(who, t))
		return fq_failr(err, FQ_ENOTFOUND, "id", "talent.not_found", "no such talent");
	return st;
}

fq_status talsvc_decide(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			talent_decision d, const char *note, int64_t now, fq_err *err)
{
	store_talent t;
	fq_status st = member_get(c, a, who, id, &t, err);
	if (st != FQ_OK)
		return st;
	int approver = access_covers(who, TALENT_WHO_APPROVE, t.pool_path);
	if (!approver && !(d == TALENT_WITHDRAW && is_self(who, t.account_id)))
		return fq_fail(err, FQ_EFORBIDDEN, "",
			       d == TALENT_WITHDRAW ? "only the member or the community withdraws"
						    : "only the community approves or rejects");
	talent_status to;
	st = talent_decide((talent_status)talent_status_parse(t.status), d, &to, err);
	if (st != FQ_OK)
		return st;
	t.status = talent_status_name(to);
	t.decided_by = who->account_id;
	t.decided_at = now;
	t.decision_note = note ? note : "";
	t.updated_at = now;
	return store_talent_update(c, &t, err);
}

static fq_status apply_tags(store_conn *c, int64_t id, const talsvc_edit *e, fq_err *err)
{
	store_talent_tags tags;
	fq_status st = FQ_OK;
	if (e->has_skills) {
		st = talsvc_tags(e->skills, e->n_skills, 0, "skills", &tags, err);
		if (st == FQ_OK)
			st = store_talent_set_skills(c, id, &tags, err);
	}
	if (st == FQ_OK && e->has_roles) {
		st = talsvc_tags(e->roles, e->n_roles, 1, "roles", &tags, err);
		if (st == FQ_OK)
			st = store_talent_set_roles(c, id, &tags, err);
	}
	return st;
}

fq_status talsvc_update(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			const talsvc_edit *e, int64_t now, fq_err *err)
{
	store_talent t;
	fq_status st = member_get(c, a, who, id, &t, err);
	if (st != FQ_OK)
		return st;
	if (!is_self(who, t.account_id) && !access_covers(who, TALENT_WHO_ENROL, t.pool_path))
		return fq_failr(err, FQ_EFORBIDDEN, "", "talent.edit_forbidden",
				"only the member or the community edits");
	if (e->availability >= 0) {
		t.availability = talent_availability_name((talent_availability)e->availability);
		t.available_until = e->available_until;
	}
	if (e->capacity)
		t.capacity = e->capacity;
	if (e->title)
		t.title = e->title;
	t.updated_at = now;
	st = store_talent_update(c, &t, err);
	return st == FQ_OK ? apply_tags(c, id, e, err) : st;
}

fq_status talsvc_relation_add(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			      int64_t person_id, int64_t household_id, const char *relation,
			      int64_t now, int64_t *rel_id, fq_err *err)
{
	store_talent t;
	store_talent_relation *rows = NULL;
	size_t n = 0;
	fq_status st = member_get(c, a, who, id, &t, err);
	if (st != FQ_OK)
		return st;
	if (!is_self(who, t.account_id) && !access_covers(who, TALENT_WHO_ENROL, t.pool_path))
		return fq_failr(err, FQ_EFORBIDDEN, "", "talent.declare_forbidden",
				"only the member or the community declares");
	if (!person_id && !household_id)
		return fq_failr(err, FQ_EINVAL, "person_id", "talent.relation_target_required",
				"name a person_id or a household_id");
	st = store_talent_relations(c, a, id, &rows, &n, err);
	if (st == FQ_OK && n >= STORE_TALENT_RELATIONS_MAX)
		return fq_failr(err, FQ_ETOOBIG, "relations", "talent.relations_max",
				"a member declares at most %d relations",
				STORE_TALENT_RELATIONS_MAX);
	if (st != FQ_OK)
		return st;
	return store_talent_relation_insert(c, id, person_id, household_id, relation, now, rel_id,
					    err);
}

/* ---- the ranking's input ---------------------------------------------------------- */

/* Everything one ranking reads. */
typedef struct rank_ctx {
	store_talent_subject subject;
	talent_subject s;
	talent_candidate *cands;
	size_t n;
	int64_t related[STORE_TALENT_TRIED_MAX];
	int64_t tried[STORE_TALENT_TRIED_MAX];
	int chain;   /* the longest chain so far */
} rank_ctx;

/* "/7/" of "/7/12/40/": the street's path, in the arena. */
static const char *street_of(fq_arena *a, const char *path)
{
	if (!path || path[0] != '/')
		return "/";
	size_t n = strcspn(path + 1, "/");
	return fq_arena_strndup(a, path, n + 2 <= strlen(path) ? n + 2 : strlen(path));
}

/* The approved members of the street whose home the coordinator covers. */
static fq_status load_cands(store_conn *c, fq_arena *a, const caller *who, const char *street,
			    rank_ctx *x, fq_err *err)
{
	store_talent_cand *rows = NULL;
	size_t n = 0;
	fq_status st = store_talent_candidates(c, a, street, &rows, &n, err);
	if (st != FQ_OK)
		return st;
	x->cands = fq_arena_alloc(a, (n ? n : 1) * sizeof *x->cands);
	if (!x->cands)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	x->n = 0;
	for (size_t i = 0; i < n; i++) {
		const store_talent_cand *r = &rows[i];
		if (!access_covers(who, TALENT_WHO_COORDINATE, r->home_path))
			continue;
		x->cands[x->n++] = (talent_candidate){
			.id = r->id, .person_id = r->person_id, .household_id = r->household_id,
			.home_path = r->home_path, .skills = r->skill_mask, .roles = r->role_mask,
			.capacity = r->capacity, .open_tasks = r->open_tasks,
			.rating_sum = r->rating_sum, .rating_count = r->rating_count,
			.availability = (talent_availability)r->availability,
			.available_until = r->available_until,
		};
	}
	return FQ_OK;
}

static fq_status load_rank(store_conn *c, fq_arena *a, const caller *who,
			   talent_subject_kind kind, int64_t id, rank_ctx *x, fq_err *err)
{
	const char *kname = talent_subject_kind_name(kind);
	fq_status st = store_talent_subject_get(c, a, kname, id, &x->subject, err);
	size_t n_related = 0, n_tried = 0;
	if (st == FQ_OK)
		st = store_talent_related(c, &x->subject, x->related, STORE_TALENT_TRIED_MAX,
					  &n_related, err);
	if (st == FQ_OK)
		st = store_talent_tried(c, kname, id, x->tried, STORE_TALENT_TRIED_MAX, &n_tried,
					&x->chain, err);
	if (st == FQ_OK)
		st = load_cands(c, a, who, street_of(a, x->subject.path), x, err);
	if (st != FQ_OK)
		return st;
	x->s = (talent_subject){
		.path = x->subject.path, .need = talent_need_of(kind, x->subject.key),
		.party_persons = x->subject.persons, .n_party_persons = x->subject.n_persons,
		.party_households = x->subject.households,
		.n_party_households = x->subject.n_households, .related = x->related,
		.n_related = n_related, .tried = x->tried, .n_tried = n_tried,
	};
	return FQ_OK;
}

/* ---- suggestions ------------------------------------------------------------------ */

static fq_status member_rows(store_conn *c, fq_arena *a, const talent_candidate *const *which,
			     size_t n, store_talent **out, fq_err *err)
{
	*out = fq_arena_alloc(a, (n ? n : 1) * sizeof **out);
	if (!*out)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fq_status st = FQ_OK;
	for (size_t i = 0; i < n && st == FQ_OK; i++)
		st = store_talent_get(c, a, which[i]->id, &(*out)[i], err);
	return st;
}

static fq_status suggestion_members(store_conn *c, fq_arena *a, talsvc_suggestions *out,
				    fq_err *err)
{
	const talent_ranking *r = &out->ranking;
	const talent_candidate **which =
		fq_arena_alloc(a, (r->n + r->n_excluded + 1) * sizeof *which);
	if (!which)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < r->n; i++)
		which[i] = r->items[i].c;
	for (size_t i = 0; i < r->n_excluded; i++)
		which[r->n + i] = r->excluded[i].c;
	fq_status st = member_rows(c, a, which, r->n, &out->members, err);
	if (st == FQ_OK)
		st = member_rows(c, a, which + r->n, r->n_excluded, &out->excluded_members, err);
	return st;
}

static fq_status suggest(store_conn *c, fq_arena *a, const caller *who, talent_subject_kind kind,
		       int64_t subject_id, int64_t now, size_t k, talsvc_suggestions *out,
		       fq_err *err)
{
	rank_ctx *x = fq_arena_alloc(a, sizeof *x);
	if (!x)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fq_status st = load_rank(c, a, who, kind, subject_id, x, err);
	if (st == FQ_OK && !access_covers(who, TALENT_WHO_COORDINATE, x->subject.path))
		st = fq_failr(err, FQ_ENOTFOUND, "subject", "talent.subject_not_found",
			      "no such subject");
	if (st != FQ_OK)
		return st;
	k = k < 1 ? 1 : k > TALENT_SUGGEST_MAX ? TALENT_SUGGEST_MAX : k;
	*out = (talsvc_suggestions){.subject = x->subject, .need = x->s.need, .cands = x->cands,
				    .n_cands = x->n};
	out->ranking.items = fq_arena_alloc(a, k * sizeof *out->ranking.items);
	out->ranking.excluded = fq_arena_alloc(a, TALENT_EXCLUDED_MAX * sizeof *out->ranking.excluded);
	if (!out->ranking.items || !out->ranking.excluded)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	talent_rank(&x->s, x->cands, x->n, now, k, &out->ranking);
	return suggestion_members(c, a, out, err);
}

/* What a suggestion is asked for, besides the subject's id. */
typedef struct suggest_in {
	talent_subject_kind kind;
	int64_t now;
	size_t k;
} suggest_in;

static fq_status suggest_read(store_conn *c, const svc_rd *x, fq_err *err)
{
	const suggest_in *in = x->in;
	return suggest(c, x->a, x->who, in->kind, x->id, in->now, in->k, x->out, err);
}

fq_status talsvc_suggest(store *db, fq_arena *a, const caller *who, talent_subject_kind kind,
			 int64_t subject_id, int64_t now, size_t k, talsvc_suggestions *out,
			 fq_err *err)
{
	suggest_in in = {kind, now, k};
	svc_rd x = {.a = a, .who = who, .id = subject_id, .in = &in, .out = out};
	return svc_get(db, suggest_read, x, err);
}

/* ---- offers -------------------------------------------------------------------------- */

/* The reasons of sug as "code,code" and "text；text". */
static void snapshot(fq_arena *a, const talent_suggestion *sug, const char **codes,
		     const char **texts)
{
	char cbuf[SNAPSHOT_MAX], tbuf[SNAPSHOT_MAX];
	size_t cn = 0, tn = 0;
	cbuf[0] = tbuf[0] = '\0';
	for (int i = 0; i < sug->n_reasons; i++) {
		int w = snprintf(cbuf + cn, sizeof cbuf - cn, "%s%s", i ? "," : "",
				 sug->reasons[i].code);
		cn += w > 0 && (size_t)w < sizeof cbuf - cn ? (size_t)w : 0;
		w = snprintf(tbuf + tn, sizeof tbuf - tn, "%s%s", i ? "；" : "",
			     sug->reasons[i].text);
		tn += w > 0 && (size_t)w < sizeof tbuf - tn ? (size_t)w : 0;
	}
	*codes = fq_arena_strdup(a, cbuf);
	*texts = fq_arena_strdup(a, tbuf);
}

/* Insert the offer of sug for the subject and count it on the member. */
static fq_status insert_offer(store_conn *c, fq_arena *a, const rank_ctx *x,
			      const talsvc_offer_in *in, const talent_suggestion *sug,
			      int64_t coordinator, int chain, int64_t now, int64_t *task_id,
			      fq_err *err)
{
	int64_t within = in->answer_within_s ? in->answer_within_s : TALENT_ANSWER_DEFAULT_S;
	store_talent_task t = {
		.subject_kind = talent_subject_kind_name(in->kind), .subject_id = in->subject_id,
		.unit_path = x->subject.path, .talent_id = sug->c->id,
		.state = talent_task_state_name(TALENT_TASK_OFFERED), .note = in->note,
		.offered_at = now, .answer_within_s = within, .answer_by = now + within,
		.coordinator_account_id = coordinator, .chain = chain, .rank = sug->rank,
		.score = sug->score, .created_at = now,
	};
	snapshot(a, sug, &t.reason_codes, &t.reasons);
	fq_status st = store_talent_task_insert(c, &t, task_id, err);
	if (st == FQ_OK)
		st = store_talent_count(c, sug->c->id, 1, 0, 0, 0, now, err);
	return st;
}

static const talent_candidate *find_cand(const rank_ctx *x, int64_t id)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->cands[i].id == id)
			return &x->cands[i];
	return NULL;
}

fq_status talsvc_offer(store_conn *c, fq_arena *a, const caller *who, const talsvc_offer_in *in,
		       int64_t now, int64_t *task_id, fq_err *err)
{
	rank_ctx *x = fq_arena_alloc(a, sizeof *x);
	if (!x)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fq_status st = load_rank(c, a, who, in->kind, in->subject_id, x, err);
	if (st == FQ_OK && !access_covers(who, TALENT_WHO_COORDINATE, x->subject.path))
		st = fq_failr(err, FQ_ENOTFOUND, "subject", "talent.subject_not_found",
			      "no such subject");
	if (st == FQ_OK && !x->subject.open)
		st = fq_failr(err, FQ_ECONFLICT, "subject", "talent.subject_closed",
			      "the %s is no longer being handled",
			      talent_subject_kind_name(in->kind));
	if (st != FQ_OK)
		return st;
	const talent_candidate *which = find_cand(x, in->talent_id);
	if (!which)
		return fq_failr(err, FQ_EINVAL, "talent_id", "talent.not_eligible",
				"not an approved member of a pool in the subject's street");
	talent_suggestion sug;
	st = talent_rank_one(&x->s, x->cands, x->n, which, now, &sug, err);
	if (st == FQ_OK)
		st = insert_offer(c, a, x, in, &sug, who->account_id, 1, now, task_id, err);
	return st;
}

/* After task k was declined or expired: offer the best member not yet
 * tried, unless the chain is long enough or the subject is closed. */
static fq_status pass_on(store_conn *c, fq_arena *a, const store_talent_task *k, int64_t now,
			 int64_t *next, fq_err *err)
{
	*next = 0;
	if (k->chain >= TALENT_CHAIN_MAX)
		return FQ_OK;
	talsvc_offer_in in = {.kind = (talent_subject_kind)talent_subject_kind_parse(k->subject_kind),
			      .subject_id = k->subject_id, .note = k->note,
			      .answer_within_s = k->answer_within_s};
	rank_ctx *x = fq_arena_alloc(a, sizeof *x);
	talent_suggestion best[1];
	talent_excluded_entry ex[TALENT_EXCLUDED_MAX];
	talent_ranking r = {.items = best, .excluded = ex};
	caller *coord = fq_arena_alloc(a, sizeof *coord);
	if (!x || !coord)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fq_status st = store_caller_load(c, a, k->coordinator_account_id, coord, err);
	if (st == FQ_ENOTFOUND)
		return FQ_OK; /* the coordinator's account is gone: nobody to pass on for */
	if (st == FQ_OK)
		st = load_rank(c, a, coord, in.kind, in.subject_id, x, err);
	if (st != FQ_OK || !x->subject.open)
		return st;
	talent_rank(&x->s, x->cands, x->n, now, 1, &r);
	if (r.n == 0)
		return FQ_OK;
	return insert_offer(c, a, x, &in, &best[0], k->coordinator_account_id, k->chain + 1, now,
			    next, err);
}

/* ---- task actions -------------------------------------------------------------------- */

/* Whether the caller may take act on k: FQ_OK, or the refusal. */
static fq_status may_act(const caller *who, const store_talent_task *k, talent_task_action act,
			 fq_err *err)
{
	int self = is_self(who, k->talent_account_id);
	int coord = access_covers(who, TALENT_WHO_COORDINATE, k->unit_path);
	if (!self && !talsvc_task_visible(who, k))
		return fq_failr(err, FQ_ENOTFOUND, "id", "talent.task_not_found", "no such task");
	int ok = act == TALENT_TASK_ACCEPT || act == TALENT_TASK_DECLINE ? self
		 : act == TALENT_TASK_DONE_ACT				  ? self || coord
									  : coord;
	if (!ok)
		return fq_fail(err, FQ_EFORBIDDEN, "",
			       self ? "the coordinator does this" : "only the member answers");
	return FQ_OK;
}

/* The task's new fields and the member's counters for act. */
static fq_status apply_act(store_conn *c, store_talent_task *k, talent_task_action act,
			   const char *text, int rating, int64_t now, fq_err *err)
{
	int d_open = 0, d_done = 0, d_sum = 0, d_count = 0;
	if (act == TALENT_TASK_ACCEPT || act == TALENT_TASK_DECLINE || act == TALENT_TASK_EXPIRE)
		k->answered_at = now;
	if (act == TALENT_TASK_DECLINE)
		k->answer_note = text;
	if (act == TALENT_TASK_DECLINE || act == TALENT_TASK_EXPIRE || act == TALENT_TASK_CANCEL)
		d_open = -1;
	if (act == TALENT_TASK_DONE_ACT) {
		k->done_at = now;
		k->outcome = text ? text : "";
		d_open = -1, d_done = 1;
	}
	if (act == TALENT_TASK_RATE) {
		if (rating < TALENT_RATING_MIN || rating > TALENT_RATING_MAX)
			return fq_failr(err, FQ_EINVAL, "rating", "talent.rating_range",
					"rating must be from %d to %d",
					TALENT_RATING_MIN, TALENT_RATING_MAX);
		k->rating = rating;
		k->rated_at = now;
		d_sum = rating, d_count = 1;
	}
	k->updated_at = now;
	fq_status st = store_talent_task_update(c, k, err);
	if (st == FQ_OK && (d_open || d_done || d_count))
		st = store_talent_count(c, k->talent_id, d_open, d_done, d_sum, d_count, now, err);
	if (st == FQ_OK && act == TALENT_TASK_ACCEPT && k->talent_account_id &&
	    strcmp(k->subject_kind, "dispute") == 0)
		st = store_talent_dispute_mediator(c, k->subject_id, k->talent_account_id, err);
	return st;
}

/* A member's outcome on a request's timeline (event TALSVC_EV_OUTCOME, the
 * outcome as its note, the member's name in its detail), by `actor`; the
 * request's state and level stay as they are. */
static fq_status outcome_on_timeline(store_conn *c, fq_arena *a, const store_talent_task *k,
				     int64_t actor, int64_t now, fq_err *err)
{
	store_request req;
	fq_status st = store_req_get(c, a, k->subject_id, &req, err);
	if (st != FQ_OK)
		return st;
	store_req_event_new ev = {
		.request_id = req.id, .at = now, .actor_account_id = actor,
		.event = TALSVC_EV_OUTCOME, .old_state = req.state, .new_state = req.state,
		.old_level = req.level, .new_level = req.level, .note = k->outcome,
		.detail = {{.key = "talent", .text = k->talent_name ? k->talent_name : ""},
			   {.key = "task_id", .num = k->id, .is_num = 1}},
		.n_detail = 2,
	};
	return store_req_event_insert(c, &ev, NULL, err);
}

fq_status talsvc_task_act(store_conn *c, fq_arena *a, const caller *who, int64_t task_id,
			  talent_task_action act, const char *text, int rating, int64_t now,
			  int64_t *next, fq_err *err)
{
	store_talent_task k;
	talent_task_state to;
	*next = 0;
	fq_status st = store_talent_task_get(c, a, task_id, &k, err);
	if (st == FQ_OK && act != TALENT_TASK_EXPIRE)
		st = may_act(who, &k, act, err);
	if (st == FQ_OK)
		st = talent_task_move((talent_task_state)talent_task_state_parse(k.state),
				      k.rating > 0, act, &to, err);
	if (st != FQ_OK)
		return st;
	k.state = talent_task_state_name(to);
	st = apply_act(c, &k, act, text, rating, now, err);
	if (st == FQ_OK && act == TALENT_TASK_DONE_ACT && strcmp(k.subject_kind, "request") == 0)
		st = outcome_on_timeline(c, a, &k, who ? who->account_id : 0, now, err);
	if (st == FQ_OK && (act == TALENT_TASK_DECLINE || act == TALENT_TASK_EXPIRE))
		st = pass_on(c, a, &k, now, next, err);
	return st;
}

/* ---- the sweeper ------------------------------------------------------------------------ */

typedef struct sweep_tx {
	int64_t now;
	int64_t expired;
	int64_t passed;
	int64_t failed;
	int more;      /* the batch was full and made progress: go again */
} sweep_tx;

/* Expire one offer and pass it on inside its own savepoint; a failure is
 * rolled back alone, logged, and tried again at the next sweep. */
static fq_status sweep_one(store_conn *c, sweep_tx *x, int64_t id, fq_err *err)
{
	fq_status st = store_sweep_item_begin(c, err);
	if (st != FQ_OK)
		return st;
	fq_arena a;
	fq_arena_init(&a);
	fq_err item = {0};
	int64_t next = 0;
	if (talsvc_task_act(c, &a, NULL, id, TALENT_TASK_EXPIRE, NULL, 0, x->now, &next, &item) !=
	    FQ_OK) {
		store_sweep_item_undo(c);
		x->failed++;
		fq_warn("sweep of talents: task %lld: %s %s", (long long)id, item.field,
			item.message);
	} else {
		st = store_sweep_item_release(c, err);
		x->expired += st == FQ_OK;
		x->passed += st == FQ_OK && next != 0;
	}
	fq_arena_free(&a);
	return st;
}

static fq_status sweep_batch(store_conn *c, void *arg, fq_err *err)
{
	sweep_tx *x = arg;
	int64_t ids[TALENT_SWEEP_BATCH];
	size_t n = 0;
	int64_t before = x->expired;
	fq_status st = store_talent_task_due(c, x->now, ids, TALENT_SWEEP_BATCH, &n, err);
	for (size_t i = 0; i < n && st == FQ_OK; i++)
		st = sweep_one(c, x, ids[i], err);
	x->more = st == FQ_OK && n == TALENT_SWEEP_BATCH && x->expired > before;
	return st;
}

int64_t talsvc_sweep(store *db, int64_t now)
{
	sweep_tx x = {.now = now, .more = 1};
	fq_err err = {0};
	while (x.more) {
		if (store_write(db, sweep_batch, &x, &err) != FQ_OK) {
			fq_warn("sweep of talents failed: %s %s", err.field, err.message);
			break;
		}
	}
	if (x.expired || x.failed)
		fq_info("sweep of talents: %lld offers expired, %lld passed on, %lld failed",
			(long long)x.expired, (long long)x.passed, (long long)x.failed);
	return x.expired;
}
