/*
 * council.h - the rules of resident councils (议事会 / 幸福圆桌会): the
 * states of a topic and of a meeting and the moves between them, the
 * support threshold that brings a resident's proposal (金点子) onto the
 * agenda, the counting of a vote (quorum, simple or absolute majority,
 * ties, abstentions), the roll-up of a parent task's progress from its
 * children, and the limits of every text and list. Pure: no SQL, no JSON,
 * no clock.
 *
 * Topic:   proposed -> supporting -> on_agenda -> deliberated -> decided
 *          (any state before decided may be dropped; staff may place a
 *          proposed or supporting topic on an agenda directly)
 * Meeting: scheduled -> open -> closed
 * Vote:    open -> closed (its results are computed once, at closing, and
 *          never change after)
 */
#ifndef FQ_DOMAIN_COUNCIL_H
#define FQ_DOMAIN_COUNCIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/access.h"

/* Supports a proposal needs when its unit sets no threshold of its own,
 * and the bounds of a unit's threshold. */
#define COUNCIL_THRESHOLD_DEFAULT 10
#define COUNCIL_THRESHOLD_MAX 100000

/* Characters of the texts. */
#define COUNCIL_TITLE_MAX 100     /* topic, meeting, task titles */
#define COUNCIL_BODY_MAX 4000     /* a topic's description */
#define COUNCIL_PLACE_MAX 100     /* where a meeting is held */
#define COUNCIL_NAME_MAX 40       /* a participant's display name */
#define COUNCIL_MINUTES_MAX 20000 /* the minutes of one agenda item */
#define COUNCIL_OPINION_MAX 2000  /* one opinion */
#define COUNCIL_MOTION_MAX 500    /* what a vote decides */
#define COUNCIL_RESOLUTION_MAX 4000
#define COUNCIL_NOTE_MAX 500      /* a progress or supervision note */

/* Sizes of the lists. */
#define COUNCIL_PARTICIPANTS_MAX 200 /* participants of one meeting */
#define COUNCIL_ITEMS_MAX 30         /* agenda items of one meeting */
#define COUNCIL_OPINIONS_MAX 500     /* opinions on one agenda item */
#define COUNCIL_VOTES_MAX 50         /* votes of one meeting */
#define COUNCIL_TASKS_MAX 50         /* follow-up tasks of one resolution */
#define COUNCIL_TASK_DEPTH_MAX 3     /* levels of task nesting */
#define COUNCIL_LIST_MAX 100         /* rows of one page of a list */
#define COUNCIL_LIST_DEFAULT 50
#define COUNCIL_QUORUM_DEN_MAX 100   /* denominator of a quorum fraction */

/* Progress of a task, in percent. */
#define COUNCIL_PROGRESS_MAX 100

/* Staff who run councils: create topics and meetings, open and close
 * votes, record paper ballots, write resolutions and tasks. */
#define COUNCIL_STAFF WHO_STAFF
/* Who may put a supervision card on a task (督办). */
#define COUNCIL_SUPERVISORS (ROLE_SUPERVISOR | ROLE_DISPATCHER | ROLE_ADMIN)
/* The roles through which a person takes part as a resident (proposes,
 * supports). */
#define COUNCIL_RESIDENTS ROLE_RESIDENT

typedef enum council_topic_state {
	CT_PROPOSED = 0,
	CT_SUPPORTING,
	CT_ON_AGENDA,
	CT_DELIBERATED,
	CT_DECIDED,
	CT_DROPPED,
	CT_STATE_COUNT
} council_topic_state;

/* What happens to a topic. */
typedef enum council_topic_event {
	CTE_SUPPORT,    /* a resident supports a proposal */
	CTE_AGENDA,     /* threshold reached, or staff place it on an agenda */
	CTE_DELIBERATE, /* its meeting closed, or its vote failed */
	CTE_DECIDE,     /* its vote passed, or staff record the decision */
	CTE_DROP,       /* staff drop it */
} council_topic_event;

typedef enum council_meeting_state {
	CM_SCHEDULED = 0,
	CM_OPEN,
	CM_CLOSED,
	CM_STATE_COUNT
} council_meeting_state;

typedef enum council_majority {
	COUNCIL_SIMPLE = 0, /* yes > no among the votes cast, abstentions left out */
	COUNCIL_ABSOLUTE,   /* yes > half of the eligible */
} council_majority;

/* Wire names ("proposed", "on_agenda", ...); NULL for a value out of range. */
const char *council_topic_state_name(council_topic_state s);
const char *council_meeting_state_name(council_meeting_state s);
const char *council_majority_name(council_majority m);

/* Parse a wire name; -1 when unknown. */
int council_topic_state_parse(const char *name);
int council_meeting_state_parse(const char *name);
int council_majority_parse(const char *name);

/* Non-zero for a known source ("request", "proposal", "staff"), meeting
 * kind ("council", "round_table"), participant kind ("talent",
 * "resident_rep", "department", "property_company", "staff"), choice
 * ("yes", "no", "abstain"), card ("none", "normal", "yellow", "red") or
 * unit kind a council may sit at ("street", "community", "village"). */
int council_source_valid(const char *s);
int council_meeting_kind_valid(const char *s);
int council_participant_kind_valid(const char *s);
int council_choice_valid(const char *s);
int council_card_valid(const char *s);
int council_unit_kind_valid(const char *s);

/* The state a topic in `from` moves to on ev. FQ_ECONFLICT (field
 * "state", naming the current state) when ev is not allowed there;
 * *out is written only on success. */
fq_status council_topic_next(council_topic_state from, council_topic_event ev,
			     council_topic_state *out, fq_err *err);

/* The supports a proposal of a unit needs: the unit's own threshold when
 * it has one (> 0), else COUNCIL_THRESHOLD_DEFAULT. */
int council_threshold(int unit_threshold);

/* The state of a proposal in `from` after one more support, bringing it to
 * `supports` of `threshold`: on_agenda the moment supports reaches the
 * threshold, else supporting. FQ_ECONFLICT (naming the state) when the
 * proposal no longer takes supports (on the agenda or beyond). */
fq_status council_support_next(council_topic_state from, int supports, int threshold,
			       council_topic_state *out, fq_err *err);

/* The state a meeting in `from` moves to when opened (to_open non-zero)
 * or closed. FQ_ECONFLICT naming the current state otherwise. */
fq_status council_meeting_next(council_meeting_state from, int to_open,
			       council_meeting_state *out, fq_err *err);

/* FQ_OK when a meeting in state s may still be edited (title, time,
 * place, agenda, participants): scheduled or open. FQ_ECONFLICT naming
 * the state once it is closed. */
fq_status council_meeting_editable(council_meeting_state s, fq_err *err);

/* The rules of a vote: quorum as the fraction num/den of the eligible
 * who must cast a ballot (abstentions count as cast), and the majority. */
typedef struct council_rule {
	int quorum_num;
	int quorum_den;
	council_majority majority;
} council_rule;

/* FQ_EINVAL naming "quorum" unless 1 <= den <= COUNCIL_QUORUM_DEN_MAX and
 * 0 <= num <= den. */
fq_status council_rule_check(const council_rule *r, fq_err *err);

/* The ballots of a vote as counted. */
typedef struct council_tally {
	int eligible; /* participants with a vote */
	int yes;
	int no;
	int abstain;
} council_tally;

/* The outcome of a vote. */
typedef struct council_result {
	int voted;           /* yes + no + abstain */
	int quorum_met;      /* voted >= eligible * num / den, and eligible > 0 */
	int passed;          /* quorum met and the majority reached; ties fail */
	const char *outcome; /* "passed", "rejected", "tie" or "no_quorum" (static) */
} council_result;

/* Ballots that meet the quorum of rule r with `eligible` voters: the
 * least voted with voted / eligible >= num / den (0 when num is 0); a vote
 * without eligible voters never meets it (council_vote_count). Shown on an
 * open vote, so that staff see before closing whether it would close as
 * no_quorum. */
int council_quorum_needed(int eligible, const council_rule *r);

/* Count a vote under rule r. Pure; writes *out. */
void council_vote_count(const council_tally *t, const council_rule *r, council_result *out);

/* A parent task's progress from its children's: their mean, rounded down,
 * so that a parent reaches 100 only when every child has; 0 for none. */
int council_progress_rollup(const int *children, size_t n);

/* Non-zero when one of the caller's roles in `roles` is bound to the unit
 * whose path is unit_path or to a unit below it (a resident of a grid of
 * the community at unit_path is "in" it). */
int council_in_unit(const caller *c, unsigned roles, const char *unit_path);

/* Non-zero when the caller sees council things at unit_path: a role
 * covering it, or a role bound to it or below it. */
int council_sees(const caller *c, const char *unit_path);

/* Non-zero when the caller runs councils at unit_path (COUNCIL_STAFF
 * covering it). */
int council_staff(const caller *c, const char *unit_path);

/* The caller's widest staff path (for lists without a unit), or NULL. */
const char *council_staff_path(const caller *c);

#endif
