/*
 * disputes.c - dispute cases (矛盾纠纷, 人民调解) over HTTP: registering one
 * (POST /api/v1/disputes), the list within the caller's reach, one case
 * with everything filed with it, the actions (POST
 * /api/v1/disputes/{id}/{action}, one route row each) and the audited
 * reveal of a party's phone. The rules live in domain/dispute_svc.h; this
 * file parses, checks lengths and writes JSON. Writes are the service's
 * jobs, submitted with api_submit (api/park.h), and answered with the case
 * as it now stands.
 */
#include "api/handlers.h"

#include <string.h>

#include "api/auth.h"
#include "api/json.h"
#include "api/park.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "domain/dispute_svc.h"
#include "domain/person.h"

/* Characters of the fields of a case (docs/disputes.md lists them). */
#define DSP_TITLE_MAX 100
#define DSP_FACTS_MAX 4000
#define DSP_CLAIMS_MAX 2000
#define DSP_NAME_MAX 50
#define DSP_PHONE_MAX 20
#define DSP_ADDRESS_MAX 200
#define DSP_NOTE_MAX 500
#define DSP_PLACE_MAX 100
#define DSP_RECORD_MAX 8000
#define DSP_TERM_MAX 500
#define DSP_WORD_MAX 40
/* Largest id a JSON body may name. */
#define DSP_ID_MAX 9007199254740991.0

/* ---- JSON building -------------------------------------------------------------- */

static json_t *jdate(int32_t d)
{
	char buf[CAL_DATE_STR];
	return d ? json_string(cal_date_format(d, buf, sizeof buf)) : json_null();
}

static json_t *row_json(const store_dispute *d, int64_t now)
{
	dsp_state s = dsp_state_parse(d->state);
	cal_date today = cal_date_of(now);
	json_t *judicial = json_pack(
		"{s:s, s:o, s:o, s:o}", "state", d->judicial_state, "end", jdate(d->judicial_end),
		"days_left", d->judicial_end ? json_integer(dsp_days_left(today, d->judicial_end))
					     : json_null(),
		"at", api_jtime(d->judicial_at));
	return json_pack(
		"{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:i, s:o, s:{s:I, s:s}, s:o, s:o, s:o,"
		" s:o, s:o, s:o, s:o, s:i, s:o, s:o, s:o}",
		"id", (json_int_t)d->id, "number", d->number, "title", d->title, "type", d->type,
		"type_label", api_jstr(dsp_type_label(d->type)), "source", d->source, "source_label",
		api_jstr(dsp_source_label(d->source)), "state", d->state, "state_label",
		api_jstr(dsp_state_label(s)), "level", d->level, "level_label",
		api_jstr(dsp_level_label(d->level)), "unit", "id", (json_int_t)d->unit_id, "name",
		d->unit_name, "request_id", api_jid(d->request_id), "outcome", api_jstr(d->outcome),
		"close_reason", api_jstr(d->close_reason), "incomplete_reason",
		api_jstr(d->incomplete_reason), "level_due", api_jtime(d->level_due), "target_due",
		api_jtime(d->target_due), "created_at", api_jtime(d->created_at), "escalations",
		d->escalations, "effective_at", api_jtime(d->effective_at), "closed_at",
		api_jtime(d->closed_at), "judicial", judicial);
}

static json_t *parties_json(fq_arena *a, const store_dispute_case *k)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < k->n_parties; i++) {
		const store_dispute_party *p = &k->parties[i];
		json_t *phone = api_jmasked(a, p->phone, person_mask_phone, "***");
		json_array_append_new(
			arr, json_pack("{s:I, s:o, s:o, s:s, s:o, s:s, s:s, s:s, s:o, s:s}", "id",
				       (json_int_t)p->id, "person_id", api_jid(p->person_id),
				       "household_id", api_jid(p->household_id), "name", p->name, "phone",
				       phone, "role", p->role, "role_label",
				       dsp_party_role_label(p->role), "consent", p->consent,
				       "consent_at", api_jtime(p->consent_at), "address", p->address));
	}
	return arr;
}

static json_t *mediators_json(const store_dispute_case *k)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < k->n_mediators; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:b}", "account_id",
						     (json_int_t)k->mediators[i].account_id, "name",
						     k->mediators[i].name, "lead",
						     k->mediators[i].lead));
	return arr;
}

static json_t *events_json(const store_dispute_case *k)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < k->n_events; i++) {
		const store_dispute_event *e = &k->events[i];
		json_t *actor = e->actor_account_id
					? json_pack("{s:I, s:o}", "id", (json_int_t)e->actor_account_id,
						    "name", api_jstr(e->actor_name))
					: json_null();
		json_array_append_new(
			arr, json_pack("{s:I, s:o, s:o, s:s, s:o, s:s, s:o, s:i, s:s}", "id",
				       (json_int_t)e->id, "at", api_time(e->at), "actor", actor,
				       "event", e->event, "old_state", api_jstr(e->old_state), "new_state",
				       e->new_state, "old_level",
				       e->old_level ? json_integer(e->old_level) : json_null(),
				       "new_level", e->new_level, "note", e->note));
	}
	return arr;
}

static json_t *sessions_json(const store_dispute_case *k)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < k->n_sessions; i++) {
		const store_dispute_session *s = &k->sessions[i];
		json_array_append_new(arr, json_pack("{s:I, s:o, s:s, s:s, s:s, s:s}", "id",
						     (json_int_t)s->id, "at", api_time(s->at),
						     "place", s->place, "mediators", s->mediators,
						     "attendees", s->attendees, "record", s->record));
	}
	return arr;
}

static json_t *agreement_json(const store_dispute_case *k)
{
	if (!k->has_agreement)
		return json_null();
	json_t *terms = json_array();
	for (size_t i = 0; terms && i < k->n_terms; i++) {
		const store_dispute_term *t = &k->terms[i];
		json_array_append_new(terms, json_pack("{s:i, s:s, s:o, s:b, s:o}", "seq", t->seq,
						       "text", t->text, "deadline",
						       jdate(t->deadline), "performed", t->performed,
						       "performed_at", api_jtime(t->performed_at)));
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:o}", "facts", k->ag_facts, "points", k->ag_points,
			 "responsibilities", k->ag_responsibilities, "terms", terms, "updated_at",
			 api_jtime(k->ag_updated_at));
}

static json_t *signatures_json(const store_dispute_case *k)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < k->n_signatures; i++) {
		const store_dispute_signature *s = &k->signatures[i];
		json_array_append_new(arr, json_pack("{s:s, s:o, s:s, s:s, s:o}", "signer", s->signer,
						     "party_id", api_jid(s->party_id), "name", s->name,
						     "method", s->method, "at", api_time(s->at)));
	}
	return arr;
}

static json_t *followups_json(const store_dispute_case *k)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < k->n_followups; i++)
		json_array_append_new(arr, json_pack("{s:o, s:s, s:s}", "at",
						     api_time(k->followups[i].at), "performance",
						     k->followups[i].performance, "note",
						     k->followups[i].note));
	return arr;
}

/* The whole checklist, in filing order, with what the case file holds and
 * "needed": what filing the case now requires (dsp_doc_needed; before an
 * outcome, every required entry but the agreement). */
static json_t *documents_json(const store_dispute_case *k)
{
	const char *outcome = dsp_outcome_of(dsp_state_parse(k->d.state));
	json_t *arr = json_array();
	for (int i = 0; arr && i < DSP_DOCS_COUNT; i++) {
		const dsp_doc *doc = dsp_doc_at(i);
		const store_dispute_document *have = NULL;
		for (size_t j = 0; j < k->n_documents; j++)
			if (strcmp(k->documents[j].code, doc->code) == 0)
				have = &k->documents[j];
		json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:b, s:b, s:s}", "code",
						     doc->code, "label", doc->label, "required",
						     doc->required, "needed", dsp_doc_needed(doc, outcome),
						     "present", have && have->present, "note",
						     have ? have->note : ""));
	}
	return arr;
}

static json_t *case_json(fq_arena *a, const store_dispute_case *k, int64_t now)
{
	json_t *j = row_json(&k->d, now);
	json_object_set_new(j, "facts", json_string(k->d.facts));
	json_object_set_new(j, "claims", json_string(k->d.claims));
	json_object_set_new(j, "parties", parties_json(a, k));
	json_object_set_new(j, "mediators", mediators_json(k));
	json_object_set_new(j, "timeline", events_json(k));
	json_object_set_new(j, "sessions", sessions_json(k));
	json_object_set_new(j, "agreement", agreement_json(k));
	json_object_set_new(j, "signatures", signatures_json(k));
	json_object_set_new(j, "followups", followups_json(k));
	json_object_set_new(j, "documents", documents_json(k));
	dsp_state s = dsp_state_parse(k->d.state);
	bool routes = s == DSP_REFUSED || s == DSP_FAILED ||
		      (k->d.outcome && (strcmp(k->d.outcome, "failed") == 0 ||
					strcmp(k->d.outcome, "refused") == 0));
	json_object_set_new(j, "routes", routes ? json_string(dsp_routes_text(k->d.type, "zh"))
					       : json_null());
	return j;
}

/* Read the case for the caller and reply with it (status `code`). */
static void reply_case(app *a, http_req *r, const caller *who, int64_t id, int code)
{
	fq_err err = {0};
	store_dispute_case k;
	fq_status st = dspsvc_case(a->db, http_arena(r), who, id, &k, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_reply_json(r, code, case_json(http_arena(r), &k, fq_now_ms() / 1000));
}

/* ---- GET /api/v1/disputes/{id} ----------------------------------------------------- */

void api_dispute_get(app *a, http_req *r)
{
	int64_t id = 0;
	if (api_param_id_or_reply(r, 0, &id))
		reply_case(a, r, api_caller(r), id, 200);
}

/* ---- GET /api/v1/disputes ------------------------------------------------------------- */

static fq_status list_filter(http_req *r, store_dispute_filter *f, fq_err *err)
{
	int64_t level = 0, before = 0, limit = 0;
	fq_status st = api_query_int(r, "level", 0, DSP_LEVEL_MAX, 0, &level, err);
	if (st == FQ_OK)
		st = api_query_int(r, "before", 0, INT64_MAX, 0, &before, err);
	if (st == FQ_OK)
		st = api_query_int(r, "limit", 1, STORE_DISPUTE_LIST_MAX, 50, &limit, err);
	const char *state = http_query(r, "state");
	const char *type = http_query(r, "type");
	if (st == FQ_OK)
		st = api_query_text(r, "q", DSPAPI_Q_MAX, &f->q, err);
	if (st == FQ_OK && state && *state && !dsp_state_parse(state))
		st = fq_fail(err, FQ_EINVAL, "state", "unknown state");
	if (st == FQ_OK && type && *type && !dsp_type_valid(type))
		st = fq_fail(err, FQ_EINVAL, "type", "unknown dispute type");
	f->state = state && *state ? state : NULL;
	f->type = type && *type ? type : NULL;
	f->level = (int)level;
	f->before_id = before;
	f->limit = (int)limit;
	return st;
}

void api_disputes_list(app *a, http_req *r)
{
	fq_err err = {0};
	store_dispute_filter f = {0};
	fq_status st = list_filter(r, &f, &err);
	store_dispute *rows = NULL;
	size_t n = 0;
	if (st == FQ_OK)
		st = dspsvc_cases(a->db, http_arena(r), api_caller(r), &f, &rows, &n, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	int64_t now = fq_now_ms() / 1000;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, row_json(&rows[i], now));
	json_t *next = n == (size_t)f.limit && n ? json_integer(rows[n - 1].id) : json_null();
	api_reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_before", next));
}

/* ---- POST /api/v1/disputes -------------------------------------------------------------- */


static fq_status parse_parties(fq_arena *ar, json_t *list, dspsvc_new *in, fq_err *err)
{
	static const api_field spec[] = {
		{"person_id", JF_INT, 0, 0, 1, DSP_ID_MAX},
		{"name", JF_LINE, 0, DSP_NAME_MAX, 0, 0},
		{"phone", JF_STRING, 0, DSP_PHONE_MAX, 0, 0},
		{"role", JF_STRING, JF_REQUIRED, DSP_WORD_MAX, 0, 0},
		{"address", JF_LINE, 0, DSP_ADDRESS_MAX, 0, 0},
	};
	size_t n = json_array_size(list);
	if (n > DSPSVC_PARTIES_MAX)
		return fq_failr(err, FQ_ETOOBIG, "parties", "dispute.parties_max",
				"at most %d parties", DSPSVC_PARTIES_MAX);
	dspsvc_party_in *p = fq_arena_alloc(ar, (n ? n : 1) * sizeof *p);
	if (!p)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(list, i);
		if (!json_is_object(o))
			return fq_fail(err, FQ_EINVAL, "parties", "parties[%zu] must be an object", i);
		fq_err why = {0}; /* not err: fq_fail must not read what it writes */
		fq_status st = api_json_check(o, spec, sizeof spec / sizeof spec[0], &why);
		if (st != FQ_OK)
			return fq_failr(err, st, "parties", why.rule, "parties[%zu]: %s", i,
					why.message);
		p[i] = (dspsvc_party_in){
			.person_id = json_integer_value(json_object_get(o, "person_id")),
			.name = fq_arena_strdup(ar, api_json_str(o, "name")),
			.phone = fq_arena_strdup(ar, api_json_str(o, "phone")),
			.role = fq_arena_strdup(ar, api_json_str(o, "role")),
			.address = fq_arena_strdup(ar, api_json_str(o, "address"))};
	}
	in->parties = p;
	in->n_parties = n;
	return FQ_OK;
}

static fq_status parse_create(http_req *r, dspsvc_new *in, fq_err *err)
{
	static const api_field spec[] = {
		{"request_id", JF_INT, 0, 0, 1, DSP_ID_MAX},
		{"unit_id", JF_INT, 0, 0, 1, DSP_ID_MAX},
		{"level", JF_INT, 0, 0, DSP_LEVEL_MIN, DSP_LEVEL_ESCALATE_MAX},
		{"type", JF_STRING, 0, DSP_WORD_MAX, 0, 0},
		{"source", JF_STRING, JF_REQUIRED, DSP_WORD_MAX, 0, 0},
		{"title", JF_LINE, 0, DSP_TITLE_MAX, 0, 0},
		{"facts", JF_TEXT, 0, DSP_FACTS_MAX, 0, 0},
		{"claims", JF_TEXT, 0, DSP_CLAIMS_MAX, 0, 0},
		{"parties", JF_ARRAY, 0, 0, 0, 0},
	};
	fq_arena *ar = http_arena(r);
	json_t *body = NULL;
	fq_status st = api_body_checked(r, spec, sizeof spec / sizeof spec[0], &body, err);
	if (st == FQ_OK) {
		in->request_id = json_integer_value(json_object_get(body, "request_id"));
		in->unit_id = json_integer_value(json_object_get(body, "unit_id"));
		in->level = (int)json_integer_value(json_object_get(body, "level"));
		in->type = fq_arena_strdup(ar, api_json_str(body, "type"));
		in->source = fq_arena_strdup(ar, api_json_str(body, "source"));
		in->title = fq_arena_strdup(ar, api_json_str(body, "title"));
		in->facts = fq_arena_strdup(ar, api_json_str(body, "facts"));
		in->claims = fq_arena_strdup(ar, api_json_str(body, "claims"));
		st = parse_parties(ar, json_object_get(body, "parties"), in, err);
	}
	json_decref(body);
	return st;
}

static void create_reply(app *a, http_req *r)
{
	dspsvc_create_job *x = api_job_done(r);
	if (!x)
		return;
	reply_case(a, r, x->who, x->id, 201);
}

static fq_status create_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	dspsvc_create_job *x = ctx;
	*x = (dspsvc_create_job){.a = http_arena(r), .who = api_caller(r),
				 .now = fq_now_ms() / 1000};
	dspsvc_create_job_init(x);
	return parse_create(r, &x->in, err);
}

void api_dispute_create(app *a, http_req *r)
{
	api_write(a, r, sizeof(dspsvc_create_job), create_fill, create_reply);
}

/* ---- POST /api/v1/disputes/{id}/{action} -------------------------------------------------- */

static fq_status parse_terms(fq_arena *ar, json_t *list, dspsvc_act_in *in, fq_err *err)
{
	size_t n = json_array_size(list);
	if (n > DSPSVC_TERMS_MAX)
		return fq_failr(err, FQ_ETOOBIG, "terms", "dispute.terms_max", "at most %d terms",
				DSPSVC_TERMS_MAX);
	store_dispute_term *t = fq_arena_alloc(ar, (n ? n : 1) * sizeof *t);
	if (!t)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(list, i);
		const char *text = json_string_value(json_object_get(o, "text"));
		const char *dl = json_string_value(json_object_get(o, "deadline"));
		if (!text || !*text)
			return fq_failr(err, FQ_EINVAL, "terms", "dispute.term_required",
					"terms[%zu].text is required", i);
		size_t len = json_string_length(json_object_get(o, "text")), start, end;
		fq_status st = api_text_check("terms", text, len, UTF8_TEXT_LINES, 0, &start, &end, err);
		if (st != FQ_OK)
			return st;
		if (utf8_char_count(text + start, end - start) > DSP_TERM_MAX)
			return fq_failr(err, FQ_ETOOBIG, "terms", "dispute.term_too_long",
					"terms[%zu].text is over %d characters",
					i, DSP_TERM_MAX);
		t[i] = (store_dispute_term){.seq = (int)i + 1,
					    .text = fq_arena_strndup(ar, text + start, end - start)};
		if (dl && *dl && cal_date_parse(dl, "terms", &t[i].deadline, err) != FQ_OK)
			return FQ_EINVAL;
	}
	in->terms = t;
	in->n_terms = n;
	return FQ_OK;
}

static fq_status parse_mediators(fq_arena *ar, json_t *list, dspsvc_act_in *in, fq_err *err)
{
	size_t n = json_array_size(list);
	if (n > DSPSVC_MEDIATORS_MAX)
		return fq_failr(err, FQ_ETOOBIG, "mediators", "dispute.mediators_max",
				"at most %d mediators",
				DSPSVC_MEDIATORS_MAX);
	int64_t *ids = fq_arena_alloc(ar, (n ? n : 1) * sizeof *ids);
	if (!ids)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(list, i);
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return fq_fail(err, FQ_EINVAL, "mediators", "mediators[%zu] must be an account id",
				       i);
		ids[i] = json_integer_value(v);
	}
	in->mediators = ids;
	in->n_mediators = n;
	return FQ_OK;
}

/* The body fields every action may carry; each action reads its own. */
static const api_field act_spec[] = {
	{"party_id", JF_INT, 0, 0, 1, DSP_ID_MAX},
	{"note", JF_TEXT, 0, DSP_NOTE_MAX, 0, 0},
	{"reason", JF_TEXT, 0, DSP_NOTE_MAX, 0, 0},
	{"incomplete_reason", JF_TEXT, 0, DSP_NOTE_MAX, 0, 0},
	{"mediators", JF_ARRAY, 0, 0, 0, 0},
	{"lead", JF_INT, 0, 0, 1, DSP_ID_MAX},
	{"at", JF_STRING, 0, DSP_WORD_MAX, 0, 0},
	{"place", JF_LINE, 0, DSP_PLACE_MAX, 0, 0},
	{"attendees", JF_TEXT, 0, DSP_NOTE_MAX, 0, 0},
	{"record", JF_TEXT, 0, DSP_RECORD_MAX, 0, 0},
	{"facts", JF_TEXT, 0, DSP_FACTS_MAX, 0, 0},
	{"points", JF_TEXT, 0, DSP_CLAIMS_MAX, 0, 0},
	{"responsibilities", JF_TEXT, 0, DSP_CLAIMS_MAX, 0, 0},
	{"terms", JF_ARRAY, 0, 0, 0, 0},
	{"signer", JF_STRING, 0, DSP_WORD_MAX, 0, 0},
	{"method", JF_STRING, 0, DSP_WORD_MAX, 0, 0},
	{"outcome", JF_STRING, 0, DSP_WORD_MAX, 0, 0},
	{"result", JF_STRING, 0, DSP_WORD_MAX, 0, 0},
	{"performance", JF_STRING, 0, DSP_WORD_MAX, 0, 0},
	{"term", JF_INT, 0, 0, 1, DSPSVC_TERMS_MAX},
	{"code", JF_STRING, 0, DSP_WORD_MAX, 0, 0},
	{"present", JF_BOOL, 0, 0, 0, 0},
	{"mediator_names", JF_TEXT, 0, DSP_NOTE_MAX, 0, 0}, /* a session's, as text */
};

/* A required string of the body: FQ_EINVAL naming it when absent or empty. */
static fq_status need(json_t *body, const char *name, fq_err *err)
{
	const char *v = api_json_str(body, name);
	return v && *v ? FQ_OK : fq_failr(err, FQ_EINVAL, name, "field.required", "%s is required",
					  name);
}

static fq_status need_session(fq_arena *ar, json_t *body, dspsvc_act_in *in, fq_err *err)
{
	fq_status st = need(body, "place", err);
	if (st == FQ_OK)
		st = need(body, "record", err);
	const char *at = api_json_str(body, "at");
	if (st == FQ_OK && at && *at && fq_time_parse(at, &in->session.at) != 0)
		st = fq_failr(err, FQ_EINVAL, "at", "field.time", "at must be an RFC 3339 time");
	const char *med = api_json_str(body, "mediator_names");
	in->session.place = fq_arena_strdup(ar, api_json_str(body, "place"));
	in->session.record = fq_arena_strdup(ar, api_json_str(body, "record"));
	in->session.attendees = fq_arena_strdup(ar, api_json_str(body, "attendees"));
	in->session.mediators = med ? fq_arena_strdup(ar, med) : "";
	if (!in->session.attendees)
		in->session.attendees = "";
	return st;
}

/* Each action's reader takes its fields from the checked body (the note,
 * party_id, result and performance are read for all); in->act is set from
 * the table first. */
typedef fq_status (*act_reader)(fq_arena *ar, json_t *body, dspsvc_act_in *in, fq_err *err);

static fq_status read_none(fq_arena *ar, json_t *body, dspsvc_act_in *in, fq_err *err)
{
	(void)ar, (void)body, (void)in, (void)err;
	return FQ_OK;
}

static fq_status read_party(fq_arena *ar, json_t *body, dspsvc_act_in *in, fq_err *err)
{
	(void)ar, (void)body;
	return in->party_id ? FQ_OK : fq_failr(err, FQ_EINVAL, "party_id", "field.required",
					       "party_id is required");
}

static fq_status read_mediators(fq_arena *ar, json_t *body, dspsvc_act_in *in, fq_err *err)
{
	in->lead = json_integer_value(json_object_get(body, "lead"));
	return parse_mediators(ar, json_object_get(body, "mediators"), in, err);
}

static fq_status read_agreement(fq_arena *ar, json_t *body, dspsvc_act_in *in, fq_err *err)
{
	fq_status st = need(body, "facts", err);
	if (st == FQ_OK)
		st = need(body, "points", err);
	if (st == FQ_OK)
		st = need(body, "responsibilities", err);
	in->ag_facts = fq_arena_strdup(ar, api_json_str(body, "facts"));
	in->ag_points = fq_arena_strdup(ar, api_json_str(body, "points"));
	in->ag_responsibilities = fq_arena_strdup(ar, api_json_str(body, "responsibilities"));
	return st == FQ_OK ? parse_terms(ar, json_object_get(body, "terms"), in, err) : st;
}

static fq_status read_sign(fq_arena *ar, json_t *body, dspsvc_act_in *in, fq_err *err)
{
	in->signer = fq_arena_strdup(ar, api_json_str(body, "signer"));
	in->method = fq_arena_strdup(ar, api_json_str(body, "method"));
	if (in->signer && strcmp(in->signer, "party") == 0 && !in->party_id)
		return fq_failr(err, FQ_EINVAL, "party_id", "field.required",
				"party_id is required");
	return FQ_OK;
}

/* close files the case as it stands (with incomplete_reason when required
 * case-file items are missing), or with an outcome first. */
static fq_status read_close(fq_arena *ar, json_t *body, dspsvc_act_in *in, fq_err *err)
{
	in->incomplete_reason = fq_arena_strdup(ar, api_json_str(body, "incomplete_reason"));
	const char *o = api_json_str(body, "outcome");
	in->act = !o ? DSP_ACT_CLOSE
		     : strcmp(o, "reconciled") == 0 ? DSP_ACT_RECONCILE
		     : strcmp(o, "failed") == 0     ? DSP_ACT_FAIL
						    : 0;
	if (!in->act)
		return fq_failr(err, FQ_EINVAL, "outcome", "dispute.outcome_unknown",
				"outcome must be reconciled or failed");
	return in->act == DSP_ACT_FAIL ? need(body, "reason", err) : FQ_OK;
}

static fq_status read_reason(fq_arena *ar, json_t *body, dspsvc_act_in *in, fq_err *err)
{
	(void)ar, (void)in;
	return need(body, "reason", err);
}

static fq_status read_performed(fq_arena *ar, json_t *body, dspsvc_act_in *in, fq_err *err)
{
	(void)ar;
	in->term_seq = (int)json_integer_value(json_object_get(body, "term"));
	return in->term_seq ? FQ_OK : fq_failr(err, FQ_EINVAL, "term", "field.required",
					       "term is required");
}

static fq_status read_document(fq_arena *ar, json_t *body, dspsvc_act_in *in, fq_err *err)
{
	in->doc_code = fq_arena_strdup(ar, api_json_str(body, "code"));
	in->doc_present = json_is_true(json_object_get(body, "present"));
	return json_is_boolean(json_object_get(body, "present"))
		       ? FQ_OK
		       : fq_fail(err, FQ_EINVAL, "present", "present must be true or false");
}

/* One row per action route: the last path segment, the action, its reader. */
typedef struct act_def {
	const char *name;
	dsp_action act;
	act_reader read;
} act_def;

static const act_def acts[] = {
	{"agree", DSP_ACT_AGREE, read_party},
	{"refuse", DSP_ACT_REFUSE, read_party},
	{"mediators", DSP_ACT_ASSIGN, read_mediators},
	{"sessions", DSP_ACT_SESSION, need_session},
	{"agreement", DSP_ACT_AGREEMENT, read_agreement},
	{"sign", DSP_ACT_SIGN, read_sign},
	{"close", DSP_ACT_CLOSE, read_close},
	{"escalate", DSP_ACT_ESCALATE, read_reason},
	{"judicial_apply", DSP_ACT_JUDICIAL, read_none},
	{"judicial_result", DSP_ACT_JUDICIAL_RESULT, read_none},
	{"followups", DSP_ACT_FOLLOWUP, read_none},
	{"performed", DSP_ACT_PERFORMED, read_performed},
	{"documents", DSP_ACT_DOCUMENT, read_document},
};

/* The action is the last segment of the path. */
static const char *path_action(http_req *r)
{
	const char *p = http_path(r);
	const char *slash = strrchr(p, '/');
	return slash ? slash + 1 : p;
}

/* The action named by the path; NULL for none. */
static const act_def *find_act(http_req *r)
{
	const char *name = path_action(r);
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
		if (strcmp(acts[i].name, name) == 0)
			return &acts[i];
	return NULL;
}

/* Map the route's action and body to the service's input. */
static fq_status parse_action(http_req *r, const act_def *def, json_t *body, dspsvc_act_in *in,
			      fq_err *err)
{
	fq_arena *ar = http_arena(r);
	const char *note = api_json_str(body, "note");
	const char *reason = api_json_str(body, "reason");
	in->note = fq_arena_strdup(ar, reason ? reason : note);
	in->party_id = json_integer_value(json_object_get(body, "party_id"));
	/* judicial_result and followups read one word each, checked by the service */
	in->result = fq_arena_strdup(ar, api_json_str(body, "result"));
	in->performance = fq_arena_strdup(ar, api_json_str(body, "performance"));
	in->act = def->act;
	return def->read(ar, body, in, err);
}

static fq_status act_body(http_req *r, dspsvc_act_in *in, fq_err *err)
{
	const act_def *def = find_act(r);
	if (!def)
		return fq_fail(err, FQ_ENOTFOUND, "", "no such action");
	json_t *body = NULL;
	fq_status st = api_body_checked(r, act_spec, sizeof act_spec / sizeof act_spec[0],
					&body, err);
	if (st == FQ_OK)
		st = parse_action(r, def, body, in, err);
	json_decref(body);
	return st;
}

static void act_reply(app *a, http_req *r)
{
	dspsvc_act_job *x = api_job_done(r);
	if (!x)
		return;
	/* the action may have handed the case up out of the caller's reach:
	 * they acted on it a moment ago, so it is read without the scope test */
	reply_case(a, r, NULL, x->id, 200);
}

/* The case of the path and the action of the body. */
static fq_status act_fill(app *a, http_req *r, void *ctx, fq_err *err)
{
	(void)a;
	dspsvc_act_job *x = ctx;
	*x = (dspsvc_act_job){.a = http_arena(r), .who = api_caller(r),
			      .now = fq_now_ms() / 1000};
	dspsvc_act_job_init(x);
	fq_status st = api_param_id(r, 0, &x->id, err);
	if (st == FQ_OK)
		st = act_body(r, &x->in, err);
	return st;
}

void api_dispute_action(app *a, http_req *r)
{
	api_write(a, r, sizeof(dspsvc_act_job), act_fill, act_reply);
}

/* ---- POST /api/v1/disputes/{id}/parties/{party_id}/reveal ----------------------------------- */

typedef struct reveal_ctx {
	dspsvc_reveal_job job; /* first: api_submit */
	const char *phone;
} reveal_ctx;

static void reveal_reply(app *a, http_req *r)
{
	(void)a;
	reveal_ctx *x = api_job_done(r);
	if (!x)
		return;
	api_reply_json(r, 200, json_pack("{s:I, s:s}", "party_id", (json_int_t)x->job.party_id,
					 "phone", x->phone));
}

void api_dispute_reveal(app *a, http_req *r)
{
	fq_err err = {0};
	/* an unmasked number must not stay in a browser's or a proxy's cache */
	http_add_header(r, "Cache-Control", "no-store");
	reveal_ctx *x = api_job_new(r, sizeof *x);
	if (!x)
		return;
	dspsvc_reveal_job_init(&x->job);
	const caller *who = api_caller(r);
	x->job.account_id = who->account_id;
	x->job.address = fq_arena_strdup(http_arena(r), http_peer(r));
	int64_t id = 0;
	fq_status st = api_param_id(r, 0, &id, &err);
	if (st == FQ_OK)
		st = api_param_id(r, 1, &x->job.party_id, &err);
	if (st == FQ_OK)
		st = dspsvc_party_phone(a->db, http_arena(r), who, id, x->job.party_id, &x->phone,
					&err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	api_submit(a, r, &x->job.job, reveal_reply);
}
