/*
 * person.c - resident ID and phone validation (GB 11643-1999 check
 * character, calendar-checked birth date) and the maskers that hide
 * personal data from roles that do not need it.
 */
#include "domain/person.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/utf8.h"

/* Field names reported in fq_err. */
#define ID_FIELD "id_number"
#define PHONE_FIELD "phone"

/* Layout of the 18 characters: region, birth date, sequence, check. */
#define ID_BODY_LEN 17
#define ID_BIRTH_OFF 6
#define ID_BIRTH_LEN 8

/* ISO 7064 MOD 11-2 as GB 11643 states it: weights 2^(17-i) mod 11. */
#define ID_CHECK_MOD 11
static const int id_weights[ID_BODY_LEN] = {7, 9, 10, 5, 8, 4, 2, 1, 6,
					    3, 7, 9, 10, 5, 8, 4, 2};
static const char id_check_chars[ID_CHECK_MOD + 1] = "10X98765432";

/* Province-level codes of GB/T 2260 (the first two digits). */
static const int id_provinces[] = {
	11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
	41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64,
	65, 71, 81, 82, 83,
};

/* First digit of the 2023 foreigners' permanent residence ID number. */
#define ID_FOREIGNER_LEAD '9'

/* China Standard Time, for "not born in the future". */
#define CST_OFFSET_SECONDS (8 * 3600)

/* Mobile numbers: 11 digits, 1 then 3..9. */
#define MOBILE_LEN 11

/* Landlines: area code 0 + 2..3 digits, local 7..8, extension 1..6. */
#define AREA_DIGITS_MIN 3
#define AREA_DIGITS_MAX 4
#define LOCAL_DIGITS_MIN 7
#define LOCAL_DIGITS_MAX 8
#define EXT_DIGITS_MIN 1
#define EXT_DIGITS_MAX 6

/* Replacement for each hidden character. */
#define MASK_CHAR '*'

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Number of consecutive ASCII digits at s. */
static size_t digit_run(const char *s)
{
	size_t n = 0;
	while (is_digit(s[n]))
		n++;
	return n;
}

/* Decimal value of n digits at s. */
static int digits_value(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool province_known(const char *id)
{
	if (id[0] == ID_FOREIGNER_LEAD)
		return true;
	int code = digits_value(id, 2);
	for (size_t i = 0; i < sizeof id_provinces / sizeof id_provinces[0]; i++)
		if (id_provinces[i] == code)
			return true;
	return false;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Today in China as YYYYMMDD. */
static long today_cst(void)
{
	time_t now = time(NULL) + CST_OFFSET_SECONDS;
	struct tm tm;
	if (!gmtime_r(&now, &tm))
		return 99991231L;
	return (tm.tm_year + 1900L) * 10000 + (tm.tm_mon + 1) * 100 +
	       tm.tm_mday;
}

/* Whether the 8 digits at s are a birth date this system accepts. */
static bool birth_date_ok(const char *s)
{
	int y = digits_value(s, 4);
	int m = digits_value(s + 4, 2);
	int d = digits_value(s + 6, 2);

	if (y < PERSON_ID_YEAR_MIN || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return false;
	return digits_value(s, ID_BIRTH_LEN) <= today_cst();
}

static char id_check_char(const char *id)
{
	int sum = 0;
	for (int i = 0; i < ID_BODY_LEN; i++)
		sum += (id[i] - '0') * id_weights[i];
	return id_check_chars[sum % ID_CHECK_MOD];
}

fq_status person_id_normalize(const char *id, char out[PERSON_ID_LEN + 1],
			      fq_err *err)
{
	if (!id || id[0] == '\0')
		return fq_failr(err, FQ_EINVAL, ID_FIELD, "field.required", "is required");
	if (strlen(id) != PERSON_ID_LEN)
		return fq_failr(err, FQ_EINVAL, ID_FIELD, "person.id_length",
				"must be %d characters", PERSON_ID_LEN);
	char last = id[ID_BODY_LEN] == 'x' ? 'X' : id[ID_BODY_LEN];
	if (digit_run(id) < ID_BODY_LEN || (!is_digit(last) && last != 'X'))
		return fq_failr(err, FQ_EINVAL, ID_FIELD, "person.id_format",
				"must be 17 digits followed by a digit or X");
	if (!province_known(id))
		return fq_failr(err, FQ_EINVAL, ID_FIELD, "person.id_province",
				"does not start with a known province code");
	if (!birth_date_ok(id + ID_BIRTH_OFF))
		return fq_failr(err, FQ_EINVAL, ID_FIELD, "person.id_birth_date",
				"digits 7-14 are not a valid birth date");
	if (id_check_char(id) != last)
		return fq_failr(err, FQ_EINVAL, ID_FIELD, "person.id_check",
				"check character does not match; a digit may be mistyped");
	memcpy(out, id, ID_BODY_LEN);
	out[ID_BODY_LEN] = last;
	out[PERSON_ID_LEN] = '\0';
	return FQ_OK;
}

fq_status person_id_valid(const char *id, fq_err *err)
{
	char canon[PERSON_ID_LEN + 1];
	return person_id_normalize(id, canon, err);
}

static bool is_mobile(const char *s)
{
	return s[0] == '1' && s[1] >= '3' && s[1] <= '9' &&
	       digit_run(s) == MOBILE_LEN && s[MOBILE_LEN] == '\0';
}

/* Whether n digits lie within [min, max]. */
static bool within(size_t n, size_t min, size_t max)
{
	return n >= min && n <= max;
}

static bool is_landline(const char *s)
{
	size_t area = digit_run(s);
	if (s[0] != '0' || s[1] == '0' ||
	    !within(area, AREA_DIGITS_MIN, AREA_DIGITS_MAX) || s[area] != '-')
		return false;
	const char *local = s + area + 1;
	size_t n = digit_run(local);
	if (!within(n, LOCAL_DIGITS_MIN, LOCAL_DIGITS_MAX) || local[0] < '2')
		return false;
	const char *rest = local + n;
	if (rest[0] == '\0')
		return true;
	size_t ext = rest[0] == '-' ? digit_run(rest + 1) : 0;
	return within(ext, EXT_DIGITS_MIN, EXT_DIGITS_MAX) &&
	       rest[1 + ext] == '\0';
}

fq_status person_phone_valid(const char *phone, fq_err *err)
{
	if (!phone || phone[0] == '\0')
		return fq_failr(err, FQ_EINVAL, PHONE_FIELD, "field.required", "is required");
	if (is_mobile(phone) || is_landline(phone))
		return FQ_OK;
	return fq_failr(err, FQ_EINVAL, PHONE_FIELD, "person.phone_invalid",
			"must be an 11-digit mobile number or a landline like 0731-83123456");
}

/* A bounded output buffer that notices overflow instead of writing past. */
typedef struct sink {
	char *p;       /* caller's buffer */
	size_t size;   /* its size in bytes */
	size_t len;    /* bytes written, excluding the NUL */
	bool overflow; /* something did not fit */
} sink;

static void sink_put(sink *s, const char *bytes, size_t n)
{
	if (s->overflow || s->size == 0 || n >= s->size - s->len) {
		s->overflow = true;
		return;
	}
	memcpy(s->p + s->len, bytes, n);
	s->len += n;
}

static void sink_mask(sink *s)
{
	static const char star = MASK_CHAR;
	sink_put(s, &star, 1);
}

/* NUL-terminate, or on overflow leave "" and report FQ_ETOOBIG. */
static fq_status sink_finish(sink *s)
{
	if (s->overflow || s->size == 0) {
		if (s->size > 0)
			s->p[0] = '\0';
		return FQ_ETOOBIG;
	}
	s->p[s->len] = '\0';
	return FQ_OK;
}

/* Bytes of the character at s (len bytes left); an ill-formed byte counts
 * as one character of one byte. Stores the code point, or UINT32_MAX. */
static size_t char_at(const char *s, size_t len, uint32_t *cp)
{
	size_t n = utf8_decode(s, len, cp);
	if (n > 0)
		return n;
	*cp = UINT32_MAX;
	return 1;
}

static size_t count_chars(const char *s, size_t len)
{
	size_t count = 0;
	uint32_t cp;
	for (size_t i = 0; i < len; i += char_at(s + i, len - i, &cp))
		count++;
	return count;
}

/* Keep head characters in front and tail behind, '*' for each between;
 * everything becomes '*' when fewer than min_hidden would be hidden. */
static fq_status mask_middle(const char *s, size_t head, size_t tail,
			     size_t min_hidden, char *out, size_t out_size)
{
	sink o = {.p = out, .size = out_size};
	size_t len = strlen(s);
	size_t n = count_chars(s, len);
	uint32_t cp;

	if (n < head + tail + min_hidden)
		head = tail = 0;
	for (size_t i = 0, k = 0; i < len; k++) {
		size_t cl = char_at(s + i, len - i, &cp);
		if (k < head || k >= n - tail)
			sink_put(&o, s + i, cl);
		else
			sink_mask(&o);
		i += cl;
	}
	return sink_finish(&o);
}

fq_status person_mask_phone(const char *phone, char *out, size_t out_size)
{
	return mask_middle(phone, PERSON_MASK_PHONE_HEAD, PERSON_MASK_PHONE_TAIL,
			   PERSON_MASK_MIN_HIDDEN, out, out_size);
}

fq_status person_mask_id(const char *id, char *out, size_t out_size)
{
	return mask_middle(id, PERSON_MASK_ID_HEAD, PERSON_MASK_ID_TAIL,
			   PERSON_MASK_MIN_HIDDEN, out, out_size);
}

/* Common two-character compound surnames (复姓). Ambiguous pairs whose
 * first character is itself a common surname followed by a common given
 * name (单于, 第五) are left out: keeping one character too few is safer. */
static const char *const compound_surnames[] = {
	"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙",
	"慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离",
	"端木", "独孤", "南宫", "西门", "呼延", "澹台", "公冶", "太史",
	"申屠", "万俟", "闻人", "赫连", "拓跋", "东郭", "濮阳", "淳于",
	"司空", "仲孙", "亓官", "司寇", "巫马", "公西", "漆雕", "乐正",
	"壤驷", "公良", "宰父", "谷梁", "段干", "左丘", "东门", "梁丘",
};

static bool has_compound_surname(const char *name)
{
	size_t n = sizeof compound_surnames / sizeof compound_surnames[0];
	for (size_t i = 0; i < n; i++) {
		const char *cs = compound_surnames[i];
		if (strncmp(name, cs, strlen(cs)) == 0)
			return true;
	}
	return false;
}

fq_status person_mask_name(const char *name, char *out, size_t out_size)
{
	size_t n = count_chars(name, strlen(name));
	size_t keep = n > 2 && has_compound_surname(name) ? 2 : 1;
	if (n <= 1)
		keep = 0;
	return mask_middle(name, keep, 0, 1, out, out_size);
}

/* ASCII or full-width (U+FF10..U+FF19) digit. */
static bool is_any_digit(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* ASCII or full-width Latin letter. */
static bool is_any_letter(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

/* Whether the UTF-8 character cp is one of the characters in set. */
static bool cp_in(uint32_t cp, const char *set)
{
	size_t len = strlen(set);
	uint32_t c;
	for (size_t i = 0; i < len;) {
		i += char_at(set + i, len - i, &c);
		if (c == cp)
			return true;
	}
	return false;
}

/* Chinese numerals used in house numbers. */
#define CN_NUMERALS "零〇一二三四五六七八九十百"

/* Unit words that make a preceding numeral run a house number. */
#define ADDRESS_UNITS "号栋幢单室楼层组户座排弄期"

static bool is_cn_numeral(uint32_t cp)
{
	return cp_in(cp, CN_NUMERALS);
}

static bool is_maskable(uint32_t cp)
{
	return is_any_digit(cp) || is_any_letter(cp) || is_cn_numeral(cp);
}

/* Byte offset where the house number starts, or len if there is none: the
 * first run of maskable characters that holds a digit or is followed by a
 * unit word. */
static size_t house_number_start(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		size_t cl = char_at(s + i, len - i, &cp);
		if (!is_maskable(cp)) {
			i += cl;
			continue;
		}
		size_t j = i;
		bool digit = false;
		while (j < len) {
			size_t jl = char_at(s + j, len - j, &cp);
			if (!is_maskable(cp))
				break;
			digit = digit || is_any_digit(cp);
			j += jl;
		}
		if (digit || (j < len && cp_in(cp, ADDRESS_UNITS)))
			return i;
		i = j;
	}
	return len;
}

fq_status person_mask_address(const char *addr, char *out, size_t out_size)
{
	sink o = {.p = out, .size = out_size};
	size_t len = strlen(addr);
	size_t start = house_number_start(addr, len);
	uint32_t cp;

	sink_put(&o, addr, start);
	for (size_t i = start; i < len;) {
		size_t cl = char_at(addr + i, len - i, &cp);
		if (is_maskable(cp))
			sink_mask(&o);
		else
			sink_put(&o, addr + i, cl);
		i += cl;
	}
	return sink_finish(&o);
}
