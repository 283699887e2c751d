/*
 * test_xml.c - unit tests for src/api/xml.c: the five special characters
 * become entities, characters XML 1.0 cannot carry are dropped, bytes that
 * are not UTF-8 become U+FFFD, empty and nested elements are written as
 * expected, and bad names, bad nesting and a full buffer fail the whole
 * document.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "api/xml.h"

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static void assert_escaped(const char *in, const char *want)
{
	fq_buf b = {0};
	assert_int_equal(xml_escape(&b, in), FQ_OK);
	assert_string_equal(b.data ? b.data : "", want);
	fq_buf_free(&b);
}

static void test_escape(void **state)
{
	(void)state;
	assert_escaped("a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&apos;");
	assert_escaped("楼道灯 <坏了>", "楼道灯 &lt;坏了&gt;");
	assert_escaped("tab\tline\ncr\r", "tab\tline\ncr\r");
	/* C0 controls other than tab, LF, CR are dropped */
	assert_escaped("a\x01" "b\x1f" "c\x0b", "abc");
	/* U+FFFE and U+FFFF are not characters of XML */
	assert_escaped("x\xef\xbf\xbey\xef\xbf\xbfz", "xyz");
	/* a lone continuation byte, an overlong form, a surrogate */
	assert_escaped("a\x80" "b", "a\xef\xbf\xbd" "b");
	assert_escaped("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
	assert_escaped("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* a sequence cut short at the end */
	assert_escaped("ok\xe6\xa5", "ok\xef\xbf\xbd\xef\xbf\xbd");
	assert_escaped("", "");
	assert_escaped(NULL, "");
}

static void test_document(void **state)
{
	(void)state;
	fq_buf b = {0};
	xml_writer w;
	xml_begin(&w, &b);
	xml_open(&w, "service_requests");
	xml_open(&w, "request");
	xml_element(&w, "service_request_id", "57");
	xml_element(&w, "account_id", NULL);
	xml_element(&w, "description", "<b>&</b>");
	xml_close(&w);
	xml_open(&w, "request");
	assert_int_equal(xml_end(&w), FQ_OK);
	assert_string_equal(b.data, DECL "<service_requests><request><service_request_id>57"
					 "</service_request_id><account_id/><description>&lt;b&gt;"
					 "&amp;&lt;/b&gt;</description></request><request></request>"
					 "</service_requests>\n");
	fq_buf_free(&b);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(xml_name_valid("service_code"));
	assert_true(xml_name_valid("a-b.c_d9"));
	assert_false(xml_name_valid(""));
	assert_false(xml_name_valid(NULL));
	assert_false(xml_name_valid("9lives"));
	assert_false(xml_name_valid("-x"));
	assert_false(xml_name_valid("a b"));
	assert_false(xml_name_valid("a<b"));
	assert_false(xml_name_valid("XmlThing"));
	assert_false(xml_name_valid("名字"));
	char long_name[XML_NAME_MAX + 2];
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	assert_false(xml_name_valid(long_name));
}

static void test_failures_are_sticky(void **state)
{
	(void)state;
	fq_buf b = {0};
	xml_writer w;
	xml_begin(&w, &b);
	xml_open(&w, "ok");
	xml_element(&w, "bad name", "x");
	xml_element(&w, "fine", "y");
	assert_int_equal(xml_end(&w), FQ_EINVAL);
	assert_null(strstr(b.data, "fine"));
	fq_buf_free(&b);

	xml_begin(&w, &b);
	xml_close(&w);
	assert_int_equal(xml_end(&w), FQ_EINVAL);
	fq_buf_free(&b);

	xml_begin(&w, &b);
	for (int i = 0; i <= XML_DEPTH_MAX; i++)
		xml_open(&w, "deep");
	assert_int_equal(xml_end(&w), FQ_EINVAL);
	fq_buf_free(&b);

	fq_buf small = {.limit = 60};
	xml_begin(&w, &small);
	xml_element(&w, "text", "this does not fit in sixty bytes with the declaration");
	assert_int_equal(xml_end(&w), FQ_ETOOBIG);
	fq_buf_free(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_failures_are_sticky),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
