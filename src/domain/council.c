/*
 * council.c - the rules of resident councils (council.h): state machines
 * of topics and meetings, the support threshold, vote counting and the
 * roll-up of task progress.
 */
#include "domain/council.h"

#include <string.h>

static const char *const topic_states[CT_STATE_COUNT] = {
	"proposed", "supporting", "on_agenda", "deliberated", "decided", "dropped",
};

static const char *const meeting_states[CM_STATE_COUNT] = {"scheduled", "open", "closed"};

static const char *const majorities[] = {"simple", "absolute"};

static const char *const sources[] = {"request", "proposal", "staff", NULL};
static const char *const meeting_kinds[] = {"council", "round_table", NULL};
static const char *const participant_kinds[] = {
	"talent", "resident_rep", "department", "property_company", "staff", NULL,
};
static const char *const choices[] = {"yes", "no", "abstain", NULL};
static const char *const cards[] = {"none", "normal", "yellow", "red", NULL};
static const char *const unit_kinds[] = {"street", "community", "village", NULL};

static int index_of(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static int in_list(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return 1;
	return 0;
}

const char *council_topic_state_name(council_topic_state s)
{
	return (unsigned)s < CT_STATE_COUNT ? topic_states[s] : NULL;
}

const char *council_meeting_state_name(council_meeting_state s)
{
	return (unsigned)s < CM_STATE_COUNT ? meeting_states[s] : NULL;
}

const char *council_majority_name(council_majority m)
{
	return (unsigned)m <= COUNCIL_ABSOLUTE ? majorities[m] : NULL;
}

int council_topic_state_parse(const char *name)
{
	return index_of(topic_states, CT_STATE_COUNT, name);
}

int council_meeting_state_parse(const char *name)
{
	return index_of(meeting_states, CM_STATE_COUNT, name);
}

int council_majority_parse(const char *name)
{
	return index_of(majorities, COUNCIL_ABSOLUTE + 1, name);
}

int council_source_valid(const char *s)
{
	return in_list(sources, s);
}

int council_meeting_kind_valid(const char *s)
{
	return in_list(meeting_kinds, s);
}

int council_participant_kind_valid(const char *s)
{
	return in_list(participant_kinds, s);
}

int council_choice_valid(const char *s)
{
	return in_list(choices, s);
}

int council_card_valid(const char *s)
{
	return in_list(cards, s);
}

int council_unit_kind_valid(const char *s)
{
	return in_list(unit_kinds, s);
}

/* The state ev leads to from `from`, or -1 when it is not allowed. */
static int topic_move(council_topic_state from, council_topic_event ev)
{
	switch (ev) {
	case CTE_SUPPORT:
		return from == CT_PROPOSED || from == CT_SUPPORTING ? CT_SUPPORTING : -1;
	case CTE_AGENDA:
		return from == CT_PROPOSED || from == CT_SUPPORTING || from == CT_DELIBERATED
			       ? CT_ON_AGENDA : -1;
	case CTE_DELIBERATE:
		return from == CT_ON_AGENDA ? CT_DELIBERATED : -1;
	case CTE_DECIDE:
		return from == CT_ON_AGENDA || from == CT_DELIBERATED ? CT_DECIDED : -1;
	case CTE_DROP:
		return from == CT_DECIDED || from == CT_DROPPED ? -1 : CT_DROPPED;
	}
	return -1;
}

fq_status council_topic_next(council_topic_state from, council_topic_event ev,
			     council_topic_state *out, fq_err *err)
{
	int to = topic_move(from, ev);
	if (to < 0)
		return fq_failr(err, FQ_ECONFLICT, "state", "council.topic_state",
				"the topic is %s",
				council_topic_state_name(from) ? council_topic_state_name(from)
							     : "unknown");
	*out = (council_topic_state)to;
	return FQ_OK;
}

int council_threshold(int unit_threshold)
{
	return unit_threshold > 0 ? unit_threshold : COUNCIL_THRESHOLD_DEFAULT;
}

fq_status council_support_next(council_topic_state from, int supports, int threshold,
			       council_topic_state *out, fq_err *err)
{
	council_topic_state next;
	fq_status st = council_topic_next(from, CTE_SUPPORT, &next, err);
	if (st != FQ_OK)
		return st;
	*out = supports >= council_threshold(threshold) ? CT_ON_AGENDA : next;
	return FQ_OK;
}

fq_status council_meeting_next(council_meeting_state from, int to_open,
			       council_meeting_state *out, fq_err *err)
{
	council_meeting_state want = to_open ? CM_SCHEDULED : CM_OPEN;
	if (from != want)
		return fq_failr(err, FQ_ECONFLICT, "state", "council.meeting_state",
				"the meeting is %s",
				council_meeting_state_name(from) ? council_meeting_state_name(from)
								: "unknown");
	*out = to_open ? CM_OPEN : CM_CLOSED;
	return FQ_OK;
}

fq_status council_meeting_editable(council_meeting_state s, fq_err *err)
{
	if (s == CM_SCHEDULED || s == CM_OPEN)
		return FQ_OK;
	return fq_failr(err, FQ_ECONFLICT, "state", "council.meeting_state", "the meeting is %s",
			council_meeting_state_name(s) ? council_meeting_state_name(s) : "unknown");
}

fq_status council_rule_check(const council_rule *r, fq_err *err)
{
	if (r->quorum_den < 1 || r->quorum_den > COUNCIL_QUORUM_DEN_MAX || r->quorum_num < 0 ||
	    r->quorum_num > r->quorum_den)
		return fq_failr(err, FQ_EINVAL, "quorum", "council.quorum_invalid",
				"a quorum is a fraction num/den with 1 <= den <= %d and 0 <= num <= den",
				COUNCIL_QUORUM_DEN_MAX);
	if (r->majority != COUNCIL_SIMPLE && r->majority != COUNCIL_ABSOLUTE)
		return fq_failr(err, FQ_EINVAL, "majority", "council.majority_unknown",
				"must be simple or absolute");
	return FQ_OK;
}

int council_quorum_needed(int eligible, const council_rule *r)
{
	if (eligible <= 0 || r->quorum_den <= 0 || r->quorum_num <= 0)
		return 0;
	/* integers only: the ceiling of eligible * num / den */
	int64_t need = ((int64_t)eligible * r->quorum_num + r->quorum_den - 1) / r->quorum_den;
	return (int)need;
}

void council_vote_count(const council_tally *t, const council_rule *r, council_result *out)
{
	int voted = t->yes + t->no + t->abstain;
	int quorum = t->eligible > 0 && voted >= council_quorum_needed(t->eligible, r);
	int majority, tie;
	if (r->majority == COUNCIL_ABSOLUTE) {
		majority = 2 * (int64_t)t->yes > t->eligible;
		tie = 2 * (int64_t)t->yes == t->eligible;
	} else {
		majority = t->yes > t->no;
		tie = t->yes == t->no;
	}
	*out = (council_result){
		.voted = voted,
		.quorum_met = quorum,
		.passed = quorum && majority,
		.outcome = !quorum ? "no_quorum" : majority ? "passed" : tie ? "tie" : "rejected",
	};
}

int council_progress_rollup(const int *children, size_t n)
{
	if (!n)
		return 0;
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += children[i] < 0 ? 0
		       : children[i] > COUNCIL_PROGRESS_MAX ? COUNCIL_PROGRESS_MAX
							    : children[i];
	return (int)(sum / (int64_t)n);
}

int council_in_unit(const caller *c, unsigned roles, const char *unit_path)
{
	size_t len = unit_path ? strlen(unit_path) : 0;
	for (int i = 0; len && i < c->n_roles; i++)
		if ((c->r[i].role & roles) && c->r[i].path &&
		    strncmp(c->r[i].path, unit_path, len) == 0)
			return 1;
	return 0;
}

int council_sees(const caller *c, const char *unit_path)
{
	return access_covers(c, WHO_ANY, unit_path) || council_in_unit(c, WHO_ANY, unit_path);
}

int council_staff(const caller *c, const char *unit_path)
{
	return access_covers(c, COUNCIL_STAFF, unit_path);
}

const char *council_staff_path(const caller *c)
{
	const char *best = NULL;
	for (int i = 0; i < c->n_roles; i++)
		if ((c->r[i].role & COUNCIL_STAFF) && c->r[i].path &&
		    (!best || strlen(c->r[i].path) < strlen(best)))
			best = c->r[i].path;
	return best;
}
