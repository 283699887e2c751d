/*
 * load.c - the import rules of load.h: one table of unit kinds with their
 * labels and allowed parents, one of leader kinds, and the cell parsers.
 */
#include "domain/load.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "domain/person.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* UTF-8 of the ideographic space U+3000, which Chinese input methods
 * leave around cells. */
#define IDEO_SPACE "\xe3\x80\x80"
#define IDEO_SPACE_LEN 3

/* Most spellings one kind is accepted under. */
#define SPELLINGS_MAX 4

/* Digits of a mainland mobile number. */
#define MOBILE_LEN 11

struct unit_kind {
	const char *name;                     /* wire name */
	const char *label;                    /* Chinese label */
	const char *spellings[SPELLINGS_MAX]; /* also accepted, NULL-ended */
	const char *parents[2];               /* allowed parent kinds */
	const char *parents_text;             /* the same, in words */
};

static const struct unit_kind unit_kinds[] = {
	{"street", "街道", {"街道办事处", "乡镇", NULL}, {NULL, NULL},
	 "nothing (a street is the top of the tree)"},
	{"community", "社区", {"居委会", "社区居委会", NULL}, {"street", NULL}, "a street"},
	{"village", "村", {"行政村", "村委会", NULL}, {"street", NULL}, "a street"},
	{"grid", "网格", {NULL}, {"community", "village"}, "a community or village"},
	{"building", "楼栋", {"楼栋/组", "村民小组", "组", NULL}, {"grid", NULL}, "a grid"},
	{"department", "部门", {"职能部门", NULL}, {"street", NULL}, "a street"},
};

struct leader_kind {
	const char *name;      /* wire name */
	const char *label;     /* Chinese label */
	const char *alias;     /* another accepted spelling */
	const char *unit_kind; /* the unit the leader is bound to */
};

static const struct leader_kind leader_kinds[] = {
	{"neighbour", "邻长", "neighbor", "grid"},
	{"building", "楼栋长", "building_leader", "building"},
	{"entrance", "单元长", "entrance_leader", "building"},
};

static const char *const relations[] = {
	"户主", "配偶", "子女", "父母", "孙子女", "祖父母", "兄弟姐妹", "儿媳", "女婿", "其他",
};

static const struct unit_kind *find_unit_kind(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(unit_kinds); i++)
		if (strcmp(unit_kinds[i].name, name) == 0)
			return &unit_kinds[i];
	return NULL;
}

const char *load_unit_kind_parse(const char *text)
{
	for (size_t i = 0; text && i < ARRAY_LEN(unit_kinds); i++) {
		const struct unit_kind *k = &unit_kinds[i];
		if (strcasecmp(text, k->name) == 0 || strcmp(text, k->label) == 0)
			return k->name;
		for (size_t j = 0; j < SPELLINGS_MAX && k->spellings[j]; j++)
			if (strcmp(text, k->spellings[j]) == 0)
				return k->name;
	}
	return NULL;
}

const char *load_unit_kind_label(const char *kind)
{
	const struct unit_kind *k = find_unit_kind(kind);
	return k ? k->label : kind;
}

bool load_unit_nests(const char *parent, const char *child)
{
	const struct unit_kind *k = find_unit_kind(child);
	if (!k)
		return false;
	if (!parent)
		return k->parents[0] == NULL;
	for (size_t i = 0; i < ARRAY_LEN(k->parents); i++)
		if (k->parents[i] && strcmp(k->parents[i], parent) == 0)
			return true;
	return false;
}

const char *load_unit_parents_text(const char *kind)
{
	const struct unit_kind *k = find_unit_kind(kind);
	return k ? k->parents_text : "?";
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

fq_status load_plain_code_valid(const char *code, const char *field, fq_err *err)
{
	size_t n = code ? strlen(code) : 0;
	if (n == 0)
		return fq_fail(err, FQ_EINVAL, field, "required");
	if (n > LOAD_CODE_MAX)
		return fq_fail(err, FQ_EINVAL, field, "longer than %d characters", LOAD_CODE_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)code[i];
		if (!isalnum(ch) && ch != '-' && ch != '_')
			return fq_fail(err, FQ_EINVAL, field,
				       "may hold only letters, digits, '-' and '_'");
	}
	return FQ_OK;
}

fq_status load_code_valid(const char *kind, const char *code, const char *parent_code,
			  fq_err *err)
{
	fq_status st = load_plain_code_valid(code, "code", err);
	if (st != FQ_OK || !kind || strcmp(kind, "grid") != 0)
		return st;
	size_t n = strlen(code);
	if (n != LOAD_GRID_CODE_LEN || !all_digits(code, n))
		return fq_fail(err, FQ_EINVAL, "code",
			       "a grid code is %d digits (6 division + 3 street + 3 community + 3 "
			       "grid)",
			       LOAD_GRID_CODE_LEN);
	if (parent_code && strlen(parent_code) == LOAD_COMMUNITY_CODE_LEN &&
	    all_digits(parent_code, LOAD_COMMUNITY_CODE_LEN) &&
	    strncmp(code, parent_code, LOAD_COMMUNITY_CODE_LEN) != 0)
		return fq_fail(err, FQ_EINVAL, "code",
			       "a grid code must start with its community's code %s", parent_code);
	return FQ_OK;
}

fq_status load_text_valid(const char *text, size_t max, bool optional, const char *field,
			  fq_err *err)
{
	size_t n = text ? strlen(text) : 0;
	if (n == 0)
		return optional ? FQ_OK : fq_fail(err, FQ_EINVAL, field, "required");
	if (!utf8_valid(text, n, NULL))
		return fq_fail(err, FQ_EINVAL, field, "not valid UTF-8");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
			return fq_fail(err, FQ_EINVAL, field, "contains a control character");
	if (utf8_char_count(text, n) > max)
		return fq_fail(err, FQ_EINVAL, field, "longer than %zu characters", max);
	return FQ_OK;
}

static const struct leader_kind *find_leader_kind(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(leader_kinds); i++)
		if (strcmp(leader_kinds[i].name, name) == 0)
			return &leader_kinds[i];
	return NULL;
}

const char *load_leader_kind_parse(const char *text)
{
	for (size_t i = 0; text && i < ARRAY_LEN(leader_kinds); i++) {
		const struct leader_kind *k = &leader_kinds[i];
		if (strcasecmp(text, k->name) == 0 || strcmp(text, k->label) == 0 ||
		    strcasecmp(text, k->alias) == 0)
			return k->name;
	}
	return NULL;
}

const char *load_leader_kind_label(const char *kind)
{
	const struct leader_kind *k = find_leader_kind(kind);
	return k ? k->label : kind;
}

const char *load_leader_unit_kind(const char *leader_kind)
{
	const struct leader_kind *k = find_leader_kind(leader_kind);
	return k ? k->unit_kind : NULL;
}

const char *load_gender_parse(const char *text)
{
	if (!text)
		return NULL;
	if (strcmp(text, "男") == 0 || strcasecmp(text, "M") == 0 || strcasecmp(text, "male") == 0)
		return "M";
	if (strcmp(text, "女") == 0 || strcasecmp(text, "F") == 0 ||
	    strcasecmp(text, "female") == 0)
		return "F";
	return NULL;
}

const char *load_gender_label(const char *gender)
{
	if (!gender)
		return "";
	if (strcmp(gender, "M") == 0)
		return "男";
	if (strcmp(gender, "F") == 0)
		return "女";
	return gender;
}

bool load_relation_valid(const char *text)
{
	for (size_t i = 0; text && i < ARRAY_LEN(relations); i++)
		if (strcmp(text, relations[i]) == 0)
			return true;
	return false;
}

void load_id_facts(const char *id, int *birth_year, const char **gender)
{
	*birth_year = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 +
		      (id[9] - '0');
	*gender = (id[16] - '0') % 2 ? "M" : "F";
}

fq_status load_int_parse(const char *text, long lo, long hi, const char *field, long *out,
			 fq_err *err)
{
	if (!text || !*text)
		return fq_fail(err, FQ_EINVAL, field, "required");
	char *end = NULL;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno != 0 || *end != '\0' || isspace((unsigned char)text[0]))
		return fq_fail(err, FQ_EINVAL, field, "not a whole number");
	if (v < lo || v > hi)
		return fq_fail(err, FQ_EINVAL, field, "must be between %ld and %ld", lo, hi);
	*out = v;
	return FQ_OK;
}

fq_status load_coord_parse(const char *text, double lo, double hi, const char *field,
			   double *out, fq_err *err)
{
	if (!text || !*text)
		return fq_fail(err, FQ_EINVAL, field, "required");
	char *end = NULL;
	errno = 0;
	double v = strtod(text, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || isspace((unsigned char)text[0]))
		return fq_fail(err, FQ_EINVAL, field, "not a decimal number");
	if (v < lo || v > hi)
		return fq_fail(err, FQ_EINVAL, field, "must be between %g and %g", lo, hi);
	*out = v;
	return FQ_OK;
}

/* Skip a country prefix in front of an 11-digit mobile number. */
static const char *skip_country(const char *s)
{
	static const char *const prefixes[] = {"+86", "0086", "86"};
	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(s, prefixes[i], n) == 0 && strlen(s + n) == MOBILE_LEN &&
		    s[n] == '1')
			return s + n;
	}
	return s;
}

fq_status load_phone_normalize(const char *text, char out[LOAD_PHONE_SIZE], fq_err *err)
{
	char packed[LOAD_PHONE_SIZE];
	size_t n = 0;
	for (const char *p = text ? text : ""; *p; p++) {
		if (*p == ' ')
			continue;
		if (n + 1 >= sizeof packed)
			return fq_fail(err, FQ_EINVAL, "phone", "too long for a phone number");
		packed[n++] = *p;
	}
	packed[n] = '\0';
	const char *number = skip_country(packed);
	fq_status st = person_phone_valid(number, err);
	if (st != FQ_OK)
		return st;
	memmove(out, number, strlen(number) + 1);
	return FQ_OK;
}

/* Length of the separator at s, or 0 when s does not start with one. */
static size_t separator_len(const char *s)
{
	static const char *const wide[] = {"；", "、", "，", IDEO_SPACE};
	if (strchr(";/, \t\r\n", *s) && *s)
		return 1;
	for (size_t i = 0; i < ARRAY_LEN(wide); i++)
		if (strncmp(s, wide[i], strlen(wide[i])) == 0)
			return strlen(wide[i]);
	return 0;
}

int load_split_codes(const char *text, int (*fn)(void *arg, const char *code, bool too_long),
		     void *arg)
{
	char item[LOAD_CODE_MAX + 1];
	const char *p = text ? text : "";
	while (*p) {
		size_t sep = separator_len(p);
		if (sep) {
			p += sep;
			continue;
		}
		size_t n = 0;
		while (p[n] && !separator_len(p + n))
			n++;
		bool too_long = n > LOAD_CODE_MAX;
		size_t keep = too_long ? LOAD_CODE_MAX : n;
		memcpy(item, p, keep);
		item[keep] = '\0';
		int rc = fn(arg, item, too_long);
		if (rc)
			return rc;
		p += n;
	}
	return 0;
}

char *load_trim(char *s)
{
	size_t n = strlen(s);
	size_t start = 0;
	for (;;) {
		if (start < n && isspace((unsigned char)s[start]))
			start++;
		else if (n - start >= IDEO_SPACE_LEN &&
			 memcmp(s + start, IDEO_SPACE, IDEO_SPACE_LEN) == 0)
			start += IDEO_SPACE_LEN;
		else
			break;
	}
	for (;;) {
		if (n > start && isspace((unsigned char)s[n - 1]))
			n--;
		else if (n - start >= IDEO_SPACE_LEN &&
			 memcmp(s + n - IDEO_SPACE_LEN, IDEO_SPACE, IDEO_SPACE_LEN) == 0)
			n -= IDEO_SPACE_LEN;
		else
			break;
	}
	memmove(s, s + start, n - start);
	s[n - start] = '\0';
	return s;
}
