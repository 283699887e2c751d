/*
 * dispute.h - the rules of a dispute case (矛盾纠纷, 人民调解): its states
 * and the one transition table, the dispute ladder with a time limit per
 * level, the 30-day window to apply for judicial confirmation, the case
 * file checklist, the names of types, sources and party roles, and the
 * other routes a party is told of when mediation cannot go ahead. Pure:
 * no SQL, no JSON (docs/disputes.md).
 *
 *   registered --all parties agreed--> consent --mediator or session--> mediating
 *   mediating --all parties and the mediator signed--> agreement_signed
 *   consent|mediating --reconcile--> reconciled
 *   registered|consent|mediating --fail--> failed
 *   registered|consent|mediating --a party refuses--> refused
 *   agreement_signed|reconciled|failed|refused --close--> closed
 *
 * The ladder: 1 楼栋长初调, 2 业委会协调, 3 社区终调, 4 街道/诉源治理站诉前调解,
 * 5 司法确认 (reached only by applying for judicial confirmation).
 */
#ifndef FQ_DOMAIN_DISPUTE_H
#define FQ_DOMAIN_DISPUTE_H
#include <stdbool.h>
#include <stdint.h>
#include "core/status.h"
#include "domain/calendar.h"
#include "domain/roles.h"

/* Levels of the dispute ladder. */
#define DSP_LEVEL_MIN 1
#define DSP_LEVEL_MAX 5
/* Highest level escalation (by hand or by the sweeper) reaches; level 5
 * is judicial confirmation, reached by applying for it. */
#define DSP_LEVEL_ESCALATE_MAX 4
/* Working days each level 1..4 has before it escalates. */
#define DSP_LIMIT_L1_WORKDAYS 3
#define DSP_LIMIT_L2_WORKDAYS 5
#define DSP_LIMIT_L3_WORKDAYS 7
#define DSP_LIMIT_L4_WORKDAYS 10
/* A case should be closed this many calendar days after registration. */
#define DSP_TARGET_DAYS 30
/* Calendar days to apply jointly for judicial confirmation (人民调解法 art. 33). */
#define DSP_JUDICIAL_DAYS 30
/* The sweeper reminds this long before a level's limit passes. */
#define DSP_REMIND_BEFORE_S (24 * 3600)
/* Days before the judicial window ends that the sweeper reminds (twice). */
#define DSP_JUDICIAL_REMIND_FIRST_DAYS 7
#define DSP_JUDICIAL_REMIND_LAST_DAYS 2
/* Roles that work on disputes within the units they are bound to. */
#define DSP_STAFF_ROLES (WHO_STAFF | ROLE_MEDIATOR)
/* Roles that see parties' phone numbers unmasked (each reveal is audited). */
#define DSP_REVEAL_ROLES (ROLE_MEDIATOR | ROLE_COMMUNITY_OFFICER | ROLE_DISPATCHER | ROLE_ADMIN)

typedef enum dsp_state {
	DSP_REGISTERED = 1, /* "registered": recorded, waiting for the parties' consent */
	DSP_CONSENT,        /* "consent": every party agreed to mediation */
	DSP_MEDIATING,      /* "mediating" */
	DSP_SIGNED,         /* "agreement_signed": the agreement took effect */
	DSP_RECONCILED,     /* "reconciled": settled without a written agreement */
	DSP_FAILED,         /* "failed": mediation did not succeed */
	DSP_REFUSED,        /* "refused": a party refused mediation */
	DSP_CLOSED,         /* "closed": filed */
	DSP_STATE_COUNT
} dsp_state;

typedef enum dsp_action {
	DSP_ACT_AGREE = 1,     /* "agree": a party consents to mediation */
	DSP_ACT_REFUSE,        /* "refuse": a party refuses */
	DSP_ACT_ASSIGN,        /* "mediators": mediators assigned */
	DSP_ACT_SESSION,       /* "session": a mediation session recorded */
	DSP_ACT_AGREEMENT,     /* "agreement": the agreement drafted or edited */
	DSP_ACT_SIGN,          /* "sign": a party or the mediator signs */
	DSP_ACT_RECONCILE,     /* "reconcile" */
	DSP_ACT_FAIL,          /* "fail" */
	DSP_ACT_CLOSE,         /* "close": file the case */
	DSP_ACT_ESCALATE,      /* "escalate": one level up */
	DSP_ACT_JUDICIAL,      /* "judicial_apply" */
	DSP_ACT_JUDICIAL_RESULT, /* "judicial_result" */
	DSP_ACT_FOLLOWUP,      /* "followup": 回访 on performance */
	DSP_ACT_PERFORMED,     /* "performed": a term carried out */
	DSP_ACT_DOCUMENT,      /* "document": the case file checklist */
	DSP_ACT_COUNT
} dsp_action;

/* Judicial confirmation, as stored. */
typedef enum dsp_judicial {
	DSP_JUD_NONE = 1, /* "none" */
	DSP_JUD_APPLIED,  /* "applied" */
	DSP_JUD_CONFIRMED, /* "confirmed" */
	DSP_JUD_REFUSED,  /* "refused" */
} dsp_judicial;

/* What the transition table needs to know about a case besides its state. */
typedef struct dsp_facts {
	int level;            /* 1..5 */
	bool all_agreed;      /* with this action, every party has agreed */
	bool all_signed;      /* with this action, every party and the mediator signed */
	bool has_agreement;   /* an agreement is drafted */
	bool has_signatures;  /* someone has signed it */
	dsp_judicial judicial;
	cal_date judicial_end; /* last day of the window, 0 when none */
	cal_date today;       /* the local day of the action */
} dsp_facts;

/* Wire names and their parsers (0 when unknown or NULL). */
const char *dsp_state_name(dsp_state s);
dsp_state dsp_state_parse(const char *name);
const char *dsp_action_name(dsp_action a);
dsp_action dsp_action_parse(const char *name);
const char *dsp_judicial_name(dsp_judicial j);
dsp_judicial dsp_judicial_parse(const char *name);

/* Chinese label of a state ("调解中"), or NULL when out of range. */
const char *dsp_state_label(dsp_state s);

/*
 * The state after `act` on a case in `from` (the one transition table).
 * FQ_ECONFLICT with field "state" and a message naming the current state
 * when the action is not allowed there, or with field "level" (escalate
 * past DSP_LEVEL_ESCALATE_MAX), "agreement" (sign without an agreement,
 * edit after signing began), "judicial" (apply twice, result before
 * applying, apply after the window). *to is untouched on error.
 */
fq_status dsp_next(dsp_state from, dsp_action act, const dsp_facts *f, dsp_state *to,
		   fq_err *err);

/* True for states in which the ladder's limits run (registered, consent, mediating). */
bool dsp_state_open(dsp_state s);

/* The outcome a case closed from `s` is filed with ("agreement",
 * "reconciled", "failed", "refused"), or NULL for other states. */
const char *dsp_outcome_of(dsp_state s);

/* True when an outcome counts as resolved (化解): agreement or reconciled. */
bool dsp_outcome_resolved(const char *outcome);

/* Ladder: valid level (1..5), its wire name ("building", "owners_committee",
 * "community", "street", "judicial"), its Chinese label, the unit kind that
 * handles it ("grid", "community", "street"), and its limit in working days
 * (0 for level 5). NULL / 0 when out of range. */
bool dsp_level_valid(int level);
const char *dsp_level_name(int level);
const char *dsp_level_label(int level);
const char *dsp_level_unit_kind(int level);
int dsp_level_workdays(int level);

/*
 * The limit of `level` counted from `start` on the calendar (NULL: weekends
 * only). FQ_EINVAL with field "level" for level 5 or out of range.
 */
fq_status dsp_level_due(const cal_calendar *cal, int level, int64_t start, int64_t *due,
			fq_err *err);

/*
 * The last day to apply for judicial confirmation of an agreement that
 * took effect on `effective`: DSP_JUDICIAL_DAYS calendar days later (the
 * day it took effect is not counted), and when that day is not a working
 * day (a public holiday or a rest day), the first working day after it.
 * FQ_EINVAL with field "effective" for an invalid date.
 */
fq_status dsp_judicial_end(const cal_calendar *cal, cal_date effective, cal_date *end,
			   fq_err *err);

/* Calendar days from `today` to `end` (0 on the last day, negative after). */
int dsp_days_left(cal_date today, cal_date end);

/* True when the sweeper should remind of the judicial window today: the
 * window is open, and today is within the first or the last reminder
 * stretch and no reminder was sent in that stretch (last_reminded is the
 * day of the last reminder, 0 for none). */
bool dsp_judicial_remind_due(cal_date end, cal_date today, cal_date last_reminded);

/* Dispute types: wire name ("neighbour") and Chinese label ("邻里纠纷"). */
#define DSP_TYPES_COUNT 12
const char *dsp_type_name(int i);   /* i in 0..DSP_TYPES_COUNT-1, else NULL */
const char *dsp_type_label(const char *name); /* NULL when unknown */
bool dsp_type_valid(const char *name);

/* The dispute type of a request category ("dispute.homestead" gives
 * "housing"); NULL when the code is not a dispute category. */
const char *dsp_type_of_category(const char *code);

/* Case sources and party roles: valid names and Chinese labels. */
bool dsp_source_valid(const char *name);
const char *dsp_source_label(const char *name);
bool dsp_party_role_valid(const char *name);
const char *dsp_party_role_label(const char *name);
/* Signature methods: "sign", "seal", "thumbprint". */
bool dsp_sign_method_valid(const char *name);
const char *dsp_sign_method_label(const char *name);
/* Follow-up findings: "full", "partial", "none". */
bool dsp_performance_valid(const char *name);

/* The case file checklist (卷宗), in filing order. */
#define DSP_DOCS_COUNT 13
typedef struct dsp_doc {
	const char *code;  /* "intake" */
	const char *label; /* "调解申请书或登记表" */
	bool required;     /* marked R */
} dsp_doc;
/* Entry i of the checklist, or NULL out of range. */
const dsp_doc *dsp_doc_at(int i);
/* The entry with that code, or NULL. */
const dsp_doc *dsp_doc_find(const char *code);
/* True when a case filed with `outcome` (dsp_outcome_of) must hold `doc`:
 * every required entry, except the agreement unless the outcome is
 * "agreement", and the mediation record when a party refused mediation
 * ("refused": no mediation took place). */
bool dsp_doc_needed(const dsp_doc *doc, const char *outcome);

/* The other routes open to the parties when mediation cannot go ahead or
 * fails (arbitration, administrative, court), as a paragraph for the reply
 * and the printed document; lang "zh" or anything else for English. A
 * labour dispute names labour arbitration first. Static text. */
const char *dsp_routes_text(const char *type, const char *lang);

#endif
