/*
 * dispute_svc.c - the disputes service: access, registration, actions
 * through the transition table with their event and counters, and the
 * sweeper's pass; see dispute_svc.h.
 */
#include "domain/dispute_svc.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/utf8.h"
#include "domain/person.h"
#include "domain/workdays.h"

/* Bytes of a generated timeline note. */
#define NOTE_MAX 160

/* ---- access ------------------------------------------------------------------- */

fq_status dspsvc_may_access(store_conn *c, const caller *who, const store_dispute *d, bool *out,
			    fq_err *err)
{
	if (!who) {
		*out = true;
		return FQ_OK;
	}
	if (access_covers(who, DSP_STAFF_ROLES, d->unit_path)) {
		*out = true;
		return FQ_OK;
	}
	return store_dispute_is_mediator(c, d->id, who->account_id, out, err);
}

fq_status dspsvc_get(store_conn *c, fq_arena *a, const caller *who, int64_t id,
		     store_dispute_case *out, fq_err *err)
{
	fq_status st = store_dispute_load(c, a, id, out, err);
	bool ok = false;
	if (st == FQ_OK)
		st = dspsvc_may_access(c, who, &out->d, &ok, err);
	if (st == FQ_OK && !ok)
		st = fq_failr(err, FQ_ENOTFOUND, "id", "dispute.not_found", "no such dispute");
	return st;
}

fq_status dspsvc_list(store_conn *c, fq_arena *a, const caller *who, store_dispute_filter *f,
		      store_dispute **out, size_t *n, fq_err *err)
{
	f->n_paths = 0;
	for (int i = 0; i < who->n_roles && f->n_paths < STORE_DISPUTE_SCOPES_MAX; i++)
		if (who->r[i].role & DSP_STAFF_ROLES)
			f->paths[f->n_paths++] = who->r[i].unit_id ? who->r[i].path : "/";
	f->mediator_account = who->account_id;
	return store_dispute_list(c, a, f, out, n, err);
}

/* ---- helpers -------------------------------------------------------------------- */

static void event_of(store_dispute_event *e, int64_t now, const caller *who, const char *name,
		     const char *old_state, int old_level, const store_dispute *d, const char *note)
{
	*e = (store_dispute_event){.at = now,
				   .actor_account_id = who ? who->account_id : 0,
				   .event = name,
				   .old_state = old_state,
				   .new_state = d->state,
				   .old_level = old_level,
				   .new_level = d->level,
				   .note = note ? note : ""};
}

static fq_status count(store_conn *c, const store_dispute *d, int64_t now,
		       const store_dispute_counts *delta, fq_err *err)
{
	return store_dispute_count(c, d->unit_path, d->type, cal_date_of(now), delta, err);
}

/* Move d to `level`: the unit of that level's kind above it (kept when the
 * tree has none), a new limit, the reminder reset. */
static fq_status set_level(store_conn *c, fq_arena *a, store_dispute *d, int level, int64_t now,
			   fq_err *err)
{
	store_dispute_unit u;
	fq_status st = store_dispute_unit_up(c, a, d->unit_path, dsp_level_unit_kind(level), &u, err);
	if (st == FQ_OK) {
		d->unit_id = u.id;
		d->unit_path = u.path;
		d->unit_name = u.name;
	} else if (st != FQ_ENOTFOUND) {
		return st;
	}
	d->level = level;
	d->reminded_at = 0;
	d->level_due = 0;
	if (dsp_level_workdays(level) > 0 && dsp_state_open(dsp_state_parse(d->state))) {
		const cal_calendar *cal = NULL;
		st = workdays_calendar(c, a, &cal, err);
		return st == FQ_OK ? dsp_level_due(cal, level, now, &d->level_due, err) : st;
	}
	return FQ_OK;
}

/* ---- registration ------------------------------------------------------------------ */

static fq_status check_new(const dspsvc_new *in, fq_err *err)
{
	if (!dsp_type_valid(in->type) && (in->type || !in->request_id))
		return fq_failr(err, FQ_EINVAL, "type", "dispute.type_unknown",
				"unknown dispute type");
	if ((!in->title || !in->facts) && !in->request_id)
		return fq_failr(err, FQ_EINVAL, in->title ? "facts" : "title", "field.required",
				"required");
	if (!dsp_source_valid(in->source))
		return fq_failr(err, FQ_EINVAL, "source", "dispute.source_unknown",
				"unknown source");
	if (in->level && (in->level < DSP_LEVEL_MIN || in->level > DSP_LEVEL_ESCALATE_MAX))
		return fq_failr(err, FQ_EINVAL, "level", "dispute.level_range",
				"level must be 1 to %d",
				DSP_LEVEL_ESCALATE_MAX);
	if (in->n_parties > DSPSVC_PARTIES_MAX)
		return fq_failr(err, FQ_ETOOBIG, "parties", "dispute.parties_max",
				"at most %d parties",
				DSPSVC_PARTIES_MAX);
	if (in->n_parties < 2 && !in->request_id)
		return fq_failr(err, FQ_EINVAL, "parties", "dispute.parties_min",
				"a dispute needs at least two parties");
	for (size_t i = 0; i < in->n_parties; i++) {
		const dspsvc_party_in *p = &in->parties[i];
		if (!dsp_party_role_valid(p->role))
			return fq_failr(err, FQ_EINVAL, "parties", "dispute.party_role_unknown",
					"parties[%zu].role is unknown", i);
		if (!p->person_id && (!p->name || !*p->name))
			return fq_failr(err, FQ_EINVAL, "parties", "dispute.party_name_required",
					"parties[%zu] needs a person_id or a name", i);
		if (p->phone && *p->phone && person_phone_valid(p->phone, NULL) != FQ_OK)
			return fq_failr(err, FQ_EINVAL, "parties", "dispute.party_phone_invalid",
					"parties[%zu].phone is not a phone number", i);
	}
	return FQ_OK;
}

/* The unit the case starts at, from the explicit unit, the request, or the
 * first registered party's grid. */
static fq_status base_unit(store_conn *c, fq_arena *a, const dspsvc_new *in,
			   const store_dispute_request *req, store_dispute_unit *out, fq_err *err)
{
	if (in->unit_id)
		return store_dispute_unit_get(c, a, in->unit_id, out, err);
	if (req && req->grid_id)
		return store_dispute_unit_get(c, a, req->grid_id, out, err);
	for (size_t i = 0; i < in->n_parties; i++) {
		if (!in->parties[i].person_id)
			continue;
		store_dispute_person p;
		fq_status st = store_dispute_person_get(c, a, in->parties[i].person_id, "parties",
							&p, err);
		if (st != FQ_OK)
			return st;
		if (p.grid_id)
			return store_dispute_unit_get(c, a, p.grid_id, out, err);
	}
	return fq_failr(err, FQ_EINVAL, "unit_id", "dispute.unit_required",
			"name the unit that handles the dispute");
}

static fq_status insert_party(store_conn *c, fq_arena *a, int64_t id, const dspsvc_party_in *in,
			      size_t i, fq_err *err)
{
	store_dispute_party p = {.name = in->name, .phone = in->phone, .role = in->role,
				 .address = in->address ? in->address : ""};
	if (in->person_id) {
		store_dispute_person reg;
		fq_status st = store_dispute_person_get(c, a, in->person_id, "parties", &reg, err);
		if (st != FQ_OK)
			return fq_failr(err, FQ_EINVAL, "parties", "dispute.party_person_unknown",
					"parties[%zu].person_id is unknown",
					i);
		p.person_id = reg.id;
		p.household_id = reg.household_id;
		if (!p.name || !*p.name)
			p.name = reg.name;
		if (!p.phone || !*p.phone)
			p.phone = reg.phone;
		if (!*p.address)
			p.address = reg.address;
	}
	return store_dispute_party_insert(c, id, &p, NULL, err);
}

/* Parties of a request-born case when none were named: its reporter. */
static fq_status request_parties(store_conn *c, fq_arena *a, int64_t id,
				 const store_dispute_request *req, fq_err *err)
{
	if (!req->reporter_person_id)
		return FQ_OK;
	dspsvc_party_in p = {.person_id = req->reporter_person_id, .role = "applicant"};
	return insert_party(c, a, id, &p, 0, err);
}

static fq_status create_rows(store_conn *c, fq_arena *a, const caller *who, const dspsvc_new *in,
			     const store_dispute_request *req, store_dispute *d, int64_t now,
			     fq_err *err)
{
	fq_status st = store_dispute_insert(c, d, cal_date_of(now), &d->id, err);
	for (size_t i = 0; st == FQ_OK && i < in->n_parties; i++)
		st = insert_party(c, a, d->id, &in->parties[i], i, err);
	if (st == FQ_OK && req && in->n_parties == 0)
		st = request_parties(c, a, d->id, req, err);
	store_dispute_document intake = {.code = "intake", .present = 1, .updated_at = now};
	if (st == FQ_OK)
		st = store_dispute_document_put(c, d->id, &intake, who ? who->account_id : 0, err);
	store_dispute_event e;
	event_of(&e, now, who, "registered", NULL, 0, d, d->title);
	if (st == FQ_OK)
		st = store_dispute_event_insert(c, d->id, &e, err);
	store_dispute_counts n = {.registered = 1};
	if (st == FQ_OK)
		st = count(c, d, now, &n, err);
	return st;
}

fq_status dspsvc_create(store_conn *c, fq_arena *a, const caller *who, const dspsvc_new *in,
			int64_t now, int64_t *id, fq_err *err)
{
	fq_status st = check_new(in, err);
	store_dispute_request req = {0};
	if (st == FQ_OK && in->request_id)
		st = store_dispute_request_get(c, a, in->request_id, &req, err);
	if (st == FQ_OK && in->request_id && who && !access_covers(who, DSP_STAFF_ROLES, req.unit_path))
		st = fq_failr(err, FQ_ENOTFOUND, "request_id", "request.not_found",
			      "no such request");
	store_dispute_unit base;
	if (st == FQ_OK)
		st = base_unit(c, a, in, in->request_id ? &req : NULL, &base, err);
	const char *type = in->type;
	if (st == FQ_OK && in->request_id && !dsp_type_of_category(req.category_code))
		st = fq_failr(err, FQ_EINVAL, "request_id", "dispute.request_not_dispute",
			      "the request is not a dispute (矛盾纠纷)");
	if (st == FQ_OK && in->request_id && !type)
		type = dsp_type_of_category(req.category_code);
	if (st != FQ_OK)
		return st;
	store_dispute d = {.unit_id = base.id, .unit_path = base.path, .state = "registered",
			   .request_id = in->request_id, .type = type, .source = in->source,
			   .title = in->title ? in->title : req.title,
			   .facts = in->facts ? in->facts : req.description,
			   .claims = in->claims ? in->claims : "", .created_at = now,
			   .updated_at = now, .target_due = now + (int64_t)DSP_TARGET_DAYS * CAL_DAY_S,
			   .created_by = who ? who->account_id : 0};
	st = set_level(c, a, &d, in->level ? in->level : DSP_LEVEL_MIN, now, err);
	if (st == FQ_OK && who && !access_covers(who, DSP_STAFF_ROLES, d.unit_path))
		st = fq_failr(err, FQ_ENOTFOUND, "unit_id", "unit.not_found", "no such unit");
	if (st == FQ_OK)
		st = create_rows(c, a, who, in, in->request_id ? &req : NULL, &d, now, err);
	if (st == FQ_OK)
		*id = d.id;
	return st;
}

static fq_status create_run(store_conn *c, svc_job *job, fq_err *err)
{
	dspsvc_create_job *j = (dspsvc_create_job *)job;
	return dspsvc_create(c, j->a, j->who, &j->in, j->now, &j->id, err);
}

void dspsvc_create_job_init(dspsvc_create_job *j)
{
	j->job.run = create_run;
}

/* ---- actions ------------------------------------------------------------------------- */

/* One case being acted on. */
typedef struct act_ctx {
	store_conn *c;
	fq_arena *a;
	const caller *who;
	const dspsvc_act_in *in;
	int64_t now;
	store_dispute_case k;
	const char *old_state;
	int old_level;
	dsp_state from;
	dsp_facts facts;
	const char *note;
	store_dispute_counts delta;
} act_ctx;

static const store_dispute_party *find_party(const store_dispute_case *k, int64_t party_id)
{
	for (size_t i = 0; i < k->n_parties; i++)
		if (k->parties[i].id == party_id)
			return &k->parties[i];
	return NULL;
}

static bool party_signed(const store_dispute_case *k, int64_t party_id)
{
	for (size_t i = 0; i < k->n_signatures; i++)
		if (strcmp(k->signatures[i].signer, "party") == 0 &&
		    k->signatures[i].party_id == party_id)
			return true;
	return false;
}

static bool mediator_signed(const store_dispute_case *k)
{
	for (size_t i = 0; i < k->n_signatures; i++)
		if (strcmp(k->signatures[i].signer, "mediator") == 0)
			return true;
	return false;
}

/* Facts for the transition table, counting the action being taken. */
static fq_status gather_facts(act_ctx *x, fq_err *err)
{
	const dspsvc_act_in *in = x->in;
	store_dispute_case *k = &x->k;
	dsp_facts *f = &x->facts;
	f->level = k->d.level;
	f->has_agreement = k->has_agreement;
	f->has_signatures = k->n_signatures > 0;
	f->judicial = dsp_judicial_parse(k->d.judicial_state);
	f->judicial_end = k->d.judicial_end;
	f->today = cal_date_of(x->now);
	bool agree = in->act == DSP_ACT_AGREE;
	bool sign_party = in->act == DSP_ACT_SIGN && in->signer && strcmp(in->signer, "party") == 0;
	bool sign_med = in->act == DSP_ACT_SIGN && in->signer && strcmp(in->signer, "mediator") == 0;
	if ((agree || in->act == DSP_ACT_REFUSE || sign_party) && !find_party(k, in->party_id))
		return fq_failr(err, FQ_EINVAL, "party_id", "dispute.party_unknown",
				"no such party of this dispute");
	f->all_agreed = k->n_parties > 0;
	f->all_signed = k->n_parties > 0 && (mediator_signed(k) || sign_med);
	for (size_t i = 0; i < k->n_parties; i++) {
		const store_dispute_party *p = &k->parties[i];
		bool agreed = strcmp(p->consent, "agreed") == 0 || (agree && p->id == in->party_id);
		f->all_agreed = f->all_agreed && agreed;
		bool did = party_signed(k, p->id) || (sign_party && p->id == in->party_id);
		f->all_signed = f->all_signed && did;
	}
	return FQ_OK;
}

static fq_status do_consent(act_ctx *x, fq_err *err)
{
	bool agree = x->in->act == DSP_ACT_AGREE;
	const store_dispute_party *p = find_party(&x->k, x->in->party_id);
	x->note = fq_arena_printf(x->a, "%s%s%s%s", p->name, agree ? " 同意调解" : " 拒绝调解",
				  x->in->note && *x->in->note ? ":" : "",
				  x->in->note ? x->in->note : "");
	if (!agree)
		x->delta.refused = 1;
	return store_dispute_party_consent(x->c, x->k.d.id, p->id, agree ? "agreed" : "refused",
					   x->now, x->in->note, err);
}

static fq_status do_mediators(act_ctx *x, fq_err *err)
{
	const dspsvc_act_in *in = x->in;
	if (in->n_mediators == 0)
		return fq_failr(err, FQ_EINVAL, "mediators", "dispute.mediators_min",
				"name at least one mediator");
	if (in->n_mediators > DSPSVC_MEDIATORS_MAX)
		return fq_failr(err, FQ_ETOOBIG, "mediators", "dispute.mediators_max",
				"at most %d mediators at once",
				DSPSVC_MEDIATORS_MAX);
	int64_t lead = in->lead ? in->lead : (x->k.n_mediators ? 0 : in->mediators[0]);
	const char *names = "";
	fq_status st = FQ_OK;
	for (size_t i = 0; st == FQ_OK && i < in->n_mediators; i++) {
		const char *name = NULL;
		st = store_dispute_account_name(x->c, x->a, in->mediators[i], "mediators", &name,
						err);
		if (st == FQ_ENOTFOUND)
			st = fq_failr(err, FQ_EINVAL, "mediators", "dispute.mediator_unknown",
				      "mediators[%zu] is no account", i);
		if (st == FQ_OK)
			st = store_dispute_mediator_add(x->c, x->k.d.id, in->mediators[i],
							in->mediators[i] == lead, err);
		if (st == FQ_OK)
			names = fq_arena_printf(x->a, "%s%s%s", names, i ? "、" : "", name);
	}
	x->note = fq_arena_printf(x->a, "指派调解员:%s", names);
	return st;
}

static fq_status do_session(act_ctx *x, fq_err *err)
{
	store_dispute_session s = x->in->session;
	if (!s.at)
		s.at = x->now;
	x->note = fq_arena_printf(x->a, "调解记录:%s", s.place);
	store_dispute_document doc = {.code = "mediation_record", .present = 1, .updated_at = x->now};
	fq_status st = store_dispute_session_insert(x->c, x->k.d.id, &s, x->who ? x->who->account_id : 0,
						    x->now, NULL, err);
	if (st == FQ_OK)
		st = store_dispute_document_put(x->c, x->k.d.id, &doc,
						x->who ? x->who->account_id : 0, err);
	return st;
}

static fq_status do_agreement(act_ctx *x, fq_err *err)
{
	const dspsvc_act_in *in = x->in;
	if (in->n_terms == 0)
		return fq_failr(err, FQ_EINVAL, "terms", "dispute.terms_min",
				"an agreement needs at least one term");
	if (in->n_terms > DSPSVC_TERMS_MAX)
		return fq_failr(err, FQ_ETOOBIG, "terms", "dispute.terms_max", "at most %d terms",
				DSPSVC_TERMS_MAX);
	x->note = x->k.has_agreement ? "修改调解协议" : "起草调解协议";
	return store_dispute_agreement_put(x->c, x->k.d.id, in->ag_facts, in->ag_points,
					   in->ag_responsibilities, in->terms, in->n_terms, x->now,
					   err);
}

static fq_status do_sign(act_ctx *x, fq_err *err)
{
	const dspsvc_act_in *in = x->in;
	if (!in->signer || (strcmp(in->signer, "party") && strcmp(in->signer, "mediator")))
		return fq_failr(err, FQ_EINVAL, "signer", "dispute.signer_unknown",
				"signer must be party or mediator");
	if (!dsp_sign_method_valid(in->method))
		return fq_failr(err, FQ_EINVAL, "method", "dispute.sign_method_unknown",
				"method must be sign, seal or thumbprint");
	store_dispute_signature s = {.signer = in->signer, .method = in->method, .at = x->now,
				     .account_id = x->who ? x->who->account_id : 0};
	if (strcmp(in->signer, "party") == 0) {
		const store_dispute_party *p = find_party(&x->k, in->party_id);
		s.party_id = p->id;
		s.name = p->name;
	} else {
		s.name = x->who ? x->who->display_name : "";
	}
	x->note = fq_arena_printf(x->a, "%s %s", s.name, dsp_sign_method_label(in->method));
	return store_dispute_signature_insert(x->c, x->k.d.id, &s, err);
}

static fq_status do_judicial(act_ctx *x, fq_err *err)
{
	store_dispute *d = &x->k.d;
	if (x->in->act == DSP_ACT_JUDICIAL) {
		d->judicial_state = "applied";
		d->judicial_at = x->now;
		x->delta.judicial_applied = 1;
		x->note = "双方共同申请司法确认";
		store_dispute_document doc = {.code = "court_papers", .present = 1, .updated_at = x->now};
		fq_status st = set_level(x->c, x->a, d, DSP_LEVEL_MAX, x->now, err);
		if (st == FQ_OK)
			st = store_dispute_document_put(x->c, d->id, &doc,
							x->who ? x->who->account_id : 0, err);
		return st;
	}
	const char *r = x->in->result;
	if (!r || (strcmp(r, "confirmed") && strcmp(r, "refused")))
		return fq_failr(err, FQ_EINVAL, "result", "dispute.judicial_result_unknown",
				"result must be confirmed or refused");
	d->judicial_state = r;
	d->judicial_at = x->now;
	x->delta.judicial_confirmed = strcmp(r, "confirmed") == 0;
	x->note = strcmp(r, "confirmed") == 0 ? "人民法院裁定确认调解协议有效"
					      : "人民法院裁定驳回司法确认申请";
	return FQ_OK;
}

static fq_status do_followup(act_ctx *x, fq_err *err)
{
	if (!dsp_performance_valid(x->in->performance))
		return fq_failr(err, FQ_EINVAL, "performance", "dispute.performance_unknown",
				"performance must be full, partial or none");
	store_dispute_followup f = {.at = x->now, .account_id = x->who ? x->who->account_id : 0,
				    .performance = x->in->performance, .note = x->in->note};
	store_dispute_document doc = {.code = "followup_record", .present = 1, .updated_at = x->now};
	x->note = fq_arena_printf(x->a, "回访:%s", x->in->performance);
	fq_status st = store_dispute_followup_insert(x->c, x->k.d.id, &f, err);
	if (st == FQ_OK)
		st = store_dispute_document_put(x->c, x->k.d.id, &doc, f.account_id, err);
	return st;
}

static fq_status do_document(act_ctx *x, fq_err *err)
{
	const dsp_doc *doc = dsp_doc_find(x->in->doc_code);
	if (!doc)
		return fq_failr(err, FQ_EINVAL, "code", "dispute.document_unknown",
				"unknown case file entry");
	store_dispute_document d = {.code = doc->code, .present = x->in->doc_present,
				    .note = x->in->note, .updated_at = x->now};
	x->note = fq_arena_printf(x->a, "%s:%s", doc->label, x->in->doc_present ? "已归档" : "缺");
	return store_dispute_document_put(x->c, x->k.d.id, &d, x->who ? x->who->account_id : 0,
					  err);
}

static bool doc_present(const store_dispute_case *k, const char *code)
{
	for (size_t i = 0; i < k->n_documents; i++)
		if (strcmp(k->documents[i].code, code) == 0)
			return k->documents[i].present != 0;
	return false;
}

/* list, sep and item joined (in the arena), or item alone when list is
 * NULL; NULL when out of memory. */
static const char *list_add(fq_arena *a, const char *list, const char *sep, const char *item)
{
	return list ? fq_arena_printf(a, "%s%s%s", list, sep, item) : item;
}

/* Filing: the case file holds every entry the outcome needs
 * (dsp_doc_needed), or a reason to file without them is given (else 409
 * "documents" naming the missing codes). The reason is kept with the case
 * and the event says what was missing. */
static fq_status check_filing(act_ctx *x, fq_err *err)
{
	const char *outcome = dsp_outcome_of(x->from), *codes = NULL, *labels = NULL;
	for (int i = 0; i < DSP_DOCS_COUNT; i++) {
		const dsp_doc *doc = dsp_doc_at(i);
		if (!dsp_doc_needed(doc, outcome) || doc_present(&x->k, doc->code))
			continue;
		codes = list_add(x->a, codes, ", ", doc->code);
		labels = list_add(x->a, labels, "、", doc->label);
		if (!codes || !labels)
			return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	}
	if (!codes)
		return FQ_OK;
	const char *reason = x->in->incomplete_reason;
	if (utf8_blank(reason))
		return fq_failr(err, FQ_ECONFLICT, "documents", "dispute.documents_missing",
				"required case-file items are missing: %s; give incomplete_reason "
				"to file the case without them", codes);
	x->k.d.incomplete_reason = reason;
	x->note = fq_arena_printf(x->a, "%s%s缺件归档（缺：%s）：%s", x->in->note ? x->in->note : "",
				  x->in->note && *x->in->note ? "；" : "", labels, reason);
	return FQ_OK;
}

static fq_status do_escalate(act_ctx *x, fq_err *err)
{
	x->delta.escalated = 1;
	x->k.d.escalations++;
	return set_level(x->c, x->a, &x->k.d, x->k.d.level + 1, x->now, err);
}

static fq_status do_performed(act_ctx *x, fq_err *err)
{
	x->note = fq_arena_printf(x->a, "第%d条已履行", x->in->term_seq);
	return store_dispute_term_performed(x->c, x->k.d.id, x->in->term_seq, x->now, err);
}

/* The rows of each action that writes any besides the move itself. */
typedef fq_status act_fn(act_ctx *x, fq_err *err);
static act_fn *const action_rows[DSP_ACT_COUNT] = {
	[DSP_ACT_AGREE] = do_consent,
	[DSP_ACT_REFUSE] = do_consent,
	[DSP_ACT_ASSIGN] = do_mediators,
	[DSP_ACT_SESSION] = do_session,
	[DSP_ACT_AGREEMENT] = do_agreement,
	[DSP_ACT_SIGN] = do_sign,
	[DSP_ACT_ESCALATE] = do_escalate,
	[DSP_ACT_JUDICIAL] = do_judicial,
	[DSP_ACT_JUDICIAL_RESULT] = do_judicial,
	[DSP_ACT_FOLLOWUP] = do_followup,
	[DSP_ACT_PERFORMED] = do_performed,
	[DSP_ACT_DOCUMENT] = do_document,
	[DSP_ACT_CLOSE] = check_filing,
};

/* The action's own rows. */
static fq_status do_action(act_ctx *x, fq_err *err)
{
	dsp_action act = x->in->act;
	act_fn *rows = act > 0 && act < DSP_ACT_COUNT ? action_rows[act] : NULL;
	return rows ? rows(x, err) : FQ_OK;
}

/* The agreement took effect: start the judicial window. */
static fq_status took_effect(act_ctx *x, fq_err *err)
{
	store_dispute *d = &x->k.d;
	const cal_calendar *cal = NULL;
	cal_date end = 0;
	fq_status st = workdays_calendar(x->c, x->a, &cal, err);
	if (st == FQ_OK)
		st = dsp_judicial_end(cal, cal_date_of(x->now), &end, err);
	d->effective_at = x->now;
	d->judicial_end = end;
	x->delta.signed_ = 1;
	store_dispute_document doc = {.code = "agreement", .present = 1, .updated_at = x->now};
	if (st == FQ_OK)
		st = store_dispute_document_put(x->c, d->id, &doc, x->who ? x->who->account_id : 0,
						err);
	return st;
}

/* Bookkeeping of the state change: clocks, outcome, counters. */
static fq_status enter_state(act_ctx *x, dsp_state to, fq_err *err)
{
	store_dispute *d = &x->k.d;
	d->state = dsp_state_name(to);
	if (to == x->from)
		return FQ_OK;
	if (!dsp_state_open(to))
		d->level_due = 0;
	if (to == DSP_SIGNED)
		return took_effect(x, err);
	if (to == DSP_FAILED || to == DSP_RECONCILED)
		d->close_reason = x->in->note;
	if (to == DSP_CLOSED) {
		d->outcome = dsp_outcome_of(x->from);
		d->closed_at = x->now;
		x->delta.closed = 1;
		x->delta.resolved = dsp_outcome_resolved(d->outcome);
		x->delta.failed = x->from == DSP_FAILED;
		x->delta.closed_on_time = x->now <= d->target_due;
		if (x->in->note && *x->in->note)
			d->close_reason = x->in->note;
	}
	return FQ_OK;
}

static const char *default_note(const act_ctx *x)
{
	if (x->note)
		return x->note;
	return x->in->note ? x->in->note : "";
}

fq_status dspsvc_act(store_conn *c, fq_arena *a, const caller *who, int64_t id,
		     const dspsvc_act_in *in, int64_t now, dspsvc_result *out, fq_err *err)
{
	act_ctx x = {.c = c, .a = a, .who = who, .in = in, .now = now};
	fq_status st = dspsvc_get(c, a, who, id, &x.k, err);
	if (st != FQ_OK)
		return st;
	x.old_state = x.k.d.state;
	x.old_level = x.k.d.level;
	x.from = dsp_state_parse(x.k.d.state);
	st = gather_facts(&x, err);
	dsp_state to = 0;
	if (st == FQ_OK)
		st = dsp_next(x.from, in->act, &x.facts, &to, err);
	if (st == FQ_OK)
		st = do_action(&x, err);
	if (st == FQ_OK)
		st = enter_state(&x, to, err);
	x.k.d.updated_at = now;
	if (st == FQ_OK)
		st = store_dispute_save(c, &x.k.d, err);
	store_dispute_event e;
	event_of(&e, now, who, dsp_action_name(in->act), x.old_state, x.old_level, &x.k.d,
		 default_note(&x));
	if (st == FQ_OK)
		st = store_dispute_event_insert(c, id, &e, err);
	if (st == FQ_OK)
		st = count(c, &x.k.d, now, &x.delta, err);
	if (st != FQ_OK)
		return st;
	out->state = to;
	out->level = x.k.d.level;
	out->routes = to == DSP_REFUSED || to == DSP_FAILED ? dsp_routes_text(x.k.d.type, "zh") : NULL;
	return FQ_OK;
}

static fq_status act_run(store_conn *c, svc_job *job, fq_err *err)
{
	dspsvc_act_job *j = (dspsvc_act_job *)job;
	return dspsvc_act(c, j->a, j->who, j->id, &j->in, j->now, &j->res, err);
}

void dspsvc_act_job_init(dspsvc_act_job *j)
{
	j->job.run = act_run;
}

/* ---- the sweeper ------------------------------------------------------------------------ */

typedef struct sweep_ctx {
	int64_t now;
	int64_t after_id;
	bool judicial; /* second queue */
	size_t n;      /* rows in the last batch */
	dspsvc_sweep_report *rep;
} sweep_ctx;

static fq_status sweep_event(store_conn *c, store_dispute *d, const char *name, const char *old_state,
			     int old_level, const char *note, int64_t now, fq_err *err)
{
	store_dispute_event e;
	event_of(&e, now, NULL, name, old_state, old_level, d, note);
	d->updated_at = now;
	fq_status st = store_dispute_save(c, d, err);
	if (st == FQ_OK)
		st = store_dispute_event_insert(c, d->id, &e, err);
	return st;
}

static fq_status sweep_level(store_conn *c, fq_arena *a, store_dispute *d, sweep_ctx *x,
			     fq_err *err)
{
	const char *old_state = d->state;
	int old_level = d->level;
	if (!dsp_state_open(dsp_state_parse(d->state)) || !d->level_due)
		return FQ_OK;
	if (x->now > d->level_due && d->level < DSP_LEVEL_ESCALATE_MAX) {
		d->escalations++;
		fq_status st = set_level(c, a, d, d->level + 1, x->now, err);
		const char *note = fq_arena_printf(a, "%s时限已过,自动升级至%s",
						   dsp_level_label(old_level), dsp_level_label(d->level));
		store_dispute_counts n = {.escalated = 1};
		if (st == FQ_OK)
			st = sweep_event(c, d, "escalate", old_state, old_level, note, x->now, err);
		if (st == FQ_OK)
			st = count(c, d, x->now, &n, err);
		x->rep->escalated += st == FQ_OK;
		return st;
	}
	bool overdue = x->now > d->level_due;
	bool due = overdue ? (!d->reminded_at || d->reminded_at <= x->now - CAL_DAY_S)
			   : !d->reminded_at;
	if (!due)
		return FQ_OK;
	d->reminded_at = x->now;
	char due_s[CAL_DATE_STR];
	const char *note = fq_arena_printf(a, "%s:%s时限%s", overdue ? "已超时" : "即将到期",
					   dsp_level_label(d->level),
					   cal_date_format(cal_date_of(d->level_due), due_s, sizeof due_s));
	x->rep->reminded++;
	return sweep_event(c, d, "reminder", old_state, old_level, note, x->now, err);
}

static fq_status sweep_judicial(store_conn *c, fq_arena *a, store_dispute *d, sweep_ctx *x,
				fq_err *err)
{
	cal_date today = cal_date_of(x->now);
	if (!dsp_judicial_remind_due(d->judicial_end, today, d->judicial_reminded))
		return FQ_OK;
	d->judicial_reminded = today;
	char end_s[CAL_DATE_STR];
	const char *note = fq_arena_printf(a, "司法确认申请期限还剩%d天(截至%s)",
					   dsp_days_left(today, d->judicial_end),
					   cal_date_format(d->judicial_end, end_s, sizeof end_s));
	x->rep->judicial_reminded++;
	return sweep_event(c, d, "judicial_reminder", d->state, d->level, note, x->now, err);
}

static fq_status sweep_batch_tx(store_conn *c, void *arg, fq_err *err)
{
	sweep_ctx *x = arg;
	int64_t ids[DSPSVC_SWEEP_BATCH];
	cal_date today = cal_date_of(x->now);
	cal_date until = cal_date_of(x->now + (int64_t)DSP_JUDICIAL_REMIND_FIRST_DAYS * CAL_DAY_S);
	fq_status st = x->judicial
			       ? store_dispute_judicial_due(c, today, until, x->after_id,
							    DSPSVC_SWEEP_BATCH, ids, &x->n, err)
			       : store_dispute_due(c, x->now, DSP_REMIND_BEFORE_S, x->after_id,
						   DSPSVC_SWEEP_BATCH, ids, &x->n, err);
	fq_arena a;
	fq_arena_init(&a);
	for (size_t i = 0; st == FQ_OK && i < x->n; i++) {
		store_dispute d;
		st = store_dispute_get(c, &a, ids[i], &d, err);
		if (st == FQ_OK)
			st = x->judicial ? sweep_judicial(c, &a, &d, x, err)
					 : sweep_level(c, &a, &d, x, err);
		x->after_id = ids[i];
	}
	fq_arena_free(&a);
	return st;
}

fq_status dspsvc_sweep(store *db, int64_t now, dspsvc_sweep_report *rep, fq_err *err)
{
	*rep = (dspsvc_sweep_report){0};
	sweep_ctx x = {.now = now, .rep = rep};
	fq_status st = FQ_OK;
	for (int q = 0; q < 2 && st == FQ_OK; q++) {
		x.judicial = q == 1;
		x.after_id = 0;
		do {
			dspsvc_sweep_report before = *rep;
			st = store_write(db, sweep_batch_tx, &x, err);
			if (st != FQ_OK) {
				*rep = before;
				rep->failed++;
			}
		} while (st == FQ_OK && x.n == DSPSVC_SWEEP_BATCH);
	}
	return st;
}

void dspsvc_sweep_logged(store *db, int64_t now)
{
	dspsvc_sweep_report rep;
	fq_err err = {0};
	if (dspsvc_sweep(db, now, &rep, &err) != FQ_OK)
		fq_warn("dispute sweep failed: %s", err.message);
	if (rep.escalated || rep.reminded || rep.judicial_reminded)
		fq_info("dispute sweep: %lld escalated, %lld reminded, %lld judicial reminders",
			(long long)rep.escalated, (long long)rep.reminded,
			(long long)rep.judicial_reminded);
}
