/*
 * utf8.c - strict UTF-8 decoding after Unicode §3.9 Table 3-7. The second
 * byte of a sequence carries the range checks that exclude overlongs
 * (E0, F0), surrogates (ED) and code points above U+10FFFF (F4); lead bytes
 * C0, C1 and F5..FF never occur.
 */
#include "core/utf8.h"

#include <string.h>

/* Continuation bytes look like 10xxxxxx. */
#define CONT_MASK 0xC0u
#define CONT_TAG 0x80u
#define CONT_LO 0x80u
#define CONT_HI 0xBFu

static bool is_cont(unsigned char c)
{
	return (c & CONT_MASK) == CONT_TAG;
}

/* Sequence length implied by a lead byte, and the allowed range of the
 * second byte; 0 for bytes that can never lead. */
static size_t lead_info(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = CONT_LO;
	*hi = CONT_HI;
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return 2;
	if (c < 0xF0) {
		if (c == 0xE0)
			*lo = 0xA0;
		else if (c == 0xED)
			*hi = 0x9F;
		return 3;
	}
	if (c < 0xF5) {
		if (c == 0xF0)
			*lo = 0x90;
		else if (c == 0xF4)
			*hi = 0x8F;
		return 4;
	}
	return 0;
}

/* Payload bits of a lead byte for a sequence of length n. */
static uint32_t lead_bits(unsigned char c, size_t n)
{
	static const unsigned char mask[UTF8_SEQ_MAX + 1] = {0, 0x7F, 0x1F,
							     0x0F, 0x07};
	return c & mask[n];
}

size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lo, hi;

	if (len == 0)
		return 0;
	size_t n = lead_info(p[0], &lo, &hi);
	if (n == 0 || len < n)
		return 0;
	uint32_t v = lead_bits(p[0], n);
	if (n > 1) {
		if (p[1] < lo || p[1] > hi)
			return 0;
		v = (v << 6) | (p[1] & 0x3Fu);
	}
	for (size_t i = 2; i < n; i++) {
		if (!is_cont(p[i]))
			return 0;
		v = (v << 6) | (p[i] & 0x3Fu);
	}
	*cp = v;
	return n;
}

bool utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += n;
	}
	return true;
}

size_t utf8_char_count(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t count = 0;

	for (size_t i = 0; i < len; i++)
		count += !is_cont(p[i]);
	return count;
}

size_t utf8_encode(uint32_t cp, char out[UTF8_SEQ_MAX])
{
	if (cp > UTF8_CP_MAX || (cp >= 0xD800u && cp <= 0xDFFFu))
		return 0;
	if (cp < 0x80u) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800u) {
		out[0] = (char)(0xC0u | (cp >> 6));
		out[1] = (char)(0x80u | (cp & 0x3Fu));
		return 2;
	}
	if (cp < 0x10000u) {
		out[0] = (char)(0xE0u | (cp >> 12));
		out[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
		out[2] = (char)(0x80u | (cp & 0x3Fu));
		return 3;
	}
	out[0] = (char)(0xF0u | (cp >> 18));
	out[1] = (char)(0x80u | ((cp >> 12) & 0x3Fu));
	out[2] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
	out[3] = (char)(0x80u | (cp & 0x3Fu));
	return 4;
}

/* Unicode 15 general-category ranges, inclusive, in ascending order. */
typedef struct {
	uint32_t lo, hi;
} cp_range;

static const cp_range FORMAT_RANGES[] = { /* Cf */
	{0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},
	{0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x180E, 0x180E},
	{0x200B, 0x200F},   {0x202A, 0x202E},   {0x2060, 0x2064},   {0x2066, 0x206F},
	{0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
	{0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
	{0xE0020, 0xE007F},
};

static const cp_range SPACE_RANGES[] = { /* Zs */
	{0x0020, 0x0020}, {0x00A0, 0x00A0}, {0x1680, 0x1680}, {0x2000, 0x200A},
	{0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000},
};

#define CTRL_C0_LAST 0x1Fu  /* C0 controls are U+0000..U+001F */
#define CTRL_C1_FIRST 0x7Fu /* DEL and the C1 controls are U+007F..U+009F */
#define CTRL_C1_LAST 0x9Fu
#define LINE_SEPARATOR 0x2028u      /* Zl */
#define PARAGRAPH_SEPARATOR 0x2029u /* Zp */

static bool in_ranges(uint32_t cp, const cp_range *r, size_t n)
{
	for (size_t i = 0; i < n && r[i].lo <= cp; i++)
		if (cp <= r[i].hi)
			return true;
	return false;
}

bool utf8_is_control(uint32_t cp)
{
	return cp <= CTRL_C0_LAST || (cp >= CTRL_C1_FIRST && cp <= CTRL_C1_LAST);
}

bool utf8_is_space(uint32_t cp)
{
	return in_ranges(cp, SPACE_RANGES, sizeof SPACE_RANGES / sizeof SPACE_RANGES[0]);
}

bool utf8_is_format(uint32_t cp)
{
	return in_ranges(cp, FORMAT_RANGES, sizeof FORMAT_RANGES / sizeof FORMAT_RANGES[0]);
}

/* True when cp may stand in text of this kind at all. */
static bool text_allowed(uint32_t cp, utf8_text_kind kind)
{
	if (cp == '\n')
		return kind == UTF8_TEXT_LINES;
	if (cp == LINE_SEPARATOR || cp == PARAGRAPH_SEPARATOR)
		return kind == UTF8_TEXT_LINES;
	return !utf8_is_control(cp);
}

/* True when cp is trimmed from the ends of text of this kind. */
static bool text_trimmed(uint32_t cp, utf8_text_kind kind)
{
	if (cp == '\n' || cp == LINE_SEPARATOR || cp == PARAGRAPH_SEPARATOR)
		return kind == UTF8_TEXT_LINES;
	return utf8_is_space(cp) || utf8_is_format(cp);
}

utf8_text_fault utf8_text_check(const char *s, size_t len, utf8_text_kind kind, size_t *start,
				size_t *end)
{
	size_t first = len, last = len, i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return UTF8_TEXT_INVALID;
		if (!text_allowed(cp, kind))
			return UTF8_TEXT_CONTROL;
		if (!text_trimmed(cp, kind)) {
			if (first == len)
				first = i;
			last = i + n;
		}
		i += n;
	}
	if (first == len) {
		*start = *end = 0;
		return UTF8_TEXT_BLANK;
	}
	*start = first;
	*end = last;
	return UTF8_TEXT_OK;
}

bool utf8_blank(const char *s)
{
	static const char ideographic_space[] = "\xe3\x80\x80";
	while (s && *s) {
		if (strchr(" \t\r\n\v\f", *s))
			s++;
		else if (strncmp(s, ideographic_space, sizeof ideographic_space - 1) == 0)
			s += sizeof ideographic_space - 1;
		else
			return false;
	}
	return true;
}
