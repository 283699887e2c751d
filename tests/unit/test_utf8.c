/*
 * test_utf8.c - unit tests for src/core/utf8.c: the boundaries of Unicode
 * Table 3-7 (overlongs, surrogates, U+10FFFF), truncation, error offsets and
 * code-point counting of Chinese text, and the rule for human-entered text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"

/* A byte string with explicit length (literals may contain NUL). */
#define BYTES(lit) (lit), (sizeof(lit) - 1)

static void test_valid_ascii_and_empty(void **state)
{
	(void)state;
	assert_true(utf8_valid(BYTES(""), NULL));
	assert_true(utf8_valid(BYTES("hello, world"), NULL));
	assert_true(utf8_valid(BYTES("a\0b"), NULL));
}

static void test_valid_multibyte(void **state)
{
	(void)state;
	assert_true(utf8_valid(BYTES("枫桥经验"), NULL));
	assert_true(utf8_valid(BYTES("\xC2\x80"), NULL));         /* U+0080 */
	assert_true(utf8_valid(BYTES("\xDF\xBF"), NULL));         /* U+07FF */
	assert_true(utf8_valid(BYTES("\xE0\xA0\x80"), NULL));     /* U+0800 */
	assert_true(utf8_valid(BYTES("\xED\x9F\xBF"), NULL));     /* U+D7FF */
	assert_true(utf8_valid(BYTES("\xEE\x80\x80"), NULL));     /* U+E000 */
	assert_true(utf8_valid(BYTES("\xEF\xBF\xBF"), NULL));     /* U+FFFF */
	assert_true(utf8_valid(BYTES("\xF0\x90\x80\x80"), NULL)); /* U+10000 */
	assert_true(utf8_valid(BYTES("\xF4\x8F\xBF\xBF"), NULL)); /* U+10FFFF */
	assert_true(utf8_valid(BYTES("𠀀"), NULL)); /* CJK Ext. B */
}

static void expect_bad(const char *s, size_t len, size_t offset)
{
	size_t bad = 999;
	assert_false(utf8_valid(s, len, &bad));
	assert_int_equal(bad, offset);
	assert_false(utf8_valid(s, len, NULL));
}

static void test_overlongs_rejected(void **state)
{
	(void)state;
	expect_bad(BYTES("\xC0\xAF"), 0);
	expect_bad(BYTES("\xC1\xBF"), 0);
	expect_bad(BYTES("ab\xE0\x80\xAF"), 2);
	expect_bad(BYTES("\xE0\x9F\xBF"), 0);
	expect_bad(BYTES("\xF0\x80\x80\xAF"), 0);
	expect_bad(BYTES("\xF0\x8F\xBF\xBF"), 0);
}

static void test_surrogates_rejected(void **state)
{
	(void)state;
	expect_bad(BYTES("\xED\xA0\x80"), 0); /* U+D800 */
	expect_bad(BYTES("x\xED\xBF\xBF"), 1); /* U+DFFF */
	expect_bad(BYTES("\xED\xA0\xBD\xED\xB8\x80"), 0); /* CESU pair */
}

static void test_above_max_rejected(void **state)
{
	(void)state;
	expect_bad(BYTES("\xF4\x90\x80\x80"), 0); /* U+110000 */
	expect_bad(BYTES("\xF5\x80\x80\x80"), 0);
	expect_bad(BYTES("\xF8\x88\x80\x80\x80"), 0);
	expect_bad(BYTES("\xFF"), 0);
	expect_bad(BYTES("\xFE"), 0);
}

static void test_truncated_and_stray(void **state)
{
	(void)state;
	expect_bad(BYTES("枫\xE6\xA1"), 3); /* 桥 cut short */
	expect_bad(BYTES("\xF0\x9F\x98"), 0);
	expect_bad(BYTES("ok\x80"), 2);     /* stray continuation */
	expect_bad(BYTES("\xE6\x9E\x41"), 0); /* ASCII inside sequence */
	expect_bad(BYTES("\xC3"), 0);
	/* GBK bytes for 张三 are not UTF-8 */
	expect_bad(BYTES("\xD5\xC5\xC8\xFD"), 0);
}

static void test_decode(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(utf8_decode(BYTES("A"), &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode(BYTES("桥"), &cp), 3);
	assert_int_equal(cp, 0x6865);
	assert_int_equal(utf8_decode(BYTES("\xF4\x8F\xBF\xBF"), &cp), 4);
	assert_int_equal(cp, UTF8_CP_MAX);
	cp = 7;
	assert_int_equal(utf8_decode(BYTES("\xED\xA0\x80"), &cp), 0);
	assert_int_equal(cp, 7);
	assert_int_equal(utf8_decode("x", 0, &cp), 0);
	/* length bound respected even when more bytes follow in memory */
	assert_int_equal(utf8_decode("桥", 2, &cp), 0);
	assert_int_equal(cp, 7);
}

static void test_char_count(void **state)
{
	(void)state;
	assert_int_equal(utf8_char_count(BYTES("")), 0);
	assert_int_equal(utf8_char_count(BYTES("abc")), 3);
	assert_int_equal(utf8_char_count(BYTES("张三")), 2);
	assert_int_equal(utf8_char_count(BYTES("欧阳娜娜 Nana")), 9);
	assert_int_equal(utf8_char_count(BYTES("𠀀x")), 2);
	/* a 64-character limit counts 64 Chinese characters, not 64 bytes */
	char buf[64 * 3];
	for (size_t i = 0; i < sizeof buf; i += 3)
		memcpy(buf + i, "桥", 3);
	assert_int_equal(utf8_char_count(buf, sizeof buf), 64);
}

/* Every scalar value encodes to what utf8_decode reads back, at the
 * length of its range; surrogates and values above U+10FFFF encode to
 * nothing. */
static void test_encode(void **state)
{
	(void)state;
	static const struct { uint32_t cp; size_t len; } cases[] = {
		{0x0, 1}, {0x7F, 1}, {0x80, 2}, {0x7FF, 2}, {0x800, 3}, {0xD7FF, 3},
		{0xE000, 3}, {0xFFFF, 3}, {0x10000, 4}, {0xF0000, 4}, {0x10FFFF, 4},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char out[UTF8_SEQ_MAX];
		uint32_t back = 0xFFFFFFFFu;
		assert_int_equal(utf8_encode(cases[i].cp, out), cases[i].len);
		assert_int_equal(utf8_decode(out, cases[i].len, &back), cases[i].len);
		assert_int_equal(back, cases[i].cp);
	}
	char out[UTF8_SEQ_MAX];
	assert_int_equal(utf8_encode(0xD800, out), 0);
	assert_int_equal(utf8_encode(0xDFFF, out), 0);
	assert_int_equal(utf8_encode(0x110000, out), 0);
	assert_int_equal(utf8_encode(0x4E2D, out), 3); /* 中 */
	assert_memory_equal(out, "\xE4\xB8\xAD", 3);
}

/* The trimmed span utf8_text_check leaves, as a string to compare. */
static utf8_text_fault text(const char *s, utf8_text_kind kind, char *out, size_t cap)
{
	size_t start = 99, end = 99;
	utf8_text_fault f = utf8_text_check(s, strlen(s), kind, &start, &end);
	if (f == UTF8_TEXT_OK || f == UTF8_TEXT_BLANK) {
		assert_true(start <= end && end - start < cap);
		memcpy(out, s + start, end - start);
		out[end - start] = '\0';
	}
	return f;
}

static void test_text_line(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(text("路灯不亮", UTF8_TEXT_LINE, out, sizeof out), UTF8_TEXT_OK);
	assert_string_equal(out, "路灯不亮");
	/* trimmed of spaces, ideographic spaces, NBSP, ZWSP and BOM at both ends */
	assert_int_equal(text(" \u3000\u200b路灯 不亮\u00a0\ufeff ", UTF8_TEXT_LINE, out,
			      sizeof out),
			 UTF8_TEXT_OK);
	assert_string_equal(out, "路灯 不亮");
	/* a joiner inside an emoji sequence stays */
	assert_int_equal(text("a\u200db", UTF8_TEXT_LINE, out, sizeof out), UTF8_TEXT_OK);
	assert_string_equal(out, "a\u200db");
}

static void test_text_blank(void **state)
{
	(void)state;
	char out[64];
	const char *blank[] = {"", "   ", "\u200b\u200b\u200b", "\u3000\u00a0", "\ufeff\u2060",
			       "\u202e"};
	for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
		assert_int_equal(text(blank[i], UTF8_TEXT_LINE, out, sizeof out), UTF8_TEXT_BLANK);
		assert_string_equal(out, "");
	}
	assert_int_equal(text("\n \n", UTF8_TEXT_LINES, out, sizeof out), UTF8_TEXT_BLANK);
}

static void test_text_controls(void **state)
{
	(void)state;
	char out[64];
	const char *bad_line[] = {"a\rb", "a\tb", "a\nb", "\t", "a\x7f", "a\xC2\x85" "b", "a\u2028b",
				  "a\x01", "a\u2029"};
	for (size_t i = 0; i < sizeof bad_line / sizeof bad_line[0]; i++)
		assert_int_equal(text(bad_line[i], UTF8_TEXT_LINE, out, sizeof out),
				 UTF8_TEXT_CONTROL);
	assert_int_equal(text("one\ntwo\n", UTF8_TEXT_LINES, out, sizeof out), UTF8_TEXT_OK);
	assert_string_equal(out, "one\ntwo");
	assert_int_equal(text("one\r\ntwo", UTF8_TEXT_LINES, out, sizeof out), UTF8_TEXT_CONTROL);
	assert_int_equal(text("one\ttwo", UTF8_TEXT_LINES, out, sizeof out), UTF8_TEXT_CONTROL);
	size_t start, end;
	assert_int_equal(utf8_text_check(BYTES("a\0b"), UTF8_TEXT_LINES, &start, &end),
			 UTF8_TEXT_CONTROL);
	assert_int_equal(utf8_text_check(BYTES("a\xC0\xAF"), UTF8_TEXT_LINE, &start, &end),
			 UTF8_TEXT_INVALID);
}

static void test_char_classes(void **state)
{
	(void)state;
	assert_true(utf8_is_control(0x00) && utf8_is_control(0x1F) && utf8_is_control(0x7F));
	assert_true(utf8_is_control(0x9F) && !utf8_is_control(0xA0) && !utf8_is_control(' '));
	assert_true(utf8_is_space(' ') && utf8_is_space(0x3000) && utf8_is_space(0x2000));
	assert_true(utf8_is_space(0x200A) && !utf8_is_space(0x200B) && !utf8_is_space('\t'));
	assert_true(utf8_is_format(0x200B) && utf8_is_format(0xFEFF) && utf8_is_format(0xE007F));
	assert_true(utf8_is_format(0x00AD) && !utf8_is_format(0x4E2D) && !utf8_is_format(0x2065));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_ascii_and_empty),
		cmocka_unit_test(test_valid_multibyte),
		cmocka_unit_test(test_overlongs_rejected),
		cmocka_unit_test(test_surrogates_rejected),
		cmocka_unit_test(test_above_max_rejected),
		cmocka_unit_test(test_truncated_and_stray),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_char_count),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_text_line),
		cmocka_unit_test(test_text_blank),
		cmocka_unit_test(test_text_controls),
		cmocka_unit_test(test_char_classes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
