/*
 * test_encoding.c - unit tests for src/core/encoding.c: GBK bytes produced
 * by iconv from UTF-8 literals round-trip back, a BOM is stripped, plain
 * UTF-8 is copied, and garbage is refused with its byte offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/encoding.h"

#define BYTES(lit) (lit), (sizeof(lit) - 1)

static const char roster[] =
	"姓名,身份证号,联系电话,住址\n"
	"张三,11010519491231002X,13812341234,集里街道金沙路1号\n"
	"欧阳娜娜,430181199001011234,0731-83123456,\"枫桥小区5栋, 301室\"\n";

/* Encode UTF-8 text to GBK with iconv; caller frees. */
static char *to_gbk(const char *utf8, size_t len, size_t *out_len)
{
	iconv_t cd = iconv_open("GBK", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t cap = len * 2 + 1;
	char *res = malloc(cap);
	assert_non_null(res);
	char *ip = (char *)utf8, *op = res;
	size_t ileft = len, oleft = cap;
	assert_true(iconv(cd, &ip, &ileft, &op, &oleft) != (size_t)-1);
	iconv_close(cd);
	*out_len = (size_t)(op - res);
	return res;
}

static void test_gbk_round_trip(void **state)
{
	(void)state;
	size_t glen;
	char *gbk = to_gbk(BYTES(roster), &glen);
	assert_true(glen < sizeof roster - 1); /* GBK is 2 bytes per hanzi */
	assert_memory_equal(gbk, "\xD0\xD5\xC3\xFB", 4); /* 姓名 */
	assert_int_equal(enc_detect(gbk, glen), ENC_GBK);

	char *out = NULL;
	size_t out_len = 0;
	enc_kind kind = ENC_UTF8;
	fq_err err = {0};
	assert_int_equal(enc_to_utf8(gbk, glen, &out, &out_len, &kind, &err),
			 FQ_OK);
	assert_int_equal(kind, ENC_GBK);
	assert_string_equal(enc_kind_name(kind), "gbk");
	assert_int_equal(out_len, sizeof roster - 1);
	assert_string_equal(out, roster);
	free(out);
	free(gbk);
}

static void test_gb18030_four_byte(void **state)
{
	(void)state;
	/* U+20000 𠀀 is 95 32 82 36 in GB18030, outside GBK */
	char *out = NULL;
	size_t out_len = 0;
	fq_err err = {0};
	assert_int_equal(enc_to_utf8(BYTES("\x95\x32\x82\x36"), &out, &out_len,
				     NULL, &err),
			 FQ_OK);
	assert_string_equal(out, "𠀀");
	assert_int_equal(out_len, 4);
	free(out);
}

static void test_bom_stripped(void **state)
{
	(void)state;
	char *out = NULL;
	size_t out_len = 0;
	enc_kind kind = ENC_GBK;
	fq_err err = {0};
	assert_int_equal(enc_to_utf8(BYTES("\xEF\xBB\xBF姓名,电话\n"), &out,
				     &out_len, &kind, &err),
			 FQ_OK);
	assert_int_equal(kind, ENC_UTF8_BOM);
	assert_string_equal(out, "姓名,电话\n");
	assert_int_equal(out_len, strlen("姓名,电话\n"));
	free(out);

	/* a BOM alone is an empty UTF-8 file */
	assert_int_equal(enc_to_utf8(BYTES("\xEF\xBB\xBF"), &out, &out_len,
				     &kind, &err),
			 FQ_OK);
	assert_int_equal(out_len, 0);
	assert_string_equal(out, "");
	free(out);
}

static void test_bom_with_bad_utf8(void **state)
{
	(void)state;
	char *out = (char *)0x1;
	size_t out_len = 77;
	enc_kind kind = ENC_GBK;
	fq_err err = {0};
	assert_int_equal(enc_to_utf8(BYTES("\xEF\xBB\xBF"
					   "ab\xD5\xC5"),
				     &out, &out_len, &kind, &err),
			 FQ_EBADREQ);
	assert_ptr_equal(out, (char *)0x1);
	assert_int_equal(out_len, 77);
	assert_int_equal(kind, ENC_GBK);
	assert_string_equal(err.field, "file");
	assert_non_null(strstr(err.message, "offset 5"));
}

static void test_plain_utf8(void **state)
{
	(void)state;
	char *out = NULL;
	size_t out_len = 0;
	enc_kind kind = ENC_GBK;
	fq_err err = {0};
	assert_int_equal(enc_detect(BYTES(roster)), ENC_UTF8);
	assert_int_equal(enc_to_utf8(BYTES(roster), &out, &out_len, &kind,
				     &err),
			 FQ_OK);
	assert_int_equal(kind, ENC_UTF8);
	assert_string_equal(enc_kind_name(kind), "utf-8");
	assert_string_equal(out, roster);
	free(out);

	assert_int_equal(enc_to_utf8("", 0, &out, &out_len, &kind, &err),
			 FQ_OK);
	assert_int_equal(out_len, 0);
	assert_string_equal(out, "");
	assert_int_equal(kind, ENC_UTF8);
	free(out);
}

static void test_garbage_rejected(void **state)
{
	(void)state;
	char *out = NULL;
	size_t out_len = 0;
	enc_kind kind = ENC_UTF8;
	fq_err err = {0};

	/* 0xFF is never valid in GB18030 */
	assert_int_equal(enc_to_utf8(BYTES("name,\xD5\xC5\xFF\xFF"), &out,
				     &out_len, &kind, &err),
			 FQ_EBADREQ);
	assert_null(out);
	assert_int_equal(kind, ENC_UTF8);
	assert_non_null(strstr(err.message, "offset 7"));

	/* lead byte followed by an invalid trail byte */
	assert_int_equal(enc_to_utf8(BYTES("abc\x81\x20"), &out, &out_len,
				     &kind, &err),
			 FQ_EBADREQ);
	assert_non_null(strstr(err.message, "offset 3"));

	/* file cut in the middle of a GBK character */
	assert_int_equal(enc_to_utf8(BYTES("\xD5\xC5\xC8"), &out, &out_len,
				     &kind, &err),
			 FQ_EBADREQ);
	assert_non_null(strstr(err.message, "offset 2"));
	assert_null(out);
}

static void test_too_big(void **state)
{
	(void)state;
	char *out = NULL;
	size_t out_len = 0;
	fq_err err = {0};
	/* the size check comes before any byte is read */
	assert_int_equal(enc_to_utf8("x", ENC_INPUT_MAX + 1, &out, &out_len,
				     NULL, &err),
			 FQ_ETOOBIG);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gbk_round_trip),
		cmocka_unit_test(test_gb18030_four_byte),
		cmocka_unit_test(test_bom_stripped),
		cmocka_unit_test(test_bom_with_bad_utf8),
		cmocka_unit_test(test_plain_utf8),
		cmocka_unit_test(test_garbage_rejected),
		cmocka_unit_test(test_too_big),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
