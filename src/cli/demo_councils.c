/*
 * demo_councils.c - the demo street's councils (demo_councils.h): every
 * row goes through the store's council primitives inside one write
 * transaction, and the rules (threshold, vote count, progress roll-up)
 * are the domain's, so the demo data obey what the API enforces.
 */
#include "cli/demo_councils.h"

#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/council.h"
#include "demo/demo.h"
#include "store/store_auth.h"
#include "store/store_council.h"
#include "store/store_org.h"

#define DAY_S 86400
/* Bytes of a username or a place. */
#define NAME_BUF 64
#define PLACE_BUF 160
/* The thresholds of the demo communities (the rest use the default). */
#define DEMO_THRESHOLD_FIRST 5
#define DEMO_THRESHOLD_SECOND 6

/* One community as the transaction sees it. */
typedef struct comm {
	store_unit unit;
	int64_t officer;                       /* community<k> */
	int64_t voters[DEMO_COUNCIL_VOTERS];   /* voter<k>_<i> accounts */
	int threshold;
} comm;

typedef struct run {
	const demo_street_rows *s;
	uint64_t rng;
	int64_t end;
	fq_arena arena;
	int64_t talent;                        /* talent1, or 0 */
	int topics, meetings, votes, tasks;
} run;

static uint64_t next(run *R)
{
	R->rng ^= R->rng << 13;
	R->rng ^= R->rng >> 7;
	R->rng ^= R->rng << 17;
	return R->rng;
}

static int64_t account_id(run *R, store_conn *c, const char *username)
{
	store_account acc;
	fq_err err = {0};
	return store_account_by_username(c, &R->arena, username, &acc, &err) == FQ_OK ? acc.id : 0;
}

/* ---- people --------------------------------------------------------------- */

/* Accounts voter<k>_<i> for the heads of households of community ci
 * (plan index), starting at a seeded offset. */
static fq_status add_voters(run *R, store_conn *c, int k, int32_t ci, comm *m, fq_err *err)
{
	const demo_plan *p = R->s->plan;
	size_t start = (size_t)(next(R) % 7), found = 0;
	for (size_t h = 0; h < p->n_households && found < DEMO_COUNCIL_VOTERS; h++) {
		const demo_household *hh = &p->households[h];
		if (p->units[hh->grid].parent != ci)
			continue;
		if (start > 0) {
			start--;
			continue;
		}
		char user[NAME_BUF];
		snprintf(user, sizeof user, "voter%d_%zu", k + 1, found + 1);
		int64_t id = 0;
		fq_status st = store_account_insert(c, user, p->persons[hh->first_person].name,
						    R->s->hash, R->s->person_ids[hh->first_person],
						    &id, err);
		if (st == FQ_OK)
			st = store_account_role_add(c, id, "resident", R->s->unit_ids[hh->grid], err);
		if (st != FQ_OK)
			return st;
		m->voters[found++] = id;
	}
	return found == DEMO_COUNCIL_VOTERS ? FQ_OK
					    : fq_fail(err, FQ_EINVAL, "households",
						      "too few households for the council demo");
}

/* ---- topics ------------------------------------------------------------------ */

static fq_status topic(run *R, store_conn *c, const comm *m, const char *title, const char *body,
		       int64_t proposer, int64_t at, int64_t *id, fq_err *err)
{
	store_council_topic t = {.unit_id = m->unit.id, .unit_path = m->unit.path, .title = title,
				 .body = body, .source = proposer ? "proposal" : "staff",
				 .proposer_account_id = proposer, .state = "proposed",
				 .threshold = proposer ? council_threshold(m->threshold) : 0,
				 .created_at = at};
	fq_status st = store_council_topic_insert(c, &t, id, err);
	if (st == FQ_OK)
		st = store_council_topic_move(c, *id, NULL, "proposed", "create",
					      proposer ? proposer : m->officer, t.source, at, err);
	R->topics++;
	return st;
}

/* n supports by voters[1..n] (voter 0 proposed it), a day apart; the one
 * that reaches the threshold moves the proposal onto the agenda. */
static fq_status supports(store_conn *c, const comm *m, int64_t id, int n, int64_t at,
			  fq_err *err)
{
	council_topic_state s = CT_PROPOSED;
	int thr = council_threshold(m->threshold);
	fq_status st = FQ_OK;
	for (int i = 1; i <= n && i < DEMO_COUNCIL_VOTERS && st == FQ_OK; i++) {
		int count = 0;
		council_topic_state to;
		int64_t when = at + i * DAY_S;
		st = council_support_next(s, i, thr, &to, err);
		if (st == FQ_OK)
			st = store_council_support_add(c, id, m->voters[i], when, &count, err);
		if (st == FQ_OK && to != s)
			st = store_council_topic_move(c, id, council_topic_state_name(s),
						      council_topic_state_name(to),
						      to == CT_ON_AGENDA ? "threshold" : "support",
						      to == CT_ON_AGENDA ? 0 : m->voters[i], "", when,
						      err);
		s = to;
	}
	return st;
}

/* ---- meetings ---------------------------------------------------------------------- */

/* A meeting with the first five voters as residents' representatives,
 * talent1, a department without a vote and the property company voting
 * on paper. *parts receives the participant ids in that order. */
static fq_status meeting(run *R, store_conn *c, const comm *m, const char *title,
			 const char *kind, int64_t at, int64_t *id, int64_t parts[8], fq_err *err)
{
	char place[PLACE_BUF];
	snprintf(place, sizeof place, "%s党群服务中心", m->unit.name);
	store_council_meeting mt = {.unit_id = m->unit.id, .unit_path = m->unit.path,
				    .title = title, .kind = kind, .starts_at = at, .place = place};
	fq_status st = store_council_meeting_insert(c, &mt, m->officer, at - 7 * DAY_S, id, err);
	store_council_participant p = {.meeting_id = *id, .kind = "resident_rep", .can_vote = 1};
	for (int i = 0; i < 5 && st == FQ_OK; i++) {
		p.account_id = m->voters[i];
		st = store_council_account_name(c, &R->arena, p.account_id, &p.name, err);
		if (st == FQ_OK)
			st = store_council_participant_insert(c, &p, at - DAY_S, &parts[i], err);
	}
	store_council_participant extra[] = {
		{.meeting_id = *id, .kind = "talent", .account_id = R->talent, .name = "群英代表",
		 .can_vote = 1},
		{.meeting_id = *id, .kind = "department", .name = "街道城建办", .can_vote = 0},
		{.meeting_id = *id, .kind = "property_company", .name = "物业公司王经理",
		 .can_vote = 1},
	};
	for (int i = 0; i < 3 && st == FQ_OK; i++)
		st = store_council_participant_insert(c, &extra[i], at - DAY_S, &parts[5 + i], err);
	if (st == FQ_OK)
		st = store_council_meeting_set_state(c, *id, "open", at, err);
	R->meetings++;
	return st;
}

/* Put a topic on the agenda (moving it to on_agenda) with its minutes
 * and two opinions. */
static fq_status item(store_conn *c, const comm *m, int64_t meeting_id, int64_t topic_id,
		      const char *minutes, const int64_t parts[8], int64_t at, int64_t *item_id,
		      fq_err *err)
{
	fq_status st = store_council_item_insert(c, meeting_id, topic_id, item_id, err);
	if (st == FQ_OK)
		st = store_council_topic_move(c, topic_id, "proposed", "on_agenda", "agenda",
					      m->officer, "", at - 2 * DAY_S, err);
	if (st == FQ_OK)
		st = store_council_item_set_minutes(c, *item_id, minutes, err);
	if (st == FQ_OK)
		st = store_council_opinion_insert(c, *item_id, parts[0], "希望尽快落实，给出时间表。",
						  m->officer, at + 600, err);
	if (st == FQ_OK)
		st = store_council_opinion_insert(c, *item_id, parts[6], "部门将配合做好审批和技术指导。",
						  m->officer, at + 1200, err);
	return st;
}

/* A vote with the choices given per participant ('y', 'n', 'a', or '-'
 * for none), counted and closed by the domain's rule; the topic moves as
 * the API moves it. */
static fq_status vote(run *R, store_conn *c, const comm *m, int64_t meeting_id,
		      const store_council_vote *want, int64_t topic_id, const int64_t parts[8],
		      const char *choices, int64_t at, int64_t *vote_id, fq_err *err)
{
	store_council_vote v = *want;
	v.meeting_id = meeting_id;
	v.eligible = 7; /* everyone but the department */
	fq_status st = store_council_vote_insert(c, &v, m->officer, at, vote_id, err);
	static const char *const names[] = {"yes", "no", "abstain"};
	for (int i = 0; i < 8 && choices[i] && st == FQ_OK; i++) {
		const char *pos = strchr("yna", choices[i]);
		if (pos)
			st = store_council_ballot_cast(c, *vote_id, v.secret, parts[i],
						       names[pos - "yna"], m->officer, err);
	}
	council_tally t = {.eligible = v.eligible};
	if (st == FQ_OK)
		st = store_council_tally(c, *vote_id, &t.yes, &t.no, &t.abstain, err);
	council_rule rule = {v.quorum_num, v.quorum_den,
			     (council_majority)council_majority_parse(v.majority)};
	council_result res;
	council_vote_count(&t, &rule, &res);
	v.id = *vote_id;
	v.voted = res.voted;
	v.yes = t.yes;
	v.no = t.no;
	v.abstain = t.abstain;
	v.quorum_met = res.quorum_met;
	v.passed = res.passed;
	v.outcome = res.outcome;
	if (st == FQ_OK)
		st = store_council_vote_close(c, &v, at + 1800, err);
	if (st == FQ_OK && topic_id)
		st = store_council_topic_move(c, topic_id, "on_agenda",
					      res.passed ? "decided" : "deliberated",
					      res.passed ? "decide" : "deliberate", 0, res.outcome,
					      at + 1800, err);
	R->votes++;
	return st;
}

/* ---- resolutions and tasks ------------------------------------------------------------ */

typedef struct task_plan {
	const char *title;
	int parent;       /* index in the plan, -1 for a top task */
	int64_t deadline; /* days after the resolution */
	int progress;     /* leaves only */
} task_plan;

static fq_status tasks(run *R, store_conn *c, const comm *m, int64_t res_id,
		       const task_plan *plan, int n, int64_t at, fq_err *err)
{
	int64_t ids[8] = {0};
	fq_status st = FQ_OK;
	for (int i = 0; i < n && st == FQ_OK; i++) {
		store_council_task t = {.resolution_id = res_id, .unit_path = m->unit.path,
					.parent_id = plan[i].parent >= 0 ? ids[plan[i].parent] : 0,
					.title = plan[i].title,
					.owner_unit_id = plan[i].parent < 0 ? m->unit.id : 0,
					.owner_account_id = plan[i].parent < 0 ? 0 : m->officer,
					.deadline = at + plan[i].deadline * DAY_S};
		st = store_council_task_insert(c, &t, at, &ids[i], err);
		R->tasks++;
	}
	/* progress of the leaves, then each parent from its children */
	for (int i = 0; i < n && st == FQ_OK; i++)
		if (plan[i].progress > 0)
			st = store_council_task_set_progress(
				c, ids[i], plan[i].progress,
				plan[i].progress == COUNCIL_PROGRESS_MAX ? "done" : "open",
				at + 10 * DAY_S, err);
	for (int i = n - 1; i >= 0 && st == FQ_OK; i--) {
		int *kids = NULL;
		size_t nk = 0;
		st = store_council_task_children(c, &R->arena, ids[i], &kids, &nk, err);
		int p = council_progress_rollup(kids, nk);
		if (st == FQ_OK && nk)
			st = store_council_task_set_progress(
				c, ids[i], p, p == COUNCIL_PROGRESS_MAX ? "done" : "open",
				at + 10 * DAY_S, err);
	}
	return st;
}

static fq_status resolution(store_conn *c, const comm *m, int64_t vote_id, int64_t meeting_id,
			    int64_t topic_id, const char *text, int64_t at, int64_t *id,
			    fq_err *err)
{
	store_council_resolution r = {.vote_id = vote_id, .meeting_id = meeting_id,
				      .topic_id = topic_id, .unit_path = m->unit.path, .text = text};
	return store_council_resolution_insert(c, &r, m->officer, at, id, err);
}

/* ---- one community ------------------------------------------------------------------------ */

static const store_council_vote OPEN_SIMPLE = {.quorum_num = 2, .quorum_den = 3,
					       .majority = "simple"};
static const store_council_vote SECRET_SIMPLE = {.secret = 1, .quorum_num = 2, .quorum_den = 3,
						 .majority = "simple"};
static const store_council_vote OPEN_ABSOLUTE = {.quorum_num = 1, .quorum_den = 2,
						 .majority = "absolute"};

static fq_status round_table(run *R, store_conn *c, const comm *m, fq_err *err)
{
	int64_t at = R->end - 75 * DAY_S + 19 * 3600, mid, parts[8], lift, park, i1 = 0, i2 = 0, v1, v2, res;
	fq_status st = topic(R, c, m, "加装电梯", "老旧小区1栋、3栋六层无电梯，老人上下楼困难。",
			     0, at - 20 * DAY_S, &lift, err);
	if (st == FQ_OK)
		st = topic(R, c, m, "停车位划分", "小区车位紧张，夜间乱停影响消防通道。", 0,
			   at - 18 * DAY_S, &park, err);
	if (st == FQ_OK)
		st = meeting(R, c, m, "幸福圆桌会：加装电梯与停车", "round_table", at, &mid, parts, err);
	if (st == FQ_OK)
		st = item(c, m, mid, lift, "居民代表提出加装电梯时间表；街道表态条件成熟的楼宇尽快加装。",
			  parts, at, &i1, err);
	if (st == FQ_OK)
		st = item(c, m, mid, park, "讨论划线车位与访客车位比例，意见分歧较大。", parts, at,
			  &i2, err);
	store_council_vote a = OPEN_SIMPLE, b = SECRET_SIMPLE;
	a.item_id = i1;
	a.motion = "同意1栋、3栋启动加装电梯";
	b.item_id = i2;
	b.motion = "按7:3划分业主车位与访客车位";
	if (st == FQ_OK)
		st = vote(R, c, m, mid, &a, lift, parts, "yyyyna-y", at + 3600, &v1, err);
	if (st == FQ_OK)
		st = vote(R, c, m, mid, &b, park, parts, "yyynnn--", at + 7200, &v2, err);
	if (st == FQ_OK)
		st = store_council_meeting_set_state(c, mid, "closed", at + 3 * 3600, err);
	if (st == FQ_OK)
		st = resolution(c, m, v1, mid, lift, "同意1栋、3栋启动加装电梯，费用按楼层分摊，街道协调补贴。",
				at + 4 * 3600, &res, err);
	static const task_plan plan[] = {
		{"1栋、3栋加装电梯", -1, 120, 0},
		{"征求住户意见并筹集资金", 0, 30, 100},
		{"施工许可与招标", 0, 60, 40},
		{"施工与验收", 0, 120, 0},
	};
	if (st == FQ_OK)
		st = tasks(R, c, m, res, plan, 4, at + 4 * 3600, err);
	return st;
}

static fq_status council_meeting(run *R, store_conn *c, const comm *m, fq_err *err)
{
	int64_t at = R->end - 30 * DAY_S + 19 * 3600, mid, parts[8], bins, noise, i1 = 0, i2 = 0, v1, v2;
	int64_t r1, r2;
	fq_status st = topic(R, c, m, "垃圾分类点位", "现有垃圾点离住户太近，夏季异味大。", 0,
			     at - 15 * DAY_S, &bins, err);
	if (st == FQ_OK)
		st = topic(R, c, m, "广场舞噪音", "晚间广场舞音量过大，影响学生学习和老人休息。", 0,
			   at - 12 * DAY_S, &noise, err);
	if (st == FQ_OK)
		st = meeting(R, c, m, "居民议事会：垃圾分类与广场舞", "council", at, &mid, parts, err);
	if (st == FQ_OK)
		st = item(c, m, mid, bins, "同意撤并3个垃圾点，新设2个分类亭，远离住宅楼20米以上。",
			  parts, at, &i1, err);
	if (st == FQ_OK)
		st = item(c, m, mid, noise, "与广场舞队协商限时限音量，安装分贝提示牌。", parts, at,
			  &i2, err);
	store_council_vote a = OPEN_ABSOLUTE, b = OPEN_SIMPLE;
	a.item_id = i1;
	a.motion = "撤并3个垃圾点、新设2个分类亭";
	b.item_id = i2;
	b.motion = "广场舞21:00前结束，音量不超过55分贝";
	if (st == FQ_OK)
		st = vote(R, c, m, mid, &a, bins, parts, "yyyyny-a", at + 3600, &v1, err);
	if (st == FQ_OK)
		st = vote(R, c, m, mid, &b, noise, parts, "yynyyy-y", at + 5400, &v2, err);
	if (st == FQ_OK)
		st = store_council_meeting_set_state(c, mid, "closed", at + 3 * 3600, err);
	if (st == FQ_OK)
		st = resolution(c, m, v1, mid, bins, "撤并3个垃圾点，新设2个分类亭并配督导员。",
				at + 4 * 3600, &r1, err);
	if (st == FQ_OK)
		st = resolution(c, m, v2, mid, noise, "广场舞21:00前结束，音量不超过55分贝，违者劝导。",
				at + 4 * 3600, &r2, err);
	static const task_plan bins_plan[] = {
		{"撤并垃圾点并建分类亭", -1, 25, 60},
		{"招募分类督导员", -1, 20, 100},
	};
	static const task_plan noise_plan[] = {
		{"张贴公约、安装分贝提示牌", -1, 45, 20},
	};
	if (st == FQ_OK)
		st = tasks(R, c, m, r1, bins_plan, 2, at + 4 * 3600, err);
	if (st == FQ_OK)
		st = tasks(R, c, m, r2, noise_plan, 1, at + 4 * 3600, err);
	/* the first task is overdue at the end: flagged, with a yellow card */
	store_council_task *t = NULL;
	size_t nt = 0;
	if (st == FQ_OK)
		st = store_council_sweep(c, R->end, &(int){0}, err);
	if (st == FQ_OK)
		st = store_council_tasks_of(c, &R->arena, r1, &t, &nt, err);
	if (st == FQ_OK && nt)
		st = store_council_task_set_card(c, t[0].id, "yellow", R->end + 7 * DAY_S,
						 "逾期未完成，限期一周", R->end, err);
	return st;
}

/* Proposals (金点子): one on the agenda by supports, one short of its
 * threshold by one (the browser test's), one with few supports; and a
 * meeting scheduled after the end with the one on the agenda. */
static fq_status proposals(run *R, store_conn *c, const comm *m, fq_err *err)
{
	int64_t at = R->end - 20 * DAY_S, a, b, d, mid, item_id;
	int thr = council_threshold(m->threshold);
	fq_status st = topic(R, c, m, "小区门口增设减速带", "上下学时段车速快，孩子过马路危险。",
			     m->voters[0], at, &a, err);
	if (st == FQ_OK)
		st = supports(c, m, a, thr < DEMO_COUNCIL_VOTERS ? thr : DEMO_COUNCIL_VOTERS - 1, at,
			      err);
	if (st == FQ_OK)
		st = topic(R, c, m, "增设智能快递柜", "快递堆在门岗，经常丢件。", m->voters[0],
			   at + DAY_S, &b, err);
	if (st == FQ_OK)
		st = supports(c, m, b, thr - 1 < DEMO_COUNCIL_VOTERS ? thr - 1 : 2, at + DAY_S, err);
	if (st == FQ_OK)
		st = topic(R, c, m, "楼道安装感应灯", "楼道夜间太暗，老人容易摔倒。", m->voters[0],
			   at + 2 * DAY_S, &d, err);
	if (st == FQ_OK)
		st = supports(c, m, d, 2, at + 2 * DAY_S, err);
	store_council_meeting mt = {.unit_id = m->unit.id, .unit_path = m->unit.path,
				    .title = "幸福圆桌会：居民金点子", .kind = "round_table",
				    .starts_at = R->end + 10 * DAY_S + 19 * 3600,
				    .place = "社区会议室"};
	if (st == FQ_OK)
		st = store_council_meeting_insert(c, &mt, m->officer, R->end - DAY_S, &mid, err);
	if (st == FQ_OK && thr < DEMO_COUNCIL_VOTERS)
		st = store_council_item_insert(c, mid, a, &item_id, err);
	R->meetings++;
	return st;
}

static fq_status community(run *R, store_conn *c, int k, int32_t ci, fq_err *err)
{
	comm m = {.threshold = k == 0 ? DEMO_THRESHOLD_FIRST : k == 1 ? DEMO_THRESHOLD_SECOND : 0};
	char user[NAME_BUF];
	snprintf(user, sizeof user, "community%d", k + 1);
	m.officer = account_id(R, c, user);
	fq_status st = store_unit_get(c, &R->arena, R->s->unit_ids[ci], &m.unit, err);
	if (st == FQ_OK && !m.officer)
		st = fq_fail(err, FQ_ENOTFOUND, "community", "no account %s", user);
	if (st == FQ_OK)
		st = add_voters(R, c, k, ci, &m, err);
	if (st == FQ_OK && m.threshold)
		st = store_council_threshold_set(c, m.unit.id, m.threshold, err);
	if (st == FQ_OK)
		st = round_table(R, c, &m, err);
	if (st == FQ_OK)
		st = council_meeting(R, c, &m, err);
	if (st == FQ_OK)
		st = proposals(R, c, &m, err);
	return st;
}

static fq_status demo_tx(store_conn *c, void *arg, fq_err *err)
{
	run *R = arg;
	const demo_plan *p = R->s->plan;
	R->talent = account_id(R, c, "talent1");
	fq_status st = FQ_OK;
	int k = 0;
	for (size_t u = 0; u < p->n_units && k < DEMO_COUNCIL_COMMUNITIES && st == FQ_OK; u++)
		if (p->units[u].kind == DEMO_COMMUNITY)
			st = community(R, c, k++, (int32_t)u, err);
	return st;
}

/* Whether each of the first DEMO_COUNCIL_COMMUNITIES communities has
 * households enough for its voters (after add_voters' offset of up to 6). */
static int enough_households(const demo_plan *p)
{
	int k = 0;
	for (size_t u = 0; u < p->n_units && k < DEMO_COUNCIL_COMMUNITIES; u++) {
		if (p->units[u].kind != DEMO_COMMUNITY)
			continue;
		size_t n = 0;
		for (size_t h = 0; h < p->n_households; h++)
			n += p->units[p->households[h].grid].parent == (int32_t)u;
		if (n < DEMO_COUNCIL_VOTERS + 6)
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
	run R = {.s = s, .rng = seed * 2654435761u + 1, .end = end};
	fq_arena_init(&R.arena);
	fq_err err = {0};
	int64_t t0 = fq_mono_us();
	fq_status st = store_write(db, demo_tx, &R, &err);
	fq_arena_free(&R.arena);
	if (st != FQ_OK) {
		fprintf(stderr, "fengqiao demo: councils: %s%s%s\n", err.field,
			err.field[0] ? ": " : "", err.message);
		return -1;
	}
	printf("councils: %d topics, %d meetings, %d votes, %d tasks in %d communities in %.2f s;"
	       " accounts voter1_1 .. voter%d_%d\n",
	       R.topics, R.meetings, R.votes, R.tasks, DEMO_COUNCIL_COMMUNITIES,
	       (double)(fq_mono_us() - t0) / 1e6, DEMO_COUNCIL_COMMUNITIES, DEMO_COUNCIL_VOTERS);
	return 0;
}
