/*
 * lifecycle.h - the states of a request (诉求) and the actions that move
 * it between them (DESIGN.md section 3), as one transition table in
 * lifecycle.c and one function, req_transition(), that checks an action
 * against the table and the request's current standing and computes what
 * the request becomes and which timeline event records it.
 *
 *   submitted 受理 -> dispatched 派单 -> accepted 签收 -> resolved 办结 -> closed 结案
 *   side states: returned 退单 (back to the router one level up),
 *   rejected 不予受理, merged 合并 (duplicate of another request)
 *
 * Extension (延期), supervision (督办), reminders (催办) and escalation
 * (上报) are actions too; the first three leave the state as it is and
 * change a sub-state or only write an event. docs/lifecycle.md has the
 * table in prose, the reasons, and the rating and redo rule.
 *
 * Nothing here reads the clock, a database or JSON: the caller loads the
 * request into a req_state_in, fills a req_action (with `now`), and writes
 * the req_state_out and the event in one transaction. Deadlines are the
 * caller's to compute with sla.h; req_state_out.effects says which.
 */
#ifndef FQ_DOMAIN_LIFECYCLE_H
#define FQ_DOMAIN_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/ladder.h"
#include "domain/roles.h"
#include "domain/sla.h"

/* Role bit of the sweeper (timers: reminders, escalation on missed
 * deadlines, lapsed extensions, closing after the follow-up window), next
 * to the role bits of roles.h. */
#define REQ_ACTOR_SYSTEM (1u << ROLE_COUNT)

/* How the actor stands to the request; the caller decides and passes the
 * bits in req_action.actor_rel (scope is checked before, by the caller). */
#define REQ_REL_HOLDER (1u << 0)   /* holds it: its assignee, or on duty for
				      the unit it is assigned to */
#define REQ_REL_REPORTER (1u << 1) /* raised it, or raised it on the
				      resident's behalf (代报) */

/* Failed follow-ups that send a request back for redo; the next failed
 * one closes it as unsatisfied (event rated_final). */
#define REQ_REDO_MAX 3
/* Extensions one request may ask for in all. */
#define REQ_EXTENSIONS_MAX 2
/* Satisfaction scale, and the least score that counts as satisfied when
 * the resident also answers "resolved". */
#define REQ_SATISFACTION_MIN 1
#define REQ_SATISFACTION_MAX 5
#define REQ_SATISFIED_MIN 3
/* Longest texts, in characters. */
#define REQ_REASON_MAX 500
#define REQ_NOTE_MAX 500
#define REQ_RESULT_MAX 2000
#define REQ_COMMENT_MAX 500
/* Furthest ahead a supervision deadline may lie: 90 days. */
#define REQ_SUPERVISE_DUE_MAX_S (90LL * 86400)
/* Default follow-up window after 办结, in working days; the caller sets
 * followup_due from it (REQ_EFFECT_FOLLOWUP_DUE). */
#define REQ_FOLLOWUP_WORKDAYS 3

typedef enum req_state {
	REQ_STATE_NONE = 0,
	REQ_SUBMITTED,  /* "submitted", 受理 */
	REQ_DISPATCHED, /* "dispatched", 派单: waiting for 签收 */
	REQ_ACCEPTED,   /* "accepted", 签收 */
	REQ_RESOLVED,   /* "resolved", 办结: waiting for 回访 */
	REQ_CLOSED,     /* "closed", 结案 */
	REQ_RETURNED,   /* "returned", 退单: with the router one level up */
	REQ_REJECTED,   /* "rejected", 不予受理 */
	REQ_MERGED,     /* "merged", 合并 */
	REQ_STATE_COUNT
} req_state;

typedef enum req_action_kind {
	REQ_ACT_NONE = 0,
	REQ_ACT_DISPATCH,          /* "dispatch" 派单 */
	REQ_ACT_ACCEPT,            /* "accept" 签收 */
	REQ_ACT_RETURN,            /* "return" 退单 */
	REQ_ACT_ESCALATE,          /* "escalate" 上报 */
	REQ_ACT_RESOLVE,           /* "resolve" 办结 */
	REQ_ACT_RATE,              /* "rate" 回访评价 */
	REQ_ACT_EXTEND,            /* "extend" 申请延期 */
	REQ_ACT_APPROVE_EXTENSION, /* "approve_extension" 批准延期 */
	REQ_ACT_REFUSE_EXTENSION,  /* "refuse_extension" 驳回延期 */
	REQ_ACT_LAPSE_EXTENSION,   /* "lapse_extension" 延期失效 */
	REQ_ACT_SUPERVISE,         /* "supervise" 督办 */
	REQ_ACT_REMIND,            /* "remind" 催办 */
	REQ_ACT_REJECT,            /* "reject" 不予受理 */
	REQ_ACT_MERGE,             /* "merge" 合并 */
	REQ_ACT_REDO,              /* "redo" 重办 */
	REQ_ACT_AUTO_CLOSE,        /* "auto_close" 自动结案 */
	REQ_ACT_REASSIGN,          /* "reassign" 改派 */
	REQ_ACT_COUNT
} req_action_kind;

/* Timeline events; one per successful transition, plus the creation. */
typedef enum req_event {
	REQ_EV_NONE = 0,
	REQ_EV_SUBMITTED,           /* "submitted": written by the creator */
	REQ_EV_DISPATCHED,          /* "dispatched" */
	REQ_EV_ACCEPTED,            /* "accepted" */
	REQ_EV_RETURNED,            /* "returned" */
	REQ_EV_ESCALATED,           /* "escalated" */
	REQ_EV_RESOLVED,            /* "resolved" */
	REQ_EV_RATED,               /* "rated": satisfied, closed */
	REQ_EV_RATED_REDO,          /* "rated_redo": unsatisfied, back for redo */
	REQ_EV_RATED_FINAL,         /* "rated_final": unsatisfied after
				       REQ_REDO_MAX redos, closed */
	REQ_EV_EXTENSION_REQUESTED, /* "extension_requested" */
	REQ_EV_EXTENSION_APPROVED,  /* "extension_approved" */
	REQ_EV_EXTENSION_REFUSED,   /* "extension_refused" */
	REQ_EV_EXTENSION_LAPSED,    /* "extension_lapsed" */
	REQ_EV_SUPERVISED,          /* "supervised" */
	REQ_EV_REMINDED,            /* "reminded" */
	REQ_EV_REJECTED,            /* "rejected" */
	REQ_EV_MERGED,              /* "merged" */
	REQ_EV_REDONE,              /* "redone": a supervisor ordered a redo */
	REQ_EV_AUTO_CLOSED,         /* "auto_closed" */
	REQ_EV_REASSIGNED,          /* "reassigned" */
	REQ_EV_COUNT
} req_event;

/* Why a handler sends a request back (退单). */
typedef enum req_reason {
	REQ_REASON_NONE = 0,
	REQ_REASON_WRONG_AREA,        /* "wrong_area" 属地不符 */
	REQ_REASON_UNCLEAR_OWNERSHIP, /* "unclear_ownership" 权属不清 */
	REQ_REASON_OVERLAPPING_REMIT, /* "overlapping_remit" 职能交叉 */
	REQ_REASON_OTHER,             /* "other" 其他: a note is required */
	REQ_REASON_COUNT
} req_reason;

/* Supervision (督办) cards, in rising order. */
typedef enum req_card {
	REQ_CARD_NONE = 0, /* "none": not supervised */
	REQ_CARD_NORMAL,   /* "normal" 普通督办 */
	REQ_CARD_YELLOW,   /* "yellow" 黄牌督办 */
	REQ_CARD_RED,      /* "red" 红牌督办 */
	REQ_CARD_COUNT
} req_card;

/* The latest extension (延期) of a request. */
typedef enum req_ext_state {
	REQ_EXT_NONE = 0, /* "none": never asked */
	REQ_EXT_PENDING,  /* "pending": asked, waiting for a supervisor */
	REQ_EXT_APPROVED, /* "approved" */
	REQ_EXT_REFUSED,  /* "refused" */
	REQ_EXT_LAPSED,   /* "lapsed": undecided when the deadline passed or
			     the request moved on */
	REQ_EXT_COUNT
} req_ext_state;

/* Answer to "was it resolved?" in a rating. */
typedef enum req_answer {
	REQ_ANSWER_UNSET = 0,
	REQ_ANSWER_NO,
	REQ_ANSWER_YES,
} req_answer;

/* What the caller must do besides storing req_state_out (bit set). */
#define REQ_EFFECT_ASSIGN (1u << 0)        /* new handler: the one the actor
					      named, else ladder_default_assignee
					      at the new level (storing the level
					      it lands on) */
#define REQ_EFFECT_ACCEPT_DUE (1u << 1)    /* accept deadline: now + the accept
					      limit of the new level */
#define REQ_EFFECT_RESOLVE_DUE (1u << 2)   /* resolve deadline: now + the
					      resolve limit of the new level */
#define REQ_EFFECT_EXTEND_DUE (1u << 3)    /* resolve deadline: sla_extend by
					      the limit the pending extension
					      asked for */
#define REQ_EFFECT_FOLLOWUP_DUE (1u << 4)  /* follow-up window from now */
#define REQ_EFFECT_SUPERVISE_DUE (1u << 5) /* store the card's deadline
					      (req_action.due) */

/* A request as stored, before the action. */
typedef struct req_state_in {
	int64_t id;            /* the request, to refuse merging it into itself */
	req_state state;
	int level;             /* 1..LADDER_LEVEL_MAX */
	int redo_count;        /* redos so far, >= 0 */
	req_ext_state ext;     /* the latest extension */
	int extensions;        /* extensions asked so far, >= 0 */
	req_card card;         /* current supervision */
	int64_t resolve_due;   /* unix s; 0 when there is none */
	int64_t followup_due;  /* unix s, set while resolved; 0 when none */
	int64_t reminded_at;   /* unix s of the last reminder; 0 when none */
} req_state_in;

/* One action and its fields; fields an action does not use are ignored. */
typedef struct req_action {
	req_action_kind kind;
	unsigned actor_roles;  /* role bits of roles.h, or REQ_ACTOR_SYSTEM */
	unsigned actor_rel;    /* REQ_REL_* bits */
	int64_t now;           /* unix s */
	int level;             /* dispatch, reassign: target level; 0 = keep */
	req_reason reason_code; /* return: required */
	const char *note;      /* return: required for "other"; remind: optional */
	const char *reason;    /* escalate, extend, reject, redo: required;
				  approve/refuse_extension: optional */
	const char *result;    /* resolve: required */
	req_answer resolved;   /* rate: required */
	int satisfaction;      /* rate: REQ_SATISFACTION_MIN..MAX, required */
	const char *comment;   /* rate: optional */
	sla_limit ext_limit;   /* extend: the extra time asked for */
	req_card card;         /* supervise: required, not NONE */
	int64_t due;           /* supervise: the card's deadline, in the future */
	int64_t merge_into;    /* merge: the surviving request's id */
	req_state merge_into_state; /* merge: its current state */
	int64_t remind_span_s; /* remind by a person: seconds that must pass after the
				  last reminder (cur->reminded_at); 0 = no wait */
} req_action;

/* A request after the action. */
typedef struct req_state_out {
	req_state state;
	int level;
	int redo_count;
	req_ext_state ext;
	int extensions;
	req_card card;
	req_event event;       /* the timeline event to write */
	unsigned effects;      /* REQ_EFFECT_* */
} req_state_out;

/*
 * Apply `act` to the request `cur`. On FQ_OK *next holds the new standing
 * and the event; on error *next is untouched and err says why. Checks, in
 * this order:
 * - FQ_EINVAL field "state": cur is not a consistent stored request;
 *   field "action": an unknown action kind;
 * - FQ_ECONFLICT: the table has no such move from cur->state; the message
 *   names both ("cannot accept a request in state resolved");
 * - FQ_EFORBIDDEN: no row of the move admits the actor's roles and
 *   relation;
 * - FQ_EINVAL naming the field: a required field missing or blank, a text
 *   too long, a value out of range (see req_action);
 * - FQ_ECONFLICT: the move is in the table but the request's standing
 *   forbids it now (escalating at level 4, a second pending extension,
 *   extending after the resolve deadline, lowering a card, merging into a
 *   closed request, closing before the follow-up window ends ...);
 * - FQ_ERATELIMIT field "remind": a person reminds within remind_span_s of
 *   the last reminder; the message names the time the next may be sent
 *   ("... may be sent from 2026-12-07T22:10:00+08:00").
 */
fq_status req_transition(const req_state_in *cur, const req_action *act,
			 req_state_out *next, fq_err *err);

/* True when the table has a move `action` out of `state`. */
bool req_can(req_state state, req_action_kind action);

/* The actions (bit 1u << kind) that an actor with these roles and
 * relations may offer on cur now: the table admits them and cur's standing
 * does not forbid them (escalation below the top, extension sub-state).
 * Checks that depend on the action's fields are left to req_transition. */
unsigned req_actions_for(const req_state_in *cur, unsigned roles, unsigned rel);

/* True for the states a request can still leave (not closed, rejected or
 * merged). */
bool req_state_is_open(req_state state);

/* Wire names (lowercase English as in the comments above), or NULL when
 * out of range; parsers return the NONE value for unknown or NULL names. */
const char *req_state_name(req_state s);
req_state req_state_parse(const char *name);
const char *req_action_name(req_action_kind a);
req_action_kind req_action_parse(const char *name);
const char *req_event_name(req_event e);
const char *req_reason_name(req_reason r);
req_reason req_reason_parse(const char *name);
const char *req_card_name(req_card c);
req_card req_card_parse(const char *name);
const char *req_ext_name(req_ext_state x);

/* Labels for people: the Chinese label for lang "zh" (受理, 派单 ...), the
 * wire name for any other lang; NULL when out of range. */
const char *req_state_label(req_state s, const char *lang);
const char *req_action_label(req_action_kind a, const char *lang);
const char *req_event_label(req_event e, const char *lang);
const char *req_reason_label(req_reason r, const char *lang);
const char *req_card_label(req_card c, const char *lang);
const char *req_ext_label(req_ext_state x, const char *lang);

#endif
