/*
 * lifecycle.c - the transition table of requests and the function that
 * walks it; see lifecycle.h and docs/lifecycle.md.
 *
 * Each row of `edges` is one legal move: from a state, by an action (and,
 * for a rating, its outcome), to a state, writing an event, changing the
 * level by a rule, allowed to the roles in `who` when the actor also holds
 * one of the relations in `rel` (0: no relation needed), and asking the
 * caller for the effects listed. Several rows may share a move when
 * different roles need different relations; they agree on everything else.
 */
#include "domain/lifecycle.h"

#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "core/utf8.h"

/* Rating outcomes; every other action has OUT_ANY. */
typedef enum outcome {
	OUT_ANY = 0,
	OUT_SATISFIED, /* resolved and satisfaction >= REQ_SATISFIED_MIN */
	OUT_REDO,      /* otherwise, while redo_count < REQ_REDO_MAX */
	OUT_FINAL,     /* otherwise */
} outcome;

/* How a move changes the level. */
typedef enum level_rule {
	LV_KEEP = 0,
	LV_SET,    /* req_action.level when non-zero */
	LV_UP,     /* one up; a conflict at the top */
	LV_UP_CAP, /* one up, staying at the top */
	LV_REDO,   /* as LV_KEEP on the first redo, LV_UP_CAP on later ones */
} level_rule;

typedef struct edge {
	req_state from;
	req_action_kind action;
	outcome out;
	req_state to;
	req_event event;
	level_rule lv;
	unsigned who;     /* role bits, REQ_ACTOR_SYSTEM */
	unsigned rel;     /* REQ_REL_* of which the actor needs one; 0 = none */
	unsigned effects; /* REQ_EFFECT_* */
} edge;

/* Who may hold a request (be its assignee). */
#define HANDLERS (ROLE_LEADER | ROLE_BUILDING_LEADER | ROLE_GRID_WORKER | \
		  ROLE_COMMUNITY_OFFICER | ROLE_DISPATCHER | ROLE_DEPARTMENT_OFFICER)
/* Who routes requests: dispatches, reassigns, rejects, merges. */
#define ROUTERS (ROLE_GRID_WORKER | ROLE_COMMUNITY_OFFICER | ROLE_DISPATCHER)
#define SUPER ROLE_SUPERVISOR
#define SYS REQ_ACTOR_SYSTEM
#define ANYONE WHO_ANY
#define HOLD REQ_REL_HOLDER
#define REP REQ_REL_REPORTER
/* A new handler with fresh deadlines. */
#define NEW_HANDLER (REQ_EFFECT_ASSIGN | REQ_EFFECT_ACCEPT_DUE | REQ_EFFECT_RESOLVE_DUE)

#define SUB REQ_SUBMITTED
#define DIS REQ_DISPATCHED
#define ACC REQ_ACCEPTED
#define RES REQ_RESOLVED
#define CLO REQ_CLOSED
#define RET REQ_RETURNED
#define REJ REQ_REJECTED
#define MRG REQ_MERGED

/* Supervision and reminders, the same on every state that waits for
 * someone to act. */
#define CHASE(s)                                                                    \
	{s, REQ_ACT_SUPERVISE, OUT_ANY, s, REQ_EV_SUPERVISED, LV_KEEP, SUPER, 0,    \
	 REQ_EFFECT_SUPERVISE_DUE},                                                 \
	{s, REQ_ACT_REMIND, OUT_ANY, s, REQ_EV_REMINDED, LV_KEEP, SUPER | SYS, 0, 0}, \
	{s, REQ_ACT_REMIND, OUT_ANY, s, REQ_EV_REMINDED, LV_KEEP, ANYONE, REP, 0}

/* What a handler may do while holding a request: send it back, pass it up,
 * and a router may fold it into another. */
#define HANDLE(s)                                                                   \
	{s, REQ_ACT_RETURN, OUT_ANY, RET, REQ_EV_RETURNED, LV_UP_CAP, HANDLERS, HOLD, \
	 REQ_EFFECT_ASSIGN | REQ_EFFECT_ACCEPT_DUE},                                \
	{s, REQ_ACT_ESCALATE, OUT_ANY, DIS, REQ_EV_ESCALATED, LV_UP, HANDLERS, HOLD, \
	 NEW_HANDLER},                                                              \
	{s, REQ_ACT_ESCALATE, OUT_ANY, DIS, REQ_EV_ESCALATED, LV_UP, SYS, 0,        \
	 NEW_HANDLER},                                                              \
	{s, REQ_ACT_MERGE, OUT_ANY, MRG, REQ_EV_MERGED, LV_KEEP, ROUTERS, 0, 0}

/* A rating outcome, by the reporter or recorded by a supervisor's
 * follow-up call. */
#define RATE(o, to, ev, lv, fx)                                 \
	{RES, REQ_ACT_RATE, o, to, ev, lv, ANYONE, REP, fx},    \
	{RES, REQ_ACT_RATE, o, to, ev, lv, SUPER, 0, fx}

static const edge edges[] = {
	{SUB, REQ_ACT_DISPATCH, OUT_ANY, DIS, REQ_EV_DISPATCHED, LV_SET, ROUTERS | SYS, 0,
	 NEW_HANDLER},
	{SUB, REQ_ACT_REJECT, OUT_ANY, REJ, REQ_EV_REJECTED, LV_KEEP, ROUTERS, 0, 0},
	{SUB, REQ_ACT_MERGE, OUT_ANY, MRG, REQ_EV_MERGED, LV_KEEP, ROUTERS, 0, 0},
	CHASE(SUB),

	{DIS, REQ_ACT_ACCEPT, OUT_ANY, ACC, REQ_EV_ACCEPTED, LV_KEEP, HANDLERS, HOLD, 0},
	HANDLE(DIS),
	CHASE(DIS),

	{ACC, REQ_ACT_RESOLVE, OUT_ANY, RES, REQ_EV_RESOLVED, LV_KEEP, HANDLERS, HOLD,
	 REQ_EFFECT_FOLLOWUP_DUE},
	{ACC, REQ_ACT_EXTEND, OUT_ANY, ACC, REQ_EV_EXTENSION_REQUESTED, LV_KEEP, HANDLERS,
	 HOLD, 0},
	{ACC, REQ_ACT_APPROVE_EXTENSION, OUT_ANY, ACC, REQ_EV_EXTENSION_APPROVED, LV_KEEP,
	 SUPER, 0, REQ_EFFECT_EXTEND_DUE},
	{ACC, REQ_ACT_REFUSE_EXTENSION, OUT_ANY, ACC, REQ_EV_EXTENSION_REFUSED, LV_KEEP,
	 SUPER, 0, 0},
	{ACC, REQ_ACT_LAPSE_EXTENSION, OUT_ANY, ACC, REQ_EV_EXTENSION_LAPSED, LV_KEEP, SYS,
	 0, 0},
	HANDLE(ACC),
	CHASE(ACC),

	{RET, REQ_ACT_REASSIGN, OUT_ANY, DIS, REQ_EV_REASSIGNED, LV_SET, ROUTERS, 0,
	 NEW_HANDLER},
	{RET, REQ_ACT_ESCALATE, OUT_ANY, DIS, REQ_EV_ESCALATED, LV_UP, ROUTERS | SYS, 0,
	 NEW_HANDLER},
	{RET, REQ_ACT_REJECT, OUT_ANY, REJ, REQ_EV_REJECTED, LV_KEEP, ROUTERS, 0, 0},
	{RET, REQ_ACT_MERGE, OUT_ANY, MRG, REQ_EV_MERGED, LV_KEEP, ROUTERS, 0, 0},
	CHASE(RET),

	RATE(OUT_SATISFIED, CLO, REQ_EV_RATED, LV_KEEP, 0),
	RATE(OUT_REDO, DIS, REQ_EV_RATED_REDO, LV_REDO, NEW_HANDLER),
	RATE(OUT_FINAL, CLO, REQ_EV_RATED_FINAL, LV_KEEP, 0),
	{RES, REQ_ACT_REDO, OUT_ANY, DIS, REQ_EV_REDONE, LV_REDO, SUPER, 0, NEW_HANDLER},
	{RES, REQ_ACT_AUTO_CLOSE, OUT_ANY, CLO, REQ_EV_AUTO_CLOSED, LV_KEEP, SYS, 0, 0},

	{CLO, REQ_ACT_REDO, OUT_ANY, DIS, REQ_EV_REDONE, LV_REDO, SUPER, 0, NEW_HANDLER},
};

#define N_EDGES (sizeof edges / sizeof edges[0])

/* ---- names and labels ---- */

typedef struct names {
	const char *name; /* wire name */
	const char *zh;   /* Chinese label */
} names;

static const names state_names[REQ_STATE_COUNT] = {
	[REQ_SUBMITTED] = {"submitted", "受理"},   [REQ_DISPATCHED] = {"dispatched", "派单"},
	[REQ_ACCEPTED] = {"accepted", "签收"},     [REQ_RESOLVED] = {"resolved", "办结"},
	[REQ_CLOSED] = {"closed", "结案"},         [REQ_RETURNED] = {"returned", "退单"},
	[REQ_REJECTED] = {"rejected", "不予受理"}, [REQ_MERGED] = {"merged", "合并"},
};

static const names action_names[REQ_ACT_COUNT] = {
	[REQ_ACT_DISPATCH] = {"dispatch", "派单"},
	[REQ_ACT_ACCEPT] = {"accept", "签收"},
	[REQ_ACT_RETURN] = {"return", "退单"},
	[REQ_ACT_ESCALATE] = {"escalate", "上报"},
	[REQ_ACT_RESOLVE] = {"resolve", "办结"},
	[REQ_ACT_RATE] = {"rate", "评价"},
	[REQ_ACT_EXTEND] = {"extend", "申请延期"},
	[REQ_ACT_APPROVE_EXTENSION] = {"approve_extension", "批准延期"},
	[REQ_ACT_REFUSE_EXTENSION] = {"refuse_extension", "驳回延期"},
	[REQ_ACT_LAPSE_EXTENSION] = {"lapse_extension", "延期失效"},
	[REQ_ACT_SUPERVISE] = {"supervise", "督办"},
	[REQ_ACT_REMIND] = {"remind", "催办"},
	[REQ_ACT_REJECT] = {"reject", "不予受理"},
	[REQ_ACT_MERGE] = {"merge", "合并"},
	[REQ_ACT_REDO] = {"redo", "重办"},
	[REQ_ACT_AUTO_CLOSE] = {"auto_close", "自动结案"},
	[REQ_ACT_REASSIGN] = {"reassign", "改派"},
};

static const names event_names[REQ_EV_COUNT] = {
	[REQ_EV_SUBMITTED] = {"submitted", "受理"},
	[REQ_EV_DISPATCHED] = {"dispatched", "派单"},
	[REQ_EV_ACCEPTED] = {"accepted", "签收"},
	[REQ_EV_RETURNED] = {"returned", "退单"},
	[REQ_EV_ESCALATED] = {"escalated", "上报"},
	[REQ_EV_RESOLVED] = {"resolved", "办结"},
	[REQ_EV_RATED] = {"rated", "回访满意，结案"},
	[REQ_EV_RATED_REDO] = {"rated_redo", "回访不满意，重办"},
	[REQ_EV_RATED_FINAL] = {"rated_final", "回访不满意，结案"},
	[REQ_EV_EXTENSION_REQUESTED] = {"extension_requested", "申请延期"},
	[REQ_EV_EXTENSION_APPROVED] = {"extension_approved", "批准延期"},
	[REQ_EV_EXTENSION_REFUSED] = {"extension_refused", "驳回延期"},
	[REQ_EV_EXTENSION_LAPSED] = {"extension_lapsed", "延期失效"},
	[REQ_EV_SUPERVISED] = {"supervised", "督办"},
	[REQ_EV_REMINDED] = {"reminded", "催办"},
	[REQ_EV_REJECTED] = {"rejected", "不予受理"},
	[REQ_EV_MERGED] = {"merged", "合并"},
	[REQ_EV_REDONE] = {"redone", "重办"},
	[REQ_EV_AUTO_CLOSED] = {"auto_closed", "自动结案"},
	[REQ_EV_REASSIGNED] = {"reassigned", "改派"},
};

static const names reason_names[REQ_REASON_COUNT] = {
	[REQ_REASON_WRONG_AREA] = {"wrong_area", "属地不符"},
	[REQ_REASON_UNCLEAR_OWNERSHIP] = {"unclear_ownership", "权属不清"},
	[REQ_REASON_OVERLAPPING_REMIT] = {"overlapping_remit", "职能交叉"},
	[REQ_REASON_OTHER] = {"other", "其他"},
};

static const names card_names[REQ_CARD_COUNT] = {
	[REQ_CARD_NONE] = {"none", "未督办"},
	[REQ_CARD_NORMAL] = {"normal", "普通督办"},
	[REQ_CARD_YELLOW] = {"yellow", "黄牌督办"},
	[REQ_CARD_RED] = {"red", "红牌督办"},
};

static const names ext_names[REQ_EXT_COUNT] = {
	[REQ_EXT_NONE] = {"none", "未申请"},
	[REQ_EXT_PENDING] = {"pending", "待审批"},
	[REQ_EXT_APPROVED] = {"approved", "已批准"},
	[REQ_EXT_REFUSED] = {"refused", "已驳回"},
	[REQ_EXT_LAPSED] = {"lapsed", "已失效"},
};

static const char *name_in(const names *t, int count, int v)
{
	return (v >= 0 && v < count) ? t[v].name : NULL;
}

static const char *label_in(const names *t, int count, int v, const char *lang)
{
	if (v < 0 || v >= count || !t[v].name)
		return NULL;
	return (lang && strcmp(lang, "zh") == 0) ? t[v].zh : t[v].name;
}

/* Index of the wire name in t, or 0 (the NONE value) when unknown. */
static int parse_in(const names *t, int count, const char *name)
{
	for (int i = 1; name && i < count; i++)
		if (t[i].name && strcmp(t[i].name, name) == 0)
			return i;
	return 0;
}

const char *req_state_name(req_state s)
{
	return name_in(state_names, REQ_STATE_COUNT, (int)s);
}

req_state req_state_parse(const char *name)
{
	return (req_state)parse_in(state_names, REQ_STATE_COUNT, name);
}

const char *req_action_name(req_action_kind a)
{
	return name_in(action_names, REQ_ACT_COUNT, (int)a);
}

req_action_kind req_action_parse(const char *name)
{
	return (req_action_kind)parse_in(action_names, REQ_ACT_COUNT, name);
}

const char *req_event_name(req_event e)
{
	return name_in(event_names, REQ_EV_COUNT, (int)e);
}

const char *req_reason_name(req_reason r)
{
	return name_in(reason_names, REQ_REASON_COUNT, (int)r);
}

req_reason req_reason_parse(const char *name)
{
	return (req_reason)parse_in(reason_names, REQ_REASON_COUNT, name);
}

const char *req_card_name(req_card c)
{
	return name_in(card_names, REQ_CARD_COUNT, (int)c);
}

req_card req_card_parse(const char *name)
{
	return (req_card)parse_in(card_names, REQ_CARD_COUNT, name);
}

const char *req_ext_name(req_ext_state x)
{
	return name_in(ext_names, REQ_EXT_COUNT, (int)x);
}

const char *req_state_label(req_state s, const char *lang)
{
	return label_in(state_names, REQ_STATE_COUNT, (int)s, lang);
}

const char *req_action_label(req_action_kind a, const char *lang)
{
	return label_in(action_names, REQ_ACT_COUNT, (int)a, lang);
}

const char *req_event_label(req_event e, const char *lang)
{
	return label_in(event_names, REQ_EV_COUNT, (int)e, lang);
}

const char *req_reason_label(req_reason r, const char *lang)
{
	return label_in(reason_names, REQ_REASON_COUNT, (int)r, lang);
}

const char *req_card_label(req_card c, const char *lang)
{
	return label_in(card_names, REQ_CARD_COUNT, (int)c, lang);
}

const char *req_ext_label(req_ext_state x, const char *lang)
{
	return label_in(ext_names, REQ_EXT_COUNT, (int)x, lang);
}

/* ---- the table ---- */

bool req_state_is_open(req_state state)
{
	return state > REQ_STATE_NONE && state < REQ_STATE_COUNT && state != REQ_CLOSED &&
	       state != REQ_REJECTED && state != REQ_MERGED;
}

bool req_can(req_state state, req_action_kind action)
{
	for (size_t i = 0; i < N_EDGES; i++)
		if (edges[i].from == state && edges[i].action == action)
			return true;
	return false;
}

/* True when row e lets an actor with these roles and relations act. */
static bool admits(const edge *e, unsigned roles, unsigned rel)
{
	unsigned matched = roles & e->who;
	if (!matched)
		return false;
	if (matched & SYS)
		return true;
	return e->rel == 0 || (rel & e->rel) != 0;
}

/* The row for a move and outcome, or NULL. */
static const edge *find_edge(req_state from, req_action_kind action, outcome out)
{
	for (size_t i = 0; i < N_EDGES; i++)
		if (edges[i].from == from && edges[i].action == action && edges[i].out == out)
			return &edges[i];
	return NULL;
}

/* FQ_OK when some row of the move admits the actor, else FQ_EFORBIDDEN
 * with a message naming what is missing. */
static fq_status check_actor(req_state from, req_action_kind action, unsigned roles,
			     unsigned rel, fq_err *err)
{
	unsigned who = 0, missing_rel = 0;
	for (size_t i = 0; i < N_EDGES; i++) {
		const edge *e = &edges[i];
		if (e->from != from || e->action != action)
			continue;
		if (admits(e, roles, rel))
			return FQ_OK;
		who |= e->who;
		if (roles & e->who)
			missing_rel |= e->rel;
	}
	const char *act = req_action_name(action);
	if (missing_rel & HOLD)
		return fq_failr(err, FQ_EFORBIDDEN, "", "request.handler_only",
				"only the current handler may %s this request",
				act);
	if (missing_rel & REP)
		return fq_failr(err, FQ_EFORBIDDEN, "", "request.reporter_only",
				"only the reporter may %s this request", act);
	char list[FQ_ERR_MSG_MAX] = "";
	size_t len = 0;
	for (int b = 0; b <= ROLE_COUNT && len < sizeof list; b++) {
		if (!(who & (1u << b)))
			continue;
		const char *nm = b == ROLE_COUNT ? "the system" : role_name((role)(1u << b));
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", nm);
	}
	return fq_failr(err, FQ_EFORBIDDEN, "", "request.role_forbids",
			"to %s a request in state %s needs the role: %s",
			act, req_state_name(from), list);
}

/* ---- field checks (422) ---- */

/* Seconds in a day, for messages about supervision deadlines. */
#define DAY_S 86400

/* True when s holds only white space (ASCII or the ideographic space). */
static fq_status check_text(const char *s, const char *field, size_t max, bool required,
			    fq_err *err)
{
	if (utf8_blank(s)) {
		if (required)
			return fq_failr(err, FQ_EINVAL, field, "field.required", "is required");
		return FQ_OK;
	}
	if (utf8_char_count(s, strlen(s)) > max)
		return fq_failr(err, FQ_EINVAL, field, "field.too_long",
				"must be at most %zu characters", max);
	return FQ_OK;
}

static fq_status check_level(int level, fq_err *err)
{
	if (level != 0 && !ladder_level_valid(level))
		return fq_failr(err, FQ_EINVAL, "level", "request.level_range",
				"must be between %d and %d",
				LADDER_LEVEL_MIN, LADDER_LEVEL_MAX);
	return FQ_OK;
}

static fq_status check_return(const req_action *act, fq_err *err)
{
	if (!req_reason_name(act->reason_code) || act->reason_code == REQ_REASON_NONE)
		return fq_failr(err, FQ_EINVAL, "reason_code", "request.return_reason_unknown",
				"must be wrong_area, unclear_ownership, overlapping_remit or other");
	return check_text(act->note, "note", REQ_NOTE_MAX, act->reason_code == REQ_REASON_OTHER,
			  err);
}

static fq_status check_rate(const req_action *act, fq_err *err)
{
	if (act->resolved != REQ_ANSWER_YES && act->resolved != REQ_ANSWER_NO)
		return fq_failr(err, FQ_EINVAL, "resolved", "request.resolved_required",
				"is required: yes or no");
	if (act->satisfaction < REQ_SATISFACTION_MIN || act->satisfaction > REQ_SATISFACTION_MAX)
		return fq_failr(err, FQ_EINVAL, "satisfaction", "request.satisfaction_range",
				"must be between %d and %d",
				REQ_SATISFACTION_MIN, REQ_SATISFACTION_MAX);
	return check_text(act->comment, "comment", REQ_COMMENT_MAX, false, err);
}

static fq_status check_extend(const req_action *act, fq_err *err)
{
	fq_status st = check_text(act->reason, "reason", REQ_REASON_MAX, true, err);
	if (st != FQ_OK)
		return st;
	return sla_limit_valid(&act->ext_limit, "limit", err);
}

static fq_status check_supervise(const req_action *act, fq_err *err)
{
	if (act->card <= REQ_CARD_NONE || act->card >= REQ_CARD_COUNT)
		return fq_failr(err, FQ_EINVAL, "card", "request.card_unknown",
				"must be normal, yellow or red");
	if (act->due <= act->now)
		return fq_failr(err, FQ_EINVAL, "due", "request.due_past", "must be in the future");
	if (act->due > act->now + REQ_SUPERVISE_DUE_MAX_S)
		return fq_failr(err, FQ_EINVAL, "due", "request.due_too_far",
				"must be within %lld days",
				REQ_SUPERVISE_DUE_MAX_S / DAY_S);
	return FQ_OK;
}

static fq_status check_merge(const req_state_in *cur, const req_action *act, fq_err *err)
{
	if (act->merge_into <= 0)
		return fq_failr(err, FQ_EINVAL, "merge_into", "field.required", "is required");
	if (act->merge_into == cur->id)
		return fq_failr(err, FQ_EINVAL, "merge_into", "request.merge_self",
				"cannot merge a request into itself");
	if (!req_state_name(act->merge_into_state) || act->merge_into_state == REQ_STATE_NONE)
		return fq_fail(err, FQ_EINVAL, "merge_into", "the target's state is unknown");
	return FQ_OK;
}

/* The fields the action needs, present and in range. */
static fq_status check_fields(const req_state_in *cur, const req_action *act, fq_err *err)
{
	switch (act->kind) {
	case REQ_ACT_DISPATCH:
	case REQ_ACT_REASSIGN:
		return check_level(act->level, err);
	case REQ_ACT_RETURN:
		return check_return(act, err);
	case REQ_ACT_ESCALATE:
	case REQ_ACT_REJECT:
	case REQ_ACT_REDO:
		return check_text(act->reason, "reason", REQ_REASON_MAX, true, err);
	case REQ_ACT_APPROVE_EXTENSION:
	case REQ_ACT_REFUSE_EXTENSION:
		return check_text(act->reason, "reason", REQ_REASON_MAX, false, err);
	case REQ_ACT_RESOLVE:
		return check_text(act->result, "result", REQ_RESULT_MAX, true, err);
	case REQ_ACT_RATE:
		return check_rate(act, err);
	case REQ_ACT_EXTEND:
		return check_extend(act, err);
	case REQ_ACT_SUPERVISE:
		return check_supervise(act, err);
	case REQ_ACT_REMIND:
		return check_text(act->note, "note", REQ_NOTE_MAX, false, err);
	case REQ_ACT_MERGE:
		return check_merge(cur, act, err);
	default:
		return FQ_OK;
	}
}

/* ---- standing checks (409) ---- */

/* Conflicts that follow from the stored request alone. */
static fq_status cur_blocks(const req_state_in *cur, req_action_kind kind, fq_err *err)
{
	switch (kind) {
	case REQ_ACT_ESCALATE:
		if (cur->level >= LADDER_LEVEL_MAX)
			return fq_failr(err, FQ_ECONFLICT, "", "request.level_top",
					"cannot escalate a request at level %d, the top of the ladder",
					cur->level);
		return FQ_OK;
	case REQ_ACT_EXTEND:
		if (cur->ext == REQ_EXT_PENDING)
			return fq_failr(err, FQ_ECONFLICT, "", "request.extension_pending",
					"an extension is already pending");
		if (cur->extensions >= REQ_EXTENSIONS_MAX)
			return fq_failr(err, FQ_ECONFLICT, "", "request.extensions_used",
					"this request has had its %d extensions", REQ_EXTENSIONS_MAX);
		if (cur->resolve_due == 0)
			return fq_failr(err, FQ_ECONFLICT, "", "request.no_deadline",
					"this request has no resolve deadline");
		return FQ_OK;
	case REQ_ACT_APPROVE_EXTENSION:
	case REQ_ACT_REFUSE_EXTENSION:
	case REQ_ACT_LAPSE_EXTENSION:
		if (cur->ext != REQ_EXT_PENDING)
			return fq_failr(err, FQ_ECONFLICT, "", "request.extension_none",
					"no extension is pending (it is %s)",
					req_ext_name(cur->ext));
		return FQ_OK;
	default:
		return FQ_OK;
	}
}

/* A person's reminder within remind_span_s of the last one (the system's
 * reminders keep their own schedule, sweeper.h). */
static fq_status remind_blocks(const req_state_in *cur, const req_action *act, fq_err *err)
{
	if ((act->actor_roles & REQ_ACTOR_SYSTEM) || act->remind_span_s <= 0 ||
	    cur->reminded_at <= 0 || act->now >= cur->reminded_at + act->remind_span_s)
		return FQ_OK;
	char last[FQ_TIME_RFC3339_SIZE], next[FQ_TIME_RFC3339_SIZE];
	fq_time_rfc3339(cur->reminded_at, last, sizeof last);
	fq_time_rfc3339(cur->reminded_at + act->remind_span_s, next, sizeof next);
	return fq_failr(err, FQ_ERATELIMIT, "remind", "request.remind_too_soon",
			"a reminder was sent at %s; the next may be sent from %s", last, next);
}

/* Conflicts between the stored request and the action's fields or time. */
static fq_status act_blocks(const req_state_in *cur, const req_action *act, fq_err *err)
{
	switch (act->kind) {
	case REQ_ACT_EXTEND:
		if (act->now > cur->resolve_due)
			return fq_failr(err, FQ_ECONFLICT, "", "request.extension_late",
					"an extension must be asked before the resolve deadline");
		return FQ_OK;
	case REQ_ACT_LAPSE_EXTENSION:
		if (cur->resolve_due == 0 || act->now <= cur->resolve_due)
			return fq_failr(err, FQ_ECONFLICT, "", "request.deadline_not_passed",
					"the resolve deadline has not passed");
		return FQ_OK;
	case REQ_ACT_SUPERVISE:
		if (act->card < cur->card)
			return fq_failr(err, FQ_ECONFLICT, "card", "request.card_lower",
					"cannot lower a %s card to %s", req_card_name(cur->card),
					req_card_name(act->card));
		return FQ_OK;
	case REQ_ACT_MERGE:
		if (!req_state_is_open(act->merge_into_state))
			return fq_failr(err, FQ_ECONFLICT, "merge_into",
					"request.merge_target_state",
					"cannot merge into a request in state %s",
					req_state_name(act->merge_into_state));
		return FQ_OK;
	case REQ_ACT_AUTO_CLOSE:
		if (cur->followup_due == 0 || act->now <= cur->followup_due)
			return fq_failr(err, FQ_ECONFLICT, "", "request.followup_open",
					"the follow-up window is still open");
		return FQ_OK;
	case REQ_ACT_REMIND:
		return remind_blocks(cur, act, err);
	default:
		return FQ_OK;
	}
}

/* ---- applying a move ---- */

static bool cur_consistent(const req_state_in *cur)
{
	return cur->state > REQ_STATE_NONE && cur->state < REQ_STATE_COUNT &&
	       ladder_level_valid(cur->level) && cur->redo_count >= 0 &&
	       cur->extensions >= 0 && cur->ext >= REQ_EXT_NONE && cur->ext < REQ_EXT_COUNT &&
	       cur->card >= REQ_CARD_NONE && cur->card < REQ_CARD_COUNT;
}

static outcome rating_outcome(const req_state_in *cur, const req_action *act)
{
	if (act->kind != REQ_ACT_RATE)
		return OUT_ANY;
	if (act->resolved == REQ_ANSWER_YES && act->satisfaction >= REQ_SATISFIED_MIN)
		return OUT_SATISFIED;
	return cur->redo_count < REQ_REDO_MAX ? OUT_REDO : OUT_FINAL;
}

static int up_one(int level)
{
	return level < LADDER_LEVEL_MAX ? level + 1 : LADDER_LEVEL_MAX;
}

static void apply_level(const edge *e, const req_state_in *cur, const req_action *act,
			req_state_out *o)
{
	switch (e->lv) {
	case LV_SET:
		o->level = act->level ? act->level : cur->level;
		return;
	case LV_UP:
	case LV_UP_CAP:
		o->level = up_one(cur->level);
		return;
	case LV_REDO:
		o->redo_count = cur->redo_count + 1;
		o->level = cur->redo_count >= 1 ? up_one(cur->level) : cur->level;
		return;
	case LV_KEEP:
		return;
	}
}

static void apply_extension(const edge *e, const req_state_in *cur, const req_action *act,
			    req_state_out *o)
{
	switch (act->kind) {
	case REQ_ACT_EXTEND:
		o->ext = REQ_EXT_PENDING;
		o->extensions = cur->extensions + 1;
		return;
	case REQ_ACT_APPROVE_EXTENSION:
		o->ext = REQ_EXT_APPROVED;
		return;
	case REQ_ACT_REFUSE_EXTENSION:
		o->ext = REQ_EXT_REFUSED;
		return;
	case REQ_ACT_LAPSE_EXTENSION:
		o->ext = REQ_EXT_LAPSED;
		return;
	default:
		if (cur->ext == REQ_EXT_PENDING && e->to != REQ_ACCEPTED)
			o->ext = REQ_EXT_LAPSED;
		return;
	}
}

static void apply(const edge *e, const req_state_in *cur, const req_action *act,
		  req_state_out *next)
{
	req_state_out o = {
		.state = e->to, .level = cur->level, .redo_count = cur->redo_count,
		.ext = cur->ext, .extensions = cur->extensions, .card = cur->card,
		.event = e->event, .effects = e->effects,
	};
	apply_level(e, cur, act, &o);
	apply_extension(e, cur, act, &o);
	if (act->kind == REQ_ACT_SUPERVISE)
		o.card = act->card;
	*next = o;
}

fq_status req_transition(const req_state_in *cur, const req_action *act,
			 req_state_out *next, fq_err *err)
{
	if (!cur_consistent(cur))
		return fq_fail(err, FQ_EINVAL, "state", "the stored request is inconsistent");
	if (!req_action_name(act->kind) || act->kind == REQ_ACT_NONE)
		return fq_fail(err, FQ_EINVAL, "action", "unknown action");
	if (!req_can(cur->state, act->kind))
		return fq_failr(err, FQ_ECONFLICT, "", "request.state",
				"cannot %s a request in state %s",
				req_action_name(act->kind), req_state_name(cur->state));
	fq_status st = check_actor(cur->state, act->kind, act->actor_roles, act->actor_rel, err);
	if (st == FQ_OK)
		st = check_fields(cur, act, err);
	if (st == FQ_OK)
		st = cur_blocks(cur, act->kind, err);
	if (st == FQ_OK)
		st = act_blocks(cur, act, err);
	if (st != FQ_OK)
		return st;
	const edge *e = find_edge(cur->state, act->kind, rating_outcome(cur, act));
	if (!e)
		return fq_failr(err, FQ_ECONFLICT, "", "request.state",
				"cannot %s a request in state %s",
				req_action_name(act->kind), req_state_name(cur->state));
	apply(e, cur, act, next);
	return FQ_OK;
}

unsigned req_actions_for(const req_state_in *cur, unsigned roles, unsigned rel)
{
	unsigned set = 0;
	if (!cur_consistent(cur))
		return 0;
	for (int a = REQ_ACT_NONE + 1; a < REQ_ACT_COUNT; a++) {
		if (!req_can(cur->state, (req_action_kind)a) ||
		    check_actor(cur->state, (req_action_kind)a, roles, rel, NULL) != FQ_OK ||
		    cur_blocks(cur, (req_action_kind)a, NULL) != FQ_OK)
			continue;
		set |= 1u << a;
	}
	return set;
}
