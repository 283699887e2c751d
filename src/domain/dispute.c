/*
 * dispute.c - states, the transition table, the ladder, the judicial
 * window and the names of a dispute case; see dispute.h.
 */
#include "domain/dispute.h"

#include <string.h>

static const struct {
	const char *name;
	const char *zh;
} states[DSP_STATE_COUNT] = {
	[DSP_REGISTERED] = {"registered", "已登记"},
	[DSP_CONSENT] = {"consent", "双方同意调解"},
	[DSP_MEDIATING] = {"mediating", "调解中"},
	[DSP_SIGNED] = {"agreement_signed", "协议已生效"},
	[DSP_RECONCILED] = {"reconciled", "已和解"},
	[DSP_FAILED] = {"failed", "调解不成"},
	[DSP_REFUSED] = {"refused", "当事人拒绝调解"},
	[DSP_CLOSED] = {"closed", "已结案归档"},
};

static const char *const actions[DSP_ACT_COUNT] = {
	[DSP_ACT_AGREE] = "agree",
	[DSP_ACT_REFUSE] = "refuse",
	[DSP_ACT_ASSIGN] = "mediators",
	[DSP_ACT_SESSION] = "session",
	[DSP_ACT_AGREEMENT] = "agreement",
	[DSP_ACT_SIGN] = "sign",
	[DSP_ACT_RECONCILE] = "reconcile",
	[DSP_ACT_FAIL] = "fail",
	[DSP_ACT_CLOSE] = "close",
	[DSP_ACT_ESCALATE] = "escalate",
	[DSP_ACT_JUDICIAL] = "judicial_apply",
	[DSP_ACT_JUDICIAL_RESULT] = "judicial_result",
	[DSP_ACT_FOLLOWUP] = "followup",
	[DSP_ACT_PERFORMED] = "performed",
	[DSP_ACT_DOCUMENT] = "document",
};

static const char *const judicials[] = {
	[DSP_JUD_NONE] = "none",
	[DSP_JUD_APPLIED] = "applied",
	[DSP_JUD_CONFIRMED] = "confirmed",
	[DSP_JUD_REFUSED] = "refused",
};

#define S(x) (1u << (x))
#define OPEN (S(DSP_REGISTERED) | S(DSP_CONSENT) | S(DSP_MEDIATING))
#define ENDED (S(DSP_SIGNED) | S(DSP_RECONCILED) | S(DSP_FAILED) | S(DSP_REFUSED))
#define ANY ((1u << DSP_STATE_COUNT) - 2u)

/* The transition table: an action is allowed from the states in `from`;
 * it leads to `to`, or stays where it is when `to` is 0. The actions whose
 * result depends on the facts (agree, sign) are settled in dsp_next. */
static const struct rule {
	dsp_action act;
	unsigned from;
	dsp_state to;
} rules[] = {
	{DSP_ACT_AGREE, S(DSP_REGISTERED), 0},
	{DSP_ACT_REFUSE, OPEN, DSP_REFUSED},
	{DSP_ACT_ASSIGN, S(DSP_REGISTERED), 0},
	{DSP_ACT_ASSIGN, S(DSP_CONSENT) | S(DSP_MEDIATING), DSP_MEDIATING},
	{DSP_ACT_SESSION, S(DSP_CONSENT) | S(DSP_MEDIATING), DSP_MEDIATING},
	{DSP_ACT_AGREEMENT, S(DSP_MEDIATING), 0},
	{DSP_ACT_SIGN, S(DSP_MEDIATING), 0},
	{DSP_ACT_RECONCILE, S(DSP_CONSENT) | S(DSP_MEDIATING), DSP_RECONCILED},
	{DSP_ACT_FAIL, OPEN, DSP_FAILED},
	{DSP_ACT_CLOSE, ENDED, DSP_CLOSED},
	{DSP_ACT_ESCALATE, OPEN, 0},
	{DSP_ACT_JUDICIAL, S(DSP_SIGNED) | S(DSP_CLOSED), 0},
	{DSP_ACT_JUDICIAL_RESULT, S(DSP_SIGNED) | S(DSP_CLOSED), 0},
	{DSP_ACT_FOLLOWUP, S(DSP_SIGNED) | S(DSP_RECONCILED) | S(DSP_CLOSED), 0},
	{DSP_ACT_PERFORMED, S(DSP_SIGNED) | S(DSP_CLOSED), 0},
	{DSP_ACT_DOCUMENT, ANY, 0},
};

const char *dsp_state_name(dsp_state s)
{
	return s >= DSP_REGISTERED && s < DSP_STATE_COUNT ? states[s].name : NULL;
}

const char *dsp_state_label(dsp_state s)
{
	return s >= DSP_REGISTERED && s < DSP_STATE_COUNT ? states[s].zh : NULL;
}

dsp_state dsp_state_parse(const char *name)
{
	for (int i = DSP_REGISTERED; name && i < DSP_STATE_COUNT; i++)
		if (strcmp(states[i].name, name) == 0)
			return (dsp_state)i;
	return 0;
}

const char *dsp_action_name(dsp_action a)
{
	return a >= DSP_ACT_AGREE && a < DSP_ACT_COUNT ? actions[a] : NULL;
}

dsp_action dsp_action_parse(const char *name)
{
	for (int i = DSP_ACT_AGREE; name && i < DSP_ACT_COUNT; i++)
		if (strcmp(actions[i], name) == 0)
			return (dsp_action)i;
	return 0;
}

const char *dsp_judicial_name(dsp_judicial j)
{
	return j >= DSP_JUD_NONE && j <= DSP_JUD_REFUSED ? judicials[j] : NULL;
}

dsp_judicial dsp_judicial_parse(const char *name)
{
	for (int i = DSP_JUD_NONE; name && i <= DSP_JUD_REFUSED; i++)
		if (strcmp(judicials[i], name) == 0)
			return (dsp_judicial)i;
	return 0;
}

bool dsp_state_open(dsp_state s)
{
	return s >= DSP_REGISTERED && s < DSP_STATE_COUNT && (OPEN & S(s));
}

const char *dsp_outcome_of(dsp_state s)
{
	static const char *const outcomes[DSP_STATE_COUNT] = {
		[DSP_SIGNED] = "agreement", [DSP_RECONCILED] = "reconciled",
		[DSP_FAILED] = "failed", [DSP_REFUSED] = "refused",
	};
	return (unsigned)s < DSP_STATE_COUNT ? outcomes[s] : NULL;
}

bool dsp_outcome_resolved(const char *o)
{
	return o && (strcmp(o, "agreement") == 0 || strcmp(o, "reconciled") == 0);
}

static const struct rule *rule_for(dsp_state from, dsp_action act)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (rules[i].act == act && (rules[i].from & S(from)))
			return &rules[i];
	return NULL;
}

/* The checks of the facts that an allowed action still needs. */
static fq_status facts_check(dsp_action act, const dsp_facts *f, fq_err *err)
{
	switch (act) {
	case DSP_ACT_ESCALATE:
		if (f->level >= DSP_LEVEL_ESCALATE_MAX)
			return fq_failr(err, FQ_ECONFLICT, "level", "dispute.level_top",
					"the dispute is at level %d, the highest the ladder escalates to",
					f->level);
		return FQ_OK;
	case DSP_ACT_AGREEMENT:
		if (f->has_signatures)
			return fq_failr(err, FQ_ECONFLICT, "agreement", "dispute.agreement_signing",
					"the agreement cannot change once signing has begun");
		return FQ_OK;
	case DSP_ACT_SIGN:
		if (!f->has_agreement)
			return fq_failr(err, FQ_ECONFLICT, "agreement", "dispute.agreement_none",
					"there is no agreement to sign yet");
		return FQ_OK;
	case DSP_ACT_JUDICIAL:
		if (f->judicial != DSP_JUD_NONE)
			return fq_failr(err, FQ_ECONFLICT, "judicial", "dispute.judicial_done",
					"judicial confirmation is already %s",
					dsp_judicial_name(f->judicial));
		if (!f->judicial_end || f->today > f->judicial_end)
			return fq_failr(err, FQ_ECONFLICT, "judicial",
					"dispute.judicial_window_over",
					"the window to apply for judicial confirmation ended on %d",
					(int)f->judicial_end);
		return FQ_OK;
	case DSP_ACT_JUDICIAL_RESULT:
		if (f->judicial != DSP_JUD_APPLIED)
			return fq_failr(err, FQ_ECONFLICT, "judicial",
					"dispute.judicial_not_applied",
					"judicial confirmation has not been applied for");
		return FQ_OK;
	default:
		return FQ_OK;
	}
}

fq_status dsp_next(dsp_state from, dsp_action act, const dsp_facts *f, dsp_state *to,
		   fq_err *err)
{
	if (!dsp_state_name(from) || !dsp_action_name(act))
		return fq_fail(err, FQ_ECONFLICT, "state", "unknown state or action");
	const struct rule *rule = rule_for(from, act);
	if (!rule)
		return fq_failr(err, FQ_ECONFLICT, "state", "dispute.state",
				"cannot %s a dispute in state %s",
				dsp_action_name(act), dsp_state_name(from));
	fq_status st = facts_check(act, f, err);
	if (st != FQ_OK)
		return st;
	dsp_state next = rule->to ? rule->to : from;
	if (act == DSP_ACT_AGREE && f->all_agreed)
		next = DSP_CONSENT;
	if (act == DSP_ACT_SIGN && f->all_signed)
		next = DSP_SIGNED;
	*to = next;
	return FQ_OK;
}

/* ---- the ladder ----------------------------------------------------------- */

static const struct {
	const char *name;
	const char *zh;
	const char *unit_kind;
	int workdays;
} levels[DSP_LEVEL_MAX + 1] = {
	[1] = {"building", "楼栋长初调", "grid", DSP_LIMIT_L1_WORKDAYS},
	[2] = {"owners_committee", "业委会协调", "grid", DSP_LIMIT_L2_WORKDAYS},
	[3] = {"community", "社区终调", "community", DSP_LIMIT_L3_WORKDAYS},
	[4] = {"street", "街道/诉源治理站诉前调解", "street", DSP_LIMIT_L4_WORKDAYS},
	[5] = {"judicial", "司法确认", "street", 0},
};

bool dsp_level_valid(int level)
{
	return level >= DSP_LEVEL_MIN && level <= DSP_LEVEL_MAX;
}

const char *dsp_level_name(int level)
{
	return dsp_level_valid(level) ? levels[level].name : NULL;
}

const char *dsp_level_label(int level)
{
	return dsp_level_valid(level) ? levels[level].zh : NULL;
}

const char *dsp_level_unit_kind(int level)
{
	return dsp_level_valid(level) ? levels[level].unit_kind : NULL;
}

int dsp_level_workdays(int level)
{
	return dsp_level_valid(level) ? levels[level].workdays : 0;
}

fq_status dsp_level_due(const cal_calendar *cal, int level, int64_t start, int64_t *due,
			fq_err *err)
{
	int n = dsp_level_workdays(level);
	if (n <= 0)
		return fq_fail(err, FQ_EINVAL, "level", "level %d has no time limit", level);
	return cal_add_workdays(cal, start, n, due, err);
}

/* ---- the judicial confirmation window --------------------------------------- */

static cal_date next_day(cal_date d)
{
	return cal_date_of(cal_date_start(d) + CAL_DAY_S + CAL_DAY_S / 2);
}

fq_status dsp_judicial_end(const cal_calendar *cal, cal_date effective, cal_date *end,
			   fq_err *err)
{
	if (!cal_date_valid(effective))
		return fq_failr(err, FQ_EINVAL, "effective", "field.date", "%d is not a valid date",
				(int)effective);
	/* noon avoids any daylight-saving edge in the day arithmetic */
	int64_t noon = cal_date_start(effective) + CAL_DAY_S / 2;
	cal_date d = cal_date_of(noon + (int64_t)DSP_JUDICIAL_DAYS * CAL_DAY_S);
	while (!cal_is_workday(cal, d))
		d = next_day(d);
	*end = d;
	return FQ_OK;
}

int dsp_days_left(cal_date today, cal_date end)
{
	int64_t a = cal_date_start(today) + CAL_DAY_S / 2;
	int64_t b = cal_date_start(end) + CAL_DAY_S / 2;
	int64_t diff = b - a;
	return (int)(diff >= 0 ? (diff + CAL_DAY_S / 2) / CAL_DAY_S
			       : -((-diff + CAL_DAY_S / 2) / CAL_DAY_S));
}

/* Which reminder stretch `left` days before the end fall in: 2 last, 1 first, 0 none. */
static int stretch(int left)
{
	if (left < 0)
		return 0;
	if (left <= DSP_JUDICIAL_REMIND_LAST_DAYS)
		return 2;
	if (left <= DSP_JUDICIAL_REMIND_FIRST_DAYS)
		return 1;
	return 0;
}

bool dsp_judicial_remind_due(cal_date end, cal_date today, cal_date last_reminded)
{
	int now = stretch(dsp_days_left(today, end));
	if (now == 0)
		return false;
	if (!last_reminded)
		return true;
	return stretch(dsp_days_left(last_reminded, end)) < now;
}

/* ---- names ------------------------------------------------------------------ */

struct name_label {
	const char *name;
	const char *zh;
};

static const struct name_label types[DSP_TYPES_COUNT] = {
	{"family", "婚姻家庭"},        {"neighbour", "邻里纠纷"},
	{"property", "物业管理"},      {"labour", "劳资纠纷"},
	{"land_acquisition", "征地拆迁"}, {"medical", "医患纠纷"},
	{"forest_land", "山林土地"},   {"housing", "房屋和宅基地"},
	{"damages", "损害赔偿"},       {"contract", "合同纠纷"},
	{"consumer", "消费纠纷"},      {"other", "其他"},
};

static const struct name_label sources[] = {
	{"party_application", "当事人申请"},   {"own_initiative", "主动调解"},
	{"police_transfer", "公安机关移送"},   {"court_entrusted", "法院委托"},
	{"government_assigned", "政府交办"},
};

static const struct name_label party_roles[] = {
	{"applicant", "申请人"}, {"respondent", "被申请人"}, {"third_party", "第三人"}};

static const struct name_label methods[] = {
	{"sign", "签名"}, {"seal", "盖章"}, {"thumbprint", "按指印"}};

static const struct name_label performances[] = {
	{"full", "已全部履行"}, {"partial", "部分履行"}, {"none", "未履行"}};

static const char *label_in(const struct name_label *t, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return t[i].zh;
	return NULL;
}

#define LABEL(t, name) label_in((t), sizeof(t) / sizeof(t)[0], (name))

const char *dsp_type_name(int i)
{
	return i >= 0 && i < DSP_TYPES_COUNT ? types[i].name : NULL;
}

const char *dsp_type_label(const char *name)
{
	return LABEL(types, name);
}

bool dsp_type_valid(const char *name)
{
	return LABEL(types, name) != NULL;
}

const char *dsp_type_of_category(const char *code)
{
	static const struct name_label map[] = {
		{"dispute.neighbour", "neighbour"}, {"dispute.family", "family"},
		{"dispute.property", "property"},   {"dispute.labour", "labour"},
		{"dispute.homestead", "housing"},   {"dispute.land", "forest_land"},
		{"dispute.other", "other"},         {"dispute", "other"},
	};
	const char *t = LABEL(map, code);
	if (!t && code && strncmp(code, "dispute.", 8) == 0)
		t = "other";
	return t;
}

bool dsp_source_valid(const char *name)
{
	return LABEL(sources, name) != NULL;
}

const char *dsp_source_label(const char *name)
{
	return LABEL(sources, name);
}

bool dsp_party_role_valid(const char *name)
{
	return LABEL(party_roles, name) != NULL;
}

const char *dsp_party_role_label(const char *name)
{
	return LABEL(party_roles, name);
}

bool dsp_sign_method_valid(const char *name)
{
	return LABEL(methods, name) != NULL;
}

const char *dsp_sign_method_label(const char *name)
{
	return LABEL(methods, name);
}

bool dsp_performance_valid(const char *name)
{
	return LABEL(performances, name) != NULL;
}

/* ---- the case file ------------------------------------------------------------ */

static const dsp_doc docs[DSP_DOCS_COUNT] = {
	{"intake", "调解申请书或受理登记表", true},
	{"rights_notice", "当事人权利义务告知书", true},
	{"identity", "当事人身份证明", true},
	{"power_of_attorney", "授权委托书", false},
	{"investigation", "调查记录", false},
	{"evidence", "证据材料", false},
	{"mediation_record", "调解笔录", true},
	{"agreement", "调解协议书", true},
	{"performance_proof", "履行凭证", false},
	{"followup_record", "回访记录", false},
	{"court_papers", "司法确认材料", false},
	{"notes", "备考表", false},
	{"back_cover", "卷底", true},
};

bool dsp_doc_needed(const dsp_doc *doc, const char *outcome)
{
	if (!doc || !doc->required)
		return false;
	const char *o = outcome ? outcome : "";
	if (strcmp(doc->code, "agreement") == 0)
		return strcmp(o, "agreement") == 0;
	if (strcmp(doc->code, "mediation_record") == 0)
		return strcmp(o, "refused") != 0;
	return true;
}

const dsp_doc *dsp_doc_at(int i)
{
	return i >= 0 && i < DSP_DOCS_COUNT ? &docs[i] : NULL;
}

const dsp_doc *dsp_doc_find(const char *code)
{
	for (int i = 0; code && i < DSP_DOCS_COUNT; i++)
		if (strcmp(docs[i].code, code) == 0)
			return &docs[i];
	return NULL;
}

/* ---- other routes ------------------------------------------------------------- */

const char *dsp_routes_text(const char *type, const char *lang)
{
	bool zh = lang && strcmp(lang, "zh") == 0;
	bool labour = type && strcmp(type, "labour") == 0;
	if (zh && labour)
		return "调解不能进行或调解不成的,当事人可以依法通过以下途径维护自己的权利:"
		       "向劳动人事争议仲裁委员会申请劳动仲裁(劳动争议须先经仲裁),"
		       "对仲裁裁决不服的可以向人民法院提起诉讼;也可以请求劳动保障监察等行政机关依法处理。";
	if (zh)
		return "调解不能进行或调解不成的,当事人可以依法通过以下途径维护自己的权利:"
		       "依据仲裁协议向仲裁机构申请仲裁;请求有关行政机关依法处理;"
		       "向人民法院提起诉讼。";
	if (labour)
		return "Where mediation cannot go ahead or fails, the parties may apply to the labour "
		       "dispute arbitration commission (labour disputes go to arbitration first) and "
		       "then sue in the people's court, or ask the labour inspection authority to act.";
	return "Where mediation cannot go ahead or fails, the parties may apply for arbitration "
	       "under an arbitration agreement, ask the competent administrative authority to "
	       "handle the matter, or sue in the people's court.";
}
