/*
 * talent.c - the talent pool's rules: names, the needs table, the ranking
 * with its reasons and exclusions, and the task states (talent.h).
 */
#include "domain/talent.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------------- */

static const char *const skill_names[TALENT_SKILL_COUNT] = {
	"law",      "psychology",  "construction", "finance",     "elder_care", "education",
	"medicine", "agriculture", "property",     "labour",      "environment", "culture",
};
static const char *const skill_labels[TALENT_SKILL_COUNT] = {
	"法律", "心理", "建筑", "财会", "养老", "教育",
	"医疗", "农业", "物业", "劳动保障", "环境", "文化",
};
static const char *const role_names[TALENT_ROLE_COUNT] = {
	"publicist", "informant", "mediator", "promoter", "supervisor",
};
static const char *const role_labels[TALENT_ROLE_COUNT] = {
	"宣传员", "信息员", "调解员", "助推员", "监督员",
};
static const char *const status_names[] = {"pending", "approved", "rejected", "withdrawn"};
static const char *const availability_names[] = {"available", "busy", "away"};
static const char *const enrolment_names[] = {"self_nomination", "recommendation", "election"};
static const char *const subject_names[TALENT_SUBJECT_KIND_COUNT] = {"request", "dispute",
								      "topic"};
static const char *const task_state_names[TALENT_TASK_STATE_COUNT] = {
	"offered", "accepted", "declined", "expired", "done", "cancelled",
};

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int lookup(const char *const *names, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

static const char *name_at(const char *const *names, int n, int i)
{
	return i >= 0 && i < n ? names[i] : NULL;
}

const char *talent_skill_name(talent_skill s)
{
	return name_at(skill_names, TALENT_SKILL_COUNT, (int)s);
}

const char *talent_skill_label(talent_skill s)
{
	return name_at(skill_labels, TALENT_SKILL_COUNT, (int)s);
}

int talent_skill_parse(const char *name)
{
	return lookup(skill_names, TALENT_SKILL_COUNT, name);
}

const char *talent_role_name(talent_role r)
{
	return name_at(role_names, TALENT_ROLE_COUNT, (int)r);
}

const char *talent_role_label(talent_role r)
{
	return name_at(role_labels, TALENT_ROLE_COUNT, (int)r);
}

int talent_role_parse(const char *name)
{
	return lookup(role_names, TALENT_ROLE_COUNT, name);
}

const char *talent_status_name(talent_status s)
{
	return name_at(status_names, N_OF(status_names), (int)s);
}

int talent_status_parse(const char *name)
{
	return lookup(status_names, N_OF(status_names), name);
}

const char *talent_availability_name(talent_availability a)
{
	return name_at(availability_names, N_OF(availability_names), (int)a);
}

int talent_availability_parse(const char *name)
{
	return lookup(availability_names, N_OF(availability_names), name);
}

const char *talent_enrolment_name(talent_enrolment e)
{
	return name_at(enrolment_names, N_OF(enrolment_names), (int)e);
}

int talent_enrolment_parse(const char *name)
{
	return lookup(enrolment_names, N_OF(enrolment_names), name);
}

const char *talent_subject_kind_name(talent_subject_kind k)
{
	return name_at(subject_names, TALENT_SUBJECT_KIND_COUNT, (int)k);
}

int talent_subject_kind_parse(const char *name)
{
	return lookup(subject_names, TALENT_SUBJECT_KIND_COUNT, name);
}

const char *talent_task_state_name(talent_task_state s)
{
	return name_at(task_state_names, TALENT_TASK_STATE_COUNT, (int)s);
}

int talent_task_state_parse(const char *name)
{
	return lookup(task_state_names, TALENT_TASK_STATE_COUNT, name);
}

/* ---- members ------------------------------------------------------------------ */

fq_status talent_decide(talent_status from, talent_decision d, talent_status *out, fq_err *err)
{
	talent_status to = from;
	if (d == TALENT_APPROVE && from == TALENT_PENDING)
		to = TALENT_APPROVED;
	else if (d == TALENT_REJECT && from == TALENT_PENDING)
		to = TALENT_REJECTED;
	else if (d == TALENT_WITHDRAW && (from == TALENT_PENDING || from == TALENT_APPROVED))
		to = TALENT_WITHDRAWN;
	else
		return fq_failr(err, FQ_ECONFLICT, "status", "talent.member_status",
				"the member is %s",
				talent_status_name(from));
	*out = to;
	return FQ_OK;
}

talent_availability talent_availability_at(talent_availability a, int64_t until, int64_t now)
{
	if (a != TALENT_AVAILABLE && until > 0 && until <= now)
		return TALENT_AVAILABLE;
	return a;
}

/* ---- subjects ------------------------------------------------------------------- */

fq_status talent_subject_parse(const char *text, const char *field, talent_subject_kind *kind,
			       int64_t *id, fq_err *err)
{
	const char *colon = text ? strchr(text, ':') : NULL;
	char name[16];
	size_t n = colon ? (size_t)(colon - text) : 0;
	if (!colon || n == 0 || n >= sizeof name)
		return fq_fail(err, FQ_EINVAL, field,
			       "%s must be request:<id>, dispute:<id> or topic:<id>", field);
	memcpy(name, text, n);
	name[n] = '\0';
	int k = talent_subject_kind_parse(name);
	char *end = NULL;
	errno = 0;
	long long v = strtoll(colon + 1, &end, 10);
	if (k < 0 || errno || end == colon + 1 || *end || v <= 0)
		return fq_fail(err, FQ_EINVAL, field,
			       "%s must be request:<id>, dispute:<id> or topic:<id>", field);
	*kind = (talent_subject_kind)k;
	*id = v;
	return FQ_OK;
}

#define SK(s) (1u << TALENT_SKILL_##s)
#define RL(r) (1u << TALENT_ROLE_##r)

/* The one table of needs: a request category code or class, a dispute type
 * as "dispute.<type>", a council topic as "topic". */
static const struct need_row {
	const char *key;
	talent_need need;
} needs[] = {
	{"dispute", {SK(LAW), RL(MEDIATOR)}},
	{"dispute.family", {SK(PSYCHOLOGY) | SK(LAW), RL(MEDIATOR)}},
	{"dispute.neighbour", {SK(LAW) | SK(PSYCHOLOGY), RL(MEDIATOR)}},
	{"dispute.property", {SK(LAW) | SK(PROPERTY) | SK(FINANCE), RL(MEDIATOR)}},
	{"dispute.labour", {SK(LAW) | SK(LABOUR), RL(MEDIATOR)}},
	{"dispute.land", {SK(LAW) | SK(AGRICULTURE), RL(MEDIATOR)}},
	{"dispute.homestead", {SK(LAW) | SK(CONSTRUCTION) | SK(AGRICULTURE), RL(MEDIATOR)}},
	{"dispute.contract", {SK(LAW) | SK(FINANCE), RL(MEDIATOR)}},
	{"dispute.debt", {SK(LAW) | SK(FINANCE), RL(MEDIATOR)}},
	{"dispute.school", {SK(LAW) | SK(EDUCATION) | SK(PSYCHOLOGY), RL(MEDIATOR)}},
	{"dispute.medical", {SK(LAW) | SK(MEDICINE), RL(MEDIATOR)}},
	{"dispute.marriage", {SK(PSYCHOLOGY) | SK(LAW), RL(MEDIATOR)}},
	{"neighbour", {SK(LAW) | SK(PSYCHOLOGY), RL(MEDIATOR)}},
	{"neighbour.leak", {SK(CONSTRUCTION) | SK(LAW), RL(MEDIATOR)}},
	{"environment", {SK(ENVIRONMENT), RL(SUPERVISOR)}},
	{"facility", {SK(CONSTRUCTION), RL(INFORMANT)}},
	{"property", {SK(PROPERTY), RL(INFORMANT)}},
	{"safety", {SK(CONSTRUCTION), RL(INFORMANT)}},
	{"safety.public_order", {SK(LAW), RL(INFORMANT)}},
	{"service", {SK(ELDER_CARE), 0}},
	{"service.elderly", {SK(ELDER_CARE) | SK(MEDICINE), 0}},
	{"service.employment", {SK(LABOUR), RL(PROMOTER)}},
	{"service.certificate", {SK(LAW), RL(PUBLICIST)}},
	{"traffic", {SK(CONSTRUCTION), RL(INFORMANT)}},
	{"topic", {0, RL(PROMOTER) | RL(SUPERVISOR)}},
};

static const struct need_row *need_find(const char *key, size_t len)
{
	for (int i = 0; i < N_OF(needs); i++)
		if (strlen(needs[i].key) == len && strncmp(needs[i].key, key, len) == 0)
			return &needs[i];
	return NULL;
}

talent_need talent_need_of(talent_subject_kind kind, const char *key)
{
	(void)kind;
	talent_need none = {0, 0};
	if (!key || !*key)
		return kind == TALENT_SUBJECT_TOPIC ? need_find("topic", 5)->need : none;
	const struct need_row *row = need_find(key, strlen(key));
	if (!row)
		row = need_find(key, strcspn(key, "."));
	return row ? row->need : none;
}

/* ---- ranking --------------------------------------------------------------------- */

static int popcount(unsigned v)
{
	int n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

int talent_common_depth(const char *a, const char *b)
{
	int depth = 0;
	if (!a || !b || *a != '/' || *b != '/')
		return 0;
	size_t i = 1;
	for (;;) {
		size_t ia = strcspn(a + i, "/"), ib = strcspn(b + i, "/");
		if (ia == 0 || ia != ib || strncmp(a + i, b + i, ia) != 0 || a[i + ia] != '/' ||
		    b[i + ib] != '/')
			return depth;
		depth++;
		i += ia + 1;
	}
}

static int has_id(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; id && i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

const char *talent_exclusion_code(talent_exclusion e)
{
	static const char *const codes[] = {"", "party", "household", "relation",
					    "tried", "away", "full"};
	return codes[e];
}

const char *talent_exclusion_text(talent_exclusion e)
{
	static const char *const texts[] = {"", "当事人本人", "与当事人同户", "申报了与当事人的关系",
					    "已派过此事", "外出", "任务已满"};
	return texts[e];
}

talent_exclusion talent_excluded(const talent_subject *s, const talent_candidate *c, int64_t now)
{
	if (has_id(s->party_persons, s->n_party_persons, c->person_id))
		return TALENT_EXCL_PARTY;
	if (has_id(s->party_households, s->n_party_households, c->household_id))
		return TALENT_EXCL_HOUSEHOLD;
	if (has_id(s->related, s->n_related, c->id))
		return TALENT_EXCL_RELATION;
	if (has_id(s->tried, s->n_tried, c->id))
		return TALENT_EXCL_TRIED;
	if (talent_availability_at(c->availability, c->available_until, now) == TALENT_AWAY)
		return TALENT_EXCL_AWAY;
	if (c->open_tasks >= c->capacity)
		return TALENT_EXCL_FULL;
	return TALENT_EXCL_NONE;
}

static double bayes_rating(const talent_candidate *c)
{
	return (TALENT_RATING_PRIOR_MEAN * TALENT_RATING_PRIOR_WEIGHT + (double)c->rating_sum) /
	       (double)(TALENT_RATING_PRIOR_WEIGHT + c->rating_count);
}

static int near_points(int depth)
{
	if (depth >= TALENT_DEPTH_GRID)
		return TALENT_W_NEAR_GRID;
	if (depth == TALENT_DEPTH_COMMUNITY)
		return TALENT_W_NEAR_COMMUNITY;
	return depth == TALENT_DEPTH_STREET ? TALENT_W_NEAR_STREET : 0;
}

double talent_score(const talent_subject *s, const talent_candidate *c, int64_t now)
{
	double score = 0;
	int need = popcount(s->need.skills);
	if (need > 0)
		score += TALENT_W_SKILL * (double)popcount(s->need.skills & c->skills) / need;
	if (s->need.roles & c->roles)
		score += TALENT_W_ROLE;
	score += near_points(talent_common_depth(s->path, c->home_path));
	int cap = c->capacity > 0 ? c->capacity : 1;
	int open = c->open_tasks < cap ? c->open_tasks : cap;
	score += TALENT_W_LOAD * (double)(cap - open) / cap;
	score += TALENT_W_RATING * (bayes_rating(c) - TALENT_RATING_MIN) /
		 (TALENT_RATING_MAX - TALENT_RATING_MIN);
	if (talent_availability_at(c->availability, c->available_until, now) == TALENT_BUSY)
		score -= TALENT_BUSY_PENALTY;
	return score;
}

static void add_reason(talent_suggestion *sug, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_reason(talent_suggestion *sug, const char *code, const char *fmt, ...)
{
	if (sug->n_reasons >= TALENT_REASONS_MAX)
		return;
	talent_reason *r = &sug->reasons[sug->n_reasons++];
	r->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof r->text, fmt, ap);
	va_end(ap);
}

/* "法律、心理": the labels of the skills in mask, within n bytes. */
static void skill_list(unsigned mask, char *out, size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < TALENT_SKILL_COUNT && used < n; i++) {
		if (!(mask & (1u << i)))
			continue;
		int w = snprintf(out + used, n - used, "%s%s", used ? "、" : "", skill_labels[i]);
		used += w > 0 ? (size_t)w : 0;
	}
}

static void skill_reason(const talent_subject *s, const talent_candidate *c,
			 talent_suggestion *sug)
{
	char list[TALENT_REASON_TEXT_MAX - 16];
	unsigned match = s->need.skills & c->skills;
	if (match) {
		skill_list(match, list, sizeof list);
		add_reason(sug, "skill_match", "擅长%s", list);
	} else if (s->need.skills) {
		skill_list(s->need.skills, list, sizeof list);
		add_reason(sug, "skill_missing", "不擅长%s", list);
	}
	unsigned roles = s->need.roles & c->roles;
	for (int i = 0; i < TALENT_ROLE_COUNT; i++)
		if (roles & (1u << i)) {
			add_reason(sug, "role_match", "担任%s", role_labels[i]);
			break;
		}
}

static void near_reason(const talent_subject *s, const talent_candidate *c,
			talent_suggestion *sug)
{
	int d = talent_common_depth(s->path, c->home_path);
	if (d >= TALENT_DEPTH_GRID)
		add_reason(sug, "same_grid", "同一网格");
	else if (d == TALENT_DEPTH_COMMUNITY)
		add_reason(sug, "same_community", "同一社区");
	else if (d == TALENT_DEPTH_STREET)
		add_reason(sug, "same_street", "同一街道");
	else
		add_reason(sug, "far", "不在本街道");
}

void talent_reasons(const talent_subject *s, const talent_candidate *c, int64_t now,
		    talent_suggestion *sug)
{
	sug->n_reasons = 0;
	skill_reason(s, c, sug);
	near_reason(s, c, sug);
	add_reason(sug, "load", "当前任务 %d/%d", c->open_tasks, c->capacity);
	if (c->rating_count > 0)
		add_reason(sug, "rating", "评分 %.1f（%lld 次）",
			   (double)c->rating_sum / (double)c->rating_count,
			   (long long)c->rating_count);
	else
		add_reason(sug, "no_rating", "暂无评分");
	if (talent_availability_at(c->availability, c->available_until, now) == TALENT_BUSY)
		add_reason(sug, "busy", "忙碌");
}

/* Whether (score a, id a) ranks before (score b, id b). */
static int before(double a, int64_t ida, double b, int64_t idb)
{
	return a > b || (a == b && ida < idb);
}

/* Insert c with score into the sorted top list of at most k. */
static void keep_top(talent_suggestion *top, size_t *n, size_t k, const talent_candidate *c,
		     double score)
{
	if (*n == k && !before(score, c->id, top[k - 1].score, top[k - 1].c->id))
		return;
	size_t i = *n < k ? (*n)++ : k - 1;
	while (i > 0 && before(score, c->id, top[i - 1].score, top[i - 1].c->id)) {
		top[i] = top[i - 1];
		i--;
	}
	top[i] = (talent_suggestion){.c = c, .score = score};
}

static void count_exclusion(talent_ranking *out, const talent_candidate *c, talent_exclusion why)
{
	if (why == TALENT_EXCL_AWAY)
		out->away++;
	else if (why == TALENT_EXCL_FULL)
		out->full++;
	else if (out->n_excluded < TALENT_EXCLUDED_MAX)
		out->excluded[out->n_excluded++] = (talent_excluded_entry){c, why};
}

void talent_rank(const talent_subject *s, const talent_candidate *c, size_t n, int64_t now,
		 size_t k, talent_ranking *out)
{
	out->n = out->n_excluded = out->eligible = out->away = out->full = 0;
	if (k < 1)
		k = 1;
	if (k > TALENT_SUGGEST_MAX)
		k = TALENT_SUGGEST_MAX;
	for (size_t i = 0; i < n; i++) {
		talent_exclusion why = talent_excluded(s, &c[i], now);
		if (why != TALENT_EXCL_NONE) {
			count_exclusion(out, &c[i], why);
			continue;
		}
		out->eligible++;
		keep_top(out->items, &out->n, k, &c[i], talent_score(s, &c[i], now));
	}
	for (size_t i = 0; i < out->n; i++) {
		out->items[i].rank = (int)i + 1;
		talent_reasons(s, out->items[i].c, now, &out->items[i]);
	}
}

fq_status talent_rank_one(const talent_subject *s, const talent_candidate *c, size_t n,
			  const talent_candidate *which, int64_t now, talent_suggestion *out,
			  fq_err *err)
{
	talent_exclusion why = talent_excluded(s, which, now);
	if (why != TALENT_EXCL_NONE)
		return fq_failr(err, FQ_EINVAL, "talent_id", "talent.cannot_take",
				"the member cannot take this task: %s (%s)",
				talent_exclusion_text(why), talent_exclusion_code(why));
	double mine = talent_score(s, which, now);
	int rank = 1;
	for (size_t i = 0; i < n; i++)
		if (&c[i] != which && talent_excluded(s, &c[i], now) == TALENT_EXCL_NONE &&
		    before(talent_score(s, &c[i], now), c[i].id, mine, which->id))
			rank++;
	*out = (talent_suggestion){.c = which, .rank = rank, .score = mine};
	talent_reasons(s, which, now, out);
	return FQ_OK;
}

/* ---- tasks ------------------------------------------------------------------------ */

int talent_task_open(talent_task_state s)
{
	return s == TALENT_TASK_OFFERED || s == TALENT_TASK_ACCEPTED;
}

#define FROM(s) (1u << TALENT_TASK_##s)

/* The legal moves: from which states each action goes, and where to. */
static const struct task_move {
	talent_task_action act;
	unsigned from; /* bits of talent_task_state */
	talent_task_state to;
} task_moves[] = {
	{TALENT_TASK_ACCEPT, FROM(OFFERED), TALENT_TASK_ACCEPTED},
	{TALENT_TASK_DECLINE, FROM(OFFERED), TALENT_TASK_DECLINED},
	{TALENT_TASK_EXPIRE, FROM(OFFERED), TALENT_TASK_EXPIRED},
	{TALENT_TASK_DONE_ACT, FROM(ACCEPTED), TALENT_TASK_DONE},
	{TALENT_TASK_CANCEL, FROM(OFFERED) | FROM(ACCEPTED), TALENT_TASK_CANCELLED},
	{TALENT_TASK_RATE, FROM(DONE), TALENT_TASK_DONE},
};

fq_status talent_task_move(talent_task_state from, int rated, talent_task_action act,
			   talent_task_state *out, fq_err *err)
{
	for (int i = 0; i < N_OF(task_moves); i++) {
		const struct task_move *m = &task_moves[i];
		if (m->act != act || !(m->from & (1u << from)))
			continue;
		if (act == TALENT_TASK_RATE && rated)
			break;
		*out = m->to;
		return FQ_OK;
	}
	return fq_failr(err, FQ_ECONFLICT, "state", "talent.task_state", "the task is %s%s",
			talent_task_state_name(from),
			from == TALENT_TASK_DONE && rated ? " and rated" : "");
}
