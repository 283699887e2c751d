/*
 * catalogue.c - the seed catalogue of request categories with their time
 * limits, seeding an empty store, validation of category edits, and the
 * calendar in force; see catalogue.h.
 */
#include "domain/catalogue.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "store/store_catalogue.h"

#define HRS SLA_HOURS
#define WD SLA_WORKDAYS

/* Limit profiles, levels 1..4: {{accept}, {resolve}}. */

/* Risk to life or property (gas, fire, manhole): 1 h to accept, 24 h to
 * resolve, at every level. */
static const sla_limits URGENT = {{
	{{1, HRS}, {24, HRS}}, {{1, HRS}, {24, HRS}},
	{{1, HRS}, {24, HRS}}, {{1, HRS}, {24, HRS}},
}};

/* Water, power, lifts: 2 h to accept, 24 h to resolve (the hotline's
 * utilities rule), 48 h once it has reached the street. */
static const sla_limits UTILITY = {{
	{{2, HRS}, {24, HRS}}, {{2, HRS}, {24, HRS}},
	{{2, HRS}, {24, HRS}}, {{2, HRS}, {48, HRS}},
}};

/* Small fixes a neighbour or the grid can do (a corridor light): 2 h to
 * accept, one or two working days to resolve below the community. */
static const sla_limits QUICK = {{
	{{2, HRS}, {1, WD}}, {{2, HRS}, {2, WD}},
	{{1, WD}, {3, WD}}, {{1, WD}, {5, WD}},
}};

/* General requests: 2 h or 1 working day to accept, 3 to 7 working days
 * to resolve. */
static const sla_limits GENERAL = {{
	{{2, HRS}, {3, WD}}, {{2, HRS}, {3, WD}},
	{{1, WD}, {5, WD}}, {{1, WD}, {7, WD}},
}};

/* Complex matters (disputes over land, labour, family): 1 working day to
 * accept, 5 to 15 working days to resolve. */
static const sla_limits COMPLEX = {{
	{{1, WD}, {5, WD}}, {{1, WD}, {7, WD}},
	{{1, WD}, {10, WD}}, {{1, WD}, {15, WD}},
}};

/* The numbers a danger category ships with: 119, the fire service, which
 * also answers gas leaks. A deployment adds its gas company's and power
 * company's emergency numbers in the category editor; Fengqiao ships no
 * local number it cannot vouch for. Migration 14 sets the same. */
#define DANGER_CALLS "119 消防（火警）"

#define U CAT_PRIORITY_URGENT
#define N CAT_PRIORITY_NORMAL
#define L CAT_PRIORITY_LOW

static const cat_seed seed[] = {
	{"dispute", NULL, "矛盾纠纷", "Disputes", "⚖️", 2, N, &COMPLEX},
	{"dispute.neighbour", "dispute", "邻里纠纷", "Neighbour dispute", "🏘️", 1, N, &COMPLEX},
	{"dispute.family", "dispute", "婚姻家庭", "Marriage and family", "👪", 2, N, &COMPLEX},
	{"dispute.property", "dispute", "物业纠纷", "Property management dispute", "🏢", 2, N,
	 &COMPLEX},
	{"dispute.labour", "dispute", "劳资纠纷", "Labour dispute", "💼", 3, N, &COMPLEX},
	{"dispute.homestead", "dispute", "房屋宅基地", "Housing and homestead", "🏠", 3, N,
	 &COMPLEX},
	{"dispute.land", "dispute", "山林土地", "Forest and land", "🌲", 3, N, &COMPLEX},
	{"dispute.other", "dispute", "其他纠纷", "Other dispute", "❓", 2, N, &COMPLEX},

	{"safety", NULL, "治安与安全隐患", "Public order and safety hazards", "🚨", 2, U, &URGENT},
	{"safety.gas", "safety", "燃气泄漏/气味", "Gas leak or smell", "🔥", 3, U, &URGENT,
	 DANGER_CALLS},
	{"safety.fire", "safety", "消防隐患", "Fire hazard", "🧯", 2, U, &URGENT, DANGER_CALLS},
	{"safety.public_order", "safety", "治安隐患或线索", "Public order hazard or lead", "👮",
	 2, N, &GENERAL},
	{"safety.dangerous_house", "safety", "危房", "Dangerous building", "🏚️", 3, U, &URGENT},
	{"safety.ebike_charging", "safety", "电动车违规充电", "Unsafe e-bike charging", "🔌", 2,
	 N, &QUICK},

	{"service", NULL, "民生服务", "Livelihood services", "🤝", 3, N, &GENERAL},
	{"service.assistance", "service", "低保救助", "Subsistence allowance and relief", "🍚", 3,
	 N, &GENERAL},
	{"service.elderly", "service", "养老服务", "Elderly care", "🧓", 2, N, &GENERAL},
	{"service.employment", "service", "就业", "Employment", "💼", 3, N, &GENERAL},
	{"service.certificate", "service", "证明办理", "Certificates", "📄", 3, L, &GENERAL},

	{"environment", NULL, "环境卫生", "Environment and sanitation", "🧹", 2, N, &GENERAL},
	{"environment.garbage", "environment", "垃圾清运", "Garbage collection", "🗑️", 2, N,
	 &QUICK},
	{"environment.sewage", "environment", "污水排放", "Sewage discharge", "🚰", 2, N,
	 &GENERAL},
	{"environment.noise", "environment", "噪音扰民", "Noise nuisance", "🔊", 2, N, &GENERAL},
	{"environment.livestock", "environment", "违规养殖", "Unlicensed livestock keeping", "🐖",
	 2, L, &GENERAL},

	{"property", NULL, "物业管理", "Property management", "🏢", 2, N, &GENERAL},
	{"property.elevator", "property", "电梯故障", "Lift failure", "🛗", 2, U, &UTILITY},
	{"property.corridor_light", "property", "楼道灯不亮", "Corridor light out", "💡", 1, L,
	 &QUICK},
	{"property.access_control", "property", "门禁", "Door access control", "🚪", 1, L,
	 &QUICK},
	{"property.utility_outage", "property", "停水停电", "Water or power cut", "🚱", 2, U,
	 &UTILITY},

	{"traffic", NULL, "停车与交通", "Parking and traffic", "🚗", 2, N, &GENERAL},
	{"traffic.parking", "traffic", "乱停车", "Illegal parking", "🅿️", 2, L, &QUICK},
	{"traffic.road_damage", "traffic", "道路破损", "Damaged road", "🚧", 3, N, &GENERAL},
	{"traffic.street_light", "traffic", "路灯不亮", "Street light out", "🌃", 2, L, &QUICK},

	{"facility", NULL, "设施维修", "Facility repair", "🔧", 2, N, &GENERAL},
	{"facility.damage", "facility", "公共设施损坏", "Damaged public facility", "🛠️", 2, N,
	 &GENERAL},
	{"facility.manhole", "facility", "井盖缺失", "Missing manhole cover", "⚠️", 2, U,
	 &URGENT},

	{"neighbour", NULL, "邻里关系", "Neighbour relations", "🏘️", 1, N, &GENERAL},
	{"neighbour.falling_objects", "neighbour", "高空抛物", "Objects thrown from height", "🪂",
	 2, U, &URGENT},
	{"neighbour.leak", "neighbour", "楼上漏水", "Leak from upstairs", "💧", 1, N, &GENERAL},
	{"neighbour.pets", "neighbour", "宠物扰民", "Pet nuisance", "🐕", 1, L, &GENERAL},
};

#undef U
#undef N
#undef L

#define N_SEED (sizeof seed / sizeof seed[0])

const cat_seed *catalogue_seed_entries(size_t *n)
{
	*n = N_SEED;
	return seed;
}

/* ---- seeding ------------------------------------------------------------- */

/* Id of the top class code among the first n seed rows already inserted. */
static int64_t parent_id_of(const char *parent, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!seed[i].parent && strcmp(seed[i].code, parent) == 0)
			return ids[i];
	return 0;
}

static fq_status seed_categories(store_conn *c, fq_err *err)
{
	int64_t ids[N_SEED];
	int class_sort = 0, sub_sort = 0;
	for (size_t i = 0; i < N_SEED; i++) {
		const cat_seed *s = &seed[i];
		if (!s->parent)
			sub_sort = 0;
		store_category cat = {
			.parent_id = s->parent ? parent_id_of(s->parent, ids, i) : 0,
			.code = s->code, .name = s->name, .name_en = s->name_en, .icon = s->icon,
			.start_level = s->start_level, .priority = s->priority, .active = 1,
			.sort = s->parent ? sub_sort++ : class_sort++, .limits = *s->limits, .has_limits = 1,
			.danger = s->danger_calls != NULL,
			.danger_calls = s->danger_calls ? s->danger_calls : "",
		};
		fq_status st = store_category_insert(c, &cat, &ids[i], err);
		if (st != FQ_OK)
			return st;
	}
	return FQ_OK;
}

static fq_status seed_calendar(store_conn *c, fq_err *err)
{
	size_t n = 0;
	const cal_entry *e = cal_seed_entries(&n);
	for (size_t i = 0; i < n; i++) {
		fq_status st = store_calendar_put(c, &e[i], err);
		if (st != FQ_OK)
			return st;
	}
	return FQ_OK;
}

static fq_status seed_tx(store_conn *c, void *arg, fq_err *err)
{
	(void)arg;
	int64_t cats = 0, days = 0;
	fq_status st = store_categories_count(c, &cats, err);
	if (st == FQ_OK)
		st = store_calendar_count(c, &days, err);
	if (st == FQ_OK && cats == 0)
		st = seed_categories(c, err);
	if (st == FQ_OK && days == 0)
		st = seed_calendar(c, err);
	return st;
}

/* Non-zero when the store already holds both; checked on a read
 * connection first so that opening a seeded store costs no write. */
static int already_seeded(store *db)
{
	store_conn *c = NULL;
	if (store_read_begin(db, &c) != FQ_OK)
		return 0;
	int64_t cats = 0, days = 0;
	int done = store_categories_count(c, &cats, NULL) == FQ_OK &&
		   store_calendar_count(c, &days, NULL) == FQ_OK && cats > 0 && days > 0;
	store_read_end(db, c);
	return done;
}

fq_status catalogue_seed_if_empty(store *db, fq_err *err)
{
	if (already_seeded(db))
		return FQ_OK;
	return store_write(db, seed_tx, NULL, err);
}

/* ---- validation ---------------------------------------------------------- */

static int code_word(const char *s, size_t n)
{
	if (n == 0 || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static fq_status check_code(const char *code, fq_err *err)
{
	const char *dot = strchr(code, '.');
	size_t len = strlen(code);
	if (len > CAT_CODE_MAX || !dot || !code_word(code, (size_t)(dot - code)) ||
	    !code_word(dot + 1, strlen(dot + 1)))
		return fq_failr(err, FQ_EINVAL, "code", "category.code_format",
				"must be class.name in lowercase letters, digits and _ (at most %d)",
				CAT_CODE_MAX);
	return FQ_OK;
}

static fq_status check_text(const char *s, const char *field, size_t min, size_t max,
			    fq_err *err)
{
	size_t len = s ? strlen(s) : 0;
	size_t chars = s ? utf8_char_count(s, len) : 0;
	if ((s && !utf8_valid(s, len, NULL)) || chars < min || chars > max)
		return fq_failr(err, FQ_EINVAL, field, "field.length",
				"must be %zu to %zu characters", min, max);
	return FQ_OK;
}

fq_status catalogue_check(const char *code, const char *name, const char *name_en,
			  const char *icon, int start_level, int priority,
			  const sla_limits *limits, fq_err *err)
{
	fq_status st = code ? check_code(code, err) : FQ_OK;
	if (st == FQ_OK)
		st = check_text(name, "name", 1, CAT_NAME_MAX, err);
	if (st == FQ_OK)
		st = check_text(name_en, "name_en", 0, CAT_NAME_EN_MAX, err);
	if (st == FQ_OK)
		st = check_text(icon, "icon", 0, CAT_ICON_MAX, err);
	if (st != FQ_OK)
		return st;
	if (!ladder_level_valid(start_level))
		return fq_failr(err, FQ_EINVAL, "start_level", "category.start_level_range",
				"must be 1 to %d", LADDER_LEVEL_MAX);
	if (priority < CAT_PRIORITY_URGENT || priority > CAT_PRIORITY_LOW)
		return fq_failr(err, FQ_EINVAL, "priority", "category.priority_range",
				"must be %d (urgent) to %d (low)",
				CAT_PRIORITY_URGENT, CAT_PRIORITY_LOW);
	return sla_limits_valid(limits, "limits", err);
}

/* ---- danger calls -------------------------------------------------------- */

/* 3..CAT_CALL_NUMBER_MAX digits, a '-' only between digits. */
static int number_ok(const char *s, size_t len)
{
	size_t digits = 0;
	if (len > CAT_CALL_NUMBER_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] != '-' || i == 0 || i + 1 == len || s[i - 1] == '-')
			return 0;
	}
	return digits >= CAT_CALL_NUMBER_MIN;
}

static fq_status bad_number(int i, fq_err *err)
{
	char field[FQ_ERR_FIELD_MAX];
	snprintf(field, sizeof field, "danger_calls[%d].number", i);
	return fq_failr(err, FQ_EINVAL, field, "category.call_number",
			"a number is %d to %d digits, a '-' between digits allowed",
			CAT_CALL_NUMBER_MIN, CAT_CALL_NUMBER_MAX);
}

static fq_status bad_label(int i, fq_err *err)
{
	char field[FQ_ERR_FIELD_MAX];
	snprintf(field, sizeof field, "danger_calls[%d].label", i);
	return fq_failr(err, FQ_EINVAL, field, "category.call_label",
			"a label is one line of 1 to %d characters",
			CAT_CALL_LABEL_MAX);
}

fq_status catalogue_call_check(const char *number, const char *label, int i, fq_err *err)
{
	size_t llen = label ? strlen(label) : 0, a = 0, b = 0;
	if (!number || !number_ok(number, strlen(number)))
		return bad_number(i, err);
	if (utf8_text_check(label ? label : "", llen, UTF8_TEXT_LINE, &a, &b) != UTF8_TEXT_OK ||
	    a != 0 || b != llen || utf8_char_count(label, llen) > CAT_CALL_LABEL_MAX)
		return bad_label(i, err);
	return FQ_OK;
}

/* One stored line "number label" (len bytes at s) into *out, checked as
 * call i. */
static fq_status parse_call(const char *s, size_t len, int i, cat_call *out, fq_err *err)
{
	const char *sp = memchr(s, ' ', len);
	size_t nlen = sp ? (size_t)(sp - s) : len;
	const char *label = sp ? sp + 1 : s + len;
	size_t llen = (size_t)(s + len - label);
	if (nlen >= sizeof out->number)
		return bad_number(i, err);
	if (llen >= sizeof out->label)
		return bad_label(i, err);
	memcpy(out->number, s, nlen);
	out->number[nlen] = '\0';
	memcpy(out->label, label, llen);
	out->label[llen] = '\0';
	return catalogue_call_check(out->number, out->label, i, err);
}

fq_status catalogue_calls_parse(const char *text, cat_call out[CAT_CALLS_MAX], size_t *n,
				fq_err *err)
{
	size_t len = text ? strlen(text) : 0, k = 0;
	if (len > CAT_CALLS_TEXT_MAX)
		return fq_failr(err, FQ_EINVAL, "danger_calls", "category.calls_bytes",
				"at most %d bytes",
				CAT_CALLS_TEXT_MAX);
	cat_call calls[CAT_CALLS_MAX];
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t line = nl ? (size_t)(nl - p) : strlen(p);
		if (k == CAT_CALLS_MAX)
			return fq_failr(err, FQ_EINVAL, "danger_calls", "category.calls_max",
					"at most %d numbers",
					CAT_CALLS_MAX);
		fq_status st = parse_call(p, line, (int)k + 1, &calls[k], err);
		if (st != FQ_OK)
			return st;
		k++;
		p = nl ? nl + 1 : p + line;
	}
	memcpy(out, calls, k * sizeof calls[0]);
	*n = k;
	return FQ_OK;
}

fq_status catalogue_check_danger(int danger, const char *calls, fq_err *err)
{
	cat_call parsed[CAT_CALLS_MAX];
	size_t n = 0;
	fq_status st = catalogue_calls_parse(calls, parsed, &n, err);
	if (st == FQ_OK && danger && n == 0)
		st = fq_failr(err, FQ_EINVAL, "danger_calls", "category.danger_needs_call",
			      "a danger category needs at least one number to call");
	return st;
}
