/*
 * test_lifecycle.c - unit tests for src/domain/lifecycle.c.
 *
 * The core is a loop over every state x every action, compared with a
 * matrix of target states and events written out here independently of the
 * table in lifecycle.c; then every legal edge is tried with each role
 * alone, with and without the relations, against a rule of who may act
 * also written out here. The rest covers each action's fields (422), the
 * standing checks (409), the level, redo and extension rules, and names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/lifecycle.h"

#define NOW 1771000000LL /* 2026-02-14, any fixed moment will do */
#define DAY 86400LL

#define SYSTEM REQ_ACTOR_SYSTEM
#define ALL_ROLES (WHO_ANY | REQ_ACTOR_SYSTEM)
#define BOTH_RELS (REQ_REL_HOLDER | REQ_REL_REPORTER)

/* ---- the expected matrix ---- */

/* Target state of each legal move (a satisfied rating for rate); 0 marks
 * an illegal move. */
static const req_state expect_to[REQ_STATE_COUNT][REQ_ACT_COUNT] = {
	[REQ_SUBMITTED] = {
		[REQ_ACT_DISPATCH] = REQ_DISPATCHED,
		[REQ_ACT_REJECT] = REQ_REJECTED,
		[REQ_ACT_MERGE] = REQ_MERGED,
		[REQ_ACT_SUPERVISE] = REQ_SUBMITTED,
		[REQ_ACT_REMIND] = REQ_SUBMITTED,
	},
	[REQ_DISPATCHED] = {
		[REQ_ACT_ACCEPT] = REQ_ACCEPTED,
		[REQ_ACT_RETURN] = REQ_RETURNED,
		[REQ_ACT_ESCALATE] = REQ_DISPATCHED,
		[REQ_ACT_MERGE] = REQ_MERGED,
		[REQ_ACT_SUPERVISE] = REQ_DISPATCHED,
		[REQ_ACT_REMIND] = REQ_DISPATCHED,
	},
	[REQ_ACCEPTED] = {
		[REQ_ACT_RESOLVE] = REQ_RESOLVED,
		[REQ_ACT_RETURN] = REQ_RETURNED,
		[REQ_ACT_ESCALATE] = REQ_DISPATCHED,
		[REQ_ACT_EXTEND] = REQ_ACCEPTED,
		[REQ_ACT_APPROVE_EXTENSION] = REQ_ACCEPTED,
		[REQ_ACT_REFUSE_EXTENSION] = REQ_ACCEPTED,
		[REQ_ACT_LAPSE_EXTENSION] = REQ_ACCEPTED,
		[REQ_ACT_MERGE] = REQ_MERGED,
		[REQ_ACT_SUPERVISE] = REQ_ACCEPTED,
		[REQ_ACT_REMIND] = REQ_ACCEPTED,
	},
	[REQ_RESOLVED] = {
		[REQ_ACT_RATE] = REQ_CLOSED,
		[REQ_ACT_REDO] = REQ_DISPATCHED,
		[REQ_ACT_AUTO_CLOSE] = REQ_CLOSED,
	},
	[REQ_CLOSED] = {
		[REQ_ACT_REDO] = REQ_DISPATCHED,
	},
	[REQ_RETURNED] = {
		[REQ_ACT_REASSIGN] = REQ_DISPATCHED,
		[REQ_ACT_ESCALATE] = REQ_DISPATCHED,
		[REQ_ACT_REJECT] = REQ_REJECTED,
		[REQ_ACT_MERGE] = REQ_MERGED,
		[REQ_ACT_SUPERVISE] = REQ_RETURNED,
		[REQ_ACT_REMIND] = REQ_RETURNED,
	},
	[REQ_REJECTED] = {0},
	[REQ_MERGED] = {0},
};

/* The event of each action on a legal move (the same from every state). */
static const req_event expect_event[REQ_ACT_COUNT] = {
	[REQ_ACT_DISPATCH] = REQ_EV_DISPATCHED,
	[REQ_ACT_ACCEPT] = REQ_EV_ACCEPTED,
	[REQ_ACT_RETURN] = REQ_EV_RETURNED,
	[REQ_ACT_ESCALATE] = REQ_EV_ESCALATED,
	[REQ_ACT_RESOLVE] = REQ_EV_RESOLVED,
	[REQ_ACT_RATE] = REQ_EV_RATED,
	[REQ_ACT_EXTEND] = REQ_EV_EXTENSION_REQUESTED,
	[REQ_ACT_APPROVE_EXTENSION] = REQ_EV_EXTENSION_APPROVED,
	[REQ_ACT_REFUSE_EXTENSION] = REQ_EV_EXTENSION_REFUSED,
	[REQ_ACT_LAPSE_EXTENSION] = REQ_EV_EXTENSION_LAPSED,
	[REQ_ACT_SUPERVISE] = REQ_EV_SUPERVISED,
	[REQ_ACT_REMIND] = REQ_EV_REMINDED,
	[REQ_ACT_REJECT] = REQ_EV_REJECTED,
	[REQ_ACT_MERGE] = REQ_EV_MERGED,
	[REQ_ACT_REDO] = REQ_EV_REDONE,
	[REQ_ACT_AUTO_CLOSE] = REQ_EV_AUTO_CLOSED,
	[REQ_ACT_REASSIGN] = REQ_EV_REASSIGNED,
};

#define HANDLER_ROLES (ROLE_LEADER | ROLE_BUILDING_LEADER | ROLE_GRID_WORKER | \
		       ROLE_COMMUNITY_OFFICER | ROLE_DISPATCHER | ROLE_DEPARTMENT_OFFICER)
#define ROUTER_ROLES (ROLE_GRID_WORKER | ROLE_COMMUNITY_OFFICER | ROLE_DISPATCHER)

/* Who may act, for one role bit alone and the relations held. */
static bool expect_allowed(req_state s, req_action_kind a, unsigned role, unsigned rel)
{
	bool holder = rel & REQ_REL_HOLDER, reporter = rel & REQ_REL_REPORTER;
	bool person = role != SYSTEM;
	switch (a) {
	case REQ_ACT_DISPATCH:
		return role & (ROUTER_ROLES | SYSTEM);
	case REQ_ACT_ACCEPT:
	case REQ_ACT_RETURN:
	case REQ_ACT_RESOLVE:
	case REQ_ACT_EXTEND:
		return (role & HANDLER_ROLES) && holder;
	case REQ_ACT_ESCALATE:
		if (s == REQ_RETURNED)
			return role & (ROUTER_ROLES | SYSTEM);
		return role == SYSTEM || ((role & HANDLER_ROLES) && holder);
	case REQ_ACT_APPROVE_EXTENSION:
	case REQ_ACT_REFUSE_EXTENSION:
	case REQ_ACT_SUPERVISE:
	case REQ_ACT_REDO:
		return role == ROLE_SUPERVISOR;
	case REQ_ACT_LAPSE_EXTENSION:
	case REQ_ACT_AUTO_CLOSE:
		return role == SYSTEM;
	case REQ_ACT_REMIND:
		return role == ROLE_SUPERVISOR || role == SYSTEM || (person && reporter);
	case REQ_ACT_RATE:
		return role == ROLE_SUPERVISOR || (person && reporter);
	case REQ_ACT_REJECT:
	case REQ_ACT_MERGE:
	case REQ_ACT_REASSIGN:
		return role & ROUTER_ROLES;
	default:
		return false;
	}
}

/* ---- fixtures ---- */

/* A request in state s at level 1 that each action's own checks accept. */
static req_state_in request_for(req_state s, req_action_kind a)
{
	req_state_in cur = {
		.id = 7, .state = s, .level = 1, .redo_count = 0, .ext = REQ_EXT_NONE,
		.extensions = 0, .card = REQ_CARD_NONE, .resolve_due = NOW + 10 * DAY,
		.followup_due = NOW - 1,
	};
	if (a == REQ_ACT_APPROVE_EXTENSION || a == REQ_ACT_REFUSE_EXTENSION ||
	    a == REQ_ACT_LAPSE_EXTENSION)
		cur.ext = REQ_EXT_PENDING;
	if (a == REQ_ACT_LAPSE_EXTENSION)
		cur.resolve_due = NOW - 1;
	return cur;
}

/* An action with every field valid, by an actor with every role. */
static req_action action_for(req_action_kind a)
{
	return (req_action){
		.kind = a, .actor_roles = ALL_ROLES, .actor_rel = BOTH_RELS, .now = NOW,
		.level = 0, .reason_code = REQ_REASON_WRONG_AREA, .note = "n",
		.reason = "r", .result = "修好了", .resolved = REQ_ANSWER_YES,
		.satisfaction = 5, .comment = "", .ext_limit = {2, SLA_WORKDAYS},
		.card = REQ_CARD_YELLOW, .due = NOW + 3600, .merge_into = 99,
		.merge_into_state = REQ_DISPATCHED,
	};
}

/* Run a transition that must succeed. */
static req_state_out ok(const req_state_in *cur, const req_action *act)
{
	req_state_out next;
	fq_err err = {0};
	fq_status st = req_transition(cur, act, &next, &err);
	if (st != FQ_OK)
		fail_msg("%s from %s: %s (%s: %s)", req_action_name(act->kind),
			 req_state_name(cur->state), fq_status_code(st), err.field, err.message);
	return next;
}

/* Run a transition that must fail with st (and field, and a message
 * containing needle when given), leaving next untouched. */
static void fails(const req_state_in *cur, const req_action *act, fq_status want,
		  const char *field, const char *needle)
{
	req_state_out next, before;
	memset(&next, 0x5a, sizeof next);
	before = next;
	fq_err err = {0};
	fq_status st = req_transition(cur, act, &next, &err);
	if (st != want)
		fail_msg("%s from %s: got %s, want %s (%s)", req_action_name(act->kind),
			 req_state_name(cur->state), fq_status_code(st), fq_status_code(want),
			 err.message);
	assert_memory_equal(&next, &before, sizeof next);
	if (field)
		assert_string_equal(err.field, field);
	if (needle && !strstr(err.message, needle))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
}

/* ---- the matrix ---- */

static void test_matrix(void **state)
{
	(void)state;
	int legal = 0;
	for (int s = REQ_SUBMITTED; s < REQ_STATE_COUNT; s++) {
		for (int a = REQ_ACT_DISPATCH; a < REQ_ACT_COUNT; a++) {
			req_state_in cur = request_for((req_state)s, (req_action_kind)a);
			req_action act = action_for((req_action_kind)a);
			req_state want = expect_to[s][a];
			assert_int_equal(req_can((req_state)s, (req_action_kind)a), want != 0);
			if (!want) {
				char msg[128];
				snprintf(msg, sizeof msg, "cannot %s a request in state %s",
					 req_action_name((req_action_kind)a),
					 req_state_name((req_state)s));
				fails(&cur, &act, FQ_ECONFLICT, "", msg);
				continue;
			}
			req_state_out next = ok(&cur, &act);
			legal++;
			if (next.state != want)
				fail_msg("%s from %s went to %s, want %s",
					 req_action_name((req_action_kind)a),
					 req_state_name((req_state)s), req_state_name(next.state),
					 req_state_name(want));
			assert_int_equal(next.event, expect_event[a]);
		}
	}
	assert_int_equal(legal, 5 + 6 + 10 + 3 + 1 + 6);
}

static void test_who_may_act(void **state)
{
	(void)state;
	static const unsigned rels[] = {0, REQ_REL_HOLDER, REQ_REL_REPORTER};
	for (int s = REQ_SUBMITTED; s < REQ_STATE_COUNT; s++) {
		for (int a = REQ_ACT_DISPATCH; a < REQ_ACT_COUNT; a++) {
			if (!expect_to[s][a])
				continue;
			for (int b = 0; b <= ROLE_COUNT; b++) {
				for (size_t r = 0; r < 3; r++) {
					req_state_in cur = request_for((req_state)s,
								       (req_action_kind)a);
					req_action act = action_for((req_action_kind)a);
					act.actor_roles = 1u << b;
					act.actor_rel = rels[r];
					req_state_out next;
					fq_status st = req_transition(&cur, &act, &next, NULL);
					bool want = expect_allowed((req_state)s, (req_action_kind)a,
								   1u << b, rels[r]);
					if ((st == FQ_OK) != want)
						fail_msg("%s from %s by role bit %d rel %u: %s, want %s",
							 req_action_name((req_action_kind)a),
							 req_state_name((req_state)s), b, rels[r],
							 fq_status_code(st), want ? "ok" : "forbidden");
					if (!want)
						assert_int_equal(st, FQ_EFORBIDDEN);
				}
			}
		}
	}
}

static void test_forbidden_messages(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_DISPATCHED, REQ_ACT_ACCEPT);
	req_action act = action_for(REQ_ACT_ACCEPT);
	act.actor_roles = ROLE_GRID_WORKER;
	act.actor_rel = 0;
	fails(&cur, &act, FQ_EFORBIDDEN, "", "only the current handler may accept");
	cur = request_for(REQ_RESOLVED, REQ_ACT_RATE);
	act = action_for(REQ_ACT_RATE);
	act.actor_roles = ROLE_RESIDENT;
	act.actor_rel = REQ_REL_HOLDER;
	fails(&cur, &act, FQ_EFORBIDDEN, "", "only the reporter may rate");
	cur = request_for(REQ_SUBMITTED, REQ_ACT_DISPATCH);
	act = action_for(REQ_ACT_DISPATCH);
	act.actor_roles = ROLE_RESIDENT;
	fails(&cur, &act, FQ_EFORBIDDEN, "", "grid_worker, community_officer, dispatcher, the system");
	cur = request_for(REQ_ACCEPTED, REQ_ACT_APPROVE_EXTENSION);
	act = action_for(REQ_ACT_APPROVE_EXTENSION);
	act.actor_roles = ROLE_DISPATCHER;
	fails(&cur, &act, FQ_EFORBIDDEN, "", "needs the role: supervisor");
	/* an illegal move is a conflict before it is a question of roles */
	cur = request_for(REQ_RESOLVED, REQ_ACT_ACCEPT);
	act = action_for(REQ_ACT_ACCEPT);
	act.actor_roles = ROLE_RESIDENT;
	fails(&cur, &act, FQ_ECONFLICT, "", "cannot accept a request in state resolved");
}

/* ---- actions one by one ---- */

static void test_dispatch_and_reassign(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_SUBMITTED, REQ_ACT_DISPATCH);
	cur.level = 2;
	req_action act = action_for(REQ_ACT_DISPATCH);
	req_state_out next = ok(&cur, &act);
	assert_int_equal(next.level, 2);
	assert_int_equal(next.effects, REQ_EFFECT_ASSIGN | REQ_EFFECT_ACCEPT_DUE |
					       REQ_EFFECT_RESOLVE_DUE);
	act.level = 3;
	assert_int_equal(ok(&cur, &act).level, 3);
	act.level = 5;
	fails(&cur, &act, FQ_EINVAL, "level", NULL);
	act.level = -1;
	fails(&cur, &act, FQ_EINVAL, "level", NULL);

	cur = request_for(REQ_RETURNED, REQ_ACT_REASSIGN);
	cur.level = 3;
	act = action_for(REQ_ACT_REASSIGN);
	act.level = 2; /* back down to the right grid */
	next = ok(&cur, &act);
	assert_int_equal(next.state, REQ_DISPATCHED);
	assert_int_equal(next.level, 2);
	assert_int_equal(next.event, REQ_EV_REASSIGNED);
	assert_int_equal(next.effects, REQ_EFFECT_ASSIGN | REQ_EFFECT_ACCEPT_DUE |
					       REQ_EFFECT_RESOLVE_DUE);
}

static void test_accept(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_DISPATCHED, REQ_ACT_ACCEPT);
	cur.level = 3;
	cur.redo_count = 1;
	cur.card = REQ_CARD_RED;
	req_action act = action_for(REQ_ACT_ACCEPT);
	req_state_out next = ok(&cur, &act);
	assert_int_equal(next.state, REQ_ACCEPTED);
	assert_int_equal(next.level, 3);
	assert_int_equal(next.redo_count, 1);
	assert_int_equal(next.card, REQ_CARD_RED);
	assert_int_equal(next.effects, 0);
}

static void test_return(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_DISPATCHED, REQ_ACT_RETURN);
	cur.level = 2;
	req_action act = action_for(REQ_ACT_RETURN);
	act.note = NULL; /* not needed for wrong_area */
	req_state_out next = ok(&cur, &act);
	assert_int_equal(next.state, REQ_RETURNED);
	assert_int_equal(next.level, 3); /* to the router one level up */
	assert_int_equal(next.effects, REQ_EFFECT_ASSIGN | REQ_EFFECT_ACCEPT_DUE);
	cur.level = 4;
	assert_int_equal(ok(&cur, &act).level, 4); /* the street keeps it */

	act.reason_code = REQ_REASON_NONE;
	fails(&cur, &act, FQ_EINVAL, "reason_code", NULL);
	act.reason_code = REQ_REASON_COUNT;
	fails(&cur, &act, FQ_EINVAL, "reason_code", NULL);
	act.reason_code = REQ_REASON_OTHER;
	fails(&cur, &act, FQ_EINVAL, "note", "required");
	act.note = " \t\xe3\x80\x80\n"; /* spaces, a tab, an ideographic space */
	fails(&cur, &act, FQ_EINVAL, "note", "required");
	act.note = "本楼不归本网格管";
	assert_int_equal(ok(&cur, &act).state, REQ_RETURNED);
	act.reason_code = REQ_REASON_UNCLEAR_OWNERSHIP;
	act.note = NULL;
	assert_int_equal(ok(&cur, &act).state, REQ_RETURNED);
	act.reason_code = REQ_REASON_OVERLAPPING_REMIT;
	assert_int_equal(ok(&cur, &act).state, REQ_RETURNED);

	/* returning from accepted drops a pending extension */
	cur = request_for(REQ_ACCEPTED, REQ_ACT_RETURN);
	cur.ext = REQ_EXT_PENDING;
	cur.extensions = 1;
	next = ok(&cur, &act);
	assert_int_equal(next.ext, REQ_EXT_LAPSED);
	assert_int_equal(next.extensions, 1);
}

static void test_escalate(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_ACCEPTED, REQ_ACT_ESCALATE);
	req_action act = action_for(REQ_ACT_ESCALATE);
	for (int level = 1; level < LADDER_LEVEL_MAX; level++) {
		cur.level = level;
		req_state_out next = ok(&cur, &act);
		assert_int_equal(next.state, REQ_DISPATCHED);
		assert_int_equal(next.level, level + 1);
		assert_int_equal(next.effects, REQ_EFFECT_ASSIGN | REQ_EFFECT_ACCEPT_DUE |
						       REQ_EFFECT_RESOLVE_DUE);
	}
	cur.level = 4;
	fails(&cur, &act, FQ_ECONFLICT, "", "cannot escalate a request at level 4");
	cur = request_for(REQ_RETURNED, REQ_ACT_ESCALATE);
	cur.level = 4;
	fails(&cur, &act, FQ_ECONFLICT, "", "level 4");
	cur.level = 3;
	act.reason = NULL;
	fails(&cur, &act, FQ_EINVAL, "reason", "required");
	act.reason = "";
	fails(&cur, &act, FQ_EINVAL, "reason", "required");
	/* the sweeper needs no relation */
	cur = request_for(REQ_DISPATCHED, REQ_ACT_ESCALATE);
	act = action_for(REQ_ACT_ESCALATE);
	act.actor_roles = SYSTEM;
	act.actor_rel = 0;
	act.reason = "accept deadline passed";
	assert_int_equal(ok(&cur, &act).level, 2);
}

static void test_resolve(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_ACCEPTED, REQ_ACT_RESOLVE);
	req_action act = action_for(REQ_ACT_RESOLVE);
	req_state_out next = ok(&cur, &act);
	assert_int_equal(next.state, REQ_RESOLVED);
	assert_int_equal(next.effects, REQ_EFFECT_FOLLOWUP_DUE);
	act.result = NULL;
	fails(&cur, &act, FQ_EINVAL, "result", "required");
	char text[REQ_RESULT_MAX * 3 + 4] = "";
	for (int i = 0; i < REQ_RESULT_MAX; i++)
		strcat(text, "修");
	act.result = text;
	ok(&cur, &act); /* exactly the limit, counted in characters */
	strcat(text, "好");
	fails(&cur, &act, FQ_EINVAL, "result", "at most 2000 characters");
	/* resolving with a pending extension lets it lapse */
	cur.ext = REQ_EXT_PENDING;
	act.result = "done";
	assert_int_equal(ok(&cur, &act).ext, REQ_EXT_LAPSED);
}

static void test_rate_fields(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_RESOLVED, REQ_ACT_RATE);
	req_action act = action_for(REQ_ACT_RATE);
	act.resolved = REQ_ANSWER_UNSET;
	fails(&cur, &act, FQ_EINVAL, "resolved", NULL);
	act.resolved = REQ_ANSWER_YES;
	act.satisfaction = 0;
	fails(&cur, &act, FQ_EINVAL, "satisfaction", NULL);
	act.satisfaction = 6;
	fails(&cur, &act, FQ_EINVAL, "satisfaction", NULL);
	act.satisfaction = 4;
	char text[REQ_COMMENT_MAX + 2];
	memset(text, 'x', REQ_COMMENT_MAX + 1);
	text[REQ_COMMENT_MAX + 1] = '\0';
	act.comment = text;
	fails(&cur, &act, FQ_EINVAL, "comment", NULL);
	text[REQ_COMMENT_MAX] = '\0';
	assert_int_equal(ok(&cur, &act).state, REQ_CLOSED);
	act.comment = NULL;
	assert_int_equal(ok(&cur, &act).state, REQ_CLOSED);
}

static void test_rate_outcomes(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_RESOLVED, REQ_ACT_RATE);
	req_action act = action_for(REQ_ACT_RATE);
	/* resolved and 3 or more: closed */
	act.satisfaction = REQ_SATISFIED_MIN;
	req_state_out next = ok(&cur, &act);
	assert_int_equal(next.state, REQ_CLOSED);
	assert_int_equal(next.event, REQ_EV_RATED);
	assert_int_equal(next.redo_count, 0);
	assert_int_equal(next.effects, 0);
	/* resolved but 2: first failure, redo at the same level */
	act.satisfaction = REQ_SATISFIED_MIN - 1;
	cur.level = 2;
	next = ok(&cur, &act);
	assert_int_equal(next.state, REQ_DISPATCHED);
	assert_int_equal(next.event, REQ_EV_RATED_REDO);
	assert_int_equal(next.level, 2);
	assert_int_equal(next.redo_count, 1);
	assert_int_equal(next.effects, REQ_EFFECT_ASSIGN | REQ_EFFECT_ACCEPT_DUE |
					       REQ_EFFECT_RESOLVE_DUE);
	/* not resolved, however pleased: a failure too */
	act.resolved = REQ_ANSWER_NO;
	act.satisfaction = 5;
	assert_int_equal(ok(&cur, &act).event, REQ_EV_RATED_REDO);
	/* second failure climbs a level */
	cur.redo_count = 1;
	next = ok(&cur, &act);
	assert_int_equal(next.level, 3);
	assert_int_equal(next.redo_count, 2);
	/* third failure, at the top: stays at 4 */
	cur.redo_count = 2;
	cur.level = 4;
	next = ok(&cur, &act);
	assert_int_equal(next.level, 4);
	assert_int_equal(next.redo_count, 3);
	assert_int_equal(next.state, REQ_DISPATCHED);
	/* after REQ_REDO_MAX redos a failure closes the request */
	cur.redo_count = REQ_REDO_MAX;
	next = ok(&cur, &act);
	assert_int_equal(next.state, REQ_CLOSED);
	assert_int_equal(next.event, REQ_EV_RATED_FINAL);
	assert_int_equal(next.redo_count, REQ_REDO_MAX);
	assert_int_equal(next.level, 4);
	/* while a satisfied rating still closes normally */
	act.resolved = REQ_ANSWER_YES;
	assert_int_equal(ok(&cur, &act).event, REQ_EV_RATED);
}

static void test_extensions(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_ACCEPTED, REQ_ACT_EXTEND);
	req_action act = action_for(REQ_ACT_EXTEND);
	req_state_out next = ok(&cur, &act);
	assert_int_equal(next.ext, REQ_EXT_PENDING);
	assert_int_equal(next.extensions, 1);
	assert_int_equal(next.state, REQ_ACCEPTED);
	/* up to and including the due second */
	act.now = cur.resolve_due;
	ok(&cur, &act);
	act.now = cur.resolve_due + 1;
	fails(&cur, &act, FQ_ECONFLICT, "", "before the resolve deadline");
	act.now = NOW;
	cur.resolve_due = 0;
	fails(&cur, &act, FQ_ECONFLICT, "", "no resolve deadline");
	cur.resolve_due = NOW + DAY;
	cur.ext = REQ_EXT_PENDING;
	fails(&cur, &act, FQ_ECONFLICT, "", "already pending");
	cur.ext = REQ_EXT_REFUSED;
	cur.extensions = REQ_EXTENSIONS_MAX - 1;
	assert_int_equal(ok(&cur, &act).extensions, REQ_EXTENSIONS_MAX);
	cur.extensions = REQ_EXTENSIONS_MAX;
	fails(&cur, &act, FQ_ECONFLICT, "", "extensions");
	cur.extensions = 0;
	act.reason = NULL;
	fails(&cur, &act, FQ_EINVAL, "reason", NULL);
	act.reason = "需要协调物业";
	act.ext_limit = (sla_limit){0, SLA_WORKDAYS};
	fails(&cur, &act, FQ_EINVAL, "limit", NULL);
	act.ext_limit = (sla_limit){3, 0};
	fails(&cur, &act, FQ_EINVAL, "limit", NULL);

	/* decisions */
	cur = request_for(REQ_ACCEPTED, REQ_ACT_APPROVE_EXTENSION);
	act = action_for(REQ_ACT_APPROVE_EXTENSION);
	act.reason = NULL; /* optional */
	next = ok(&cur, &act);
	assert_int_equal(next.ext, REQ_EXT_APPROVED);
	assert_int_equal(next.effects, REQ_EFFECT_EXTEND_DUE);
	act.kind = REQ_ACT_REFUSE_EXTENSION;
	next = ok(&cur, &act);
	assert_int_equal(next.ext, REQ_EXT_REFUSED);
	assert_int_equal(next.effects, 0);
	cur.ext = REQ_EXT_APPROVED;
	fails(&cur, &act, FQ_ECONFLICT, "", "no extension is pending");
	act.kind = REQ_ACT_APPROVE_EXTENSION;
	cur.ext = REQ_EXT_NONE;
	fails(&cur, &act, FQ_ECONFLICT, "", "no extension is pending");

	/* the sweeper lets an undecided one lapse once the deadline passed */
	cur = request_for(REQ_ACCEPTED, REQ_ACT_LAPSE_EXTENSION);
	act = action_for(REQ_ACT_LAPSE_EXTENSION);
	act.actor_roles = SYSTEM;
	assert_int_equal(ok(&cur, &act).ext, REQ_EXT_LAPSED);
	cur.resolve_due = NOW;
	fails(&cur, &act, FQ_ECONFLICT, "", "not passed");
	cur.ext = REQ_EXT_NONE;
	cur.resolve_due = NOW - 1;
	fails(&cur, &act, FQ_ECONFLICT, "", "no extension is pending");
}

static void test_supervise(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_ACCEPTED, REQ_ACT_SUPERVISE);
	req_action act = action_for(REQ_ACT_SUPERVISE);
	req_state_out next = ok(&cur, &act);
	assert_int_equal(next.state, REQ_ACCEPTED);
	assert_int_equal(next.card, REQ_CARD_YELLOW);
	assert_int_equal(next.effects, REQ_EFFECT_SUPERVISE_DUE);
	act.card = REQ_CARD_NONE;
	fails(&cur, &act, FQ_EINVAL, "card", NULL);
	act.card = REQ_CARD_COUNT;
	fails(&cur, &act, FQ_EINVAL, "card", NULL);
	act.card = REQ_CARD_RED;
	act.due = NOW;
	fails(&cur, &act, FQ_EINVAL, "due", "future");
	act.due = NOW + REQ_SUPERVISE_DUE_MAX_S + 1;
	fails(&cur, &act, FQ_EINVAL, "due", "90 days");
	act.due = NOW + REQ_SUPERVISE_DUE_MAX_S;
	ok(&cur, &act);
	/* cards go up or stay, never down */
	cur.card = REQ_CARD_RED;
	assert_int_equal(ok(&cur, &act).card, REQ_CARD_RED);
	act.card = REQ_CARD_YELLOW;
	fails(&cur, &act, FQ_ECONFLICT, "card", "cannot lower a red card to yellow");
}

static void test_remind(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_DISPATCHED, REQ_ACT_REMIND);
	cur.level = 3;
	cur.redo_count = 2;
	cur.card = REQ_CARD_NORMAL;
	cur.extensions = 1;
	cur.ext = REQ_EXT_REFUSED;
	req_action act = action_for(REQ_ACT_REMIND);
	act.actor_roles = ROLE_RESIDENT;
	act.actor_rel = REQ_REL_REPORTER;
	req_state_out next = ok(&cur, &act);
	req_state_out want = {
		.state = REQ_DISPATCHED, .level = 3, .redo_count = 2, .ext = REQ_EXT_REFUSED,
		.extensions = 1, .card = REQ_CARD_NORMAL, .event = REQ_EV_REMINDED, .effects = 0,
	};
	assert_memory_equal(&next, &want, sizeof want);
	char text[REQ_NOTE_MAX + 2];
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	act.note = text;
	fails(&cur, &act, FQ_EINVAL, "note", NULL);
}

/* A person's reminder waits remind_span_s after the last reminder; the
 * system's does not, and a span of 0 means no wait. */
static void test_remind_span(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_DISPATCHED, REQ_ACT_REMIND);
	req_action act = action_for(REQ_ACT_REMIND);
	act.actor_roles = ROLE_RESIDENT;
	act.actor_rel = REQ_REL_REPORTER;
	act.remind_span_s = 600;
	cur.reminded_at = NOW - 599;
	fails(&cur, &act, FQ_ERATELIMIT, "remind", "the next may be sent from ");
	cur.reminded_at = NOW - 600;
	assert_int_equal(ok(&cur, &act).event, REQ_EV_REMINDED);
	cur.reminded_at = 0;
	ok(&cur, &act);
	cur.reminded_at = NOW - 1;
	act.actor_roles = ROLE_SUPERVISOR;
	act.actor_rel = 0;
	fails(&cur, &act, FQ_ERATELIMIT, "remind", NULL);
	act.actor_roles = REQ_ACTOR_SYSTEM;
	ok(&cur, &act);
	act.actor_roles = ROLE_RESIDENT;
	act.actor_rel = REQ_REL_REPORTER;
	act.remind_span_s = 0;
	ok(&cur, &act);
	/* the message names both times, RFC 3339 in Asia/Shanghai */
	act.remind_span_s = 600;
	cur.reminded_at = 1796572800; /* 2026-12-07T00:00:00+08:00 */
	act.now = cur.reminded_at + 60;
	fq_err err = {0};
	req_state_out next;
	assert_int_equal(req_transition(&cur, &act, &next, &err), FQ_ERATELIMIT);
	assert_string_equal(err.message, "a reminder was sent at 2026-12-07T00:00:00+08:00; "
					 "the next may be sent from 2026-12-07T00:10:00+08:00");
}

static void test_reject_merge(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_SUBMITTED, REQ_ACT_REJECT);
	req_action act = action_for(REQ_ACT_REJECT);
	act.reason = NULL;
	fails(&cur, &act, FQ_EINVAL, "reason", NULL);
	act.reason = "不属于政府职能";
	assert_int_equal(ok(&cur, &act).state, REQ_REJECTED);

	cur = request_for(REQ_ACCEPTED, REQ_ACT_MERGE);
	act = action_for(REQ_ACT_MERGE);
	act.merge_into = 0;
	fails(&cur, &act, FQ_EINVAL, "merge_into", "required");
	act.merge_into = cur.id;
	fails(&cur, &act, FQ_EINVAL, "merge_into", "itself");
	act.merge_into = 99;
	act.merge_into_state = REQ_STATE_NONE;
	fails(&cur, &act, FQ_EINVAL, "merge_into", NULL);
	static const req_state closed_ones[] = {REQ_CLOSED, REQ_REJECTED, REQ_MERGED};
	for (size_t i = 0; i < 3; i++) {
		act.merge_into_state = closed_ones[i];
		fails(&cur, &act, FQ_ECONFLICT, "merge_into", req_state_name(closed_ones[i]));
	}
	act.merge_into_state = REQ_RESOLVED;
	cur.ext = REQ_EXT_PENDING;
	req_state_out next = ok(&cur, &act);
	assert_int_equal(next.state, REQ_MERGED);
	assert_int_equal(next.ext, REQ_EXT_LAPSED);
}

static void test_redo(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_CLOSED, REQ_ACT_REDO);
	cur.level = 2;
	req_action act = action_for(REQ_ACT_REDO);
	act.actor_roles = ROLE_SUPERVISOR;
	req_state_out next = ok(&cur, &act);
	assert_int_equal(next.state, REQ_DISPATCHED);
	assert_int_equal(next.event, REQ_EV_REDONE);
	assert_int_equal(next.level, 2);
	assert_int_equal(next.redo_count, 1);
	/* a request that already failed once climbs */
	cur = request_for(REQ_RESOLVED, REQ_ACT_REDO);
	cur.level = 2;
	cur.redo_count = 1;
	next = ok(&cur, &act);
	assert_int_equal(next.level, 3);
	assert_int_equal(next.redo_count, 2);
	/* a supervisor may order a redo past REQ_REDO_MAX */
	cur.redo_count = REQ_REDO_MAX + 2;
	assert_int_equal(ok(&cur, &act).redo_count, REQ_REDO_MAX + 3);
	act.reason = "　";
	fails(&cur, &act, FQ_EINVAL, "reason", "required");
}

static void test_auto_close(void **state)
{
	(void)state;
	req_state_in cur = request_for(REQ_RESOLVED, REQ_ACT_AUTO_CLOSE);
	req_action act = action_for(REQ_ACT_AUTO_CLOSE);
	act.actor_roles = SYSTEM;
	req_state_out next = ok(&cur, &act);
	assert_int_equal(next.state, REQ_CLOSED);
	assert_int_equal(next.event, REQ_EV_AUTO_CLOSED);
	cur.followup_due = NOW;
	fails(&cur, &act, FQ_ECONFLICT, "", "follow-up window");
	cur.followup_due = 0;
	fails(&cur, &act, FQ_ECONFLICT, "", "follow-up window");
}

static void test_bad_input(void **state)
{
	(void)state;
	req_action act = action_for(REQ_ACT_ACCEPT);
	req_state_in cur = request_for(REQ_DISPATCHED, REQ_ACT_ACCEPT);
	cur.level = 0;
	fails(&cur, &act, FQ_EINVAL, "state", NULL);
	cur.level = 5;
	fails(&cur, &act, FQ_EINVAL, "state", NULL);
	cur = request_for(REQ_STATE_NONE, REQ_ACT_ACCEPT);
	fails(&cur, &act, FQ_EINVAL, "state", NULL);
	cur = request_for(REQ_STATE_COUNT, REQ_ACT_ACCEPT);
	fails(&cur, &act, FQ_EINVAL, "state", NULL);
	cur = request_for(REQ_DISPATCHED, REQ_ACT_ACCEPT);
	cur.redo_count = -1;
	fails(&cur, &act, FQ_EINVAL, "state", NULL);
	cur = request_for(REQ_DISPATCHED, REQ_ACT_ACCEPT);
	cur.card = REQ_CARD_COUNT;
	fails(&cur, &act, FQ_EINVAL, "state", NULL);
	cur = request_for(REQ_DISPATCHED, REQ_ACT_ACCEPT);
	act.kind = REQ_ACT_NONE;
	fails(&cur, &act, FQ_EINVAL, "action", NULL);
	act.kind = REQ_ACT_COUNT;
	fails(&cur, &act, FQ_EINVAL, "action", NULL);
}

static void test_actions_for(void **state)
{
	(void)state;
#define BIT(a) (1u << (a))
	req_state_in cur = request_for(REQ_DISPATCHED, REQ_ACT_ACCEPT);
	assert_int_equal(req_actions_for(&cur, ROLE_GRID_WORKER, REQ_REL_HOLDER),
			 BIT(REQ_ACT_ACCEPT) | BIT(REQ_ACT_RETURN) | BIT(REQ_ACT_ESCALATE) |
				 BIT(REQ_ACT_MERGE));
	assert_int_equal(req_actions_for(&cur, ROLE_LEADER, REQ_REL_HOLDER),
			 BIT(REQ_ACT_ACCEPT) | BIT(REQ_ACT_RETURN) | BIT(REQ_ACT_ESCALATE));
	assert_int_equal(req_actions_for(&cur, ROLE_RESIDENT, REQ_REL_REPORTER),
			 BIT(REQ_ACT_REMIND));
	assert_int_equal(req_actions_for(&cur, ROLE_RESIDENT, 0), 0);
	cur.level = 4;
	assert_int_equal(req_actions_for(&cur, ROLE_DEPARTMENT_OFFICER, REQ_REL_HOLDER),
			 BIT(REQ_ACT_ACCEPT) | BIT(REQ_ACT_RETURN));
	cur = request_for(REQ_ACCEPTED, REQ_ACT_APPROVE_EXTENSION);
	assert_int_equal(req_actions_for(&cur, ROLE_SUPERVISOR, 0),
			 BIT(REQ_ACT_APPROVE_EXTENSION) | BIT(REQ_ACT_REFUSE_EXTENSION) |
				 BIT(REQ_ACT_SUPERVISE) | BIT(REQ_ACT_REMIND));
	assert_int_equal(req_actions_for(&cur, ROLE_GRID_WORKER, REQ_REL_HOLDER),
			 BIT(REQ_ACT_RESOLVE) | BIT(REQ_ACT_RETURN) | BIT(REQ_ACT_ESCALATE) |
				 BIT(REQ_ACT_MERGE));
	cur.ext = REQ_EXT_NONE;
	assert_int_equal(req_actions_for(&cur, ROLE_SUPERVISOR, 0),
			 BIT(REQ_ACT_SUPERVISE) | BIT(REQ_ACT_REMIND));
	assert_true(req_actions_for(&cur, ROLE_GRID_WORKER, REQ_REL_HOLDER) & BIT(REQ_ACT_EXTEND));
	cur = request_for(REQ_MERGED, REQ_ACT_REDO);
	assert_int_equal(req_actions_for(&cur, ALL_ROLES, BOTH_RELS), 0);
	cur.level = 0;
	assert_int_equal(req_actions_for(&cur, ALL_ROLES, BOTH_RELS), 0);
#undef BIT
}

static void test_names_and_labels(void **state)
{
	(void)state;
	static const char *const names[] = {NULL, "submitted", "dispatched", "accepted",
					    "resolved", "closed", "returned", "rejected",
					    "merged"};
	static const char *const zh[] = {NULL, "受理", "派单", "签收", "办结",
					 "结案", "退单", "不予受理", "合并"};
	for (int s = REQ_SUBMITTED; s < REQ_STATE_COUNT; s++) {
		assert_string_equal(req_state_name((req_state)s), names[s]);
		assert_string_equal(req_state_label((req_state)s, "zh"), zh[s]);
		assert_string_equal(req_state_label((req_state)s, "en"), names[s]);
		assert_int_equal(req_state_parse(names[s]), s);
	}
	assert_null(req_state_name(REQ_STATE_NONE));
	assert_null(req_state_label(REQ_STATE_COUNT, "zh"));
	assert_int_equal(req_state_parse("open"), REQ_STATE_NONE);
	assert_int_equal(req_state_parse(NULL), REQ_STATE_NONE);

	for (int a = REQ_ACT_DISPATCH; a < REQ_ACT_COUNT; a++) {
		const char *n = req_action_name((req_action_kind)a);
		assert_non_null(n);
		assert_non_null(req_action_label((req_action_kind)a, "zh"));
		assert_int_equal(req_action_parse(n), a);
		assert_non_null(req_event_name(expect_event[a]));
	}
	assert_string_equal(req_action_name(REQ_ACT_APPROVE_EXTENSION), "approve_extension");
	assert_string_equal(req_action_label(REQ_ACT_ESCALATE, "zh"), "上报");
	assert_int_equal(req_action_parse("return"), REQ_ACT_RETURN);
	assert_int_equal(req_action_parse("fly"), REQ_ACT_NONE);
	for (int e = REQ_EV_SUBMITTED; e < REQ_EV_COUNT; e++) {
		assert_non_null(req_event_name((req_event)e));
		assert_non_null(req_event_label((req_event)e, "zh"));
	}
	assert_string_equal(req_event_name(REQ_EV_RATED_REDO), "rated_redo");
	assert_string_equal(req_event_label(REQ_EV_RATED_REDO, "zh"), "回访不满意，重办");

	assert_string_equal(req_reason_name(REQ_REASON_WRONG_AREA), "wrong_area");
	assert_string_equal(req_reason_label(REQ_REASON_WRONG_AREA, "zh"), "属地不符");
	assert_string_equal(req_reason_label(REQ_REASON_UNCLEAR_OWNERSHIP, "zh"), "权属不清");
	assert_string_equal(req_reason_label(REQ_REASON_OVERLAPPING_REMIT, "zh"), "职能交叉");
	assert_string_equal(req_reason_label(REQ_REASON_OTHER, "zh"), "其他");
	assert_int_equal(req_reason_parse("overlapping_remit"), REQ_REASON_OVERLAPPING_REMIT);
	assert_int_equal(req_reason_parse("lazy"), REQ_REASON_NONE);
	assert_null(req_reason_name(REQ_REASON_NONE));

	assert_string_equal(req_card_name(REQ_CARD_RED), "red");
	assert_string_equal(req_card_label(REQ_CARD_YELLOW, "zh"), "黄牌督办");
	assert_int_equal(req_card_parse("normal"), REQ_CARD_NORMAL);
	assert_int_equal(req_card_parse("green"), REQ_CARD_NONE);
	assert_string_equal(req_ext_name(REQ_EXT_LAPSED), "lapsed");
	assert_string_equal(req_ext_label(REQ_EXT_PENDING, "zh"), "待审批");
	assert_null(req_ext_name(REQ_EXT_COUNT));

	assert_true(req_state_is_open(REQ_SUBMITTED));
	assert_true(req_state_is_open(REQ_RESOLVED));
	assert_true(req_state_is_open(REQ_RETURNED));
	assert_false(req_state_is_open(REQ_CLOSED));
	assert_false(req_state_is_open(REQ_REJECTED));
	assert_false(req_state_is_open(REQ_MERGED));
	assert_false(req_state_is_open(REQ_STATE_NONE));
	assert_false(req_state_is_open(REQ_STATE_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_who_may_act),
		cmocka_unit_test(test_forbidden_messages),
		cmocka_unit_test(test_dispatch_and_reassign),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_return),
		cmocka_unit_test(test_escalate),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_rate_fields),
		cmocka_unit_test(test_rate_outcomes),
		cmocka_unit_test(test_extensions),
		cmocka_unit_test(test_supervise),
		cmocka_unit_test(test_remind),
		cmocka_unit_test(test_remind_span),
		cmocka_unit_test(test_reject_merge),
		cmocka_unit_test(test_redo),
		cmocka_unit_test(test_auto_close),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_actions_for),
		cmocka_unit_test(test_names_and_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
