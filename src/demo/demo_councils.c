/*
 * demo_councils.c - the demo street's councils (demo_councils.h). The
 * meetings and proposals are data; playing them is a run of council
 * service jobs (cnlsvc_job_run) inside one write job (svc_write), each as
 * the account that would make it at its moment of the history: the
 * community's officer raises topics, runs the meetings, votes and tasks;
 * the voters raise and support proposals and cast their own ballots;
 * staff record the paper ballots of participants without an account (open
 * votes only, as the API); the street's supervisor cards an overdue task.
 * The demo therefore holds only what the product would accept.
 */
#include "demo/demo_councils.h"

#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "demo/demo_names.h"
#include "domain/council_svc.h"
#include "domain/council_sweep.h"
#include "domain/demo_svc.h"

#define DAY_S 86400
#define HOUR_S 3600
/* A past meeting starts in the evening; its steps follow the start. */
#define EVENING_S (19 * HOUR_S)
#define OPINION_AFTER_S 600
#define VOTE_OPEN_S 1800
#define CLOSE_AFTER_S (3 * HOUR_S)
#define RESOLVE_AFTER_S (4 * HOUR_S)
#define PROGRESS_AFTER_S (10 * DAY_S)
/* Bytes of a username. */
#define NAME_BUF 64
/* The thresholds of the first two communities (the rest keep the default). */
#define DEMO_THRESHOLD_FIRST 5
#define DEMO_THRESHOLD_SECOND 6
/* The voters skip up to this many households first, by the seed. */
#define DEMO_VOTER_SKIP_MAX 6
/* Seed offset, so the councils do not repeat the street's draws. */
#define DEMO_COUNCIL_SEED_SALT 0x636f756e63696cull
/* The participants of a past meeting: the first REPS voters, then the
 * guests (a talent, a department, the property company). */
#define REPS 5
#define PARTS 8
#define P_DEPARTMENT 6
/* Tasks of one resolution in this demo. */
#define DC_TASKS_MAX 8

/* ---- the data --------------------------------------------------------------------- */

/* A follow-up task: its parent (index in its list, -1 for a top task,
 * which the community owns; the others its officer), deadline in days
 * after the resolution, the progress its owner reports (leaves only), and
 * the supervisor's note when it gets a yellow card at the end. */
typedef struct dc_task {
	const char *title;
	int parent;
	int deadline_days;
	int progress;
	const char *card;
} dc_task;

/* A vote's rule as the API takes it. */
typedef struct dc_rule {
	int secret;
	int quorum_num, quorum_den;
	const char *majority;
} dc_rule;

/* A topic staff raise and bring to a meeting: its minutes, the vote on it
 * (a choice per participant: 'y', 'n', 'a', or '-' for none) and, when it
 * passes, the resolution with its tasks. */
typedef struct dc_topic {
	const char *title, *body;
	int raised_days;        /* before the meeting */
	const char *minutes;
	const char *motion;
	const dc_rule *rule;
	const char *choices;
	int vote_after_s;       /* after the meeting's start */
	const char *resolution; /* NULL: none */
	const dc_task *tasks;
	int n_tasks;
} dc_topic;

/* A closed meeting of the past on two topics. */
typedef struct dc_meeting {
	const char *title, *kind;
	int days_before_end;
	dc_topic topics[2];
} dc_meeting;

/* A resident's proposal (金点子), raised by the first voter and
 * supported by the next ones a day apart: the threshold less short_by
 * times when the voters can give that many, else `few` times (short_by
 * -1: `few` always). */
typedef struct dc_proposal {
	const char *title, *body;
	int short_by;
	int few;
} dc_proposal;

/* A meeting's guests after the residents' representatives. */
typedef struct dc_guest {
	const char *kind, *name;
	int can_vote;
} dc_guest;

static const dc_rule OPEN_SIMPLE = {0, 2, 3, "simple"};
static const dc_rule SECRET_SIMPLE = {1, 2, 3, "simple"};
static const dc_rule OPEN_ABSOLUTE = {0, 1, 2, "absolute"};

static const dc_task lift_tasks[] = {
	{"1栋、3栋加装电梯", -1, 120, 0, NULL},
	{"征求住户意见并筹集资金", 0, 30, 100, NULL},
	{"施工许可与招标", 0, 60, 40, NULL},
	{"施工与验收", 0, 120, 0, NULL},
};
static const dc_task bins_tasks[] = {
	{"撤并垃圾点并建分类亭", -1, 25, 60, "逾期未完成，限期一周"},
	{"招募分类督导员", -1, 20, 100, NULL},
};
static const dc_task noise_tasks[] = {
	{"张贴公约、安装分贝提示牌", -1, 45, 20, NULL},
};
#define TASKS(t) t, (int)(sizeof t / sizeof t[0])

/* The parking vote is a secret tie, without the talent: a participant
 * without an account votes on paper, which a secret ballot does not take. */
static const dc_meeting meetings[] = {
	{"幸福圆桌会：加装电梯与停车", "round_table", 75, {
		{"加装电梯", "老旧小区1栋、3栋六层无电梯，老人上下楼困难。", 20,
		 "居民代表提出加装电梯时间表；街道表态条件成熟的楼宇尽快加装。",
		 "同意1栋、3栋启动加装电梯", &OPEN_SIMPLE, "yyyyna-y", 3600,
		 "同意1栋、3栋启动加装电梯，费用按楼层分摊，街道协调补贴。", TASKS(lift_tasks)},
		{"停车位划分", "小区车位紧张，夜间乱停影响消防通道。", 18,
		 "讨论划线车位与访客车位比例，意见分歧较大。",
		 "按7:3划分业主车位与访客车位", &SECRET_SIMPLE, "yynn----", 7200, NULL, NULL, 0},
	}},
	{"居民议事会：垃圾分类与广场舞", "council", 30, {
		{"垃圾分类点位", "现有垃圾点离住户太近，夏季异味大。", 15,
		 "同意撤并3个垃圾点，新设2个分类亭，远离住宅楼20米以上。",
		 "撤并3个垃圾点、新设2个分类亭", &OPEN_ABSOLUTE, "yyyyny-a", 3600,
		 "撤并3个垃圾点，新设2个分类亭并配督导员。", TASKS(bins_tasks)},
		{"广场舞噪音", "晚间广场舞音量过大，影响学生学习和老人休息。", 12,
		 "与广场舞队协商限时限音量，安装分贝提示牌。",
		 "广场舞21:00前结束，音量不超过55分贝", &OPEN_SIMPLE, "yynyyy-y", 5400,
		 "广场舞21:00前结束，音量不超过55分贝，违者劝导。", TASKS(noise_tasks)},
	}},
};
#define N_MEETINGS ((int)(sizeof meetings / sizeof meetings[0]))

/* The first reaches the agenda; the second stays one support short (the
 * browser test's); the third has few supports. */
static const dc_proposal proposals[] = {
	{"小区门口增设减速带", "上下学时段车速快，孩子过马路危险。", 0, DEMO_COUNCIL_VOTERS - 1},
	{"增设智能快递柜", "快递堆在门岗，经常丢件。", 1, 2},
	{"楼道安装感应灯", "楼道夜间太暗，老人容易摔倒。", -1, 2},
};
#define N_PROPOSALS ((int)(sizeof proposals / sizeof proposals[0]))

static const dc_guest guests[PARTS - REPS] = {
	{"talent", "群英代表", 1},
	{"department", "街道城建办", 0},
	{"property_company", "物业公司王经理", 1},
};

/* The two opinions on each agenda item: by the first representative and
 * by the department. */
static const char *const OPINION_REP = "希望尽快落实，给出时间表。";
static const char *const OPINION_DEPARTMENT = "部门将配合做好审批和技术指导。";

/* ---- the job ------------------------------------------------------------------------ */

/* One community as the job sees it. */
typedef struct dc_comm {
	int64_t unit;
	const char *name;
	caller officer;                           /* community<k> */
	caller voters[DEMO_COUNCIL_VOTERS];       /* voter<k>_<i> */
	int threshold;                            /* as council_threshold gives it */
} dc_comm;

/* The whole build, carried through the job; it is also the write job. */
typedef struct dc_ctx {
	svc_job job; /* first */
	const demo_street_rows *s;
	demo_rng rng;
	int64_t end;
	fq_arena arena;
	caller supervisor;
	int topics, meetings, votes, tasks;
} dc_ctx;

/* Run council write op with j's inputs as who at now (the product's
 * checks and rows); j->new_id then holds the row made. */
static fq_status council(store_conn *c, dc_ctx *x, cnlsvc_op op, const caller *who, int64_t now,
			 cnlsvc_job *j, fq_err *err)
{
	cnlsvc_job_init(j, op);
	j->a = &x->arena;
	j->who = who;
	j->now = now;
	return cnlsvc_job_run(c, j, err);
}

/* The caller of the account named user into *out. */
static fq_status caller_named(store_conn *c, dc_ctx *x, const char *user, caller *out,
			      fq_err *err)
{
	int64_t id = 0;
	fq_status st = demosvc_account_id(c, user, &id, err);
	return st == FQ_OK ? demosvc_caller(c, &x->arena, id, out, err) : st;
}

/* ---- people ------------------------------------------------------------------------ */

/* Accounts voter<k>_<i> for the heads of households of community ci
 * (plan index), from a seeded offset, with their callers. */
static fq_status add_voters(store_conn *c, dc_ctx *x, int k, int32_t ci, dc_comm *m,
			    fq_err *err)
{
	const demo_plan *p = x->s->plan;
	size_t skip = (size_t)demo_rng_range(&x->rng, 0, DEMO_VOTER_SKIP_MAX), found = 0;
	fq_status st = FQ_OK;
	for (size_t h = 0; h < p->n_households && found < DEMO_COUNCIL_VOTERS && st == FQ_OK; h++) {
		const demo_household *hh = &p->households[h];
		if (p->units[hh->grid].parent != ci)
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		char user[NAME_BUF];
		snprintf(user, sizeof user, "voter%d_%zu", k + 1, found + 1);
		int32_t head = hh->first_person;
		demosvc_account a = {.username = user, .display_name = p->persons[head].name,
				     .hash = x->s->hash, .person_id = x->s->person_ids[head],
				     .role = "resident", .unit_id = x->s->unit_ids[hh->grid]};
		int64_t id = 0;
		st = demosvc_account_add(c, &a, &id, err);
		if (st == FQ_OK)
			st = demosvc_caller(c, &x->arena, id, &m->voters[found++], err);
	}
	if (st == FQ_OK && found < DEMO_COUNCIL_VOTERS)
		st = fq_fail(err, FQ_EINVAL, "households",
			     "too few households for the council demo");
	return st;
}

/* ---- a past meeting ------------------------------------------------------------------ */

/* The meeting scheduled, its agenda (moving the topics onto it), the
 * participants (parts: their ids in order) and the meeting opened at at. */
static fq_status convene(store_conn *c, dc_ctx *x, const dc_comm *m, const dc_meeting *d,
			 int64_t at, const int64_t topics[2], int64_t items[2],
			 int64_t parts[PARTS], int64_t *mid, fq_err *err)
{
	cnlsvc_job mt = {.in = {.unit_id = m->unit, .title = d->title, .kind = d->kind,
				.starts_at = at,
				.place = fq_arena_printf(&x->arena, "%s党群服务中心", m->name)}};
	fq_status st = council(c, x, CNLSVC_MEETING_CREATE, &m->officer, at - 7 * DAY_S, &mt, err);
	*mid = mt.new_id;
	for (int i = 0; i < 2 && st == FQ_OK; i++) {
		cnlsvc_job a = {.id = *mid, .in = {.topic_id = topics[i]}};
		st = council(c, x, CNLSVC_AGENDA_ADD, &m->officer, at - 2 * DAY_S, &a, err);
		items[i] = a.new_id;
	}
	for (int i = 0; i < PARTS && st == FQ_OK; i++) {
		const dc_guest *g = i < REPS ? NULL : &guests[i - REPS];
		cnlsvc_job p = {.id = *mid,
				.in = {.kind = g ? g->kind : "resident_rep",
				       .name = g ? g->name : NULL,
				       .account_id = g ? 0 : m->voters[i].account_id,
				       .can_vote = g ? g->can_vote : 1}};
		st = council(c, x, CNLSVC_PARTICIPANT_ADD, &m->officer, at - DAY_S, &p, err);
		parts[i] = p.new_id;
	}
	cnlsvc_job open = {.id = *mid};
	if (st == FQ_OK)
		st = council(c, x, CNLSVC_MEETING_OPEN, &m->officer, at, &open, err);
	x->meetings++;
	return st;
}

/* The ballots of choices: the representatives with their own accounts,
 * the guests on paper recorded by the officer. */
static fq_status ballots(store_conn *c, dc_ctx *x, const dc_comm *m, int64_t vote,
			 const int64_t parts[PARTS], const char *choices, int64_t at, fq_err *err)
{
	static const char *const names[] = {"yes", "no", "abstain"};
	fq_status st = FQ_OK;
	for (int i = 0; i < PARTS && choices[i] && st == FQ_OK; i++) {
		const char *pos = strchr("yna", choices[i]);
		if (!pos)
			continue;
		cnlsvc_job b = {.id = vote, .in = {.choice = names[pos - "yna"]}};
		b.in.paper = i >= REPS;
		b.in.participant_id = i >= REPS ? parts[i] : 0;
		const caller *who = i < REPS ? &m->voters[i] : &m->officer;
		st = council(c, x, CNLSVC_BALLOT, who, at, &b, err);
	}
	return st;
}

/* Item `item` of meeting mid on topic t: its minutes, two opinions, and
 * the vote opened, cast and closed (which moves the topic); *vote gets it. */
static fq_status deliberate(store_conn *c, dc_ctx *x, const dc_comm *m, int64_t mid,
			    int64_t item, const dc_topic *t, const int64_t parts[PARTS], int64_t at,
			    int64_t *vote, fq_err *err)
{
	cnlsvc_job mn = {.id = mid, .item_id = item, .in = {.minutes = t->minutes}};
	fq_status st = council(c, x, CNLSVC_MINUTES, &m->officer, at, &mn, err);
	cnlsvc_job o1 = {.id = mid, .item_id = item,
			 .in = {.text = OPINION_REP, .participant_id = parts[0]}};
	cnlsvc_job o2 = {.id = mid, .item_id = item,
			 .in = {.text = OPINION_DEPARTMENT, .participant_id = parts[P_DEPARTMENT]}};
	if (st == FQ_OK)
		st = council(c, x, CNLSVC_OPINION, &m->officer, at + OPINION_AFTER_S, &o1, err);
	if (st == FQ_OK)
		st = council(c, x, CNLSVC_OPINION, &m->officer, at + 2 * OPINION_AFTER_S, &o2, err);
	const dc_rule *r = t->rule;
	cnlsvc_job v = {.id = mid,
			.in = {.item_id = item, .motion = t->motion, .secret = r->secret,
			       .quorum_num = r->quorum_num, .quorum_den = r->quorum_den,
			       .majority = r->majority}};
	int64_t when = at + t->vote_after_s;
	if (st == FQ_OK)
		st = council(c, x, CNLSVC_VOTE_OPEN, &m->officer, when, &v, err);
	*vote = v.new_id;
	if (st == FQ_OK)
		st = ballots(c, x, m, *vote, parts, t->choices, when, err);
	cnlsvc_job close = {.id = *vote};
	if (st == FQ_OK)
		st = council(c, x, CNLSVC_VOTE_CLOSE, &m->officer, when + VOTE_OPEN_S, &close, err);
	x->votes++;
	return st;
}

/* The tasks of resolution res at at, their owners' progress ten days on
 * and the supervisor's cards at the end. */
static fq_status follow_up(store_conn *c, dc_ctx *x, const dc_comm *m, int64_t res,
			   const dc_topic *t, int64_t at, fq_err *err)
{
	int64_t ids[DC_TASKS_MAX] = {0};
	fq_status st = FQ_OK;
	for (int i = 0; i < t->n_tasks && st == FQ_OK; i++) {
		const dc_task *k = &t->tasks[i];
		cnlsvc_job j = {.id = res,
				.in = {.title = k->title, .deadline = at + k->deadline_days * DAY_S,
				       .parent_id = k->parent < 0 ? 0 : ids[k->parent],
				       .owner_unit_id = k->parent < 0 ? m->unit : 0,
				       .owner_account_id =
					       k->parent < 0 ? 0 : m->officer.account_id}};
		st = council(c, x, CNLSVC_TASK_CREATE, &m->officer, at, &j, err);
		ids[i] = j.new_id;
		x->tasks++;
	}
	for (int i = 0; i < t->n_tasks && st == FQ_OK; i++) {
		cnlsvc_job p = {.id = ids[i], .in = {.progress = t->tasks[i].progress, .note = ""}};
		cnlsvc_job card = {.id = ids[i], .in = {.card = "yellow", .due = x->end + 7 * DAY_S,
						       .note = t->tasks[i].card}};
		if (t->tasks[i].progress > 0)
			st = council(c, x, CNLSVC_TASK_PROGRESS, &m->officer,
				     at + PROGRESS_AFTER_S, &p, err);
		if (st == FQ_OK && t->tasks[i].card)
			st = council(c, x, CNLSVC_TASK_SUPERVISE, &x->supervisor, x->end, &card,
				     err);
	}
	return st;
}

/* Meeting d: its topics raised, convened, deliberated and voted on,
 * closed, and the resolutions of the passed votes with their tasks. */
static fq_status past_meeting(store_conn *c, dc_ctx *x, const dc_comm *m, const dc_meeting *d,
			      fq_err *err)
{
	int64_t at = x->end - d->days_before_end * DAY_S + EVENING_S;
	int64_t topics[2] = {0}, items[2] = {0}, votes[2] = {0}, parts[PARTS] = {0}, mid = 0;
	fq_status st = FQ_OK;
	for (int i = 0; i < 2 && st == FQ_OK; i++) {
		const dc_topic *t = &d->topics[i];
		cnlsvc_job j = {.in = {.unit_id = m->unit, .title = t->title, .body = t->body}};
		int64_t raised = at - t->raised_days * DAY_S;
		st = council(c, x, CNLSVC_TOPIC_CREATE, &m->officer, raised, &j, err);
		topics[i] = j.new_id;
		x->topics++;
	}
	if (st == FQ_OK)
		st = convene(c, x, m, d, at, topics, items, parts, &mid, err);
	for (int i = 0; i < 2 && st == FQ_OK; i++)
		st = deliberate(c, x, m, mid, items[i], &d->topics[i], parts, at, &votes[i], err);
	cnlsvc_job close = {.id = mid};
	if (st == FQ_OK)
		st = council(c, x, CNLSVC_MEETING_CLOSE, &m->officer, at + CLOSE_AFTER_S, &close,
			     err);
	for (int i = 0; i < 2 && st == FQ_OK; i++) {
		const dc_topic *t = &d->topics[i];
		cnlsvc_job r = {.id = votes[i], .in = {.text = t->resolution}};
		if (!t->resolution)
			continue;
		st = council(c, x, CNLSVC_RESOLUTION, &m->officer, at + RESOLVE_AFTER_S, &r, err);
		if (st == FQ_OK)
			st = follow_up(c, x, m, r.new_id, t, at + RESOLVE_AFTER_S, err);
	}
	return st;
}

/* ---- proposals ---------------------------------------------------------------------- */

static int supports_of(const dc_proposal *p, int threshold)
{
	int n = threshold - p->short_by;
	return p->short_by >= 0 && n < DEMO_COUNCIL_VOTERS ? n : p->few;
}

/* The proposals with their supports, and a meeting scheduled after the
 * end with the first on its agenda when it got there. */
static fq_status play_proposals(store_conn *c, dc_ctx *x, const dc_comm *m, fq_err *err)
{
	int64_t at = x->end - 20 * DAY_S, first = 0;
	fq_status st = FQ_OK;
	for (int k = 0; k < N_PROPOSALS && st == FQ_OK; k++) {
		const dc_proposal *p = &proposals[k];
		int64_t when = at + k * DAY_S;
		cnlsvc_job j = {.in = {.unit_id = m->unit, .title = p->title, .body = p->body}};
		st = council(c, x, CNLSVC_TOPIC_CREATE, &m->voters[0], when, &j, err);
		for (int i = 1; i <= supports_of(p, m->threshold) && st == FQ_OK; i++) {
			cnlsvc_job s = {.id = j.new_id};
			st = council(c, x, CNLSVC_TOPIC_SUPPORT, &m->voters[i], when + i * DAY_S,
				     &s, err);
		}
		first = k == 0 ? j.new_id : first;
		x->topics++;
	}
	cnlsvc_job mt = {.in = {.unit_id = m->unit, .title = "幸福圆桌会：居民金点子",
				.kind = "round_table", .starts_at = x->end + 10 * DAY_S + EVENING_S,
				.place = "社区会议室"}};
	if (st == FQ_OK)
		st = council(c, x, CNLSVC_MEETING_CREATE, &m->officer, x->end - DAY_S, &mt, err);
	cnlsvc_job a = {.id = mt.new_id, .in = {.topic_id = first}};
	if (st == FQ_OK && m->threshold < DEMO_COUNCIL_VOTERS)
		st = council(c, x, CNLSVC_AGENDA_ADD, &m->officer, x->end - DAY_S, &a, err);
	x->meetings++;
	return st;
}

/* ---- one community -------------------------------------------------------------------- */

static fq_status community(store_conn *c, dc_ctx *x, int k, int32_t ci, fq_err *err)
{
	int threshold = k == 0 ? DEMO_THRESHOLD_FIRST : k == 1 ? DEMO_THRESHOLD_SECOND : 0;
	dc_comm *m = fq_arena_alloc(&x->arena, sizeof *m);
	if (!m)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	*m = (dc_comm){.unit = x->s->unit_ids[ci], .name = x->s->plan->units[ci].name,
		       .threshold = council_threshold(threshold)};
	char user[NAME_BUF];
	snprintf(user, sizeof user, "community%d", k + 1);
	fq_status st = caller_named(c, x, user, &m->officer, err);
	if (st == FQ_OK)
		st = add_voters(c, x, k, ci, m, err);
	cnlsvc_job t = {.id = m->unit, .in = {.supports = threshold}};
	if (st == FQ_OK && threshold)
		st = council(c, x, CNLSVC_THRESHOLD, &m->officer, x->end - 100 * DAY_S, &t, err);
	for (int i = 0; i < N_MEETINGS && st == FQ_OK; i++)
		st = past_meeting(c, x, m, &meetings[i], err);
	return st == FQ_OK ? play_proposals(c, x, m, err) : st;
}

static fq_status councils_run(store_conn *c, svc_job *job, fq_err *err)
{
	dc_ctx *x = (dc_ctx *)job;
	const demo_plan *p = x->s->plan;
	fq_status st = caller_named(c, x, "supervisor", &x->supervisor, err);
	int k = 0;
	for (size_t u = 0; u < p->n_units && k < DEMO_COUNCIL_COMMUNITIES && st == FQ_OK; u++)
		if (p->units[u].kind == DEMO_COMMUNITY)
			st = community(c, x, k++, (int32_t)u, err);
	return st;
}

/* Whether each of the first DEMO_COUNCIL_COMMUNITIES communities has
 * households enough for its voters after the skip. */
static int enough_households(const demo_plan *p)
{
	int k = 0;
	for (size_t u = 0; u < p->n_units && k < DEMO_COUNCIL_COMMUNITIES; u++) {
		if (p->units[u].kind != DEMO_COMMUNITY)
			continue;
		size_t n = 0;
		for (size_t h = 0; h < p->n_households; h++)
			n += p->units[p->households[h].grid].parent == (int32_t)u;
		if (n < DEMO_COUNCIL_VOTERS + DEMO_VOTER_SKIP_MAX)
			return 0;
		k++;
	}
	return k == DEMO_COUNCIL_COMMUNITIES;
}

int demo_councils_run(store *db, const demo_street_rows *s, uint64_t seed, int64_t end)
{
	if (!enough_households(s->plan)) {
		printf("councils: none (the street has too few households for %d voters in each of "
		       "%d communities)\n", DEMO_COUNCIL_VOTERS, DEMO_COUNCIL_COMMUNITIES);
		return 0;
	}
	dc_ctx x = {.job.run = councils_run, .s = s, .end = end};
	demo_rng_seed(&x.rng, seed ^ DEMO_COUNCIL_SEED_SALT);
	fq_arena_init(&x.arena);
	int64_t t0 = fq_mono_us();
	fq_status st = svc_write(db, &x.job);
	fq_arena_free(&x.arena);
	if (st != FQ_OK) {
		fprintf(stderr, "fengqiao demo: councils: %s%s%s\n", x.job.err.field,
			x.job.err.field[0] ? ": " : "", x.job.err.message);
		return -1;
	}
	council_sweep(db, end);
	printf("councils: %d topics, %d meetings, %d votes, %d tasks in %d communities in %.2f s;"
	       " accounts voter1_1 .. voter%d_%d\n",
	       x.topics, x.meetings, x.votes, x.tasks, DEMO_COUNCIL_COMMUNITIES,
	       (double)(fq_mono_us() - t0) / 1e6, DEMO_COUNCIL_COMMUNITIES, DEMO_COUNCIL_VOTERS);
	return 0;
}
