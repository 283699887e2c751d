/*
 * demo_disputes.c - the demo street's dispute cases through the real
 * disputes service; see demo_disputes.h.
 */
#include "demo/demo_disputes.h"

#include <stdio.h>
#include <string.h>

#include "demo/demo_names.h"
#include "domain/demo_svc.h"
#include "domain/dispute_svc.h"

/* Seconds in an hour, and the working hours a simulated step falls in. */
#define HOUR_S 3600
#define DAY_START_H 9
#define DAY_HOURS 8
/* Percent of cases that end in each way (the rest stay open or recent). */
#define PCT_RECONCILED 10
#define PCT_FAILED 8
#define PCT_REFUSED 4
#define PCT_ESCALATED 25
#define PCT_JUDICIAL 18
#define PCT 100
/* Cases younger than this many days may still be open. */
#define RECENT_DAYS 25

/* One kind of case, with its words. */
typedef struct tmpl {
	const char *type, *title, *facts, *claims, *points, *resp, *term1, *term2;
} tmpl;

static const tmpl templates[] = {
	{"neighbour", "楼上卫生间漏水致楼下天花板受损",
	 "申请人反映,楼上住户卫生间防水层老化,近两个月持续渗水,致申请人家卫生间及走廊天花板发霉脱落。",
	 "请求被申请人修复防水并赔偿天花板修缮费用2800元。", "漏水原因及修缮费用承担",
	 "经现场查看,渗水源于被申请人卫生间防水层老化,被申请人应承担主要责任。",
	 "被申请人于十五日内请专业人员重做卫生间防水", "被申请人赔偿申请人修缮费用2000元"},
	{"neighbour", "夜间噪音扰民纠纷", "申请人称楼上住户常在夜间十一点后搬动家具、健身跳绳,影响家中老人休息。",
	 "请求被申请人晚十点后停止产生噪音。", "夜间噪音", "双方均同意相互体谅,被申请人应注意夜间作息。",
	 "被申请人晚十点后不再进行跳绳等高噪音活动", "被申请人在健身区域铺设减震垫"},
	{"property", "物业费与停车位管理争议", "业主以小区监控损坏、停车秩序混乱为由拒交物业费一年,物业公司催缴未果。",
	 "物业公司请求补交物业费1860元;业主请求修复监控并规范停车。", "物业服务质量与物业费缴纳",
	 "物业公司服务存在瑕疵,业主拒交物业费不妥,双方各有责任。", "物业公司于三十日内修复损坏监控探头",
	 "业主于物业公司整改后十日内补交物业费1600元"},
	{"family", "老人赡养费分担纠纷", "申请人年近八旬,三个子女对赡养费分担意见不一,长子认为自己已出资修房不应再多承担。",
	 "请求子女每月支付赡养费并轮流照料。", "赡养费数额与照料安排", "赡养老人是子女的法定义务,各子女应平均分担。",
	 "三名子女每人每月支付赡养费600元", "子女按月轮流陪护老人就医"},
	{"labour", "装修工人工资拖欠纠纷", "申请人等三人为某装修队工作两个月,工程完工后包工头以业主未结款为由拖欠工资。",
	 "请求支付拖欠工资共计21600元。", "工资数额及支付期限", "被申请人作为用工方应按约定支付劳动报酬。",
	 "被申请人于十日内支付工资15000元", "余款6600元于次月底前付清"},
	{"housing", "宅基地界址争议", "两户相邻宅基地,申请人翻建院墙时被指越界约四十公分,双方多次争吵。",
	 "请求确认界址并停止阻挠施工。", "宅基地东侧界址位置", "经对照宅基地使用证及四至,院墙基本位于申请人界内。",
	 "以原宅基地证四至为准,由村委会现场钉桩确界", "申请人院墙后退十公分留出滴水空间"},
	{"damages", "电动车剐蹭致人受伤赔偿", "被申请人骑电动车在小区内剐倒申请人,致申请人手腕骨裂,花费医疗费若干。",
	 "请求赔偿医疗费、误工费等共计8600元。", "赔偿项目及数额", "被申请人车速过快负主要责任,申请人负次要责任。",
	 "被申请人赔偿医疗费、误工费等共计6800元", "赔偿款分两期付清"},
	{"consumer", "装修质量纠纷", "业主称装修公司铺设的地砖空鼓、墙面开裂,要求返工,装修公司认为系房屋沉降所致。",
	 "请求返工并退还部分装修款。", "质量问题原因及返工范围", "经第三方查验,空鼓系施工不规范所致。",
	 "装修公司于二十日内对空鼓地砖返工", "装修公司退还装修款3000元"},
	{"land_acquisition", "道路拓宽征收补偿争议", "道路拓宽征收申请人门前菜地,申请人对附着物补偿标准有异议,阻止施工。",
	 "请求按实际种植情况提高青苗补偿。", "青苗及附着物补偿标准", "补偿标准应按公布方案执行,附着物数量需重新清点。",
	 "街道会同村委会于七日内重新清点附着物", "按清点结果依方案标准补偿"},
	{"forest_land", "林地边界纠纷", "两组村民对一片山林的边界各执一词,涉及林木采伐收益分配。",
	 "请求确认林地边界及林木归属。", "林地边界与林木收益", "查阅林改档案,以档案四至为准。",
	 "以林改档案确定边界并共同立界桩", "已采伐林木收益按面积比例分配"},
	{"contract", "房屋租赁押金退还纠纷", "租客退租后房东以墙面污损为由扣留全部押金3000元。",
	 "请求退还押金3000元。", "押金扣除范围", "墙面轻微污损属正常使用损耗,扣留全部押金不当。",
	 "房东于三日内退还押金2600元", "余款400元作为墙面清洁费用"},
	{"medical", "社区诊所输液后不良反应纠纷", "患者在社区诊所输液后出现过敏反应,家属认为诊所未做皮试。",
	 "请求赔偿医疗费及营养费。", "诊疗过程是否规范", "诊所告知记录不完整,应承担部分责任。",
	 "诊所补偿医疗费及营养费共计4200元", "诊所完善用药告知程序"},
};

#define N_TEMPLATES (sizeof templates / sizeof templates[0])

/* The whole build; it is also its write job. */
typedef struct demo_ctx {
	svc_job job;      /* first */
	const demo_street_rows *s;
	demo_rng rng;
	int64_t end;      /* unix s: the end of the demo's history */
	caller med;       /* the mediator who works the cases */
	int built, open;
} demo_ctx;

/* A moment `days` days after t, in working hours. */
static int64_t later(demo_ctx *x, int64_t t, int days)
{
	int64_t day = cal_date_start(cal_date_of(t)) + (int64_t)days * CAL_DAY_S;
	return day + (DAY_START_H + demo_rng_range(&x->rng, 0, DAY_HOURS - 1)) * HOUR_S +
	       demo_rng_range(&x->rng, 0, HOUR_S - 1);
}

static fq_status act(store_conn *c, fq_arena *a, demo_ctx *x, int64_t id, dspsvc_act_in *in,
		     int64_t at, fq_err *err)
{
	dspsvc_result res;
	return dspsvc_act(c, a, &x->med, id, in, at, &res, err);
}

/* Put the case file together and file the case at `at`: the entries kept
 * by hand (the notice of rights, the parties' identity papers, the back
 * cover) are ticked first, as filing needs them (dspsvc_act). */
static fq_status file_case(store_conn *c, fq_arena *a, demo_ctx *x, int64_t id,
			   dspsvc_act_in *close, int64_t at, fq_err *err)
{
	static const char *const by_hand[] = {"rights_notice", "identity", "back_cover"};
	fq_status st = FQ_OK;
	for (size_t i = 0; st == FQ_OK && i < sizeof by_hand / sizeof by_hand[0]; i++) {
		dspsvc_act_in doc = {.act = DSP_ACT_DOCUMENT, .doc_code = by_hand[i],
				     .doc_present = 1};
		st = act(c, a, x, id, &doc, at, err);
	}
	return st == FQ_OK ? act(c, a, x, id, close, at, err) : st;
}

/* Two different households' heads as the parties. */
static void pick_parties(demo_ctx *x, dspsvc_party_in p[2])
{
	const demo_plan *plan = x->s->plan;
	size_t h1 = (size_t)demo_rng_range(&x->rng, 0, (int64_t)plan->n_households - 1);
	size_t h2 = (h1 + 1 + (size_t)demo_rng_range(&x->rng, 0, 5)) % plan->n_households;
	p[0] = (dspsvc_party_in){.person_id = x->s->person_ids[plan->households[h1].first_person],
				 .role = "applicant"};
	p[1] = (dspsvc_party_in){.person_id = x->s->person_ids[plan->households[h2].first_person],
				 .role = "respondent"};
}

/* The agreement, all signatures, perhaps judicial confirmation, a follow-up, filing. */
static fq_status settle(store_conn *c, fq_arena *a, demo_ctx *x, int64_t id, const tmpl *t,
			const store_dispute_party *parties, int64_t *at, fq_err *err)
{
	store_dispute_term terms[2] = {{.text = t->term1, .deadline = cal_date_of(*at + 15 * CAL_DAY_S)},
				       {.text = t->term2, .deadline = cal_date_of(*at + 30 * CAL_DAY_S)}};
	dspsvc_act_in in = {.act = DSP_ACT_AGREEMENT, .ag_facts = t->facts, .ag_points = t->points,
			    .ag_responsibilities = t->resp, .terms = terms, .n_terms = 2};
	fq_status st = act(c, a, x, id, &in, *at, err);
	static const char *const methods[] = {"sign", "thumbprint", "seal"};
	for (int i = 0; st == FQ_OK && i < 2; i++) {
		dspsvc_act_in s = {.act = DSP_ACT_SIGN, .signer = "party", .party_id = parties[i].id,
				   .method = methods[demo_rng_range(&x->rng, 0, 1)]};
		st = act(c, a, x, id, &s, *at + (i + 1) * 600, err);
	}
	dspsvc_act_in m = {.act = DSP_ACT_SIGN, .signer = "mediator", .method = "sign"};
	if (st == FQ_OK)
		st = act(c, a, x, id, &m, *at + 1800, err);
	bool judicial = demo_rng_range(&x->rng, 0, PCT - 1) < PCT_JUDICIAL;
	int64_t j = later(x, *at, 6);
	dspsvc_act_in ja = {.act = DSP_ACT_JUDICIAL};
	if (st == FQ_OK && judicial && j < x->end)
		st = act(c, a, x, id, &ja, j, err);
	dspsvc_act_in jr = {.act = DSP_ACT_JUDICIAL_RESULT, .result = "confirmed"};
	if (st == FQ_OK && judicial && later(x, j, 12) < x->end)
		st = act(c, a, x, id, &jr, later(x, j, 12), err);
	dspsvc_act_in fu = {.act = DSP_ACT_FOLLOWUP, .performance = "full",
			    .note = "回访双方,协议已按期履行,关系缓和"};
	int64_t f = later(x, *at, 16);
	if (st == FQ_OK && f < x->end)
		st = act(c, a, x, id, &fu, f, err);
	*at = f;
	return st;
}

/* Mediate case `id` to the end drawn for it (or to where time stops). */
static fq_status play_case(store_conn *c, fq_arena *a, demo_ctx *x, int64_t id, const tmpl *t,
			   int64_t at, fq_err *err)
{
	store_dispute_case k;
	fq_status st = dspsvc_get(c, a, &x->med, id, &k, err);
	const store_dispute_party *parties = st == FQ_OK ? k.parties : NULL;
	size_t np = st == FQ_OK ? k.n_parties : 0;
	int roll = (int)demo_rng_range(&x->rng, 0, PCT - 1);
	if (st == FQ_OK && roll < PCT_REFUSED) {
		dspsvc_act_in r = {.act = DSP_ACT_REFUSE, .party_id = parties[1].id,
				   .note = "被申请人表示不接受调解,要求直接起诉"};
		st = act(c, a, x, id, &r, later(x, at, 1), err);
		dspsvc_act_in cl = {.act = DSP_ACT_CLOSE, .note = "已告知当事人仲裁、行政、诉讼途径"};
		return st == FQ_OK ? file_case(c, a, x, id, &cl, later(x, at, 2), err) : st;
	}
	for (size_t i = 0; st == FQ_OK && i < np && (at = later(x, at, 1)) < x->end; i++) {
		dspsvc_act_in g = {.act = DSP_ACT_AGREE, .party_id = parties[i].id};
		st = act(c, a, x, id, &g, at, err);
	}
	int64_t med_id = x->med.account_id;
	dspsvc_act_in m = {.act = DSP_ACT_ASSIGN, .mediators = &med_id, .n_mediators = 1};
	if (st == FQ_OK && (at = later(x, at, 1)) < x->end)
		st = act(c, a, x, id, &m, at, err);
	if (st == FQ_OK && roll < PCT_REFUSED + PCT_ESCALATED && (at = later(x, at, 2)) < x->end) {
		dspsvc_act_in e = {.act = DSP_ACT_ESCALATE, .note = "楼栋长调解未果,提交社区调解"};
		st = act(c, a, x, id, &e, at, err);
	}
	dspsvc_act_in s = {.act = DSP_ACT_SESSION,
			   .session = {.place = "社区人民调解室", .mediators = "王丹涵",
				       .attendees = "双方当事人", .record = t->facts}};
	if (st == FQ_OK && (at = later(x, at, 2)) < x->end) {
		s.session.at = at;
		st = act(c, a, x, id, &s, at, err);
	}
	if (st != FQ_OK || (at = later(x, at, 3)) >= x->end)
		return st;
	if (roll >= PCT - PCT_FAILED || (roll >= PCT - PCT_FAILED - PCT_RECONCILED)) {
		bool failed = roll >= PCT - PCT_FAILED;
		dspsvc_act_in o = {.act = failed ? DSP_ACT_FAIL : DSP_ACT_RECONCILE,
				   .note = failed ? "双方分歧过大,调解不成" : "双方自行和解"};
		st = act(c, a, x, id, &o, at, err);
	} else {
		st = settle(c, a, x, id, t, parties, &at, err);
	}
	dspsvc_act_in cl = {.act = DSP_ACT_CLOSE};
	if (st == FQ_OK && (at = later(x, at, 2)) < x->end)
		st = file_case(c, a, x, id, &cl, at, err);
	return st;
}

static fq_status one_case(store_conn *c, demo_ctx *x, int i, fq_err *err)
{
	fq_arena a;
	fq_arena_init(&a);
	const tmpl *t = &templates[(size_t)demo_rng_range(&x->rng, 0, N_TEMPLATES - 1)];
	dspsvc_party_in parties[2];
	pick_parties(x, parties);
	int days_ago = DEMO_DISPUTE_DAYS - i * DEMO_DISPUTE_DAYS / DEMO_DISPUTES;
	int64_t at = later(x, x->end, -days_ago);
	static const char *const sources[] = {"party_application", "party_application",
					      "own_initiative", "police_transfer",
					      "court_entrusted", "government_assigned"};
	dspsvc_new in = {.type = t->type,
			 .source = sources[demo_rng_range(&x->rng, 0, 5)],
			 .title = t->title, .facts = t->facts, .claims = t->claims,
			 .parties = parties, .n_parties = 2};
	int64_t id = 0;
	fq_status st = dspsvc_create(c, &a, &x->med, &in, at, &id, err);
	if (st == FQ_OK)
		st = play_case(c, &a, x, id, t, at, err);
	fq_arena_free(&a);
	x->built += st == FQ_OK;
	return st;
}

static fq_status build_run(store_conn *c, svc_job *job, fq_err *err)
{
	demo_ctx *x = (demo_ctx *)job;
	fq_arena a;
	fq_arena_init(&a);
	int64_t med = 0;
	fq_status st = demosvc_account_id(c, DEMO_DISPUTE_MEDIATOR, &med, err);
	if (st == FQ_OK)
		st = demosvc_caller(c, &a, med, &x->med, err);
	for (int i = 0; st == FQ_OK && i < DEMO_DISPUTES; i++)
		st = one_case(c, x, i, err);
	fq_arena_free(&a);
	return st;
}

int demo_disputes_run(store *db, const demo_street_rows *s, uint64_t seed, cal_date until)
{
	demo_ctx x = {.job.run = build_run, .s = s, .end = cal_date_start(until) + CAL_DAY_S - 1};
	demo_rng_seed(&x.rng, seed ^ 0x6469737075746573ull);
	fq_status st = svc_write(db, &x.job);
	const fq_err err = x.job.err;
	if (st != FQ_OK) {
		fprintf(stderr, "fengqiao demo: disputes: %s%s%s\n", err.field,
			*err.field ? ": " : "", err.message);
		return -1;
	}
	printf("  disputes: %d cases mediated by %s\n", x.built, DEMO_DISPUTE_MEDIATOR);
	return 0;
}
