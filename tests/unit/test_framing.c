/*
 * test_framing.c - the request framing checks of src/http/framing.c: one
 * Content-Length or one chunked Transfer-Encoding, never both, never a
 * list or a sign; one valid Host on HTTP/1.1; field names that are tokens.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "http/framing.h"

#define HTTP11 1
#define HTTP10 0

/* The verdict on header lines given as name, value, name, value, ... NULL. */
static fq_status verdict(int http11, fq_err *err, ...)
{
	http_framing f = {0};
	va_list ap;
	va_start(ap, err);
	for (const char *n; (n = va_arg(ap, const char *));) {
		const char *v = va_arg(ap, const char *);
		http_framing_add(&f, n, v, strlen(v));
	}
	va_end(ap);
	return http_framing_verdict(&f, http11, err);
}

static void test_plain_requests_pass(void **state)
{
	(void)state;
	fq_err err = {0};
	assert_int_equal(verdict(HTTP11, &err, "Host", "localhost:8080", NULL), FQ_OK);
	assert_int_equal(verdict(HTTP11, &err, "host", "127.0.0.1", "Content-Length", "12", NULL),
			 FQ_OK);
	assert_int_equal(verdict(HTTP11, &err, "Host", "[::1]:8080", "Transfer-Encoding",
				 "Chunked", NULL),
			 FQ_OK);
	assert_int_equal(verdict(HTTP10, &err, "Content-Length", "0", NULL), FQ_OK);
	assert_int_equal(verdict(HTTP11, &err, "Host", "", NULL), FQ_OK);
}

static void test_content_length_once_and_plain(void **state)
{
	(void)state;
	fq_err err = {0};
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "Content-Length", "0", "content-length",
				 "40", NULL),
			 FQ_EBADREQ);
	assert_string_equal(err.field, "Content-Length");
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "Content-Length", "5",
				 "Content-Length", "5", NULL),
			 FQ_EBADREQ);
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "Content-Length", "+5", NULL),
			 FQ_EBADREQ);
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "Content-Length", "5, 5", NULL),
			 FQ_EBADREQ);
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "Content-Length", "", NULL),
			 FQ_EBADREQ);
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "Content-Length",
				 "99999999999999999999", NULL),
			 FQ_EBADREQ);
}

static void test_transfer_encoding_only_chunked_alone(void **state)
{
	(void)state;
	fq_err err = {0};
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "Transfer-Encoding", "chunked",
				 "Content-Length", "4", NULL),
			 FQ_EBADREQ);
	assert_string_equal(err.field, "Transfer-Encoding");
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "Transfer-Encoding", "gzip", NULL),
			 FQ_EBADREQ);
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "Transfer-Encoding", "gzip, chunked",
				 NULL),
			 FQ_EBADREQ);
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "Transfer-Encoding", "chunked",
				 "Transfer-Encoding", "chunked", NULL),
			 FQ_EBADREQ);
	assert_int_equal(verdict(HTTP10, &err, "Transfer-Encoding", "chunked", NULL), FQ_EBADREQ);
}

static void test_host_once_on_http11(void **state)
{
	(void)state;
	fq_err err = {0};
	assert_int_equal(verdict(HTTP11, &err, "Accept", "*/*", NULL), FQ_EBADREQ);
	assert_string_equal(err.field, "Host");
	assert_int_equal(verdict(HTTP10, &err, "Accept", "*/*", NULL), FQ_OK);
	assert_int_equal(verdict(HTTP11, &err, "Host", "a", "Host", "b", NULL), FQ_EBADREQ);
	assert_int_equal(verdict(HTTP11, &err, "Host", "a b", NULL), FQ_EBADREQ);
	assert_int_equal(verdict(HTTP11, &err, "Host", "evil.example/x", NULL), FQ_EBADREQ);
	assert_int_equal(verdict(HTTP11, &err, "Host", "u@evil.example", NULL), FQ_EBADREQ);
}

static void test_names_are_tokens_values_have_no_nul(void **state)
{
	(void)state;
	fq_err err = {0};
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "Content-Length ", "5", NULL),
			 FQ_EBADREQ);
	assert_string_equal(err.field, "header");
	assert_int_equal(verdict(HTTP11, &err, "Host", "h", "", "x", NULL), FQ_EBADREQ);
	http_framing f = {0};
	http_framing_add(&f, "Host", "h", 1);
	http_framing_add(&f, "X-A", "a", 3); /* "a\0b" as received */
	assert_int_equal(http_framing_verdict(&f, HTTP11, &err), FQ_EBADREQ);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_requests_pass),
		cmocka_unit_test(test_content_length_once_and_plain),
		cmocka_unit_test(test_transfer_encoding_only_chunked_alone),
		cmocka_unit_test(test_host_once_on_http11),
		cmocka_unit_test(test_names_are_tokens_values_have_no_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
