/*
 * requests_apply.c - the lifecycle of a stored request: reqsvc_apply (one
 * action: scope, relation, the transition table, deadlines, the row, the
 * timeline event, counters and the live row in one transaction),
 * reqsvc_set_cohandlers, and reqsvc_view_load (what a caller sees of a
 * request and may do with it); see requests.h.
 */
#include "domain/requests_int.h"

#include <stdio.h>
#include <string.h>

#include "store/store_org.h"

/* Working state of one action on one request. */
typedef struct move {
	store_conn *c;
	fq_arena a;               /* scratch for this transaction's loads */
	const reqsvc_actor *actor;
	req_action act;           /* the action, with the actor's roles and relation */
	store_request before;     /* as loaded */
	store_request after;      /* as it will be stored */
	req_state_in cur;
	req_state_out next;
	reqsvc_standing s;
	int64_t units[STORE_METRICS_UNITS_MAX];
	int n_units;
} move;

/* ---- loading --------------------------------------------------------- */

/* The request and how the actor stands to it; FQ_ENOTFOUND when it does
 * not exist or lies outside the actor's scope. */
static fq_status load_move(move *m, int64_t id, fq_err *err)
{
	const caller *who = m->actor->who;
	fq_status st = store_req_get(m->c, &m->a, id, &m->before, err);
	if (st == FQ_OK && who)
		st = reqsvc_load_standing(m->c, &m->a, who, &m->before, &m->s, NULL, NULL, err);
	if (st == FQ_OK && who && !m->s.visible)
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_ENOTFOUND, "id", "request.not_found", "no such request");
	if (st == FQ_OK)
		st = reqsvc_state_in(&m->before, &m->cur, err);
	if (st == FQ_OK)
		st = reqsvc_metric_units(m->before.unit_path, m->units, &m->n_units, err);
	m->after = m->before;
	return st;
}

/* The state of the request act merges into, if the actor may see it (a
 * missing merge_into is left to req_transition to name). */
static fq_status merge_target(move *m, fq_err *err)
{
	if (m->act.merge_into <= 0)
		return FQ_OK;
	store_request t;
	reqsvc_standing ts = {.visible = true};
	fq_status st = store_req_get(m->c, &m->a, m->act.merge_into, &t, err);
	if (st == FQ_OK && m->actor->who)
		st = reqsvc_load_standing(m->c, &m->a, m->actor->who, &t, &ts, NULL, NULL, err);
	if (st == FQ_OK && !ts.visible)
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_EINVAL, "merge_into", "request.merge_target_unknown",
				"no such request");
	if (st == FQ_OK)
		m->act.merge_into_state = req_state_parse(t.state);
	return st;
}

/* The actor's roles and relation on this request, into m->act. */
static void set_actor(move *m, const req_action *act)
{
	const reqsvc_actor *actor = m->actor;
	m->act = *act;
	if (!actor->who) {
		m->act.actor_roles = actor->roles;
		m->act.actor_rel = 0;
		return;
	}
	m->act.actor_roles = m->s.roles & (actor->roles ? actor->roles : ~0u);
	m->act.actor_rel = m->s.rel;
	if (m->s.cohandler && (act->kind == REQ_ACT_ACCEPT || act->kind == REQ_ACT_RESOLVE)) {
		m->act.actor_roles |= ROLE_DEPARTMENT_OFFICER;
		m->act.actor_rel |= REQ_REL_HOLDER;
	}
}

/* ---- effects ----------------------------------------------------------- */

/* A new handler at the level the table chose (or above, when that level
 * has nobody), with fresh deadlines as the effects ask. */
static fq_status reassign(move *m, const cal_calendar *cal, fq_err *err)
{
	store_request *r = &m->after;
	unsigned fx = m->next.effects;
	int64_t now = m->act.now;
	if (fx & REQ_EFFECT_ASSIGN) {
		ladder_context ctx;
		ladder_assignee asg;
		fq_status st = reqsvc_load_ladder(m->c, r, &ctx, err);
		if (st == FQ_OK)
			st = reqsvc_pick_assignee(m->next.level, &ctx, &asg, err);
		if (st != FQ_OK)
			return st;
		r->level = asg.level;
		r->assignee_account_id = asg.account_id;
		r->assignee_unit_id = asg.unit_id;
	}
	if (!(fx & (REQ_EFFECT_ACCEPT_DUE | REQ_EFFECT_RESOLVE_DUE)))
		return FQ_OK;
	sla_level_limits lim;
	fq_status st = reqsvc_load_limits(m->c, &m->a, r->category_id, r->level, &lim, err);
	if (st == FQ_OK && (fx & REQ_EFFECT_ACCEPT_DUE))
		st = sla_deadline(cal, now, &lim.accept, &r->accept_due, err);
	if (st == FQ_OK && (fx & REQ_EFFECT_RESOLVE_DUE))
		st = sla_deadline(cal, now, &lim.resolve, &r->resolve_due, err);
	return st;
}

/* Deadlines that do not come with a new handler. */
static fq_status other_deadlines(move *m, const cal_calendar *cal, fq_err *err)
{
	store_request *r = &m->after;
	unsigned fx = m->next.effects;
	fq_status st = FQ_OK;
	if (fx & REQ_EFFECT_EXTEND_DUE) {
		sla_limit asked = {m->before.ext_amount, sla_unit_parse(m->before.ext_unit)};
		st = sla_extend(cal, m->before.resolve_due, &asked, &r->resolve_due, err);
	}
	if (st == FQ_OK && (fx & REQ_EFFECT_FOLLOWUP_DUE))
		st = cal_add_workdays(cal, m->act.now, REQ_FOLLOWUP_WORKDAYS, &r->followup_due, err);
	if (fx & REQ_EFFECT_SUPERVISE_DUE)
		r->card_due = m->act.due;
	return st;
}

/* The columns the action itself fills. */
static void action_columns(move *m)
{
	store_request *r = &m->after;
	const req_action *act = &m->act;
	switch (act->kind) {
	case REQ_ACT_ACCEPT:
		r->accepted_at = act->now;
		/* sticky: the sweeper marks it too when an accept deadline passes */
		r->accepted_late = m->before.accepted_late ||
				   (m->before.accept_due > 0 && act->now > m->before.accept_due);
		break;
	case REQ_ACT_RESOLVE:
		r->resolved_at = act->now;
		r->result = act->result;
		break;
	case REQ_ACT_RATE:
		r->rating_resolved = act->resolved == REQ_ANSWER_YES;
		r->rating_satisfaction = act->satisfaction;
		r->rating_comment = act->comment;
		break;
	case REQ_ACT_EXTEND:
		r->ext_amount = act->ext_limit.amount;
		r->ext_unit = sla_unit_name(act->ext_limit.unit);
		break;
	case REQ_ACT_MERGE:
		r->merged_into = act->merge_into;
		break;
	case REQ_ACT_REMIND:
		r->reminded_at = act->now;
		break;
	default:
		break;
	}
}

/* Times that follow from the states left and entered. */
static void state_columns(move *m)
{
	store_request *r = &m->after;
	req_state from = m->cur.state, to = m->next.state;
	int64_t now = m->act.now;
	if (to == REQ_DISPATCHED && (from != REQ_DISPATCHED || (m->next.effects & REQ_EFFECT_ASSIGN))) {
		r->dispatched_at = now;
		r->accepted_at = 0;
	}
	if (to == REQ_CLOSED && from != REQ_CLOSED)
		r->closed_at = now;
	if (from == REQ_CLOSED && to != REQ_CLOSED)
		r->closed_at = 0;
	if (from == REQ_RESOLVED && to != REQ_RESOLVED)
		r->followup_due = 0;
}

static fq_status apply_effects(move *m, fq_err *err)
{
	store_request *r = &m->after;
	const req_state_out *n = &m->next;
	r->state = req_state_name(n->state);
	r->level = n->level;
	r->redo_count = n->redo_count;
	r->ext_state = req_ext_name(n->ext);
	r->extensions = n->extensions;
	r->card = req_card_name(n->card);
	r->updated_at = m->act.now;
	const cal_calendar *cal = NULL;
	fq_status st = workdays_calendar(m->c, &m->a, &cal, err);
	if (st == FQ_OK)
		st = reassign(m, cal, err);
	if (st == FQ_OK)
		st = other_deadlines(m, cal, err);
	if (st != FQ_OK)
		return st;
	action_columns(m);
	state_columns(m);
	return FQ_OK;
}

/* ---- the event ------------------------------------------------------------ */

static const char *event_note(const req_action *act)
{
	const char *texts[] = {act->reason, act->result, act->comment, act->note};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (texts[i] && *texts[i])
			return texts[i];
	return "";
}

static void add_kv(store_req_event_new *ev, const char *key, const char *text, int64_t num,
		   int is_num)
{
	if (ev->n_detail < STORE_REQ_DETAIL_MAX)
		ev->detail[ev->n_detail++] = (store_req_kv){key, text, num, is_num};
}

/* The action's fields worth keeping beside the note. */
static void event_detail(const move *m, store_req_event_new *ev)
{
	const req_action *act = &m->act;
	switch (act->kind) {
	case REQ_ACT_RETURN:
		add_kv(ev, "reason_code", req_reason_name(act->reason_code), 0, 0);
		break;
	case REQ_ACT_RATE:
		add_kv(ev, "resolved", NULL, act->resolved == REQ_ANSWER_YES, 1);
		add_kv(ev, "satisfaction", NULL, act->satisfaction, 1);
		break;
	case REQ_ACT_EXTEND:
		add_kv(ev, "amount", NULL, act->ext_limit.amount, 1);
		add_kv(ev, "unit", sla_unit_name(act->ext_limit.unit), 0, 0);
		break;
	case REQ_ACT_SUPERVISE:
		add_kv(ev, "card", req_card_name(act->card), 0, 0);
		add_kv(ev, "due", NULL, act->due, 1);
		break;
	case REQ_ACT_MERGE:
		add_kv(ev, "merge_into", NULL, act->merge_into, 1);
		break;
	default:
		break;
	}
	if (m->next.effects & REQ_EFFECT_ASSIGN)
		add_kv(ev, "assignee", NULL, m->after.assignee_account_id, 1);
}

static fq_status record_move(move *m, int64_t *event_id, fq_err *err)
{
	const req_action *act = &m->act;
	store_req_event_new ev = {
		.request_id = m->before.id, .at = act->now,
		.actor_account_id = m->actor->account_id, .event = req_event_name(m->next.event),
		.old_state = m->before.state, .new_state = m->after.state,
		.old_level = m->before.level, .new_level = m->after.level,
		.note = event_note(act),
	};
	event_detail(m, &ev);
	bool rate = act->kind == REQ_ACT_RATE;
	reqsvc_record rec = {
		.r = &m->after, .ev = &ev, .accept_due_before = m->before.accept_due,
		.resolve_due_before = m->before.resolve_due,
		.rating_resolved = rate ? act->resolved == REQ_ANSWER_YES : -1,
		.satisfaction = rate ? act->satisfaction : 0,
	};
	return reqsvc_record_event(m->c, &rec, m->units, m->n_units, event_id, err);
}

/* ---- reqsvc_apply ------------------------------------------------------ */

static fq_status run_move(move *m, int64_t id, const req_action *act, int64_t *event_id,
			  fq_err *err)
{
	fq_status st = load_move(m, id, err);
	if (st != FQ_OK)
		return st;
	set_actor(m, act);
	if (act->kind == REQ_ACT_MERGE && req_can(m->cur.state, REQ_ACT_MERGE))
		st = merge_target(m, err);
	if (st == FQ_OK)
		st = req_transition(&m->cur, &m->act, &m->next, err);
	if (st == FQ_OK)
		st = apply_effects(m, err);
	if (st == FQ_OK)
		st = store_req_update(m->c, &m->before, &m->after, err);
	if (st == FQ_OK && m->after.level < LADDER_STREET && m->before.level == LADDER_STREET)
		st = store_req_cohandlers_set(m->c, id, NULL, 0, err);
	if (st == FQ_OK)
		st = record_move(m, event_id, err);
	return st;
}

fq_status reqsvc_apply(store_conn *c, int64_t request_id, const reqsvc_actor *actor,
		       const req_action *act, int64_t *event_id_out, fq_err *err)
{
	move m = {.c = c, .actor = actor};
	fq_arena_init(&m.a);
	int64_t event_id = 0;
	fq_status st = run_move(&m, request_id, act, &event_id, err);
	fq_arena_free(&m.a);
	if (st == FQ_OK && event_id_out)
		*event_id_out = event_id;
	return st;
}

/* ---- bulk merge ---------------------------------------------------------- */

static fq_status check_merge_list(int64_t merge_into, const int64_t *ids, size_t n, fq_err *err)
{
	if (n == 0 || n > REQSVC_MERGE_MANY_MAX)
		return fq_failr(err, FQ_EINVAL, "ids", "request.merge_ids_range",
				"ids must list 1 to %d requests",
				REQSVC_MERGE_MANY_MAX);
	for (size_t i = 0; i < n; i++) {
		if (ids[i] == merge_into)
			return fq_failr(err, FQ_EINVAL, "ids", "request.merge_ids_target",
					"request %lld is the target of the merge", (long long)ids[i]);
		for (size_t k = 0; k < i; k++)
			if (ids[k] == ids[i])
				return fq_failr(err, FQ_EINVAL, "ids", "request.merge_ids_twice",
						"request %lld is listed twice",
						(long long)ids[i]);
	}
	return FQ_OK;
}

fq_status reqsvc_merge_many(store_conn *c, int64_t merge_into, const int64_t *ids, size_t n,
			    const reqsvc_actor *actor, int64_t now, fq_err *err)
{
	fq_status st = check_merge_list(merge_into, ids, n, err);
	for (size_t i = 0; i < n && st == FQ_OK; i++) {
		req_action act = {.kind = REQ_ACT_MERGE, .now = now, .merge_into = merge_into};
		st = reqsvc_apply(c, ids[i], actor, &act, NULL, err);
		if (st != FQ_OK && err) {
			char why[FQ_ERR_MSG_MAX], field[FQ_ERR_FIELD_MAX];
			snprintf(why, sizeof why, "%s", err->message);
			snprintf(field, sizeof field, "%s", err->field[0] ? err->field : "ids");
			fq_fail(err, st, field, "request %lld: %s", (long long)ids[i], why);
		}
	}
	return st;
}

/* ---- co-handling departments --------------------------------------------- */

static fq_status check_departments(move *m, const ladder_cohandler *list, size_t n,
				   fq_err *err)
{
	fq_status st = ladder_cohandlers_check(m->before.level, list, n, err);
	for (size_t i = 0; i < n && st == FQ_OK; i++) {
		store_unit u;
		st = store_unit_get(m->c, &m->a, list[i].unit_id, &u, err);
		if (st == FQ_OK && strcmp(u.kind, "department") != 0)
			st = FQ_ENOTFOUND;
		if (st == FQ_ENOTFOUND)
			st = fq_failr(err, FQ_EINVAL, "departments", "request.department_unknown",
				      "unit %lld is not a department",
				      (long long)list[i].unit_id);
	}
	return st;
}

/* State first (409), then who (403), then the list (409 below level 4,
 * else 422), as the lifecycle orders its checks. */
static fq_status may_set_cohandlers(move *m, const ladder_cohandler *list, size_t n,
				    fq_err *err)
{
	req_state s = m->cur.state;
	if (s != REQ_DISPATCHED && s != REQ_ACCEPTED)
		return fq_failr(err, FQ_ECONFLICT, "", "request.cohandle_state",
				"cannot set co-handlers on a request in state %s",
				req_state_name(s));
	bool system = !m->actor->who && (m->actor->roles & REQ_ACTOR_SYSTEM);
	if (!system && !(m->s.roles & ROLE_DISPATCHER))
		return fq_failr(err, FQ_EFORBIDDEN, "", "request.cohandle_role",
				"setting co-handlers needs the dispatcher role over this request");
	return check_departments(m, list, n, err);
}

static fq_status run_cohandlers(move *m, int64_t id, const ladder_cohandler *list, size_t n,
				int64_t now, int64_t *event_id, fq_err *err)
{
	fq_status st = load_move(m, id, err);
	if (st == FQ_OK)
		st = may_set_cohandlers(m, list, n, err);
	if (st == FQ_OK)
		st = store_req_cohandlers_set(m->c, id, list, n, err);
	m->after.updated_at = now;
	if (st == FQ_OK)
		st = store_req_update(m->c, &m->before, &m->after, err);
	if (st != FQ_OK)
		return st;
	int64_t lead = 0;
	for (size_t i = 0; i < n; i++)
		if (list[i].lead)
			lead = list[i].unit_id;
	store_req_event_new ev = {
		.request_id = id, .at = now, .actor_account_id = m->actor->account_id,
		.event = REQSVC_EV_COHANDLERS, .old_state = m->before.state,
		.new_state = m->after.state, .old_level = m->before.level,
		.new_level = m->after.level,
		.detail = {{.key = "lead", .num = lead, .is_num = 1},
			   {.key = "departments", .num = (int64_t)n, .is_num = 1}},
		.n_detail = 2,
	};
	reqsvc_record rec = {.r = &m->after, .ev = &ev, .rating_resolved = -1,
			     .accept_due_before = m->before.accept_due,
			     .resolve_due_before = m->before.resolve_due};
	return reqsvc_record_event(m->c, &rec, m->units, m->n_units, event_id, err);
}

fq_status reqsvc_set_cohandlers(store_conn *c, int64_t request_id, const reqsvc_actor *actor,
				const ladder_cohandler *list, size_t n, int64_t now,
				int64_t *event_id_out, fq_err *err)
{
	move m = {.c = c, .actor = actor};
	fq_arena_init(&m.a);
	int64_t event_id = 0;
	fq_status st = run_cohandlers(&m, request_id, list, n, now, &event_id, err);
	fq_arena_free(&m.a);
	if (st == FQ_OK && event_id_out)
		*event_id_out = event_id;
	return st;
}

/* ---- the view ------------------------------------------------------------ */

/* A deadline still running, due soon inside `window` seconds before it. */
static reqsvc_deadline running(int64_t due, int64_t window, int64_t now)
{
	if (!due)
		return (reqsvc_deadline){0};
	return (reqsvc_deadline){.due = due, .timing = sla_state(now, due, window),
				 .running = true};
}

/* A deadline already met (at <= due) or missed at `at`; at 0: neither. */
static reqsvc_deadline settled(int64_t due, int64_t at)
{
	reqsvc_deadline d = {.due = due};
	if (due && at)
		d.timing = at <= due ? SLA_ON_TIME : SLA_OVERDUE;
	return d;
}

/* The due-soon window of a limit that ran from started to due (sla.h). */
static int64_t soon_window(int64_t started, int64_t due)
{
	return sla_remind_window(started, due, SLA_DUE_SOON_PCT, SLA_DUE_SOON_MAX_S);
}

static void view_deadlines(reqsvc_view *v, req_state s, int64_t now)
{
	const store_request *r = &v->req;
	bool waiting = s == REQ_DISPATCHED || s == REQ_RETURNED;
	int64_t sent = r->dispatched_at ? r->dispatched_at : r->created_at;
	v->accept = waiting ? running(r->accept_due, soon_window(sent, r->accept_due), now) : settled(r->accept_due, r->accepted_at);
	bool handling = s == REQ_DISPATCHED || s == REQ_ACCEPTED;
	v->resolve = handling ? running(r->resolve_due, soon_window(sent, r->resolve_due), now)
			      : settled(r->resolve_due, r->resolved_at);
	v->followup = s == REQ_RESOLVED ? running(r->followup_due, soon_window(r->resolved_at, r->followup_due), now)
					: (reqsvc_deadline){.due = r->followup_due};
	bool chased = r->card && strcmp(r->card, "none") != 0 && req_state_is_open(s) &&
		      s != REQ_RESOLVED;
	v->card = chased ? running(r->card_due, REQSVC_CARD_SOON_S, now) : (reqsvc_deadline){.due = r->card_due};
}

static reqsvc_reporter_view reporter_view(const store_request *r, const reqsvc_standing *s)
{
	if (s->rel & REQ_REL_REPORTER)
		return REQSVC_REPORTER_NAMED;
	if (r->anonymous)
		return REQSVC_REPORTER_HIDDEN;
	if (s->staff || s->linked || (s->rel & REQ_REL_HOLDER))
		return REQSVC_REPORTER_NAMED;
	return REQSVC_REPORTER_MASKED;
}

fq_status reqsvc_view_load(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			   int64_t now, reqsvc_view *out, fq_err *err)
{
	reqsvc_view v = {0};
	reqsvc_standing s;
	fq_status st = store_req_get(c, a, id, &v.req, err);
	if (st == FQ_OK)
		st = reqsvc_load_standing(c, a, who, &v.req, &s, &v.cohandlers, &v.n_cohandlers,
					  err);
	if (st == FQ_OK && !s.visible)
		st = FQ_ENOTFOUND;
	if (st == FQ_ENOTFOUND)
		return fq_failr(err, FQ_ENOTFOUND, "id", "request.not_found", "no such request");
	if (st == FQ_OK)
		st = store_req_events(c, a, id, REQSVC_TIMELINE_MAX, &v.events, &v.n_events, err);
	req_state_in cur;
	if (st == FQ_OK)
		st = reqsvc_state_in(&v.req, &cur, err);
	if (st != FQ_OK)
		return st;
	v.actions = reqsvc_actions(&cur, &s);
	view_deadlines(&v, cur.state, now);
	v.reporter = reporter_view(&v.req, &s);
	if (v.req.assignee_account_id)
		v.assignee_role = reqsvc_assignee_role(v.req.level,
						       reqsvc_roles_of(v.req.assignee_roles));
	*out = v;
	return FQ_OK;
}
