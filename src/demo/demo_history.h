/*
 * demo_history.h - the plan of a demo street's request history (诉求):
 * about a year of requests raised by its residents, 邻长, the hotline,
 * cadres' visits and grid workers' inspections, and what every actor
 * does with each of them afterwards. `fengqiao demo --requests N` plays
 * the plan through the real requests service (reqsvc_create and
 * reqsvc_apply) and the real sweeper, in time order; this module only
 * decides, and is pure: no clock, no store, no I/O. The same seed, count
 * and end date always give the same draws.
 *
 * Three kinds of draw, each from its own random stream keyed by the
 * seed and the request's ordinal (its place in creation order), so that
 * no draw depends on the order in which others were made:
 *
 *   the schedule   how many requests each day of the year gets (fewer on
 *                  days off) and at what times (an hour-of-day profile);
 *   the request    channel (self 45 %, proxy 20 %, hotline 20 %, visit 8 %,
 *                  inspection 7 %), category (weighted, some only in
 *                  apartment blocks or in villages, a few seasonal),
 *                  place (a household, or a building for inspections),
 *                  and a title and description from the category's
 *                  templates with the place and details filled in;
 *                  a few are duplicates of a request raised just before
 *                  (later merged into it) and a few are out of remit
 *                  (returned, then rejected);
 *   the next move  given where a request stands now (its state, level,
 *                  deadlines, sub-states), what happens to it next, by
 *                  whom and when: accept or resolve on time or late,
 *                  return, escalate, ask for an extension and have it
 *                  approved or refused, supervise with a card, set
 *                  co-handling departments at the street, rate (mostly 4
 *                  or 5, some 1 or 2, which sends it back for redo),
 *                  reassign or reject after a return, merge; or nothing,
 *                  leaving the timers to the sweeper (escalation after a
 *                  missed deadline, reminders, lapsed extensions, closing
 *                  after the follow-up window).
 */
#ifndef FQ_DEMO_DEMO_HISTORY_H
#define FQ_DEMO_DEMO_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/calendar.h"
#include "demo/demo.h"
#include "domain/lifecycle.h"
#include "domain/requests.h"

/* Requests of a history: the default (a street of 47,000 households
 * raises about this many a year) and the most one build may ask for. */
#define DHIST_REQUESTS_DEFAULT 20000
#define DHIST_REQUESTS_MAX 20000000

/* Length of the history, in days before its end. */
#define DHIST_DAYS 365

/* The default end of the history: a fixed day, so that the same seed
 * gives the same database; "now" is this day at 00:00 Asia/Shanghai. */
#define DHIST_UNTIL_DEFAULT 20261102

/* Buffer sizes of a request's texts (REQSVC_*_MAX characters of up to
 * four bytes each, and the NUL). */
#define DHIST_TITLE_SIZE (REQSVC_TITLE_MAX * 4 + 1)
#define DHIST_DESCRIPTION_SIZE 1024
#define DHIST_ADDRESS_SIZE (REQSVC_ADDRESS_MAX * 4 + 1)

/* How far back a duplicate's original may lie, in requests. */
#define DHIST_DUPLICATE_BACK_MAX 40

/* No action drawn happens sooner than this after the moment of deciding. */
#define DHIST_MIN_DELAY_S 60

/* What the history of one street is drawn from. */
typedef struct dhist_params {
	uint64_t seed;       /* any value */
	int64_t requests;    /* 0 .. DHIST_REQUESTS_MAX */
	cal_date until;      /* the history ends at this day's 00:00 (exclusive) */
	int64_t stop;        /* 0, or a moment (unix s) of the last day at which the
				play stops, leaving the rest of that day unplayed */
} dhist_params;

/* The creation times of the whole history: requests per day, worked out
 * once. */
typedef struct dhist_schedule {
	dhist_params params;
	int64_t start;                   /* unix s: DHIST_DAYS days before the end */
	int64_t end;                     /* unix s: the end, exclusive (params.stop
					    when that lies on the last day) */
	int64_t first[DHIST_DAYS + 1];   /* ordinal of day d's first request; [DHIST_DAYS] = total */
} dhist_schedule;

/* What a request's fate holds apart from its texts: the draws the
 * executor needs again later, cheap to recompute from the ordinal. */
typedef struct dhist_fate {
	int64_t duplicate_of;   /* ordinal of the earlier request it repeats, or -1 */
	bool reject;            /* out of remit: returned by its handler, then rejected */
} dhist_fate;

/* One request as raised. Indexes refer to the street's demo_plan. */
typedef struct dhist_request {
	int64_t ordinal;
	int64_t created_at;         /* unix s */
	const char *category;       /* a sub-category code of the seed catalogue (static) */
	reqsvc_channel channel;     /* self, proxy, hotline, visit or inspection */
	int32_t household;          /* plan household, or -1 (inspections) */
	int32_t building;           /* plan unit: the building it concerns */
	int32_t leader;             /* proxy: the plan leader (a 邻长) who reports, else -1 */
	int32_t caller;             /* hotline: the plan person calling, else -1 */
	bool visit_by_grid;         /* visit: a grid worker's visit (else the community's) */
	bool anonymous;
	dhist_fate fate;
	char title[DHIST_TITLE_SIZE];
	char description[DHIST_DESCRIPTION_SIZE];
	char address[DHIST_ADDRESS_SIZE];
} dhist_request;

/* Who takes a drawn action. */
typedef enum dhist_actor {
	DHIST_BY_NONE = 0,
	DHIST_BY_HOLDER,      /* the request's assignee */
	DHIST_BY_ROUTER,      /* the router of its level: grid worker (levels 1-2),
				 community officer (3), street dispatcher (4) */
	DHIST_BY_LEAD,        /* the officer of the lead co-handling department */
	DHIST_BY_DISPATCHER,  /* the street dispatcher */
	DHIST_BY_SUPERVISOR,  /* the street supervisor */
	DHIST_BY_REPORTER,    /* the account that raised it (else the supervisor,
				 following up by phone) */
} dhist_actor;

/* What a drawn action is: a lifecycle action, or setting co-handlers. */
typedef enum dhist_move {
	DHIST_MOVE_NONE = 0,  /* nothing more; the sweeper's timers take over */
	DHIST_MOVE_ACTION,    /* apply decision.act */
	DHIST_MOVE_COHANDLE,  /* set the lead department (and one more) as co-handlers */
} dhist_move;

/* Flags of a request's course the executor carries from move to move. */
#define DHIST_F_RETURNED (1u << 0)   /* it was returned once */
#define DHIST_F_COHANDLED (1u << 1)  /* co-handlers are set (level 4) */
#define DHIST_F_NO_MERGE (1u << 2)   /* merging was tried and is off */
#define DHIST_F_ESCALATED (1u << 3)  /* its handler escalated it once */
#define DHIST_F_REDONE (1u << 4)     /* a supervisor reopened it once */

/* Where a request stands when its next move is drawn. */
typedef struct dhist_situation {
	int64_t ordinal;
	int step;                 /* moves drawn for it so far */
	int64_t now;              /* the moment of deciding, unix s */
	req_state state;
	int level;
	const char *category;     /* its category code */
	reqsvc_channel channel;
	int64_t since;            /* start of the current state: dispatched_at,
				     accepted_at, resolved_at, closed_at, or the
				     return's time */
	int64_t accept_due, resolve_due, followup_due;
	int redo_count;
	int extensions;
	req_ext_state ext;
	req_card card;
	unsigned flags;           /* DHIST_F_* */
} dhist_situation;

/* The next move drawn. Texts are static. */
typedef struct dhist_decision {
	dhist_move move;
	int64_t at;               /* when, unix s (>= now + DHIST_MIN_DELAY_S) */
	dhist_actor by;
	req_action act;           /* kind and fields; actor_* and now left to the executor */
	int64_t merge_ordinal;    /* merge: the ordinal of the surviving request */
	const char *lead;         /* co-handling: a department name suffix ("司法所") */
	const char *second;       /* co-handling: another department's, or NULL */
	unsigned set_flags;       /* DHIST_F_* to add once the move is made */
} dhist_decision;

/* Check params: requests within 0..DHIST_REQUESTS_MAX and a valid end
 * day. FQ_EINVAL naming "requests" or "until". */
fq_status dhist_params_check(const dhist_params *p, fq_err *err);

/* Work out the schedule of p on cal (days off get fewer requests): every
 * one of p->requests requests gets a day. FQ_EINVAL as dhist_params_check. */
fq_status dhist_schedule_init(const dhist_params *p, const cal_calendar *cal,
			      dhist_schedule *out, fq_err *err);

/* Requests on day d (0 = the first day of the history) and the ordinal of
 * the first; 0 for a day out of range. */
int64_t dhist_day_count(const dhist_schedule *s, int d, int64_t *first);

/* The creation times of day d's requests, ascending, into times (room for
 * dhist_day_count of them). */
void dhist_day_times(const dhist_schedule *s, int d, int64_t *times);

/* The fate draws of request ordinal. */
dhist_fate dhist_fate_of(const dhist_params *p, int64_t ordinal);

/* The request with that ordinal of schedule s, raised at created_at on the
 * street of plan (which must have households). */
void dhist_request_of(const dhist_schedule *s, const demo_plan *plan, int64_t ordinal,
		      int64_t created_at, dhist_request *out);

/* The next move of the request in situation s. */
void dhist_decide(const dhist_params *p, const dhist_situation *s, dhist_decision *out);

/* Number of text templates of a category code (0 for an unknown one). */
size_t dhist_template_count(const char *category);

/* The i-th category code the history draws from (static), or NULL past
 * the last. */
const char *dhist_category_at(size_t i);

#endif
