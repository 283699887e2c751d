/*
 * talent.h - the rules of the talent pool (群英库) and of dispatch-by-name
 * (点将派单), pure: no clock, no store, no JSON.
 *
 *   - the fixed lists of skills and of the five roles (宣传员, 信息员,
 *     调解员, 助推员, 监督员), with their wire names and Chinese labels;
 *   - the one table that says which skills (and which role) a subject
 *     needs: a request by its category code, a dispute by its type, a
 *     council topic;
 *   - the ranking of candidates for a subject (talent_rank): a score out
 *     of 100 from skill match, nearness in the org tree, current load,
 *     past ratings (a Bayesian average) and availability, each suggestion
 *     with its reasons (a machine code and a Chinese text); members away
 *     or at capacity are left out, and so are conflicts of interest: a
 *     party of the subject, the same household as a party, a declared
 *     relation to a party (person or household), and members already
 *     tried for the subject;
 *   - the states of a task and its legal moves.
 *
 * docs/talents.md states the formula and every weight below.
 */
#ifndef FQ_DOMAIN_TALENT_H
#define FQ_DOMAIN_TALENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* ---- skills and roles ------------------------------------------------------ */

typedef enum talent_skill {
	TALENT_SKILL_LAW,
	TALENT_SKILL_PSYCHOLOGY,
	TALENT_SKILL_CONSTRUCTION,
	TALENT_SKILL_FINANCE,
	TALENT_SKILL_ELDER_CARE,
	TALENT_SKILL_EDUCATION,
	TALENT_SKILL_MEDICINE,
	TALENT_SKILL_AGRICULTURE,
	TALENT_SKILL_PROPERTY,
	TALENT_SKILL_LABOUR,
	TALENT_SKILL_ENVIRONMENT,
	TALENT_SKILL_CULTURE,
	TALENT_SKILL_COUNT
} talent_skill;

typedef enum talent_role {
	TALENT_ROLE_PUBLICIST,  /* 宣传员: policy and law */
	TALENT_ROLE_INFORMANT,  /* 信息员: residents' concerns */
	TALENT_ROLE_MEDIATOR,   /* 调解员: disputes */
	TALENT_ROLE_PROMOTER,   /* 助推员: rural revitalisation */
	TALENT_ROLE_SUPERVISOR, /* 监督员: civility */
	TALENT_ROLE_COUNT
} talent_role;

/* Wire name ("law") and Chinese label ("法律") of a skill; NULL when out of
 * range. */
const char *talent_skill_name(talent_skill s);
const char *talent_skill_label(talent_skill s);
/* The skill with that wire name, or -1. */
int talent_skill_parse(const char *name);

/* The same for roles ("mediator", "调解员"). */
const char *talent_role_name(talent_role r);
const char *talent_role_label(talent_role r);
int talent_role_parse(const char *name);

/* ---- members ---------------------------------------------------------------- */

/* Tasks one member may hold at once, and the default. */
#define TALENT_CAPACITY_MIN 1
#define TALENT_CAPACITY_MAX 20
#define TALENT_CAPACITY_DEFAULT 2

typedef enum talent_status {
	TALENT_PENDING,
	TALENT_APPROVED,
	TALENT_REJECTED,
	TALENT_WITHDRAWN,
} talent_status;

typedef enum talent_availability {
	TALENT_AVAILABLE,
	TALENT_BUSY, /* ranked lower */
	TALENT_AWAY, /* not suggested */
} talent_availability;

typedef enum talent_enrolment {
	TALENT_SELF_NOMINATION,
	TALENT_RECOMMENDATION,
	TALENT_ELECTION,
} talent_enrolment;

/* Wire names and parsers (-1 for an unknown name). */
const char *talent_status_name(talent_status s);
int talent_status_parse(const char *name);
const char *talent_availability_name(talent_availability a);
int talent_availability_parse(const char *name);
const char *talent_enrolment_name(talent_enrolment e);
int talent_enrolment_parse(const char *name);

/* A pending member may be approved or rejected; an approved or pending one
 * may withdraw. FQ_ECONFLICT naming "status" with the current state
 * otherwise; *out is the new status on success. */
typedef enum talent_decision { TALENT_APPROVE, TALENT_REJECT, TALENT_WITHDRAW } talent_decision;
fq_status talent_decide(talent_status from, talent_decision d, talent_status *out, fq_err *err);

/* The availability in force at now: busy or away with an `until` that has
 * passed count as available (until 0 = no end). */
talent_availability talent_availability_at(talent_availability a, int64_t until, int64_t now);

/* ---- subjects and their needs ------------------------------------------------ */

typedef enum talent_subject_kind {
	TALENT_SUBJECT_REQUEST,
	TALENT_SUBJECT_DISPUTE,
	TALENT_SUBJECT_TOPIC,
	TALENT_SUBJECT_KIND_COUNT
} talent_subject_kind;

const char *talent_subject_kind_name(talent_subject_kind k);
int talent_subject_kind_parse(const char *name);

/* Characters of "dispute:12" and the like. */
#define TALENT_SUBJECT_TEXT_MAX 40

/* Parse "request:12", "dispute:12" or "topic:12" (field names the
 * argument). FQ_EINVAL naming field otherwise. */
fq_status talent_subject_parse(const char *text, const char *field, talent_subject_kind *kind,
			       int64_t *id, fq_err *err);

/* What a subject needs: a bit set of skills (1u << talent_skill) and of
 * roles (1u << talent_role). */
typedef struct talent_need {
	unsigned skills;
	unsigned roles;
} talent_need;

/* The needs of a subject from its key: a request's category code
 * ("dispute.family"), "dispute." + a dispute's type ("dispute.family"), or
 * "topic" + optionally "." and the topic's category. An exact entry of the
 * table wins, then the class before the first '.', then nothing. */
talent_need talent_need_of(talent_subject_kind kind, const char *key);

/* ---- ranking ----------------------------------------------------------------- */

/* The weights of the score (out of 100) and the rating prior. */
#define TALENT_W_SKILL 40     /* times the share of needed skills held */
#define TALENT_W_ROLE 10      /* holds the needed role */
#define TALENT_W_NEAR_GRID 25 /* same grid as the subject */
#define TALENT_W_NEAR_COMMUNITY 15
#define TALENT_W_NEAR_STREET 5
#define TALENT_W_LOAD 15      /* times the share of capacity free */
#define TALENT_W_RATING 10    /* times (bayesian average - 1) / 4 */
#define TALENT_BUSY_PENALTY 15
#define TALENT_RATING_PRIOR_MEAN 4.0 /* what a member without ratings counts as */
#define TALENT_RATING_PRIOR_WEIGHT 3 /* ... as if rated this many times */
#define TALENT_RATING_MIN 1
#define TALENT_RATING_MAX 5

/* Depth of a path ("/1/4/17/" is 3): 1 street, 2 community or village,
 * 3 grid, 4 building. */
#define TALENT_DEPTH_STREET 1
#define TALENT_DEPTH_COMMUNITY 2
#define TALENT_DEPTH_GRID 3

/* Suggestions in one answer: the default and the most. */
#define TALENT_SUGGEST_DEFAULT 10
#define TALENT_SUGGEST_MAX 50
/* Reasons of one suggestion, and bytes of one reason's text. */
#define TALENT_REASONS_MAX 8
#define TALENT_REASON_TEXT_MAX 96
/* Conflicts listed for the coordinator at most. */
#define TALENT_EXCLUDED_MAX 50

/* One approved member as the ranking sees it. */
typedef struct talent_candidate {
	int64_t id;
	int64_t person_id;
	int64_t household_id;   /* 0 when none */
	const char *home_path;  /* "/1/4/17/250/" */
	unsigned skills;        /* bits of talent_skill */
	unsigned roles;         /* bits of talent_role */
	int capacity;
	int open_tasks;
	int64_t rating_sum;
	int64_t rating_count;
	talent_availability availability;
	int64_t available_until; /* 0 = no end */
} talent_candidate;

/* The subject as the ranking sees it. Id lists need not be sorted. */
typedef struct talent_subject {
	const char *path;              /* the subject's unit path */
	talent_need need;
	const int64_t *party_persons;  /* persons who are parties (reporter, proposer) */
	size_t n_party_persons;
	const int64_t *party_households; /* their households */
	size_t n_party_households;
	const int64_t *related;        /* members with a declared relation to a party */
	size_t n_related;
	const int64_t *tried;          /* members already offered this subject */
	size_t n_tried;
} talent_subject;

/* Why a member is left out. */
typedef enum talent_exclusion {
	TALENT_EXCL_NONE,
	TALENT_EXCL_PARTY,     /* is a party */
	TALENT_EXCL_HOUSEHOLD, /* same household as a party */
	TALENT_EXCL_RELATION,  /* declared a relation to a party */
	TALENT_EXCL_TRIED,     /* already offered this subject */
	TALENT_EXCL_AWAY,      /* away */
	TALENT_EXCL_FULL,      /* at capacity */
} talent_exclusion;

/* Machine code ("party") and Chinese text ("当事人本人") of an exclusion. */
const char *talent_exclusion_code(talent_exclusion e);
const char *talent_exclusion_text(talent_exclusion e);

/* The first rule that leaves c out of s at now, or TALENT_EXCL_NONE. The
 * conflicts come first (party, household, relation), then tried, away,
 * full. */
talent_exclusion talent_excluded(const talent_subject *s, const talent_candidate *c, int64_t now);

/* The score of c for s at now (0..100), without the exclusions. */
double talent_score(const talent_subject *s, const talent_candidate *c, int64_t now);

typedef struct talent_reason {
	const char *code;                   /* "skill_match", "same_grid", ... (static) */
	char text[TALENT_REASON_TEXT_MAX];  /* "擅长法律、心理" */
} talent_reason;

typedef struct talent_suggestion {
	const talent_candidate *c;  /* points into the candidates given */
	int rank;                   /* 1 = best */
	double score;
	int n_reasons;
	talent_reason reasons[TALENT_REASONS_MAX];
} talent_suggestion;

typedef struct talent_excluded_entry {
	const talent_candidate *c;
	talent_exclusion why;
} talent_excluded_entry;

/* The result of a ranking. */
typedef struct talent_ranking {
	talent_suggestion *items;       /* best first, n of them (at most k) */
	size_t n;
	talent_excluded_entry *excluded; /* conflicts and tried (not away/full), at most
					    TALENT_EXCLUDED_MAX */
	size_t n_excluded;
	size_t eligible;                /* candidates not left out */
	size_t away, full;              /* left out as away / at capacity */
} talent_ranking;

/* Rank n candidates for s at now and keep the best k (1..TALENT_SUGGEST_MAX)
 * in out->items, which must hold k entries, and up to TALENT_EXCLUDED_MAX
 * conflicts in out->excluded (which must hold that many). Ties go to the
 * lower id. Reasons are filled for the kept ones only. Never fails. */
void talent_rank(const talent_subject *s, const talent_candidate *c, size_t n, int64_t now,
		 size_t k, talent_ranking *out);

/* The rank (1-based) that candidate `which` would have among the eligible
 * ones, and its suggestion with reasons in *out; FQ_EINVAL naming
 * "talent_id" with the exclusion's reason when it is left out. */
fq_status talent_rank_one(const talent_subject *s, const talent_candidate *c, size_t n,
			  const talent_candidate *which, int64_t now, talent_suggestion *out,
			  fq_err *err);

/* Fill sug's reasons for c (used by talent_rank; exposed for the tests). */
void talent_reasons(const talent_subject *s, const talent_candidate *c, int64_t now,
		    talent_suggestion *sug);

/* Number of '/'-separated ids common to the start of both paths. */
int talent_common_depth(const char *a, const char *b);

/* ---- tasks ------------------------------------------------------------------- */

/* The answer window: default and bounds, seconds. The minimum exists so
 * that drills and tests can watch an offer pass on. */
#define TALENT_ANSWER_DEFAULT_S (2 * 3600)
#define TALENT_ANSWER_MIN_S 2
#define TALENT_ANSWER_MAX_S (7 * 86400)
/* Offers in one chain for a subject (the hand-sent one and those passed on
 * after a decline or expiry). */
#define TALENT_CHAIN_MAX 10
/* Characters of a task's note, of a decline reason, of an outcome. */
#define TALENT_NOTE_MAX 500
#define TALENT_OUTCOME_MAX 2000

typedef enum talent_task_state {
	TALENT_TASK_OFFERED,
	TALENT_TASK_ACCEPTED,
	TALENT_TASK_DECLINED,
	TALENT_TASK_EXPIRED,
	TALENT_TASK_DONE,
	TALENT_TASK_CANCELLED,
	TALENT_TASK_STATE_COUNT
} talent_task_state;

typedef enum talent_task_action {
	TALENT_TASK_ACCEPT,  /* the talent */
	TALENT_TASK_DECLINE, /* the talent */
	TALENT_TASK_EXPIRE,  /* the sweeper */
	TALENT_TASK_DONE_ACT, /* the talent (or the coordinator for them) */
	TALENT_TASK_CANCEL,  /* the coordinator */
	TALENT_TASK_RATE,    /* the coordinator: a done task, once */
} talent_task_action;

const char *talent_task_state_name(talent_task_state s);
int talent_task_state_parse(const char *name);

/* Non-zero for offered and accepted: the task counts against capacity. */
int talent_task_open(talent_task_state s);

/* The state after `act` from `from` (rated: whether a done task has its
 * rating). FQ_ECONFLICT naming "state" with the current state when the
 * move is illegal. */
fq_status talent_task_move(talent_task_state from, int rated, talent_task_action act,
			   talent_task_state *out, fq_err *err);

#endif
